package io.coprover.plonk;

import io.coprover.backend.ProvingBackend;
import io.coprover.math.Field;

/**
 * Preprocessing (GWC19 §8.3; snarkjs {@code plonk setup}): the selector and permutation
 * polynomials of a {@link Circuit} in coefficient form, their commitments over an {@link Srs},
 * the proving key and the verification key. k1 = 2, k2 = 3 (the coset shifts snarkjs uses:
 * 2, 3 and 3/2 lie outside the 2^28-subgroup, so H, k1·H, k2·H are disjoint).
 */
public final class Setup {
    private static final Field F = Field.FR;
    public static final long[] K1 = F.fromLong(2), K2 = F.fromLong(3);

    private Setup() {}

    public static ProvingKey run(Circuit c, Srs srs, ProvingBackend be) {
        return run(c, srs, be, K1, K2);
    }

    /** As {@link #run(Circuit, Srs, ProvingBackend)} with other coset shifts (for tests of the provers). */
    static ProvingKey run(Circuit c, Srs srs, ProvingBackend be, long[] k1, long[] k2) {
        int n = c.n, p = c.power;
        if (srs.count() < Srs.pointsFor(p)) {
            throw new IllegalArgumentException("the SRS has " + srs.count() + " G1 powers; a domain of 2^" + p
                    + " needs " + Srs.pointsFor(p) + " (an SRS of power >= " + p + ")");
        }
        // selectors: columns → coefficients
        long[] sel = new long[5 * 4 * n];
        long[][] cols = {c.qM, c.qL, c.qR, c.qO, c.qC};
        for (int k = 0; k < 5; k++) System.arraycopy(cols[k], 0, sel, 4 * k * n, 4 * n);
        be.intt(sel, p, 5);
        long[][] selectors = new long[5][];
        for (int k = 0; k < 5; k++) selectors[k] = java.util.Arrays.copyOfRange(sel, 4 * k * n, 4 * (k + 1) * n);
        // permutation: σ(position) = label of the previous position holding the same wire
        long[][] sigma = sigmaValues(c, k1, k2);
        long[] sc = new long[3 * 4 * n];
        for (int k = 0; k < 3; k++) System.arraycopy(sigma[k], 0, sc, 4 * k * n, 4 * n);
        be.intt(sc, p, 3);
        long[][] sigmaCoeffs = new long[3][];
        for (int k = 0; k < 3; k++) sigmaCoeffs[k] = java.util.Arrays.copyOfRange(sc, 4 * k * n, 4 * (k + 1) * n);
        long[] g1 = java.util.Arrays.copyOf(srs.g1, 8 * (n + 6));
        long[][] commitments = new long[8][];
        try (ProvingBackend.MsmBases bases = be.loadBases(g1, n)) {
            for (int k = 0; k < 5; k++) commitments[k] = be.msm(bases, 0, selectors[k], n);
            for (int k = 0; k < 3; k++) commitments[5 + k] = be.msm(bases, 0, sigmaCoeffs[k], n);
        }
        VerificationKey vk = new VerificationKey(p, c.nPublic, k1.clone(), k2.clone(), commitments, srs.x2.clone());
        return new ProvingKey(
                p,
                c.nPublic,
                c.nVars,
                k1.clone(),
                k2.clone(),
                selectors,
                sigmaCoeffs,
                sigma,
                c.aMap.clone(),
                c.bMap.clone(),
                c.cMap.clone(),
                g1,
                vk);
    }

    /**
     * S1, S2, S3 on H: positions are walked row-major (a_0, b_0, c_0, a_1, …); each gets the label
     * (ω^i, k1·ω^i or k2·ω^i) of the previous position holding the same wire, and the first one
     * the label of the last (snarkjs's convention; any cycle per wire class would be sound).
     */
    static long[][] sigmaValues(Circuit c, long[] k1, long[] k2) {
        int n = c.n;
        long[] omegas = Domain.powers(c.power);
        int[][] maps = {c.aMap, c.bMap, c.cMap};
        int[] last = new int[c.nVars];
        java.util.Arrays.fill(last, -1);
        for (int i = 0; i < n; i++) for (int k = 0; k < 3; k++) last[maps[k][i]] = 3 * i + k;
        long[][] out = {F.newVector(n), F.newVector(n), F.newVector(n)};
        long[][] shifts = {F.one(), k1, k2};
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                int w = maps[k][i];
                int prev = last[w];
                int row = prev / 3, col = prev % 3;
                F.mul(omegas, 4 * row, shifts[col], 0, out[k], 4 * i);
                last[w] = 3 * i + k;
            }
        }
        return out;
    }
}
