package io.coprover.math;

import java.math.BigInteger;
import java.util.Random;

/**
 * A prime field of at most 254 bits in Montgomery form with four 64-bit limbs.
 *
 * <p>An element is four consecutive {@code long}s of a {@code long[]}, least significant limb
 * first, holding {@code a·R mod p} with {@code R = 2^256}. Every method takes the array and the
 * offset of the first limb, so bulk data lives in flat arrays with no object per element.
 * Results may alias inputs. Two instances exist: {@link #FR} (BN254 scalar field r) and
 * {@link #FQ} (BN254 base field q).
 *
 * <p>Multiplication is CIOS Montgomery multiplication in the "no-carry" variant (Koç, Acar,
 * Kaliski 1996, and gnark-crypto's observation that the final carry is never set when the top
 * limb of p is below 2^63 − 1, true for both BN254 moduli). The high words of 64×64→128-bit
 * products come from {@link Mul64#hi} (one instruction on Java 18+, a corrected signed product on 17).
 *
 * <p>Encodings: canonical big-endian 32 bytes ({@link #fromBytesBE} rejects values ≥ p), and the
 * snarkjs little-endian Montgomery form, which is exactly this class's limb layout.
 */
public final class Field {
    /** BN254 scalar field: r = 21888242871839275222246405745257275088548364400416034343698204186575808495617. */
    public static final Field FR = new Field(
            "Fr", new BigInteger("21888242871839275222246405745257275088548364400416034343698204186575808495617"));
    /** BN254 base field: q = 21888242871839275222246405745257275088696311157297823662689037894645226208583. */
    public static final Field FQ = new Field(
            "Fq", new BigInteger("21888242871839275222246405745257275088696311157297823662689037894645226208583"));

    /** Limbs per element. */
    public static final int LIMBS = 4;
    /** Bytes of the canonical encoding. */
    public static final int BYTES = 32;

    public final String name;
    public final BigInteger modulus;
    public final int bits;
    final long p0, p1, p2, p3;
    /** −p^{−1} mod 2^64. */
    final long inv;
    /** R mod p (Montgomery one), R² mod p (to convert into Montgomery form). */
    private final long[] one, r2;

    private final long[] pMinus2, sqrtExp;
    // Tonelli–Shanks data: p − 1 = 2^s · t
    private final int tsS;
    private final long[] tsTMinus1Over2, tsZ;

    private Field(String name, BigInteger p) {
        this.name = name;
        this.modulus = p;
        this.bits = p.bitLength();
        if (bits > 254) throw new IllegalArgumentException("no-carry Montgomery needs p < 2^254");
        long[] pl = limbs(p);
        p0 = pl[0];
        p1 = pl[1];
        p2 = pl[2];
        p3 = pl[3];
        inv = BigInteger.ONE
                .shiftLeft(64)
                .subtract(p.modInverse(BigInteger.ONE.shiftLeft(64)))
                .longValue();
        BigInteger r = BigInteger.ONE.shiftLeft(256);
        one = limbs(r.mod(p));
        r2 = limbs(r.multiply(r).mod(p));
        pMinus2 = limbs(p.subtract(BigInteger.TWO));
        sqrtExp = limbs(p.add(BigInteger.ONE).shiftRight(2));
        BigInteger pm1 = p.subtract(BigInteger.ONE);
        int s = pm1.getLowestSetBit();
        tsS = s;
        BigInteger t = pm1.shiftRight(s);
        tsTMinus1Over2 = limbs(t.subtract(BigInteger.ONE).shiftRight(1));
        BigInteger z = BigInteger.TWO;
        while (z.modPow(pm1.shiftRight(1), p).equals(BigInteger.ONE)) z = z.add(BigInteger.ONE);
        tsZ = limbs(z.modPow(t, p).multiply(r).mod(p));
    }

    private static long[] limbs(BigInteger v) {
        long[] l = new long[4];
        for (int i = 0; i < 4; i++) l[i] = v.shiftRight(64 * i).longValue();
        return l;
    }

    /** A new array holding {@code n} zero elements. */
    public long[] newVector(int n) {
        return new long[Math.multiplyExact(n, LIMBS)];
    }

    // ---------------------------------------------------------------- basic element operations

    public void setZero(long[] r, int ri) {
        r[ri] = 0;
        r[ri + 1] = 0;
        r[ri + 2] = 0;
        r[ri + 3] = 0;
    }

    public void setOne(long[] r, int ri) {
        r[ri] = one[0];
        r[ri + 1] = one[1];
        r[ri + 2] = one[2];
        r[ri + 3] = one[3];
    }

    public long[] one() {
        return one.clone();
    }

    public static void copy(long[] a, int ai, long[] r, int ri) {
        r[ri] = a[ai];
        r[ri + 1] = a[ai + 1];
        r[ri + 2] = a[ai + 2];
        r[ri + 3] = a[ai + 3];
    }

    public static boolean isZero(long[] a, int ai) {
        return (a[ai] | a[ai + 1] | a[ai + 2] | a[ai + 3]) == 0;
    }

    public boolean isOne(long[] a, int ai) {
        return a[ai] == one[0] && a[ai + 1] == one[1] && a[ai + 2] == one[2] && a[ai + 3] == one[3];
    }

    public static boolean equal(long[] a, int ai, long[] b, int bi) {
        return a[ai] == b[bi] && a[ai + 1] == b[bi + 1] && a[ai + 2] == b[bi + 2] && a[ai + 3] == b[bi + 3];
    }

    /** r = a + b mod p. */
    public void add(long[] a, int ai, long[] b, int bi, long[] r, int ri) {
        long x0 = a[ai], x1 = a[ai + 1], x2 = a[ai + 2], x3 = a[ai + 3];
        long y0 = b[bi], y1 = b[bi + 1], y2 = b[bi + 2], y3 = b[bi + 3];
        // both < p < 2^254, so the sum fits in 256 bits without a carry out
        long s0 = x0 + y0;
        long c = ((x0 & y0) | ((x0 | y0) & ~s0)) >>> 63;
        long t = x1 + y1;
        long s1 = t + c;
        c = (((x1 & y1) | ((x1 | y1) & ~t)) | (t & ~s1)) >>> 63;
        t = x2 + y2;
        long s2 = t + c;
        c = (((x2 & y2) | ((x2 | y2) & ~t)) | (t & ~s2)) >>> 63;
        long s3 = x3 + y3 + c;
        reduceOnce(s0, s1, s2, s3, r, ri);
    }

    /** r = 2a mod p. */
    public void dbl(long[] a, int ai, long[] r, int ri) {
        long x0 = a[ai], x1 = a[ai + 1], x2 = a[ai + 2], x3 = a[ai + 3];
        reduceOnce(x0 << 1, (x1 << 1) | (x0 >>> 63), (x2 << 1) | (x1 >>> 63), (x3 << 1) | (x2 >>> 63), r, ri);
    }

    /** Stores s − p if s ≥ p, else s (s < 2p); branch-free, for sums (an unpredictable outcome). */
    private void reduceOnce(long s0, long s1, long s2, long s3, long[] r, int ri) {
        long d0 = s0 - p0;
        long b = ((~s0 & p0) | ((~s0 | p0) & d0)) >>> 63;
        long t = s1 - p1;
        long d1 = t - b;
        b = (((~s1 & p1) | ((~s1 | p1) & t)) | (~t & d1)) >>> 63;
        t = s2 - p2;
        long d2 = t - b;
        b = (((~s2 & p2) | ((~s2 | p2) & t)) | (~t & d2)) >>> 63;
        t = s3 - p3;
        long d3 = t - b;
        b = (((~s3 & p3) | ((~s3 | p3) & t)) | (~t & d3)) >>> 63;
        long keep = -b; // all ones when s < p; a branch-free select, as the branch is unpredictable
        r[ri] = (s0 & keep) | (d0 & ~keep);
        r[ri + 1] = (s1 & keep) | (d1 & ~keep);
        r[ri + 2] = (s2 & keep) | (d2 & ~keep);
        r[ri + 3] = (s3 & keep) | (d3 & ~keep);
    }

    /**
     * Stores s − p if s ≥ p, else s (s < 2p), with a branch: after a Montgomery product the
     * outcome is well predicted, and the branch is then cheaper than a select.
     */
    private void reduceOnceBranch(long s0, long s1, long s2, long s3, long[] r, int ri) {
        long d0 = s0 - p0;
        long b = ((~s0 & p0) | ((~s0 | p0) & d0)) >>> 63;
        long t = s1 - p1;
        long d1 = t - b;
        b = (((~s1 & p1) | ((~s1 | p1) & t)) | (~t & d1)) >>> 63;
        t = s2 - p2;
        long d2 = t - b;
        b = (((~s2 & p2) | ((~s2 | p2) & t)) | (~t & d2)) >>> 63;
        t = s3 - p3;
        long d3 = t - b;
        b = (((~s3 & p3) | ((~s3 | p3) & t)) | (~t & d3)) >>> 63;
        if (b == 0) {
            r[ri] = d0;
            r[ri + 1] = d1;
            r[ri + 2] = d2;
            r[ri + 3] = d3;
        } else {
            r[ri] = s0;
            r[ri + 1] = s1;
            r[ri + 2] = s2;
            r[ri + 3] = s3;
        }
    }

    /** r = a − b mod p. */
    public void sub(long[] a, int ai, long[] b, int bi, long[] r, int ri) {
        long x0 = a[ai], x1 = a[ai + 1], x2 = a[ai + 2], x3 = a[ai + 3];
        long y0 = b[bi], y1 = b[bi + 1], y2 = b[bi + 2], y3 = b[bi + 3];
        long d0 = x0 - y0;
        long br = ((~x0 & y0) | ((~x0 | y0) & d0)) >>> 63;
        long t = x1 - y1;
        long d1 = t - br;
        br = (((~x1 & y1) | ((~x1 | y1) & t)) | (~t & d1)) >>> 63;
        t = x2 - y2;
        long d2 = t - br;
        br = (((~x2 & y2) | ((~x2 | y2) & t)) | (~t & d2)) >>> 63;
        t = x3 - y3;
        long d3 = t - br;
        br = (((~x3 & y3) | ((~x3 | y3) & t)) | (~t & d3)) >>> 63;
        { // add p back when the subtraction borrowed (mask = 0 otherwise: branch-free)
            long mask = -br;
            long q0 = p0 & mask, q1 = p1 & mask, q2 = p2 & mask, q3 = p3 & mask;
            long s0 = d0 + q0;
            long c = ((d0 & q0) | ((d0 | q0) & ~s0)) >>> 63;
            t = d1 + q1;
            long s1 = t + c;
            c = (((d1 & q1) | ((d1 | q1) & ~t)) | (t & ~s1)) >>> 63;
            t = d2 + q2;
            long s2 = t + c;
            c = (((d2 & q2) | ((d2 | q2) & ~t)) | (t & ~s2)) >>> 63;
            long s3 = d3 + q3 + c;
            d0 = s0;
            d1 = s1;
            d2 = s2;
            d3 = s3;
        }
        r[ri] = d0;
        r[ri + 1] = d1;
        r[ri + 2] = d2;
        r[ri + 3] = d3;
    }

    /** r = −a mod p. */
    public void neg(long[] a, int ai, long[] r, int ri) {
        if (isZero(a, ai)) {
            setZero(r, ri);
            return;
        }
        long x0 = a[ai], x1 = a[ai + 1], x2 = a[ai + 2], x3 = a[ai + 3];
        long d0 = p0 - x0;
        long br = ((~p0 & x0) | ((~p0 | x0) & d0)) >>> 63;
        long t = p1 - x1;
        long d1 = t - br;
        br = (((~p1 & x1) | ((~p1 | x1) & t)) | (~t & d1)) >>> 63;
        t = p2 - x2;
        long d2 = t - br;
        br = (((~p2 & x2) | ((~p2 | x2) & t)) | (~t & d2)) >>> 63;
        long d3 = p3 - x3 - br;
        r[ri] = d0;
        r[ri + 1] = d1;
        r[ri + 2] = d2;
        r[ri + 3] = d3;
    }

    /** r = a·b mod p (Montgomery: a·b·R^{−1}). */
    public void mul(long[] a, int ai, long[] b, int bi, long[] r, int ri) {
        final long a0 = a[ai], a1 = a[ai + 1], a2 = a[ai + 2], a3 = a[ai + 3];
        final long b0 = b[bi], b1 = b[bi + 1], b2 = b[bi + 2], b3 = b[bi + 3];
        final long p0 = this.p0, p1 = this.p1, p2 = this.p2, p3 = this.p3, inv = this.inv;
        long t0, t1 = 0, t2 = 0, t3 = 0, A, C, m, lo, hi, s;
        lo = a0 * b0;
        A = Mul64.hi(a0, b0);
        t0 = lo;
        m = t0 * inv;
        lo = m * p0;
        C = Mul64.hi(m, p0);
        s = lo + t0;
        C += ((lo & t0) | ((lo | t0) & ~s)) >>> 63;
        lo = a1 * b0;
        hi = Mul64.hi(a1, b0);
        s = lo + A;
        hi += ((lo & A) | ((lo | A) & ~s)) >>> 63;
        lo = s;
        A = hi;
        t1 = lo;
        lo = m * p1;
        hi = Mul64.hi(m, p1);
        s = lo + t1;
        hi += ((lo & t1) | ((lo | t1) & ~s)) >>> 63;
        lo = s;
        s = lo + C;
        hi += ((lo & C) | ((lo | C) & ~s)) >>> 63;
        lo = s;
        C = hi;
        t0 = lo;
        lo = a2 * b0;
        hi = Mul64.hi(a2, b0);
        s = lo + A;
        hi += ((lo & A) | ((lo | A) & ~s)) >>> 63;
        lo = s;
        A = hi;
        t2 = lo;
        lo = m * p2;
        hi = Mul64.hi(m, p2);
        s = lo + t2;
        hi += ((lo & t2) | ((lo | t2) & ~s)) >>> 63;
        lo = s;
        s = lo + C;
        hi += ((lo & C) | ((lo | C) & ~s)) >>> 63;
        lo = s;
        C = hi;
        t1 = lo;
        lo = a3 * b0;
        hi = Mul64.hi(a3, b0);
        s = lo + A;
        hi += ((lo & A) | ((lo | A) & ~s)) >>> 63;
        lo = s;
        A = hi;
        t3 = lo;
        lo = m * p3;
        hi = Mul64.hi(m, p3);
        s = lo + t3;
        hi += ((lo & t3) | ((lo | t3) & ~s)) >>> 63;
        lo = s;
        s = lo + C;
        hi += ((lo & C) | ((lo | C) & ~s)) >>> 63;
        lo = s;
        C = hi;
        t2 = lo;
        t3 = C + A;
        lo = a0 * b1;
        hi = Mul64.hi(a0, b1);
        s = lo + t0;
        hi += ((lo & t0) | ((lo | t0) & ~s)) >>> 63;
        lo = s;
        A = hi;
        t0 = lo;
        m = t0 * inv;
        lo = m * p0;
        C = Mul64.hi(m, p0);
        s = lo + t0;
        C += ((lo & t0) | ((lo | t0) & ~s)) >>> 63;
        lo = a1 * b1;
        hi = Mul64.hi(a1, b1);
        s = lo + A;
        hi += ((lo & A) | ((lo | A) & ~s)) >>> 63;
        lo = s;
        s = lo + t1;
        hi += ((lo & t1) | ((lo | t1) & ~s)) >>> 63;
        lo = s;
        A = hi;
        t1 = lo;
        lo = m * p1;
        hi = Mul64.hi(m, p1);
        s = lo + t1;
        hi += ((lo & t1) | ((lo | t1) & ~s)) >>> 63;
        lo = s;
        s = lo + C;
        hi += ((lo & C) | ((lo | C) & ~s)) >>> 63;
        lo = s;
        C = hi;
        t0 = lo;
        lo = a2 * b1;
        hi = Mul64.hi(a2, b1);
        s = lo + A;
        hi += ((lo & A) | ((lo | A) & ~s)) >>> 63;
        lo = s;
        s = lo + t2;
        hi += ((lo & t2) | ((lo | t2) & ~s)) >>> 63;
        lo = s;
        A = hi;
        t2 = lo;
        lo = m * p2;
        hi = Mul64.hi(m, p2);
        s = lo + t2;
        hi += ((lo & t2) | ((lo | t2) & ~s)) >>> 63;
        lo = s;
        s = lo + C;
        hi += ((lo & C) | ((lo | C) & ~s)) >>> 63;
        lo = s;
        C = hi;
        t1 = lo;
        lo = a3 * b1;
        hi = Mul64.hi(a3, b1);
        s = lo + A;
        hi += ((lo & A) | ((lo | A) & ~s)) >>> 63;
        lo = s;
        s = lo + t3;
        hi += ((lo & t3) | ((lo | t3) & ~s)) >>> 63;
        lo = s;
        A = hi;
        t3 = lo;
        lo = m * p3;
        hi = Mul64.hi(m, p3);
        s = lo + t3;
        hi += ((lo & t3) | ((lo | t3) & ~s)) >>> 63;
        lo = s;
        s = lo + C;
        hi += ((lo & C) | ((lo | C) & ~s)) >>> 63;
        lo = s;
        C = hi;
        t2 = lo;
        t3 = C + A;
        lo = a0 * b2;
        hi = Mul64.hi(a0, b2);
        s = lo + t0;
        hi += ((lo & t0) | ((lo | t0) & ~s)) >>> 63;
        lo = s;
        A = hi;
        t0 = lo;
        m = t0 * inv;
        lo = m * p0;
        C = Mul64.hi(m, p0);
        s = lo + t0;
        C += ((lo & t0) | ((lo | t0) & ~s)) >>> 63;
        lo = a1 * b2;
        hi = Mul64.hi(a1, b2);
        s = lo + A;
        hi += ((lo & A) | ((lo | A) & ~s)) >>> 63;
        lo = s;
        s = lo + t1;
        hi += ((lo & t1) | ((lo | t1) & ~s)) >>> 63;
        lo = s;
        A = hi;
        t1 = lo;
        lo = m * p1;
        hi = Mul64.hi(m, p1);
        s = lo + t1;
        hi += ((lo & t1) | ((lo | t1) & ~s)) >>> 63;
        lo = s;
        s = lo + C;
        hi += ((lo & C) | ((lo | C) & ~s)) >>> 63;
        lo = s;
        C = hi;
        t0 = lo;
        lo = a2 * b2;
        hi = Mul64.hi(a2, b2);
        s = lo + A;
        hi += ((lo & A) | ((lo | A) & ~s)) >>> 63;
        lo = s;
        s = lo + t2;
        hi += ((lo & t2) | ((lo | t2) & ~s)) >>> 63;
        lo = s;
        A = hi;
        t2 = lo;
        lo = m * p2;
        hi = Mul64.hi(m, p2);
        s = lo + t2;
        hi += ((lo & t2) | ((lo | t2) & ~s)) >>> 63;
        lo = s;
        s = lo + C;
        hi += ((lo & C) | ((lo | C) & ~s)) >>> 63;
        lo = s;
        C = hi;
        t1 = lo;
        lo = a3 * b2;
        hi = Mul64.hi(a3, b2);
        s = lo + A;
        hi += ((lo & A) | ((lo | A) & ~s)) >>> 63;
        lo = s;
        s = lo + t3;
        hi += ((lo & t3) | ((lo | t3) & ~s)) >>> 63;
        lo = s;
        A = hi;
        t3 = lo;
        lo = m * p3;
        hi = Mul64.hi(m, p3);
        s = lo + t3;
        hi += ((lo & t3) | ((lo | t3) & ~s)) >>> 63;
        lo = s;
        s = lo + C;
        hi += ((lo & C) | ((lo | C) & ~s)) >>> 63;
        lo = s;
        C = hi;
        t2 = lo;
        t3 = C + A;
        lo = a0 * b3;
        hi = Mul64.hi(a0, b3);
        s = lo + t0;
        hi += ((lo & t0) | ((lo | t0) & ~s)) >>> 63;
        lo = s;
        A = hi;
        t0 = lo;
        m = t0 * inv;
        lo = m * p0;
        C = Mul64.hi(m, p0);
        s = lo + t0;
        C += ((lo & t0) | ((lo | t0) & ~s)) >>> 63;
        lo = a1 * b3;
        hi = Mul64.hi(a1, b3);
        s = lo + A;
        hi += ((lo & A) | ((lo | A) & ~s)) >>> 63;
        lo = s;
        s = lo + t1;
        hi += ((lo & t1) | ((lo | t1) & ~s)) >>> 63;
        lo = s;
        A = hi;
        t1 = lo;
        lo = m * p1;
        hi = Mul64.hi(m, p1);
        s = lo + t1;
        hi += ((lo & t1) | ((lo | t1) & ~s)) >>> 63;
        lo = s;
        s = lo + C;
        hi += ((lo & C) | ((lo | C) & ~s)) >>> 63;
        lo = s;
        C = hi;
        t0 = lo;
        lo = a2 * b3;
        hi = Mul64.hi(a2, b3);
        s = lo + A;
        hi += ((lo & A) | ((lo | A) & ~s)) >>> 63;
        lo = s;
        s = lo + t2;
        hi += ((lo & t2) | ((lo | t2) & ~s)) >>> 63;
        lo = s;
        A = hi;
        t2 = lo;
        lo = m * p2;
        hi = Mul64.hi(m, p2);
        s = lo + t2;
        hi += ((lo & t2) | ((lo | t2) & ~s)) >>> 63;
        lo = s;
        s = lo + C;
        hi += ((lo & C) | ((lo | C) & ~s)) >>> 63;
        lo = s;
        C = hi;
        t1 = lo;
        lo = a3 * b3;
        hi = Mul64.hi(a3, b3);
        s = lo + A;
        hi += ((lo & A) | ((lo | A) & ~s)) >>> 63;
        lo = s;
        s = lo + t3;
        hi += ((lo & t3) | ((lo | t3) & ~s)) >>> 63;
        lo = s;
        A = hi;
        t3 = lo;
        lo = m * p3;
        hi = Mul64.hi(m, p3);
        s = lo + t3;
        hi += ((lo & t3) | ((lo | t3) & ~s)) >>> 63;
        lo = s;
        s = lo + C;
        hi += ((lo & C) | ((lo | C) & ~s)) >>> 63;
        lo = s;
        C = hi;
        t2 = lo;
        t3 = C + A;

        reduceOnceBranch(t0, t1, t2, t3, r, ri);
    }

    /**
     * r = a² mod p. The 512-bit square takes 10 products instead of 16 (each cross product
     * a_i·a_j once, then doubled by a shift), followed by a separated-operand-scanning Montgomery
     * reduction (Koç, Acar, Kaliski 1996): 26 64×64 products against 32 in {@link #mul}.
     */
    public void sqr(long[] a, int ai, long[] r, int ri) {
        final long a0 = a[ai], a1 = a[ai + 1], a2 = a[ai + 2], a3 = a[ai + 3];
        final long p0 = this.p0, p1 = this.p1, p2 = this.p2, p3 = this.p3, inv = this.inv;
        long t0, t1, t2, t3, t4, t5, t6, t7, C, lo, hi, s, u, m, e;
        // cross products a_i·a_j (i < j), then doubled, then the squares a_i² added
        t1 = a0 * a1;
        C = Mul64.hi(a0, a1);
        lo = a0 * a2;
        hi = Mul64.hi(a0, a2);
        t2 = lo + C;
        hi += (((lo & C) | ((lo | C) & ~t2)) >>> 63);
        C = hi;
        lo = a0 * a3;
        hi = Mul64.hi(a0, a3);
        t3 = lo + C;
        hi += (((lo & C) | ((lo | C) & ~t3)) >>> 63);
        t4 = hi;
        lo = a1 * a2;
        hi = Mul64.hi(a1, a2);
        s = lo + t3;
        hi += (((lo & t3) | ((lo | t3) & ~s)) >>> 63);
        t3 = s;
        C = hi;
        lo = a1 * a3;
        hi = Mul64.hi(a1, a3);
        s = lo + t4;
        hi += (((lo & t4) | ((lo | t4) & ~s)) >>> 63);
        u = s + C;
        hi += (((s & C) | ((s | C) & ~u)) >>> 63);
        t4 = u;
        t5 = hi;
        lo = a2 * a3;
        hi = Mul64.hi(a2, a3);
        s = lo + t5;
        hi += (((lo & t5) | ((lo | t5) & ~s)) >>> 63);
        t5 = s;
        t6 = hi;
        t7 = t6 >>> 63;
        t6 = (t6 << 1) | (t5 >>> 63);
        t5 = (t5 << 1) | (t4 >>> 63);
        t4 = (t4 << 1) | (t3 >>> 63);
        t3 = (t3 << 1) | (t2 >>> 63);
        t2 = (t2 << 1) | (t1 >>> 63);
        t1 = t1 << 1;
        t0 = a0 * a0;
        hi = Mul64.hi(a0, a0);
        s = t1 + hi;
        e = (((t1 & hi) | ((t1 | hi) & ~s)) >>> 63);
        t1 = s;
        lo = a1 * a1;
        hi = Mul64.hi(a1, a1);
        u = t2 + lo;
        s = u + e;
        e = ((((t2 & lo) | ((t2 | lo) & ~u)) | (u & ~s)) >>> 63);
        t2 = s;
        u = t3 + hi;
        s = u + e;
        e = ((((t3 & hi) | ((t3 | hi) & ~u)) | (u & ~s)) >>> 63);
        t3 = s;
        lo = a2 * a2;
        hi = Mul64.hi(a2, a2);
        u = t4 + lo;
        s = u + e;
        e = ((((t4 & lo) | ((t4 | lo) & ~u)) | (u & ~s)) >>> 63);
        t4 = s;
        u = t5 + hi;
        s = u + e;
        e = ((((t5 & hi) | ((t5 | hi) & ~u)) | (u & ~s)) >>> 63);
        t5 = s;
        lo = a3 * a3;
        hi = Mul64.hi(a3, a3);
        u = t6 + lo;
        s = u + e;
        e = ((((t6 & lo) | ((t6 | lo) & ~u)) | (u & ~s)) >>> 63);
        t6 = s;
        t7 = t7 + hi + e; // no carry out: a² < 2^508
        // Montgomery reduction (separated operand scanning): four rows t += m·p·2^(64i), m = t_i·(−p⁻¹)
        e = 0;
        m = t0 * inv;
        lo = m * p0;
        C = Mul64.hi(m, p0);
        s = lo + t0;
        C += (((lo & t0) | ((lo | t0) & ~s)) >>> 63);
        lo = m * p1;
        hi = Mul64.hi(m, p1);
        s = lo + t1;
        hi += (((lo & t1) | ((lo | t1) & ~s)) >>> 63);
        u = s + C;
        hi += (((s & C) | ((s | C) & ~u)) >>> 63);
        t1 = u;
        C = hi;
        lo = m * p2;
        hi = Mul64.hi(m, p2);
        s = lo + t2;
        hi += (((lo & t2) | ((lo | t2) & ~s)) >>> 63);
        u = s + C;
        hi += (((s & C) | ((s | C) & ~u)) >>> 63);
        t2 = u;
        C = hi;
        lo = m * p3;
        hi = Mul64.hi(m, p3);
        s = lo + t3;
        hi += (((lo & t3) | ((lo | t3) & ~s)) >>> 63);
        u = s + C;
        hi += (((s & C) | ((s | C) & ~u)) >>> 63);
        t3 = u;
        C = hi;
        u = t4 + C;
        s = u + e;
        e = ((((t4 & C) | ((t4 | C) & ~u)) | (u & ~s)) >>> 63);
        t4 = s;
        m = t1 * inv;
        lo = m * p0;
        C = Mul64.hi(m, p0);
        s = lo + t1;
        C += (((lo & t1) | ((lo | t1) & ~s)) >>> 63);
        lo = m * p1;
        hi = Mul64.hi(m, p1);
        s = lo + t2;
        hi += (((lo & t2) | ((lo | t2) & ~s)) >>> 63);
        u = s + C;
        hi += (((s & C) | ((s | C) & ~u)) >>> 63);
        t2 = u;
        C = hi;
        lo = m * p2;
        hi = Mul64.hi(m, p2);
        s = lo + t3;
        hi += (((lo & t3) | ((lo | t3) & ~s)) >>> 63);
        u = s + C;
        hi += (((s & C) | ((s | C) & ~u)) >>> 63);
        t3 = u;
        C = hi;
        lo = m * p3;
        hi = Mul64.hi(m, p3);
        s = lo + t4;
        hi += (((lo & t4) | ((lo | t4) & ~s)) >>> 63);
        u = s + C;
        hi += (((s & C) | ((s | C) & ~u)) >>> 63);
        t4 = u;
        C = hi;
        u = t5 + C;
        s = u + e;
        e = ((((t5 & C) | ((t5 | C) & ~u)) | (u & ~s)) >>> 63);
        t5 = s;
        m = t2 * inv;
        lo = m * p0;
        C = Mul64.hi(m, p0);
        s = lo + t2;
        C += (((lo & t2) | ((lo | t2) & ~s)) >>> 63);
        lo = m * p1;
        hi = Mul64.hi(m, p1);
        s = lo + t3;
        hi += (((lo & t3) | ((lo | t3) & ~s)) >>> 63);
        u = s + C;
        hi += (((s & C) | ((s | C) & ~u)) >>> 63);
        t3 = u;
        C = hi;
        lo = m * p2;
        hi = Mul64.hi(m, p2);
        s = lo + t4;
        hi += (((lo & t4) | ((lo | t4) & ~s)) >>> 63);
        u = s + C;
        hi += (((s & C) | ((s | C) & ~u)) >>> 63);
        t4 = u;
        C = hi;
        lo = m * p3;
        hi = Mul64.hi(m, p3);
        s = lo + t5;
        hi += (((lo & t5) | ((lo | t5) & ~s)) >>> 63);
        u = s + C;
        hi += (((s & C) | ((s | C) & ~u)) >>> 63);
        t5 = u;
        C = hi;
        u = t6 + C;
        s = u + e;
        e = ((((t6 & C) | ((t6 | C) & ~u)) | (u & ~s)) >>> 63);
        t6 = s;
        m = t3 * inv;
        lo = m * p0;
        C = Mul64.hi(m, p0);
        s = lo + t3;
        C += (((lo & t3) | ((lo | t3) & ~s)) >>> 63);
        lo = m * p1;
        hi = Mul64.hi(m, p1);
        s = lo + t4;
        hi += (((lo & t4) | ((lo | t4) & ~s)) >>> 63);
        u = s + C;
        hi += (((s & C) | ((s | C) & ~u)) >>> 63);
        t4 = u;
        C = hi;
        lo = m * p2;
        hi = Mul64.hi(m, p2);
        s = lo + t5;
        hi += (((lo & t5) | ((lo | t5) & ~s)) >>> 63);
        u = s + C;
        hi += (((s & C) | ((s | C) & ~u)) >>> 63);
        t5 = u;
        C = hi;
        lo = m * p3;
        hi = Mul64.hi(m, p3);
        s = lo + t6;
        hi += (((lo & t6) | ((lo | t6) & ~s)) >>> 63);
        u = s + C;
        hi += (((s & C) | ((s | C) & ~u)) >>> 63);
        t6 = u;
        C = hi;
        u = t7 + C;
        s = u + e;
        e = ((((t7 & C) | ((t7 | C) & ~u)) | (u & ~s)) >>> 63);
        t7 = s;
        // the result (t4..t7) is below 2p < 2^255, so the last carry e is 0
        reduceOnceBranch(t4, t5, t6, t7, r, ri);
    }

    /** r = a^e mod p for a non-negative exponent given as little-endian 64-bit limbs. */
    public void pow(long[] a, int ai, long[] e, long[] r, int ri) {
        long[] acc = one.clone();
        long[] base = new long[4];
        copy(a, ai, base, 0);
        int top = e.length * 64 - 1;
        while (top >= 0 && ((e[top >>> 6] >>> (top & 63)) & 1) == 0) top--;
        for (int i = top; i >= 0; i--) {
            sqr(acc, 0, acc, 0);
            if (((e[i >>> 6] >>> (i & 63)) & 1) != 0) mul(acc, 0, base, 0, acc, 0);
        }
        copy(acc, 0, r, ri);
    }

    /** r = a^e mod p. */
    public void pow(long[] a, int ai, BigInteger e, long[] r, int ri) {
        if (e.signum() < 0) throw new IllegalArgumentException("negative exponent");
        long[] el = new long[(e.bitLength() + 63) / 64 + 1];
        for (int i = 0; i < el.length; i++) el[i] = e.shiftRight(64 * i).longValue();
        pow(a, ai, el, r, ri);
    }

    /** r = a^{−1} mod p (Fermat). Throws ArithmeticException for a = 0. */
    public void inverse(long[] a, int ai, long[] r, int ri) {
        if (isZero(a, ai)) throw new ArithmeticException(name + ": inverse of zero");
        pow(a, ai, pMinus2, r, ri);
    }

    /**
     * Montgomery's batch inversion of {@code n} elements starting at {@code off}, in place, with
     * one field inversion and 3(n−1) multiplications. Zero elements are left zero.
     *
     * @param scratch at least {@code 4n} longs
     */
    public void batchInverse(long[] v, int off, int n, long[] scratch) {
        if (n == 0) return;
        long[] acc = one.clone();
        for (int i = 0; i < n; i++) {
            int vi = off + 4 * i;
            copy(acc, 0, scratch, 4 * i);
            if (!isZero(v, vi)) mul(acc, 0, v, vi, acc, 0);
        }
        inverse(acc, 0, acc, 0);
        long[] tmp = new long[4];
        for (int i = n - 1; i >= 0; i--) {
            int vi = off + 4 * i;
            if (isZero(v, vi)) continue;
            mul(acc, 0, scratch, 4 * i, tmp, 0);
            mul(acc, 0, v, vi, acc, 0);
            copy(tmp, 0, v, vi);
        }
    }

    /** Batch inversion of a whole vector, in place. */
    public void batchInverse(long[] v) {
        int n = v.length / 4;
        batchInverse(v, 0, n, new long[4 * n]);
    }

    /** Legendre symbol: 1 for a non-zero square, −1 for a non-square, 0 for zero. */
    public int legendre(long[] a, int ai) {
        if (isZero(a, ai)) return 0;
        long[] t = new long[4];
        pow(a, ai, modulus.subtract(BigInteger.ONE).shiftRight(1), t, 0);
        return isOne(t, 0) ? 1 : -1;
    }

    /**
     * r = a square root of a, if one exists. Uses a^((p+1)/4) when p ≡ 3 (mod 4) (BN254's q),
     * otherwise Tonelli–Shanks. Returns false (r untouched) when a is not a square.
     */
    public boolean sqrt(long[] a, int ai, long[] r, int ri) {
        if (isZero(a, ai)) {
            setZero(r, ri);
            return true;
        }
        long[] x = new long[4];
        if (tsS == 1) {
            pow(a, ai, sqrtExp, x, 0);
            long[] chk = new long[4];
            sqr(x, 0, chk, 0);
            if (!equal(chk, 0, a, ai)) return false;
            copy(x, 0, r, ri);
            return true;
        }
        if (legendre(a, ai) != 1) return false;
        // Tonelli–Shanks with w = a^((t−1)/2): x = a·w, b = x·w = a^t
        long[] w = new long[4], b = new long[4], z = tsZ.clone(), tmp = new long[4];
        pow(a, ai, tsTMinus1Over2, w, 0);
        mul(a, ai, w, 0, x, 0);
        mul(x, 0, w, 0, b, 0);
        int v = tsS;
        while (!isOne(b, 0)) {
            int k = 0;
            copy(b, 0, tmp, 0);
            while (!isOne(tmp, 0)) {
                sqr(tmp, 0, tmp, 0);
                k++;
            }
            long[] g = z.clone();
            for (int j = 0; j < v - k - 1; j++) sqr(g, 0, g, 0);
            mul(x, 0, g, 0, x, 0);
            sqr(g, 0, z, 0);
            mul(b, 0, z, 0, b, 0);
            v = k;
        }
        copy(x, 0, r, ri);
        return true;
    }

    // ---------------------------------------------------------------- conversions

    /** Converts raw (canonical, non-Montgomery) limbs at a[ai] into Montgomery form at r[ri]. */
    public void toMont(long[] a, int ai, long[] r, int ri) {
        mul(a, ai, r2, 0, r, ri);
    }

    /** Converts a Montgomery element into raw canonical limbs. */
    public void fromMont(long[] a, int ai, long[] r, int ri) {
        long[] oneRaw = {1, 0, 0, 0};
        mul(a, ai, oneRaw, 0, r, ri);
    }

    /** True when the raw limbs are a canonical value (< p). */
    public boolean isCanonical(long[] raw, int ri) {
        long x3 = raw[ri + 3], x2 = raw[ri + 2], x1 = raw[ri + 1], x0 = raw[ri];
        if (x3 != p3) return Long.compareUnsigned(x3, p3) < 0;
        if (x2 != p2) return Long.compareUnsigned(x2, p2) < 0;
        if (x1 != p1) return Long.compareUnsigned(x1, p1) < 0;
        return Long.compareUnsigned(x0, p0) < 0;
    }

    /** Element from a small non-negative integer. */
    public long[] fromLong(long v) {
        if (v < 0) return fromBigInteger(BigInteger.valueOf(v));
        long[] r = {v, 0, 0, 0};
        toMont(r, 0, r, 0);
        return r;
    }

    /** Element from any integer, reduced mod p (negative values allowed). */
    public long[] fromBigInteger(BigInteger v) {
        long[] r = limbs(v.mod(modulus));
        toMont(r, 0, r, 0);
        return r;
    }

    /** Element from an integer that must already be canonical (0 ≤ v < p). */
    public long[] fromCanonical(BigInteger v) {
        if (v.signum() < 0 || v.compareTo(modulus) >= 0) {
            throw new IllegalArgumentException(name + ": value is not canonical (must be 0 <= v < p): " + v);
        }
        return fromBigInteger(v);
    }

    public void set(BigInteger v, long[] r, int ri) {
        copy(fromBigInteger(v), 0, r, ri);
    }

    public BigInteger toBigInteger(long[] a, int ai) {
        long[] raw = new long[4];
        fromMont(a, ai, raw, 0);
        byte[] be = new byte[33];
        for (int i = 0; i < 4; i++) {
            long l = raw[3 - i];
            for (int j = 0; j < 8; j++) be[1 + i * 8 + j] = (byte) (l >>> (56 - 8 * j));
        }
        return new BigInteger(be);
    }

    /**
     * Parses a canonical 32-byte big-endian value. Values ≥ p are rejected: accepting them would
     * give two encodings of one element.
     */
    public void fromBytesBE(byte[] in, int off, long[] r, int ri) {
        if (in.length - off < BYTES) {
            throw new IllegalArgumentException(name + ": need 32 bytes, have " + Math.max(0, in.length - off));
        }
        long[] raw = new long[4];
        for (int i = 0; i < 4; i++) {
            long l = 0;
            for (int j = 0; j < 8; j++) l = (l << 8) | (in[off + i * 8 + j] & 0xFF);
            raw[3 - i] = l;
        }
        if (!isCanonical(raw, 0)) {
            throw new IllegalArgumentException(name + ": encoded value is not less than the modulus");
        }
        toMont(raw, 0, r, ri);
    }

    public long[] fromBytesBE(byte[] in) {
        if (in.length != BYTES) throw new IllegalArgumentException(name + ": need exactly 32 bytes, got " + in.length);
        long[] r = new long[4];
        fromBytesBE(in, 0, r, 0);
        return r;
    }

    /** Writes the canonical 32-byte big-endian encoding. */
    public void toBytesBE(long[] a, int ai, byte[] out, int off) {
        long[] raw = new long[4];
        fromMont(a, ai, raw, 0);
        for (int i = 0; i < 4; i++) {
            long l = raw[3 - i];
            for (int j = 0; j < 8; j++) out[off + i * 8 + j] = (byte) (l >>> (56 - 8 * j));
        }
    }

    public byte[] toBytesBE(long[] a, int ai) {
        byte[] b = new byte[BYTES];
        toBytesBE(a, ai, b, 0);
        return b;
    }

    /**
     * Reads 32 little-endian bytes holding a value already in Montgomery form (v·2^256 mod p), the
     * snarkjs .zkey/.ptau encoding. Rejects non-canonical limbs.
     */
    public void fromMontBytesLE(byte[] in, int off, long[] r, int ri) {
        long[] raw = new long[4];
        for (int i = 0; i < 4; i++) {
            long l = 0;
            for (int j = 7; j >= 0; j--) l = (l << 8) | (in[off + i * 8 + j] & 0xFF);
            raw[i] = l;
        }
        if (!isCanonical(raw, 0)) {
            throw new IllegalArgumentException(name + ": stored Montgomery value is not less than the modulus");
        }
        copy(raw, 0, r, ri);
    }

    /** Reads 32 little-endian bytes holding a plain canonical value (the .wtns/.r1cs encoding). */
    public void fromBytesLE(byte[] in, int off, long[] r, int ri) {
        long[] raw = new long[4];
        for (int i = 0; i < 4; i++) {
            long l = 0;
            for (int j = 7; j >= 0; j--) l = (l << 8) | (in[off + i * 8 + j] & 0xFF);
            raw[i] = l;
        }
        if (!isCanonical(raw, 0)) {
            throw new IllegalArgumentException(name + ": encoded value is not less than the modulus");
        }
        toMont(raw, 0, r, ri);
    }

    /** Parses "0x…" hex or decimal; must be canonical. */
    public long[] parse(String s) {
        String t = s.trim();
        BigInteger v;
        try {
            v = t.startsWith("0x") || t.startsWith("0X") ? new BigInteger(t.substring(2), 16) : new BigInteger(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not a number: \"" + s + "\"");
        }
        return fromCanonical(v);
    }

    /** "0x" + 64 lowercase hex digits of the canonical value. */
    public String toHex(long[] a, int ai) {
        String h = toBigInteger(a, ai).toString(16);
        return "0x" + "0".repeat(64 - h.length()) + h;
    }

    public String toDecimal(long[] a, int ai) {
        return toBigInteger(a, ai).toString();
    }

    /** A uniformly random element (rejection sampling on 254-bit draws). */
    public void random(Random rnd, long[] r, int ri) {
        long[] raw = new long[4];
        long topMask = (1L << (bits - 192)) - 1;
        do {
            raw[0] = rnd.nextLong();
            raw[1] = rnd.nextLong();
            raw[2] = rnd.nextLong();
            raw[3] = rnd.nextLong() & topMask;
        } while (!isCanonical(raw, 0));
        copy(raw, 0, r, ri); // a uniform canonical value is also a uniform Montgomery value
    }

    public long[] random(Random rnd) {
        long[] r = new long[4];
        random(rnd, r, 0);
        return r;
    }

    @Override
    public String toString() {
        return name;
    }
}
