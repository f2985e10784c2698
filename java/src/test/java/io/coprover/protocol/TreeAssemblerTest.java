package io.coprover.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tree assembly (PROTOCOL "Tree assembly"): from any random set of valid gossiped proofs — merge
 * proofs that include random, overlapping subsets of their children's proofs — the assembled root
 * always gives a tree {@link TreeValidator} accepts, and it scores exactly as much as the best
 * choice found by exhaustive search over every pair of child subsets (an independent brute force).
 */
class TreeAssemblerTest {

    @Test
    void assembledTreesValidateAndAreOptimal() {
        long seed = new Random().nextLong();
        System.out.println("TreeAssemblerTest seed " + seed);
        Random r = new Random(seed);
        int checked = 0, conflicts = 0;
        for (int trial = 0; trial < 60; trial++) {
            TreeFixture f = randomFixture(r);
            if (f == null) continue;
            Map<Bytes, ProofRecord> pool = new LinkedHashMap<>();
            Map<NodeId, List<ProofRecord>> byNode = gossip(f, r, pool);
            NodeId root = f.shape.root();
            Map<Bytes, Score> scores = new HashMap<>();
            for (ProofRecord p : pool.values()) scores.put(p.id(), score(f, p));
            TreeAssembler a = new TreeAssembler(
                    f.params.proofsPerNode(), pool::get, p -> scores.computeIfAbsent(p.id(), x -> score(f, p)));
            List<ProofRecord> left = a.choose(byNode.get(root.left())), right = a.choose(byNode.get(root.right()));
            // exhaustive: every subset pair, scored by an independent check of the whole-tree limits
            Score best = null;
            List<List<ProofRecord>> ls = subsets(byNode.get(root.left()), 3), rs = subsets(byNode.get(root.right()), 3);
            for (List<ProofRecord> l : ls) {
                for (List<ProofRecord> rr : rs) {
                    Score s = bruteScore(pool, scores, l, rr, f.params.proofsPerNode());
                    if (s != null && (best == null || s.compareTo(best) > 0)) best = s;
                }
            }
            if (best == null) {
                assertTrue(
                        left.isEmpty() || right.isEmpty(),
                        "seed " + seed + ": no valid choice exists, the assembler found one");
                continue;
            }
            Score firstPick = bruteScore(
                    pool, scores, greedy(byNode.get(root.left()), scores), greedy(byNode.get(root.right()), scores), 3);
            if (firstPick == null) conflicts++;
            assertEquals(
                    best,
                    bruteScore(pool, scores, left, right, f.params.proofsPerNode()),
                    "seed " + seed + " trial " + trial);
            // and the root that includes them is a tree the protocol accepts
            Ranking.Entry rootProver = f.ranks.get(root).get(0);
            ProofRecord rp = f.make(
                    root,
                    rootProver.pk(),
                    f.feeBurn.get(rootProver.pk()),
                    List.of(
                            left.stream().map(ProofRecord::id).toList(),
                            right.stream().map(ProofRecord::id).toList()));
            pool.put(rp.id(), rp);
            TreeValidation v = f.validator.validate(rp.id(), pool);
            assertTrue(v.valid(), "seed " + seed + ": " + v.reason());
            assertEquals(best.plus(score(f, rp)), v.score());
            checked++;
        }
        assertTrue(checked > 20, "only " + checked + " complete trees");
        System.out.println("TreeAssemblerTest: " + checked + " trees, " + conflicts
                + " where the best proofs one child at a time were invalid together");
    }

    /**
     * The exact choice at every node, not only its score: among the candidates whose own tree
     * keeps the limits, sorted by their tree's score (higher first, ties by the lower hash of the
     * prover's key), the first set in search order (each set before the sets that extend it, then
     * by index) of 1..PROOFS_PER_NODE candidates whose union scores the most, best first by
     * proof score; found here by scoring every such set with the plain tree walk of {@link
     * #bruteScore}, so the assembler's shortcuts (union bounds, pairs that break a limit) are
     * checked against sets it never built.
     */
    @Test
    void choicesAreTheFirstBestSetInSearchOrder() {
        long seed = new Random().nextLong();
        System.out.println("TreeAssemblerTest choices seed " + seed);
        Random r = new Random(seed);
        int compared = 0, multi = 0;
        for (int trial = 0; trial < 40; trial++) {
            TreeFixture f = randomFixture(r);
            if (f == null) continue;
            Map<Bytes, ProofRecord> pool = new LinkedHashMap<>();
            Map<NodeId, List<ProofRecord>> byNode = gossip(f, r, pool);
            Map<Bytes, Score> scores = new HashMap<>();
            for (ProofRecord p : pool.values()) scores.put(p.id(), score(f, p));
            int k = f.params.proofsPerNode();
            TreeAssembler a = new TreeAssembler(k, pool::get, p -> scores.get(p.id()));
            for (NodeId node : f.shape.nodes()) {
                if (node.equals(f.shape.root())) break;
                List<ProofRecord> cands = byNode.get(node);
                // a random order and subset each time, so the assembler meets the same sets in other orders
                List<ProofRecord> given = new ArrayList<>(cands);
                java.util.Collections.shuffle(given, r);
                given = given.subList(0, 1 + r.nextInt(given.size()));
                List<ProofRecord> expected = firstBest(pool, scores, given, k);
                assertEquals(
                        expected.stream().map(ProofRecord::id).toList(),
                        a.choose(given).stream().map(ProofRecord::id).toList(),
                        "seed " + seed + " trial " + trial + " node " + node);
                compared++;
                if (expected.size() > 1) multi++;
            }
        }
        assertTrue(compared > 100 && multi > 20, "seed " + seed + ": " + compared + " choices, " + multi + " of sets");
        System.out.println("TreeAssemblerTest: " + compared + " choices compared, " + multi + " of two or more proofs");
    }

    /** {@link #choicesAreTheFirstBestSetInSearchOrder}'s choice, by exhaustive search. */
    private static List<ProofRecord> firstBest(
            Map<Bytes, ProofRecord> pool, Map<Bytes, Score> scores, List<ProofRecord> given, int k) {
        List<ProofRecord> cands = new ArrayList<>();
        Map<Bytes, Score> own = new HashMap<>();
        for (ProofRecord p : given) {
            Score s = bruteScore(pool, scores, List.of(p), List.of(), k);
            if (s != null) {
                cands.add(p);
                own.put(p.id(), s);
            }
        }
        cands.sort((x, y) -> {
            int c = own.get(y.id()).compareTo(own.get(x.id()));
            return c != 0 ? c : x.prover().hash().compareTo(y.prover().hash());
        });
        List<ProofRecord> best = List.of();
        Score bestScore = null;
        // sets in search order: depth first over indices, each set before its extensions
        List<int[]> stack = new ArrayList<>();
        for (int i = cands.size() - 1; i >= 0; i--) stack.add(new int[] {i});
        while (!stack.isEmpty()) {
            int[] set = stack.remove(stack.size() - 1);
            List<ProofRecord> ps = new ArrayList<>();
            for (int i : set) ps.add(cands.get(i));
            Score s = bruteScore(pool, scores, ps, List.of(), k);
            if (s != null && (bestScore == null || s.compareTo(bestScore) > 0)) {
                bestScore = s;
                best = ps;
            }
            if (set.length == k) continue; // extended even when it breaks a limit: nothing assumed of the rules
            for (int i = cands.size() - 1; i > set[set.length - 1]; i--) {
                int[] next = java.util.Arrays.copyOf(set, set.length + 1);
                next[set.length] = i;
                stack.add(next);
            }
        }
        List<ProofRecord> out = new ArrayList<>(best);
        out.sort((x, y) -> {
            int c = scores.get(y.id()).compareTo(scores.get(x.id()));
            return c != 0 ? c : x.prover().hash().compareTo(y.prover().hash());
        });
        return out;
    }

    /** A fixture of two or three merge levels and 6..13 provers, or null when some node has no eligible prover. */
    private static TreeFixture randomFixture(Random r) {
        int txs = r.nextBoolean() ? 8 : 16;
        int n = 6 + r.nextInt(8);
        List<Role> roles = new ArrayList<>();
        for (int i = 0; i < n; i++) roles.add(Role.BOTH);
        TreeFixture f = new TreeFixture(r.nextLong(), txs, roles, VrfMode.PUBLIC, 3 + r.nextInt(4));
        return f.complete() ? f : null;
    }

    /**
     * Gossip: every eligible prover proves every node below the root; a merge proof includes
     * random 1..3 proofs of each child. Fills {@code pool} (by id, in the order made) and returns
     * the proofs per node.
     */
    private static Map<NodeId, List<ProofRecord>> gossip(TreeFixture f, Random r, Map<Bytes, ProofRecord> pool) {
        Map<NodeId, List<ProofRecord>> byNode = new HashMap<>();
        for (NodeId node : f.shape.nodes()) {
            if (node.equals(f.shape.root())) break;
            List<ProofRecord> ps = new ArrayList<>();
            for (Ranking.Entry e : f.ranks.get(node)) {
                List<List<Bytes>> kids = List.of();
                if (node.level() > 0)
                    kids = List.of(randomSubset(byNode.get(node.left()), r), randomSubset(byNode.get(node.right()), r));
                ProofRecord p = f.make(node, e.pk(), f.feeBurn.get(e.pk()), kids);
                ps.add(p);
                pool.put(p.id(), p);
            }
            byNode.put(node, ps);
        }
        return byNode;
    }

    /**
     * Proofs told to the assembler with their children and scores ({@link TreeAssembler#add}) give
     * the same choices and union scores at every node as proofs it looks up, on the same record
     * objects (each keeps the tree of the last assembler that made one: the two alternate here);
     * children that are not the ones the proof's ids name are refused.
     */
    @Test
    void addedProofsChooseAsLookedUpOnes() {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        int compared = 0;
        for (int trial = 0; trial < 30; trial++) {
            List<Role> roles = new ArrayList<>();
            for (int i = 0, n = 6 + r.nextInt(8); i < n; i++) roles.add(Role.BOTH);
            TreeFixture f = new TreeFixture(r.nextLong(), 16, roles, VrfMode.PUBLIC, 3 + r.nextInt(4));
            if (!f.complete()) continue;
            Map<Bytes, ProofRecord> pool = new LinkedHashMap<>();
            Map<NodeId, List<ProofRecord>> byNode = gossip(f, r, pool);
            TreeAssembler looked = new TreeAssembler(f.params.proofsPerNode(), pool::get, p -> score(f, p));
            TreeAssembler added = new TreeAssembler(
                    f.params.proofsPerNode(),
                    id -> {
                        throw new AssertionError("looked up " + id);
                    },
                    p -> {
                        throw new AssertionError("scored " + p.id());
                    });
            for (ProofRecord p : pool.values()) {
                List<List<ProofRecord>> kids = new ArrayList<>();
                for (List<Bytes> side : p.children())
                    kids.add(side.stream().map(pool::get).toList());
                added.add(p, score(f, p), kids);
            }
            for (NodeId node : f.shape.nodes()) {
                if (node.level() == 0) continue;
                List<ProofRecord> l = byNode.get(node.left()), rr = byNode.get(node.right());
                assertEquals(looked.choose(l), added.choose(l), "seed " + seed + " " + node);
                assertEquals(looked.choose(rr), added.choose(rr), "seed " + seed + " " + node);
                List<List<ProofRecord>> both = List.of(looked.choose(l), looked.choose(rr));
                assertEquals(looked.unionScore(both), added.unionScore(both), "seed " + seed + " " + node);
                compared++;
            }
            // a merge proof told children other than those its ids name
            ProofRecord merge = byNode.get(f.shape.root().left()).get(0);
            List<ProofRecord> right = byNode.get(merge.node().right());
            TreeAssembler fresh = new TreeAssembler(f.params.proofsPerNode(), pool::get, p -> score(f, p));
            ProofRecord other = right.stream()
                    .filter(p -> !merge.children().get(1).contains(p.id()))
                    .findFirst()
                    .orElse(null);
            if (other != null) {
                List<ProofRecord> wrong = new ArrayList<>(
                        merge.children().get(1).stream().map(pool::get).toList());
                wrong.set(0, other);
                List<List<ProofRecord>> kids =
                        List.of(merge.children().get(0).stream().map(pool::get).toList(), wrong);
                assertThrows(IllegalArgumentException.class, () -> fresh.add(merge, score(f, merge), kids));
            }
            assertThrows(
                    IllegalArgumentException.class,
                    () -> fresh.add(merge, score(f, merge), List.of(List.of(), List.of())));
            assertThrows(IllegalArgumentException.class, () -> fresh.add(merge, score(f, merge), List.of()));
        }
        assertTrue(compared > 20, "seed " + seed + ": only " + compared + " nodes compared");
    }

    private static Score score(TreeFixture f, ProofRecord p) {
        byte[] beta = VrfMode.publicBeta(p.prover().toArray(), f.draw.alpha(p.node()));
        return Score.of(Seeds.u(beta), p.feeBurnPpm());
    }

    /** What one-child-at-a-time assembly picked: the best three proofs by their own score. */
    private static List<ProofRecord> greedy(List<ProofRecord> cands, Map<Bytes, Score> scores) {
        List<ProofRecord> s = new ArrayList<>(cands);
        s.sort((x, y) -> scores.get(y.id()).compareTo(scores.get(x.id())));
        return s.subList(0, Math.min(3, s.size()));
    }

    private static List<Bytes> randomSubset(List<ProofRecord> ps, Random r) {
        List<ProofRecord> c = new ArrayList<>(ps);
        java.util.Collections.shuffle(c, r);
        int k = 1 + r.nextInt(Math.min(3, c.size()));
        return c.subList(0, k).stream().map(ProofRecord::id).toList();
    }

    private static List<List<ProofRecord>> subsets(List<ProofRecord> ps, int max) {
        List<List<ProofRecord>> out = new ArrayList<>();
        int n = ps.size();
        for (int mask = 1; mask < 1 << n; mask++) {
            if (Integer.bitCount(mask) > max) continue;
            List<ProofRecord> s = new ArrayList<>();
            for (int i = 0; i < n; i++) if ((mask & 1 << i) != 0) s.add(ps.get(i));
            out.add(s);
        }
        return out;
    }

    /** The score of every proof reachable from the chosen children, or null if the tree breaks a limit (written plainly, no sharing with the assembler). */
    private static Score bruteScore(
            Map<Bytes, ProofRecord> pool, Map<Bytes, Score> scores, List<ProofRecord> l, List<ProofRecord> r, int k) {
        Set<Bytes> seen = new HashSet<>();
        List<ProofRecord> stack = new ArrayList<>(l);
        stack.addAll(r);
        Map<NodeId, List<ProofRecord>> byNode = new HashMap<>();
        while (!stack.isEmpty()) {
            ProofRecord p = stack.remove(stack.size() - 1);
            if (!seen.add(p.id())) continue;
            byNode.computeIfAbsent(p.node(), x -> new ArrayList<>()).add(p);
            for (List<Bytes> side : p.children()) for (Bytes id : side) stack.add(pool.get(id));
        }
        Score total = Score.ZERO;
        for (List<ProofRecord> ps : byNode.values()) {
            if (ps.size() > k) return null;
            Set<Bytes> provers = new HashSet<>();
            for (ProofRecord p : ps) {
                if (!provers.add(p.prover()) || !p.outputs().equals(ps.get(0).outputs())) return null;
                total = total.plus(scores.get(p.id()));
            }
        }
        return total;
    }
}
