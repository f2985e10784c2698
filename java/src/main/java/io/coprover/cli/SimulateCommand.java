package io.coprover.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.coprover.protocol.Amounts;
import io.coprover.protocol.Ppm;
import io.coprover.protocol.Role;
import io.coprover.protocol.VrfMode;
import io.coprover.scheduler.JobListener;
import io.coprover.sim.Devnet;
import io.coprover.sim.HtmlReport;
import io.coprover.sim.ProgressBar;
import io.coprover.sim.SimConfig;
import io.coprover.sim.SimResult;
import io.coprover.sim.TextReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code coprover simulate}: the whole network on one machine with real proofs (docs/SIMULATE.md). */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Runs an in-process devnet: sequencers, provers (roles, strategies, devices), a gossip bus and the rollup contract, for K blocks of random valid transfers with real PLONK proofs on the available backend.",
                "Prints per block the election, the eligible provers per node, the proofs, the competing roots, the winner, rewards and burns; then a summary. The same --seed gives the same results (only timings differ)."})
public final class SimulateCommand implements Callable<Integer> {
    private static final SimConfig D = SimConfig.defaults();

    @Option(names = "--blocks", paramLabel = "K", description = "Blocks to produce and prove (default: 4).")
    int blocks = D.blocks();

    @Option(names = "--provers", paramLabel = "P", description = "Provers (default: 4).")
    int provers = D.provers();

    @Option(names = "--sequencers", paramLabel = "S", description = "Sequencers bidding for each slot (default: 2).")
    int sequencers = D.sequencers();

    @Option(names = "--txs", paramLabel = "N", description = "Random valid transfers per block (default: 4).")
    int txs = D.txs();

    @Option(names = "--depth", paramLabel = "D", description = "State tree depth 1..32 (default: 4; the base circuit has 5064·D + 11254 rows).")
    int depth = D.depth();

    @Option(names = "--vrf-mode", paramLabel = "MODE", description = "PRIVATE (ranks unknown in advance) or PUBLIC (default: PRIVATE).")
    VrfMode mode = D.mode();

    @Option(names = "--eligible", paramLabel = "E", description = "ELIGIBLE_PER_NODE: expected eligible provers per node (default: 2).")
    int eligible = D.eligible();

    @Option(names = "--roles", split = ",", paramLabel = "ROLE", description = "Prover roles, round-robin: BOTH, BASE, MERGE (default: BOTH,BOTH,BASE,MERGE).")
    List<Role> roles = D.roles();

    @Option(names = "--strategies", split = ",", paramLabel = "S",
            description = {"Prover strategies BURN/SELECTION, round-robin (default: fixed:0%%/all,fixed:10%%/topk,random:0%%-20%%/all,fixed:5%%/capacity:2).",
                    "BURN: fixed:P | random:LO-HI | minimal (PUBLIC mode). SELECTION: all | topk | capacity:N."})
    List<String> strategies = D.strategies();

    @Option(names = "--backends", split = ",", paramLabel = "B",
            description = "Prover devices, round-robin; '+' gives one prover several: java, native-host, cuda, cuda:N, auto, flaky (fails every job) (default: java).")
    List<String> backends = D.backends();

    @Option(names = "--seed", paramLabel = "N", description = "Seed of keys, RANDAO, bids, txs and random FEE_BURNs (default: 1).")
    long seed = D.seed();

    @Option(names = "--latency", paramLabel = "R", description = "Gossip delay in rounds, ≥ 1 (default: 1).")
    int latency = D.latency();

    @Option(names = "--jitter", paramLabel = "R", description = "Extra gossip delay per link, 0..R rounds, fixed per link by the seed (default: 0).")
    int jitter = D.jitter();

    @Option(names = "--withhold", split = ",", paramLabel = "PROVER", description = "Provers the withholding sequencer never sends block data to (e.g. prover-1,prover-2).")
    List<String> withhold = List.of();

    @Option(names = "--withholder", paramLabel = "SEQ", description = "The sequencer that withholds: seq-N or all (default: seq-1).")
    String withholder = D.withholder();

    @Option(names = "--window", paramLabel = "R", description = "Proving window in rounds (L1 blocks) (default: 12).")
    int window = D.window();

    @Option(names = "--fee-split", paramLabel = "LO-HI", description = "Range of the sequencers' FEE_SPLIT bids (default: 60%%-100%%).")
    String feeSplit = "60%-100%";

    @Option(names = "--block-reward", paramLabel = "AMOUNT", description = "BLOCK_REWARD per finalised block (default: 1 AZT).")
    String blockReward = "1";

    @Option(names = "--json", paramLabel = "FILE", description = "Also write everything as JSON.")
    Path json;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write a self-contained HTML page with charts.")
    Path report;

    @Option(names = "--progress", description = "Show the progress bar even when stderr is not a terminal.")
    boolean progress;

    @Option(names = "--verbose", description = "Print the nodes' structured log lines to stderr.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        int dash = feeSplit.indexOf('-');
        if (dash < 0) throw new IllegalArgumentException("--fee-split must be LO-HI, e.g. 60%-100%");
        long lo = Ppm.parse(feeSplit.substring(0, dash), "--fee-split low"), hi = Ppm.parse(feeSplit.substring(dash + 1), "--fee-split high");
        Set<String> w = new LinkedHashSet<>(withhold);
        SimConfig cfg = new SimConfig(blocks, provers, sequencers, txs, depth, mode, eligible, roles, strategies, backends, seed, latency,
                jitter, w, withholder, window, lo, hi, Amounts.parse(blockReward, "--block-reward"));
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        TextReport text = new TextReport(out);
        boolean bar = progress || System.console() != null;
        ProgressBar pb = bar ? new ProgressBar(System.err, blocks) : null;
        List<JobListener> listeners = pb == null ? List.of() : List.of(pb);
        Devnet net = new Devnet(cfg, verbose ? line -> {
            if (pb != null) pb.clear();
            System.err.println(line);
        } : null, listeners);
        SimResult r = net.run(new Devnet.Observer() {
            @Override
            public void onSetup(SimResult.Setup s, List<SimResult.ProverInfo> p, List<SimResult.SequencerInfo> q) {
                text.onSetup(s, p, q);
            }

            @Override
            public void onBlockStart(long block, int index) {
                if (pb != null) pb.onBlockStart(block, index);
            }

            @Override
            public void onBlock(SimResult.BlockReport b) {
                if (pb != null) pb.clear();
                text.onBlock(b);
            }
        });
        if (pb != null) pb.clear();
        text.summary(r);
        if (json != null) {
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Files.writeString(json, m.writeValueAsString(r));
            out.println("wrote " + json);
        }
        if (report != null) {
            Files.writeString(report, HtmlReport.render(r));
            out.println("wrote " + report);
        }
        boolean ok = r.blocks().stream().allMatch(b -> b.conserved() && b.contractConserved());
        return ok ? 0 : 1;
    }

}
