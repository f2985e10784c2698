package io.coprover.math;

import java.math.BigInteger;

/**
 * The quadratic extension Fq2 = Fq[u]/(u² + 1) of the BN254 base field (−1 is a non-residue
 * because q ≡ 3 mod 4).
 *
 * <p>An element is 8 consecutive longs of a {@code long[]}: c0 (4 limbs, Montgomery Fq) then c1,
 * standing for c0 + c1·u. Like {@link Field}, every method takes (array, offset) pairs; methods
 * that need temporaries take a scratch region {@code (t, to)} of at least {@link #SCRATCH} longs,
 * so nothing allocates on hot paths. Results may alias inputs.
 *
 * <p>ξ = 9 + u is the non-residue (neither a square nor a cube in Fq2) that defines the rest of
 * the tower: Fq6 = Fq2[v]/(v³ − ξ) and the twist y² = x³ + 3/ξ.
 */
public final class Fq2 {
    /** Longs per element. */
    public static final int SIZE = 8;
    /** Longs of scratch that {@link #mul}, {@link #sqr}, {@link #mulByXi} and {@link #inverse} need. */
    public static final int SCRATCH = 16;

    private static final Field F = Field.FQ;

    private Fq2() {}

    // ------------------------------------------------------------------ element basics

    public static void setZero(long[] r, int ri) {
        for (int i = 0; i < SIZE; i++) r[ri + i] = 0;
    }

    public static void setOne(long[] r, int ri) {
        F.setOne(r, ri);
        F.setZero(r, ri + 4);
    }

    public static void copy(long[] a, int ai, long[] r, int ri) {
        System.arraycopy(a, ai, r, ri, SIZE);
    }

    public static boolean isZero(long[] a, int ai) {
        return Field.isZero(a, ai) && Field.isZero(a, ai + 4);
    }

    public static boolean isOne(long[] a, int ai) {
        return F.isOne(a, ai) && Field.isZero(a, ai + 4);
    }

    public static boolean equal(long[] a, int ai, long[] b, int bi) {
        return Field.equal(a, ai, b, bi) && Field.equal(a, ai + 4, b, bi + 4);
    }

    /** The element c0 + c1·u from integers (reduced mod q). */
    public static long[] of(BigInteger c0, BigInteger c1) {
        long[] r = new long[SIZE];
        F.set(c0, r, 0);
        F.set(c1, r, 4);
        return r;
    }

    // ------------------------------------------------------------------ linear operations

    public static void add(long[] a, int ai, long[] b, int bi, long[] r, int ri) {
        F.add(a, ai, b, bi, r, ri);
        F.add(a, ai + 4, b, bi + 4, r, ri + 4);
    }

    public static void sub(long[] a, int ai, long[] b, int bi, long[] r, int ri) {
        F.sub(a, ai, b, bi, r, ri);
        F.sub(a, ai + 4, b, bi + 4, r, ri + 4);
    }

    public static void dbl(long[] a, int ai, long[] r, int ri) {
        F.dbl(a, ai, r, ri);
        F.dbl(a, ai + 4, r, ri + 4);
    }

    public static void neg(long[] a, int ai, long[] r, int ri) {
        F.neg(a, ai, r, ri);
        F.neg(a, ai + 4, r, ri + 4);
    }

    /** r = conj(a) = c0 − c1·u, which is also a^q (the Frobenius map of Fq2). */
    public static void conj(long[] a, int ai, long[] r, int ri) {
        Field.copy(a, ai, r, ri);
        F.neg(a, ai + 4, r, ri + 4);
    }

    /** r = a·s for an Fq element s (at s[si]). */
    public static void mulByFq(long[] a, int ai, long[] s, int si, long[] r, int ri) {
        F.mul(a, ai, s, si, r, ri);
        F.mul(a, ai + 4, s, si, r, ri + 4);
    }

    // ------------------------------------------------------------------ multiplicative operations

    /** r = a·b by Karatsuba: 3 Fq multiplications. Scratch 16 longs. */
    public static void mul(long[] a, int ai, long[] b, int bi, long[] r, int ri, long[] t, int to) {
        final int t0 = to, t1 = to + 4, t2 = to + 8, t3 = to + 12;
        F.mul(a, ai, b, bi, t, t0); // a0·b0
        F.mul(a, ai + 4, b, bi + 4, t, t1); // a1·b1
        F.add(a, ai, a, ai + 4, t, t2);
        F.add(b, bi, b, bi + 4, t, t3);
        F.mul(t, t2, t, t3, t, t2); // (a0+a1)(b0+b1)
        F.sub(t, t2, t, t0, t, t2);
        F.sub(t, t2, t, t1, r, ri + 4); // c1 = a0b1 + a1b0
        F.sub(t, t0, t, t1, r, ri); // c0 = a0b0 − a1b1 (u² = −1)
    }

    /** r = a² = (a0+a1)(a0−a1) + 2a0a1·u: 2 Fq multiplications. Scratch 12 longs. */
    public static void sqr(long[] a, int ai, long[] r, int ri, long[] t, int to) {
        final int s = to, d = to + 4, m = to + 8;
        F.add(a, ai, a, ai + 4, t, s);
        F.sub(a, ai, a, ai + 4, t, d);
        F.mul(a, ai, a, ai + 4, t, m);
        F.mul(t, s, t, d, r, ri);
        F.dbl(t, m, r, ri + 4);
    }

    /** r = a·ξ = (9a0 − a1) + (a0 + 9a1)·u. Scratch 8 longs. */
    public static void mulByXi(long[] a, int ai, long[] r, int ri, long[] t, int to) {
        final int n0 = to, n1 = to + 4;
        times9(a, ai, t, n0);
        F.sub(t, n0, a, ai + 4, t, n0);
        times9(a, ai + 4, t, n1);
        F.add(t, n1, a, ai, t, n1);
        Field.copy(t, n0, r, ri);
        Field.copy(t, n1, r, ri + 4);
    }

    private static void times9(long[] a, int ai, long[] r, int ri) {
        F.dbl(a, ai, r, ri);
        F.dbl(r, ri, r, ri);
        F.dbl(r, ri, r, ri);
        F.add(r, ri, a, ai, r, ri);
    }

    /**
     * r = a^{−1} = conj(a)/(a0² + a1²). Throws ArithmeticException for zero. Scratch 8 longs
     * (the Fq inversion allocates its own small temporaries; it runs once per pairing).
     */
    public static void inverse(long[] a, int ai, long[] r, int ri, long[] t, int to) {
        final int n = to, m = to + 4;
        F.mul(a, ai, a, ai, t, n);
        F.mul(a, ai + 4, a, ai + 4, t, m);
        F.add(t, n, t, m, t, n);
        if (Field.isZero(t, n)) throw new ArithmeticException("Fq2: inverse of zero");
        F.inverse(t, n, t, n);
        F.mul(a, ai + 4, t, n, t, m);
        F.mul(a, ai, t, n, r, ri);
        F.neg(t, m, r, ri + 4);
    }

    /**
     * A square root of a (stored at r) if one exists, by Algorithm 9 of Adj and
     * Rodríguez-Henríquez, "Square root computation over even extension fields" (2014), valid for
     * q ≡ 3 mod 4: with a1 = a^((q−3)/4), α = a1²·a, x0 = a1·a: if α = −1 the root is u·x0,
     * otherwise (1 + α)^((q−1)/2)·x0; a is a non-square exactly when α^q·α = −1.
     * Returns false (r untouched) for a non-square. Not constant time; not for hot paths.
     */
    public static boolean sqrt(long[] a, int ai, long[] r, int ri) {
        if (isZero(a, ai)) {
            setZero(r, ri);
            return true;
        }
        BigInteger q = F.modulus;
        long[] av = new long[SIZE], t = new long[SCRATCH], minusOne = new long[SIZE];
        copy(a, ai, av, 0);
        setOne(minusOne, 0);
        neg(minusOne, 0, minusOne, 0);
        long[] a1 = pow(av, q.subtract(BigInteger.valueOf(3)).shiftRight(2));
        long[] alpha = new long[SIZE], x0 = new long[SIZE], a0 = new long[SIZE];
        sqr(a1, 0, alpha, 0, t, 0);
        mul(alpha, 0, av, 0, alpha, 0, t, 0);
        conj(alpha, 0, a0, 0); // α^q
        mul(a0, 0, alpha, 0, a0, 0, t, 0);
        if (equal(a0, 0, minusOne, 0)) return false;
        mul(a1, 0, av, 0, x0, 0, t, 0);
        long[] x = new long[SIZE];
        if (equal(alpha, 0, minusOne, 0)) {
            // u·(c0 + c1·u) = −c1 + c0·u
            F.neg(x0, 4, x, 0);
            Field.copy(x0, 0, x, 4);
        } else {
            long[] b = new long[SIZE];
            setOne(b, 0);
            add(b, 0, alpha, 0, b, 0);
            b = pow(b, q.subtract(BigInteger.ONE).shiftRight(1));
            mul(b, 0, x0, 0, x, 0, t, 0);
        }
        copy(x, 0, r, ri);
        return true;
    }

    /** a^e by square-and-multiply; for constants and slow paths, not hot loops. */
    static long[] pow(long[] a, BigInteger e) {
        long[] acc = new long[SIZE], t = new long[SCRATCH];
        setOne(acc, 0);
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            sqr(acc, 0, acc, 0, t, 0);
            if (e.testBit(i)) mul(acc, 0, a, 0, acc, 0, t, 0);
        }
        return acc;
    }

    /** "c0 + c1*u" with both coordinates as canonical hex; for messages and tests. */
    public static String toString(long[] a, int ai) {
        return F.toHex(a, ai) + " + " + F.toHex(a, ai + 4) + "*u";
    }
}
