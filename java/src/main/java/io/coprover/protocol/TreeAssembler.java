package io.coprover.protocol;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Chooses which proofs of a child node a merge proof includes (PROTOCOL "Tree assembly"), so that
 * the tree it roots is one {@link TreeValidator} accepts, with the highest score possible.
 *
 * <p>A merge proof's tree is the union of the trees of every proof it includes, and the whole-tree
 * limits (at most PROOFS_PER_NODE distinct proofs per node, one proof per prover per node, one set
 * of outputs per node) apply to that union: two child proofs that are each valid can together
 * overfill a node further down (X includes A, B, C and Y includes A, B, D of the same grandchild).
 * Picking each child's best proofs one by one ignores this. The left and right subtrees share no
 * node, so the choice splits into one per child, and for one child this class solves exactly:
 * <pre>
 *   maximise  score(⋃_{X∈S} tree(X))      (each proof counted once)
 *   over      S ⊆ candidates, 1 ≤ |S| ≤ PROOFS_PER_NODE, ⋃ tree(X) within the limits
 * </pre>
 * by depth-first search over the candidates in decreasing order of their own tree's score, with
 * the bound "score so far + the best remaining trees' scores" (a union never scores more than the
 * sum of its parts), so subsets that cannot win are not built. A candidate whose own tree breaks
 * the limits, or reaches a proof the lookup does not know (yet), is never chosen. Trees are
 * computed once per proof and shared (memoised by id; a tree missing a proof is computed again
 * when asked again). Ties: the set met first in that order.
 *
 * <p>Not thread-safe; one instance per block and caller.
 */
public final class TreeAssembler {
    private final int k;
    private final Function<Bytes, ProofRecord> lookup;
    private final Function<ProofRecord, Score> score;
    private final Map<Bytes, Sub> memo = new HashMap<>();

    /** The tree under one proof: per node its proofs (at most k), and the sum of their scores; null when invalid. */
    private record Sub(Map<NodeId, List<ProofRecord>> byNode, Score score) {}

    /** A marker for a proof whose tree is invalid. */
    private static final Sub INVALID = new Sub(Map.of(), Score.ZERO);

    /**
     * @param proofsPerNode PROOFS_PER_NODE
     * @param lookup        the known proofs by id (a merge proof's included children are found here)
     * @param score         a proof's score S = u(beta)·(10^6 + FEE_BURN)
     */
    public TreeAssembler(int proofsPerNode, Function<Bytes, ProofRecord> lookup, Function<ProofRecord, Score> score) {
        if (proofsPerNode < 1) throw new IllegalArgumentException("proofsPerNode must be ≥ 1");
        this.k = proofsPerNode;
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.score = Objects.requireNonNull(score, "score");
    }

    /**
     * The proofs of one child node to include: 1..PROOFS_PER_NODE of {@code candidates} (proofs
     * of that node) whose trees together stay within the limits and score the most; best first.
     * Empty when no candidate has a valid tree.
     */
    public List<ProofRecord> choose(Collection<ProofRecord> candidates) {
        List<ProofRecord> cands = new ArrayList<>();
        List<Sub> subs = new ArrayList<>();
        Map<Bytes, ProofRecord> distinct = new LinkedHashMap<>();
        for (ProofRecord p : candidates) distinct.putIfAbsent(p.id(), p);
        for (ProofRecord p : distinct.values()) {
            Sub s = sub(p);
            if (s != INVALID) {
                cands.add(p);
                subs.add(s);
            }
        }
        if (cands.isEmpty()) return List.of();
        Integer[] order = new Integer[cands.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(
                order,
                Comparator.<Integer, Score>comparing(i -> subs.get(i).score())
                        .reversed()
                        .thenComparing(i -> cands.get(i).prover().hash()));
        List<Sub> sorted = new ArrayList<>();
        List<ProofRecord> sortedP = new ArrayList<>();
        for (int i : order) {
            sorted.add(subs.get(i));
            sortedP.add(cands.get(i));
        }
        Search s = new Search(sorted);
        s.dfs(0, null, new int[k], 0);
        List<ProofRecord> out = new ArrayList<>();
        for (int i = 0; i < s.bestSize; i++) out.add(sortedP.get(s.best[i]));
        out.sort(Comparator.comparing((ProofRecord p) -> score.apply(p))
                .reversed()
                .thenComparing(p -> p.prover().hash()));
        return out;
    }

    /** The score of the tree a merge proof including {@code chosen} per child would root (without the merge proof itself). */
    public Score unionScore(List<List<ProofRecord>> chosen) {
        Score total = Score.ZERO;
        for (List<ProofRecord> side : chosen) {
            Sub u = null;
            for (ProofRecord p : side) {
                Sub s = sub(p);
                if (s == INVALID) return null;
                u = u == null ? s : union(u, s);
                if (u == null) return null;
            }
            if (u != null) total = total.plus(u.score());
        }
        return total;
    }

    private final class Search {
        final List<Sub> subs;
        int[] best = new int[0];
        int bestSize;
        Score bestScore;

        Search(List<Sub> subs) {
            this.subs = subs;
        }

        /** Upper bound of what adding up to {@code room} more candidates from index {@code from} can add. */
        Score bound(int from, int room) {
            Score b = Score.ZERO;
            for (int i = from; i < subs.size() && room > 0; i++, room--)
                b = b.plus(subs.get(i).score());
            return b;
        }

        void dfs(int from, Sub current, int[] picked, int size) {
            if (size > 0 && (bestScore == null || current.score().compareTo(bestScore) > 0)) {
                bestScore = current.score();
                best = picked.clone();
                bestSize = size;
            }
            if (size == k) return;
            for (int i = from; i < subs.size(); i++) {
                Score base = current == null ? Score.ZERO : current.score();
                if (bestScore != null && base.plus(bound(i, k - size)).compareTo(bestScore) <= 0)
                    return; // sorted: later ones bound lower
                Sub next = current == null ? subs.get(i) : union(current, subs.get(i));
                if (next == null) continue;
                picked[size] = i;
                dfs(i + 1, next, picked, size + 1);
            }
        }
    }

    /** The tree of one proof, memoised; INVALID when it breaks the limits or reaches an unknown proof. */
    private Sub sub(ProofRecord p) {
        Sub s = memo.get(p.id());
        if (s != null) return s;
        Sub u = p.node().level() == 0
                ? (p.children().isEmpty() ? null : INVALID)
                : (p.children().size() == 2 ? null : INVALID);
        for (int side = 0; side < p.children().size() && u != INVALID; side++) {
            List<Bytes> ids = p.children().get(side);
            if (ids.isEmpty() || ids.size() > k) {
                u = INVALID;
                break;
            }
            NodeId want = p.node().child(side);
            for (Bytes id : ids) {
                ProofRecord c = lookup.apply(id);
                if (c == null) return INVALID; // not known yet: decided again once it is (not memoised)
                Sub cs = !c.node().equals(want) ? INVALID : sub(c);
                u = cs == INVALID ? INVALID : u == null ? cs : union(u, cs);
                if (u == null) u = INVALID;
                if (u == INVALID) break;
            }
        }
        if (u != INVALID) {
            Sub self = new Sub(Map.of(p.node(), List.of(p)), score.apply(p));
            u = u == null ? self : union(u, self);
            if (u == null) u = INVALID;
        }
        memo.put(p.id(), u);
        return u;
    }

    /** The union of two trees, or null if it breaks a limit (too many proofs, a prover twice, two sets of outputs at a node). */
    private Sub union(Sub a, Sub b) {
        if (a.byNode().size() < b.byNode().size()) {
            Sub t = a;
            a = b;
            b = t;
        }
        Map<NodeId, List<ProofRecord>> out = new HashMap<>(a.byNode());
        Score sc = a.score();
        for (Map.Entry<NodeId, List<ProofRecord>> e : b.byNode().entrySet()) {
            List<ProofRecord> cur = out.get(e.getKey());
            if (cur == null) {
                out.put(e.getKey(), e.getValue());
                for (ProofRecord p : e.getValue()) sc = sc.plus(score.apply(p));
                continue;
            }
            for (ProofRecord p : e.getValue()) {
                boolean known = false;
                for (ProofRecord q : cur) {
                    if (q.id().equals(p.id())) {
                        known = true;
                        break;
                    }
                    if (q.prover().equals(p.prover()) || !q.outputs().equals(p.outputs())) return null;
                }
                if (known) continue;
                if (cur.size() == k) return null;
                List<ProofRecord> grown = new ArrayList<>(cur.size() + 1);
                grown.addAll(cur);
                grown.add(p);
                cur = grown;
                sc = sc.plus(score.apply(p));
            }
            out.put(e.getKey(), cur);
        }
        return new Sub(out, sc);
    }
}
