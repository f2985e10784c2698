package io.coprover.plonk;

import io.coprover.math.Field;

/**
 * circomlib Poseidon as PLONK gates, bit-for-bit the same function as {@link Poseidon}.
 *
 * <p>Each state element is kept as (wire w, constant k) meaning value = w + k, so adding round
 * constants costs no gate. An S-box y = (w + k)^5 takes 3 gates:
 * {@code s = w² + 2k·w + k²}, {@code s4 = s·s}, {@code y = s4·w + k·s4}. The MDS layer computes
 * each output Σ_j m_ij·(w_j + k_j) as a chain of t − 1 two-input linear gates, the constants
 * folded into qC. Gates per hash ≈ 3·(8t + R_P) + t(t−1)·(8 + R_P) (e.g. 632 for two inputs);
 * {@link #gateCount} gives the exact figure.
 */
public final class PoseidonGadget {
    private static final Field F = Field.FR;
    private static final long[] ZERO = new long[4];
    private static final long[] ONE = F.one();
    private static final long[] MINUS_ONE = F.fromLong(-1);

    private PoseidonGadget() {}

    /** Number of gates {@link #hash} adds for {@code nInputs} inputs (counted by building one). */
    public static int gateCount(int nInputs) {
        CircuitBuilder cb = new CircuitBuilder();
        int[] in = new int[nInputs];
        for (int i = 0; i < nInputs; i++) in[i] = cb.newWire(java.math.BigInteger.valueOf(i));
        hash(cb, in);
        return cb.numGates();
    }

    /** Poseidon(inputs) as gates; returns the output wire. */
    public static int hash(CircuitBuilder cb, int... inputs) {
        Poseidon.Params p = Poseidon.params(inputs.length + 1);
        int t = p.t;
        int[] w = new int[t];
        long[] k = new long[4 * t];
        w[0] = CircuitBuilder.DUMMY; // capacity element: 0 (the dummy wire holds 0, coefficient folded below)
        for (int i = 0; i < inputs.length; i++) w[i + 1] = inputs[i];
        boolean[] isZeroConst = new boolean[t];
        isZeroConst[0] = true; // element 0 is exactly the constant k (no wire)
        long[] tmp = new long[4], tmp2 = new long[4];
        for (int round = 0; round < p.rounds(); round++) {
            for (int i = 0; i < t; i++) F.add(k, 4 * i, p.c, 4 * (round * t + i), k, 4 * i);
            int sboxes = p.isFull(round) ? t : 1;
            for (int i = 0; i < sboxes; i++) {
                if (isZeroConst[i]) {
                    // value is the constant k alone: the S-box is a constant, no gate
                    F.sqr(k, 4 * i, tmp, 0);
                    F.sqr(tmp, 0, tmp, 0);
                    F.mul(tmp, 0, k, 4 * i, k, 4 * i);
                    continue;
                }
                w[i] = sbox(cb, w[i], k, 4 * i);
                F.setZero(k, 4 * i);
            }
            // MDS: out_i = Σ_j m_ij·(w_j + k_j)
            int[] nw = new int[t];
            long[] nk = new long[4 * t];
            boolean[] nz = new boolean[t];
            for (int i = 0; i < t; i++) {
                long[] cst = new long[4];
                for (int j = 0; j < t; j++) {
                    F.mul(p.m, 4 * (i * t + j), k, 4 * j, tmp, 0);
                    F.add(cst, 0, tmp, 0, cst, 0);
                }
                int acc = -1;
                long[] accCoef = null;
                for (int j = 0; j < t; j++) {
                    if (isZeroConst[j]) continue;
                    long[] m = java.util.Arrays.copyOfRange(p.m, 4 * (i * t + j), 4 * (i * t + j) + 4);
                    if (acc < 0) {
                        acc = w[j];
                        accCoef = m;
                        continue;
                    }
                    // new = accCoef·acc + m·w_j (+ cst on the last link)
                    long[] v = new long[4];
                    F.mul(accCoef, 0, cb.value(acc), 0, v, 0);
                    F.mul(m, 0, cb.value(w[j]), 0, tmp2, 0);
                    F.add(v, 0, tmp2, 0, v, 0);
                    int out = cb.newWire(v);
                    cb.gate(acc, w[j], out, accCoef, m, MINUS_ONE, ZERO, ZERO);
                    acc = out;
                    accCoef = ONE;
                }
                if (acc < 0) { // all inputs constant
                    nw[i] = CircuitBuilder.DUMMY;
                    nz[i] = true;
                } else if (accCoef != ONE) { // a single wire term: scale it (1 gate)
                    long[] v = new long[4];
                    F.mul(accCoef, 0, cb.value(acc), 0, v, 0);
                    int out = cb.newWire(v);
                    cb.gate(acc, CircuitBuilder.DUMMY, out, accCoef, ZERO, MINUS_ONE, ZERO, ZERO);
                    nw[i] = out;
                } else {
                    nw[i] = acc;
                }
                Field.copy(cst, 0, nk, 4 * i);
            }
            w = nw;
            k = nk;
            isZeroConst = nz;
        }
        // materialise output 0 = w_0 + k_0 (1 gate)
        long[] v = new long[4];
        F.add(cb.value(w[0]), 0, k, 0, v, 0);
        int out = cb.newWire(v);
        long[] negOut = MINUS_ONE;
        cb.gate(
                w[0],
                CircuitBuilder.DUMMY,
                out,
                isZeroConst[0] ? ZERO : ONE,
                ZERO,
                negOut,
                ZERO,
                java.util.Arrays.copyOf(k, 4));
        return out;
    }

    /** y = (w + k)^5 in 3 gates; k is 4 longs at {@code ko} in {@code kArr}. */
    private static int sbox(CircuitBuilder cb, int w, long[] kArr, int ko) {
        long[] kk = java.util.Arrays.copyOfRange(kArr, ko, ko + 4);
        long[] x = new long[4];
        F.add(cb.value(w), 0, kk, 0, x, 0);
        long[] s = new long[4];
        F.sqr(x, 0, s, 0);
        int sW = cb.newWire(s);
        long[] twoK = new long[4], k2 = new long[4];
        F.dbl(kk, 0, twoK, 0);
        F.sqr(kk, 0, k2, 0);
        cb.gate(w, w, sW, twoK, ZERO, MINUS_ONE, ONE, k2); // s = w² + 2k·w + k²
        long[] s4 = new long[4];
        F.sqr(s, 0, s4, 0);
        int s4W = cb.newWire(s4);
        cb.gate(sW, sW, s4W, ZERO, ZERO, MINUS_ONE, ONE, ZERO); // s4 = s·s
        long[] y = new long[4];
        F.mul(s4, 0, x, 0, y, 0);
        int yW = cb.newWire(y);
        cb.gate(s4W, w, yW, kk, ZERO, MINUS_ONE, ONE, ZERO); // y = s4·w + k·s4
        return yW;
    }
}
