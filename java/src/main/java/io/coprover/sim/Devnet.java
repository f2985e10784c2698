package io.coprover.sim;

import io.coprover.backend.Backends;
import io.coprover.backend.JavaBackend;
import io.coprover.backend.ProvingBackend;
import io.coprover.node.BlockMessage;
import io.coprover.node.ContractClient;
import io.coprover.node.GossipTransport;
import io.coprover.node.InProcessContractClient;
import io.coprover.node.ProverNode;
import io.coprover.plonk.Srs;
import io.coprover.protocol.BlockCommitment;
import io.coprover.protocol.BlockHeader;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.Registration;
import io.coprover.protocol.RollupContract;
import io.coprover.protocol.VrfMode;
import io.coprover.protocol.vrf.VrfKeyPair;
import io.coprover.rollup.BlockInputs;
import io.coprover.rollup.Fr;
import io.coprover.rollup.RandomBlock;
import io.coprover.rollup.RollupKeys;
import io.coprover.rollup.StateTree;
import io.coprover.rollup.TreeVerifier;
import io.coprover.scheduler.JobKind;
import io.coprover.scheduler.JobListener;
import io.coprover.scheduler.SchedulerConfig;
import io.coprover.scheduler.Strategy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The whole network on one machine: S sequencers, P {@link ProverNode}s with their own schedulers,
 * strategies and devices, a {@link SimBus} for gossip and the {@link RollupContract} as L1,
 * proving K blocks of random valid transfers with real PLONK proofs.
 *
 * <p>Per block: the sequencers bid (VRF, FEE_SPLIT), the winner builds a block on the L2 state and
 * the contract accepts it; every prover plans; the sequencer gossips the block's data (withheld
 * from chosen provers). Then rounds, one L1 block each: deliver the gossip due (latency per link),
 * let every prover run its ready jobs until idle, let every prover submit its best tree if it beats
 * the leader. When nothing is in flight (or the window closes) L1 moves past the deadline and the
 * block is finalised: the best tree is paid, or the sequencer slashed. Gossip of one round reaches a
 * prover as one batch ({@link ProverNode#deferObservations}) and submissions go in prover order, so
 * the same seed gives the same results; only timings differ.
 */
public final class Devnet {
    /** Real proofs have no device profile: {@code capacity} counts one round (L1 block) per job. */
    private static final Map<JobKind, Long> ONE_ROUND_PER_JOB =
            Map.of(JobKind.BASE, 1L, JobKind.MERGE, 1L, JobKind.ROOT, 1L);

    private final SimConfig cfg;
    private final Consumer<String> log;
    private final List<JobListener> jobListeners;
    private final RollupKeys givenKeys;

    /** Receives each block's report as soon as the block is finalised. */
    public interface Observer {
        default void onSetup(
                SimResult.Setup setup, List<SimResult.ProverInfo> provers, List<SimResult.SequencerInfo> sequencers) {}

        default void onBlockStart(long block, int index) {}

        default void onBlock(SimResult.BlockReport report) {}

        /** The winning tree of a finalised block as the contract validated it, with the header it was checked against. */
        default void onTree(BlockHeader header, ContractClient.Finalised finalised) {}
    }

    /**
     * @param log          node and bus log lines (null: dropped)
     * @param jobListeners attached to every prover's scheduler (progress bar)
     */
    public Devnet(SimConfig cfg, Consumer<String> log, List<JobListener> jobListeners) {
        this(cfg, log, jobListeners, null);
    }

    /**
     * With proving keys made beforehand for {@code cfg.depth()} (tests share one setup between runs);
     * null: made from a development SRS drawn from the seed.
     */
    public Devnet(SimConfig cfg, Consumer<String> log, List<JobListener> jobListeners, RollupKeys keys) {
        if (keys != null && keys.depth != cfg.depth())
            throw new IllegalArgumentException("keys are for depth " + keys.depth + ", the run has " + cfg.depth());
        this.givenKeys = keys;
        this.cfg = cfg;
        this.log = log == null ? l -> {} : log;
        this.jobListeners = jobListeners == null ? List.of() : List.copyOf(jobListeners);
    }

    /** A key derived from the seed and a name: SHA-256(tag ‖ seed ‖ name ‖ counter) until the suite accepts it. */
    static VrfKeyPair key(ProtocolParams params, long seed, String name) {
        for (int ctr = 0; ; ctr++) {
            byte[] sk = Bytes.sha256(
                    "coprover/sim/key/v1".getBytes(StandardCharsets.US_ASCII),
                    ByteBuffer.allocate(8).putLong(seed).array(),
                    name.getBytes(StandardCharsets.UTF_8),
                    ByteBuffer.allocate(4).putInt(ctr).array());
            try {
                return VrfKeyPair.of(params.suite(), sk);
            } catch (IllegalArgumentException e) {
                // out of the suite's scalar range (probability ~2^-32 for P-256): next counter
            }
        }
    }

    static ProvingBackend backend(String name, String owner) {
        return switch (name) {
            case "java" -> new JavaBackend();
            case "flaky" -> new FlakyBackend("flaky");
            default -> Backends.select(name);
        };
    }

    public SimResult run(Observer obs) throws InterruptedException {
        long t0 = System.nanoTime();
        Random rnd = new Random(cfg.seed());
        ProtocolParams params = ProtocolParams.defaults()
                .withMode(cfg.mode())
                .withEligiblePerNode(cfg.eligible())
                .withTiming(cfg.window() + 100, cfg.window())
                .withBlockReward(cfg.blockReward());
        List<AutoCloseable> closing = new ArrayList<>();
        try {
            // proving keys, one SRS for the network (development, insecure, reproducible per seed)
            long ts = System.nanoTime();
            RollupKeys keys = givenKeys;
            if (keys == null) {
                Srs srs = Srs.generateInsecure(RollupKeys.basePower(cfg.depth()), new Random(cfg.seed()));
                keys = new RollupKeys(cfg.depth(), srs, new JavaBackend());
                closing.add(keys);
            }
            SimResult.Setup setup = new SimResult.Setup(
                    "java",
                    keys.baseShape.nGates,
                    keys.baseShape.power,
                    keys.mergeShape.nGates,
                    keys.mergeShape.power,
                    ms(System.nanoTime() - ts));
            RollupContract contract =
                    new RollupContract(params, new TreeVerifier(keys.baseVk(), keys.mergeVk()).asProofVerifier());
            contract.fundTreasury(params.minProverStake());
            InProcessContractClient l1 = new InProcessContractClient(contract, 1);
            SimBus bus = new SimBus(cfg.seed(), cfg.latency(), cfg.jitter(), log);
            Recorder rec = new Recorder(cfg, t0);

            List<SimResult.SequencerInfo> seqInfo = new ArrayList<>();
            List<VrfKeyPair> seqKeys = new ArrayList<>();
            Map<String, GossipTransport> seqBus = new LinkedHashMap<>();
            for (int i = 0; i < cfg.sequencers(); i++) {
                String n = cfg.sequencerName(i);
                VrfKeyPair k = key(params, cfg.seed(), n);
                seqKeys.add(k);
                contract.stakeSequencer(Registration.sequencer(k), params.minSequencerStake());
                seqBus.put(n, bus.endpoint(n));
                seqInfo.add(
                        new SimResult.SequencerInfo(n, Bytes.of(k.publicKey()).hex()));
                Set<String> w = new java.util.TreeSet<>();
                for (int p = 0; p < cfg.provers(); p++)
                    if (cfg.withholds(n, cfg.proverName(p))) w.add(cfg.proverName(p));
                if (!w.isEmpty()) bus.withhold(n, GossipTransport.Topic.BLOCK, w);
            }
            List<ProverNode> nodes = new ArrayList<>();
            List<SimResult.ProverInfo> proverInfo = new ArrayList<>();
            for (int i = 0; i < cfg.provers(); i++) {
                String n = cfg.proverName(i);
                VrfKeyPair k = key(params, cfg.seed(), n);
                Strategy st = Strategy.parse(cfg.strategy(i)).checkMode(cfg.mode());
                if (st.sequencer() || st.traits().any()) {
                    throw new IllegalArgumentException("strategy '" + st + "': agents ("
                            + st.text().substring(st.text().indexOf('/') + 1)
                            + ") run with --proofs modelled; real proofs take a prover's BURN/SELECTION");
                }
                int devices = cfg.backend(i).split("\\+").length;
                List<ProvingBackend> bes = new ArrayList<>();
                for (String b : cfg.backend(i).split("\\+")) {
                    ProvingBackend be = backend(b.trim(), n);
                    bes.add(be);
                    closing.add(be);
                }
                ProverNode node = ProverNode.builder()
                        .name(n)
                        .key(k)
                        .role(cfg.role(i))
                        .transport(bus.endpoint(n))
                        .contract(l1)
                        .keys(keys)
                        .backends(bes)
                        .feeBurn(st.burn().policy(cfg.seed() * 31 + i))
                        .selection(st.selection().build(devices, ONE_ROUND_PER_JOB, l1::height))
                        .autoSubmit(false)
                        .scheduler(SchedulerConfig.defaults().withMaxRetries(2))
                        .jobListener(rec.timeline(n))
                        .listener(rec.listener(n))
                        .log(log)
                        .build();
                for (JobListener jl : jobListeners) node.scheduler().addListener(jl);
                nodes.add(node);
                closing.add(node);
                rec.prover(n, node.publicKey(), k, st.text());
                proverInfo.add(new SimResult.ProverInfo(
                        n,
                        node.publicKey().hex(),
                        cfg.role(i).name(),
                        st.text(),
                        cfg.backend(i),
                        !cfg.withhold().isEmpty() && cfg.withhold().contains(n)));
            }
            for (ProverNode n : nodes) n.start();
            for (int i = 0; i < cfg.sequencers(); i++)
                rec.sequencer(cfg.sequencerName(i), Bytes.of(seqKeys.get(i).publicKey()));
            obs.onSetup(setup, proverInfo, seqInfo);

            // the L2 state the sequencers build on
            StateTree state = StateTree.inMemory(cfg.depth());
            closing.add(state);
            long[] slots = RandomBlock.fundedAccounts(state, cfg.txs(), rnd);

            List<SimResult.BlockReport> reports = new ArrayList<>();
            for (int bi = 0; bi < cfg.blocks(); bi++) {
                long block = bi + 1;
                obs.onBlockStart(block, bi);
                long tb = System.nanoTime();
                // the block the sequencers propose (one mempool: every bid commits to the same txs), then the election
                BlockInputs in = BlockInputs.apply(state, block, RandomBlock.transfers(state, slots, cfg.txs(), rnd));
                state.commit();
                BlockCommitment commitment = new BlockCommitment(
                        cfg.txs(),
                        java.math.BigInteger.valueOf(in.fees()),
                        Fr.bytes(in.startRoot()),
                        Fr.bytes(in.txCommitment()));
                byte[] randao = Bytes.sha256(
                        "coprover/sim/randao/v1".getBytes(StandardCharsets.US_ASCII),
                        ByteBuffer.allocate(16)
                                .putLong(cfg.seed())
                                .putLong(block)
                                .array());
                contract.openElection(block, randao);
                List<RollupContract.Bid> bids = new ArrayList<>();
                for (int s = 0; s < cfg.sequencers(); s++) {
                    long fs = cfg.feeSplitLo() + (long) (rnd.nextDouble() * (cfg.feeSplitHi() - cfg.feeSplitLo() + 1));
                    fs = Math.min(fs, cfg.feeSplitHi());
                    VrfMode.Draw d = params.mode().draw(seqKeys.get(s), contract.electionAlpha());
                    bids.add(contract.bid(Bytes.of(seqKeys.get(s).publicKey()), fs, Bytes.of(d.proof()), commitment));
                }
                RollupContract.Bid win = contract.closeElection();
                int wi = 0;
                for (int s = 0; s < bids.size(); s++)
                    if (bids.get(s).sequencer().equals(win.sequencer())) wi = s;
                String seqName = cfg.sequencerName(wi);
                BlockHeader header = new BlockHeader(
                        block,
                        win.sequencer(),
                        win.feeSplitPpm(),
                        cfg.txs(),
                        java.math.BigInteger.valueOf(in.fees()),
                        Fr.bytes(in.startRoot()),
                        Fr.bytes(in.txCommitment()));
                rec.beginBlock(block, bids, win, seqName, header);
                long accepted = l1.height();
                ContractClient.AcceptedBlock acc = l1.acceptBlock(header);
                l1.publishData(block, BlockMessage.encode(in));
                bus.setRound(l1.height());
                seqBus.get(seqName).publish(GossipTransport.Topic.BLOCK, BlockMessage.encode(in));
                // rounds until nothing is in flight or the window closes
                int rounds = 0;
                while (true) {
                    bus.setRound(l1.height());
                    for (ProverNode n : nodes) n.deferObservations();
                    bus.deliver();
                    for (ProverNode n : nodes) n.releaseObservations();
                    for (ProverNode n : nodes) {
                        if (!n.awaitIdle(30, TimeUnit.MINUTES))
                            throw new IllegalStateException(n.name() + " did not finish its jobs");
                    }
                    for (ProverNode n : nodes) n.submitBest(block);
                    rounds++;
                    if (l1.height() >= acc.deadline()) break;
                    if (bus.pending() == 0) {
                        if (contract.leader(block) != null) break;
                        // nothing in flight and no valid tree yet: on to the next liveness round, where eligibility
                        // widens
                        long next = acc.deadline()
                                - params.provingWindow()
                                + (params.roundAt(acc.deadline() - params.provingWindow(), l1.height()) + 1L)
                                        * Math.max(1, params.eligibilityRound());
                        l1.setHeight(Math.min(acc.deadline(), Math.max(l1.height() + 1, next)));
                        continue;
                    }
                    l1.setHeight(l1.height() + 1);
                }
                rec.ranking(block, acc);
                l1.setHeight(acc.deadline() + 1);
                List<ContractClient.Finalised> fin = l1.tick();
                if (fin.size() != 1 || fin.get(0).block() != block)
                    throw new IllegalStateException("block " + block + " was not finalised alone");
                SimResult.BlockReport r = rec.endBlock(
                        fin.get(0),
                        accepted,
                        l1.height(),
                        contract.conservationHolds(),
                        rounds,
                        ms(System.nanoTime() - tb));
                reports.add(r);
                obs.onTree(header, fin.get(0));
                obs.onBlock(r);
                l1.setHeight(l1.height() + 1);
            }
            for (ProverNode n : nodes) n.close();
            return new SimResult(
                    cfg,
                    setup,
                    proverInfo,
                    seqInfo,
                    reports,
                    rec.jobs(),
                    rec.summary(reports, ms(System.nanoTime() - t0)));
        } finally {
            for (int i = closing.size() - 1; i >= 0; i--) {
                try {
                    closing.get(i).close();
                } catch (Exception e) {
                    log.accept("close: " + e);
                }
            }
        }
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}
