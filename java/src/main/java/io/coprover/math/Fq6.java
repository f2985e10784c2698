package io.coprover.math;

/**
 * The cubic extension Fq6 = Fq2[v]/(v³ − ξ), ξ = 9 + u, the middle floor of the BN254 tower.
 *
 * <p>An element is 24 consecutive longs: b0, b1, b2 (each an {@link Fq2} element of 8 longs),
 * standing for b0 + b1·v + b2·v². Methods take (array, offset) pairs and a scratch region
 * {@code (t, to)} of at least {@link #SCRATCH} longs; results may alias inputs (outputs are
 * written after every input has been read).
 *
 * <p>Multiplication is the Karatsuba-style interpolation for cubic extensions of Devegili,
 * Ó hÉigeartaigh, Scott and Dahab, "Multiplication and squaring on pairing-friendly fields"
 * (2006, §4): 6 Fq2 multiplications instead of 9.
 */
public final class Fq6 {
    /** Longs per element. */
    public static final int SIZE = 24;
    /** Longs of scratch every method here needs. */
    public static final int SCRATCH = 80;

    private Fq6() {}

    public static void setZero(long[] r, int ri) {
        for (int i = 0; i < SIZE; i++) r[ri + i] = 0;
    }

    public static void setOne(long[] r, int ri) {
        setZero(r, ri);
        Fq2.setOne(r, ri);
    }

    public static void copy(long[] a, int ai, long[] r, int ri) {
        System.arraycopy(a, ai, r, ri, SIZE);
    }

    public static boolean equal(long[] a, int ai, long[] b, int bi) {
        for (int i = 0; i < SIZE; i++) if (a[ai + i] != b[bi + i]) return false;
        return true;
    }

    public static void add(long[] a, int ai, long[] b, int bi, long[] r, int ri) {
        Fq2.add(a, ai, b, bi, r, ri);
        Fq2.add(a, ai + 8, b, bi + 8, r, ri + 8);
        Fq2.add(a, ai + 16, b, bi + 16, r, ri + 16);
    }

    public static void sub(long[] a, int ai, long[] b, int bi, long[] r, int ri) {
        Fq2.sub(a, ai, b, bi, r, ri);
        Fq2.sub(a, ai + 8, b, bi + 8, r, ri + 8);
        Fq2.sub(a, ai + 16, b, bi + 16, r, ri + 16);
    }

    public static void neg(long[] a, int ai, long[] r, int ri) {
        Fq2.neg(a, ai, r, ri);
        Fq2.neg(a, ai + 8, r, ri + 8);
        Fq2.neg(a, ai + 16, r, ri + 16);
    }

    /** r = a·v = ξ·b2 + b0·v + b1·v² (since v³ = ξ). Scratch 16. */
    public static void mulByV(long[] a, int ai, long[] r, int ri, long[] t, int to) {
        Fq2.mulByXi(a, ai + 16, t, to, t, to + 8);
        Fq2.copy(a, ai + 8, r, ri + 16);
        Fq2.copy(a, ai, r, ri + 8);
        Fq2.copy(t, to, r, ri);
    }

    /** r = a·c for an Fq2 element c: 3 Fq2 multiplications. Scratch 16. */
    public static void mulByFq2(long[] a, int ai, long[] c, int ci, long[] r, int ri, long[] t, int to) {
        Fq2.mul(a, ai, c, ci, r, ri, t, to);
        Fq2.mul(a, ai + 8, c, ci, r, ri + 8, t, to);
        Fq2.mul(a, ai + 16, c, ci, r, ri + 16, t, to);
    }

    /** r = a·b (Karatsuba interpolation, 6 Fq2 multiplications). Scratch 80. */
    public static void mul(long[] a, int ai, long[] b, int bi, long[] r, int ri, long[] t, int to) {
        final int t0 = to, t1 = to + 8, t2 = to + 16, s = to + 24, u = to + 32;
        final int c0 = to + 40, c1 = to + 48, c2 = to + 56, sc = to + 64;
        Fq2.mul(a, ai, b, bi, t, t0, t, sc); // t0 = a0·b0
        Fq2.mul(a, ai + 8, b, bi + 8, t, t1, t, sc); // t1 = a1·b1
        Fq2.mul(a, ai + 16, b, bi + 16, t, t2, t, sc); // t2 = a2·b2
        // c0 = ξ·((a1+a2)(b1+b2) − t1 − t2) + t0
        Fq2.add(a, ai + 8, a, ai + 16, t, s);
        Fq2.add(b, bi + 8, b, bi + 16, t, u);
        Fq2.mul(t, s, t, u, t, c0, t, sc);
        Fq2.sub(t, c0, t, t1, t, c0);
        Fq2.sub(t, c0, t, t2, t, c0);
        Fq2.mulByXi(t, c0, t, c0, t, sc);
        Fq2.add(t, c0, t, t0, t, c0);
        // c1 = (a0+a1)(b0+b1) − t0 − t1 + ξ·t2
        Fq2.add(a, ai, a, ai + 8, t, s);
        Fq2.add(b, bi, b, bi + 8, t, u);
        Fq2.mul(t, s, t, u, t, c1, t, sc);
        Fq2.sub(t, c1, t, t0, t, c1);
        Fq2.sub(t, c1, t, t1, t, c1);
        Fq2.mulByXi(t, t2, t, s, t, sc);
        Fq2.add(t, c1, t, s, t, c1);
        // c2 = (a0+a2)(b0+b2) − t0 − t2 + t1
        Fq2.add(a, ai, a, ai + 16, t, s);
        Fq2.add(b, bi, b, bi + 16, t, u);
        Fq2.mul(t, s, t, u, t, c2, t, sc);
        Fq2.sub(t, c2, t, t0, t, c2);
        Fq2.sub(t, c2, t, t2, t, c2);
        Fq2.add(t, c2, t, t1, t, c2);
        System.arraycopy(t, c0, r, ri, SIZE);
    }

    /**
     * r = a·(c0 + c1·v), the sparse product the Miller loop's lines need: 5 Fq2 multiplications.
     * Scratch 72.
     */
    public static void mulBy01(
            long[] a, int ai, long[] c0, int c0i, long[] c1, int c1i, long[] r, int ri, long[] t, int to) {
        final int x = to, y = to + 8, p = to + 16, q = to + 24, o = to + 32, sc = to + 56;
        Fq2.mul(a, ai, c0, c0i, t, x, t, sc); // A = a0·c0
        Fq2.mul(a, ai + 8, c1, c1i, t, y, t, sc); // B = a1·c1
        // r0 = ξ·a2·c1 + A
        Fq2.mul(a, ai + 16, c1, c1i, t, p, t, sc);
        Fq2.mulByXi(t, p, t, p, t, sc);
        Fq2.add(t, p, t, x, t, o);
        // r1 = (c0+c1)(a0+a1) − A − B
        Fq2.add(c0, c0i, c1, c1i, t, p);
        Fq2.add(a, ai, a, ai + 8, t, q);
        Fq2.mul(t, p, t, q, t, o + 8, t, sc);
        Fq2.sub(t, o + 8, t, x, t, o + 8);
        Fq2.sub(t, o + 8, t, y, t, o + 8);
        // r2 = a2·c0 + B
        Fq2.mul(a, ai + 16, c0, c0i, t, o + 16, t, sc);
        Fq2.add(t, o + 16, t, y, t, o + 16);
        System.arraycopy(t, o, r, ri, SIZE);
    }

    /**
     * r = a^{−1}: with A = a0² − ξa1a2, B = ξa2² − a0a1, C = a1² − a0a2 one has
     * a·(A + Bv + Cv²) = a0A + ξ(a2B + a1C) ∈ Fq2, so only an Fq2 inversion is needed.
     * Scratch 80.
     */
    public static void inverse(long[] a, int ai, long[] r, int ri, long[] t, int to) {
        final int ca = to, cb = to + 8, cc = to + 16, s = to + 24, n = to + 32, sc = to + 40;
        Fq2.sqr(a, ai, t, ca, t, sc);
        Fq2.mul(a, ai + 8, a, ai + 16, t, s, t, sc);
        Fq2.mulByXi(t, s, t, s, t, sc);
        Fq2.sub(t, ca, t, s, t, ca); // A
        Fq2.sqr(a, ai + 16, t, cb, t, sc);
        Fq2.mulByXi(t, cb, t, cb, t, sc);
        Fq2.mul(a, ai, a, ai + 8, t, s, t, sc);
        Fq2.sub(t, cb, t, s, t, cb); // B
        Fq2.sqr(a, ai + 8, t, cc, t, sc);
        Fq2.mul(a, ai, a, ai + 16, t, s, t, sc);
        Fq2.sub(t, cc, t, s, t, cc); // C
        Fq2.mul(a, ai + 16, t, cb, t, n, t, sc);
        Fq2.mul(a, ai + 8, t, cc, t, s, t, sc);
        Fq2.add(t, n, t, s, t, n);
        Fq2.mulByXi(t, n, t, n, t, sc);
        Fq2.mul(a, ai, t, ca, t, s, t, sc);
        Fq2.add(t, n, t, s, t, n); // norm ∈ Fq2
        Fq2.inverse(t, n, t, n, t, sc);
        Fq2.mul(t, ca, t, n, r, ri, t, sc);
        Fq2.mul(t, cb, t, n, r, ri + 8, t, sc);
        Fq2.mul(t, cc, t, n, r, ri + 16, t, sc);
    }
}
