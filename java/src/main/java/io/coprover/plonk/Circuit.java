package io.coprover.plonk;

import io.coprover.math.Field;

/**
 * A compiled PLONK constraint system over a domain of n = 2^power rows (snarkjs's arithmetization,
 * GWC19 §6): row i enforces
 * {@code qM·a·b + qL·a + qR·b + qO·c + qC + PI_i = 0} with
 * {@code a = w[aMap[i]], b = w[bMap[i]], c = w[cMap[i]]}, where {@code PI_i = −x_{i+1}} for the
 * public rows {@code i < nPublic} and 0 elsewhere. Positions that name the same wire id are
 * copy-constrained (the permutation argument), which is all the permutation needs to know.
 *
 * <p>Selector columns are Montgomery Fr, 4 longs per row, all n rows (padding rows are zero).
 * Wire id 0 fills empty slots and padding; every use of it has coefficient 0.
 */
public final class Circuit {
    private static final Field F = Field.FR;

    /** log2 of the domain size. */
    public final int power;
    /** Domain size 2^power (at least 8, as snarkjs). */
    public final int n;
    /** Number of public inputs ℓ (rows 0..ℓ−1 are the public rows). */
    public final int nPublic;
    /** Rows actually used (public rows + gates); rows ≥ nGates are padding. */
    public final int nGates;
    /** Number of wire ids; witnesses hold this many values. */
    public final int nVars;

    public final long[] qM, qL, qR, qO, qC;
    public final int[] aMap, bMap, cMap;

    public Circuit(
            int power,
            int nPublic,
            int nGates,
            int nVars,
            long[] qM,
            long[] qL,
            long[] qR,
            long[] qO,
            long[] qC,
            int[] aMap,
            int[] bMap,
            int[] cMap) {
        if (power < 3 || power > 28) throw new IllegalArgumentException("domain power must be 3..28, got " + power);
        this.power = power;
        this.n = 1 << power;
        if (nGates > n) throw new IllegalArgumentException(nGates + " gates do not fit a domain of " + n);
        if (nPublic > nGates) throw new IllegalArgumentException("more public inputs than gates");
        for (long[] q : new long[][] {qM, qL, qR, qO, qC}) {
            if (q.length != 4 * n)
                throw new IllegalArgumentException("selector column must have n = " + n + " elements");
        }
        for (int[] m : new int[][] {aMap, bMap, cMap}) {
            if (m.length != n) throw new IllegalArgumentException("wire map must have n = " + n + " entries");
            for (int w : m)
                if (w < 0 || w >= nVars)
                    throw new IllegalArgumentException("wire id " + w + " out of range 0.." + (nVars - 1));
        }
        this.nPublic = nPublic;
        this.nGates = nGates;
        this.nVars = nVars;
        this.qM = qM;
        this.qL = qL;
        this.qR = qR;
        this.qO = qO;
        this.qC = qC;
        this.aMap = aMap;
        this.bMap = bMap;
        this.cMap = cMap;
    }

    /** The smallest domain power (≥ 3) that holds {@code rows} rows. */
    public static int powerFor(int rows) {
        int p = 3;
        while ((1 << p) < rows) p++;
        return p;
    }

    /**
     * The first row whose gate equation fails for {@code witness} (nVars values, Montgomery)
     * with public inputs taken from the public rows' a-wires, or −1 when every row holds.
     */
    public int firstUnsatisfiedRow(long[] witness) {
        if (witness.length != 4 * nVars) {
            throw new IllegalArgumentException(
                    "witness has " + witness.length / 4 + " values, circuit has " + nVars + " wires");
        }
        long[] acc = new long[4], t = new long[4];
        for (int i = 0; i < n; i++) {
            int a = 4 * aMap[i], b = 4 * bMap[i], c = 4 * cMap[i], q = 4 * i;
            F.mul(witness, a, witness, b, t, 0);
            F.mul(t, 0, qM, q, acc, 0);
            F.mul(witness, a, qL, q, t, 0);
            F.add(acc, 0, t, 0, acc, 0);
            F.mul(witness, b, qR, q, t, 0);
            F.add(acc, 0, t, 0, acc, 0);
            F.mul(witness, c, qO, q, t, 0);
            F.add(acc, 0, t, 0, acc, 0);
            F.add(acc, 0, qC, q, acc, 0);
            if (i < nPublic) F.sub(acc, 0, witness, a, acc, 0); // PI_i = −x_{i+1} = −a_i
            if (!Field.isZero(acc, 0)) return i;
        }
        return -1;
    }

    /** The public inputs of {@code witness}: the a-wires of the public rows. */
    public long[] publicInputs(long[] witness) {
        long[] x = F.newVector(nPublic);
        for (int j = 0; j < nPublic; j++) Field.copy(witness, 4 * aMap[j], x, 4 * j);
        return x;
    }
}
