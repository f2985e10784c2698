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
 * Every polynomial is evaluated on the coset g·H_{8n} (g = 7), where Z_H(x) = xⁿ − 1 takes only
 * the 8 values g^n·ω_8^j − 1 and never vanishes; N is divided pointwise and interpolated back.
 * z(ωx) at coset point i is z at coset point i + 8, since ω = ω_{8n}^8. The key's polynomials
 * are evaluated once per prover ({@link #fixedEvaluations}). A witness that violates a gate makes N not divisible by Z_H,
 * which shows up as nonzero coefficients above degree 3n+5.
 */
final class Quotient {
    private static final Field F = Field.FR;

    interface CosetEval { long[] apply(long[] coeffs, int len, int log); }
    interface InPlace { void apply(long[] data, int log); }

    private final ProvingKey pk;
    private final CosetEval cosetEval;
    private final InPlace cosetIntt, intt;

    Quotient(ProvingKey pk, CosetEval cosetEval, InPlace cosetIntt, InPlace intt) {
        this.pk = pk; this.cosetEval = cosetEval; this.cosetIntt = cosetIntt; this.intt = intt;
    }

    /**
     * Coset evaluations of the fixed polynomials Qm, Ql, Qr, Qo, Qc, S1, S2, S3, L_1: they depend
     * only on the key, so a prover computes them once (as snarkjs keeps 4n-point evaluations in
     * its zkey).
     */
    static long[][] fixedEvaluations(ProvingKey pk, CosetEval cosetEval) {
        final int n = pk.n, log8 = pk.power + 3;
        long[][] out = new long[9][];
        for (int k = 0; k < 5; k++) out[k] = cosetEval.apply(pk.selectors[k], n, log8);
        for (int k = 0; k < 3; k++) out[5 + k] = cosetEval.apply(pk.sigmaCoefficients[k], n, log8);
        // L_1 = (1/n)·(1 + X + … + X^{n−1})
        long[] l1 = F.newVector(n);
        long[] invN = new long[4];
        F.inverse(F.fromLong(n), 0, invN, 0);
        for (int i = 0; i < n; i++) Field.copy(invN, 0, l1, 4 * i);
        out[8] = cosetEval.apply(l1, n, log8);
        return out;
    }

    long[] compute(long[][] fixed, long[][] wire, long[] z, long[] pub, long[] alpha, long[] beta, long[] gamma) {
        final int n = pk.n, log8 = pk.power + 3, n8 = n << 3;
        long[] a = cosetEval.apply(wire[0], n + 2, log8);
        long[] b = cosetEval.apply(wire[1], n + 2, log8);
        long[] c = cosetEval.apply(wire[2], n + 2, log8);
        long[] ze = cosetEval.apply(z, n + 3, log8);
        // PI in coefficient form (PI_i = −x_{i+1} on the public rows), then on the coset
        long[] pi = F.newVector(n);
        for (int j = 0; j < pk.nPublic; j++) F.neg(pub, 4 * j, pi, 4 * j);
        intt.apply(pi, pk.power);
        long[] pie = cosetEval.apply(pi, n, log8);
        final long[] qm = fixed[0], ql = fixed[1], qr = fixed[2], qo = fixed[3], qc = fixed[4];
        final long[] s1 = fixed[5], s2 = fixed[6], s3 = fixed[7], l1e = fixed[8];

        // 1/Z_H on the coset: x^n = g^n·ω_8^j for x = g·ω_{8n}^i, j = i mod 8
        long[] zhInv = F.newVector(8);
        long[] gn = new long[4], w8 = Domain.rootOfUnity(3);
        F.pow(Prover.COSET_SHIFT, 0, BigInteger.valueOf(n), gn, 0);
        long[] one = F.one();
        for (int j = 0; j < 8; j++) {
            F.sub(gn, 0, one, 0, zhInv, 4 * j);
            F.mul(gn, 0, w8, 0, gn, 0);
        }
        F.batchInverse(zhInv, 0, 8, new long[32]);
        long[] w8n = Domain.rootOfUnity(log8);
        long[] bk1 = new long[4], bk2 = new long[4], alpha2 = new long[4];
        F.mul(beta, 0, pk.k1, 0, bk1, 0);
        F.mul(beta, 0, pk.k2, 0, bk2, 0);
        F.sqr(alpha, 0, alpha2, 0);
        long[] out = pie; // written at i only after pie[i] was read

        Polys.parallel(n8, (from, to) -> {
            long[] x = new long[4], t = new long[4], u = new long[4], acc = new long[4], p1 = new long[4], p2 = new long[4];
            F.pow(w8n, 0, BigInteger.valueOf(from), x, 0);
            F.mul(x, 0, Prover.COSET_SHIFT, 0, x, 0);
            for (int i = from; i < to; i++) {
                int o = 4 * i, ow = 4 * ((i + 8) & (n8 - 1));
                // gates: a·b·qm + a·ql + b·qr + c·qo + qc(+PI)
                F.mul(a, o, b, o, t, 0);
                F.mul(t, 0, qm, o, acc, 0);
                F.mul(a, o, ql, o, t, 0); F.add(acc, 0, t, 0, acc, 0);
                F.mul(b, o, qr, o, t, 0); F.add(acc, 0, t, 0, acc, 0);
                F.mul(c, o, qo, o, t, 0); F.add(acc, 0, t, 0, acc, 0);
                F.add(acc, 0, qc, o, acc, 0);
                F.add(acc, 0, pie, o, acc, 0);
                // permutation: (a+βx+γ)(b+βk1x+γ)(c+βk2x+γ)·z − (a+βS1+γ)(b+βS2+γ)(c+βS3+γ)·z(ωx)
                lin(a, o, beta, x, gamma, p1, t);
                lin(b, o, bk1, x, gamma, u, t); F.mul(p1, 0, u, 0, p1, 0);
                lin(c, o, bk2, x, gamma, u, t); F.mul(p1, 0, u, 0, p1, 0);
                F.mul(p1, 0, ze, o, p1, 0);
                lin(a, o, beta, s1, o, gamma, p2, t);
                lin(b, o, beta, s2, o, gamma, u, t); F.mul(p2, 0, u, 0, p2, 0);
                lin(c, o, beta, s3, o, gamma, u, t); F.mul(p2, 0, u, 0, p2, 0);
                F.mul(p2, 0, ze, ow, p2, 0);
                F.sub(p1, 0, p2, 0, p1, 0);
                F.mul(p1, 0, alpha, 0, p1, 0);
                F.add(acc, 0, p1, 0, acc, 0);
                // α²·(z − 1)·L_1
                F.sub(ze, o, one, 0, t, 0);
                F.mul(t, 0, l1e, o, t, 0);
                F.mul(t, 0, alpha2, 0, t, 0);
                F.add(acc, 0, t, 0, acc, 0);
                F.mul(acc, 0, zhInv, 4 * (i & 7), out, o);
                F.mul(x, 0, w8n, 0, x, 0);
            }
        });
        cosetIntt.apply(out, log8);
        for (int i = 3 * n + 6; i < n8; i++) {
            if (!Field.isZero(out, 4 * i)) {
                throw new IllegalStateException("the witness does not satisfy the circuit's gates (the constraint polynomial is not divisible by Z_H)");
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
