package io.coprover.math;

import java.math.BigInteger;

/**
 * BN254 G2: the order-r subgroup of the sextic twist E'(Fq2): y² = x³ + b' with b' = 3/ξ, ξ = 9 + u
 * (a "D-type" twist; φ(x, y) = (x·w², y·w³) maps it into E(Fq12)).
 *
 * <p>Layouts (Fq2 elements of 8 longs, Montgomery Fq limbs):
 * <ul>
 *   <li>affine: 16 longs, x then y; all zeros is the point at infinity ((0, 0) is not on the
 *       curve because b' ≠ 0);</li>
 *   <li>Jacobian: 24 longs, X, Y, Z standing for (X/Z², Y/Z³); Z = 0 is infinity.</li>
 * </ul>
 * The twist has r·(2q − r) points, a cofactor of about 2^254 over r, so a point on the curve
 * is generally not in G2: {@link #isInSubgroup} checks it (ψ(P) = [6x²]P, proven equivalent to
 * [r]P = O there). Jacobian formulas are the a = 0 ones of the Explicit-Formulas Database
 * (dbl-2009-l, add-2007-bl), with the exceptional cases (P = ±Q, infinity) handled, so scalar
 * multiplication is correct for every input point.
 */
public final class G2 {
    /** Longs per affine point. */
    public static final int AFFINE = 16;
    /** Longs per Jacobian point. */
    public static final int JACOBIAN = 24;
    /** Longs of scratch {@link #dbl} and {@link #add} need. */
    public static final int SCRATCH = 128;
    /** Bytes of the EIP-197 encoding: x_imag, x_real, y_imag, y_real, 32 bytes each. */
    public static final int ENCODED_BYTES = 128;

    private static final Field F = Field.FQ;

    /** b' = 3/ξ, the twist's constant. */
    static final long[] B_TWIST;
    /** The standard generator (EIP-197's), affine. Shared: never write into it. */
    public static final long[] GENERATOR;

    static {
        long[] xi = Fq2.of(BigInteger.valueOf(9), BigInteger.ONE);
        long[] t = new long[Fq2.SCRATCH];
        long[] b = new long[Fq2.SIZE];
        Fq2.inverse(xi, 0, b, 0, t, 0);
        long[] three = F.fromLong(3);
        Fq2.mulByFq(b, 0, three, 0, b, 0);
        B_TWIST = b;
        GENERATOR = new long[AFFINE];
        System.arraycopy(
                Fq2.of(
                        new BigInteger("1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed", 16),
                        new BigInteger("198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2", 16)),
                0,
                GENERATOR,
                0,
                8);
        System.arraycopy(
                Fq2.of(
                        new BigInteger("12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa", 16),
                        new BigInteger("090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b", 16)),
                0,
                GENERATOR,
                8,
                8);
        if (!isOnCurve(GENERATOR, 0)) throw new AssertionError("G2 generator not on the twist");
    }

    private G2() {}

    // ------------------------------------------------------------------ affine

    public static boolean isInfinity(long[] a, int ai) {
        for (int i = 0; i < AFFINE; i++) if (a[ai + i] != 0) return false;
        return true;
    }

    /** True when the affine point is infinity or satisfies y² = x³ + b'. */
    public static boolean isOnCurve(long[] a, int ai) {
        if (isInfinity(a, ai)) return true;
        long[] t = new long[40];
        Fq2.sqr(a, ai + 8, t, 0, t, 24); // y²
        Fq2.sqr(a, ai, t, 8, t, 24); // x²
        Fq2.mul(t, 8, a, ai, t, 8, t, 24); // x³
        Fq2.add(t, 8, B_TWIST, 0, t, 8);
        return Fq2.equal(t, 0, t, 8);
    }

    /** 6x² for the BN parameter x: the eigenvalue of ψ on G2 (q ≡ t − 1 = 6x² mod r). */
    private static final BigInteger PSI_EIGENVALUE =
            new BigInteger("4965661367192848881").pow(2).multiply(BigInteger.valueOf(6));

    /**
     * True when the affine point is in the order-r subgroup G2: on the curve and ψ(P) = [6x²]P.
     *
     * <p>Why that is exact. ψ = φ⁻¹∘π_q∘φ (φ: E' → E the twist isomorphism, π_q the q-power
     * Frobenius of E) satisfies ψ² − tψ + q = 0 on all of E'(Fq2), t = 6x² + 1 the trace. If
     * ψ(P) = [λ]P with λ = 6x², then O = ψ²P − tψP + qP = [λ² − tλ + q]P = [q − 6x²]P, and
     * q − 6x² = 36x⁴ + 36x³ + 18x² + 6x + 1 = r, so [r]P = O. Conversely G2 is cyclic of order r
     * (r² ∤ #E'(Fq2) = r(2q − r)) and is the image of E's trace-zero subgroup, where π_q acts as
     * [q] = [6x²] mod r. The scalar has 127 bits instead of r's 254 (El Housni, Guillevic and
     * Piellard, "Co-factor clearing and subgroup membership testing on pairing-friendly curves",
     * 2022, make the same check).
     */
    public static boolean isInSubgroup(long[] a, int ai) {
        if (!isOnCurve(a, ai)) return false;
        if (isInfinity(a, ai)) return true;
        long[] j = new long[JACOBIAN], psi = new long[AFFINE], t = new long[40];
        fromAffine(a, ai, j, 0);
        mul(j, 0, PSI_EIGENVALUE, j, 0);
        if (isInfinityJ(j, 0)) return false; // ψ(P) ≠ O for P ≠ O
        psi(a, ai, psi, 0, t, 0);
        // (X : Y : Z) = (x', y') ⟺ X = x'·Z² and Y = y'·Z³
        Fq2.sqr(j, 16, t, 16, t, 0);
        Fq2.mul(psi, 0, t, 16, t, 24, t, 0);
        if (!Fq2.equal(t, 24, j, 0)) return false;
        Fq2.mul(t, 16, j, 16, t, 16, t, 0);
        Fq2.mul(psi, 8, t, 16, t, 24, t, 0);
        return Fq2.equal(t, 24, j, 8);
    }

    /**
     * r = ψ(a) for an affine point: the twisted q-power Frobenius
     * (x, y) ↦ (conj(x)·ξ^((q−1)/3), conj(y)·ξ^((q−1)/2)). Scratch 16 longs.
     */
    public static void psi(long[] a, int ai, long[] r, int ri, long[] t, int to) {
        Fq2.conj(a, ai, r, ri);
        Fq2.mul(r, ri, Fq12.GAMMA[1][2], 0, r, ri, t, to);
        Fq2.conj(a, ai + 8, r, ri + 8);
        Fq2.mul(r, ri + 8, Fq12.GAMMA[1][3], 0, r, ri + 8, t, to);
    }

    /** r = −a (affine). */
    public static void negAffine(long[] a, int ai, long[] r, int ri) {
        Fq2.copy(a, ai, r, ri);
        Fq2.neg(a, ai + 8, r, ri + 8);
    }

    // ------------------------------------------------------------------ Jacobian

    public static boolean isInfinityJ(long[] p, int o) {
        return Fq2.isZero(p, o + 16);
    }

    public static void setInfinityJ(long[] r, int ro) {
        for (int i = 0; i < JACOBIAN; i++) r[ro + i] = 0;
    }

    public static void fromAffine(long[] a, int ai, long[] r, int ro) {
        if (isInfinity(a, ai)) {
            setInfinityJ(r, ro);
            return;
        }
        System.arraycopy(a, ai, r, ro, AFFINE);
        Fq2.setOne(r, ro + 16);
    }

    /** r = affine form of p (16 longs, all zero for infinity). */
    public static void toAffine(long[] p, int o, long[] r, int ri) {
        if (isInfinityJ(p, o)) {
            for (int i = 0; i < AFFINE; i++) r[ri + i] = 0;
            return;
        }
        long[] t = new long[40];
        Fq2.inverse(p, o + 16, t, 0, t, 24); // 1/Z
        Fq2.sqr(t, 0, t, 8, t, 24); // 1/Z²
        Fq2.mul(t, 0, t, 8, t, 16, t, 24); // 1/Z³
        Fq2.mul(p, o, t, 8, r, ri, t, 24);
        Fq2.mul(p, o + 8, t, 16, r, ri + 8, t, 24);
    }

    public static long[] toAffine(long[] p, int o) {
        long[] r = new long[AFFINE];
        toAffine(p, o, r, 0);
        return r;
    }

    /** r = 2p (dbl-2009-l: 2M + 5S over Fq2). */
    public static void dbl(long[] p, int o, long[] r, int ro, long[] t) {
        if (isInfinityJ(p, o)) {
            setInfinityJ(r, ro);
            return;
        }
        final int a = 0, b = 8, c = 16, d = 24, e = 32, f = 40, z3 = 48, sc = 56;
        Fq2.sqr(p, o, t, a, t, sc); // A = X²
        Fq2.sqr(p, o + 8, t, b, t, sc); // B = Y²
        Fq2.sqr(t, b, t, c, t, sc); // C = B²
        Fq2.add(p, o, t, b, t, d);
        Fq2.sqr(t, d, t, d, t, sc);
        Fq2.sub(t, d, t, a, t, d);
        Fq2.sub(t, d, t, c, t, d);
        Fq2.dbl(t, d, t, d); // D = 2((X+B)² − A − C)
        Fq2.dbl(t, a, t, e);
        Fq2.add(t, e, t, a, t, e); // E = 3A
        Fq2.sqr(t, e, t, f, t, sc); // F = E²
        Fq2.mul(p, o + 8, p, o + 16, t, z3, t, sc);
        Fq2.dbl(t, z3, t, z3); // Z3 = 2YZ
        Fq2.sub(t, f, t, d, r, ro);
        Fq2.sub(r, ro, t, d, r, ro); // X3 = F − 2D
        Fq2.sub(t, d, r, ro, t, d);
        Fq2.mul(t, e, t, d, t, d, t, sc);
        Fq2.dbl(t, c, t, c);
        Fq2.dbl(t, c, t, c);
        Fq2.dbl(t, c, t, c);
        Fq2.sub(t, d, t, c, r, ro + 8); // Y3 = E(D − X3) − 8C
        Fq2.copy(t, z3, r, ro + 16);
    }

    /** r = p + q (add-2007-bl: 11M + 5S over Fq2), complete for every pair of inputs. */
    public static void add(long[] p, int o, long[] q, int qo, long[] r, int ro, long[] t) {
        if (isInfinityJ(p, o)) {
            System.arraycopy(q, qo, r, ro, JACOBIAN);
            return;
        }
        if (isInfinityJ(q, qo)) {
            System.arraycopy(p, o, r, ro, JACOBIAN);
            return;
        }
        final int z1z1 = 0,
                z2z2 = 8,
                u1 = 16,
                u2 = 24,
                s1 = 32,
                s2 = 40,
                h = 48,
                i = 56,
                j = 64,
                rr = 72,
                v = 80,
                x3 = 88,
                sc = 96;
        Fq2.sqr(p, o + 16, t, z1z1, t, sc);
        Fq2.sqr(q, qo + 16, t, z2z2, t, sc);
        Fq2.mul(p, o, t, z2z2, t, u1, t, sc);
        Fq2.mul(q, qo, t, z1z1, t, u2, t, sc);
        Fq2.mul(p, o + 8, q, qo + 16, t, s1, t, sc);
        Fq2.mul(t, s1, t, z2z2, t, s1, t, sc);
        Fq2.mul(q, qo + 8, p, o + 16, t, s2, t, sc);
        Fq2.mul(t, s2, t, z1z1, t, s2, t, sc);
        Fq2.sub(t, u2, t, u1, t, h);
        Fq2.sub(t, s2, t, s1, t, rr);
        if (Fq2.isZero(t, h)) {
            if (Fq2.isZero(t, rr)) dbl(p, o, r, ro, t);
            else setInfinityJ(r, ro);
            return;
        }
        Fq2.dbl(t, rr, t, rr); // r = 2(S2 − S1)
        Fq2.dbl(t, h, t, i);
        Fq2.sqr(t, i, t, i, t, sc); // I = (2H)²
        Fq2.mul(t, h, t, i, t, j, t, sc); // J = H·I
        Fq2.mul(t, u1, t, i, t, v, t, sc); // V = U1·I
        Fq2.sqr(t, rr, t, x3, t, sc);
        Fq2.sub(t, x3, t, j, t, x3);
        Fq2.sub(t, x3, t, v, t, x3);
        Fq2.sub(t, x3, t, v, t, x3); // X3 = r² − J − 2V
        // Z3 = ((Z1+Z2)² − Z1Z1 − Z2Z2)·H, computed before r is written (r may alias p or q)
        Fq2.add(p, o + 16, q, qo + 16, t, i);
        Fq2.sqr(t, i, t, i, t, sc);
        Fq2.sub(t, i, t, z1z1, t, i);
        Fq2.sub(t, i, t, z2z2, t, i);
        Fq2.mul(t, i, t, h, t, i, t, sc);
        Fq2.sub(t, v, t, x3, t, v);
        Fq2.mul(t, rr, t, v, t, v, t, sc);
        Fq2.mul(t, s1, t, j, t, s1, t, sc);
        Fq2.dbl(t, s1, t, s1);
        Fq2.sub(t, v, t, s1, r, ro + 8); // Y3 = r(V − X3) − 2·S1·J
        Fq2.copy(t, x3, r, ro);
        Fq2.copy(t, i, r, ro + 16);
    }

    /** r = −p. */
    public static void negJ(long[] p, int o, long[] r, int ro) {
        Fq2.copy(p, o, r, ro);
        Fq2.neg(p, o + 8, r, ro + 8);
        Fq2.copy(p, o + 16, r, ro + 16);
    }

    /**
     * r = [k]p for any integer k (negative allowed; not reduced mod r, so [r]P reveals whether P
     * is in G2). Left-to-right over the non-adjacent form of |k|.
     */
    public static void mul(long[] p, int o, BigInteger k, long[] r, int ro) {
        long[] base = new long[JACOBIAN], neg = new long[JACOBIAN], acc = new long[JACOBIAN];
        long[] t = new long[SCRATCH];
        System.arraycopy(p, o, base, 0, JACOBIAN);
        if (k.signum() < 0) negJ(base, 0, base, 0);
        negJ(base, 0, neg, 0);
        int[] naf = naf(k.abs());
        for (int i = naf.length - 1; i >= 0; i--) {
            dbl(acc, 0, acc, 0, t);
            if (naf[i] == 1) add(acc, 0, base, 0, acc, 0, t);
            else if (naf[i] == -1) add(acc, 0, neg, 0, acc, 0, t);
        }
        System.arraycopy(acc, 0, r, ro, JACOBIAN);
    }

    /** [k]a for an affine point, as an affine point. */
    public static long[] mulAffine(long[] a, BigInteger k) {
        long[] j = new long[JACOBIAN];
        fromAffine(a, 0, j, 0);
        mul(j, 0, k, j, 0);
        return toAffine(j, 0);
    }

    /** Non-adjacent form of k ≥ 0, least significant digit first, digits in {−1, 0, 1}. */
    static int[] naf(BigInteger k) {
        int[] d = new int[k.bitLength() + 1];
        BigInteger four = BigInteger.valueOf(4);
        int i = 0;
        while (k.signum() > 0) {
            if (k.testBit(0)) {
                int m = k.mod(four).intValue();
                d[i] = m == 1 ? 1 : -1;
                k = k.subtract(BigInteger.valueOf(d[i]));
            }
            k = k.shiftRight(1);
            i++;
        }
        return java.util.Arrays.copyOf(d, i);
    }

    // ------------------------------------------------------------------ encodings (EIP-197)

    /**
     * Decodes 128 bytes x_imag ‖ x_real ‖ y_imag ‖ y_real (32-byte big-endian each) into an affine
     * point; all zeros is infinity. Rejects coordinates ≥ q, points off the twist and points
     * outside the order-r subgroup with an IllegalArgumentException naming the problem.
     */
    public static long[] decode(byte[] in, int off) {
        if (in.length - off < ENCODED_BYTES) {
            throw new IllegalArgumentException("G2: need 128 bytes, have " + Math.max(0, in.length - off));
        }
        long[] a = new long[AFFINE];
        String[] names = {"x_imag", "x_real", "y_imag", "y_real"};
        int[] slot = {4, 0, 12, 8};
        for (int i = 0; i < 4; i++) {
            try {
                F.fromBytesBE(in, off + 32 * i, a, slot[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "G2: coordinate " + names[i] + " is not less than the field modulus q");
            }
        }
        if (isInfinity(a, 0)) return a;
        if (!isOnCurve(a, 0))
            throw new IllegalArgumentException("G2: point is not on the twist curve y^2 = x^3 + 3/(9+u)");
        if (!isInSubgroup(a, 0))
            throw new IllegalArgumentException("G2: point is on the twist but not in the order-r subgroup");
        return a;
    }

    /** The 128-byte EIP-197 encoding of an affine point (all zeros for infinity). */
    public static byte[] encode(long[] a, int ai) {
        byte[] out = new byte[ENCODED_BYTES];
        if (isInfinity(a, ai)) return out;
        F.toBytesBE(a, ai + 4, out, 0);
        F.toBytesBE(a, ai, out, 32);
        F.toBytesBE(a, ai + 12, out, 64);
        F.toBytesBE(a, ai + 8, out, 96);
        return out;
    }
}
