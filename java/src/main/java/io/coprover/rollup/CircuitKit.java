package io.coprover.rollup;

import io.coprover.math.Field;
import io.coprover.plonk.CircuitBuilder;
import io.coprover.plonk.PoseidonGadget;

/** Gadgets the rollup circuits share (linear combinations, Merkle paths). */
final class CircuitKit {
    private static final Field F = Field.FR;
    private static final long[] ZERO = new long[4];
    private static final long[] MINUS_ONE = F.fromLong(-1);

    private CircuitKit() {}

    /** cx·x + cy·y + k (1 gate). */
    static int lin(CircuitBuilder cb, int x, long[] cx, int y, long[] cy, long[] k) {
        long[] v = new long[4], t = new long[4];
        F.mul(cx, 0, cb.value(x), 0, v, 0);
        F.mul(cy, 0, cb.value(y), 0, t, 0);
        F.add(v, 0, t, 0, v, 0);
        F.add(v, 0, k, 0, v, 0);
        int out = cb.newWire(v);
        cb.gate(x, y, out, cx, cy, MINUS_ONE, ZERO, k);
        return out;
    }

    /** Constrains x·y = 0 (1 gate). */
    static void assertProductZero(CircuitBuilder cb, int x, int y) {
        cb.gate(x, y, CircuitBuilder.DUMMY, ZERO, ZERO, ZERO, F.one(), ZERO);
    }

    /**
     * The root over {@code leaf} along a path: for each level, with b = the index bit,
     * left = cur + b·(sib − cur), right = sib + cur − left, cur = Poseidon(left, right)
     * (4 + 628 gates per level). The bits must be constrained boolean by the caller.
     */
    static int merkleRoot(CircuitBuilder cb, int leaf, int[] bits, int[] siblings) {
        long[] one = F.one();
        int cur = leaf;
        for (int l = 0; l < bits.length; l++) {
            int d = lin(cb, siblings[l], one, cur, MINUS_ONE, ZERO);
            int t = io.coprover.plonk.Gadgets.mul(cb, bits[l], d);
            int left = lin(cb, cur, one, t, one, ZERO);
            int right = lin(cb, siblings[l], one, t, MINUS_ONE, ZERO);
            cur = PoseidonGadget.hash(cb, left, right);
        }
        return cur;
    }
}
