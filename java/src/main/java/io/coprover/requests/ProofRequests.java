package io.coprover.requests;

import io.coprover.backend.ProvingBackend;
import io.coprover.plonk.VerificationKey;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.PublicOutputs;
import io.coprover.rollup.Account;
import io.coprover.rollup.Accumulator;
import io.coprover.rollup.BlockInputs;
import io.coprover.rollup.BlockProver;
import io.coprover.rollup.Fr;
import io.coprover.rollup.InvalidProofException;
import io.coprover.rollup.ProofChecker;
import io.coprover.rollup.Rollup;
import io.coprover.rollup.RollupKeys;
import io.coprover.rollup.TxWitness;
import io.coprover.scheduler.JobInputs;
import io.coprover.scheduler.JobKind;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds, checks and proves {@link ProofRequest}s with the rollup's own provers
 * ({@link BlockProver}, {@link ProofChecker}): the builder proves exactly what the node would,
 * and the requester checks the result with the same verifier it uses for gossip.
 *
 * <p>Thread-safe: each proof uses its own {@link BlockProver} over the shared keys.
 */
public final class ProofRequests {
    private final RollupKeys keys;

    /** Proves with {@code keys} (on any backend: the keys pool a prover per backend). */
    public ProofRequests(RollupKeys keys) {
        this.keys = keys;
    }

    public RollupKeys keys() {
        return keys;
    }

    /** {@link #check} then proves on {@code backend}. */
    public ProofRecord prove(ProofRequest request, ProvingBackend backend) {
        return prove(request, keys, backend);
    }

    // ---- building requests (the requester's side) ----

    /** The base request for a base job, with the node's witnesses from the block's inputs. */
    public static ProofRequest base(JobInputs job, BlockInputs block, long deadlineMillis) {
        if (job.kind() != JobKind.BASE) throw new IllegalArgumentException("not a base job: " + job.id());
        if (block.block() != job.block())
            throw new IllegalArgumentException(
                    "block inputs are for block " + block.block() + ", job for " + job.block());
        int i = job.node().index();
        List<TxWitness> w = block.witnesses();
        TxWitness w0 = w.get(2 * i), w1 = w.get(2 * i + 1);
        long[] mid = w1.rootBefore(), c = Rollup.combine(w0.tx().hash(), w1.tx().hash());
        PublicOutputs expected = new PublicOutputs(
                Fr.bytes(w0.rootBefore()),
                Fr.bytes(endRoot(w1)),
                Fr.bytes(c),
                BigInteger.valueOf(w0.tx().fee()).add(BigInteger.valueOf(w1.tx().fee())));
        if (!Fr.eq(mid, endRoot(w0)))
            throw new IllegalArgumentException(
                    "block inputs: tx " + (2 * i + 1) + " does not start where tx " + 2 * i + " ends");
        return new ProofRequest(
                JobKind.BASE,
                job.block(),
                job.blockDigest(),
                job.shape().txs(),
                job.node(),
                job.prover(),
                job.vrfProof(),
                job.feeBurnPpm(),
                deadlineMillis,
                new ProofRequest.Base(block.depth(), expected, w0, w1),
                null);
    }

    /**
     * The merge request for a merge or root job; {@code known} resolves the proofs below the
     * included children (the node's verified proofs of the block).
     *
     * @throws IllegalArgumentException if a proof of the subtree is unknown
     */
    public static ProofRequest merge(JobInputs job, Function<Bytes, ProofRecord> known, long deadlineMillis) {
        if (job.kind() == JobKind.BASE) throw new IllegalArgumentException("not a merge job: " + job.id());
        Map<Bytes, ProofRecord> ctx = new HashMap<>();
        Deque<ProofRecord> todo = new ArrayDeque<>(job.left());
        todo.addAll(job.right());
        while (!todo.isEmpty()) {
            for (List<Bytes> side : todo.pop().children()) {
                for (Bytes id : side) {
                    if (ctx.containsKey(id)) continue;
                    ProofRecord r = known.apply(id);
                    if (r == null)
                        throw new IllegalArgumentException(
                                "merge request: proof " + id.shortHex(12) + " below the included children is unknown");
                    ctx.put(id, r);
                    todo.push(r);
                }
            }
        }
        return new ProofRequest(
                job.kind(),
                job.block(),
                job.blockDigest(),
                job.shape().txs(),
                job.node(),
                job.prover(),
                job.vrfProof(),
                job.feeBurnPpm(),
                deadlineMillis,
                null,
                new ProofRequest.Merge(job.left(), job.right(), new ArrayList<>(ctx.values())));
    }

    private static long[] endRoot(TxWitness w) {
        Account r = w.receiver();
        return w.receiverPath()
                .rootFor(r.withBalanceAndNonce(Math.addExact(r.balance(), w.tx().amount()), r.nonce())
                        .leafHash());
    }

    // ---- checking (the builder's side, before any proving) ----

    /**
     * Checks a request's contents against the keys: for a base job the witnesses are recomputed
     * natively under the transfer rules and must chain from the start root to the expected outputs;
     * for a merge job every included child and the subtree below it must verify (one folded
     * pairing) and the context must hold nothing else.
     *
     * @throws IllegalArgumentException (witnesses, depth) or {@link InvalidProofException} (children), naming the fault
     */
    public static void check(ProofRequest req, RollupKeys keys) {
        if (req.kind() == JobKind.BASE) checkBase(req, keys.depth);
        else checkMerge(req, keys.baseVk(), keys.mergeVk(), keys.srs.x2);
    }

    static void checkBase(ProofRequest req, int keyDepth) {
        ProofRequest.Base b = req.base();
        if (b.depth() != keyDepth)
            throw new IllegalArgumentException(
                    "request: state depth " + b.depth() + ", this builder proves depth " + keyDepth);
        PublicOutputs want = b.expected();
        long[] root = Fr.fromBytes(want.startStateRoot(), "expected start root");
        BigInteger fees = BigInteger.ZERO;
        long[][] hashes = new long[2][];
        for (int i = 0; i < 2; i++) {
            TxWitness w = b.txs().get(i);
            String who = "request: tx " + i + " (" + w.tx() + ")";
            long[] before = w.rootBefore();
            if (!Fr.eq(before, root))
                throw new IllegalArgumentException(who + ": the sender's leaf and path do not give "
                        + (i == 0 ? "the start root" : "tx 0's end root"));
            root = applyChecked(w, who);
            hashes[i] = w.tx().hash();
            fees = fees.add(BigInteger.valueOf(w.tx().fee()));
        }
        if (!Fr.eq(root, Fr.fromBytes(want.endStateRoot(), "expected end root")))
            throw new IllegalArgumentException("request: the txs end at another root than the expected end root");
        if (!Fr.bytes(Rollup.combine(hashes[0], hashes[1])).equals(want.txCommitment()))
            throw new IllegalArgumentException("request: expected tx commitment is not Poseidon(txHash_0, txHash_1)");
        if (!fees.equals(want.fees()))
            throw new IllegalArgumentException(
                    "request: expected fees " + want.fees() + " are not the txs' fees " + fees);
    }

    /** The transfer rules (as {@link Rollup#apply}, over a witness instead of a tree); returns the tx's end root. */
    private static long[] applyChecked(TxWitness w, String who) {
        var tx = w.tx();
        Account s = w.sender(), r = w.receiver();
        Account s2 = s;
        if (!tx.padding()) {
            if (s.pkHash().signum() == 0)
                throw new IllegalArgumentException(who + ": sender account " + tx.from() + " does not exist");
            if (tx.nonce() != s.nonce())
                throw new IllegalArgumentException(who + ": bad nonce, the sender's nonce is " + s.nonce());
            if (tx.amount() > s.balance() - tx.fee() || tx.fee() > s.balance())
                throw new IllegalArgumentException(who + ": overdraft, the sender's balance is " + s.balance());
            if (s.nonce() + 1 >= 1L << Account.NONCE_BITS)
                throw new IllegalArgumentException(who + ": sender nonce exhausted");
            s2 = s.withBalanceAndNonce(s.balance() - tx.amount() - tx.fee(), s.nonce() + 1);
        }
        long[] mid = w.senderPath().rootFor(s2.leafHash());
        if (!Fr.eq(w.receiverPath().rootFor(r.leafHash()), mid)) {
            throw new IllegalArgumentException(
                    who + ": the receiver's leaf and path do not give the root after the sender's update");
        }
        if (r.balance() > Long.MAX_VALUE - tx.amount())
            throw new IllegalArgumentException(who + ": receiver balance would reach 2^63");
        return w.receiverPath()
                .rootFor(r.withBalanceAndNonce(r.balance() + tx.amount(), r.nonce())
                        .leafHash());
    }

    static void checkMerge(ProofRequest req, VerificationKey baseVk, VerificationKey mergeVk, long[] tauG2) {
        ProofRequest.Merge m = req.merge();
        Map<Bytes, ProofRecord> all = lookup(m);
        // the context must be exactly the subtree below the children
        Set<Bytes> reached = new HashSet<>();
        Deque<ProofRecord> todo = new ArrayDeque<>(m.left());
        todo.addAll(m.right());
        while (!todo.isEmpty()) {
            for (List<Bytes> side : todo.pop().children()) {
                for (Bytes id : side) {
                    ProofRecord r = all.get(id);
                    if (r == null)
                        throw new InvalidProofException("request: proof " + id.shortHex(12)
                                + " below the included children is missing from the context");
                    if (reached.add(id)) todo.push(r);
                }
            }
        }
        for (ProofRecord r : m.context()) {
            if (!reached.contains(r.id()))
                throw new IllegalArgumentException(
                        "request: context proof " + r.id().shortHex(12) + " is not below the included children");
        }
        String who = "request: " + req.kind() + " " + req.node();
        for (List<ProofRecord> side : List.of(m.left(), m.right())) {
            for (ProofRecord c : side) {
                if (!c.outputs().equals(side.get(0).outputs()))
                    throw new InvalidProofException(
                            who + ": included proofs of node " + c.node() + " have different outputs");
            }
        }
        if (!m.left()
                .get(0)
                .outputs()
                .endStateRoot()
                .equals(m.right().get(0).outputs().startStateRoot())) {
            throw new InvalidProofException(who + ": children do not chain (left end root != right start root)");
        }
        ProofChecker checker = new ProofChecker(baseVk, mergeVk, all::get);
        List<Accumulator.Item> items = new ArrayList<>();
        for (ProofRecord c : m.left()) items.add(checker.reduce(c).item());
        for (ProofRecord c : m.right()) items.add(checker.reduce(c).item());
        if (!Accumulator.fold(items).check(tauG2))
            throw new InvalidProofException(who + ": the included children's proofs do not verify");
    }

    private static Map<Bytes, ProofRecord> lookup(ProofRequest.Merge m) {
        Map<Bytes, ProofRecord> all = new HashMap<>();
        for (ProofRecord r : m.left()) all.put(r.id(), r);
        for (ProofRecord r : m.right()) all.put(r.id(), r);
        for (ProofRecord r : m.context()) all.put(r.id(), r);
        return all;
    }

    // ---- proving ----

    /**
     * Checks the request and proves it with {@code keys}; the record carries the request's VRF
     * proof (not bound by the SNARK, see docs/PROOFS.md §6).
     */
    public static ProofRecord prove(ProofRequest req, RollupKeys keys) {
        return prove(req, keys, null);
    }

    /** As {@link #prove(ProofRequest, RollupKeys)}, on {@code backend} (null: the keys' setup backend). */
    public static ProofRecord prove(ProofRequest req, RollupKeys keys, ProvingBackend backend) {
        check(req, keys);
        BlockProver bp = new BlockProver(keys, backend);
        ProofRecord r;
        if (req.kind() == JobKind.BASE) {
            ProofRequest.Base b = req.base();
            r = bp.proveBase(req.block(), b.depth(), req.node(), b.tx0(), b.tx1(), req.prover(), req.feeBurnPpm());
            if (!r.outputs().equals(b.expected()))
                throw new IllegalStateException("base proof outputs differ from the checked expected outputs");
        } else {
            for (ProofRecord c : req.merge().context()) bp.add(c);
            r = bp.proveMerge(
                    req.block(), req.node(), req.merge().left(), req.merge().right(), req.prover(), req.feeBurnPpm());
        }
        return new ProofRecord(
                r.block(), r.node(), r.prover(), req.vrfProof(), r.feeBurnPpm(), r.outputs(), r.children(), r.snark());
    }

    // ---- the requester's check of a result ----

    /**
     * Checks that {@code result} is a proof of exactly {@code req} (block, node, prover, VRF proof,
     * FEE_BURN, included children in order, for a base job the expected outputs) and that its SNARK
     * and, for a merge, its carried accumulator verify (one pairing over the subtree).
     *
     * @throws InvalidProofException naming the first mismatch
     */
    public static void verifyResult(
            ProofRequest req, ProofRecord result, VerificationKey baseVk, VerificationKey mergeVk) {
        String who = "builder result for " + req.kind() + " " + req.node();
        if (result.block() != req.block() || !result.node().equals(req.node()))
            throw new InvalidProofException(who + ": is for block " + result.block() + " node " + result.node());
        if (!result.prover().equals(req.prover()))
            throw new InvalidProofException(who + ": is bound to another prover");
        if (!result.vrfProof().equals(req.vrfProof()))
            throw new InvalidProofException(who + ": carries another VRF proof");
        if (result.feeBurnPpm() != req.feeBurnPpm())
            throw new InvalidProofException(
                    who + ": FEE_BURN " + result.feeBurnPpm() + " ppm, asked " + req.feeBurnPpm());
        Map<Bytes, ProofRecord> all = new HashMap<>();
        if (req.kind() == JobKind.BASE) {
            if (!result.outputs().equals(req.base().expected()))
                throw new InvalidProofException(who + ": outputs differ from the request's");
            if (!result.children().isEmpty()) throw new InvalidProofException(who + ": a base proof has no children");
        } else {
            List<List<Bytes>> want =
                    List.of(ids(req.merge().left()), ids(req.merge().right()));
            if (!result.children().equals(want))
                throw new InvalidProofException(who + ": includes other child proofs than the request's");
            all.putAll(lookup(req.merge()));
        }
        all.put(result.id(), result);
        ProofChecker checker = new ProofChecker(baseVk, mergeVk, all::get);
        Accumulator acc = checker.reduce(result).subtree();
        if (!acc.check(baseVk.x2)) throw new InvalidProofException(who + ": the SNARK does not verify");
    }

    private static List<Bytes> ids(List<ProofRecord> l) {
        return l.stream().map(ProofRecord::id).toList();
    }

    /** The node a request proves, for logs. */
    static String describe(ProofRequest r) {
        NodeId n = r.node();
        return r.kind() + " block " + r.block() + " node " + n + " for "
                + r.prover().shortHex(12);
    }
}
