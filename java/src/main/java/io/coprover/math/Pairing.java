package io.coprover.math;

import java.math.BigInteger;

/**
 * The optimal ate pairing on BN254, e: G1 × G2 → μ_r ⊂ Fq12*, and the multi-pairing check
 * Π e(P_i, Q_i) = 1 that the PLONK/KZG verifier and Ethereum's precompile 0x08 make.
 *
 * <p>With x = 4965661367192848881 (the BN parameter, q = 36x⁴ + 36x³ + 24x² + 6x + 1),
 * e(P, Q) = f^((q¹² − 1)/r) where (Vercauteren, "Optimal pairings", 2010)
 * f = f_{6x+2,Q}(P) · ℓ_{[6x+2]Q, π(Q)}(P) · ℓ_{[6x+2]Q + π(Q), −π²(Q)}(P).
 *
 * <p>Miller loop: over the non-adjacent form of 6x + 2, the point T kept in homogeneous
 * projective coordinates on the twist, the line through T (tangent or chord) computed together
 * with the new T by the formulas of Costello, Lange and Naehrig, "Faster pairing computations on
 * curves with high-degree twists" (PKC 2010), and evaluated at P = (xP, yP) as the sparse element
 * ℓ = r0·yP + r1·xP·w + r2·w³ (see {@link Fq12#mulBy034}). Lines are only defined up to a factor
 * in Fq2, which the final exponentiation removes. Several pairs share one accumulator, so a
 * k-pair check pays one squaring per step and one final exponentiation.
 *
 * <p>Final exponentiation: (q¹² − 1)/r = (q⁶ − 1)(q² + 1)·(q⁴ − q² + 1)/r. The easy part costs an
 * inversion and a Frobenius; the hard part uses the addition chain of Scott, Benger, Charlemagne,
 * Dominguez Perez and Kachisa, "On the final exponentiation for calculating pairings on ordinary
 * elliptic curves" (Pairing 2009, §4 for BN curves), which computes exactly
 * f^((q⁴ − q² + 1)/r) with three exponentiations by x, in the cyclotomic subgroup where squaring
 * is {@link Fq12#cyclotomicSqr} and inversion is conjugation. The result is therefore the
 * standard reduced optimal ate pairing value.
 */
public final class Pairing {
    /** The BN parameter x. */
    public static final BigInteger X = new BigInteger("4965661367192848881");
    /** Digits of 6x + 2 in non-adjacent form, least significant first. */
    private static final int[] LOOP = G2.naf(X.multiply(BigInteger.valueOf(6)).add(BigInteger.TWO));
    /** Digits of x in non-adjacent form, least significant first. */
    private static final int[] X_NAF = G2.naf(X);

    private static final Field F = Field.FQ;
    /** 1/2 in Fq. */
    private static final long[] HALF = F.fromBigInteger(F.modulus.add(BigInteger.ONE).shiftRight(1));

    // scratch layout of one pairing computation (one long[] per call, so calls are thread-safe)
    private static final int S_LINE = 0;          // line coefficients r0, r1, r2 (3 Fq2)
    private static final int S_Q1 = 24;           // π(Q) / −π²(Q) affine
    private static final int S_STEP = 40;         // step temporaries (13 Fq2)
    private static final int S_SUB = 144;         // scratch for Fq2 / Fq12 calls
    private static final int S_TOTAL = S_SUB + Fq12.SCRATCH;

    private Pairing() {}

    /**
     * e(P, Q) for an affine G1 point (8 longs: x, y Montgomery Fq; all zero = infinity) and an
     * affine G2 point (16 longs, see {@link G2}). Returns 48 longs (an {@link Fq12} element); one
     * when either point is infinity. Points off their curves are rejected (IllegalArgumentException);
     * membership of G2 in the order-r subgroup is not re-checked here (it costs a scalar
     * multiplication): decode points with {@link G2#decode} / {@link Eip197} or check
     * {@link G2#isInSubgroup} first, since the pairing of points outside G1 × G2 is meaningless.
     */
    public static long[] pairing(long[] g1, long[] g2) {
        long[] f = millerLoop(new long[][] {g1}, new long[][] {g2});
        long[] r = new long[Fq12.SIZE];
        finalExponentiation(f, 0, r, 0);
        return r;
    }

    /**
     * True when Π e(g1s[i], g2s[i]) = 1: one shared Miller loop, one final exponentiation. Pairs
     * with a point at infinity contribute 1 and are skipped; an empty product is 1.
     */
    public static boolean pairingCheck(long[][] g1s, long[][] g2s) {
        long[] f = millerLoop(g1s, g2s);
        long[] r = new long[Fq12.SIZE];
        finalExponentiation(f, 0, r, 0);
        return Fq12.isOne(r, 0);
    }

    /** Π f_i, the product of the optimal ate Miller loop values (before final exponentiation). */
    public static long[] millerLoop(long[][] g1s, long[][] g2s) {
        if (g1s.length != g2s.length) {
            throw new IllegalArgumentException("pairing: " + g1s.length + " G1 points but " + g2s.length + " G2 points");
        }
        int n = 0;
        for (int i = 0; i < g1s.length; i++) {
            if (g1s[i].length != G1.SIZE) throw new IllegalArgumentException("pairing: G1 point " + i + " must be 8 longs");
            if (g2s[i].length != G2.AFFINE) throw new IllegalArgumentException("pairing: G2 point " + i + " must be 16 longs");
            // cheap sanity checks; subgroup membership is the decoder's job (G2.decode, Eip197)
            if (!G1.isOnCurve(g1s[i], 0)) throw new IllegalArgumentException("pairing: G1 point " + i + " is not on the curve");
            if (!G2.isOnCurve(g2s[i], 0)) throw new IllegalArgumentException("pairing: G2 point " + i + " is not on the twist");
            if (!G1.isInfinity(g1s[i], 0) && !G2.isInfinity(g2s[i], 0)) n++;
        }
        long[] f = Fq12.one();
        if (n == 0) return f;
        // keep the pairs that contribute; q[k] = Q, qNeg[k] = −Q, t[k] = T (projective)
        long[][] p = new long[n][], q = new long[n][], qNeg = new long[n][], t = new long[n][];
        for (int i = 0, k = 0; i < g1s.length; i++) {
            if (G1.isInfinity(g1s[i], 0) || G2.isInfinity(g2s[i], 0)) continue;
            p[k] = g1s[i];
            q[k] = g2s[i];
            qNeg[k] = new long[G2.AFFINE];
            G2.negAffine(q[k], 0, qNeg[k], 0);
            t[k] = new long[G2.JACOBIAN];
            System.arraycopy(q[k], 0, t[k], 0, G2.AFFINE);
            Fq2.setOne(t[k], 16);
            k++;
        }
        long[] s = new long[S_TOTAL];
        boolean first = true;
        for (int i = LOOP.length - 2; i >= 0; i--) {
            if (!first) Fq12.sqr(f, 0, f, 0, s, S_SUB);
            first = false;
            for (int k = 0; k < n; k++) {
                doubleStep(t[k], s);
                evalLine(f, p[k], s);
                if (LOOP[i] != 0) {
                    addStep(t[k], LOOP[i] > 0 ? q[k] : qNeg[k], 0, s, true);
                    evalLine(f, p[k], s);
                }
            }
        }
        long[][][] gamma = Fq12.GAMMA;
        for (int k = 0; k < n; k++) {
            // π(Q) on the twist: ψ(Q) = (conj(x)·ξ^((q−1)/3), conj(y)·ξ^((q−1)/2))
            G2.psi(q[k], 0, s, S_Q1, s, S_SUB);
            addStep(t[k], s, S_Q1, s, true);
            evalLine(f, p[k], s);
            // −π²(Q) = (x·γ_{2,2}, −y·γ_{2,3}); only its line is needed, T is not updated
            Fq2.mul(q[k], 0, gamma[2][2], 0, s, S_Q1, s, S_SUB);
            Fq2.mul(q[k], 8, gamma[2][3], 0, s, S_Q1 + 8, s, S_SUB);
            Fq2.neg(s, S_Q1 + 8, s, S_Q1 + 8);
            addStep(t[k], s, S_Q1, s, false);
            evalLine(f, p[k], s);
        }
        return f;
    }

    /** f ← f · (r0·yP + r1·xP·w + r2·w³), with (r0, r1, r2) at s[S_LINE]. */
    private static void evalLine(long[] f, long[] p, long[] s) {
        Fq2.mulByFq(s, S_LINE, p, 4, s, S_LINE);
        Fq2.mulByFq(s, S_LINE + 8, p, 0, s, S_LINE + 8);
        Fq12.mulBy034(f, 0, s, S_LINE, S_LINE + 8, S_LINE + 16, f, 0, s, S_SUB);
    }

    /**
     * T ← 2T and the tangent line at T (CLN 2010, §4, homogeneous coordinates, a = 0):
     * with A = XY/2, B = Y², C = Z², E = 3b'C, F = 3E, G = (B + F)/2, H = (Y + Z)² − B − C:
     * X' = A(B − F), Y' = G² − 3E², Z' = BH; line r0 = −H, r1 = 3X², r2 = E − B.
     * (That line is −Z·2YZ²·(yP − λ·xP·w + (λx_T − y_T)·w³) in affine terms, λ the tangent slope.)
     */
    private static void doubleStep(long[] t, long[] s) {
        final int a = S_STEP, b = a + 8, c = a + 16, e = a + 24, ff = a + 32, g = a + 40, h = a + 48,
                j = a + 56, sc = S_SUB;
        Fq2.mul(t, 0, t, 8, s, a, s, sc);
        Fq2.mulByFq(s, a, HALF, 0, s, a);               // A = XY/2
        Fq2.sqr(t, 8, s, b, s, sc);                     // B = Y²
        Fq2.sqr(t, 16, s, c, s, sc);                    // C = Z²
        Fq2.dbl(s, c, s, e);
        Fq2.add(s, e, s, c, s, e);
        Fq2.mul(s, e, G2.B_TWIST, 0, s, e, s, sc);      // E = 3b'·Z²
        Fq2.dbl(s, e, s, ff);
        Fq2.add(s, ff, s, e, s, ff);                    // F = 3E
        Fq2.add(s, b, s, ff, s, g);
        Fq2.mulByFq(s, g, HALF, 0, s, g);               // G = (B + F)/2
        Fq2.add(t, 8, t, 16, s, h);
        Fq2.sqr(s, h, s, h, s, sc);
        Fq2.sub(s, h, s, b, s, h);
        Fq2.sub(s, h, s, c, s, h);                      // H = 2YZ
        Fq2.sqr(t, 0, s, j, s, sc);                     // J = X²
        // line
        Fq2.neg(s, h, s, S_LINE);
        Fq2.dbl(s, j, s, S_LINE + 8);
        Fq2.add(s, S_LINE + 8, s, j, s, S_LINE + 8);
        Fq2.sub(s, e, s, b, s, S_LINE + 16);
        // point
        Fq2.sub(s, b, s, ff, t, 0);
        Fq2.mul(t, 0, s, a, t, 0, s, sc);               // X' = A(B − F)
        Fq2.mul(s, b, s, h, t, 16, s, sc);              // Z' = B·H
        Fq2.sqr(s, e, s, c, s, sc);
        Fq2.dbl(s, c, s, j);
        Fq2.add(s, j, s, c, s, j);                      // 3E²
        Fq2.sqr(s, g, t, 8, s, sc);
        Fq2.sub(t, 8, s, j, t, 8);                      // Y' = G² − 3E²
    }

    /**
     * The chord through T and the affine point Q (at qa[qo]) and, when {@code update}, T ← T + Q
     * (mixed addition in homogeneous coordinates). With O = Y − yQ·Z, L = X − xQ·Z the line is
     * L·(yP − λxP·w + (λxQ − yQ)·w³), λ = O/L: r0 = L, r1 = −O, r2 = xQ·O − yQ·L.
     * T ≠ ±Q throughout the loop (T = [k]Q with 1 < k < r), so L ≠ 0.
     */
    private static void addStep(long[] t, long[] qa, int qo, long[] s, boolean update) {
        final int o = S_STEP, l = o + 8, c = o + 16, d = o + 24, e = o + 32, ff = o + 40, g = o + 48,
                h = o + 56, u = o + 64, sc = S_SUB;
        Fq2.mul(qa, qo + 8, t, 16, s, o, s, sc);
        Fq2.sub(t, 8, s, o, s, o);                      // O = Y − yQ·Z
        Fq2.mul(qa, qo, t, 16, s, l, s, sc);
        Fq2.sub(t, 0, s, l, s, l);                      // L = X − xQ·Z
        // line
        Fq2.copy(s, l, s, S_LINE);
        Fq2.neg(s, o, s, S_LINE + 8);
        Fq2.mul(qa, qo, s, o, s, S_LINE + 16, s, sc);
        Fq2.mul(qa, qo + 8, s, l, s, u, s, sc);
        Fq2.sub(s, S_LINE + 16, s, u, s, S_LINE + 16);
        if (!update) return;
        Fq2.sqr(s, o, s, c, s, sc);                     // C = O²
        Fq2.sqr(s, l, s, d, s, sc);                     // D = L²
        Fq2.mul(s, l, s, d, s, e, s, sc);               // E = L³
        Fq2.mul(t, 16, s, c, s, ff, s, sc);             // F = Z·C
        Fq2.mul(t, 0, s, d, s, g, s, sc);               // G = X·D
        Fq2.add(s, e, s, ff, s, h);
        Fq2.sub(s, h, s, g, s, h);
        Fq2.sub(s, h, s, g, s, h);                      // H = E + F − 2G
        Fq2.mul(t, 8, s, e, s, u, s, sc);               // Y·E
        Fq2.mul(s, l, s, h, t, 0, s, sc);               // X' = L·H
        Fq2.sub(s, g, s, h, s, g);
        Fq2.mul(s, g, s, o, t, 8, s, sc);
        Fq2.sub(t, 8, s, u, t, 8);                      // Y' = O(G − H) − Y·E
        Fq2.mul(s, e, t, 16, t, 16, s, sc);             // Z' = E·Z
    }

    /** r = f^((q¹² − 1)/r). r may alias f. */
    public static void finalExponentiation(long[] f, int fi, long[] r, int ri) {
        final int S = Fq12.SIZE;
        // slots: 0 t1, 1 fp, 2 fp2, 3 fp3, 4 fu, 5 fu2, 6 fu3, 7 y3, 8 fu2p, 9 fu3p, 10 y2, 11 tmp
        long[] v = new long[12 * S];
        long[] s = new long[Fq12.SCRATCH];
        // easy part: t1 = f^(q⁶ − 1) = conj(f)/f, then t1 ← t1^(q² + 1)
        Fq12.inverse(f, fi, v, 11 * S, s, 0);
        Fq12.conj(f, fi, v, 0);
        Fq12.mul(v, 0, v, 11 * S, v, 0, s, 0);
        Fq12.frobenius(v, 0, 2, v, 11 * S, s, 0);
        Fq12.mul(v, 0, v, 11 * S, v, 0, s, 0);
        // hard part (Scott et al. 2009): y0 = fp·fp2·fp3, y1 = conj(t1), y2 = fu2^(q²),
        // y3 = conj(fu^q), y4 = conj(fu·fu2^q), y5 = conj(fu2), y6 = conj(fu3·fu3^q)
        Fq12.frobenius(v, 0, 1, v, S, s, 0);
        Fq12.frobenius(v, 0, 2, v, 2 * S, s, 0);
        Fq12.frobenius(v, 0, 3, v, 3 * S, s, 0);
        expByX(v, 0, v, 4 * S, s);
        expByX(v, 4 * S, v, 5 * S, s);
        expByX(v, 5 * S, v, 6 * S, s);
        Fq12.frobenius(v, 4 * S, 1, v, 7 * S, s, 0);
        Fq12.frobenius(v, 5 * S, 1, v, 8 * S, s, 0);
        Fq12.frobenius(v, 6 * S, 1, v, 9 * S, s, 0);
        Fq12.frobenius(v, 5 * S, 2, v, 10 * S, s, 0);
        final int y0 = S, y1 = 0, y2 = 10 * S, y3 = 7 * S, y4 = 8 * S, y5 = 5 * S, y6 = 9 * S;
        Fq12.mul(v, S, v, 2 * S, v, y0, s, 0);
        Fq12.mul(v, y0, v, 3 * S, v, y0, s, 0);
        Fq12.conj(v, 0, v, y1);
        Fq12.conj(v, 7 * S, v, y3);
        Fq12.mul(v, 4 * S, v, 8 * S, v, y4, s, 0);
        Fq12.conj(v, y4, v, y4);
        Fq12.conj(v, 5 * S, v, y5);
        Fq12.mul(v, 6 * S, v, 9 * S, v, y6, s, 0);
        Fq12.conj(v, y6, v, y6);
        // t0 = y6²·y4·y5; t1 = y3·y5·t0; t0 = t0·y2; t1 = (t1²·t0)²; t0 = t1·y1; t1 = t1·y0;
        // result = t0²·t1
        final int t0 = 2 * S, tt = 3 * S, tmp = 11 * S;
        Fq12.cyclotomicSqr(v, y6, v, t0, s, 0);
        Fq12.mul(v, t0, v, y4, v, t0, s, 0);
        Fq12.mul(v, t0, v, y5, v, t0, s, 0);
        Fq12.mul(v, y3, v, y5, v, tt, s, 0);
        Fq12.mul(v, tt, v, t0, v, tt, s, 0);
        Fq12.mul(v, t0, v, y2, v, t0, s, 0);
        Fq12.cyclotomicSqr(v, tt, v, tt, s, 0);
        Fq12.mul(v, tt, v, t0, v, tt, s, 0);
        Fq12.cyclotomicSqr(v, tt, v, tt, s, 0);
        Fq12.mul(v, tt, v, y1, v, t0, s, 0);
        Fq12.mul(v, tt, v, y0, v, tmp, s, 0);
        Fq12.cyclotomicSqr(v, t0, v, t0, s, 0);
        Fq12.mul(v, t0, v, tmp, r, ri, s, 0);
    }

    /** r = a^x for a in the cyclotomic subgroup, over the NAF of x (conj = inverse there). */
    private static void expByX(long[] a, int ai, long[] r, int ri, long[] s) {
        long[] inv = new long[Fq12.SIZE], acc = new long[Fq12.SIZE];
        Fq12.conj(a, ai, inv, 0);
        Fq12.copy(a, ai, acc, 0);                       // top NAF digit is 1
        for (int i = X_NAF.length - 2; i >= 0; i--) {
            Fq12.cyclotomicSqr(acc, 0, acc, 0, s, 0);
            if (X_NAF[i] == 1) Fq12.mul(acc, 0, a, ai, acc, 0, s, 0);
            else if (X_NAF[i] == -1) Fq12.mul(acc, 0, inv, 0, acc, 0, s, 0);
        }
        Fq12.copy(acc, 0, r, ri);
    }
}
