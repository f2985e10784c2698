package io.coprover.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
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
 * sum of its parts), so subsets that cannot win are not built; and before a larger set's union is
 * built, the pairs it holds decide (their unions are made once and kept): a pair that breaks a
 * limit breaks every set holding it, and a set that would be full is not built when it cannot
 * beat the best by what its last candidate adds to each picked one alone (the score is a sum over
 * distinct proofs, so that is at most what it adds to the set). A candidate whose own tree breaks
 * the limits, or reaches a proof the lookup does not know (yet), is never chosen. Trees are
 * computed once per proof and shared (kept on the record object by the first assembler to
 * make one, a field instead of a map look-up, else in a map; two objects of one id each compute
 * theirs, which are equal; a tree missing a proof is computed again when asked again). A tree
 * is immutable and shares every subtree it did not change with the trees it was made from, so a union costs only where its operands differ, and each union is made once
 * per pair of operands. Ties: the set met first in that order.
 *
 * <p>Not thread-safe; one instance per block and caller.
 */
public final class TreeAssembler {
    private final int k;
    private final Function<Bytes, ProofRecord> lookup;
    private final Function<ProofRecord, Score> score;
    /**
     * Trees of proofs whose own memo ({@link ProofRecord#assemblerMemo}) another assembler took
     * first (by id; null until one is): a record keeps the first assembler's tree, so a proof told
     * to this one ({@link #add}) is never forgotten for another's.
     */
    private Map<Bytes, Sub> others;

    private static final java.lang.invoke.VarHandle MEMO;

    static {
        try {
            MEMO = java.lang.invoke.MethodHandles.lookup()
                    .findVarHandle(ProofRecord.class, "assemblerMemo", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /** Unions whose operands' memo ({@link Sub#partners}) is full, by the pair of their serial numbers. */
    private final PairMap unions = new PairMap();

    private int serials;

    /**
     * The tree under one node: the proofs at the node (1..k) and the trees under its two children
     * (none at level 0); immutable and shared, so two trees that agree below a node share that
     * part and their union there costs nothing. Every node of a valid merge proof's subtree holds
     * a proof (each merge includes at least one proof per child), so the tree is complete.
     * Scores are unsigned 128-bit integers in two longs (high, low), so building a tree makes no
     * score objects.
     */
    private final class Sub {
        final ProofRecord[] proofs;
        /** The score of each of {@link #proofs} (asked of the score function once per proof): high, low words in turn. */
        final long[] scores;

        final Sub left, right;
        /** The sum of {@link #scores} (high, low), and of every proof's score in the tree. */
        final long hereHi, hereLo, hi, lo;

        final int serial = serials++;
        /**
         * Unions already made with trees of a higher serial number: their serials and the unions
         * (a union depends on its operands alone). Kept on the operand, which is in cache when a
         * union is asked for; past {@link #PARTNERS} they go to {@link #unions}.
         */
        int[] partners;

        Sub[] partnerUnions;
        int partnerCount;

        Sub(ProofRecord[] proofs, long[] scores, long hereHi, long hereLo, Sub left, Sub right) {
            this.proofs = proofs;
            this.scores = scores;
            this.hereHi = hereHi;
            this.hereLo = hereLo;
            this.left = left;
            this.right = right;
            if (left == null) {
                hi = hereHi;
                lo = hereLo;
            } else {
                long l1 = hereLo + left.lo;
                long h1 = addHi(hereHi, left.hi, l1, hereLo);
                lo = l1 + right.lo;
                hi = addHi(h1, right.hi, lo, l1);
            }
        }

        Score score() {
            return new Score(hi, lo);
        }

        /** Whether {@code a} made this tree. */
        boolean of(TreeAssembler a) {
            return a == TreeAssembler.this;
        }
    }

    /** Unions kept on each tree before the rest go to the shared map. */
    private static final int PARTNERS = 32;

    /**
     * The high word of (aHi, aLo) + (bHi, ·) whose low word came out as {@code lo} (from {@code
     * aLo}); throws past 2^128, as {@link Score#plus} does (impossible for protocol-sized trees).
     */
    private static long addHi(long aHi, long bHi, long lo, long aLo) {
        long carry = Long.compareUnsigned(lo, aLo) < 0 ? 1 : 0;
        long h1 = aHi + bHi;
        long h = h1 + carry;
        if (Long.compareUnsigned(h1, aHi) < 0 || (carry == 1 && h == 0))
            throw new ArithmeticException("score overflow");
        return h;
    }

    /** A marker for a proof whose tree is invalid, and for a union that breaks a limit. */
    private final Sub invalid = new Sub(new ProofRecord[0], new long[0], 0, 0, null, null);

    /**
     * @param proofsPerNode PROOFS_PER_NODE
     * @param lookup        the known proofs by id (a merge proof's included children are found here)
     * @param score         a proof's score S = u(beta)·(10^6 + FEE_BURN)
     */
    public TreeAssembler(int proofsPerNode, Function<Bytes, ProofRecord> lookup, Function<ProofRecord, Score> score) {
        if (proofsPerNode < 1) throw new IllegalArgumentException("proofsPerNode must be ≥ 1");
        this.k = proofsPerNode;
        this.added = new int[proofsPerNode];
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.score = Objects.requireNonNull(score, "score");
    }

    /**
     * The proofs of one child node to include: 1..PROOFS_PER_NODE of {@code candidates} (proofs
     * of that node) whose trees together stay within the limits and score the most; best first.
     * Empty when no candidate has a valid tree.
     */
    public List<ProofRecord> choose(Collection<ProofRecord> candidates) {
        int m = candidates.size();
        ProofRecord[] seen = new ProofRecord[m];
        ProofRecord[] cands = new ProofRecord[m];
        Sub[] subs = new Sub[m];
        int distinct = 0, n = 0;
        Map<Bytes, ProofRecord> byId = m > SMALL ? new HashMap<>() : null;
        for (ProofRecord p : candidates) { // the first of each id, in the order given
            if (byId != null ? byId.putIfAbsent(p.id(), p) != null : seenBefore(seen, distinct, p)) continue;
            seen[distinct++] = p;
            Sub s = sub(p);
            if (s != invalid) {
                cands[n] = p;
                subs[n++] = s;
            }
        }
        if (n == 0) return List.of();
        if (n == 1) return new ArrayList<>(List.of(cands[0])); // the search's only set
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        sort(order, (x, y) -> compare(subs[x].hi, subs[x].lo, cands[x], subs[y].hi, subs[y].lo, cands[y]));
        List<Sub> sorted = new ArrayList<>(n);
        for (int i : order) sorted.add(subs[i]);
        Search s = new Search(sorted);
        s.dfs(0, null, new int[k], 0);
        int[] best = new int[s.bestSize];
        for (int i = 0; i < best.length; i++) best[i] = order[s.best[i]];
        // a chosen proof's own score is its tree's top ({@link Sub#here}: the proof alone)
        sort(
                best,
                (x, y) -> compare(subs[x].hereHi, subs[x].hereLo, cands[x], subs[y].hereHi, subs[y].hereLo, cands[y]));
        List<ProofRecord> out = new ArrayList<>(best.length);
        for (int i : best) out.add(cands[i]);
        return out;
    }

    /** Candidate lists up to this size are deduplicated and sorted without a map or boxed indices. */
    private static final int SMALL = 32;

    private static boolean seenBefore(ProofRecord[] seen, int n, ProofRecord p) {
        for (int i = 0; i < n; i++) if (seen[i] == p || seen[i].id().equals(p.id())) return true;
        return false;
    }

    /** Higher score first, then the lower hash of the prover's key (computed only on a tie). */
    private static int compare(long aHi, long aLo, ProofRecord a, long bHi, long bLo, ProofRecord b) {
        int c = compare128(bHi, bLo, aHi, aLo);
        return c != 0 ? c : a.prover().hash().compareTo(b.prover().hash());
    }

    /** Unsigned 128-bit comparison. */
    private static int compare128(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    /** A stable sort of indices: insertion sort for short lists (the usual case), else the library's. */
    private static void sort(int[] idx, java.util.function.IntBinaryOperator cmp) {
        if (idx.length > SMALL) {
            Integer[] boxed = new Integer[idx.length];
            for (int i = 0; i < idx.length; i++) boxed[i] = idx[i];
            Arrays.sort(boxed, (x, y) -> cmp.applyAsInt(x, y));
            for (int i = 0; i < idx.length; i++) idx[i] = boxed[i];
            return;
        }
        for (int i = 1; i < idx.length; i++) {
            int x = idx[i], j = i - 1;
            while (j >= 0 && cmp.applyAsInt(idx[j], x) > 0) {
                idx[j + 1] = idx[j];
                j--;
            }
            idx[j + 1] = x;
        }
    }

    /** The score of the tree a merge proof including {@code chosen} per child would root (without the merge proof itself). */
    public Score unionScore(List<List<ProofRecord>> chosen) {
        Score total = Score.ZERO;
        for (List<ProofRecord> side : chosen) {
            Sub u = null;
            for (ProofRecord p : side) {
                Sub s = sub(p);
                if (s == invalid) return null;
                u = u == null ? s : union(u, s);
                if (u == invalid) return null;
            }
            if (u != null) total = total.plus(u.score());
        }
        return total;
    }

    private final class Search {
        final List<Sub> subs;
        /**
         * Prefix sums of the candidates' tree scores as unsigned 128-bit (hi, lo) words: the bound
         * over candidates i..j-1 is one subtraction, with no score made per step of the search.
         */
        final long[] prefixHi, prefixLo;

        int[] best = new int[0];
        int bestSize;
        boolean found;
        long bestHi, bestLo;

        Search(List<Sub> subs) {
            this.subs = subs;
            int n = subs.size();
            prefixHi = new long[n + 1];
            prefixLo = new long[n + 1];
            long hi = 0, lo = 0;
            for (int i = 0; i < n; i++) {
                Sub t = subs.get(i);
                long l = lo + t.lo;
                hi = addHi(hi, t.hi, l, lo); // throws on overflow, as a sum of scores would
                lo = l;
                prefixHi[i + 1] = hi;
                prefixLo[i + 1] = lo;
            }
        }

        /**
         * Whether {@code base} plus the upper bound of what adding up to {@code room} more
         * candidates from index {@code from} can add (their scores' sum: sorted, the next ones
         * are the best) is at most the best score found.
         */
        boolean cannotBeat(long baseHi, long baseLo, int from, int room) {
            int to = Math.min(subs.size(), from + room);
            long bl = prefixLo[to] - prefixLo[from];
            long bh = prefixHi[to] - prefixHi[from] - (Long.compareUnsigned(prefixLo[to], prefixLo[from]) < 0 ? 1 : 0);
            long lo = baseLo + bl;
            long hi = baseHi + bh + (Long.compareUnsigned(lo, bl) < 0 ? 1 : 0);
            return compare128(hi, lo, bestHi, bestLo) <= 0;
        }

        void dfs(int from, Sub current, int[] picked, int size) {
            if (size > 0 && (!found || compare128(current.hi, current.lo, bestHi, bestLo) > 0)) {
                found = true;
                bestHi = current.hi;
                bestLo = current.lo;
                best = picked.clone();
                bestSize = size;
            }
            if (size == k) return;
            long baseHi = current == null ? 0 : current.hi, baseLo = current == null ? 0 : current.lo;
            for (int i = from; i < subs.size(); i++) {
                if (found && cannotBeat(baseHi, baseLo, i, k - size)) return; // sorted: later ones bound lower
                if (size >= 2 && !worthUniting(current, picked, size, i)) continue;
                Sub next = current == null ? subs.get(i) : union(current, subs.get(i));
                if (next == invalid) continue;
                picked[size] = i;
                dfs(i + 1, next, picked, size + 1);
            }
        }

        /**
         * Whether uniting candidate {@code i} with the {@code size} ≥ 2 candidates picked (whose
         * union is {@code current}) could matter, judged from pairs of candidates (unions made
         * once and kept) before the larger union is made. Not when {@code i} and one picked
         * candidate break a limit together: every set holding both does (more proofs at a node,
         * and the same pairs of provers and of outputs). Nor, for a set that would be full, when
         * it cannot score more than the best found: a tree score is the sum of its distinct
         * proofs' scores, so what {@code i} adds to the picked set is at most what it adds to
         * each picked candidate alone, score(p ∪ i) − score(p). Either way the union made would
         * change nothing: invalid, or no better than the best (which only a higher score replaces).
         */
        private boolean worthUniting(Sub current, int[] picked, int size, int i) {
            Sub add = subs.get(i);
            long gainHi = -1, gainLo = -1; // the least gain over the picked candidates (unsigned)
            for (int p = 0; p < size; p++) {
                Sub alone = subs.get(picked[p]);
                Sub both = union(alone, add);
                if (both == invalid) return false;
                long lo = both.lo - alone.lo;
                long hi = both.hi - alone.hi - (Long.compareUnsigned(both.lo, alone.lo) < 0 ? 1 : 0);
                if (compare128(hi, lo, gainHi, gainLo) < 0) {
                    gainHi = hi;
                    gainLo = lo;
                }
            }
            if (size + 1 < k || !found) return true;
            long lo = current.lo + gainLo;
            long hi = current.hi + gainHi + (Long.compareUnsigned(lo, gainLo) < 0 ? 1 : 0);
            return compare128(hi, lo, bestHi, bestLo) > 0;
        }
    }

    /**
     * Tells the assembler of a proof before it is a candidate, with the proofs it includes (per
     * child, in the order of its ids) and its score: its tree is then made from these, as {@link
     * #choose} would make it through the look-up and the score function when given the same proofs,
     * without looking any of them up. For a caller that holds a proof's children already (it chose
     * them); each must be the proof its id in {@code p.children()} names.
     *
     * @throws IllegalArgumentException when {@code included} does not match {@code p.children()}
     */
    public void add(ProofRecord p, Score score, List<List<ProofRecord>> included) {
        Objects.requireNonNull(score, "score");
        if (memoOf(p) != null) return;
        List<List<Bytes>> ids = p.children();
        if (included.size() != ids.size())
            throw new IllegalArgumentException(
                    "the proof includes " + ids.size() + " children, not " + included.size());
        for (int side = 0; side < ids.size(); side++) {
            List<Bytes> want = ids.get(side);
            List<ProofRecord> got = included.get(side);
            if (got.size() != want.size())
                throw new IllegalArgumentException(
                        "child " + side + ": " + got.size() + " proofs given for " + want.size() + " ids");
            for (int x = 0; x < want.size(); x++)
                if (!got.get(x).id().equals(want.get(x)))
                    throw new IllegalArgumentException(
                            "child " + side + ": proof " + x + " is not the one its id names");
        }
        build(p, included, score);
    }

    /** The tree of one proof, memoised; invalid when it breaks the limits or reaches an unknown proof. */
    private Sub sub(ProofRecord p) {
        Sub m = memoOf(p);
        return m != null ? m : build(p, null, null);
    }

    /** {@code p}'s tree made by this assembler, or null. */
    private Sub memoOf(ProofRecord p) {
        Object m = p.assemblerMemo;
        if (m instanceof Sub s && s.of(this)) return s;
        return m == null || others == null ? null : others.get(p.id()); // the field is never cleared
    }

    /** Keeps {@code p}'s tree: on the record when no assembler has taken its memo yet, else here. */
    private void keep(ProofRecord p, Sub u) {
        if (MEMO.compareAndSet(p, null, u)) return;
        if (others == null) others = new HashMap<>();
        others.put(p.id(), u);
    }

    /**
     * Makes {@code p}'s tree, its children from {@code included} (null: looked up by id) and its
     * score {@code given} (null: asked of the score function), and keeps it on {@code p}.
     */
    private Sub build(ProofRecord p, List<List<ProofRecord>> included, Score given) {
        boolean base = p.node().level() == 0;
        Sub u = base == p.children().isEmpty() && (base || p.children().size() == 2) ? null : invalid;
        Sub[] sides = new Sub[2];
        for (int side = 0; side < p.children().size() && u != invalid; side++) {
            List<Bytes> ids = p.children().get(side);
            if (ids.isEmpty() || ids.size() > k) {
                u = invalid;
                break;
            }
            NodeId want = p.node().child(side);
            Sub acc = null;
            for (int x = 0; x < ids.size(); x++) {
                ProofRecord c = included != null ? included.get(side).get(x) : lookup.apply(ids.get(x));
                if (c == null) return invalid; // not known yet: decided again once it is (not memoised)
                Sub cs = !c.node().equals(want) ? invalid : sub(c);
                acc = cs == invalid ? invalid : acc == null ? cs : union(acc, cs);
                if (acc == invalid) break;
            }
            if (acc == invalid) u = invalid;
            sides[side] = acc;
        }
        if (u != invalid) {
            Score s1 = given != null ? given : score.apply(p);
            u = new Sub(new ProofRecord[] {p}, new long[] {s1.hi(), s1.lo()}, s1.hi(), s1.lo(), sides[0], sides[1]);
        }
        keep(p, u);
        return u;
    }

    /**
     * The union of two trees under the same node, or {@link #invalid} if it breaks a limit (too
     * many proofs, a prover twice, two sets of outputs at a node). Shares every part of the
     * operands the union leaves unchanged.
     */
    private Sub union(Sub a, Sub b) {
        if (a == b) return a;
        Sub lo = a.serial < b.serial ? a : b, hi = lo == a ? b : a;
        int[] ps = lo.partners;
        for (int i = 0, n = lo.partnerCount; i < n; i++) if (ps[i] == hi.serial) return lo.partnerUnions[i];
        long key = 0;
        if (lo.partnerCount == PARTNERS) {
            key = spread((long) lo.serial << 32 | hi.serial);
            Sub done = unions.get(key);
            if (done != null) return done;
        }
        Sub u = unionOf(a, b);
        if (lo.partnerCount == PARTNERS) {
            unions.put(key, u);
        } else {
            if (ps == null || lo.partnerCount == ps.length) {
                int n = ps == null ? 2 : Math.min(PARTNERS, 2 * ps.length);
                lo.partners = ps == null ? new int[n] : Arrays.copyOf(ps, n);
                lo.partnerUnions = ps == null ? new Sub[n] : Arrays.copyOf(lo.partnerUnions, n);
            }
            lo.partners[lo.partnerCount] = hi.serial;
            lo.partnerUnions[lo.partnerCount++] = u;
        }
        return u;
    }

    /**
     * Subtrees by a 64-bit key, in open addressing: one probe of two flat arrays, no boxed key and
     * no entry object (a block's assembly in the simulator makes hundreds of thousands of unions).
     * Keys are already spread; a null value marks a free slot.
     */
    private static final class PairMap {
        private long[] keys = new long[1024];
        private Sub[] vals = new Sub[1024];
        private int size;

        Sub get(long key) {
            int mask = keys.length - 1;
            for (int i = (int) key & mask; ; i = (i + 1) & mask) {
                Sub v = vals[i];
                if (v == null || keys[i] == key) return v;
            }
        }

        void put(long key, Sub v) {
            if (2 * (size + 1) > keys.length) grow();
            int mask = keys.length - 1;
            int i = (int) key & mask;
            while (vals[i] != null && keys[i] != key) i = (i + 1) & mask;
            if (vals[i] == null) size++;
            keys[i] = key;
            vals[i] = v;
        }

        private void grow() {
            long[] ok = keys;
            Sub[] ov = vals;
            keys = new long[ok.length * 2];
            vals = new Sub[ok.length * 2];
            size = 0;
            for (int i = 0; i < ok.length; i++) if (ov[i] != null) put(ok[i], ov[i]);
        }
    }

    /** A bijection of 64-bit words (SplitMix64's finaliser), so the pair keys spread over the map's bins. */
    private static long spread(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * Which of b's proofs at a node a union adds to a's ({@link #unionOf}, before it descends: a
     * union below uses it again only after this one is done with it).
     */
    private final int[] added;

    private Sub unionOf(Sub a, Sub b) {
        ProofRecord[] as = a.proofs, bs = b.proofs;
        int na = as.length, n = na;
        // b's proofs that a lacks: each checked against a's only, since b's own are already
        // distinct proofs by distinct provers with one set of outputs (a tree is built or united
        // only when it keeps the limits). The same id means the same prover and outputs (both are
        // in what the id hashes), so a proof by another prover is compared by outputs alone.
        for (int j = 0; j < bs.length; j++) {
            ProofRecord p = bs[j];
            boolean known = false;
            for (int i = 0; i < na; i++) {
                ProofRecord q = as[i];
                if (q == p) {
                    known = true;
                    break;
                }
                if (q.prover().equals(p.prover())) {
                    if (!q.id().equals(p.id())) return invalid; // one proof per prover per node
                    known = true;
                    break;
                }
                if (q.outputs() != p.outputs() && !q.outputs().equals(p.outputs())) return invalid;
            }
            if (known) continue;
            if (n == k) return invalid;
            added[n++ - na] = j;
        }
        ProofRecord[] ps;
        long[] ss;
        long hereHi, hereLo;
        if (n == bs.length) { // a's proofs are all b's: keep b's array, so b can be shared below
            ps = bs;
            ss = b.scores;
            hereHi = b.hereHi;
            hereLo = b.hereLo;
        } else if (n == na) { // b's proofs are all a's
            ps = as;
            ss = a.scores;
            hereHi = a.hereHi;
            hereLo = a.hereLo;
        } else { // a's proofs, then b's it lacked, in b's order: one array each
            ps = Arrays.copyOf(as, n);
            ss = Arrays.copyOf(a.scores, 2 * n);
            hereHi = a.hereHi;
            hereLo = a.hereLo;
            for (int x = na; x < n; x++) {
                int j = added[x - na];
                ps[x] = bs[j];
                long sh = b.scores[2 * j], sl = b.scores[2 * j + 1];
                ss[2 * x] = sh;
                ss[2 * x + 1] = sl;
                long l = hereLo + sl;
                hereHi = addHi(hereHi, sh, l, hereLo);
                hereLo = l;
            }
        }
        Sub l = null, r = null;
        if (a.left != null) {
            l = union(a.left, b.left);
            if (l == invalid) return invalid;
            r = union(a.right, b.right);
            if (r == invalid) return invalid;
        }
        if (ps == a.proofs && l == a.left && r == a.right) return a;
        if (ps == b.proofs && l == b.left && r == b.right) return b;
        return new Sub(ps, ss, hereHi, hereLo, l, r);
    }
}
