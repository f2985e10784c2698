package io.coprover.backend;

/**
 * PLONK prover steps a backend can run natively instead of the Java code in
 * {@code io.coprover.plonk}; the Java code stays the reference and the fallback, and tests check
 * that both give the same result. Implemented by the native backends (run on the host CPU).
 */
public interface PlonkKernels {

    /**
     * Keeps the fixed polynomials a round-3 quotient needs for a domain of n = 2^logN.
     *
     * @param fixedOnExt Qm, Ql, Qr, Qo, Qc, S1, S2, S3 evaluated on H_{4n} (4n Montgomery Fr
     *                   elements each, natural order), as a snarkjs zkey stores them
     */
    QuotientKey loadQuotientKey(int logN, long[][] fixedOnExt);

    /**
     * The quotient t = N / Z_H of PLONK round 3 by the split method ({@code SplitQuotient}).
     *
     * @param wires  the blinded a, b, c (n + 2 coefficients each) then z (n + 3), flat
     * @param pub    the public inputs (nPub Fr elements)
     * @param params α, β, γ, k1, k2 (5 Fr elements)
     * @return the 3n + 6 coefficients of t
     * @throws IllegalArgumentException when the wires do not satisfy the gates
     */
    long[] splitQuotient(QuotientKey key, long[] wires, long[] pub, int nPub, long[] params);

    /** Fixed polynomials held by a backend; closing releases them. */
    interface QuotientKey extends AutoCloseable {
        /** log2 of the domain size n. */
        int logN();

        @Override
        void close();
    }
}
