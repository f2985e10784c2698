package io.coprover.protocol;

import io.coprover.protocol.TreeValidation.ScoredProof;
import io.coprover.protocol.vrf.VrfResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Decides whether a submitted root and the proofs under it form a valid tree for a block
 * (PROTOCOL.md "Tree validity"), and scores it.
 *
 * <p>Checks run cheapest first so that junk is rejected before any cryptography: structure of
 * every reachable proof (breadth-first from the root), then per-node rules over the whole tree,
 * the root against the block header, then stake, signature, VRF and eligibility, then the SNARKs. The
 * cryptographic checks run in parallel; the reported failure is still the first in
 * breadth-first order, so the result is deterministic.
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
        Map<Bytes, ProofRecord> pool = new LinkedHashMap<>();
        for (ProofRecord p : proofs) pool.putIfAbsent(p.id(), p);
        return validate(rootId, pool, round);
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
        TreeShape shape = draw.shape();
        ProofRecord root = pool.get(rootId);
        if (root == null)
            return TreeValidation.reject(
                    rootId, Rule.MISSING_PROOF, "root proof " + rootId.shortHex(12) + " not submitted");
        if (!root.node().equals(shape.root())) {
            return TreeValidation.reject(rootId, Rule.WRONG_NODE, root + " is not for the root node " + shape.root());
        }
        // 1. structure, breadth-first
        List<ProofRecord> order = new ArrayList<>();
        Map<NodeId, Map<Bytes, ProofRecord>> byNode = new TreeMap<>();
        Set<Bytes> seen = new HashSet<>();
        ArrayDeque<ProofRecord> queue = new ArrayDeque<>();
        queue.add(root);
        seen.add(rootId);
        while (!queue.isEmpty()) {
            ProofRecord p = queue.poll();
            order.add(p);
            byNode.computeIfAbsent(p.node(), k -> new LinkedHashMap<>()).put(p.id(), p);
            String bad;
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
            for (int side = 0; side < p.children().size(); side++) {
                NodeId want = p.node().child(side);
                List<ProofRecord> kids = new ArrayList<>();
                for (Bytes id : p.children().get(side)) {
                    ProofRecord c = pool.get(id);
                    if (c == null)
                        return TreeValidation.reject(
                                rootId, Rule.MISSING_PROOF, p + " includes " + id.shortHex(12) + ", not submitted");
                    if (!c.node().equals(want))
                        return TreeValidation.reject(
                                rootId, Rule.WRONG_NODE, p + " lists " + c + " as a proof of " + want);
                    kids.add(c);
                }
                if ((bad = distinctProvers(kids, want)) != null)
                    return TreeValidation.reject(rootId, Rule.DUPLICATE_PROVER, bad);
                if ((bad = sameOutputs(kids, want)) != null)
                    return TreeValidation.reject(rootId, Rule.OUTPUTS_MISMATCH, bad);
                for (ProofRecord c : kids) {
                    if (seen.add(c.id())) queue.add(c);
                }
            }
            if (!p.children().isEmpty() && (bad = chain(p, pool)) != null)
                return TreeValidation.reject(rootId, Rule.OUTPUTS_CHAIN, bad);
        }
        // 2. per node over the whole tree
        for (Map.Entry<NodeId, Map<Bytes, ProofRecord>> e : byNode.entrySet()) {
            List<ProofRecord> ps = new ArrayList<>(e.getValue().values());
            if (ps.size() > params.proofsPerNode()) {
                return TreeValidation.reject(
                        rootId,
                        Rule.NODE_OVERFULL,
                        "node " + e.getKey() + " has " + ps.size() + " proofs in the tree, at most "
                                + params.proofsPerNode());
            }
            String bad;
            if ((bad = distinctProvers(ps, e.getKey())) != null)
                return TreeValidation.reject(rootId, Rule.DUPLICATE_PROVER, bad);
            if ((bad = sameOutputs(ps, e.getKey())) != null)
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
        // 4. stake, VRF, eligibility (parallel; first failure in BFS order wins)
        long[] us = new long[order.size()];
        String[] fail = new String[order.size()];
        Rule[] failRule = new Rule[order.size()];
        IntStream.range(0, order.size()).parallel().forEach(i -> {
            ProofRecord p = order.get(i);
            Role role = p.node().role();
            String why = reg.whyNotStaked(p.prover(), role);
            if (why != null) {
                fail[i] = p + ": " + why;
                failRule[i] = Rule.NOT_STAKED;
                return;
            }
            why = reg.whyBadSignature(p);
            if (why != null) {
                fail[i] = p + ": " + why;
                failRule[i] = Rule.SIGNATURE_INVALID;
                return;
            }
            VrfResult r = params.mode()
                    .verifyRegistered(
                            params.suite(),
                            p.prover().toArray(),
                            alpha(p.node()),
                            p.vrfProof().toArray());
            if (!r.valid()) {
                fail[i] = p + ": " + r.reason();
                failRule[i] = Rule.VRF_INVALID;
                return;
            }
            us[i] = Seeds.u(r.beta());
            Eligibility el = reg.eligibility(role, round);
            if (!el.test(us[i])) {
                fail[i] = p + ": u(beta) = " + Long.toUnsignedString(us[i]) + " below the threshold " + el.threshold();
                failRule[i] = Rule.NOT_ELIGIBLE;
            }
        });
        for (int i = 0; i < order.size(); i++) {
            if (fail[i] != null) return TreeValidation.reject(rootId, failRule[i], fail[i]);
        }
        // 5. SNARKs
        IntStream.range(0, order.size()).parallel().forEach(i -> {
            String why = verifier.check(order.get(i), pool::get);
            if (why != null) fail[i] = order.get(i) + ": " + why;
        });
        for (int i = 0; i < order.size(); i++) {
            if (fail[i] != null) return TreeValidation.reject(rootId, Rule.SNARK_INVALID, fail[i]);
        }
        // score
        Score total = Score.ZERO;
        Map<NodeId, List<ScoredProof>> scored = new TreeMap<>();
        for (int i = 0; i < order.size(); i++) {
            ProofRecord p = order.get(i);
            Score s = Score.of(us[i], p.feeBurnPpm());
            total = total.plus(s);
            scored.computeIfAbsent(p.node(), k -> new ArrayList<>()).add(new ScoredProof(p, us[i], s));
        }
        Comparator<ScoredProof> best = (a, b) -> {
            int c = b.score().compareTo(a.score());
            return c != 0
                    ? c
                    : a.proof().prover().hash().compareTo(b.proof().prover().hash());
        };
        Map<NodeId, List<ScoredProof>> frozen = new TreeMap<>();
        scored.forEach((n, l) -> {
            l.sort(best);
            frozen.put(n, List.copyOf(l));
        });
        return new TreeValidation(true, null, null, rootId, total, Collections.unmodifiableMap(frozen));
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

    private static String distinctProvers(List<ProofRecord> ps, NodeId node) {
        Set<Bytes> provers = new HashSet<>();
        for (ProofRecord p : ps) {
            if (!provers.add(p.prover()))
                return "prover " + p.prover().shortHex(16) + " has two proofs of node " + node;
        }
        return null;
    }

    private static String sameOutputs(List<ProofRecord> ps, NodeId node) {
        for (ProofRecord p : ps) {
            if (!p.outputs().equals(ps.get(0).outputs()))
                return ps.get(0) + " and " + p + " of node " + node + " have different outputs";
        }
        return null;
    }

    /** parent.start = left.start, left.end = right.start, parent.end = right.end, parent.fees = left.fees + right.fees. */
    private static String chain(ProofRecord p, Map<Bytes, ProofRecord> pool) {
        PublicOutputs o = p.outputs();
        PublicOutputs l = pool.get(p.children().get(0).get(0)).outputs();
        PublicOutputs r = pool.get(p.children().get(1).get(0)).outputs();
        if (!o.startStateRoot().equals(l.startStateRoot())) return p + ": start root differs from its left child's";
        if (!l.endStateRoot().equals(r.startStateRoot()))
            return p + ": left child's end root is not the right child's start root";
        if (!o.endStateRoot().equals(r.endStateRoot())) return p + ": end root differs from its right child's";
        if (!o.fees().equals(l.fees().add(r.fees()))) return p + ": fees are not the sum of its children's";
        return null;
    }
}
