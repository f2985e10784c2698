package io.coprover.plonk;

import io.coprover.math.Field;
import java.math.BigInteger;

/**
 * Small circuit gadgets over {@link CircuitBuilder}: each computes its outputs' witness values
 * and adds the gates that constrain them. Gate counts are given per gadget.
 */
public final class Gadgets {
    private static final Field F = Field.FR;
    private static final long[] ZERO = new long[4];
    private static final long[] ONE = F.one();
    private static final long[] MINUS_ONE = F.fromLong(-1);

    private Gadgets() {}

    /** x + y (1 gate). */
    public static int add(CircuitBuilder cb, int x, int y) {
        long[] v = new long[4];
        F.add(cb.value(x), 0, cb.value(y), 0, v, 0);
        int out = cb.newWire(v);
        cb.gate(x, y, out, ONE, ONE, MINUS_ONE, ZERO, ZERO);
        return out;
    }

    /** x − y (1 gate). */
    public static int sub(CircuitBuilder cb, int x, int y) {
        long[] v = new long[4];
        F.sub(cb.value(x), 0, cb.value(y), 0, v, 0);
        int out = cb.newWire(v);
        cb.gate(x, y, out, ONE, MINUS_ONE, MINUS_ONE, ZERO, ZERO);
        return out;
    }

    /** x · y (1 gate). */
    public static int mul(CircuitBuilder cb, int x, int y) {
        long[] v = new long[4];
        F.mul(cb.value(x), 0, cb.value(y), 0, v, 0);
        int out = cb.newWire(v);
        cb.gate(x, y, out, ZERO, ZERO, MINUS_ONE, ONE, ZERO);
        return out;
    }

    /** Constrains x ∈ {0, 1}: x·x − x = 0 (1 gate). */
    public static void assertBool(CircuitBuilder cb, int x) {
        cb.gate(x, x, CircuitBuilder.DUMMY, MINUS_ONE, ZERO, ZERO, ONE, ZERO);
    }

    /**
     * Decomposes x into {@code bits} little-endian boolean wires and constrains
     * Σ 2^i·bit_i = x, i.e. 0 ≤ x &lt; 2^bits (2·bits − 1 gates; bits ≤ 253 so the decomposition
     * is unique mod r).
     *
     * @return the bit wires, least significant first
     * @throws IllegalArgumentException if the witness value does not fit, or bits is out of range
     */
    public static int[] rangeCheck(CircuitBuilder cb, int x, int bits) {
        if (bits < 1 || bits > 253) throw new IllegalArgumentException("range check needs 1..253 bits, got " + bits);
        BigInteger v = F.toBigInteger(cb.value(x), 0);
        if (v.bitLength() > bits) {
            throw new IllegalArgumentException("range check: value does not fit in " + bits + " bits");
        }
        int[] out = new int[bits];
        for (int i = 0; i < bits; i++) {
            out[i] = cb.newWire(v.testBit(i) ? BigInteger.ONE : BigInteger.ZERO);
            assertBool(cb, out[i]);
        }
        if (bits == 1) {
            cb.assertEqual(out[0], x);
            return out;
        }
        // acc_i = acc_{i−1} + 2^i·bit_i; the last accumulator is x itself
        int acc = out[0];
        long[] accV = cb.value(out[0]);
        for (int i = 1; i < bits; i++) {
            long[] pow = F.fromBigInteger(BigInteger.ONE.shiftLeft(i));
            long[] t = new long[4];
            F.mul(pow, 0, cb.value(out[i]), 0, t, 0);
            F.add(accV, 0, t, 0, accV, 0);
            int next = i == bits - 1 ? x : cb.newWire(accV);
            cb.gate(acc, out[i], next, ONE, pow, MINUS_ONE, ZERO, ZERO);
            acc = next;
        }
        return out;
    }

    /** cond ? x : y for a boolean cond (not constrained here): y + cond·(x − y) (3 gates). */
    public static int select(CircuitBuilder cb, int cond, int x, int y) {
        int d = sub(cb, x, y);
        int t = mul(cb, cond, d);
        return add(cb, t, y);
    }

    /** 1 if x = 0 else 0, constrained (2 gates): x·inv + out − 1 = 0 and x·out = 0. */
    public static int isZero(CircuitBuilder cb, int x) {
        long[] xv = cb.value(x);
        long[] inv = new long[4];
        boolean zero = Field.isZero(xv, 0);
        if (!zero) F.inverse(xv, 0, inv, 0);
        int invW = cb.newWire(inv);
        int out = cb.newWire(zero ? ONE : ZERO);
        cb.gate(x, invW, out, ZERO, ZERO, ONE, ONE, MINUS_ONE);
        cb.gate(x, out, CircuitBuilder.DUMMY, ZERO, ZERO, ZERO, ONE, ZERO);
        return out;
    }

    /** 1 if x = y else 0 (3 gates). */
    public static int isEqual(CircuitBuilder cb, int x, int y) {
        return isZero(cb, sub(cb, x, y));
    }
}
