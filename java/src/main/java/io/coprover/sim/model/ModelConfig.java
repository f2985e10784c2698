package io.coprover.sim.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.coprover.protocol.Amounts;
import io.coprover.protocol.RecordSignatures;
import io.coprover.protocol.Role;
import io.coprover.protocol.VrfMode;
import io.coprover.scheduler.Strategy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of one modelled run ({@code coprover simulate --proofs modelled}).
 *
 * @param blocks              K blocks, one after the other
 * @param provers             P provers
 * @param sequencers          S sequencers
 * @param txs                 txs per block (tree of max(txs,2) rounded up to a power of two, minus one, nodes)
 * @param mode                VRF mode (PRIVATE: the modelled suite; PUBLIC: SHA-256 draws, see {@link ModelVrf})
 * @param signatures          record signatures: {@code modelled} ({@link ModelSignatures}) or {@code ed25519}
 * @param eligible            ELIGIBLE_PER_NODE
 * @param roles               prover roles, round-robin
 * @param strategies          prover strategies ({@link Strategy}), each optionally weighted {@code STRATEGY*N} (N provers)
 *                            or {@code STRATEGY*P%} (share of the provers); unweighted entries go round-robin over
 *                            the provers the weighted ones leave
 * @param sequencerStrategies sequencer strategies ({@code bid:LO-HI[/...]}), round-robin
 * @param devices             device profiles per prover, round-robin; {@code +} joins several
 * @param seed                seed of keys, RANDAO, bids, fees, agents' draws
 * @param gossipMs            gossip latency between two operators, ms
 * @param jitterMs            extra latency per link, 0..jitterMs, fixed per link by the seed (≤ gossipMs)
 * @param l1Ms                L1 block time, ms
 * @param window              proving window in L1 blocks
 * @param blockReward         BLOCK_REWARD per finalised block, units
 * @param txFee               fee of each (non-padding) tx, units
 */
public record ModelConfig(
        int blocks,
        int provers,
        int sequencers,
        int txs,
        VrfMode mode,
        String signatures,
        int eligible,
        List<Role> roles,
        List<String> strategies,
        List<String> sequencerStrategies,
        List<String> devices,
        long seed,
        long gossipMs,
        long jitterMs,
        long l1Ms,
        int window,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigInteger blockReward,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigInteger txFee) {

    public ModelConfig {
        if (blocks < 1 || blocks > 10_000_000)
            throw new IllegalArgumentException("--blocks must be 1..10000000, got " + blocks);
        if (provers < 1 || provers > 100_000)
            throw new IllegalArgumentException("--provers must be 1..100000, got " + provers);
        if (sequencers < 1 || sequencers > 1000)
            throw new IllegalArgumentException("--sequencers must be 1..1000, got " + sequencers);
        if (txs < 0 || txs > 1 << 16) throw new IllegalArgumentException("--txs must be 0..65536, got " + txs);
        if (mode == null) throw new IllegalArgumentException("--vrf-mode is required");
        if (!"modelled".equals(signatures) && !"ed25519".equals(signatures))
            throw new IllegalArgumentException("--signatures must be modelled or ed25519, got '" + signatures + "'");
        if (eligible < 1) throw new IllegalArgumentException("--eligible must be ≥ 1, got " + eligible);
        if (roles == null
                || roles.isEmpty()
                || strategies == null
                || strategies.isEmpty()
                || sequencerStrategies == null
                || sequencerStrategies.isEmpty()
                || devices == null
                || devices.isEmpty()) {
            throw new IllegalArgumentException(
                    "roles, strategies, sequencer strategies and devices need at least one entry each");
        }
        if (gossipMs < 0 || jitterMs < 0 || jitterMs > gossipMs) {
            throw new IllegalArgumentException(
                    "--gossip-ms must be ≥ 0 and its jitter in 0..latency (a parent proof then never arrives before its children), got "
                            + gossipMs + "+" + jitterMs);
        }
        if (l1Ms < 1) throw new IllegalArgumentException("--l1-ms must be ≥ 1");
        if (window < 2) throw new IllegalArgumentException("--window must be ≥ 2 L1 blocks, got " + window);
        Amounts.check(blockReward, "--block-reward");
        Amounts.check(txFee, "--tx-fee");
        roles = List.copyOf(roles);
        strategies = List.copyOf(strategies);
        sequencerStrategies = List.copyOf(sequencerStrategies);
        devices = List.copyOf(devices);
        for (String s : sequencerStrategies) {
            if (!Strategy.parse(s).sequencer())
                throw new IllegalArgumentException("sequencer strategy '" + s + "' must start with bid:LO-HI");
        }
        List<String> per = proverStrategies(strategies, provers);
        for (String s : per) {
            Strategy st = Strategy.parse(s).checkMode(mode);
            if (st.sequencer())
                throw new IllegalArgumentException("prover strategy '" + s + "' is a sequencer's (bid:)");
        }
    }

    /** The defaults of a modelled run: protocol defaults (E = 8, window 32), 100 provers, 64 txs, 100 blocks. */
    public static ModelConfig defaults() {
        return new ModelConfig(
                100,
                100,
                4,
                64,
                VrfMode.PRIVATE,
                "modelled",
                8,
                List.of(Role.BOTH),
                List.of("fixed:0%/all"),
                List.of("bid:60%-100%"),
                List.of("java"),
                1,
                200,
                100,
                12_000,
                32,
                Amounts.ONE_AZT,
                Amounts.ONE_AZT.divide(BigInteger.valueOf(1000)));
    }

    /** The record signature scheme the run's network uses. */
    public RecordSignatures recordSignatures() {
        return signatures.equals("ed25519") ? RecordSignatures.ED25519 : ModelSignatures.SCHEME;
    }

    public Role role(int i) {
        return roles.get(i % roles.size());
    }

    public String device(int i) {
        return devices.get(i % devices.size());
    }

    public String sequencerStrategy(int i) {
        return sequencerStrategies.get(i % sequencerStrategies.size());
    }

    /** Every prover's strategy text, in prover order (weighted entries first, in the order given). */
    public List<String> proverStrategies() {
        return proverStrategies(strategies, provers);
    }

    static List<String> proverStrategies(List<String> entries, int provers) {
        List<String> out = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String e : entries) {
            int star = e.lastIndexOf('*');
            if (star < 0) {
                rest.add(e.strip());
                continue;
            }
            String w = e.substring(star + 1).strip(), s = e.substring(0, star).strip();
            long n;
            if (w.endsWith("%")) {
                long ppm = io.coprover.protocol.Ppm.parse(w, "weight of '" + s + "'");
                n = Math.round(provers * (ppm / 1e6));
            } else {
                try {
                    n = Long.parseLong(w);
                } catch (NumberFormatException x) {
                    throw new IllegalArgumentException(
                            "weight of '" + s + "': expected a count or a share (e.g. *10 or *10%), got '" + w + "'");
                }
            }
            if (n < 0) throw new IllegalArgumentException("weight of '" + s + "' must not be negative");
            for (long i = 0; i < n && out.size() < provers; i++) out.add(s);
        }
        if (out.size() < provers && rest.isEmpty()) {
            if (out.isEmpty()) throw new IllegalArgumentException("--strategies assigns no prover");
            while (out.size() < provers)
                out.add(out.get(out.size() - 1)); // rounding: the last weighted entry takes the rest
        }
        for (int i = 0; out.size() < provers; i++) out.add(rest.get(i % rest.size()));
        return out;
    }
}
