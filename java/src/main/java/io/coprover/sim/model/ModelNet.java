package io.coprover.sim.model;

import io.coprover.protocol.Amounts;
import io.coprover.protocol.BlockCommitment;
import io.coprover.protocol.BlockDraw;
import io.coprover.protocol.BlockHeader;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProofVerifier;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.PublicOutputs;
import io.coprover.protocol.Registration;
import io.coprover.protocol.RegistrySnapshot;
import io.coprover.protocol.RewardSplit;
import io.coprover.protocol.Role;
import io.coprover.protocol.RollupContract;
import io.coprover.protocol.Score;
import io.coprover.protocol.Seeds;
import io.coprover.protocol.TreeShape;
import io.coprover.protocol.TreeValidation;
import io.coprover.protocol.VrfMode;
import io.coprover.protocol.vrf.VrfKeyPair;
import io.coprover.protocol.vrf.VrfResult;
import io.coprover.scheduler.NodeChoice;
import io.coprover.scheduler.OwnDraw;
import io.coprover.scheduler.Strategy;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * The network at protocol-research scale ({@code coprover simulate --proofs modelled}): the real
 * {@link RollupContract} (staking with registrations, frozen registries, elections with committed
 * bids, tree validation with record signatures, VRF and eligibility checks and widening rounds,
 * rewards, rebates, conservation), the scheduler's planner and strategies, the protocol's tree
 * assembly, and agents; with the SNARK modelled by a device profile's time ({@link DeviceProfiles})
 * and the VRF by {@link ModelVrf}. Blocks run one after another; each block's proving window is a
 * {@link BlockRun}. Per-block figures go to a {@link Sink} as they are made, so memory does not
 * grow with the number of blocks.
 *
 * <p>What is not run for real: SNARK proving and verification (a modelled SNARK is 16 bytes that
 * commit to the record's id, checked by the contract's verifier), ECVRF (the modelled suite),
 * Ed25519 record signatures unless {@code --signatures ed25519} ({@link ModelSignatures}), the
 * rollup's transactions and state (blocks carry drawn fees and state roots), the gossip wire
 * format and per-receiver checks (a record's checks are decided once for every receiver, and
 * signatures are made when a record first goes to the contract, which verifies each once; with
 * modelled signatures, ahead on the records' thread between the batches of records it makes,
 * once a started merge includes the record, {@link #signLater}).
 */
public final class ModelNet {
    /** Receives each block's line as soon as the block is finalised. */
    @FunctionalInterface
    public interface Sink {
        void onBlock(ModelStats.Line line);
    }

    /** A finished run. */
    public record Result(
            ModelConfig config,
            ModelStats.Summary summary,
            boolean conserved,
            double wallMs,
            double cpuMs,
            long refusedBids,
            long liveHeapBytes) {}

    /** A modelled SNARK: the first 16 bytes of the record's id (the real SNARK's public input commits to the id). */
    static final ProofVerifier MODEL_SNARK =
            (p, lookup) -> commits(p.snark(), p.id()) ? null : "modelled SNARK does not commit to the record's id";

    /** Whether {@code snark} is {@link #snarkOf} {@code id}, compared in place. */
    static boolean commits(Bytes snark, Bytes id) {
        if (snark.length() != 16 || id.length() < 16) return false;
        for (int i = 0; i < 16; i++) if (snark.get(i) != id.get(i)) return false;
        return true;
    }

    /** Finished blocks the contract keeps: each finalisation is read as it happens, so memory stays flat. */
    static final int KEEP_FINISHED = 2;

    final ModelConfig cfg;
    final ProtocolParams params;
    final RollupContract contract;
    final List<Actors.Prover> provers = new ArrayList<>();
    final List<Actors.Operator> operators = new ArrayList<>();
    final List<Actors.Sequencer> sequencers = new ArrayList<>();
    private final Map<Bytes, Actors.Prover> byPk = new HashMap<>();
    /** Per prover (by index): whether {@link #byPk} maps its key to it (its FEE_BURN is kept on it). */
    private final boolean[] ownKey;

    private final boolean[][] withheld;
    private final Map<Bytes, Long> lastBurn = new ConcurrentHashMap<>();
    private final List<long[]> exits = new ArrayList<>();
    private final Map<Long, Bytes> exitKeys = new HashMap<>();
    private int groundCount;
    /**
     * Per operator {@code a}: the first two rounds of {@link Actors#hash}{@code (seed, a, b, 3)},
     * which gives the jitter of its link to {@code b}, so a latency costs two more mixes and a
     * remainder. The event loop asks for latencies millions of times a block at random pairs: a
     * table of every pair's (1 MB at 1000 operators) was slower than this where the last-level
     * cache is shared with other machines, and grows with the square of the operators.
     */
    private final long[] linkFrom;
    /** The clock the capacity selections read: ms since the current block's acceptance. */
    volatile long clockMs;

    private ModelStats.Block current;
    private long firstRootMs = -1;
    private int forgedRejected, groundKeys;
    private Actors.Operator submitterOp;
    /**
     * Where submissions are validated while the block's events go on (null: on the caller's
     * thread), and the one in flight. The event loop waits for it before its next contract call.
     */
    private java.util.concurrent.ExecutorService contractThread;

    /** Where records are made ahead of their jobs' ends ({@link #makeRecords}); null: on the caller's thread. */
    private java.util.concurrent.ExecutorService recordThread;

    private final List<java.util.concurrent.Future<?>> inFlight = new ArrayList<>();

    /** Sees every job a device starts (tests: a device runs one job at a time); null: none. */
    interface JobLog {
        void started(long block, int operator, int device, long startMs, long endMs);
    }

    JobLog jobLog;

    /** The blocks' event queue, kept from one block to the next (its calendar is a few MB, and each block empties it). */
    private EventQueue events;

    public ModelNet(ModelConfig cfg, DeviceProfiles profiles) {
        this.cfg = cfg;
        this.params = ProtocolParams.defaults()
                .withSuite(ModelVrf.SUITE)
                .withSignatures(cfg.recordSignatures())
                .withMode(cfg.mode())
                .withEligiblePerNode(cfg.eligible())
                .withTiming(cfg.window() + 100L, cfg.window())
                .withBlockReward(cfg.blockReward());
        this.contract = new RollupContract(params, MODEL_SNARK, KEEP_FINISHED);
        contract.fundTreasury(Amounts.ONE_AZT.multiply(BigInteger.valueOf(1_000_000_000L)));
        List<String> strategies = cfg.proverStrategies();
        List<Registration> regs = new ArrayList<>();
        for (int i = 0; i < cfg.provers(); i++) {
            String name = "prover-" + (i + 1);
            Actors.Prover p = new Actors.Prover(
                    i, name, Actors.key(cfg.seed(), name), cfg.role(i), Strategy.parse(strategies.get(i)));
            provers.add(p);
            byPk.put(p.pk, p);
        }
        ownKey = new boolean[provers.size()];
        for (Actors.Prover p : provers) ownKey[p.index] = byPk.get(p.pk) == p;
        provers.parallelStream().forEach(p -> p.signing());
        for (Actors.Prover p : provers) regs.add(Registration.prover(p.key, p.role));
        for (Registration r : regs) contract.stakeProver(r, params.minProverStake());
        Actors.Operator aggregator = null;
        for (Actors.Prover p : provers) {
            if (p.strategy.traits().sellsPpm() >= 0) continue;
            Actors.Operator o = new Actors.Operator(
                    operators.size(),
                    p,
                    profiles.devices(cfg.device(p.index)),
                    cfg.seed() * 31 + p.index,
                    () -> clockMs);
            p.operator = o.index;
            o.keys.add(p);
            operators.add(o);
            if (p.strategy.traits().aggregator() && aggregator == null) aggregator = o;
        }
        for (Actors.Prover p : provers) {
            if (p.strategy.traits().sellsPpm() < 0) continue;
            if (aggregator == null)
                throw new IllegalArgumentException(
                        "strategy '" + p.strategy + "' sells its slots, but no prover is an aggregator");
            p.operator = aggregator.index;
            aggregator.keys.add(p);
        }
        for (int i = 0; i < cfg.sequencers(); i++) {
            String name = "seq-" + (i + 1);
            Actors.Sequencer s = new Actors.Sequencer(
                    i, name, Actors.key(cfg.seed(), name), Strategy.parse(cfg.sequencerStrategy(i)));
            sequencers.add(s);
            // a bond that outlasts the run: a MEV bidder pays its excess from it every block it wins
            contract.stakeSequencer(
                    Registration.sequencer(s.key), params.minSequencerStake().multiply(BigInteger.valueOf(1000)));
        }
        withheld = new boolean[sequencers.size()][operators.size()];
        linkFrom = new long[operators.size()];
        long h0 = ModelVrf.mix(cfg.seed() ^ Actors.HASH_SALT);
        for (int a = 0; a < linkFrom.length; a++) linkFrom[a] = ModelVrf.mix(h0 ^ a);
        for (Actors.Sequencer s : sequencers) {
            Strategy.Traits t = s.strategy.traits();
            for (Actors.Operator o : operators) {
                withheld[s.index][o.index] = t.colludes()
                        ? !o.traits().colludes()
                        : t.withholdPpm() > 0
                                && Actors.below(Actors.hash(cfg.seed(), s.index, o.index, 7), t.withholdPpm());
            }
        }
    }

    static Bytes snarkOf(Bytes id) {
        byte[] s = new byte[16];
        for (int i = 0; i < 16; i++) s[i] = id.get(i);
        return Bytes.of(s);
    }

    /** Gossip latency from operator {@code a} (or sequencer {@code -1 - s}) to operator {@code b}, ms. */
    long latency(int a, int b) {
        if (a == b) return 0;
        if (cfg.jitterMs() == 0) return cfg.gossipMs();
        long h = a >= 0 // Actors.hash(seed, a, b, 3), its first two rounds kept per operator
                ? ModelVrf.mix(ModelVrf.mix(linkFrom[a] ^ b) ^ 3)
                : Actors.hash(cfg.seed(), a, b, 3);
        return cfg.gossipMs() + Math.floorMod(h, cfg.jitterMs() + 1);
    }

    /** An empty event queue for a block whose window ends at {@code endMs}. */
    EventQueue events(long endMs) {
        return events = events == null ? new EventQueue(endMs) : events.reuse(endMs);
    }

    ToLongFunction<Bytes> othersFeeBurn() {
        return pk -> {
            Actors.Prover p = byPk.get(pk);
            return p != null ? p.lastBurn : lastBurn.getOrDefault(pk, 0L);
        };
    }

    /** Runs every block; {@code sink} gets each block's line (may be null). */
    public Result run(Sink sink) {
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Actors.Prover p : provers) counts.merge(p.label(), 1, Integer::sum);
        ModelStats stats = new ModelStats(operators.size(), counts, (cfg.window() + 1L) * cfg.l1Ms());
        boolean conserved;
        boolean[] allConserved = {true}; // written on the contract's thread only, read after it is done
        long refused = 0;
        TreeShape shape = TreeShape.forTxs(cfg.txs());
        long live = 0;
        contractThread = daemon("coprover-contract", new java.util.concurrent.LinkedBlockingQueue<>());
        recordThread = daemon("coprover-records", recordQueue);
        try {
            for (long b = 1; b <= cfg.blocks(); b++) {
                long h = contract.height();
                for (Actors.Operator o : operators) {
                    long p = o.traits().offlinePpm();
                    if (o.offlineLeft > 0) o.offlineLeft--;
                    if (p > 0 && o.offlineLeft == 0 && Actors.below(Actors.hash(cfg.seed(), b, o.index, 11), p))
                        o.offlineLeft = o.traits().offlineBlocks();
                }
                withdrawExits(h);
                SplittableRandom rnd = new SplittableRandom(Actors.hash(cfg.seed(), b, 0, 5));
                PublicOutputs[] outputs = outputs(shape, b, rnd);
                PublicOutputs root = outputs[outputs.length - 1];
                BigInteger fees = root.fees();
                BlockCommitment commitment =
                        new BlockCommitment(cfg.txs(), fees, root.startStateRoot(), root.txCommitment());
                byte[] randao = Bytes.sha256(
                        "coprover/sim/randao/v1".getBytes(StandardCharsets.US_ASCII),
                        ByteBuffer.allocate(16).putLong(cfg.seed()).putLong(b).array());
                contract.openElection(b, randao);
                for (Actors.Sequencer s : sequencers) {
                    long split = s.strategy.bidLo() + rnd.nextLong(s.strategy.bidHi() - s.strategy.bidLo() + 1);
                    VrfMode.Draw d = params.mode().draw(s.key, contract.electionAlpha());
                    try {
                        contract.bid(s.pk, split, Bytes.of(d.proof()), commitment);
                    } catch (IllegalArgumentException e) {
                        refused++; // e.g. a MEV bid its free bond cannot cover
                    }
                }
                RollupContract.Bid win = contract.closeElection();
                if (win == null) throw new IllegalStateException("block " + b + ": every bid was refused");
                Actors.Sequencer seq = sequencers.stream()
                        .filter(s -> s.pk.equals(win.sequencer()))
                        .findFirst()
                        .orElseThrow();
                BlockHeader header = new BlockHeader(
                        b,
                        win.sequencer(),
                        win.feeSplitPpm(),
                        cfg.txs(),
                        fees,
                        root.startStateRoot(),
                        root.txCommitment());
                BlockDraw draw = contract.acceptBlock(header, h);
                RegistrySnapshot reg = contract.snapshot(b);
                long deadline = contract.deadline(b);
                current = new ModelStats.Block();
                firstRootMs = -1;
                forgedRejected = 0;
                groundKeys = 0;
                submitterOp = null;
                BlockRun run = new BlockRun(this, header, draw, reg, h, deadline, outputs, current);
                run.run(seq, withheld[seq.index]);
                awaitContract();
                run.over = true; // its trees are judged: records of it still to sign ahead are not
                List<RollupContract.Finalisation> fin = contract.tick(deadline + 1);
                if (fin.size() != 1 || fin.get(0).block() != b)
                    throw new IllegalStateException("block " + b + " was not finalised alone");
                // the block's figures are summed and its line written on the contract's thread, in
                // block order, while the next block runs; what they read of this block is taken now
                BlockEnd end = new BlockEnd(
                        current, firstRootMs, forgedRejected, groundKeys, submitterOp, contract.conservationHolds());
                RollupContract.Finalisation f = fin.get(0);
                inFlight.add(contractThread.submit(() -> {
                    ModelStats.Line line = finalise(run, seq, f, stats, end);
                    if (!line.conserved()) allConserved[0] = false;
                    if (sink != null) sink.onBlock(line);
                }));
                if (b % LIVE_HEAP_EVERY == 0 || b == cfg.blocks()) {
                    awaitContract();
                    live = Math.max(live, liveHeap());
                }
            }
            awaitContract();
            conserved = allConserved[0];
        } finally {
            contractThread.shutdownNow();
            contractThread = null;
            recordThread.shutdownNow();
            recordThread = null;
            inFlight.clear();
        }
        return new Result(
                cfg,
                stats.summary(),
                conserved,
                (System.nanoTime() - t0) / 1e6,
                (cpuNanos() - cpu0) / 1e6,
                refused,
                live);
    }

    /** One daemon thread named {@code name} running the tasks of {@code queue} in order. */
    private static java.util.concurrent.ExecutorService daemon(
            String name, java.util.concurrent.BlockingQueue<Runnable> queue) {
        return new java.util.concurrent.ThreadPoolExecutor(
                1, 1, 0, java.util.concurrent.TimeUnit.MILLISECONDS, queue, r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Blocks between two measurements of the live heap ({@link #liveHeap}). */
    static final int LIVE_HEAP_EVERY = 1000;

    /**
     * The heap in use right after a full collection: what the run keeps alive (the resident size
     * says only how far the collector chose to grow the heap, and the heap after a young
     * collection still holds old garbage). Measured every {@link #LIVE_HEAP_EVERY} blocks and at
     * the end; one full collection costs tens of milliseconds.
     */
    static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : 0;
    }

    /** Drawn state roots and fees: every node's outputs chain as the rollup's would (PROTOCOL §6 OUTPUTS_CHAIN). */
    private PublicOutputs[] outputs(TreeShape shape, long b, SplittableRandom rnd) {
        int nb = shape.numBase();
        Bytes[] roots = new Bytes[nb + 1];
        for (int i = 0; i <= nb; i++) roots[i] = random32(rnd);
        List<NodeId> nodes = shape.nodes();
        PublicOutputs[] out = new PublicOutputs[nodes.size()];
        for (int k = 0; k < nodes.size(); k++) {
            NodeId n = nodes.get(k);
            int from = n.index() << n.level(), to = (n.index() + 1) << n.level();
            long real = Math.max(0, Math.min(cfg.txs(), 2L * to) - 2L * from);
            out[k] = new PublicOutputs(
                    roots[from], roots[to], random32(rnd), cfg.txFee().multiply(BigInteger.valueOf(real)));
        }
        return out;
    }

    private static Bytes random32(SplittableRandom rnd) {
        byte[] b = new byte[32];
        for (int i = 0; i < 32; i += 8) {
            long v = rnd.nextLong();
            for (int j = 0; j < 8; j++) b[i + j] = (byte) (v >>> (8 * j));
        }
        return Bytes.of(b);
    }

    // ---- records and submissions -----------------------------------------------------------------

    /**
     * A finished job's record, with the checks every receiver makes decided once; {@code at} is
     * when the job finishes (ms since the block's acceptance). Reads only what is fixed for the
     * block (its registry, draws and outputs), so any thread may make it ahead of its time; what
     * the record changes in the network ({@link #noteBurn}) is done when the job finishes.
     */
    BlockRun.Rec makeRecord(
            BlockRun run,
            Actors.Prover p,
            int op,
            NodeId node,
            int ord,
            NodeChoice c,
            List<List<Bytes>> children,
            long ms,
            long at) {
        boolean secret = params.mode() == VrfMode.PRIVATE;
        // the modelled VRF's proof is beta itself, made here by the key's own prover: it verifies
        // by construction, so its u is read off it (the contract verifies every record it is given)
        byte[] vrf = secret ? ModelVrf.beta(p.k64, run.alphaFold[ord]) : new byte[0];
        ProofRecord r0 =
                new ProofRecord(run.block, node, p.pk, Bytes.of(vrf), c.feeBurnPpm(), run.outputs[ord], children, null);
        ProofRecord r = r0.withSnark(snarkOf(r0.id()));
        VrfResult v = secret
                ? VrfResult.ok(vrf)
                : params.mode().verify(params.suite(), p.key.publicKey(), run.alphas[ord], vrf);
        long u = v.valid() ? Seeds.u(v.beta()) : 0;
        int round = params.roundAt(run.acceptedAt, run.height(at));
        boolean usable = v.valid()
                && run.staked(p, node.role())
                && run.reg.eligibility(node.role(), round).test(u);
        return new BlockRun.Rec(r, p, op, ord, at, u, Score.of(u, c.feeBurnPpm()), usable, ms);
    }

    /**
     * Where signatures are cheap (the modelled scheme), the records' thread signs each record a
     * started merge includes ({@code BlockRun.pick}), once, and has the contract judge it then
     * ({@link RollupContract#prechecker}), on its own and with its children's signed records (a
     * merge included them, so they were queued and signed before it): a root's submission, late in
     * the block when the event loop waits for it, then finds most of its tree signed and judged,
     * the first submission of a block included (it had judged every record's children and SNARK
     * itself: 2.8 times as long as the next submission, now 1.9). A record no merge
     * includes is in no tree (about half the usable ones): it is never signed. The same signatures and
     * verdicts as when made at submission; with Ed25519 each record is still signed only when a
     * tree first takes it to the contract (as a real prover would pay).
     */
    void signAhead(BlockRun run, BlockRun.Rec r) {
        if (run.precheck == null || !r.usable) return;
        run.precheck.accept(signed(r), r::signedKid);
    }

    /**
     * On the records' thread: {@link #signAhead} {@code r} once no batch of records waits, so
     * that making the records the event loop will need comes first (a record is needed when its
     * job ends, its signature only when a tree takes it to the contract). {@link #signWhileIdle}
     * signs them; a block over by then is skipped (its trees were judged, signed at submission).
     */
    void signLater(BlockRun run, BlockRun.Rec r) {
        if (run.precheck == null || !r.usable) return;
        toSignAhead.add(new Pending(run, r));
    }

    /** Signs what {@link #signLater} kept until a batch of records waits, or none is left. On the records' thread. */
    void signWhileIdle() {
        while (recordQueue.isEmpty()) {
            Pending p = toSignAhead.poll();
            if (p == null) return;
            if (!p.run().over) signAhead(p.run(), p.rec());
        }
    }

    private record Pending(BlockRun run, BlockRun.Rec rec) {}

    /** Records to sign ahead when the records' thread is idle ({@link #signLater}); that thread's only. */
    private final java.util.ArrayDeque<Pending> toSignAhead = new java.util.ArrayDeque<>();

    /** The records' thread's queue of batches (whether one waits, {@link #signWhileIdle}). */
    private final java.util.concurrent.BlockingQueue<Runnable> recordQueue =
            new java.util.concurrent.LinkedBlockingQueue<>();

    /** {@code r}'s record signed by its prover's key in the network's record-signature scheme (once: {@link BlockRun.Rec#sign}). */
    private ProofRecord signed(BlockRun.Rec r) {
        return r.sign(x -> x.signedBy(r.prover.signing(), params.signatures()));
    }

    /** The block's {@link RollupContract#prechecker} when records are signed ahead (modelled signatures), else null. */
    java.util.function.BiConsumer<ProofRecord, java.util.function.Function<Bytes, ProofRecord>> prechecker(long block) {
        return params.signatures() == ModelSignatures.SCHEME && recordThread != null
                ? contract.prechecker(block)
                : null;
    }

    /** A usable record's FEE_BURN is what other planners assume its prover burns from now on. */
    void noteBurn(BlockRun.Rec r) {
        if (!r.usable) return;
        Actors.Prover p = r.prover;
        if (p.index < ownKey.length && provers.get(p.index) == p && ownKey[p.index]) p.lastBurn = r.record.feeBurnPpm();
        else lastBurn.put(p.pk, r.record.feeBurnPpm());
    }

    /**
     * Runs {@code batch} (records made ahead of their jobs' ends, {@link BlockRun}) on the records'
     * thread; without one, does nothing: each record is then made when its job ends.
     */
    void makeRecords(Runnable batch) {
        if (recordThread != null) recordThread.execute(batch);
    }

    /**
     * An operator's root proof is done: it submits the tree when it beats the contract's leader.
     * An L1 proposer agent whose block this is goes first: it re-bids the root at FEE_BURN 0 in the
     * root prover's name (it holds no key of that prover: the contract refuses it), then submits
     * the same tree itself (same score, earlier: it leads and takes the gas rebate).
     */
    void submit(BlockRun run, BlockRun.Rec root) {
        long h = run.height(run.now()), at = run.now();
        if (contractThread == null) submitTree(run, root, h, at);
        else inFlight.add(contractThread.submit(() -> submitTree(run, root, h, at)));
    }

    /**
     * Waits for the submissions handed to the contract's thread: they run there one at a time, in
     * the order made, while the block's events go on; nothing else calls the contract until the
     * block's window is over, so the contract sees the same calls in the same order as on one
     * thread.
     */
    void awaitContract() {
        try {
            for (java.util.concurrent.Future<?> f : inFlight) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the contract validated a submission", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } finally {
            inFlight.clear();
        }
    }

    /**
     * When the root beats the contract's leader: signs its tree's records (once each) and submits
     * it, the L1 proposer agent's submissions first.
     */
    private void submitTree(BlockRun run, BlockRun.Rec root, long h, long at) {
        TreeValidation leader = contract.leader(run.block);
        if (leader != null && leader.score().compareTo(root.treeScore) >= 0) return;
        List<BlockRun.Rec> tree = run.tree(root);
        // most records went to the contract in an earlier tree of the block: only the new ones are signed
        ProofRecord[] signed = new ProofRecord[tree.size()];
        int[] fresh = new int[tree.size()];
        int nFresh = 0;
        for (int i = 0; i < signed.length; i++) {
            if ((signed[i] = tree.get(i).signed()) == null) fresh[nFresh++] = i;
        }
        io.coprover.protocol.CostlyInParallel.forEach(fresh, nFresh, i -> signed[i] = signed(tree.get(i)));
        List<ProofRecord> records = Arrays.asList(signed);
        Actors.Operator owner = operators.get(root.op);
        Actors.Operator proposer = l1Proposer(h);
        if (proposer != null && proposer != owner) {
            ProofRecord r0 = root.record;
            ProofRecord f0 = new ProofRecord(
                    r0.block(), r0.node(), r0.prover(), r0.vrfProof(), 0, r0.outputs(), r0.children(), null);
            ProofRecord forged = f0.withSnark(snarkOf(f0.id())).signedBy(proposer.own.signing(), params.signatures());
            List<ProofRecord> ft = new ArrayList<>(records);
            ft.set(0, forged);
            if (!send(run, forged.id(), ft, proposer, h, at)) forgedRejected++;
            send(run, r0.id(), records, proposer, h, at);
        }
        send(run, root.record.id(), records, owner, h, at);
    }

    private boolean send(BlockRun run, Bytes rootId, List<ProofRecord> records, Actors.Operator by, long h, long at) {
        long gas = params.rebateBaseGas() + params.rebateGasPerProof() * records.size();
        RollupContract.Submission s =
                contract.submitRoot(run.block, rootId, records, by.own.pk, gas, BigInteger.TEN.pow(9), h);
        if (s.validation().valid() && firstRootMs < 0) firstRootMs = at;
        if (s.leading()) submitterOp = by;
        return s.validation().valid();
    }

    /** The operator proposing L1 block {@code h}, among the l1:P agents (null: an honest proposer). */
    private Actors.Operator l1Proposer(long h) {
        double x = (Actors.hash(cfg.seed(), h, 0, 13) >>> 11) * 0x1p-53, acc = 0;
        for (Actors.Operator o : operators) {
            acc += o.traits().l1Ppm() / 1e6;
            if (x < acc) return o;
        }
        return null;
    }

    // ---- the key grinder -------------------------------------------------------------------------

    /**
     * Grinder agents, once the block's randomness is known: try K fresh keys, stake the one eligible
     * at the most nodes, and prove those nodes with it. The block is drawn with the registry frozen
     * LOOKAHEAD epochs before its randomness, so the key is not in it and every proof it makes is
     * refused (PROTOCOL §10). The key asks to exit at once and is withdrawn after the delay.
     */
    void grind(BlockRun run) {
        for (Actors.Operator o : operators) {
            int k = o.traits().grinderKeys();
            if (k == 0 || o.offlineLeft > 0) continue;
            VrfKeyPair best = null;
            List<OwnDraw> bestDraws = List.of();
            for (int i = 0; i < k; i++) {
                byte[] sk = Bytes.sha256(
                        "coprover/sim/ground-key/v1".getBytes(StandardCharsets.US_ASCII),
                        ByteBuffer.allocate(24)
                                .putLong(cfg.seed())
                                .putLong(run.block)
                                .putInt(o.index)
                                .putInt(i)
                                .array());
                VrfKeyPair key = VrfKeyPair.of(ModelVrf.SUITE, sk);
                long k64 = ModelVrf.key(key.publicKey());
                List<OwnDraw> draws = new ArrayList<>();
                for (int n = 0; n < run.nodes.size(); n++) {
                    NodeId node = run.nodes.get(n);
                    long u = params.mode() == VrfMode.PUBLIC
                            ? Seeds.u(VrfMode.publicBeta(key.publicKey(), run.alphas[n]))
                            : ModelVrf.u(k64, run.alphaFold[n]);
                    // the threshold the grinder hopes for: as if its key counted in the block's registry
                    if (run.reg.eligibility(node.role()).test(u)) draws.add(new OwnDraw(node, u, true, true));
                }
                if (best == null || draws.size() > bestDraws.size()) {
                    best = key;
                    bestDraws = draws;
                }
            }
            contract.stakeProver(Registration.prover(best, Role.BOTH), params.minProverStake());
            Bytes pk = Bytes.of(best.publicKey());
            contract.registry().requestProverExit(pk, contract.height());
            long id = groundCount++;
            exits.add(new long[] {contract.height() + params.withdrawalDelay(), id});
            exitKeys.put(id, pk);
            groundKeys++;
            Actors.Prover g =
                    new Actors.Prover(provers.size() + (int) id, "ground-" + id, best, Role.BOTH, o.own.strategy);
            g.operator = o.index;
            List<NodeChoice> cands = o.planner.candidates(run.context(g), bestDraws);
            clockMs = run.now();
            for (NodeChoice c : o.selection.select(run.context(g), cands)) run.queue(g, c);
        }
    }

    private void withdrawExits(long h) {
        while (!exits.isEmpty() && exits.get(0)[0] <= h) {
            long[] e = exits.remove(0);
            contract.withdrawProver(exitKeys.remove(e[1]), h);
        }
    }

    // ---- finalisation ----------------------------------------------------------------------------

    /** What a block's line needs of the network's state when the block ends (it is reset for the next one). */
    private record BlockEnd(
            ModelStats.Block stats,
            long firstRootMs,
            int forgedRejected,
            int groundKeys,
            Actors.Operator submitterOp,
            boolean contractConserves) {}

    private ModelStats.Line finalise(
            BlockRun run, Actors.Sequencer seq, RollupContract.Finalisation f, ModelStats stats, BlockEnd end) {
        ModelStats.Block bs = end.stats();
        Actors.Operator submitterOp = end.submitterOp();
        // each operator's agent-type figures, looked up once (by its label) when first needed
        ModelStats.Agent[] byOp = new ModelStats.Agent[operators.size()];
        RewardSplit split = f.split();
        io.coprover.protocol.IdSet included = new io.coprover.protocol.IdSet(
                split == null ? 0 : split.payouts().size());
        BigInteger pool = BigInteger.ZERO, burned = BigInteger.ZERO;
        int proofsIncluded = 0;
        if (split != null) {
            pool = split.pool();
            burned = split.burned();
            // each operator's rewards summed in longs while they fit (exact), added once per operator
            long[] toOp = new long[operators.size()], ofOp = new long[operators.size()];
            Map<Bytes, BlockRun.Rec> byId = new HashMap<>(2 * bs.made.size());
            for (BlockRun.Rec r : bs.made) byId.put(r.record.id(), r);
            for (RewardSplit.Payout p : split.payouts()) {
                BlockRun.Rec r = byId.get(p.proof().proofId());
                included.add(p.proof().proofId());
                proofsIncluded++;
                Actors.Prover key = r.prover;
                Actors.Operator op = operators.get(r.op);
                long price = key.strategy.traits().sellsPpm();
                BigInteger toSeller = price < 0
                        ? BigInteger.ZERO
                        : p.reward().multiply(BigInteger.valueOf(price)).divide(BigInteger.valueOf(1_000_000));
                if (price >= 0)
                    bs.agent(key.label()).reward = bs.agent(key.label()).reward.add(toSeller);
                ModelStats.Agent oa =
                        byOp[op.index] != null ? byOp[op.index] : (byOp[op.index] = bs.agent(op.own.label()));
                BigInteger net = p.reward().subtract(toSeller);
                long sum;
                if (net.bitLength() < 63 && (sum = toOp[op.index] + net.longValue()) >= 0) toOp[op.index] = sum;
                else oa.reward = oa.reward.add(net);
                if (p.reward().bitLength() < 63
                        && (sum = ofOp[op.index] + p.reward().longValue()) >= 0) ofOp[op.index] = sum;
                else stats.addOperatorReward(op.index, p.reward());
            }
            for (int i = 0; i < toOp.length; i++) {
                if (toOp[i] != 0) byOp[i].reward = byOp[i].reward.add(BigInteger.valueOf(toOp[i]));
                if (ofOp[i] != 0) stats.addOperatorReward(i, BigInteger.valueOf(ofOp[i]));
            }
            ModelStats.Agent s = bs.agent(seq.label());
            s.sequencerReward = s.sequencerReward.add(split.sequencer());
            s.fromBond = s.fromBond.add(split.fromBond());
        }
        ModelStats.Agent sa = bs.agent(seq.label());
        sa.wins++;
        sa.mev = sa.mev.add(seq.mev());
        if (f.submitter() != null && f.rebate().signum() > 0) {
            Actors.Operator by = submitterOp != null && submitterOp.own.pk.equals(f.submitter())
                    ? submitterOp
                    : operators.get(byPk.get(f.submitter()).operator);
            bs.agent(by.own.label()).rebate = bs.agent(by.own.label()).rebate.add(f.rebate());
        }
        int unusable = 0;
        for (BlockRun.Rec r : bs.made) {
            ModelStats.Agent a = byOp[r.op] != null
                    ? byOp[r.op]
                    : (byOp[r.op] = bs.agent(operators.get(r.op).own.label()));
            a.made++;
            a.provingMs += r.provingMs;
            if (included.contains(r.record.id())) a.included++;
            else a.wastedMs += r.provingMs;
            if (!r.usable) {
                unusable++;
                a.rejected++;
            }
        }
        Map<String, ModelStats.AgentLine> agents = new LinkedHashMap<>();
        bs.agents.forEach((k, v) -> agents.put(k, ModelStats.line(v)));
        String submitterType = f.submitter() == null
                ? null
                : submitterOp != null && submitterOp.own.pk.equals(f.submitter())
                        ? submitterOp.own.label()
                        : byPk.get(f.submitter()).label();
        boolean conserved = (split == null || split.conserved()) && end.contractConserves();
        ModelStats.Line line = new ModelStats.Line(
                run.block,
                seq.name,
                seq.label(),
                run.header.feeSplitPpm(),
                run.header.txCount(),
                run.header.totalFees().toString(),
                f.phase() == RollupContract.Phase.DROPPED,
                run.acceptedAt,
                end.firstRootMs(),
                run.maxRound,
                submitterType,
                f.rebate().toString(),
                split == null ? "0" : split.sequencer().toString(),
                split == null ? "0" : split.fromBond().toString(),
                split == null ? "0" : split.burnedByFeeBurn().toString(),
                split == null ? "0" : split.burnedMissing().toString(),
                split == null ? "0" : split.dust().toString(),
                bs.made.size(),
                proofsIncluded,
                unusable,
                end.forgedRejected(),
                end.groundKeys(),
                conserved,
                agents);
        stats.add(line, bs, pool.add(split == null ? BigInteger.ZERO : split.fromBond()), burned);
        return line;
    }
}
