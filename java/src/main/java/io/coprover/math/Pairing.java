package io.coprover.math;

import java.math.BigInteger;
import java.util.Arrays;

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
 * k-pair check pays one squaring per step and one final exponentiation. A G2 point used again
 * and again (a verification key's) can be {@link #prepare}d: its lines are computed once and
 * normalised to constant term 1, so each costs 10 instead of 13 Fq2 multiplications to apply and
 * no point arithmetic is left in the loop.
 *
 * <p>Final exponentiation: {@link FinalExponentiation}.
 */
public final class Pairing {
    /** The BN parameter x. */
    public static final BigInteger X = new BigInteger("4965661367192848881");
    /** Digits of 6x + 2 in non-adjacent form, least significant first. */
    private static final int[] LOOP = G2.naf(X.multiply(BigInteger.valueOf(6)).add(BigInteger.TWO));

    private static final Field F = Field.FQ;
    /** 1/2 in Fq. */
    private static final long[] HALF =
            F.fromBigInteger(F.modulus.add(BigInteger.ONE).shiftRight(1));

    // scratch layout of one pairing computation (one long[] per call, so calls are thread-safe)
    private static final int S_LINE = 0; // line coefficients r0, r1, r2 (3 Fq2)
    private static final int S_Q1 = 24; // π(Q) / −π²(Q) affine
    private static final int S_STEP = 40; // step temporaries (13 Fq2)
    private static final int S_SUB = 144; // scratch for Fq2 / Fq12 calls
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
        rejectZero(f);
        long[] r = new long[Fq12.SIZE];
        FinalExponentiation.apply(f, 0, r, 0);
        return r;
    }

    /**
     * True when Π e(g1s[i], g2s[i]) = 1: one shared Miller loop, one final exponentiation. Pairs
     * with a point at infinity contribute 1 and are skipped; an empty product is 1.
     */
    public static boolean pairingCheck(long[][] g1s, long[][] g2s) {
        return isOneAfterFinalExp(millerLoop(g1s, g2s));
    }

    /**
     * {@link #pairingCheck(long[][], long[][])} with G2 points prepared once by {@link #prepare}:
     * for fixed G2 points (a verification key's), the point arithmetic of the Miller loop is done
     * ahead of time and each line costs less to apply.
     */
    public static boolean pairingCheck(long[][] g1s, G2Prepared[] g2s) {
        if (g1s.length != g2s.length) {
            throw new IllegalArgumentException(
                    "pairing: " + g1s.length + " G1 points but " + g2s.length + " G2 points");
        }
        return isOneAfterFinalExp(miller(g1s, new long[g1s.length][], g2s));
    }

    private static boolean isOneAfterFinalExp(long[] f) {
        rejectZero(f);
        FinalExponentiation.apply(f, 0, f, 0);
        return Fq12.isOne(f, 0);
    }

    /**
     * Π f_i, the product of the optimal ate Miller loop values before the final exponentiation,
     * up to factors in proper subfields of Fq12 (the lines' scaling), which that exponentiation
     * removes.
     */
    public static long[] millerLoop(long[][] g1s, long[][] g2s) {
        if (g1s.length != g2s.length) {
            throw new IllegalArgumentException(
                    "pairing: " + g1s.length + " G1 points but " + g2s.length + " G2 points");
        }
        for (int i = 0; i < g2s.length; i++) {
            if (g2s[i].length != G2.AFFINE)
                throw new IllegalArgumentException("pairing: G2 point " + i + " must be 16 longs");
            // a cheap sanity check; subgroup membership is the decoder's job (G2.decode, Eip197)
            if (!G2.isOnCurve(g2s[i], 0))
                throw new IllegalArgumentException("pairing: G2 point " + i + " is not on the twist");
        }
        // the generator of G2 is in almost every check (KZG: e(A, [τ]₂)·e(B, [1]₂) = 1): its
        // lines are prepared once per process
        G2Prepared[] pre = new G2Prepared[g1s.length];
        for (int i = 0; i < g2s.length; i++) {
            if (Arrays.equals(g2s[i], GeneratorLines.POINT)) pre[i] = GeneratorLines.LINES;
        }
        return miller(g1s, g2s, pre);
    }

    /**
     * A zero Miller value means a vanishing line: T met ±Q inside the loop, which happens only
     * for a G2 point of small order, never for one in G2.
     */
    private static void rejectZero(long[] f) {
        for (long l : f) if (l != 0) return;
        throw new IllegalArgumentException(
                "pairing: a G2 point is not in the order-r subgroup (a Miller line vanished)");
    }

    /** The prepared lines of the G2 generator, made on first use. */
    private static final class GeneratorLines {
        static final long[] POINT = G2.GENERATOR.clone();
        static final G2Prepared LINES = prepare(POINT);
    }

    /**
     * The shared Miller loop. Pair i has its G2 point either affine in g2s[i] (lines computed on
     * the fly) or prepared in pre[i]; prepared lines are read in the order the loop makes them.
     */
    private static long[] miller(long[][] g1s, long[][] g2s, G2Prepared[] pre) {
        int n = 0;
        for (int i = 0; i < g1s.length; i++) {
            if (g1s[i].length != G1.SIZE)
                throw new IllegalArgumentException("pairing: G1 point " + i + " must be 8 longs");
            if (!G1.isOnCurve(g1s[i], 0))
                throw new IllegalArgumentException("pairing: G1 point " + i + " is not on the curve");
            if (pre[i] == null && g2s[i] == null)
                throw new IllegalArgumentException("pairing: G2 point " + i + " is missing");
            if (!skip(g1s[i], g2s[i], pre[i])) n++;
        }
        long[] f = Fq12.one();
        if (n == 0) return f;
        // the pairs that contribute: p = P; then q = Q, qNeg = −Q, t = T (projective) on the fly,
        // or lines = the prepared lines, applied with xOverY = xP/yP and yInv = 1/yP
        long[][] p = new long[n][], q = new long[n][], qNeg = new long[n][], t = new long[n][], lines = new long[n][];
        long[] yInv = new long[4 * n];
        boolean anyPrepared = false;
        for (int i = 0, k = 0; i < g1s.length; i++) {
            if (skip(g1s[i], g2s[i], pre[i])) continue;
            p[k] = g1s[i];
            Field.copy(p[k], 4, yInv, 4 * k);
            if (pre[i] != null) {
                anyPrepared = true;
                lines[k] = pre[i].lines;
            } else {
                q[k] = g2s[i];
                qNeg[k] = new long[G2.AFFINE];
                G2.negAffine(q[k], 0, qNeg[k], 0);
                t[k] = new long[G2.JACOBIAN];
                System.arraycopy(q[k], 0, t[k], 0, G2.AFFINE);
                Fq2.setOne(t[k], 16);
            }
            k++;
        }
        long[] xOverY = new long[4 * n];
        if (anyPrepared) {
            F.batchInverse(yInv); // yP ≠ 0: G1 has odd order, so no point with y = 0
            for (int k = 0; k < n; k++) F.mul(p[k], 0, yInv, 4 * k, xOverY, 4 * k);
        }
        long[] s = new long[S_TOTAL];
        int li = 0; // index of the next prepared line (16 longs each)
        for (int i = LOOP.length - 2; i >= 0; i--) {
            if (i != LOOP.length - 2) Fq12.sqr(f, 0, f, 0, s, S_SUB);
            for (int k = 0; k < n; k++) {
                if (lines[k] != null) {
                    evalPrepared(f, lines[k], li, xOverY, yInv, k, s);
                    if (LOOP[i] != 0) evalPrepared(f, lines[k], li + 1, xOverY, yInv, k, s);
                } else {
                    doubleStep(t[k], s);
                    evalLine(f, p[k], s);
                    if (LOOP[i] != 0) {
                        addStep(t[k], LOOP[i] > 0 ? q[k] : qNeg[k], 0, s, true);
                        evalLine(f, p[k], s);
                    }
                }
            }
            li += LOOP[i] != 0 ? 2 : 1;
        }
        for (int k = 0; k < n; k++) {
            if (lines[k] != null) {
                evalPrepared(f, lines[k], li, xOverY, yInv, k, s);
                evalPrepared(f, lines[k], li + 1, xOverY, yInv, k, s);
            } else {
                finalLines(q[k], t[k], s, f, p[k]);
            }
        }
        return f;
    }

    private static boolean skip(long[] g1, long[] g2, G2Prepared pre) {
        return G1.isInfinity(g1, 0) || (pre != null ? pre.lines == null : G2.isInfinity(g2, 0));
    }

    /**
     * The two lines after the loop, applied to f: T ← T + π(Q) with its line, and the line
     * through T and −π²(Q).
     */
    private static void finalLines(long[] q, long[] t, long[] s, long[] f, long[] p) {
        // π(Q) on the twist: ψ(Q) = (conj(x)·ξ^((q−1)/3), conj(y)·ξ^((q−1)/2))
        G2.psi(q, 0, s, S_Q1, s, S_SUB);
        addStep(t, s, S_Q1, s, true);
        evalLine(f, p, s);
        negPsi2(q, s);
        addStep(t, s, S_Q1, s, false);
        evalLine(f, p, s);
    }

    /** s[S_Q1] = −π²(Q) = (x·γ_{2,2}, −y·γ_{2,3}). */
    private static void negPsi2(long[] q, long[] s) {
        Fq2.mul(q, 0, Fq12.GAMMA[2][2], 0, s, S_Q1, s, S_SUB);
        Fq2.mul(q, 8, Fq12.GAMMA[2][3], 0, s, S_Q1 + 8, s, S_SUB);
        Fq2.neg(s, S_Q1 + 8, s, S_Q1 + 8);
    }

    /**
     * f ← f · (1 + d3·(xP/yP)·w + d4·(1/yP)·w³) for the prepared line (d3, d4) = (r1/r0, r2/r0):
     * the line r0·yP + r1·xP·w + r2·w³ divided by r0·yP, a factor in Fq2 that the final
     * exponentiation removes.
     */
    private static void evalPrepared(long[] f, long[] lines, int li, long[] xOverY, long[] yInv, int k, long[] s) {
        Fq2.mulByFq(lines, 16 * li, xOverY, 4 * k, s, S_LINE);
        Fq2.mulByFq(lines, 16 * li + 8, yInv, 4 * k, s, S_LINE + 8);
        Fq12.mulBy34(f, 0, s, S_LINE, S_LINE + 8, f, 0, s, S_SUB);
    }

    /** A G2 point with the lines of its Miller loop precomputed (see {@link #prepare}). */
    public static final class G2Prepared {
        /** (r1/r0, r2/r0) per line, 16 longs each, in loop order; null for the point at infinity. */
        final long[] lines;

        private G2Prepared(long[] lines) {
            this.lines = lines;
        }

        /** True when this is the point at infinity (its pairings are 1). */
        public boolean isInfinity() {
            return lines == null;
        }
    }

    /**
     * Precomputes the Miller-loop lines of a G2 point (affine, 16 longs), each normalised to
     * constant term 1 (one batched Fq2 inversion). The point must be on the twist; as with
     * {@link #pairingCheck(long[][], long[][])} its subgroup membership is the caller's to check.
     */
    public static G2Prepared prepare(long[] g2) {
        if (g2.length != G2.AFFINE) throw new IllegalArgumentException("pairing: G2 point must be 16 longs");
        if (!G2.isOnCurve(g2, 0)) throw new IllegalArgumentException("pairing: G2 point is not on the twist");
        if (G2.isInfinity(g2, 0)) return new G2Prepared(null);
        int count = 2;
        for (int i = LOOP.length - 2; i >= 0; i--) count += LOOP[i] != 0 ? 2 : 1;
        long[] r0 = new long[8 * count], lines = new long[16 * count];
        long[] qNeg = new long[G2.AFFINE], t = new long[G2.JACOBIAN], s = new long[S_TOTAL];
        G2.negAffine(g2, 0, qNeg, 0);
        G2.fromAffine(g2, 0, t, 0);
        int li = 0;
        for (int i = LOOP.length - 2; i >= 0; i--) {
            doubleStep(t, s);
            li = keepLine(s, r0, lines, li);
            if (LOOP[i] != 0) {
                addStep(t, LOOP[i] > 0 ? g2 : qNeg, 0, s, true);
                li = keepLine(s, r0, lines, li);
            }
        }
        G2.psi(g2, 0, s, S_Q1, s, S_SUB);
        addStep(t, s, S_Q1, s, true);
        li = keepLine(s, r0, lines, li);
        negPsi2(g2, s);
        addStep(t, s, S_Q1, s, false);
        keepLine(s, r0, lines, li);
        // Montgomery batch inversion of the r0 (never zero for Q in G2: 2YZ and L vanish only at
        // T = ±Q or 2-torsion)
        long[] acc = new long[8], prefix = new long[8 * count], tmp = new long[8];
        Fq2.setOne(acc, 0);
        for (int i = 0; i < count; i++) {
            if (Fq2.isZero(r0, 8 * i)) {
                throw new IllegalArgumentException(
                        "pairing: G2 point is not in the order-r subgroup (a Miller line vanished)");
            }
            Fq2.copy(acc, 0, prefix, 8 * i);
            Fq2.mul(acc, 0, r0, 8 * i, acc, 0, s, S_SUB);
        }
        Fq2.inverse(acc, 0, acc, 0, s, S_SUB);
        for (int i = count - 1; i >= 0; i--) {
            Fq2.mul(acc, 0, prefix, 8 * i, tmp, 0, s, S_SUB); // 1/r0_i
            Fq2.mul(acc, 0, r0, 8 * i, acc, 0, s, S_SUB);
            Fq2.mul(lines, 16 * i, tmp, 0, lines, 16 * i, s, S_SUB);
            Fq2.mul(lines, 16 * i + 8, tmp, 0, lines, 16 * i + 8, s, S_SUB);
        }
        return new G2Prepared(lines);
    }

    /** Stores the line at s[S_LINE]: r0 aside, (r1, r2) as line li. */
    private static int keepLine(long[] s, long[] r0, long[] lines, int li) {
        Fq2.copy(s, S_LINE, r0, 8 * li);
        Fq2.copy(s, S_LINE + 8, lines, 16 * li);
        Fq2.copy(s, S_LINE + 16, lines, 16 * li + 8);
        return li + 1;
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
        final int a = S_STEP,
                b = a + 8,
                c = a + 16,
                e = a + 24,
                ff = a + 32,
                g = a + 40,
                h = a + 48,
                j = a + 56,
                sc = S_SUB;
        Fq2.mul(t, 0, t, 8, s, a, s, sc);
        Fq2.mulByFq(s, a, HALF, 0, s, a); // A = XY/2
        Fq2.sqr(t, 8, s, b, s, sc); // B = Y²
        Fq2.sqr(t, 16, s, c, s, sc); // C = Z²
        Fq2.dbl(s, c, s, e);
        Fq2.add(s, e, s, c, s, e);
        Fq2.mul(s, e, G2.B_TWIST, 0, s, e, s, sc); // E = 3b'·Z²
        Fq2.dbl(s, e, s, ff);
        Fq2.add(s, ff, s, e, s, ff); // F = 3E
        Fq2.add(s, b, s, ff, s, g);
        Fq2.mulByFq(s, g, HALF, 0, s, g); // G = (B + F)/2
        Fq2.add(t, 8, t, 16, s, h);
        Fq2.sqr(s, h, s, h, s, sc);
        Fq2.sub(s, h, s, b, s, h);
        Fq2.sub(s, h, s, c, s, h); // H = 2YZ
        Fq2.sqr(t, 0, s, j, s, sc); // J = X²
        // line
        Fq2.neg(s, h, s, S_LINE);
        Fq2.dbl(s, j, s, S_LINE + 8);
        Fq2.add(s, S_LINE + 8, s, j, s, S_LINE + 8);
        Fq2.sub(s, e, s, b, s, S_LINE + 16);
        // point
        Fq2.sub(s, b, s, ff, t, 0);
        Fq2.mul(t, 0, s, a, t, 0, s, sc); // X' = A(B − F)
        Fq2.mul(s, b, s, h, t, 16, s, sc); // Z' = B·H
        Fq2.sqr(s, e, s, c, s, sc);
        Fq2.dbl(s, c, s, j);
        Fq2.add(s, j, s, c, s, j); // 3E²
        Fq2.sqr(s, g, t, 8, s, sc);
        Fq2.sub(t, 8, s, j, t, 8); // Y' = G² − 3E²
    }

    /**
     * The chord through T and the affine point Q (at qa[qo]) and, when {@code update}, T ← T + Q
     * (mixed addition in homogeneous coordinates). With O = Y − yQ·Z, L = X − xQ·Z the line is
     * L·(yP − λxP·w + (λxQ − yQ)·w³), λ = O/L: r0 = L, r1 = −O, r2 = xQ·O − yQ·L.
     * T ≠ ±Q throughout the loop (T = [k]Q with 1 < k < r), so L ≠ 0.
     */
    private static void addStep(long[] t, long[] qa, int qo, long[] s, boolean update) {
        final int o = S_STEP,
                l = o + 8,
                c = o + 16,
                d = o + 24,
                e = o + 32,
                ff = o + 40,
                g = o + 48,
                h = o + 56,
                u = o + 64,
                sc = S_SUB;
        Fq2.mul(qa, qo + 8, t, 16, s, o, s, sc);
        Fq2.sub(t, 8, s, o, s, o); // O = Y − yQ·Z
        Fq2.mul(qa, qo, t, 16, s, l, s, sc);
        Fq2.sub(t, 0, s, l, s, l); // L = X − xQ·Z
        // line
        Fq2.copy(s, l, s, S_LINE);
        Fq2.neg(s, o, s, S_LINE + 8);
        Fq2.mul(qa, qo, s, o, s, S_LINE + 16, s, sc);
        Fq2.mul(qa, qo + 8, s, l, s, u, s, sc);
        Fq2.sub(s, S_LINE + 16, s, u, s, S_LINE + 16);
        if (!update) return;
        Fq2.sqr(s, o, s, c, s, sc); // C = O²
        Fq2.sqr(s, l, s, d, s, sc); // D = L²
        Fq2.mul(s, l, s, d, s, e, s, sc); // E = L³
        Fq2.mul(t, 16, s, c, s, ff, s, sc); // F = Z·C
        Fq2.mul(t, 0, s, d, s, g, s, sc); // G = X·D
        Fq2.add(s, e, s, ff, s, h);
        Fq2.sub(s, h, s, g, s, h);
        Fq2.sub(s, h, s, g, s, h); // H = E + F − 2G
        Fq2.mul(t, 8, s, e, s, u, s, sc); // Y·E
        Fq2.mul(s, l, s, h, t, 0, s, sc); // X' = L·H
        Fq2.sub(s, g, s, h, s, g);
        Fq2.mul(s, g, s, o, t, 8, s, sc);
        Fq2.sub(t, 8, s, u, t, 8); // Y' = O(G − H) − Y·E
        Fq2.mul(s, e, t, 16, t, 16, s, sc); // Z' = E·Z
    }
}
