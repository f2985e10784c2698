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
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coprover simulate}: the whole network on one machine with real proofs (docs/SIMULATE.md). */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        subcommands = SweepCommand.class,
        description = {
            "Runs an in-process devnet: sequencers, provers (roles, strategies, devices), a gossip bus and the rollup contract, for K blocks of random valid transfers with real PLONK proofs on the available backend.",
            "Prints per block the election, the eligible provers per node, the proofs, the competing roots, the winner, rewards and burns; then a summary. The same --seed gives the same results (only timings differ).",
            "With --proofs modelled: the same contract, planner, strategies and tree assembly at protocol-research scale, each proof charged its device profile's time (docs/SIMULATE.md says what is modelled); 'simulate sweep' runs many."
        })
public final class SimulateCommand implements Callable<Integer> {
    static final SimConfig D = SimConfig.defaults();

    @Option(
            names = "--proofs",
            paramLabel = "MODE",
            description =
                    "real (PLONK proofs) or modelled (each proof takes its device profile's time) (default: real).")
    String proofs = "real";

    @Option(
            names = "--blocks",
            paramLabel = "K",
            description = "Blocks to produce and prove (default: 4; modelled: 100).")
    Integer blocks;

    @Option(names = "--provers", paramLabel = "P", description = "Provers (default: 4; modelled: 100).")
    Integer provers;

    @Option(
            names = "--sequencers",
            paramLabel = "S",
            description = "Sequencers bidding for each slot (default: 2; modelled: 4).")
    Integer sequencers;

    @Option(
            names = "--txs",
            paramLabel = "N",
            description = "Random valid transfers per block (default: 4; modelled: 64).")
    Integer txs;

    @Option(
            names = "--depth",
            paramLabel = "D",
            description = "State tree depth 1..32 (default: 4; the base circuit has 5064·D + 11254 rows).")
    int depth = D.depth();

    @Option(
            names = "--vrf-mode",
            paramLabel = "MODE",
            description = "PRIVATE (ranks unknown in advance) or PUBLIC (default: PRIVATE).")
    VrfMode mode = D.mode();

    @Option(
            names = "--signatures",
            paramLabel = "SCHEME",
            description =
                    "Modelled: record signatures, modelled (a keyed 64-bit mix, not a signature; docs/SIMULATE.md) or ed25519 (default: modelled).")
    String signatures;

    @Option(
            names = "--eligible",
            paramLabel = "E",
            description = "ELIGIBLE_PER_NODE: expected eligible provers per node (default: 2; modelled: 8).")
    Integer eligible;

    @Option(
            names = "--roles",
            split = ",",
            paramLabel = "ROLE",
            description =
                    "Prover roles, round-robin: BOTH, BASE, MERGE (default: BOTH,BOTH,BASE,MERGE; modelled: BOTH).")
    List<Role> roles;

    @Option(
            names = "--strategies",
            split = ",",
            paramLabel = "S",
            description = {
                "Prover strategies BURN/SELECTION, round-robin (default: fixed:0%%/all,fixed:10%%/topk,random:0%%-20%%/all,fixed:5%%/capacity:2; modelled: fixed:0%%/all).",
                "BURN: fixed:P | random:LO-HI | minimal (PUBLIC mode). SELECTION: all | topk | capacity | capacity:N. Modelled runs add agents (/offline:P%%xB, /sells:R, /aggregator, /colludes, /grinder:K, /l1:P%%) and weights (S*N or S*P%%)."
            })
    List<String> strategies;

    @Option(
            names = "--sequencer-strategies",
            split = ",",
            paramLabel = "S",
            description =
                    "Modelled: sequencer strategies bid:LO-HI[/withhold:P%%][/colludes][/mev:AZT], round-robin (default: bid:LO-HI of --fee-split).")
    List<String> sequencerStrategies;

    @Option(
            names = "--devices",
            split = ",",
            paramLabel = "PROFILE",
            description = "Modelled: device profiles per prover, round-robin, '+' joins several (default: java).")
    List<String> devices;

    @Option(
            names = "--profiles",
            paramLabel = "FILE",
            description = "Modelled: a JSON file of device profiles added to the shipped ones (docs/SIMULATE.md).")
    Path profiles;

    @Option(
            names = "--gossip-ms",
            paramLabel = "MS[+J]",
            description = "Modelled: gossip latency and its jitter per link in ms (default: 200+100).")
    String gossipMs;

    @Option(names = "--l1-ms", paramLabel = "MS", description = "Modelled: L1 block time in ms (default: 12000).")
    Long l1Ms;

    @Option(names = "--tx-fee", paramLabel = "AMOUNT", description = "Modelled: fee of each tx (default: 0.001 AZT).")
    String txFee;

    @Option(
            names = "--jsonl",
            paramLabel = "FILE",
            description = "Modelled: one JSON line per block, written as each block finalises.")
    Path jsonl;

    @Option(
            names = "--backends",
            split = ",",
            paramLabel = "B",
            description =
                    "Prover devices, round-robin; '+' gives one prover several: java, native-host, cuda, cuda:N, auto, flaky (fails every job) (default: java).")
    List<String> backends = D.backends();

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Seed of keys, RANDAO, bids, txs and random FEE_BURNs (default: 1).")
    long seed = D.seed();

    @Option(names = "--latency", paramLabel = "R", description = "Gossip delay in rounds, ≥ 1 (default: 1).")
    int latency = D.latency();

    @Option(
            names = "--jitter",
            paramLabel = "R",
            description = "Extra gossip delay per link, 0..R rounds, fixed per link by the seed (default: 0).")
    int jitter = D.jitter();

    @Option(
            names = "--withhold",
            split = ",",
            paramLabel = "PROVER",
            description = "Provers the withholding sequencer never sends block data to (e.g. prover-1,prover-2).")
    List<String> withhold = List.of();

    @Option(
            names = "--withholder",
            paramLabel = "SEQ",
            description = "The sequencer that withholds: seq-N or all (default: seq-1).")
    String withholder = D.withholder();

    @Option(
            names = "--window",
            paramLabel = "R",
            description = "Proving window in rounds (L1 blocks) (default: 12; modelled: 32).")
    Integer window;

    @Option(
            names = "--fee-split",
            paramLabel = "LO-HI",
            description = "Range of the sequencers' FEE_SPLIT bids (default: 60%%-100%%).")
    String feeSplit = "60%-100%";

    @Option(
            names = "--block-reward",
            paramLabel = "AMOUNT",
            description = "BLOCK_REWARD per finalised block (default: 1 AZT).")
    String blockReward = "1";

    @Option(names = "--json", paramLabel = "FILE", description = "Also write everything as JSON.")
    Path json;

    @Option(
            names = "--report",
            paramLabel = "FILE.html",
            description = "Also write a self-contained HTML page with charts.")
    Path report;

    @Option(names = "--progress", description = "Show the progress bar even when stderr is not a terminal.")
    boolean progress;

    @Option(names = "--verbose", description = "Print the nodes' structured log lines to stderr.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (proofs.equals("modelled")) return ModelledRun.run(this);
        if (!proofs.equals("real"))
            throw new IllegalArgumentException("--proofs must be real or modelled, got '" + proofs + "'");
        for (Object o :
                new Object[] {sequencerStrategies, devices, profiles, gossipMs, l1Ms, txFee, jsonl, signatures}) {
            if (o != null)
                throw new IllegalArgumentException(
                        "--sequencer-strategies, --devices, --profiles, --gossip-ms, --l1-ms, --tx-fee, --jsonl and --signatures need --proofs modelled (real proofs are always signed with Ed25519)");
        }
        int blocks = or(this.blocks, D.blocks()),
                provers = or(this.provers, D.provers()),
                sequencers = or(this.sequencers, D.sequencers());
        int txs = or(this.txs, D.txs()),
                eligible = or(this.eligible, D.eligible()),
                window = or(this.window, D.window());
        List<Role> roles = this.roles == null ? D.roles() : this.roles;
        List<String> strategies = this.strategies == null ? D.strategies() : this.strategies;
        int dash = feeSplit.indexOf('-');
        if (dash < 0) throw new IllegalArgumentException("--fee-split must be LO-HI, e.g. 60%-100%");
        long lo = Ppm.parse(feeSplit.substring(0, dash), "--fee-split low"),
                hi = Ppm.parse(feeSplit.substring(dash + 1), "--fee-split high");
        Set<String> w = new LinkedHashSet<>(withhold);
        SimConfig cfg = new SimConfig(
                blocks,
                provers,
                sequencers,
                txs,
                depth,
                mode,
                eligible,
                roles,
                strategies,
                backends,
                seed,
                latency,
                jitter,
                w,
                withholder,
                window,
                lo,
                hi,
                Amounts.parse(blockReward, "--block-reward"));
        PrintStream out =
                new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        TextReport text = new TextReport(out);
        boolean bar = progress || System.console() != null;
        ProgressBar pb = bar ? new ProgressBar(System.err, blocks) : null;
        List<JobListener> listeners = pb == null ? List.of() : List.of(pb);
        Devnet net = new Devnet(
                cfg,
                verbose
                        ? line -> {
                            if (pb != null) pb.clear();
                            System.err.println(line);
                        }
                        : null,
                listeners);
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

    static int or(Integer v, int d) {
        return v == null ? d : v;
    }
}
