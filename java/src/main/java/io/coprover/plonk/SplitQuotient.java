package io.coprover.plonk;

import io.coprover.math.Field;
import java.math.BigInteger;

/**
 * Round 3 on the plain domain H_{4n} instead of a coset, for keys that already hold their fixed
 * polynomials' evaluations on H_{4n} (a snarkjs zkey stores exactly these, so nothing is
 * transformed for them; {@link Quotient} would need 8 coset NTTs of size 4n first). The method is
 * the one snarkjs 0.7's prover uses.
 *
 * <p>Z_H(x) = xⁿ − 1 vanishes on H_n ⊂ H_{4n}, so N cannot be divided pointwise there. Every
 * blinded polynomial is P = P0 + Z_H·Pb with P0 = the unblinded part (degree &lt; n) and Pb the
 * blinder (degree ≤ 2); its coefficients give both: Pb = P[n..], P0 = P[0..n) + Pb. Products are
 * carried as pairs (v0, vz) meaning v0 + Z_H·vz, with
 * (x0, xz)·(y0, yz) = (x0·y0, x0·yz + xz·(y0 + Z_H·yz)). This splits N = N0 + Z_H·Nz where N0 is N
 * of the unblinded polynomials (degree ≤ 4n − 4) and Nz has degree ≤ 3n + 5; both are below 4n,
 * so their 4n evaluations determine them. Then t = N0 / Z_H + Nz: N0 is interpolated and divided by
 * Xⁿ − 1 in coefficient form (q_i = q_{i−n} − c_i), Nz is interpolated and added. On H_{4n},
 * Z_H(ω_{4n}^i) = ω_4^(i mod 4) − 1 takes only four values, and z(ωx) is evaluation i + 4.
 *
 * <p>Division check: with N0 = Z_H·Q + R (deg R &lt; n), the recurrence gives q_i = −R_{i−3n} for
 * 3n ≤ i &lt; 4n, so those coefficients all vanish exactly when the witness satisfies the gates.
 */
final class SplitQuotient {
    private static final Field F = Field.FR;

    private final ProvingKey pk;
    private final Quotient.CosetEval eval;
    private final Quotient.InPlace intt;

    /**
     * @param eval evaluations on H_{4n} (plain forward NTT of the zero-padded coefficients)
     * @param intt plain inverse NTT in place
     */
    SplitQuotient(ProvingKey pk, Quotient.CosetEval eval, Quotient.InPlace intt) {
        this.pk = pk;
        this.eval = eval;
        this.intt = intt;
    }

    /** Below this many public inputs PI is evaluated from the Lagrange formula, above it by NTTs. */
    static final int PI_DIRECT_MAX = 2;

    /** Qm, Ql, Qr, Qo, Qc, S1, S2, S3 on H_{4n} from the key, and L_1 on H_{4n}. */
    static long[][] fixedEvaluations(ProvingKey pk) {
        long[][] out = new long[9][];
        System.arraycopy(pk.extEvaluations.values(), 0, out, 0, 8);
        out[8] = F.newVector(4 * pk.n);
        addLagrange(out[8], pk.power, 0, F.one(), 0);
        return out;
    }

    /**
     * acc += c·L_j on H_{4n}, L_j the Lagrange polynomial of H_n at ω^j:
     * L_j(x) = (ω^j/n)·(xⁿ − 1)/(x − ω^j). At ω_{4n}^i with 4 | i, x is in H_n and L_j(x) = [i = 4j];
     * elsewhere x − ω^j ≠ 0 and the denominators are inverted in one batch per chunk.
     */
    static void addLagrange(long[] acc, int power, int j, long[] c, int co) {
        final int n = 1 << power, logE = power + Quotient.EXT_LOG, nE = n << Quotient.EXT_LOG;
        final long[] wj = new long[4], coef = new long[4], zh = zhOnExt();
        F.pow(Domain.rootOfUnity(power), 0, BigInteger.valueOf(j), wj, 0);
        F.inverse(F.fromLong(n), 0, coef, 0);
        F.mul(coef, 0, wj, 0, coef, 0);
        F.mul(coef, 0, c, co, coef, 0);
        final long[] wEn = Domain.rootOfUnity(logE);
        Polys.parallel(nE, (from, to) -> {
            int len = to - from;
            long[] den = new long[4 * len], scratch = new long[4 * len], x = new long[4], t = new long[4];
            F.pow(wEn, 0, BigInteger.valueOf(from), x, 0);
            for (int i = from; i < to; i++) {
                if ((i & 3) != 0) F.sub(x, 0, wj, 0, den, 4 * (i - from)); // else left 0: skipped by batchInverse
                F.mul(x, 0, wEn, 0, x, 0);
            }
            F.batchInverse(den, 0, len, scratch);
            for (int i = from; i < to; i++) {
                if ((i & 3) == 0) {
                    if (i == 4 * j) F.add(acc, 4 * i, c, co, acc, 4 * i);
                    continue;
                }
                F.mul(den, 4 * (i - from), zh, 4 * (i & 3), t, 0);
                F.mul(t, 0, coef, 0, t, 0);
                F.add(acc, 4 * i, t, 0, acc, 4 * i);
            }
        });
    }

    /** Z_H(ω_{4n}^i) = ω_4^k − 1 for k = i mod 4, four values. */
    private static long[] zhOnExt() {
        long[] zh = F.newVector(4), w4 = Domain.rootOfUnity(Quotient.EXT_LOG), pw = F.one(), one = F.one();
        for (int k = 0; k < 4; k++) {
            F.sub(pw, 0, one, 0, zh, 4 * k);
            F.mul(pw, 0, w4, 0, pw, 0);
        }
        return zh;
    }

    /** The unblinded part P0 = P[0..n) + P[n..len) of a blinded polynomial, on H_{4n}. */
    private long[] unblindedEval(long[] p, int len, int logE) {
        final int n = pk.n;
        long[] p0 = F.newVector(n);
        System.arraycopy(p, 0, p0, 0, 4 * n);
        for (int j = n; j < len; j++) F.add(p0, 4 * (j - n), p, 4 * j, p0, 4 * (j - n));
        return eval.apply(p0, n, logE);
    }

    long[] compute(long[][] fixed, long[][] wire, long[] z, long[] pub, long[] alpha, long[] beta, long[] gamma) {
        final int n = pk.n, logE = pk.power + Quotient.EXT_LOG, nE = n << Quotient.EXT_LOG;
        final long[] a = unblindedEval(wire[0], n + 2, logE), b = unblindedEval(wire[1], n + 2, logE);
        final long[] c = unblindedEval(wire[2], n + 2, logE), ze = unblindedEval(z, n + 3, logE);
        // blinders: wire k is a0 + (w[n] + w[n+1]·X)·Z_H, z is z0 + (z[n] + z[n+1]·X + z[n+2]·X²)·Z_H
        final long[][] wb = {
            java.util.Arrays.copyOfRange(wire[0], 4 * n, 4 * n + 8),
            java.util.Arrays.copyOfRange(wire[1], 4 * n, 4 * n + 8),
            java.util.Arrays.copyOfRange(wire[2], 4 * n, 4 * n + 8)
        };
        final long[] zb = java.util.Arrays.copyOfRange(z, 4 * n, 4 * n + 12);
        // PI = −Σ x_j·L_j on H_{4n}
        final long[] pie;
        if (pk.nPublic <= PI_DIRECT_MAX) {
            pie = F.newVector(nE);
            long[] neg = new long[4];
            for (int j = 0; j < pk.nPublic; j++) {
                F.neg(pub, 4 * j, neg, 0);
                addLagrange(pie, pk.power, j, neg, 0);
            }
        } else {
            long[] pi = F.newVector(n);
            for (int j = 0; j < pk.nPublic; j++) F.neg(pub, 4 * j, pi, 4 * j);
            intt.apply(pi, pk.power);
            pie = eval.apply(pi, n, logE);
        }
        final long[] qm = fixed[0], ql = fixed[1], qr = fixed[2], qo = fixed[3], qc = fixed[4];
        final long[] s1 = fixed[5], s2 = fixed[6], s3 = fixed[7], l1e = fixed[8];

        final long[] zh = zhOnExt(), one = F.one();
        final long[] wEn = Domain.rootOfUnity(logE), wN = Domain.rootOfUnity(pk.power);
        final long[] bk1 = new long[4], bk2 = new long[4], alpha2 = new long[4];
        F.mul(beta, 0, pk.k1, 0, bk1, 0);
        F.mul(beta, 0, pk.k2, 0, bk2, 0);
        F.sqr(alpha, 0, alpha2, 0);
        final long[] n0 = pie; // N0, written at i only after pie[i] was read
        final long[] nz = F.newVector(nE); // Nz

        Polys.parallel(nE, (from, to) -> {
            long[] x = new long[4], xw = new long[4], t = new long[4], u = new long[4], v = new long[4];
            long[] ap = new long[4], bp = new long[4], cp = new long[4], zp = new long[4], zwp = new long[4];
            long[] e = new long[4],
                    ez = new long[4],
                    p0 = new long[4],
                    pz = new long[4],
                    q0 = new long[4],
                    qz = new long[4];
            long[] y0 = new long[4], full = new long[4];
            F.pow(wEn, 0, BigInteger.valueOf(from), x, 0);
            for (int i = from; i < to; i++) {
                final int o = 4 * i, ow = 4 * ((i + 4) & (nE - 1)), zk = 4 * (i & 3);
                F.mul(x, 0, wN, 0, xw, 0);
                linear(wb[0], x, ap, t);
                linear(wb[1], x, bp, t);
                linear(wb[2], x, cp, t);
                quadratic(zb, x, zp, t);
                quadratic(zb, xw, zwp, t);
                // gates: (a·b)·qm + a·ql + b·qr + c·qo + qc + PI, as a pair
                F.mul(a, o, b, o, t, 0);
                F.mul(t, 0, qm, o, e, 0);
                F.mul(a, o, ql, o, t, 0);
                F.add(e, 0, t, 0, e, 0);
                F.mul(b, o, qr, o, t, 0);
                F.add(e, 0, t, 0, e, 0);
                F.mul(c, o, qo, o, t, 0);
                F.add(e, 0, t, 0, e, 0);
                F.add(e, 0, qc, o, e, 0);
                F.add(e, 0, pie, o, e, 0);
                full(b, o, bp, zh, zk, full, t); // b = b0 + Z_H·bp
                F.mul(a, o, bp, 0, u, 0);
                F.mul(ap, 0, full, 0, t, 0);
                F.add(u, 0, t, 0, u, 0);
                F.mul(u, 0, qm, o, ez, 0); // (a·b)z·qm
                F.mul(ap, 0, ql, o, t, 0);
                F.add(ez, 0, t, 0, ez, 0);
                F.mul(bp, 0, qr, o, t, 0);
                F.add(ez, 0, t, 0, ez, 0);
                F.mul(cp, 0, qo, o, t, 0);
                F.add(ez, 0, t, 0, ez, 0);
                // permutation: (a+βx+γ)(b+βk1x+γ)(c+βk2x+γ)·z − (a+βS1+γ)(b+βS2+γ)(c+βS3+γ)·z(ωx)
                F.mul(beta, 0, x, 0, t, 0);
                F.add(t, 0, a, o, p0, 0);
                F.add(p0, 0, gamma, 0, p0, 0);
                Field.copy(ap, 0, pz, 0);
                F.mul(bk1, 0, x, 0, t, 0);
                F.add(t, 0, b, o, y0, 0);
                F.add(y0, 0, gamma, 0, y0, 0);
                mulPair(p0, pz, y0, 0, bp, zh, zk, full, t);
                F.mul(bk2, 0, x, 0, t, 0);
                F.add(t, 0, c, o, y0, 0);
                F.add(y0, 0, gamma, 0, y0, 0);
                mulPair(p0, pz, y0, 0, cp, zh, zk, full, t);
                mulPair(p0, pz, ze, o, zp, zh, zk, full, t);
                F.mul(beta, 0, s1, o, t, 0);
                F.add(t, 0, a, o, q0, 0);
                F.add(q0, 0, gamma, 0, q0, 0);
                Field.copy(ap, 0, qz, 0);
                F.mul(beta, 0, s2, o, t, 0);
                F.add(t, 0, b, o, y0, 0);
                F.add(y0, 0, gamma, 0, y0, 0);
                mulPair(q0, qz, y0, 0, bp, zh, zk, full, t);
                F.mul(beta, 0, s3, o, t, 0);
                F.add(t, 0, c, o, y0, 0);
                F.add(y0, 0, gamma, 0, y0, 0);
                mulPair(q0, qz, y0, 0, cp, zh, zk, full, t);
                mulPair(q0, qz, ze, ow, zwp, zh, zk, full, t); // Z_H(ωx) = Z_H(x)
                F.sub(p0, 0, q0, 0, p0, 0);
                F.mul(p0, 0, alpha, 0, p0, 0);
                F.add(e, 0, p0, 0, e, 0);
                F.sub(pz, 0, qz, 0, pz, 0);
                F.mul(pz, 0, alpha, 0, pz, 0);
                F.add(ez, 0, pz, 0, ez, 0);
                // α²·(z − 1)·L_1
                F.mul(alpha2, 0, l1e, o, v, 0);
                F.sub(ze, o, one, 0, t, 0);
                F.mul(t, 0, v, 0, t, 0);
                F.add(e, 0, t, 0, e, 0);
                F.mul(zp, 0, v, 0, t, 0);
                F.add(ez, 0, t, 0, ez, 0);
                Field.copy(e, 0, n0, o);
                Field.copy(ez, 0, nz, o);
                F.mul(x, 0, wEn, 0, x, 0);
            }
        });
        // N0 / Z_H in coefficient form, with the divisibility check
        intt.apply(n0, logE);
        for (int i = 0; i < n; i++) F.neg(n0, 4 * i, n0, 4 * i);
        for (int i = n; i < nE; i++) F.sub(n0, 4 * (i - n), n0, 4 * i, n0, 4 * i);
        for (int i = 3 * n; i < nE; i++) {
            if (!Field.isZero(n0, 4 * i)) {
                throw new IllegalStateException(
                        "the witness does not satisfy the circuit's gates (the constraint polynomial is not divisible by Z_H)");
            }
        }
        intt.apply(nz, logE);
        for (int i = 3 * n + 6; i < nE; i++) {
            if (!Field.isZero(nz, 4 * i))
                throw new IllegalStateException("internal error: the blinding part of t has too high a degree");
        }
        Polys.parallel(3 * n + 6, (from, to) -> {
            for (int i = from; i < to; i++) F.add(n0, 4 * i, nz, 4 * i, n0, 4 * i);
        });
        return n0;
    }

    /** out = p[0] + p[1]·x. */
    private static void linear(long[] p, long[] x, long[] out, long[] t) {
        F.mul(p, 4, x, 0, t, 0);
        F.add(t, 0, p, 0, out, 0);
    }

    /** out = p[0] + p[1]·x + p[2]·x². */
    private static void quadratic(long[] p, long[] x, long[] out, long[] t) {
        F.mul(p, 8, x, 0, t, 0);
        F.add(t, 0, p, 4, t, 0);
        F.mul(t, 0, x, 0, t, 0);
        F.add(t, 0, p, 0, out, 0);
    }

    /** out = y0[yo] + Z_H·yz (the full value). */
    private static void full(long[] y0, int yo, long[] yz, long[] zh, int zk, long[] out, long[] t) {
        F.mul(zh, zk, yz, 0, t, 0);
        F.add(t, 0, y0, yo, out, 0);
    }

    /** (p0, pz) ← (p0, pz)·(y0, yz) = (p0·y0, p0·yz + pz·(y0 + Z_H·yz)). */
    private static void mulPair(
            long[] p0, long[] pz, long[] y0, int yo, long[] yz, long[] zh, int zk, long[] full, long[] t) {
        full(y0, yo, yz, zh, zk, full, t);
        F.mul(pz, 0, full, 0, pz, 0);
        F.mul(p0, 0, yz, 0, t, 0);
        F.add(pz, 0, t, 0, pz, 0);
        F.mul(p0, 0, y0, yo, p0, 0);
    }
}
