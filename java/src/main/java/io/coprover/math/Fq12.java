package io.coprover.math;

import java.math.BigInteger;

/**
 * Fq12 = Fq6[w]/(w² − v), the top of the BN254 tower and the home of pairing values.
 *
 * <p>An element is 48 consecutive longs: c0 then c1 (each an {@link Fq6} element of 24 longs),
 * standing for c0 + c1·w. Seen over Fq2, w⁶ = v³ = ξ and an element is Σ_{k<6} a_k·w^k with
 * a_0 = c0.b0, a_1 = c1.b0, a_2 = c0.b1, a_3 = c1.b1, a_4 = c0.b2, a_5 = c1.b2; {@link #W_POS}
 * gives the offset of a_k. Methods take (array, offset) pairs and a scratch region
 * {@code (t, to)} of at least {@link #SCRATCH} longs; results may alias inputs.
 *
 * <p>Frobenius: (Σ a_k w^k)^(q^n) = Σ conj^n(a_k)·γ_{n,k}·w^k with γ_{n,k} = w^{k(q^n − 1)} =
 * ξ^{k(q^n − 1)/6} (q ≡ 1 mod 6), derived below from BigInteger at class initialisation.
 */
public final class Fq12 {
    /** Longs per element. */
    public static final int SIZE = 48;
    /** Longs of scratch every method here needs. */
    public static final int SCRATCH = 200;
    /** Offset inside an element of the Fq2 coefficient of w^k, k = 0..5. */
    static final int[] W_POS = {0, 24, 8, 32, 16, 40};

    /** GAMMA[n][k] = ξ^{k(q^n − 1)/6} for n = 1, 2, 3 (row 0 unused), as Fq2 elements. */
    static final long[][][] GAMMA = new long[4][6][];

    static {
        BigInteger q = Field.FQ.modulus;
        long[] xi = Fq2.of(BigInteger.valueOf(9), BigInteger.ONE);
        for (int n = 1; n <= 3; n++) {
            BigInteger e = q.pow(n).subtract(BigInteger.ONE);
            if (e.mod(BigInteger.valueOf(6)).signum() != 0) throw new AssertionError("q^n - 1 not divisible by 6");
            for (int k = 0; k < 6; k++) {
                GAMMA[n][k] = Fq2.pow(xi, e.multiply(BigInteger.valueOf(k)).divide(BigInteger.valueOf(6)));
            }
        }
    }

    private Fq12() {}

    public static long[] one() {
        long[] r = new long[SIZE];
        setOne(r, 0);
        return r;
    }

    public static void setOne(long[] r, int ri) {
        for (int i = 0; i < SIZE; i++) r[ri + i] = 0;
        Fq2.setOne(r, ri);
    }

    public static void copy(long[] a, int ai, long[] r, int ri) {
        System.arraycopy(a, ai, r, ri, SIZE);
    }

    public static boolean isOne(long[] a, int ai) {
        if (!Fq2.isOne(a, ai)) return false;
        for (int i = 8; i < SIZE; i++) if (a[ai + i] != 0) return false;
        return true;
    }

    public static boolean equal(long[] a, int ai, long[] b, int bi) {
        for (int i = 0; i < SIZE; i++) if (a[ai + i] != b[bi + i]) return false;
        return true;
    }

    public static void add(long[] a, int ai, long[] b, int bi, long[] r, int ri) {
        Fq6.add(a, ai, b, bi, r, ri);
        Fq6.add(a, ai + 24, b, bi + 24, r, ri + 24);
    }

    public static void sub(long[] a, int ai, long[] b, int bi, long[] r, int ri) {
        Fq6.sub(a, ai, b, bi, r, ri);
        Fq6.sub(a, ai + 24, b, bi + 24, r, ri + 24);
    }

    /** r = conj(a) = c0 − c1·w = a^(q⁶); the inverse of a unitary element (norm 1 over Fq6). */
    public static void conj(long[] a, int ai, long[] r, int ri) {
        Fq6.copy(a, ai, r, ri);
        Fq6.neg(a, ai + 24, r, ri + 24);
    }

    /** r = a·b by Karatsuba over Fq6: a0b0 + a1b1·v + ((a0+a1)(b0+b1) − a0b0 − a1b1)·w. */
    public static void mul(long[] a, int ai, long[] b, int bi, long[] r, int ri, long[] t, int to) {
        final int x = to, y = to + 24, s = to + 48, u = to + 72, sc = to + 96;
        Fq6.mul(a, ai, b, bi, t, x, t, sc);
        Fq6.mul(a, ai + 24, b, bi + 24, t, y, t, sc);
        Fq6.add(a, ai, a, ai + 24, t, s);
        Fq6.add(b, bi, b, bi + 24, t, u);
        Fq6.mul(t, s, t, u, t, s, t, sc);
        Fq6.sub(t, s, t, x, t, s);
        Fq6.sub(t, s, t, y, r, ri + 24);
        Fq6.mulByV(t, y, t, u, t, sc);
        Fq6.add(t, x, t, u, r, ri);
    }

    /**
     * r = a² by complex squaring: c1 = 2a0a1, c0 = (a0+a1)(a0+v·a1) − a0a1 − v·a0a1
     * (2 Fq6 multiplications).
     */
    public static void sqr(long[] a, int ai, long[] r, int ri, long[] t, int to) {
        final int s = to, u = to + 24, m = to + 48, sc = to + 72;
        Fq6.add(a, ai, a, ai + 24, t, s);
        Fq6.mulByV(a, ai + 24, t, u, t, sc);
        Fq6.add(a, ai, t, u, t, u);
        Fq6.mul(t, s, t, u, t, s, t, sc);
        Fq6.mul(a, ai, a, ai + 24, t, m, t, sc);
        Fq6.sub(t, s, t, m, t, s);
        Fq6.mulByV(t, m, t, u, t, sc);
        Fq6.sub(t, s, t, u, r, ri);
        Fq6.add(t, m, t, m, r, ri + 24);
    }

    /** r = a^{−1} = (a0 − a1·w)/(a0² − v·a1²). Throws ArithmeticException for zero. */
    public static void inverse(long[] a, int ai, long[] r, int ri, long[] t, int to) {
        final int d = to, e = to + 24, sc = to + 48;
        Fq6.mul(a, ai, a, ai, t, d, t, sc);
        Fq6.mul(a, ai + 24, a, ai + 24, t, e, t, sc);
        Fq6.mulByV(t, e, t, e, t, sc);
        Fq6.sub(t, d, t, e, t, d);
        Fq6.inverse(t, d, t, d, t, sc);
        Fq6.mul(a, ai, t, d, r, ri, t, sc);
        Fq6.mul(a, ai + 24, t, d, r, ri + 24, t, sc);
        Fq6.neg(r, ri + 24, r, ri + 24);
    }

    /**
     * r = a·ℓ for the sparse line value ℓ = d0 + d3·w + d4·w³ (Fq2 coefficients; in the layout
     * c0 = (d0, 0, 0), c1 = (d3, d4, 0)): 13 Fq2 multiplications instead of 18.
     */
    public static void mulBy034(
            long[] a, int ai, long[] d, int d0, int d3, int d4, long[] r, int ri, long[] t, int to) {
        final int x = to, y = to + 24, s = to + 48, e = to + 72, sc = to + 80;
        Fq6.mulByFq2(a, ai, d, d0, t, x, t, sc); // a0·L0
        Fq6.mulBy01(a, ai + 24, d, d3, d, d4, t, y, t, sc); // a1·L1
        Fq2.add(d, d0, d, d3, t, e);
        Fq6.add(a, ai, a, ai + 24, t, s);
        Fq6.mulBy01(t, s, t, e, d, d4, t, s, t, sc); // (a0+a1)(L0+L1)
        Fq6.sub(t, s, t, x, t, s);
        Fq6.sub(t, s, t, y, r, ri + 24);
        Fq6.mulByV(t, y, t, y, t, sc);
        Fq6.add(t, x, t, y, r, ri);
    }

    /**
     * r = a·(1 + d3·w + d4·w³), the product with a line normalised to constant term 1 (the
     * precomputed lines of {@link Pairing.G2Prepared}): a0 + v·a1·L1 + (a1 + a0·L1)·w with
     * L1 = d3 + d4·v, 10 Fq2 multiplications.
     */
    public static void mulBy34(long[] a, int ai, long[] d, int d3, int d4, long[] r, int ri, long[] t, int to) {
        final int x = to, y = to + 24, sc = to + 48;
        Fq6.mulBy01(a, ai + 24, d, d3, d, d4, t, x, t, sc); // a1·L1
        Fq6.mulBy01(a, ai, d, d3, d, d4, t, y, t, sc); // a0·L1
        Fq6.add(a, ai + 24, t, y, r, ri + 24);
        Fq6.mulByV(t, x, t, x, t, sc);
        Fq6.add(a, ai, t, x, r, ri);
    }

    /** r = a^(q^n) for n = 1, 2, 3 (compose for other powers). */
    public static void frobenius(long[] a, int ai, int n, long[] r, int ri, long[] t, int to) {
        if (n < 1 || n > 3) throw new IllegalArgumentException("frobenius power must be 1, 2 or 3: " + n);
        final int c = to, sc = to + 8;
        for (int k = 0; k < 6; k++) {
            int p = W_POS[k];
            if ((n & 1) == 1) Fq2.conj(a, ai + p, t, c);
            else Fq2.copy(a, ai + p, t, c);
            if (k == 0) Fq2.copy(t, c, r, ri + p);
            else Fq2.mul(t, c, GAMMA[n][k], 0, r, ri + p, t, sc);
        }
    }

    /**
     * r = a² for a in the cyclotomic subgroup (elements of order dividing q⁴ − q² + 1, such as
     * any value after the easy part of the final exponentiation), by Granger–Scott, "Faster squaring in the cyclotomic subgroup of
     * sixth degree extensions" (PKC 2010, §3.2). View Fq12 = Fq4[w]/(w³ − s) with
     * Fq4 = Fq2[s]/(s² − ξ), s = w³, and a = A0 + A1·w + A2·w²; then
     * a² = (3A0² − 2·conj(A0)) + (3s·A2² + 2·conj(A1))·w + (3A1² − 2·conj(A2))·w²,
     * where conj negates the s-part. Here A0 = a_0 + a_3·s, A1 = a_1 + a_4·s, A2 = a_2 + a_5·s.
     * Six Fq2 squarings.
     */
    public static void cyclotomicSqr(long[] a, int ai, long[] r, int ri, long[] t, int to) {
        final int sc = to + 96;
        // fq4Sqr(x, y) = (x² + ξy², 2xy) for x + y·s
        fq4Sqr(a, ai, ai + 32, t, to, to + 8, sc); // A0² = (n00, n01)
        fq4Sqr(a, ai + 24, ai + 16, t, to + 16, to + 24, sc); // A1² = (n10, n11)
        fq4Sqr(a, ai + 8, ai + 40, t, to + 32, to + 40, sc); // A2² = (n20, n21)
        final int tmp = to + 48;
        // a_0' = 3·n00 − 2·a_0, a_3' = 3·n01 + 2·a_3
        threeMinusTwo(t, to, a, ai, r, ri, tmp, t);
        threePlusTwo(t, to + 8, a, ai + 32, r, ri + 32, tmp, t);
        // (3s·A2²): s·(n20 + n21 s) = ξ n21 + n20 s
        Fq2.mulByXi(t, to + 40, t, to + 40, t, sc);
        // a_1' = 3ξ·n21 + 2·a_1, a_4' = 3·n20 − 2·a_4
        threePlusTwo(t, to + 40, a, ai + 24, r, ri + 24, tmp, t);
        threeMinusTwo(t, to + 32, a, ai + 16, r, ri + 16, tmp, t);
        // a_2' = 3·n10 − 2·a_2, a_5' = 3·n11 + 2·a_5
        threeMinusTwo(t, to + 16, a, ai + 8, r, ri + 8, tmp, t);
        threePlusTwo(t, to + 24, a, ai + 40, r, ri + 40, tmp, t);
    }

    /** (x + y·s)² = (x² + ξy²) + 2xy·s into t[o0], t[o1]. */
    private static void fq4Sqr(long[] a, int x, int y, long[] t, int o0, int o1, int sc) {
        Fq2.sqr(a, x, t, o0, t, sc);
        Fq2.sqr(a, y, t, o1, t, sc);
        Fq2.add(a, x, a, y, t, sc + 16);
        Fq2.sqr(t, sc + 16, t, sc + 16, t, sc);
        Fq2.sub(t, sc + 16, t, o0, t, sc + 16);
        Fq2.sub(t, sc + 16, t, o1, t, sc + 16); // 2xy
        Fq2.mulByXi(t, o1, t, o1, t, sc);
        Fq2.add(t, o0, t, o1, t, o0); // x² + ξy²
        Fq2.copy(t, sc + 16, t, o1);
    }

    /** r = 3n − 2a = 2(n − a) + n. */
    private static void threeMinusTwo(long[] t, int n, long[] a, int ai, long[] r, int ri, int tmp, long[] tt) {
        Fq2.sub(t, n, a, ai, tt, tmp);
        Fq2.dbl(tt, tmp, tt, tmp);
        Fq2.add(tt, tmp, t, n, r, ri);
    }

    /** r = 3n + 2a = 2(n + a) + n. */
    private static void threePlusTwo(long[] t, int n, long[] a, int ai, long[] r, int ri, int tmp, long[] tt) {
        Fq2.add(t, n, a, ai, tt, tmp);
        Fq2.dbl(tt, tmp, tt, tmp);
        Fq2.add(tt, tmp, t, n, r, ri);
    }

    /** a^e by square-and-multiply (general elements; for tests and derivations, not hot paths). */
    public static long[] pow(long[] a, int ai, BigInteger e) {
        long[] acc = one(), t = new long[SCRATCH], base = new long[SIZE];
        copy(a, ai, base, 0);
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            sqr(acc, 0, acc, 0, t, 0);
            if (e.testBit(i)) mul(acc, 0, base, 0, acc, 0, t, 0);
        }
        return acc;
    }

    /** A random element (for tests). */
    public static long[] random(java.util.Random rnd) {
        long[] r = new long[SIZE];
        for (int i = 0; i < SIZE; i += 4) Field.FQ.random(rnd, r, i);
        return r;
    }
}
