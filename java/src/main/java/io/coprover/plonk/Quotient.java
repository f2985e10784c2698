package io.coprover.plonk;

import io.coprover.math.Field;
import java.math.BigInteger;

/**
 * Round 3 of the prover: the quotient t(X) = N(X) / Z_H(X), where (GWC19 round 3, snarkjs's sign
 * conventions)
 * <pre>
 * N = a·b·Qm + a·Ql + b·Qr + c·Qo + Qc + PI
 *   + α·[(a + βX + γ)(b + βk1X + γ)(c + βk2X + γ)·z(X) − (a + βS1 + γ)(b + βS2 + γ)(c + βS3 + γ)·z(ωX)]
 *   + α²·(z − 1)·L_1
 * </pre>
 * Every polynomial is evaluated on the coset g·H_{4n} (g = 7), where Z_H(x) = xⁿ − 1 takes only
 * the 4 values g^n·ω_4^j − 1 and never vanishes; N is divided pointwise and t interpolated back.
 * Although deg N = 4n+5 exceeds 4n, N itself is never interpolated: each factor (degree ≤ n+2)
 * is exact on 4n points, so N(x)/Z_H(x) is exactly t(x) there, and deg t ≤ 3n+5 &lt; 4n.
 * z(ωx) at coset point i is z at coset point i + 4, since ω = ω_{4n}^4. The key's polynomials
 * are evaluated once per prover ({@link #fixedEvaluations}). A witness that violates a gate makes N not divisible by Z_H,
 * which shows up as nonzero coefficients above degree 3n+5.
 */
final class Quotient {
    private static final Field F = Field.FR;

    /** The evaluation domain is the coset 7·H_{n·2^EXT_LOG} (see the class note for why 4n suffices). */
    static final int EXT_LOG = 2;

    interface CosetEval {
        long[] apply(long[] coeffs, int len, int log);
    }

    interface InPlace {
        void apply(long[] data, int log);
    }

    private final ProvingKey pk;
    private final CosetEval cosetEval;
    private final InPlace cosetIntt, intt;

    Quotient(ProvingKey pk, CosetEval cosetEval, InPlace cosetIntt, InPlace intt) {
        this.pk = pk;
        this.cosetEval = cosetEval;
        this.cosetIntt = cosetIntt;
        this.intt = intt;
    }

    /**
     * Coset evaluations of the fixed polynomials Qm, Ql, Qr, Qo, Qc, S1, S2, S3, L_1: they depend
     * only on the key, so a prover computes them once (as snarkjs keeps 4n-point evaluations in
     * its zkey).
     */
    static long[][] fixedEvaluations(ProvingKey pk, CosetEval cosetEval) {
        final int n = pk.n, logE = pk.power + EXT_LOG;
        long[][] out = new long[9][];
        for (int k = 0; k < 5; k++) out[k] = cosetEval.apply(pk.selectors[k], n, logE);
        for (int k = 0; k < 3; k++) out[5 + k] = cosetEval.apply(pk.sigmaCoefficients[k], n, logE);
        // L_1 = (1/n)·(1 + X + … + X^{n−1})
        long[] l1 = F.newVector(n);
        long[] invN = new long[4];
        F.inverse(F.fromLong(n), 0, invN, 0);
        for (int i = 0; i < n; i++) Field.copy(invN, 0, l1, 4 * i);
        out[8] = cosetEval.apply(l1, n, logE);
        return out;
    }

    long[] compute(long[][] fixed, long[][] wire, long[] z, long[] pub, long[] alpha, long[] beta, long[] gamma) {
        final int n = pk.n, logE = pk.power + EXT_LOG, nE = n << EXT_LOG;
        long[] a = cosetEval.apply(wire[0], n + 2, logE);
        long[] b = cosetEval.apply(wire[1], n + 2, logE);
        long[] c = cosetEval.apply(wire[2], n + 2, logE);
        long[] ze = cosetEval.apply(z, n + 3, logE);
        // PI in coefficient form (PI_i = −x_{i+1} on the public rows), then on the coset
        long[] pi = F.newVector(n);
        for (int j = 0; j < pk.nPublic; j++) F.neg(pub, 4 * j, pi, 4 * j);
        intt.apply(pi, pk.power);
        long[] pie = cosetEval.apply(pi, n, logE);
        final long[] qm = fixed[0], ql = fixed[1], qr = fixed[2], qo = fixed[3], qc = fixed[4];
        final long[] s1 = fixed[5], s2 = fixed[6], s3 = fixed[7], l1e = fixed[8];

        // 1/Z_H on the coset: x^n = g^n·ω_E^j for x = g·ω_{En}^i, j = i mod E (E = 2^EXT_LOG)
        final int ext = 1 << EXT_LOG;
        long[] zhInv = F.newVector(ext);
        long[] gn = new long[4], wE = Domain.rootOfUnity(EXT_LOG);
        F.pow(Prover.COSET_SHIFT, 0, BigInteger.valueOf(n), gn, 0);
        long[] one = F.one();
        for (int j = 0; j < ext; j++) {
            F.sub(gn, 0, one, 0, zhInv, 4 * j);
            F.mul(gn, 0, wE, 0, gn, 0);
        }
        F.batchInverse(zhInv, 0, ext, new long[4 * ext]);
        long[] wEn = Domain.rootOfUnity(logE);
        long[] bk1 = new long[4], bk2 = new long[4], alpha2 = new long[4];
        F.mul(beta, 0, pk.k1, 0, bk1, 0);
        F.mul(beta, 0, pk.k2, 0, bk2, 0);
        F.sqr(alpha, 0, alpha2, 0);
        long[] out = pie; // written at i only after pie[i] was read

        Polys.parallel(nE, (from, to) -> {
            long[] x = new long[4],
                    t = new long[4],
                    u = new long[4],
                    acc = new long[4],
                    p1 = new long[4],
                    p2 = new long[4];
            F.pow(wEn, 0, BigInteger.valueOf(from), x, 0);
            F.mul(x, 0, Prover.COSET_SHIFT, 0, x, 0);
            for (int i = from; i < to; i++) {
                int o = 4 * i, ow = 4 * ((i + ext) & (nE - 1));
                // gates: a·b·qm + a·ql + b·qr + c·qo + qc(+PI)
                F.mul(a, o, b, o, t, 0);
                F.mul(t, 0, qm, o, acc, 0);
                F.mul(a, o, ql, o, t, 0);
                F.add(acc, 0, t, 0, acc, 0);
                F.mul(b, o, qr, o, t, 0);
                F.add(acc, 0, t, 0, acc, 0);
                F.mul(c, o, qo, o, t, 0);
                F.add(acc, 0, t, 0, acc, 0);
                F.add(acc, 0, qc, o, acc, 0);
                F.add(acc, 0, pie, o, acc, 0);
                // permutation: (a+βx+γ)(b+βk1x+γ)(c+βk2x+γ)·z − (a+βS1+γ)(b+βS2+γ)(c+βS3+γ)·z(ωx)
                lin(a, o, beta, x, gamma, p1, t);
                lin(b, o, bk1, x, gamma, u, t);
                F.mul(p1, 0, u, 0, p1, 0);
                lin(c, o, bk2, x, gamma, u, t);
                F.mul(p1, 0, u, 0, p1, 0);
                F.mul(p1, 0, ze, o, p1, 0);
                lin(a, o, beta, s1, o, gamma, p2, t);
                lin(b, o, beta, s2, o, gamma, u, t);
                F.mul(p2, 0, u, 0, p2, 0);
                lin(c, o, beta, s3, o, gamma, u, t);
                F.mul(p2, 0, u, 0, p2, 0);
                F.mul(p2, 0, ze, ow, p2, 0);
                F.sub(p1, 0, p2, 0, p1, 0);
                F.mul(p1, 0, alpha, 0, p1, 0);
                F.add(acc, 0, p1, 0, acc, 0);
                // α²·(z − 1)·L_1
                F.sub(ze, o, one, 0, t, 0);
                F.mul(t, 0, l1e, o, t, 0);
                F.mul(t, 0, alpha2, 0, t, 0);
                F.add(acc, 0, t, 0, acc, 0);
                F.mul(acc, 0, zhInv, 4 * (i & (ext - 1)), out, o);
                F.mul(x, 0, wEn, 0, x, 0);
            }
        });
        cosetIntt.apply(out, logE);
        for (int i = 3 * n + 6; i < nE; i++) {
            if (!Field.isZero(out, 4 * i)) {
                throw new IllegalStateException(
                        "the witness does not satisfy the circuit's gates (the constraint polynomial is not divisible by Z_H)");
            }
        }
        return out;
    }

    /** out = w[o] + s·x + γ (x a single element). */
    private static void lin(long[] w, int o, long[] s, long[] x, long[] gamma, long[] out, long[] t) {
        F.mul(s, 0, x, 0, t, 0);
        F.add(t, 0, w, o, t, 0);
        F.add(t, 0, gamma, 0, out, 0);
    }

    /** out = w[o] + s·col[o] + γ. */
    private static void lin(long[] w, int o, long[] s, long[] col, int co, long[] gamma, long[] out, long[] t) {
        F.mul(s, 0, col, co, t, 0);
        F.add(t, 0, w, o, t, 0);
        F.add(t, 0, gamma, 0, out, 0);
    }
}
