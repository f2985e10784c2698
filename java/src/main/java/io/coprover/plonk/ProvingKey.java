package io.coprover.plonk;

/**
 * Everything the prover needs for one circuit: the gate system in coefficient form, the
 * permutation, the SRS points and the verification key (whose commitments open the transcript).
 * Made by {@link Setup} for our circuits or from a snarkjs {@code .zkey} ({@link #fromZkey}).
 *
 * <p>Polynomials are n Montgomery Fr coefficients (flat); G1 points affine, 8 longs each.
 */
public final class ProvingKey {
    public final int power, n, nPublic;
    /** Number of wire ids the witness must assign. */
    public final int nVars;

    public final long[] k1, k2;
    /** Coefficients of Qm, Ql, Qr, Qo, Qc. */
    public final long[][] selectors;
    /** Coefficients of S1, S2, S3. */
    public final long[][] sigmaCoefficients;
    /** S1, S2, S3 on H (the σ labels). */
    public final long[][] sigmaValues;
    /** Wire ids per row, n entries each (padding rows use wire 0). */
    public final int[] aMap, bMap, cMap;
    /** [τ^i]_1 for i = 0..n+5. */
    public final long[] srsG1;

    public final VerificationKey vk;
    /**
     * Qm, Ql, Qr, Qo, Qc, S1, S2, S3 evaluated on H_{4n} (4n values each, natural order), or null.
     * A snarkjs zkey carries them; with them the prover computes the quotient on H_{4n}
     * ({@link SplitQuotient}) and needs no key preparation.
     */
    public final ExtEvaluations extEvaluations;

    public ProvingKey(
            int power,
            int nPublic,
            int nVars,
            long[] k1,
            long[] k2,
            long[][] selectors,
            long[][] sigmaCoefficients,
            long[][] sigmaValues,
            int[] aMap,
            int[] bMap,
            int[] cMap,
            long[] srsG1,
            VerificationKey vk) {
        this(
                power,
                nPublic,
                nVars,
                k1,
                k2,
                selectors,
                sigmaCoefficients,
                sigmaValues,
                aMap,
                bMap,
                cMap,
                srsG1,
                vk,
                (ExtEvaluations) null);
    }

    /** As above, the evaluations as arrays (4n values each), or null. */
    public ProvingKey(
            int power,
            int nPublic,
            int nVars,
            long[] k1,
            long[] k2,
            long[][] selectors,
            long[][] sigmaCoefficients,
            long[][] sigmaValues,
            int[] aMap,
            int[] bMap,
            int[] cMap,
            long[] srsG1,
            VerificationKey vk,
            long[][] extEvaluations) {
        this(
                power,
                nPublic,
                nVars,
                k1,
                k2,
                selectors,
                sigmaCoefficients,
                sigmaValues,
                aMap,
                bMap,
                cMap,
                srsG1,
                vk,
                extEvaluations == null ? null : ExtEvaluations.of(extEvaluations, 4 << power));
    }

    /** As above, with the fixed polynomials' evaluations on H_{4n} (see {@link #extEvaluations}), or null. */
    public ProvingKey(
            int power,
            int nPublic,
            int nVars,
            long[] k1,
            long[] k2,
            long[][] selectors,
            long[][] sigmaCoefficients,
            long[][] sigmaValues,
            int[] aMap,
            int[] bMap,
            int[] cMap,
            long[] srsG1,
            VerificationKey vk,
            ExtEvaluations extEvaluations) {
        this.power = power;
        this.n = 1 << power;
        this.nPublic = nPublic;
        this.nVars = nVars;
        this.k1 = k1;
        this.k2 = k2;
        this.selectors = selectors;
        this.sigmaCoefficients = sigmaCoefficients;
        this.sigmaValues = sigmaValues;
        this.aMap = aMap;
        this.bMap = bMap;
        this.cMap = cMap;
        if (srsG1.length < 8 * (n + 6)) {
            throw new IllegalArgumentException(
                    "SRS has " + srsG1.length / 8 + " G1 powers, " + (n + 6) + " are needed for a domain of " + n);
        }
        if (aMap.length != n || bMap.length != n || cMap.length != n)
            throw new IllegalArgumentException("wire maps must have n entries");
        this.srsG1 = srsG1;
        this.vk = vk;
        if (extEvaluations != null && extEvaluations.count() != 4 * n) {
            throw new IllegalArgumentException(
                    "extEvaluations: each polynomial needs 4n = " + 4 * n + " values, got " + extEvaluations.count());
        }
        this.extEvaluations = extEvaluations;
    }
}
