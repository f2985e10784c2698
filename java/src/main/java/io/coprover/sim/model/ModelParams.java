package io.coprover.sim.model;

import io.coprover.protocol.Amounts;
import io.coprover.protocol.Role;
import io.coprover.protocol.VrfMode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A modelled run's settings by name, as the command line and {@code simulate sweep --param NAME=V}
 * write them: {@code blocks, provers, sequencers, txs, vrf-mode, signatures, eligible, roles, strategies,
 * sequencer-strategies, devices, seed, gossip-ms, jitter-ms, l1-ms, window, block-reward, tx-fee}.
 * A list value separates its entries with {@code ;} (in a sweep, {@code ,} separates the values).
 */
public final class ModelParams {
    public static final List<String> NAMES = List.of(
            "blocks",
            "provers",
            "sequencers",
            "txs",
            "vrf-mode",
            "signatures",
            "eligible",
            "roles",
            "strategies",
            "sequencer-strategies",
            "devices",
            "seed",
            "gossip-ms",
            "jitter-ms",
            "l1-ms",
            "window",
            "block-reward",
            "tx-fee");

    private int blocks, provers, sequencers, txs, eligible, window;
    private VrfMode mode;
    private String signatures;
    private List<Role> roles;
    private List<String> strategies, sequencerStrategies, devices;
    private long seed, gossipMs, jitterMs, l1Ms;
    private BigInteger blockReward, txFee;

    public ModelParams(ModelConfig c) {
        blocks = c.blocks();
        provers = c.provers();
        sequencers = c.sequencers();
        txs = c.txs();
        mode = c.mode();
        signatures = c.signatures();
        eligible = c.eligible();
        roles = c.roles();
        strategies = c.strategies();
        sequencerStrategies = c.sequencerStrategies();
        devices = c.devices();
        seed = c.seed();
        gossipMs = c.gossipMs();
        jitterMs = c.jitterMs();
        l1Ms = c.l1Ms();
        window = c.window();
        blockReward = c.blockReward();
        txFee = c.txFee();
    }

    /** Sets one setting from its text; throws naming the setting when the text is bad. */
    public ModelParams set(String name, String value) {
        String v = value.strip();
        try {
            switch (name) {
                case "blocks" -> blocks = Integer.parseInt(v);
                case "provers" -> provers = Integer.parseInt(v);
                case "sequencers" -> sequencers = Integer.parseInt(v);
                case "txs" -> txs = Integer.parseInt(v);
                case "vrf-mode" -> mode = VrfMode.valueOf(v.toUpperCase(Locale.ROOT));
                case "signatures" -> signatures = v.toLowerCase(Locale.ROOT);
                case "eligible" -> eligible = Integer.parseInt(v);
                case "roles" -> {
                    List<Role> r = new ArrayList<>();
                    for (String s : list(v)) r.add(Role.valueOf(s.toUpperCase(Locale.ROOT)));
                    roles = r;
                }
                case "strategies" -> strategies = list(v);
                case "sequencer-strategies" -> sequencerStrategies = list(v);
                case "devices" -> devices = list(v);
                case "seed" -> seed = Long.parseLong(v);
                case "gossip-ms" -> gossipMs = Long.parseLong(v);
                case "jitter-ms" -> jitterMs = Long.parseLong(v);
                case "l1-ms" -> l1Ms = Long.parseLong(v);
                case "window" -> window = Integer.parseInt(v);
                case "block-reward" -> blockReward = Amounts.parse(v, "block-reward");
                case "tx-fee" -> txFee = Amounts.parse(v, "tx-fee");
                default ->
                    throw new IllegalArgumentException(
                            "unknown setting '" + name + "' (known: " + String.join(", ", NAMES) + ")");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not a whole number: '" + value + "'");
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("No enum constant"))
                throw new IllegalArgumentException(name + ": unknown value '" + value + "'");
            throw e;
        }
        return this;
    }

    private static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(";")) if (!s.isBlank()) out.add(s.strip());
        if (out.isEmpty()) throw new IllegalArgumentException("empty list: '" + v + "'");
        return out;
    }

    public ModelConfig build() {
        return new ModelConfig(
                blocks,
                provers,
                sequencers,
                txs,
                mode,
                signatures,
                eligible,
                roles,
                strategies,
                sequencerStrategies,
                devices,
                seed,
                gossipMs,
                jitterMs,
                l1Ms,
                window,
                blockReward,
                txFee);
    }
}
