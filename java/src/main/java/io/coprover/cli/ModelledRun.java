package io.coprover.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.coprover.sim.model.DeviceProfiles;
import io.coprover.sim.model.ModelConfig;
import io.coprover.sim.model.ModelNet;
import io.coprover.sim.model.ModelParams;
import io.coprover.sim.model.ModelStats;
import io.coprover.sim.model.Sweep;
import io.coprover.sim.model.SweepReport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** {@code coprover simulate --proofs modelled}: one modelled run from the command's options (docs/SIMULATE.md). */
final class ModelledRun {
    private ModelledRun() {}

    /** The modelled settings the command's options give (unset options keep the modelled defaults). */
    static ModelConfig config(SimulateCommand c) {
        ModelParams p = new ModelParams(ModelConfig.defaults());
        if (c.blocks != null) p.set("blocks", c.blocks.toString());
        if (c.provers != null) p.set("provers", c.provers.toString());
        if (c.sequencers != null) p.set("sequencers", c.sequencers.toString());
        if (c.txs != null) p.set("txs", c.txs.toString());
        p.set("vrf-mode", c.mode.name());
        if (c.signatures != null) p.set("signatures", c.signatures);
        if (c.eligible != null) p.set("eligible", c.eligible.toString());
        if (c.roles != null)
            p.set("roles", String.join(";", c.roles.stream().map(Enum::name).toList()));
        if (c.strategies != null) p.set("strategies", String.join(";", c.strategies));
        p.set(
                "sequencer-strategies",
                c.sequencerStrategies != null ? String.join(";", c.sequencerStrategies) : "bid:" + c.feeSplit);
        if (c.devices != null) p.set("devices", String.join(";", c.devices));
        p.set("seed", Long.toString(c.seed));
        if (c.gossipMs != null) {
            String[] g = c.gossipMs.split("\\+", 2);
            p.set("gossip-ms", g[0]);
            p.set("jitter-ms", g.length > 1 ? g[1] : "0");
        }
        if (c.l1Ms != null) p.set("l1-ms", c.l1Ms.toString());
        if (c.window != null) p.set("window", c.window.toString());
        p.set("block-reward", c.blockReward);
        if (c.txFee != null) p.set("tx-fee", c.txFee);
        return p.build();
    }

    static DeviceProfiles profiles(Path file) throws IOException {
        return file == null ? DeviceProfiles.defaults() : DeviceProfiles.load(file);
    }

    static int run(SimulateCommand c) throws IOException {
        if (c.depth != SimulateCommand.D.depth()
                || !c.backends.equals(SimulateCommand.D.backends())
                || !c.withhold.isEmpty()
                || c.latency != 1
                || c.jitter != 0) {
            throw new IllegalArgumentException(
                    "--depth, --backends, --withhold, --latency and --jitter are for real proofs; modelled runs take --devices, "
                            + "--sequencer-strategies (withhold:P%) and --gossip-ms");
        }
        ModelConfig cfg = config(c);
        PrintStream out =
                new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        out.printf(
                "coprover modelled network: %d provers, %d sequencers, %d txs per block, VRF %s (%s), %s record signatures, E = %d, window %d L1 blocks of %d ms, gossip %d+%d ms, seed %d%n",
                cfg.provers(),
                cfg.sequencers(),
                cfg.txs(),
                cfg.mode(),
                cfg.mode().name().equals("PRIVATE") ? "modelled suite" : "SHA-256 draws",
                cfg.recordSignatures().name(),
                cfg.eligible(),
                cfg.window(),
                cfg.l1Ms(),
                cfg.gossipMs(),
                cfg.jitterMs(),
                cfg.seed());
        ModelNet net = new ModelNet(cfg, profiles(c.profiles));
        ObjectMapper json = new ObjectMapper();
        boolean progress = c.progress || System.console() != null;
        ModelNet.Result r;
        try (BufferedWriter lines = c.jsonl == null ? null : Files.newBufferedWriter(c.jsonl, StandardCharsets.UTF_8)) {
            long every = Math.max(1, cfg.blocks() / 20);
            r = net.run(line -> {
                try {
                    if (lines != null) {
                        lines.write(json.writeValueAsString(line));
                        lines.write('\n');
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (progress && (line.block() % every == 0 || line.block() == cfg.blocks()))
                    System.err.printf("  block %d/%d%n", line.block(), cfg.blocks());
            });
        }
        print(out, r);
        if (c.jsonl != null) out.println("wrote " + c.jsonl);
        if (c.json != null) {
            Files.writeString(
                    c.json, json.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
            out.println("wrote " + c.json);
        }
        if (c.report != null) {
            Files.writeString(c.report, SweepReport.render(Sweep.single(r), cfg));
            out.println("wrote " + c.report);
        }
        return r.conserved() ? 0 : 1;
    }

    static String azt(String units) {
        return new BigDecimal(new BigInteger(units))
                .movePointLeft(18)
                .setScale(6, java.math.RoundingMode.HALF_EVEN)
                .stripTrailingZeros()
                .toPlainString();
    }

    static void print(PrintStream out, ModelNet.Result r) {
        ModelStats.Summary s = r.summary();
        out.printf(
                "== summary: %d blocks, %d finalised, %d dropped (%.2f%%); burned %.2f%% of the value; Gini %.3f, Nakamoto %d of %d operators; wasted proving time %.1f%%%n",
                s.blocks(),
                s.finalised(),
                s.dropped(),
                100 * s.dropRate(),
                100 * s.burnShare(),
                s.gini(),
                s.nakamoto(),
                s.operators(),
                100 * s.wastedShare());
        out.printf(
                "  first valid root after: mean %.1f s, median %.1f s, 95th percentile %.1f s; forged roots refused %d; ground keys staked %d; proofs refused by the network %d%n",
                s.latencyMeanMs() / 1000,
                s.latencyMedianMs() / 1000,
                s.latencyP95Ms() / 1000,
                s.forgedRejected(),
                s.groundKeys(),
                s.unusable());
        out.println(
                "  agent type                              provers  reward share  reward AZT      made  included  wasted h  rebate AZT  wins  sequencer profit AZT");
        for (Map.Entry<String, ModelStats.AgentSummary> e : s.agents().entrySet()) {
            ModelStats.AgentSummary a = e.getValue();
            out.printf(
                    "  %-38s  %7d  %11.2f%%  %-14s %6d  %8d  %8.1f  %-10s  %4d  %s%n",
                    e.getKey(),
                    a.provers(),
                    100 * a.rewardShare(),
                    azt(a.reward()),
                    a.made(),
                    a.included(),
                    a.wastedMs() / 3.6e6,
                    azt(a.rebate()),
                    a.wins(),
                    azt(a.sequencerProfit()));
        }
        out.printf(
                "  wall %.1f s, CPU %.1f s (%.1f ms CPU per block); live heap at most %.0f MiB (after a full GC, every 1000 blocks and at the end); bids refused %d; value conserved: %s%n",
                r.wallMs() / 1000,
                r.cpuMs() / 1000,
                r.cpuMs() / Math.max(1, s.blocks()),
                r.liveHeapBytes() / 1048576.0,
                r.refusedBids(),
                r.conserved() ? "yes" : "NO");
        out.flush();
    }
}
