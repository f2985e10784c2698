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
     * As {@link #loadQuotientKey(int, long[][])}, the polynomials as direct byte buffers of 32·4n
     * bytes each from their position (little-endian Montgomery limbs, as a snarkjs zkey stores
     * them: the buffers can map the file), then optionally a ninth, L_1 on H_{4n} (a zkey's section
     * 13), which is computed otherwise. The key reads them where they lie, without a copy, and
     * keeps them reachable until it is closed: their contents must not change meanwhile.
     */
    QuotientKey loadQuotientKey(int logN, java.nio.ByteBuffer[] fixedOnExt);

    /**
     * The quotient t = N / Z_H of PLONK round 3 by the split method ({@code SplitQuotient}).
     *
     * @param wires  the blinded a, b, c (n + 2 coefficients each) then z (n + 3), flat
     * @param onH    null, or the values of a, b, c and z on H (n each, back to back: the witness
     *               columns and round 2's z values), which spares a quarter of the transforms;
     *               they must be the wires' values there
     * @param pub    the public inputs (nPub Fr elements)
     * @param params α, β, γ, k1, k2 (5 Fr elements)
     * @return the 3n + 6 coefficients of t
     * @throws IllegalArgumentException when the wires do not satisfy the gates
     */
    long[] splitQuotient(QuotientKey key, long[] wires, long[] onH, long[] pub, int nPub, long[] params);

    /**
     * The permutation polynomial z of PLONK round 2 on H: z_0 = 1, z_{i+1} = z_i·f_i/g_i with
     * f_i = (a_i+βω^i+γ)(b_i+βk1ω^i+γ)(c_i+βk2ω^i+γ) and g_i = (a_i+βS1_i+γ)(b_i+βS2_i+γ)(c_i+βS3_i+γ),
     * S1..S3 taken from the key.
     *
     * @param cols   a, b, c on H (n values each, back to back)
     * @param params β, γ, k1, k2 (4 Fr elements)
     * @return the n values of z on H
     * @throws IllegalArgumentException when a denominator vanishes or the product over H is not 1
     *     (the copy constraints do not hold)
     */
    long[] grandProduct(QuotientKey key, long[] cols, long[] params);

    /** p(x) for the first {@code len} coefficients of p. */
    long[] polyEval(long[] p, int len, long[] x);

    /** r[i] += s·p[i] for i &lt; len. */
    void addScaled(long[] r, long[] p, int len, long[] s);

    /**
     * Divides p (len coefficients) by (X − z) in place: afterwards p[0..len−2] holds the quotient
     * and p[len−1] = 0. Returns the remainder p(z).
     */
    long[] divideByLinear(long[] p, int len, long[] z);

    /** Fixed polynomials held by a backend; closing releases them. */
    interface QuotientKey extends AutoCloseable {
        /** log2 of the domain size n. */
        int logN();

        @Override
        void close();
    }
}
