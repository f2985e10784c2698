package io.coprover.scheduler;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.Score;
import io.coprover.protocol.TreeAssembler;
import io.coprover.protocol.TreeShape;
import io.coprover.protocol.VrfMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The job DAG of one block for this prover. Base jobs of the plan are submitted at once; the job
 * of a planned merge (or root) node is submitted as soon as both its children have at least one
 * proof (its own or another prover's, from {@link #observe}), including per child the
 * 1..PROOFS_PER_NODE proofs whose trees together score the most within the whole-tree limits
 * ({@link #best}). When a better child proof arrives while that job
 * is still queued, the job is replaced (its inputs, hence its id, change); once running it stays.
 * A job whose id the scheduler already knows or has stored is not run again.
 */
public final class BlockDag {
    private final Scheduler scheduler;
    private final long block;
    private final Bytes blockDigest;
    private final TreeShape shape;
    private final Bytes prover;
    private final long deadline;
    private final ProofScorer scorer;
    private final int k;
    private final Map<NodeId, NodeChoice> plan = new LinkedHashMap<>();
    private final Map<NodeId, Bytes> vrfProofs;
    /** Every proof known per node, by id, with its score. */
    private final Map<NodeId, Map<Bytes, Scored>> proofs = new HashMap<>();

    private final Map<NodeId, JobId> current = new HashMap<>();
    private final Map<NodeId, ProofRecord> own = new HashMap<>();
    /** Every known proof by id, and the assembler that chooses merge inputs over them. */
    private final Map<Bytes, Scored> byId = new HashMap<>();

    private final TreeAssembler assembler;
    private boolean started;

    private record Scored(ProofRecord proof, Score score, Bytes pkHash) {}

    /** Best first: higher score, then lower SHA-256(pk) (the ranking rule). */
    private static final Comparator<Scored> BEST = (a, b) -> {
        int c = b.score.compareTo(a.score);
        return c != 0 ? c : a.pkHash.compareTo(b.pkHash);
    };

    /**
     * @param blockDigest a 32-byte commitment to the block's txs (e.g. the header's tx commitment)
     * @param plan        the nodes to prove ({@link Planner#plan})
     * @param vrfProofs   this prover's VRF proof per planned node (PRIVATE mode; empty in PUBLIC mode)
     */
    public BlockDag(
            Scheduler scheduler,
            long block,
            Bytes blockDigest,
            TreeShape shape,
            Bytes prover,
            long deadline,
            ProofScorer scorer,
            int proofsPerNode,
            List<NodeChoice> plan,
            Map<NodeId, Bytes> vrfProofs) {
        if (scheduler == null
                || blockDigest == null
                || shape == null
                || prover == null
                || scorer == null
                || plan == null) {
            throw new IllegalArgumentException(
                    "block DAG: scheduler, digest, shape, prover, scorer and plan are required");
        }
        if (proofsPerNode < 1) throw new IllegalArgumentException("block DAG: proofsPerNode must be ≥ 1");
        this.scheduler = scheduler;
        this.block = block;
        this.blockDigest = blockDigest;
        this.shape = shape;
        this.prover = prover;
        this.deadline = deadline;
        this.scorer = scorer;
        this.k = proofsPerNode;
        for (NodeChoice c : plan) {
            if (!shape.contains(c.node()))
                throw new IllegalArgumentException("block DAG: planned node " + c.node() + " is not in the tree");
            if (plan.stream().filter(o -> o.node().equals(c.node())).count() > 1)
                throw new IllegalArgumentException("block DAG: node " + c.node() + " planned twice");
            this.plan.put(c.node(), c);
        }
        this.vrfProofs = vrfProofs == null ? Map.of() : Map.copyOf(vrfProofs);
        this.assembler = new TreeAssembler(
                proofsPerNode,
                id -> {
                    Scored s = byId.get(id);
                    return s == null ? null : s.proof;
                },
                p -> {
                    Scored s = byId.get(p.id());
                    return s != null ? s.score : scorer.score(p);
                });
    }

    /** The DAG of a planned block: VRF proofs made for the planned nodes in PRIVATE mode, scores from the draw. */
    public static BlockDag of(Scheduler scheduler, BlockContext ctx, Bytes blockDigest, List<NodeChoice> plan) {
        Map<NodeId, Bytes> vrf = new HashMap<>();
        VrfMode mode = ctx.draw().params().mode();
        if (mode == VrfMode.PRIVATE) {
            for (NodeChoice c : plan)
                vrf.put(
                        c.node(),
                        Bytes.of(
                                mode.draw(ctx.key(), ctx.draw().alpha(c.node())).proof()));
        }
        return new BlockDag(
                scheduler,
                ctx.draw().block(),
                blockDigest,
                ctx.draw().shape(),
                ctx.prover(),
                ctx.deadline(),
                ProofScorer.of(ctx.draw()),
                ctx.proofsPerNode(),
                plan,
                vrf);
    }

    /** Submits the planned base jobs (and any merge whose children are already known). */
    public synchronized void start() {
        if (started) return;
        started = true;
        for (NodeChoice c : plan.values()) {
            if (c.node().level() == 0) submit(c, List.of(), List.of());
            else tryMerge(c.node());
        }
    }

    /**
     * A valid proof of this block (another prover's from gossip, or our own): remembered for the
     * merges above it, and reported to the scheduler so hopeless jobs of its node are cancelled.
     */
    public synchronized void observe(ProofRecord p) {
        if (record(p) && started && p.node().level() < shape.depth())
            tryMerge(p.node().parent());
    }

    /**
     * Observes several proofs at once (e.g. one round of gossip), then considers each affected
     * merge once, bottom-up: the merge includes the best children of the whole batch, whatever
     * order the proofs arrived in.
     */
    public synchronized void observeAll(Collection<ProofRecord> ps) {
        for (ProofRecord p : ps) checkProof(p);
        java.util.TreeSet<NodeId> parents = new java.util.TreeSet<>();
        for (ProofRecord p : ps) {
            if (record(p) && p.node().level() < shape.depth())
                parents.add(p.node().parent());
        }
        if (started) for (NodeId n : parents) tryMerge(n);
    }

    private void checkProof(ProofRecord p) {
        if (p.block() != block)
            throw new IllegalArgumentException("block DAG " + block + ": proof of block " + p.block());
        if (!shape.contains(p.node()))
            throw new IllegalArgumentException(
                    "block DAG " + block + ": proof of node " + p.node() + " outside the tree");
    }

    /** Remembers a proof; false if it was known. */
    private boolean record(ProofRecord p) {
        checkProof(p);
        Map<Bytes, Scored> m = proofs.computeIfAbsent(p.node(), n -> new LinkedHashMap<>());
        if (m.containsKey(p.id())) return false;
        Scored s = new Scored(p, scorer.score(p), p.prover().hash());
        m.put(p.id(), s);
        byId.put(p.id(), s);
        if (p.prover().equals(prover)) own.putIfAbsent(p.node(), p);
        else scheduler.observeProof(block, p.node(), p.prover(), s.score);
        return true;
    }

    /**
     * The proofs a merge includes for {@code child}: 1..PROOFS_PER_NODE proofs of it whose trees
     * together stay within the whole-tree limits and score the most ({@link TreeAssembler}: a
     * tree this DAG's merges root is always one {@code TreeValidator} accepts).
     */
    public synchronized List<ProofRecord> best(NodeId child) {
        Map<Bytes, Scored> m = proofs.get(child);
        if (m == null || m.isEmpty()) return List.of();
        List<ProofRecord> cands = new ArrayList<>(m.size());
        for (Scored s : m.values()) cands.add(s.proof);
        return assembler.choose(cands);
    }

    /** Our own proof of a node, once made. */
    public synchronized Optional<ProofRecord> ownProof(NodeId node) {
        return Optional.ofNullable(own.get(node));
    }

    /** Every proof known for this block. */
    public synchronized List<ProofRecord> proofs() {
        List<ProofRecord> out = new ArrayList<>();
        for (Map<Bytes, Scored> m : proofs.values()) for (Scored s : m.values()) out.add(s.proof);
        return out;
    }

    /** The id of the job currently planned for a node (null before its inputs are known). */
    public synchronized JobId jobOf(NodeId node) {
        return current.get(node);
    }

    public Collection<NodeChoice> plan() {
        return plan.values();
    }

    private void tryMerge(NodeId node) {
        NodeChoice c = plan.get(node);
        if (c == null) return;
        List<ProofRecord> l = best(node.left()), r = best(node.right());
        if (l.isEmpty() || r.isEmpty()) return;
        JobId prev = current.get(node);
        if (prev != null) {
            JobState st = scheduler.job(prev).map(JobSnapshot::state).orElse(JobState.QUEUED);
            if (st == JobState.RUNNING || st == JobState.DONE) return;
            if (st == JobState.QUEUED) {
                JobInputs next = inputs(c, l, r);
                if (next.id().equals(prev)) return;
                scheduler.cancel(prev, "superseded by better child proofs");
            }
        }
        submit(c, l, r);
    }

    private JobInputs inputs(NodeChoice c, List<ProofRecord> l, List<ProofRecord> r) {
        return new JobInputs(
                block, blockDigest, shape, c.node(), prover, vrfProofs.get(c.node()), c.feeBurnPpm(), l, r);
    }

    private void submit(NodeChoice c, List<ProofRecord> l, List<ProofRecord> r) {
        JobInputs in = inputs(c, l, r);
        current.put(c.node(), in.id());
        CompletableFuture<ProofResult> f =
                scheduler.submit(in, new JobTerms(c.expectedReward(), deadline, c.ownScore()));
        f.thenAccept(res -> observe(res.proof()));
    }
}
