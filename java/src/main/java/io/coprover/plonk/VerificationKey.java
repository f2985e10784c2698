package io.coprover.plonk;

/**
 * A PLONK verification key in snarkjs's sense: domain power, number of public inputs, the coset
 * shifts k1 and k2, the eight preprocessed commitments and [τ]_2.
 *
 * <p>G1 points are affine, 8 longs Montgomery Fq (all zero = infinity); X_2 is 16 longs:
 * x.c0, x.c1, y.c0, y.c1 (Fq2 = Fq[u]/(u²+1), element = c0 + c1·u).
 */
public final class VerificationKey {
    /** Commitment names in snarkjs's order, which is also the transcript order. */
    public static final String[] NAMES = {"Qm", "Ql", "Qr", "Qo", "Qc", "S1", "S2", "S3"};

    public final int power;
    public final int nPublic;
    public final long[] k1, k2;
    /** Qm, Ql, Qr, Qo, Qc, S1, S2, S3. */
    public final long[][] commitments;

    public final long[] x2;

    public VerificationKey(int power, int nPublic, long[] k1, long[] k2, long[][] commitments, long[] x2) {
        if (power < 1 || power > 28) throw new IllegalArgumentException("vk: power must be 1..28, got " + power);
        if (nPublic < 0) throw new IllegalArgumentException("vk: nPublic must be >= 0");
        if (commitments.length != 8) throw new IllegalArgumentException("vk: 8 commitments needed");
        for (long[] c : commitments)
            if (c.length != 8) throw new IllegalArgumentException("vk: a commitment must be 8 longs");
        if (k1.length != 4 || k2.length != 4 || x2.length != 16)
            throw new IllegalArgumentException("vk: bad k1/k2/X_2 sizes");
        this.power = power;
        this.nPublic = nPublic;
        this.k1 = k1;
        this.k2 = k2;
        this.commitments = commitments;
        this.x2 = x2;
    }

    public int n() {
        return 1 << power;
    }

    /** The commitment named {@code name} (Qm … S3). */
    public long[] commitment(String name) {
        for (int i = 0; i < 8; i++) if (NAMES[i].equals(name)) return commitments[i];
        throw new IllegalArgumentException("no commitment " + name);
    }

    /** ω = 5^((r−1)/2^power), the root ffjavascript and snarkjs use. */
    public long[] omega() {
        return Domain.rootOfUnity(power);
    }
}
