package io.coprover.protocol;

import io.coprover.protocol.TreeValidation.ScoredProof;
import io.coprover.protocol.vrf.VrfResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Decides whether a submitted root and the proofs under it form a valid tree for a block
 * (PROTOCOL.md "Tree validity"), and scores it.
 *
 * <p>Checks run cheapest first so that junk is rejected before any cryptography: structure of
 * every reachable proof (breadth-first from the root), then per-node rules over the whole tree,
 * the root against the block header, then stake, signature, VRF and eligibility, then the SNARKs. The
 * cryptographic checks run in parallel when they prove costly; the reported failure is still the
 * first in breadth-first order, so the result is deterministic.
 *
 * <p>A validator serves one block, whose draw, registry and header never change, and a block's
 * trees are submitted again and again with mostly the same records. What a check found of a
 * record (an immutable object) is kept with the record's identity: the rules on a record and its
 * children are not judged again while the pool gives the very same children, stake, signature and
 * VRF are judged once (eligibility, which depends on the round, every time), and a SNARK verdict
 * is reused while the pool gives the very same proofs the verifier looked up.
 */
public final class TreeValidator {
    private final BlockDraw draw;
    private final RegistrySnapshot reg;
    private final BlockHeader header;
    private final ProofVerifier verifier;
    private final ProtocolParams params;
    /** alpha of each node (by ordinal), hashed once: every submission of the block asks again. */
    private final java.util.concurrent.atomic.AtomicReferenceArray<byte[]> alphas;

    public TreeValidator(BlockDraw draw, RegistrySnapshot reg, BlockHeader header, ProofVerifier verifier) {
        if (draw.block() != header.block())
            throw new IllegalArgumentException("draw is for block " + draw.block() + ", header for " + header.block());
        if (!draw.shape().equals(header.shape()))
            throw new IllegalArgumentException("draw and header disagree on the tree shape");
        this.draw = draw;
        this.reg = reg;
        this.header = header;
        this.verifier = verifier;
        this.params = draw.params();
        this.alphas = new java.util.concurrent.atomic.AtomicReferenceArray<>(
                draw.shape().numNodes());
    }

    private byte[] alpha(NodeId node) {
        int i = draw.shape().ordinal(node);
        byte[] a = alphas.get(i);
        if (a == null) alphas.set(i, a = draw.alpha(node));
        return a.clone();
    }

    /** Validates the tree of {@code rootId} drawn from {@code proofs} (extra proofs are ignored), in the first eligibility round. */
    public TreeValidation validate(Bytes rootId, Collection<ProofRecord> proofs) {
        return validate(rootId, proofs, 0);
    }

    /** Validates the tree of {@code rootId} drawn from {@code proofs}, with the eligibility of liveness round {@code round}. */
    public TreeValidation validate(Bytes rootId, Collection<ProofRecord> proofs, int round) {
        ProofsById pool = new ProofsById(proofs.size());
        for (ProofRecord p : proofs) pool.putIfAbsent(p);
        return validate(rootId, pool::get, pool.size(), round);
    }

    /** Validates the tree of {@code rootId} in the first eligibility round; {@code pool} maps proof ids to proofs. */
    public TreeValidation validate(Bytes rootId, Map<Bytes, ProofRecord> pool) {
        return validate(rootId, pool, 0);
    }

    /**
     * Validates the tree of {@code rootId}; {@code pool} maps proof ids to proofs; eligibility is
     * judged in liveness round {@code round} ({@link RegistrySnapshot#eligibility(Role, int)}).
     */
    public TreeValidation validate(Bytes rootId, Map<Bytes, ProofRecord> pool, int round) {
        return validate(rootId, pool::get, pool.size(), round);
    }

    /** {@code pool} gives the proof submitted under an id (or null), of {@code poolSize} proofs. */
    private TreeValidation validate(Bytes rootId, Function<Bytes, ProofRecord> pool, int poolSize, int round) {
        TreeShape shape = draw.shape();
        ProofRecord root = pool.apply(rootId);
        if (root == null)
            return TreeValidation.reject(
                    rootId, Rule.MISSING_PROOF, "root proof " + rootId.shortHex(12) + " not submitted");
        if (!root.node().equals(shape.root())) {
            return TreeValidation.reject(rootId, Rule.WRONG_NODE, root + " is not for the root node " + shape.root());
        }
        // 1. structure, breadth-first
        int most = (int) Math.min(poolSize, (long) shape.numNodes() * params.proofsPerNode());
        List<ProofRecord> order = new ArrayList<>(most);
        List<Memo> memos = new ArrayList<>(most);
        IdSet seen = new IdSet(most);
        ArrayDeque<ProofRecord> queue = new ArrayDeque<>();
        ProofRecord[] kids = new ProofRecord[params.proofsPerNode()];
        queue.add(root);
        seen.add(rootId);
        while (!queue.isEmpty()) {
            ProofRecord p = queue.poll();
            order.add(p);
            Memo m = memo(p);
            memos.add(m);
            String bad;
            if (!m.local) {
                if (p.block() != header.block())
                    return TreeValidation.reject(
                            rootId, Rule.WRONG_BLOCK, p + " is for block " + p.block() + ", not " + header.block());
                if (p.feeBurnPpm() < 0 || p.feeBurnPpm() > Ppm.ONE) {
                    return TreeValidation.reject(
                            rootId,
                            Rule.FEE_BURN_RANGE,
                            p + " has FEE_BURN " + p.feeBurnPpm() + " ppm outside [0, 1000000]");
                }
                if ((bad = childCount(p)) != null) return TreeValidation.reject(rootId, Rule.CHILD_COUNT, bad);
                m.local = true;
            }
            // the children found in this pool, compared with those the rules last held for (same objects: same verdict)
            Held h = m.held;
            if (h != null && h.in(pool)) {
                // every one the same: what follows would only queue them, so queue them without
                // reading the record's lists of ids again (Held keeps them, in order)
                for (ProofRecord c : h.kids) if (seen.add(c.id())) queue.add(c);
                continue;
            }
            ProofRecord[] held = h == null ? null : h.kids;
            ProofRecord[] found = held;
            int k = 0;
            for (int side = 0; side < p.children().size(); side++) {
                List<Bytes> ids = p.children().get(side);
                int n = ids.size();
                boolean same = true;
                for (int j = 0; j < n; j++) {
                    Bytes id = ids.get(j);
                    ProofRecord c = pool.apply(id);
                    if (c == null)
                        return TreeValidation.reject(
                                rootId, Rule.MISSING_PROOF, p + " includes " + id.shortHex(12) + ", not submitted");
                    if (held == null || held[k + j] != c) {
                        same = false;
                        NodeId want = p.node().child(side);
                        if (!c.node().equals(want))
                            return TreeValidation.reject(
                                    rootId, Rule.WRONG_NODE, p + " lists " + c + " as a proof of " + want);
                    }
                    kids[j] = c;
                }
                if (!same) {
                    if (found == held) {
                        // the sides before this one matched what was held: the same objects
                        found = new ProofRecord
                                [p.children().get(0).size()
                                        + p.children().get(1).size()];
                        if (held != null) System.arraycopy(held, 0, found, 0, k);
                    }
                    NodeId want = p.node().child(side);
                    if ((bad = distinctProvers(kids, n, want)) != null)
                        return TreeValidation.reject(rootId, Rule.DUPLICATE_PROVER, bad);
                    if ((bad = sameOutputs(kids, n, want)) != null)
                        return TreeValidation.reject(rootId, Rule.OUTPUTS_MISMATCH, bad);
                }
                for (int j = 0; j < n; j++) {
                    ProofRecord c = kids[j];
                    if (found != held) found[k + j] = c;
                    if (seen.add(c.id())) queue.add(c);
                }
                k += n;
            }
            if (!p.children().isEmpty() && found != held) {
                if ((bad = chain(p, pool)) != null) return TreeValidation.reject(rootId, Rule.OUTPUTS_CHAIN, bad);
                Bytes[] ids = new Bytes[found.length];
                for (int side = 0, at = 0; side < p.children().size(); side++)
                    for (Bytes id : p.children().get(side)) ids[at++] = id;
                m.held = new Held(found, ids);
            }
        }
        // 2. per node over the whole tree (nodes in order; a node's proofs in breadth-first order)
        int size = order.size();
        int[] start = new int[shape.numNodes() + 1];
        int[] ord = new int[size];
        for (int i = 0; i < size; i++)
            start[(ord[i] = shape.ordinal(order.get(i).node())) + 1]++;
        for (int n = 0; n < shape.numNodes(); n++) start[n + 1] += start[n];
        int[] fill = start.clone();
        int[] byNode = new int[size];
        for (int i = 0; i < size; i++) byNode[fill[ord[i]]++] = i;
        ProofRecord[] ps = new ProofRecord[size];
        for (int n = 0; n < shape.numNodes(); n++) {
            int from = start[n], count = start[n + 1] - from;
            if (count == 0) continue;
            NodeId node = order.get(byNode[from]).node();
            if (count > params.proofsPerNode()) {
                return TreeValidation.reject(
                        rootId,
                        Rule.NODE_OVERFULL,
                        "node " + node + " has " + count + " proofs in the tree, at most " + params.proofsPerNode());
            }
            for (int j = 0; j < count; j++) ps[j] = order.get(byNode[from + j]);
            String bad;
            if ((bad = distinctProvers(ps, count, node)) != null)
                return TreeValidation.reject(rootId, Rule.DUPLICATE_PROVER, bad);
            if ((bad = sameOutputs(ps, count, node)) != null)
                return TreeValidation.reject(rootId, Rule.OUTPUTS_MISMATCH, bad);
        }
        // 3. root against the header
        PublicOutputs ro = root.outputs();
        if (!ro.startStateRoot().equals(header.startStateRoot())
                || !ro.txCommitment().equals(header.txCommitment())
                || !ro.fees().equals(header.totalFees())) {
            return TreeValidation.reject(
                    rootId,
                    Rule.ROOT_OUTPUTS,
                    "root outputs (start root, tx commitment, fees) differ from block " + header.block() + "'s header");
        }
        // 4. stake, signature, VRF (once per record; in parallel when costly), then eligibility in
        // this round; the first failure in BFS order wins
        int[] fresh = new int[size];
        int nFresh = 0;
        for (int i = 0; i < size; i++) {
            if (!memos.get(i).checked) fresh[nFresh++] = i;
        }
        if (nFresh > 0) {
            CostlyInParallel.forEach(fresh, nFresh, i -> check(order.get(i), memos.get(i)));
        }
        Eligibility base = null, merge = null;
        for (int i = 0; i < size; i++) {
            Memo m = memos.get(i);
            if (m.rule != null) return TreeValidation.reject(rootId, m.rule, m.why);
            ProofRecord p = order.get(i);
            Role role = p.node().role();
            Eligibility el = role == Role.BASE
                    ? (base != null ? base : (base = reg.eligibility(role, round)))
                    : (merge != null ? merge : (merge = reg.eligibility(role, round)));
            if (!el.test(m.u)) {
                return TreeValidation.reject(
                        rootId,
                        Rule.NOT_ELIGIBLE,
                        p + ": u(beta) = " + Long.toUnsignedString(m.u) + " below the threshold " + el.threshold());
            }
        }
        // 5. SNARKs: a verdict is kept with the proofs its check looked up, and reused while the pool
        // gives the very same ones (a verifier is a function of the proof and what it looks up)
        String[] fail = new String[size];
        nFresh = 0;
        for (int i = 0; i < size; i++) {
            Snark s = memos.get(i).snark;
            if (s != null && s.holdsIn(pool)) fail[i] = s.why;
            else fresh[nFresh++] = i;
        }
        if (nFresh > 0) {
            CostlyInParallel.forEach(fresh, nFresh, i -> {
                ProofRecord p = order.get(i);
                Snark s = Snark.check(verifier, p, pool);
                memos.get(i).snark = s;
                fail[i] = s.why;
            });
        }
        for (int i = 0; i < size; i++) {
            if (fail[i] != null)
                return TreeValidation.reject(rootId, Rule.SNARK_INVALID, order.get(i) + ": " + fail[i]);
        }
        // score
        Score total = Score.ZERO;
        ScoredProof[] scored = new ScoredProof[size];
        for (int i = 0; i < size; i++) {
            Memo m = memos.get(i);
            ScoredProof sp = m.scored;
            if (sp == null) {
                ProofRecord p = order.get(i);
                m.scored = sp = new ScoredProof(p, m.u, Score.of(m.u, p.feeBurnPpm()));
            }
            total = total.plus(sp.score());
            scored[i] = sp;
        }
        // node order, as a sorted map's
        Map<NodeId, List<ScoredProof>> frozen = new LinkedHashMap<>(size * 4 / 3 + 1);
        for (int n = 0; n < shape.numNodes(); n++) {
            int from = start[n], count = start[n + 1] - from;
            if (count == 0) continue;
            ScoredProof[] l = new ScoredProof[count];
            for (int j = 0; j < count; j++) l[j] = scored[byNode[from + j]];
            if (count > 1) Arrays.sort(l, BEST);
            frozen.put(l[0].proof().node(), List.of(l));
        }
        return new TreeValidation(true, null, null, rootId, total, Collections.unmodifiableMap(frozen));
    }

    /** Higher score first; equal scores by lower SHA-256 of the prover's key. */
    private static final Comparator<ScoredProof> BEST = (a, b) -> {
        int c = b.score().compareTo(a.score());
        return c != 0
                ? c
                : a.proof().prover().hash().compareTo(b.proof().prover().hash());
    };

    /**
     * What is known of one record (by identity: a record is immutable) under this validator's block,
     * registry and parameters, kept on the record. Validations of one validator that run at once
     * may judge a record twice; each reads only what was fully written.
     */
    private static final class Memo {
        final Object owner;

        Memo(Object owner) {
            this.owner = owner;
        }

        /** Block, FEE_BURN range and child counts hold. */
        boolean local;
        /** The children (left then right) with which the child rules and the chain last held, or null. */
        Held held;
        /** Stake, signature and VRF checked: {@link #rule} and {@link #why} the failure, else {@link #u}. */
        volatile boolean checked;

        Rule rule;
        String why;
        long u;
        /** The record with its u and score, once it has been in a valid tree. */
        ScoredProof scored;

        volatile Snark snark;
    }

    /**
     * A record's children as a pool gave them ({@code kids[i]} for {@code ids[i]}, the record's
     * child ids left then right, in order), with which its child rules and chain held.
     */
    private record Held(ProofRecord[] kids, Bytes[] ids) {
        /** Whether {@code pool} gives the very same children for the same ids. */
        boolean in(Function<Bytes, ProofRecord> pool) {
            for (int i = 0; i < ids.length; i++) if (pool.apply(ids[i]) != kids[i]) return false;
            return true;
        }
    }

    /** What marks this validator's memos on the records. */
    private final Object mark = new Object();

    /** The memo of {@code p} for this validator, a fresh one if it holds another's (or none). */
    private Memo memo(ProofRecord p) {
        if (p.validatorMemo instanceof Memo m && m.owner == mark) return m;
        Memo m = new Memo(mark);
        p.validatorMemo = m;
        return m;
    }

    /**
     * Judges what a validation judges of {@code p} alone (block, FEE_BURN range and child counts;
     * stake, signature and VRF), ahead of a submission that includes it, and keeps the verdict
     * with the record, where this validator's validations find it. Decides nothing and changes no
     * verdict: a validation reaches the same one with or without it. For a caller that has the
     * records before the trees that hold them (any thread may call it, alongside validations).
     */
    public void precheck(ProofRecord p) {
        Memo m = memo(p);
        if (!m.local
                && p.block() == header.block()
                && p.feeBurnPpm() >= 0
                && p.feeBurnPpm() <= Ppm.ONE
                && childCount(p) == null) m.local = true;
        if (!m.checked) check(p, m);
    }

    /**
     * {@link #precheck(ProofRecord)}, and ahead of any tree too what a validation judges of
     * {@code p} with its children (their nodes, one proof per prover and one set of outputs per
     * side, the chain of outputs) and its SNARK, with the children as {@code children} gives them
     * by id. The verdicts are kept with the very objects they were reached with: a validation
     * takes them only where its pool gives the same objects for the same ids, as it does with its
     * own earlier verdicts, so this too decides nothing and changes no verdict. Child rules that
     * fail, or a child {@code children} does not know (null), are left to the validation, the
     * record's SNARK with them. For a caller that holds each record's children when it has the
     * record (any thread may call it, alongside validations).
     */
    public void precheck(ProofRecord p, Function<Bytes, ProofRecord> children) {
        java.util.Objects.requireNonNull(children, "children: a look-up of the record's children by id");
        precheck(p);
        Memo m = memo(p);
        if (!m.local) return; // a validation refuses it before its children or SNARK matter
        Held h = null;
        // the SNARK only with every child known: a verifier looks its children up
        if (!p.children().isEmpty() && (h = heldWith(p, children)) == null) return;
        if (h != null && m.held == null) m.held = h;
        if (m.snark == null) m.snark = Snark.check(verifier, p, children);
    }

    /**
     * {@code p}'s children as {@code children} gives them, when every one is known and of its
     * node, each side's proofs are by distinct provers with one set of outputs, and the outputs
     * chain ({@link #validate}'s child rules); else null. {@code p}'s child counts hold.
     */
    private Held heldWith(ProofRecord p, Function<Bytes, ProofRecord> children) {
        List<List<Bytes>> lists = p.children();
        ProofRecord[] kids = new ProofRecord[lists.get(0).size() + lists.get(1).size()];
        Bytes[] ids = new Bytes[kids.length];
        for (int side = 0, k = 0; side < 2; side++) {
            NodeId want = p.node().child(side);
            List<Bytes> sideIds = lists.get(side);
            int n = sideIds.size();
            ProofRecord[] these = new ProofRecord[n];
            for (int j = 0; j < n; j++) {
                ProofRecord c = children.apply(ids[k + j] = sideIds.get(j));
                if (c == null || !c.node().equals(want)) return null;
                kids[k + j] = these[j] = c;
            }
            if (distinctProvers(these, n, want) != null || sameOutputs(these, n, want) != null) return null;
            k += n;
        }
        return chain(p, children) == null ? new Held(kids, ids) : null;
    }

    /** Stake, signature and VRF of {@code p}: the first failure, or u(beta). */
    private void check(ProofRecord p, Memo m) {
        Role role = p.node().role();
        String why = reg.whyNotStaked(p.prover(), role);
        if (why != null) {
            m.why = p + ": " + why;
            m.rule = Rule.NOT_STAKED;
        } else if ((why = reg.whyBadSignature(p)) != null) {
            m.why = p + ": " + why;
            m.rule = Rule.SIGNATURE_INVALID;
        } else {
            VrfResult r = params.mode()
                    .verifyRegistered(
                            params.suite(),
                            p.prover().toArray(),
                            alpha(p.node()),
                            p.vrfProof().toArray());
            if (!r.valid()) {
                m.why = p + ": " + r.reason();
                m.rule = Rule.VRF_INVALID;
            } else {
                m.u = Seeds.u(r.beta());
            }
        }
        m.checked = true;
    }

    /** A SNARK verdict with the proofs the check looked up (ids and what the pool gave). */
    private record Snark(String why, Bytes[] ids, ProofRecord[] got) {
        static Snark check(ProofVerifier verifier, ProofRecord p, Function<Bytes, ProofRecord> pool) {
            List<Bytes> ids = new ArrayList<>(0);
            List<ProofRecord> got = new ArrayList<>(0);
            String why = verifier.check(p, id -> {
                ProofRecord r = pool.apply(id);
                ids.add(id);
                got.add(r);
                return r;
            });
            return new Snark(why, ids.toArray(new Bytes[0]), got.toArray(new ProofRecord[0]));
        }

        boolean holdsIn(Function<Bytes, ProofRecord> pool) {
            for (int i = 0; i < ids.length; i++) {
                if (pool.apply(ids[i]) != got[i]) return false;
            }
            return true;
        }
    }

    private String childCount(ProofRecord p) {
        int lists = p.children().size();
        if (p.node().level() == 0) {
            return lists == 0 ? null : p + " is a base proof but lists " + lists + " children";
        }
        if (lists != 2) return p + " is a merge proof with " + lists + " child lists, needs 2";
        for (int side = 0; side < 2; side++) {
            int n = p.children().get(side).size();
            if (n < 1 || n > params.proofsPerNode()) {
                return p + " includes " + n + " proofs of child " + p.node().child(side) + ", needs 1.."
                        + params.proofsPerNode();
            }
        }
        return null;
    }

    /** The first of {@code ps[0..n)} whose prover already has a proof before it. */
    private static String distinctProvers(ProofRecord[] ps, int n, NodeId node) {
        for (int j = 1; j < n; j++) {
            Bytes prover = ps[j].prover();
            for (int i = 0; i < j; i++) {
                if (ps[i].prover().equals(prover))
                    return "prover " + prover.shortHex(16) + " has two proofs of node " + node;
            }
        }
        return null;
    }

    private static String sameOutputs(ProofRecord[] ps, int n, NodeId node) {
        for (int j = 0; j < n; j++) {
            if (!ps[j].outputs().equals(ps[0].outputs()))
                return ps[0] + " and " + ps[j] + " of node " + node + " have different outputs";
        }
        return null;
    }

    /** parent.start = left.start, left.end = right.start, parent.end = right.end, parent.fees = left.fees + right.fees. */
    private static String chain(ProofRecord p, Function<Bytes, ProofRecord> pool) {
        PublicOutputs o = p.outputs();
        PublicOutputs l = pool.apply(p.children().get(0).get(0)).outputs();
        PublicOutputs r = pool.apply(p.children().get(1).get(0)).outputs();
        if (!o.startStateRoot().equals(l.startStateRoot())) return p + ": start root differs from its left child's";
        if (!l.endStateRoot().equals(r.startStateRoot()))
            return p + ": left child's end root is not the right child's start root";
        if (!o.endStateRoot().equals(r.endStateRoot())) return p + ": end root differs from its right child's";
        if (!o.fees().equals(l.fees().add(r.fees()))) return p + ": fees are not the sum of its children's";
        return null;
    }
}
