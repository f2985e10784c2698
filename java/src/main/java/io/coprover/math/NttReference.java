package io.coprover.math;

/**
 * Textbook NTTs, kept as references for tests and benchmarks: nothing here is tuned.
 *
 * <p>{@link #radix2} is the classic single-threaded iterative Cooley–Tukey transform (Cormen et
 * al., "Introduction to Algorithms", §30.3): bit reversal, then log n stages whose twiddles are
 * advanced by one multiplication per butterfly, with no table and no blocking.
 * {@link #evaluate} is the O(n²) definition y_i = Σ_j x_j·z^(ij).
 */
public final class NttReference {
    private static final Field F = Field.FR;

    private NttReference() {}

    /** In-place forward NTT with root ω_{2^logN}, natural order in and out, one thread. */
    public static void radix2(long[] d, int off, int logN) {
        Ntt.check(d, off, logN, 1, 1);
        if (logN == 0) return;
        Ntt.bitReverse(d, off, logN, 1);
        int n = 1 << logN;
        long[] w = new long[4], wm = new long[4], t = new long[4];
        for (int s = 1; s <= logN; s++) {
            int len = 1 << s, m = len >>> 1;
            wm = Ntt.omega(s);
            for (int k = 0; k < n; k += len) {
                F.setOne(w, 0);
                for (int j = 0; j < m; j++) {
                    int i0 = off + 4 * (k + j), i1 = i0 + 4 * m;
                    F.mul(w, 0, d, i1, t, 0);
                    F.sub(d, i0, t, 0, d, i1);
                    F.add(d, i0, t, 0, d, i0);
                    F.mul(w, 0, wm, 0, w, 0);
                }
            }
        }
    }

    /**
     * y_i = Σ_j x_j·(z·root^i)^j for i &lt; n: the evaluations of the polynomial with coefficients x
     * at z·root^i, straight from the definition (O(n²)). Returns a new vector.
     */
    public static long[] evaluate(long[] x, int n, long[] root, long[] z) {
        long[] y = F.newVector(n);
        long[] pt = z.clone(), pw = new long[4], t = new long[4];
        for (int i = 0; i < n; i++) {
            F.setOne(pw, 0);
            for (int j = 0; j < n; j++) {
                F.mul(x, 4 * j, pw, 0, t, 0);
                F.add(y, 4 * i, t, 0, y, 4 * i);
                F.mul(pw, 0, pt, 0, pw, 0);
            }
            F.mul(pt, 0, root, 0, pt, 0);
        }
        return y;
    }
}
