package io.coprover.plonk;

import io.coprover.math.Field;

/**
 * The scalars shared by prover round 5 and the verifier (snarkjs 0.7.6, spec §4.5 and §5):
 * ξⁿ, Z_H(ξ) = ξⁿ − 1, L_1(ξ), PI(ξ) = −Σ x_j·L_j(ξ) with L_j(ξ) = ω^{j−1}(ξⁿ − 1)/(n(ξ − ω^{j−1})),
 * r0, and the coefficients of the linearisation
 * <pre>
 * R = ā·b̄·Qm + ā·Ql + b̄·Qr + c̄·Qo + Qc + cZ·z − cS3·S3 − Z_H(ξ)·(T1 + ξⁿ·T2 + ξ²ⁿ·T3) + r0
 * cZ  = α(ā+βξ+γ)(b̄+βk1ξ+γ)(c̄+βk2ξ+γ) + α²·L_1(ξ)
 * cS3 = α·β·z̄ω·(ā+βs̄1+γ)(b̄+βs̄2+γ)
 * r0  = PI(ξ) − α²·L_1(ξ) − α(ā+βs̄1+γ)(b̄+βs̄2+γ)(c̄+γ)·z̄ω
 * </pre>
 */
final class Linearisation {
    private static final Field F = Field.FR;

    final long[] xin = new long[4],
            xi2n = new long[4],
            zh = new long[4],
            l1 = new long[4],
            pi = new long[4],
            r0 = new long[4];
    final long[] cZ = new long[4], cS3 = new long[4];
    final long[] alpha, beta, gamma, xi, ea, eb, ec, es1, es2, ezw;
    private final int n;

    Linearisation(
            ProvingKey pk,
            long[] pub,
            long[] alpha,
            long[] beta,
            long[] gamma,
            long[] xi,
            long[] ea,
            long[] eb,
            long[] ec,
            long[] es1,
            long[] es2,
            long[] ezw) {
        this(pk.vk, pub, alpha, beta, gamma, xi, ea, eb, ec, es1, es2, ezw);
    }

    Linearisation(
            VerificationKey vk,
            long[] pub,
            long[] alpha,
            long[] beta,
            long[] gamma,
            long[] xi,
            long[] ea,
            long[] eb,
            long[] ec,
            long[] es1,
            long[] es2,
            long[] ezw) {
        this.alpha = alpha;
        this.beta = beta;
        this.gamma = gamma;
        this.xi = xi;
        this.ea = ea;
        this.eb = eb;
        this.ec = ec;
        this.es1 = es1;
        this.es2 = es2;
        this.ezw = ezw;
        this.n = vk.n();
        long[] one = F.one();
        Field.copy(xi, 0, xin, 0);
        for (int i = 0; i < vk.power; i++) F.sqr(xin, 0, xin, 0);
        F.sqr(xin, 0, xi2n, 0);
        F.sub(xin, 0, one, 0, zh, 0);
        // L_j(ξ) for j = 1..max(1, ℓ): numerators ω^{j−1}·Z_H(ξ), denominators n·(ξ − ω^{j−1})
        int count = Math.max(1, vk.nPublic);
        long[] den = F.newVector(count), num = F.newVector(count);
        long[] w = vk.omega(), wj = F.one(), nEl = F.fromLong(n);
        for (int j = 0; j < count; j++) {
            F.mul(wj, 0, zh, 0, num, 4 * j);
            F.sub(xi, 0, wj, 0, den, 4 * j);
            F.mul(den, 4 * j, nEl, 0, den, 4 * j);
            F.mul(wj, 0, w, 0, wj, 0);
        }
        for (int j = 0; j < count; j++) {
            if (Field.isZero(den, 4 * j)) throw new IllegalArgumentException("challenge xi hit a point of the domain");
        }
        F.batchInverse(den, 0, count, new long[4 * count]);
        long[] lj = new long[4], t = new long[4];
        for (int j = 0; j < count; j++) {
            F.mul(num, 4 * j, den, 4 * j, lj, 0);
            if (j == 0) Field.copy(lj, 0, l1, 0);
            if (j < vk.nPublic) {
                F.mul(lj, 0, pub, 4 * j, t, 0);
                F.sub(pi, 0, t, 0, pi, 0);
            }
        }
        long[] alpha2 = new long[4];
        F.sqr(alpha, 0, alpha2, 0);
        // cZ
        long[] bx = new long[4], p = new long[4];
        F.mul(beta, 0, xi, 0, bx, 0);
        sum3(ea, bx, gamma, p);
        F.mul(bx, 0, vk.k1, 0, t, 0);
        sum3(eb, t, gamma, t);
        F.mul(p, 0, t, 0, p, 0);
        F.mul(bx, 0, vk.k2, 0, t, 0);
        sum3(ec, t, gamma, t);
        F.mul(p, 0, t, 0, p, 0);
        F.mul(p, 0, alpha, 0, cZ, 0);
        F.mul(alpha2, 0, l1, 0, t, 0);
        F.add(cZ, 0, t, 0, cZ, 0);
        // (ā+βs̄1+γ)(b̄+βs̄2+γ)
        long[] ab = new long[4];
        F.mul(beta, 0, es1, 0, t, 0);
        sum3(ea, t, gamma, ab);
        F.mul(beta, 0, es2, 0, t, 0);
        sum3(eb, t, gamma, t);
        F.mul(ab, 0, t, 0, ab, 0);
        // cS3 = α·β·z̄ω·ab
        F.mul(ab, 0, alpha, 0, cS3, 0);
        F.mul(cS3, 0, beta, 0, cS3, 0);
        F.mul(cS3, 0, ezw, 0, cS3, 0);
        // r0 = PI − α²L1 − α·ab·(c̄+γ)·z̄ω
        F.add(ec, 0, gamma, 0, t, 0);
        F.mul(t, 0, ab, 0, t, 0);
        F.mul(t, 0, ezw, 0, t, 0);
        F.mul(t, 0, alpha, 0, t, 0);
        F.sub(pi, 0, t, 0, r0, 0);
        F.mul(alpha2, 0, l1, 0, t, 0);
        F.sub(r0, 0, t, 0, r0, 0);
    }

    private static void sum3(long[] a, long[] b, long[] c, long[] out) {
        F.add(a, 0, b, 0, out, 0);
        F.add(out, 0, c, 0, out, 0);
    }

    /**
     * The numerator of W_ξ: R + v(a − ā) + v²(b − b̄) + v³(c − c̄) + v⁴(S1 − s̄1) + v⁵(S2 − s̄2),
     * n+6 coefficients, computed by {@code ops}.
     */
    long[] openingNumerator(
            ProvingKey pk, long[][] wire, long[] z, long[] t1, long[] t2, long[] t3, long[] v, Polys.Ops ops) {
        int len = n + 6;
        long[] w = F.newVector(len);
        long[] s = new long[4];
        F.mul(ea, 0, eb, 0, s, 0);
        ops.addScaled(w, pk.selectors[0], n, s);
        ops.addScaled(w, pk.selectors[1], n, ea);
        ops.addScaled(w, pk.selectors[2], n, eb);
        ops.addScaled(w, pk.selectors[3], n, ec);
        ops.addScaled(w, pk.selectors[4], n, F.one());
        ops.addScaled(w, z, n + 3, cZ);
        F.neg(cS3, 0, s, 0);
        ops.addScaled(w, pk.sigmaCoefficients[2], n, s);
        F.neg(zh, 0, s, 0);
        ops.addScaled(w, t1, n + 1, s);
        F.mul(s, 0, xin, 0, s, 0);
        ops.addScaled(w, t2, n + 1, s);
        F.mul(s, 0, xin, 0, s, 0);
        ops.addScaled(w, t3, n + 6, s);
        // opening terms
        long[] vk = v.clone(), cst = r0.clone(), t = new long[4];
        long[][] polys = {wire[0], wire[1], wire[2], pk.sigmaCoefficients[0], pk.sigmaCoefficients[1]};
        int[] lens = {n + 2, n + 2, n + 2, n, n};
        long[][] evals = {ea, eb, ec, es1, es2};
        for (int k = 0; k < 5; k++) {
            ops.addScaled(w, polys[k], lens[k], vk);
            F.mul(vk, 0, evals[k], 0, t, 0);
            F.sub(cst, 0, t, 0, cst, 0);
            F.mul(vk, 0, v, 0, vk, 0);
        }
        F.add(w, 0, cst, 0, w, 0);
        return w;
    }
}
