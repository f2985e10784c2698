package io.coprover.sim.model;

import io.coprover.protocol.BlockDraw;
import io.coprover.protocol.BlockHeader;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.Eligibility;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.PublicOutputs;
import io.coprover.protocol.RegistrySnapshot;
import io.coprover.protocol.Role;
import io.coprover.protocol.Score;
import io.coprover.protocol.Seeds;
import io.coprover.protocol.TreeAssembler;
import io.coprover.protocol.TreeShape;
import io.coprover.protocol.VrfMode;
import io.coprover.scheduler.BlockContext;
import io.coprover.scheduler.JobKind;
import io.coprover.scheduler.NodeChoice;
import io.coprover.scheduler.OwnDraw;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One block's proving window in modelled time (milliseconds since the contract accepted it), as
 * a discrete-event simulation. What the prover nodes do is what {@code ProverNode} does, with
 * modelled SNARKs:
 * <ul>
 *   <li>every prover draws at every node (the modelled VRF, or SHA-256 in PUBLIC mode) and plans
 *       with the scheduler's own {@code Planner} and {@code NodeSelection} from its strategy;</li>
 *   <li>a device runs the best ready job first (higher level, then expected reward, as the
 *       scheduler orders them) for exactly its profile's time; a base job is ready once the
 *       block's data has reached its operator, a merge once each child has a usable proof there;
 *       a merge chooses its children with the protocol's {@link TreeAssembler} when it starts; a
 *       job already outranked by PROOFS_PER_NODE better known proofs is dropped;</li>
 *   <li>a finished proof reaches other operators after the link's latency; whether a record is
 *       usable (staked in the block's frozen registry, its VRF verifies and is eligible in the
 *       round it was made) is the same for every receiver, so it is decided once;</li>
 *   <li>eligibility widens per liveness round for nodes nobody has proven yet;</li>
 *   <li>an operator whose root proof is done submits its tree to the contract when it beats the
 *       leader (records signed then, once each, in the network's record-signature scheme); an L1 proposer agent puts its own
 *       submissions first in the L1 blocks it proposes.</li>
 * </ul>
 * Not single-threaded everywhere: the draws are computed in parallel over nodes, and signing in
 * parallel over a tree's records; the events run in order on the caller's thread.
 */
final class BlockRun {
    private static final int BASE_EVENT = 0, DONE = 1, CHECK = 2, ROUND = 3;

    /** A proof made in the block. */
    static final class Rec {
        final ProofRecord record;
        final Actors.Prover prover;
        final int op, ord;
        final long time, u;
        final Score score;
        final boolean usable;
        final long provingMs;
        /** The score of its tree (set for a root proof, the only one submitted). */
        Score treeScore;
        /** The last {@link #tree} walk that reached it. */
        int walk;
        /**
         * A started merge included it, so it is queued to be signed ahead ({@link #pick}); the
         * event loop's alone. About half the usable records are never included by any merge (and
         * so never submitted): they are not signed at all.
         */
        boolean picked;
        /**
         * The record signed, set once ({@link #sign}): by the records' thread ahead of its
         * submission where signatures are cheap ({@link ModelNet#signAhead}), or by the contract's
         * thread when it first goes to the contract in a tree (each tree's new records signed in
         * parallel); whichever comes first, the other takes its signed record. Read with {@link #signed()}.
         */
        private volatile ProofRecord signed;
        /** The records it includes (both children's), resolved once. */
        Rec[] kids = new Rec[0];
        /**
         * Every included record reaches every operator no later than this one ({@link #knownAt}
         * then need not look at them): true when the last of them was made at least the links'
         * jitter before this one. Another operator gets this record after at least the gossip
         * latency and each child after at most latency plus jitter; its own operator had the
         * children when it started the job.
         */
        boolean kidsFirst = true;

        /** The signed record of {@code id}, one of the records it includes ({@link #kids}), or null while that is not signed (or none is). */
        ProofRecord signedKid(Bytes id) {
            for (Rec k : kids) if (k.record.id() == id || k.record.id().equals(id)) return k.signed;
            return null;
        }

        /** The signed record, or null while none is. */
        ProofRecord signed() {
            return signed;
        }

        /**
         * The record signed by {@code signer} unless it is signed already: the one signed record
         * of this proof (a second signing, on another thread at the same time, is dropped).
         */
        ProofRecord sign(java.util.function.UnaryOperator<ProofRecord> signer) {
            ProofRecord s = signed;
            if (s != null) return s;
            s = signer.apply(record);
            return SIGNED.compareAndSet(this, null, s) ? s : signed;
        }

        private static final java.lang.invoke.VarHandle SIGNED = handle(Rec.class, "signed", ProofRecord.class);

        Rec(
                ProofRecord record,
                Actors.Prover prover,
                int op,
                int ord,
                long time,
                long u,
                Score score,
                boolean usable,
                long provingMs) {
            this.record = record;
            this.prover = prover;
            this.op = op;
            this.ord = ord;
            this.time = time;
            this.u = u;
            this.score = score;
            this.usable = usable;
            this.provingMs = provingMs;
        }
    }

    private static final class Job {
        final Actors.Prover prover;
        final NodeId node;
        /** Its node's ordinal and level (read at every dispatch: kept here rather than on the node). */
        final int ord, level;

        final NodeChoice choice;
        final long seq;
        /** Its operator's place in {@link #jobOps} at its node. */
        int slot;
        /** Its node's children's ordinals (a merge), made once: readiness is checked at every dispatch. */
        int leftOrd = -1, rightOrd = -1;
        /**
         * Bit 0 once a proof of the left child (with its children) has reached its operator, bit 1
         * the right. Once true, always true (proofs are only added and arrive once), so a waiting
         * merge looks each child up until it is known, and then never again; kept on the job, which
         * every readiness check reads anyway.
         */
        byte known;

        Job(Actors.Prover prover, NodeId node, int ord, NodeChoice choice, long seq) {
            this.prover = prover;
            this.node = node;
            this.ord = ord;
            this.level = node.level();
            this.choice = choice;
            this.seq = seq;
        }
    }

    /**
     * A job started on a device: the children it includes and their union's score, and its record
     * once made ({@link #record}: made ahead, on the records' thread, when the job ends in the
     * window).
     */
    private static final class Started {
        final Job job;
        final Chosen left, right;
        final Score below;
        final long ms, end;
        final int op;
        /** The record, set by whoever claimed it ({@link #state}); read once the state is {@link #MADE}. */
        Rec rec;
        /** What made it fail, if it did (thrown again on the event loop's thread). */
        Throwable failure;
        /** {@link #OPEN}, {@link #CLAIMED} (being made) or {@link #MADE}; changed through {@link #STATE}. */
        volatile int state;
        /** Handed to the records' thread. */
        boolean handed;

        Started(Job job, Chosen left, Chosen right, Score below, long ms, long end, int op) {
            this.job = job;
            this.left = left;
            this.right = right;
            this.below = below;
            this.ms = ms;
            this.end = end;
            this.op = op;
        }
    }

    /** Jobs started in the window whose records are not handed to the records' thread yet. */
    private List<Started> toMake = new ArrayList<>(RECORD_BATCH);

    /** Records made per hand-over: a few hand-overs per block, each long before its first record is needed. */
    static final int RECORD_BATCH = 64;

    private static final int OPEN = 0, CLAIMED = 1, MADE = 2;
    private static final java.lang.invoke.VarHandle STATE = handle(Started.class, "state", int.class);

    /** The handle of field {@code name} of one of this class's own nested classes. */
    private static java.lang.invoke.VarHandle handle(Class<?> of, String name, Class<?> type) {
        try {
            return java.lang.invoke.MethodHandles.lookup().findVarHandle(of, name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The assembler's choice at one node: its records (and their ids and runs), numbered when first made. */
    private record Chosen(int id, List<ProofRecord> records, List<Bytes> ids, Rec[] recs) {}

    /** Running state of one operator in this block. */
    private static final class OpState {
        boolean online, data;
        /** Jobs waiting to start, in scheduler order ({@link #before}), in {@code pending[0..waiting)}. */
        Job[] pending = new Job[8];

        int waiting;
        long[] busyUntil;
    }

    final ModelNet net;
    final long block, acceptedAt, deadline;
    final BlockHeader header;
    final BlockDraw draw;
    final RegistrySnapshot reg;
    final TreeShape shape;
    final ProtocolParams params;
    final long endMs;
    final List<NodeId> nodes;
    final PublicOutputs[] outputs;
    /** Every node's alpha folded for the modelled VRF ({@link ModelVrf#fold}): a draw is one mix. */
    final long[] alphaFold;

    final byte[][] alphas;
    /** Per prover of the network (by index): staked for base nodes, for merge nodes ({@link #staked}). */
    private final boolean[] stakedBase, stakedMerge;

    /** Per node: the records made there ({@link NodeRecs}). */
    private final NodeRecs[] made;
    /** The contract's check of a record, on its own and with its children, ahead of its submission ({@link ModelNet#signAhead}), or null. */
    final java.util.function.BiConsumer<ProofRecord, java.util.function.Function<Bytes, ProofRecord>> precheck;

    final TreeAssembler assembler;
    /** Per node: the assembler's choice per set of known proofs (a bit per usable proof made there). */
    private final MaskMemo[] chosenByMask;
    /** The same, for nodes with more than 64 proofs made, keyed by the candidates' ids. */
    private final Map<List<Bytes>, Chosen> chosenByCandidates = new HashMap<>();
    /** Every distinct choice, once: equal choices share one number, so their union is scored once. */
    private final Map<List<Bytes>, Chosen> chosenByIds = new HashMap<>();
    /** The union score of two children's choices, by their numbers. */
    private final Map<Long, Score> unionScores = new HashMap<>();

    private final OpState[] ops;
    /**
     * Per operator: when its first device is free, the least of its devices' busy-until times (a
     * flat array, so the checks sent on every arrival read one word instead of the operator's state).
     */
    private final long[] freeAt;
    /** Per node: the operators with a job there, in the order first queued (merge readiness checks are sent to them). */
    private final int[][] jobOps;
    /** Per node and operator of {@link #jobOps}: its jobs there waiting to start (a check can matter to it only then). */
    private final int[][] waitingAt;

    private final int[] jobOpCount;
    /**
     * (key index · nodes + ordinal) of every job queued, so a widened plan never repeats one: a
     * bit per pair for the network's own keys, a set for keys staked during the run (grinders').
     */
    private final java.util.BitSet plannedPairs = new java.util.BitSet();

    private final java.util.Set<Long> plannedOther = new java.util.HashSet<>();

    private final EventQueue events;
    private long seq, now;
    final BigInteger share;
    final ModelStats.Block stats;
    int maxRound;
    /** Set once the block's trees are judged: its records need not be signed ahead any more ({@link ModelNet#signLater}). */
    volatile boolean over;

    BlockRun(
            ModelNet net,
            BlockHeader header,
            BlockDraw draw,
            RegistrySnapshot reg,
            long acceptedAt,
            long deadline,
            PublicOutputs[] outputs,
            ModelStats.Block stats) {
        this.net = net;
        this.header = header;
        this.block = header.block();
        this.draw = draw;
        this.reg = reg;
        this.acceptedAt = acceptedAt;
        this.deadline = deadline;
        this.params = draw.params();
        this.shape = draw.shape();
        this.nodes = shape.nodes();
        this.outputs = outputs;
        this.stats = stats;
        this.endMs = (deadline - acceptedAt + 1) * net.cfg.l1Ms();
        int m = nodes.size();
        alphas = new byte[m][];
        alphaFold = new long[m];
        IntStream.range(0, m).parallel().forEach(i -> {
            alphas[i] = draw.alpha(nodes.get(i));
            alphaFold[i] = ModelVrf.fold(ModelVrf.words(alphas[i]));
        });
        int np = net.provers.size();
        stakedBase = new boolean[np];
        stakedMerge = new boolean[np];
        for (int i = 0; i < np; i++) {
            Bytes pk = net.provers.get(i).pk;
            stakedBase[i] = reg.whyNotStaked(pk, Role.BASE) == null;
            stakedMerge[i] = reg.whyNotStaked(pk, Role.MERGE) == null;
        }
        events = net.events(endMs);
        precheck = net.prechecker(block);
        made = new NodeRecs[m];
        jobOps = new int[m][];
        waitingAt = new int[m][];
        jobOpCount = new int[m];
        chosenByMask = new MaskMemo[m];
        for (int i = 0; i < m; i++) {
            made[i] = new NodeRecs();
        }
        // every proof is added to the assembler with its children and score when its job ends
        // ({@link #done}), before any job can choose it: the assembler never looks one up
        assembler = new TreeAssembler(
                params.proofsPerNode(),
                id -> {
                    throw new IllegalStateException("proof " + id + " was not added to the block's assembler");
                },
                p -> {
                    throw new IllegalStateException("proof " + p.id() + " was not added to the block's assembler");
                });
        ops = new OpState[net.operators.size()];
        if (ops.length > OP_MASK || endMs >= 1L << (63 - TIME_SHIFT))
            throw new IllegalArgumentException("at most " + OP_MASK + " operators and a window under 2^"
                    + (63 - TIME_SHIFT) + " ms fit a record's arrival word; got " + ops.length + " operators, "
                    + endMs + " ms");
        freeAt = new long[ops.length];
        BigInteger pool = header.totalFees().add(params.blockReward());
        BigInteger network =
                pool.multiply(BigInteger.valueOf(header.feeSplitPpm())).divide(BigInteger.valueOf(1_000_000));
        share = network.divide(BigInteger.valueOf((long) shape.numNodes() * params.proofsPerNode()));
    }

    long now() {
        return now;
    }

    /**
     * Whether key {@code p} is staked for nodes needing {@code role} in the block's frozen
     * registry: looked up once per block for the network's own keys (any thread may ask).
     */
    boolean staked(Actors.Prover p, Role role) {
        if (own(p)) return (role == Role.BASE ? stakedBase : stakedMerge)[p.index];
        return reg.whyNotStaked(p.pk, role) == null;
    }

    long height(long t) {
        return acceptedAt + t / net.cfg.l1Ms();
    }

    /** u of a key at node {@code i}: the modelled VRF's fast path, or SHA-256 in PUBLIC mode. */
    long u(Actors.Prover p, int i) {
        if (params.mode() == VrfMode.PUBLIC) return Seeds.u(VrfMode.publicBeta(p.key.publicKey(), alphas[i]));
        return ModelVrf.u(p.k64, alphaFold[i]);
    }

    /** Runs the window: plans, data, jobs, submissions, until nothing is left to do or the window closes. */
    void run(Actors.Sequencer seq, boolean[] withheld) {
        for (Actors.Operator o : net.operators) {
            OpState s = new OpState();
            s.online = o.offlineLeft == 0;
            s.busyUntil = new long[o.devices.size()];
            ops[o.index] = s;
        }
        plan(0, null);
        net.grind(this);
        for (Actors.Operator o : net.operators) {
            if (!ops[o.index].online || withheld[o.index]) continue;
            boolean early = seq.strategy.traits().colludes();
            push(early ? 0 : net.latency(-1 - seq.index, o.index), BASE_EVENT, o.index, 0, null);
        }
        for (int k = 1; ; k++) {
            long t = k * params.eligibilityRound() * net.cfg.l1Ms();
            if (params.eligibilityRound() == 0 || t >= endMs || k > params.openRound()) break;
            push(t, ROUND, k, 0, null);
        }
        while (!events.isEmpty()) {
            long time = events.time();
            int type = events.type(), a = events.a(), b = events.b();
            Object payload = events.payload();
            events.pop();
            if (time >= endMs) {
                if (type == DONE) finishLate((Started) payload);
                continue;
            }
            now = time;
            switch (type) {
                case BASE_EVENT -> {
                    ops[a].data = true;
                    dispatch(a);
                }
                case DONE -> done(a, b, (Started) payload);
                case CHECK -> {
                    if (freeAt[a] <= now) dispatch(a); // else no device is free: dispatching would start nothing
                }
                default -> widen(a);
            }
        }
        now = endMs;
    }

    private void push(long t, int type, int a, int b, Object payload) {
        events.push(t, seq++, type, a, b, payload);
    }

    // ---- planning ------------------------------------------------------------------------------

    /**
     * Plans every online operator's keys for liveness round {@code round}: the draws at the nodes
     * in {@code only} (every node when null), eligibility, then the scheduler's planner and the
     * operator's selection.
     */
    private void plan(int round, boolean[] only) {
        int m = nodes.size();
        List<Actors.Prover> keys = new ArrayList<>();
        // the online operators, each with its keys at keys[from[q]..from[q + 1])
        List<Actors.Operator> planning = new ArrayList<>();
        List<Integer> from = new ArrayList<>();
        for (Actors.Operator o : net.operators) {
            if (!ops[o.index].online) continue;
            planning.add(o);
            from.add(keys.size());
            keys.addAll(o.keys);
        }
        from.add(keys.size());
        // per node, the eligible keys (parallel over nodes), then per key its eligible nodes
        Eligibility eb = reg.eligibility(Role.BASE, round), em = reg.eligibility(Role.MERGE, round);
        int[][] elig = new int[m][];
        long[][] us = new long[m][];
        int nk = keys.size();
        boolean[] base = new boolean[nk], merge = new boolean[nk];
        long[] k64 = new long[nk];
        for (int j = 0; j < nk; j++) {
            base[j] = staked(keys.get(j), Role.BASE);
            merge[j] = staked(keys.get(j), Role.MERGE);
            k64[j] = keys.get(j).k64;
        }
        boolean model = params.mode() != VrfMode.PUBLIC;
        // in chunks of nodes, each with one array for its draws: every key's draw first, in a loop
        // without branches (the JIT vectorises it), then the test
        int chunk = 64;
        IntStream.range(0, (m + chunk - 1) / chunk).parallel().forEach(c -> {
            long[] all = new long[nk];
            for (int i = c * chunk; i < Math.min(m, (c + 1) * chunk); i++) {
                if (only != null && !only[i]) continue;
                boolean isBase = nodes.get(i).level() == 0;
                BigInteger threshold = (isBase ? eb : em).threshold();
                boolean[] staked = isBase ? base : merge;
                if (threshold.bitLength() > 64) { // no one passes
                    elig[i] = new int[0];
                    us[i] = new long[0];
                    continue;
                }
                // u ≥ threshold (unsigned), as a signed comparison after flipping the sign bits
                long flipped = threshold.longValue() ^ Long.MIN_VALUE;
                if (model) {
                    long a = alphaFold[i];
                    for (int j = 0; j < nk; j++) all[j] = ModelVrf.mix(k64[j] ^ a);
                } else {
                    for (int j = 0; j < nk; j++) all[j] = staked[j] ? u(keys.get(j), i) : 0;
                }
                int[] who = new int[16];
                long[] uu = new long[16];
                int n = 0;
                for (int j = 0; j < nk; j++) { // about 8 keys of 1000 pass, so the branch is predicted
                    long u = all[j];
                    if ((u ^ Long.MIN_VALUE) < flipped || !staked[j]) continue;
                    if (n == who.length) {
                        who = Arrays.copyOf(who, n * 2);
                        uu = Arrays.copyOf(uu, n * 2);
                    }
                    who[n] = j;
                    uu[n++] = u;
                }
                elig[i] = Arrays.copyOf(who, n);
                us[i] = Arrays.copyOf(uu, n);
            }
        });
        List<List<OwnDraw>> draws = new ArrayList<>(keys.size());
        for (int j = 0; j < keys.size(); j++) draws.add(new ArrayList<>());
        for (int i = 0; i < m; i++) {
            if (elig[i] == null) continue;
            for (int x = 0; x < elig[i].length; x++) {
                Actors.Prover p = keys.get(elig[i][x]);
                if (planned(p, i)) continue; // widened: planned before
                draws.get(elig[i][x]).add(new OwnDraw(nodes.get(i), us[i][x], true, true));
            }
        }
        // per operator: every key's candidates (each ranked with its own key), one selection over
        // them all; operators plan side by side (each has its own planner and selection, and a key's
        // operator is the one whose keys hold it), and their jobs are queued in operator order
        net.clockMs = now;
        int np = planning.size();
        List<List<NodeChoice>> selected = new ArrayList<>(java.util.Collections.nCopies(np, null));
        List<Map<NodeChoice, Actors.Prover>> owners = new ArrayList<>(java.util.Collections.nCopies(np, null));
        IntStream.range(0, np).parallel().forEach(q -> {
            Actors.Operator o = planning.get(q);
            List<NodeChoice> cands = null;
            Map<NodeChoice, Actors.Prover> owner = null;
            for (int j = from.get(q); j < from.get(q + 1); j++) {
                if (draws.get(j).isEmpty()) continue;
                Actors.Prover p = keys.get(j);
                for (NodeChoice c : o.planner.candidates(context(p), draws.get(j))) {
                    if (cands == null) {
                        cands = new ArrayList<>();
                        owner = new java.util.IdentityHashMap<>();
                    }
                    cands.add(c);
                    owner.put(c, p);
                }
            }
            if (cands == null) return; // no candidate: no selection, as before
            selected.set(q, o.selection.select(context(o.own), cands));
            owners.set(q, owner);
        });
        for (int q = 0; q < np; q++) {
            if (selected.get(q) == null) continue;
            for (NodeChoice c : selected.get(q)) queue(owners.get(q).get(c), c);
        }
    }

    BlockContext context(Actors.Prover p) {
        return new BlockContext(draw, reg, p.key, share, endMs, net.othersFeeBurn());
    }

    /** Queues a job of key {@code p} on its operator's devices. */
    void queue(Actors.Prover p, NodeChoice c) {
        int ord = shape.ordinal(c.node());
        int o = p.operator;
        Job job = new Job(p, c.node(), ord, c, seq++);
        if (c.node().level() > 0) {
            job.leftOrd = shape.ordinal(c.node().left());
            job.rightOrd = shape.ordinal(c.node().right());
        }
        enqueue(ops[o], job);
        job.slot = jobOpSlot(ord, o);
        waitingAt[ord][job.slot]++;
        long pair = (long) p.index * nodes.size() + ord;
        if (own(p) && pair <= Integer.MAX_VALUE) plannedPairs.set((int) pair);
        else plannedOther.add(pair);
    }

    private boolean planned(Actors.Prover p, int ord) {
        long pair = (long) p.index * nodes.size() + ord;
        return own(p) && pair <= Integer.MAX_VALUE ? plannedPairs.get((int) pair) : plannedOther.contains(pair);
    }

    /** Whether {@code p} is one of the network's own keys (numbered 0..provers-1). */
    private boolean own(Actors.Prover p) {
        return p.index < stakedBase.length && net.provers.get(p.index) == p;
    }

    /** A new liveness round: plan the nodes no one has proven yet, for the keys eligible now. */
    private void widen(int round) {
        boolean[] open = new boolean[nodes.size()];
        boolean any = false;
        for (int i = 0; i < open.length; i++) {
            open[i] = made[i].n == 0; // no usable proof yet
            any |= open[i];
        }
        if (!any) return;
        maxRound = Math.max(maxRound, round);
        plan(round, open);
        for (int o = 0; o < ops.length; o++) if (ops[o].online) dispatch(o);
    }

    // ---- devices -------------------------------------------------------------------------------

    /** Starts the best ready jobs on the operator's free devices. */
    private void dispatch(int o) {
        OpState s = ops[o];
        Actors.Operator op = net.operators.get(o);
        while (true) {
            int dev = -1;
            for (int d = 0; d < s.busyUntil.length; d++)
                if (s.busyUntil[d] <= now) {
                    dev = d;
                    break;
                }
            if (dev < 0 || s.waiting == 0) return;
            Job best = null;
            int at = 0;
            for (int n = s.waiting; at < n; at++) { // in scheduler order: the first ready one is the best
                Job j = s.pending[at];
                if (ready(o, j)) {
                    best = j;
                    break;
                }
            }
            if (best == null) return;
            System.arraycopy(s.pending, at + 1, s.pending, at, --s.waiting - at);
            s.pending[s.waiting] = null;
            waitingAt[best.ord][best.slot]--;
            if (outranked(o, best)) {
                stats.dropped(best.prover);
                continue;
            }
            // the fastest free device for this kind
            JobKind kind = best.choice.kind();
            long ms = Long.MAX_VALUE;
            for (int d = 0; d < s.busyUntil.length; d++) {
                if (s.busyUntil[d] <= now && op.ms[d][kind.ordinal()] < ms) {
                    ms = op.ms[d][kind.ordinal()];
                    dev = d;
                }
            }
            Chosen left = null, right = null;
            Score below = Score.ZERO;
            if (best.level > 0) {
                Chosen l = chosen(o, best.leftOrd);
                Chosen r = chosen(o, best.rightOrd);
                if (l.records.isEmpty()
                        || r.records.isEmpty()) { // every candidate's tree broke the limits: wait for more
                    enqueue(s, best);
                    waitingAt[best.ord][best.slot]++;
                    return;
                }
                left = l;
                right = r;
                pick(l);
                pick(r);
                if (best.level == shape.depth()) // a root's tree score decides its submission
                below = unionScores.computeIfAbsent(
                        ((long) l.id << 32) | r.id, k -> assembler.unionScore(List.of(l.records, r.records)));
            }
            s.busyUntil[dev] = now + ms;
            long first = Long.MAX_VALUE;
            for (long b : s.busyUntil) first = Math.min(first, b);
            freeAt[o] = first;
            if (net.jobLog != null) net.jobLog.started(block, o, dev, now, now + ms);
            Started st = new Started(best, left, right, below, ms, now + ms, o);
            if (now + ms < endMs) { // a job ending after the window makes no record
                toMake.add(st);
                if (toMake.size() == RECORD_BATCH) handOver();
            }
            push(now + ms, DONE, o, dev, st);
        }
    }

    /**
     * The assembler's choice among the proofs of node {@code ord} known to operator {@code o},
     * remembered per candidate set: it depends on the set alone, and the provers of one parent
     * node mostly see the same proofs of its children. A set is a bit mask over the usable proofs
     * made at the node (in the order made), so looking one up compares a single long.
     */
    private Chosen chosen(int o, int ord) {
        NodeRecs at = made[ord];
        if (at.n > 64) {
            List<ProofRecord> candidates = known(o, ord);
            return chosenByCandidates.computeIfAbsent(ids(candidates), k -> intern(assembler.choose(candidates), at));
        }
        long mask = 0;
        for (int x = 0; x < at.n; x++) if (knownAt(at, x, o)) mask |= 1L << x;
        MaskMemo memo = chosenByMask[ord];
        if (memo == null) chosenByMask[ord] = memo = new MaskMemo();
        Chosen c = memo.get(mask);
        if (c == null) {
            List<ProofRecord> candidates = new ArrayList<>(Long.bitCount(mask));
            for (int x = 0; x < at.n; x++) if ((mask >>> x & 1) != 0) candidates.add(at.recs[x].record);
            c = intern(assembler.choose(candidates), at);
            memo.put(mask, c);
        }
        return c;
    }

    /**
     * The choices at one node by candidate mask: a node sees only a few distinct sets of known
     * proofs in a block, so a scan of a flat array beats hashing a boxed key.
     */
    private static final class MaskMemo {
        /** Past this many sets, the rest go to a hash map (a scan would cost more than it saves). */
        static final int SCAN = 16;

        final long[] masks = new long[SCAN];
        final Chosen[] chosen = new Chosen[SCAN];
        int size;
        Map<Long, Chosen> more;

        Chosen get(long mask) {
            for (int i = 0; i < size; i++) if (masks[i] == mask) return chosen[i];
            return more == null ? null : more.get(mask);
        }

        void put(long mask, Chosen c) {
            if (size < SCAN) {
                masks[size] = mask;
                chosen[size++] = c;
            } else {
                if (more == null) more = new HashMap<>();
                more.put(mask, c);
            }
        }
    }

    /** The one {@link Chosen} of a choice's records (of the proofs {@code at} one node). */
    private Chosen intern(List<ProofRecord> records, NodeRecs at) {
        List<Bytes> ids = ids(records);
        Chosen c = chosenByIds.get(ids);
        if (c == null) {
            Rec[] recs = new Rec[records.size()];
            for (int x = 0; x < recs.length; x++) recs[x] = find(at, records.get(x));
            c = new Chosen(chosenByIds.size(), List.copyOf(records), List.copyOf(ids), recs);
            chosenByIds.put(c.ids, c);
        }
        return c;
    }

    /** The run of {@code record}, one of the usable proofs {@code at} its node. */
    private static Rec find(NodeRecs at, ProofRecord record) {
        for (int x = 0; x < at.n; x++) if (at.recs[x].record == record) return at.recs[x];
        throw new IllegalStateException("proof " + record.id() + " is not one made at its node");
    }

    private static List<Bytes> ids(List<ProofRecord> l) {
        List<Bytes> out = new ArrayList<>(l.size());
        for (ProofRecord p : l) out.add(p.id());
        return out;
    }

    /** Adds a job to a pending list kept in scheduler order ({@link #before}). */
    private static void enqueue(OpState s, Job j) {
        int lo = 0, hi = s.waiting;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (before(s.pending[mid], j)) lo = mid + 1;
            else hi = mid;
        }
        if (s.waiting == s.pending.length) s.pending = Arrays.copyOf(s.pending, 2 * s.waiting);
        System.arraycopy(s.pending, lo, s.pending, lo + 1, s.waiting++ - lo);
        s.pending[lo] = j;
    }

    /** Scheduler order: higher level, then higher expected reward, then the order planned. */
    private static boolean before(Job a, Job b) {
        if (a.level != b.level) return a.level > b.level;
        int c = a.choice.expectedReward().compareTo(b.choice.expectedReward());
        return c != 0 ? c > 0 : a.seq < b.seq;
    }

    private boolean ready(int o, Job j) {
        if (j.level == 0) return ops[o].data;
        if ((j.known & 1) == 0) {
            if (!hasKnown(o, j.leftOrd)) return false;
            j.known |= 1;
        }
        if ((j.known & 2) == 0) {
            if (!hasKnown(o, j.rightOrd)) return false;
            j.known |= 2;
        }
        return true;
    }

    /** Whether PROOFS_PER_NODE usable proofs known here outscore the job's own: it could not be included. */
    private boolean outranked(int o, Job j) {
        NodeRecs at = made[j.ord];
        if (at.made < params.proofsPerNode()) return false; // too few proofs made there at all
        Score own = j.choice.ownScore();
        int better = 0;
        for (int x = 0; x < at.n; x++) {
            if (!arrived(at.arrival[x], o)) continue;
            int c = Long.compareUnsigned(at.scores[2 * x], own.hi());
            if (c > 0 || c == 0 && Long.compareUnsigned(at.scores[2 * x + 1], own.lo()) > 0) better++;
        }
        return better >= params.proofsPerNode();
    }

    private boolean arrived(Rec r, int o) {
        return r.time + net.latency(r.op, o) <= now;
    }

    /** The same for a record's arrival word ({@link NodeRecs#arrival}). */
    private boolean arrived(long word, int o) {
        return (word >>> TIME_SHIFT) + net.latency((int) (word & OP_MASK), o) <= now;
    }

    /**
     * Usable record {@code x} of {@code at} has reached operator {@code o} with its included
     * children (deeper ones came earlier: jitter ≤ latency).
     */
    private boolean knownAt(NodeRecs at, int x, int o) {
        long v = at.arrival[x];
        if (!arrived(v, o)) return false;
        if ((v & KIDS_FIRST) != 0) return true;
        for (Rec c : at.recs[x].kids) if (!arrived(c, o)) return false;
        return true;
    }

    private boolean hasKnown(int o, int ord) {
        NodeRecs at = made[ord];
        for (int x = 0; x < at.n; x++) if (knownAt(at, x, o)) return true;
        return false;
    }

    private List<ProofRecord> known(int o, int ord) {
        NodeRecs at = made[ord];
        List<ProofRecord> out = new ArrayList<>();
        for (int x = 0; x < at.n; x++) if (knownAt(at, x, o)) out.add(at.recs[x].record);
        return out;
    }

    /**
     * The records made at one node, in the order made; the usable ones also in flat arrays, which
     * the event loop's arrival checks read (tens of thousands a block) instead of each record.
     */
    private static final class NodeRecs {
        /** Records made at the node, usable or not. */
        int made;
        /** The usable ones: {@code recs[0..n)}, with their {@link #arrival} words and scores (high, low) in step. */
        int n;

        Rec[] recs = new Rec[4];
        /** Per usable record: (time ≪ {@link #TIME_SHIFT}) | {@link #KIDS_FIRST} when {@link Rec#kidsFirst} | operator. */
        long[] arrival = new long[4];

        long[] scores = new long[8];

        /** Adds a record once its children ({@link Rec#kids}, {@link Rec#kidsFirst}) are set. */
        void add(Rec r) {
            made++;
            if (!r.usable) return;
            if (n == recs.length) {
                recs = Arrays.copyOf(recs, 2 * n);
                arrival = Arrays.copyOf(arrival, 2 * n);
                scores = Arrays.copyOf(scores, 4 * n);
            }
            recs[n] = r;
            arrival[n] = r.time << TIME_SHIFT | (r.kidsFirst ? KIDS_FIRST : 0) | r.op;
            scores[2 * n] = r.score.hi();
            scores[2 * n + 1] = r.score.lo();
            n++;
        }
    }

    /** The parts of an arrival word ({@link NodeRecs#arrival}): the operator, the kids-first flag, the time above them. */
    private static final int TIME_SHIFT = 22;

    private static final long OP_MASK = (1L << 21) - 1, KIDS_FIRST = 1L << 21;

    // ---- proofs --------------------------------------------------------------------------------

    private void done(int op, int dev, Started st) {
        Job j = st.job;
        Rec r = record(st);
        net.noteBurn(r);
        if (j.level == shape.depth()) r.treeScore = st.below.plus(r.score);
        if (st.left != null) {
            Rec[] kids = Arrays.copyOf(st.left.recs, st.left.recs.length + st.right.recs.length);
            System.arraycopy(st.right.recs, 0, kids, st.left.recs.length, st.right.recs.length);
            r.kids = kids;
            long last = Long.MIN_VALUE;
            for (Rec k : kids) last = Math.max(last, k.time);
            r.kidsFirst = last + net.cfg.jitterMs() <= r.time;
        }
        if (j.level < shape.depth()) // a root is never a candidate (its tree's score is known)
        assembler.add(r.record, r.score, st.left == null ? List.of() : List.of(st.left.records, st.right.records));
        made[j.ord].add(r);
        stats.made(r);
        // the device is free from now (its busyUntil is now), unless an event at this same
        // millisecond that came first has started its next job there already: so it is not reset
        dispatch(op);
        if (j.level < shape.depth()) {
            int parent = shape.ordinal(j.node.parent());
            int[] at = jobOps[parent], waiting = waitingAt[parent];
            for (int x = 0, n = jobOpCount[parent]; x < n; x++) {
                int w = at[x];
                if (w == op || waiting[x] == 0) continue;
                long t = now + net.latency(op, w);
                if (!busyThrough(w, t)) push(t, CHECK, w, 0, null);
            }
        } else if (r.usable) {
            net.submit(this, r);
        }
    }

    /**
     * Whether every device of operator {@code o} is running a job that ends at {@code t} or later:
     * a check at {@code t} would find no free device, and each job's end dispatches anyway, seeing
     * everything that arrived by then.
     */
    private boolean busyThrough(int o, long t) {
        long first = freeAt[o];
        return first > now && first >= t;
    }

    /** Operator {@code o}'s place in {@link #jobOps} at node {@code ord}, added when it has none. */
    private int jobOpSlot(int ord, int o) {
        int n = jobOpCount[ord];
        int[] at = jobOps[ord];
        for (int x = 0; x < n; x++) if (at[x] == o) return x;
        if (at == null) {
            jobOps[ord] = at = new int[4];
            waitingAt[ord] = new int[4];
        } else if (n == at.length) {
            jobOps[ord] = at = Arrays.copyOf(at, 2 * n);
            waitingAt[ord] = Arrays.copyOf(waitingAt[ord], 2 * n);
        }
        at[n] = o;
        jobOpCount[ord] = n + 1;
        return n;
    }

    /**
     * Hands the jobs started since the last hand-over to the records' thread, in one batch. Each
     * record goes to whichever thread claims it first: the records' thread in order, or the event
     * loop when the job ends before its record was made, so the loop never waits on a queue.
     */
    private void handOver() {
        List<Started> batch = toMake;
        toMake = new ArrayList<>(RECORD_BATCH);
        for (Started st : batch) st.handed = true;
        List<Rec> sign = takeToSign();
        net.makeRecords(() -> {
            // from the last: the loop needs them from the first (they end about in the order
            // started), so the two threads meet once per batch instead of racing for each record
            for (int i = batch.size() - 1; i >= 0; i--) {
                Started st = batch.get(i);
                if (STATE.compareAndSet(st, OPEN, CLAIMED)) makeInto(st);
            }
            for (Rec r : sign) net.signLater(this, r);
            net.signWhileIdle();
        });
    }

    /**
     * Records a started merge included for the first time since the last hand-over: signed ahead
     * on the records' thread with the next batch, where that is done ({@link ModelNet#signAhead}),
     * so a submission late in the block finds them signed. Only these: a record no merge includes
     * is in no tree, and so never goes to the contract (a root is signed when it is submitted).
     * (Not handed over on their own: waking the records' thread when it is idle, late in a block,
     * took the event loop's core from it at that moment on 2 cores.)
     */
    private List<Rec> toSign = new ArrayList<>(RECORD_BATCH);

    /** Queues the records of {@code c}, a choice a merge starting now includes, to be signed ahead (each once). */
    private void pick(Chosen c) {
        if (precheck == null) return;
        for (Rec r : c.recs) {
            if (r.picked) continue;
            r.picked = true;
            toSign.add(r);
        }
    }

    private List<Rec> takeToSign() {
        if (toSign.isEmpty()) return List.of();
        List<Rec> out = toSign;
        toSign = new ArrayList<>(RECORD_BATCH);
        return out;
    }

    /** Makes {@code st}'s record (on the records' thread ahead of the job's end, or on the event loop at its end). */
    private void makeInto(Started st) {
        try {
            Job j = st.job;
            List<List<Bytes>> children = st.left == null ? List.of() : List.of(st.left.ids, st.right.ids);
            st.rec = net.makeRecord(this, j.prover, st.op, j.node, j.ord, j.choice, children, st.ms, st.end);
        } catch (RuntimeException | Error e) {
            st.failure = e;
        }
        st.state = MADE; // publishes rec and failure
    }

    /** The finished job's record: made on the records' thread, or here if it has not started on it. */
    private Rec record(Started st) {
        if (!st.handed) toMake.remove(st);
        if (STATE.compareAndSet(st, OPEN, CLAIMED)) makeInto(st);
        else
            for (int spins = 0; st.state != MADE; spins++) { // being made: a few microseconds
                if (spins < 1000) Thread.onSpinWait();
                else Thread.yield();
            }
        if (st.failure instanceof RuntimeException re) throw re;
        if (st.failure instanceof Error err) throw err;
        return st.rec;
    }

    /** A job that finishes after the window closed: its time was spent for nothing. */
    private void finishLate(Started st) {
        stats.late(st.job.prover, st.ms);
    }

    /**
     * The records of the tree under {@code root}, each once, breadth-first. Reads only the records'
     * resolved children ({@link Rec#kids}, set before a record is shared); a record is marked seen
     * with the walk's number ({@link Rec#walk}), so one thread at a time may ask (the contract's).
     */
    List<Rec> tree(Rec root) {
        int w = ++walks;
        // sized for the most a tree can hold (PROOFS_PER_NODE per node): growing it to a 1024-tx
        // block's ~2300 records was about an eighth of a submission's time on the contract's thread
        List<Rec> out = new ArrayList<>(nodes.size() * params.proofsPerNode());
        out.add(root);
        root.walk = w;
        for (int i = 0; i < out.size(); i++) { // the list is the queue
            for (Rec k : out.get(i).kids) {
                if (k.walk == w) continue;
                k.walk = w;
                out.add(k);
            }
        }
        return out;
    }

    /** Walks made by {@link #tree}. */
    private int walks;
}
