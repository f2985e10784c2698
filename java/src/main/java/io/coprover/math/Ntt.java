package io.coprover.math;

import java.math.BigInteger;

/**
 * Number-theoretic transforms over BN254 Fr, in place on flat Montgomery vectors.
 *
 * <h2>Roots of unity</h2>
 * r − 1 = 2^28 · t with t odd (Fr's 2-adicity is 28), so Fr* (cyclic of order r − 1) has
 * elements of order 2^k exactly for k ≤ 28. g = 5 is the smallest quadratic non-residue mod r, so
 * by Euler's criterion 5^((r−1)/2) = −1 and 5 generates the whole 2-Sylow part:
 * ω_{2^k} = 5^((r−1)/2^k) has order exactly 2^k (ω^(2^(k−1)) = 5^((r−1)/2) = −1 ≠ 1). In particular
 * ω_{2^28} = 5^t = 0x2a3c09f0a58a7e8500e0a7eb8ef62abc402d111e41112ed49bd61b6e725b19f0, and
 * ω_{2^k} = ω_{2^28}^(2^(28−k)). This is the root ffjavascript ({@code F1Field.w[k]}) and snarkjs use,
 * so evaluations agree with theirs index for index.
 *
 * <h2>Transforms</h2>
 * Size n = 2^logN, 0 ≤ logN ≤ {@link #MAX_LOG_N}; data is {@code n} consecutive elements from long
 * offset {@code off}, natural order in and out.
 * <ul>
 *   <li>{@link #forward}: coefficients → evaluations, y_i = Σ_j x_j·ω^(ij).</li>
 *   <li>{@link #inverse}: evaluations → coefficients, x_j = n^{−1}·Σ_i y_i·ω^(−ij). Computed as the
 *       forward transform followed by i ↦ −i mod n and the scaling, since ω^(−ij) = ω^((n−i)j):
 *       one twiddle table serves both directions.</li>
 *   <li>{@link #cosetForward}: y_i = p(g·ω^i): x_j ← g^j·x_j, then forward.</li>
 *   <li>{@link #cosetInverse}: inverse, with the scaling by n^{−1} fused into x_j ← g^(−j)·x_j.</li>
 * </ul>
 *
 * <h2>Algorithm</h2>
 * Iterative radix-2 decimation in time (Cooley–Tukey): a bit-reversal permutation, then stages
 * with half-size m = 1, 2, …, n/2, butterfly (a, b) ← (a + ω_{2m}^j·b, a − ω_{2m}^j·b), laid out
 * for the cache in two phases (the blocked "four-step" idea, Bailey 1990, in DIT form):
 * <ol>
 *   <li>the first b stages (b = 12..14, {@link #blockLog}) only mix elements within aligned blocks
 *       of 2^b, so each block runs through all of them while it sits in L2;</li>
 *   <li>the remaining stages only mix elements with the same index mod 2^b (a "column"), so a
 *       group of adjacent columns runs through all of them while its rows sit in cache.</li>
 * </ol>
 * Blocks and column groups are independent: threads claim them one at a time (so a slow or busy
 * core delays nothing but its own piece), and the only waits for all threads are after the bit
 * reversal and after phase 1, not after every stage. Butterflies with twiddle 1 (j = 0) skip the
 * multiplication.
 *
 * <h2>Memory</h2>
 * Twiddles come from {@link NttTwiddles}: one table shared by every size, (2^L − 1)·32 bytes for
 * the largest size 2^L transformed so far (as much as the data: 8 GiB at 2^28), computed once.
 * Everything else is in place.
 */
public final class Ntt {
    private static final Field F = Field.FR;
    /** Fr's 2-adicity: the largest supported transform is 2^28. */
    public static final int MAX_LOG_N = 28;
    /** log2 of the smallest phase-1 block (4096 elements, 128 KiB); see {@link #blockLog}. */
    static final int BLOCK_LOG = 12;
    /** Below this log size a transform runs on one thread: the split would cost more than it saves. */
    static final int PARALLEL_MIN_LOG = 12;

    private static final long[][] OMEGA = new long[MAX_LOG_N + 1][];
    private static final long[][] OMEGA_INV = new long[MAX_LOG_N + 1][];
    private static final long[][] N_INV = new long[MAX_LOG_N + 1][];

    static {
        BigInteger r = F.modulus;
        BigInteger t = r.subtract(BigInteger.ONE).shiftRight(MAX_LOG_N);
        long[] w = new long[4];
        F.pow(F.fromLong(5), 0, t, w, 0); // ω_{2^28} = 5^t
        for (int k = MAX_LOG_N; k >= 0; k--) {
            OMEGA[k] = w.clone();
            OMEGA_INV[k] = new long[4];
            F.inverse(w, 0, OMEGA_INV[k], 0);
            N_INV[k] = F.fromBigInteger(BigInteger.ONE.shiftLeft(k).modInverse(r));
            F.sqr(w, 0, w, 0);
        }
    }

    private Ntt() {}

    /** The primitive 2^logN-th root of unity ω = 5^((r−1)/2^logN) (a copy, Montgomery form). */
    public static long[] omega(int logN) {
        checkLog(logN);
        return OMEGA[logN].clone();
    }

    /** ω^{−1} for size 2^logN. */
    public static long[] omegaInv(int logN) {
        checkLog(logN);
        return OMEGA_INV[logN].clone();
    }

    /** n^{−1} mod r for n = 2^logN. */
    public static long[] nInv(int logN) {
        checkLog(logN);
        return N_INV[logN].clone();
    }

    /** Default thread count: every available core. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    // ---------------------------------------------------------------- public transforms

    public static void forward(long[] data, int off, int logN) {
        forward(data, off, logN, defaultThreads());
    }

    /** In-place forward NTT of the 2^logN elements at {@code data[off..]} on up to {@code threads} threads. */
    public static void forward(long[] data, int off, int logN, int threads) {
        check(data, off, logN, 1, threads);
        transform(data, off, logN, effective(logN, threads));
    }

    public static void inverse(long[] data, int off, int logN) {
        inverse(data, off, logN, defaultThreads());
    }

    /** In-place inverse NTT, including the 1/n scaling. */
    public static void inverse(long[] data, int off, int logN, int threads) {
        check(data, off, logN, 1, threads);
        int t = effective(logN, threads);
        transform(data, off, logN, t);
        reverseTail(data, off, logN, t);
        scalePowers(data, off, logN, N_INV[logN], null, t);
    }

    public static void cosetForward(long[] data, int off, int logN, long[] shift) {
        cosetForward(data, off, logN, shift, defaultThreads());
    }

    /** In-place coset NTT: coefficients of p → p(g·ω^i), g = {@code shift} (Montgomery, non-zero). */
    public static void cosetForward(long[] data, int off, int logN, long[] shift, int threads) {
        check(data, off, logN, 1, threads);
        checkShift(shift);
        int t = effective(logN, threads);
        scalePowers(data, off, logN, F.one(), shift, t);
        transform(data, off, logN, t);
    }

    public static void cosetInverse(long[] data, int off, int logN, long[] shift) {
        cosetInverse(data, off, logN, shift, defaultThreads());
    }

    /** In-place inverse coset NTT: p(g·ω^i) → coefficients of p. */
    public static void cosetInverse(long[] data, int off, int logN, long[] shift, int threads) {
        check(data, off, logN, 1, threads);
        checkShift(shift);
        int t = effective(logN, threads);
        transform(data, off, logN, t);
        reverseTail(data, off, logN, t);
        long[] gInv = new long[4];
        F.inverse(shift, 0, gInv, 0);
        scalePowers(data, off, logN, N_INV[logN], gInv, t);
    }

    // ---------------------------------------------------------------- batches

    /** The four transforms, for the batched entry point. */
    public enum Op {
        FORWARD,
        INVERSE,
        COSET_FORWARD,
        COSET_INVERSE
    }

    /**
     * Applies {@code op} to {@code batch} polynomials of size 2^logN stored back to back from
     * {@code off}. Small polynomials are spread over threads one polynomial per task; large ones
     * run one after another, each on all threads.
     *
     * @param shift the coset shift for the coset operations (ignored otherwise)
     */
    public static void batch(Op op, long[] data, int off, int logN, int batch, long[] shift, int threads) {
        if (op == null) throw new IllegalArgumentException("NTT: op is null");
        check(data, off, logN, batch, threads);
        if (op == Op.COSET_FORWARD || op == Op.COSET_INVERSE) checkShift(shift);
        int len = 4 << logN;
        if (logN < PARALLEL_MIN_LOG && batch > 1 && threads > 1) {
            int tasks = Math.min(threads, batch);
            NttPool.run(tasks, task -> {
                for (int b = task; b < batch; b += tasks) apply(op, data, off + b * len, logN, shift, 1);
            });
        } else {
            for (int b = 0; b < batch; b++) apply(op, data, off + b * len, logN, shift, threads);
        }
    }

    private static void apply(Op op, long[] data, int off, int logN, long[] shift, int threads) {
        switch (op) {
            case FORWARD:
                forward(data, off, logN, threads);
                break;
            case INVERSE:
                inverse(data, off, logN, threads);
                break;
            case COSET_FORWARD:
                cosetForward(data, off, logN, shift, threads);
                break;
            case COSET_INVERSE:
                cosetInverse(data, off, logN, shift, threads);
                break;
            default:
                throw new AssertionError(op);
        }
    }

    // ---------------------------------------------------------------- validation

    private static void checkLog(int logN) {
        if (logN < 0 || logN > MAX_LOG_N) {
            throw new IllegalArgumentException(
                    "NTT: logN must be in 0.." + MAX_LOG_N + " (Fr's 2-adicity), got " + logN);
        }
    }

    static void check(long[] data, int off, int logN, int batch, int threads) {
        checkLog(logN);
        if (data == null) throw new IllegalArgumentException("NTT: data is null");
        if (batch < 0) throw new IllegalArgumentException("NTT: batch must be >= 0, got " + batch);
        if (threads < 1) throw new IllegalArgumentException("NTT: threads must be >= 1, got " + threads);
        long need = (long) off + 4L * batch * (1L << logN);
        if (off < 0 || need > data.length) {
            throw new IllegalArgumentException("NTT: " + batch + " polynomial(s) of size 2^" + logN + " at offset "
                    + off + " need " + need + " longs, array has " + data.length);
        }
    }

    static void checkShift(long[] shift) {
        if (shift == null || shift.length < 4) throw new IllegalArgumentException("NTT: coset shift must be 4 longs");
        if (!F.isCanonical(shift, 0))
            throw new IllegalArgumentException("NTT: coset shift is not a reduced Fr element");
        if (Field.isZero(shift, 0)) throw new IllegalArgumentException("NTT: coset shift must be non-zero");
    }

    private static int effective(int logN, int threads) {
        // at least 2^10 elements per task, so that a task is worth its scheduling
        return logN < PARALLEL_MIN_LOG ? 1 : Math.min(threads, 1 << (logN - 10));
    }

    // ---------------------------------------------------------------- the transform

    /** Forward DIT transform, natural order in and out. */
    static void transform(long[] d, int off, int logN, int threads) {
        if (logN == 0) return;
        int bLog = blockLog(logN);
        transform(d, off, logN, threads, bLog, bLog < logN ? columnWidth(logN, bLog) : 1);
    }

    /** The transform with a given block (1 ≤ bLog ≤ logN) and column-group width (a power of two ≤ 2^bLog). */
    static void transform(long[] d, int off, int logN, int threads, int bLog, int width) {
        int n = 1 << logN;
        long[] tw = NttTwiddles.forLog(logN, threads);
        bitReverse(d, off, logN, threads);
        // phase 1: stages 0 .. bLog−1 inside each block of 2^bLog consecutive elements
        NttPool.forEach(threads, n >>> bLog, b -> {
            long[] tmp = new long[4];
            int base = off + 4 * (b << bLog);
            for (int s = 0; s < bLog; s++) stage(d, base, s, 0, 1 << (bLog - 1), tw, tmp);
        });
        // phase 2: stages bLog .. logN−1, column group by column group
        if (bLog < logN) {
            NttPool.forEach(
                    threads,
                    (1 << bLog) / width,
                    c -> upperStages(d, off, logN, bLog, c * width, (c + 1) * width, tw, new long[4]));
        }
    }

    /**
     * log2 of the phase-1 block: 2^12 elements (128 KiB) normally; up to 2^14 (512 KiB, still
     * within a 1 MiB L2) for the largest sizes, so that the phase-2 columns are not too tall.
     */
    static int blockLog(int logN) {
        return Math.min(logN, Math.max(BLOCK_LOG, Math.min(14, logN - 10)));
    }

    /** Columns per phase-2 group: about 256 KiB of data in all (rows · width · 32 bytes), at least 4. */
    static int columnWidth(int logN, int bLog) {
        int rows = 1 << (logN - bLog);
        return Math.min(1 << bLog, Math.max(4, (1 << 13) / rows));
    }

    /**
     * Stages bLog .. logN−1 restricted to the columns [lo, hi): the elements whose index mod 2^bLog
     * lies in [lo, hi). Stage s (half-size m = 2^s ≥ 2^bLog) pairs i and i + m with j = i mod m, and
     * i, i + m and every earlier partner of i share i mod 2^bLog, so each column group is a closed
     * sub-problem: it runs through all upper stages while its rows stay in cache, with no barrier
     * between stages.
     */
    private static void upperStages(long[] d, int off, int logN, int bLog, int lo, int hi, long[] tw, long[] tmp) {
        int n = 1 << logN, bSize = 1 << bLog;
        for (int s = bLog; s < logN; s++) {
            int m = 1 << s;
            for (int g = 0; g < n; g += 2 * m) {
                for (int jh = 0; jh < m; jh += bSize) {
                    int j = jh + lo;
                    int i0 = off + 4 * (g + j), i1 = i0 + 4 * m, ti = 4 * (m - 1 + j);
                    int x = lo;
                    if (j == 0) { // twiddle 1
                        Field.copy(d, i1, tmp, 0);
                        F.sub(d, i0, tmp, 0, d, i1);
                        F.add(d, i0, tmp, 0, d, i0);
                        i0 += 4;
                        i1 += 4;
                        ti += 4;
                        x++;
                    }
                    for (; x < hi; x++, i0 += 4, i1 += 4, ti += 4) {
                        F.mul(d, i1, tw, ti, tmp, 0);
                        F.sub(d, i0, tmp, 0, d, i1);
                        F.add(d, i0, tmp, 0, d, i0);
                    }
                }
            }
        }
    }

    /**
     * Butterflies k ∈ [from, to) of the stage with half-size m = 2^s over the array from
     * {@code off}: butterfly k is group k/m, index j = k mod m, pairing elements 2m·(k/m) + j and
     * that + m with twiddle ω_{2m}^j.
     */
    private static void stage(long[] d, int off, int s, int from, int to, long[] tw, long[] tmp) {
        int m = 1 << s;
        int k = from;
        while (k < to) {
            int j = k & (m - 1);
            int end = Math.min(to, (k | (m - 1)) + 1);
            int i0 = off + 4 * ((k - j) * 2 + j);
            int i1 = i0 + 4 * m;
            int ti = 4 * (m - 1 + j);
            if (j == 0) { // twiddle 1
                Field.copy(d, i1, tmp, 0);
                F.sub(d, i0, tmp, 0, d, i1);
                F.add(d, i0, tmp, 0, d, i0);
                i0 += 4;
                i1 += 4;
                ti += 4;
                k++;
            }
            for (; k < end; k++, i0 += 4, i1 += 4, ti += 4) {
                F.mul(d, i1, tw, ti, tmp, 0);
                F.sub(d, i0, tmp, 0, d, i1);
                F.add(d, i0, tmp, 0, d, i0);
            }
        }
    }

    /** Swaps element i with element bitrev(i), the permutation that lets DIT produce natural order. */
    static void bitReverse(long[] d, int off, int logN, int threads) {
        int n = 1 << logN;
        int shift = 32 - logN;
        int chunkLog = Math.min(logN, 12);
        NttPool.forEach(threads, n >>> chunkLog, c -> {
            for (int i = c << chunkLog, to = i + (1 << chunkLog); i < to; i++) {
                int j = Integer.reverse(i) >>> shift;
                if (i < j) {
                    int a = off + 4 * i, b = off + 4 * j;
                    long t0 = d[a], t1 = d[a + 1], t2 = d[a + 2], t3 = d[a + 3];
                    d[a] = d[b];
                    d[a + 1] = d[b + 1];
                    d[a + 2] = d[b + 2];
                    d[a + 3] = d[b + 3];
                    d[b] = t0;
                    d[b + 1] = t1;
                    d[b + 2] = t2;
                    d[b + 3] = t3;
                }
            }
        });
    }

    /** Element i ↔ element n − i for 0 &lt; i &lt; n/2: turns evaluations at ω^i into those at ω^(−i). */
    private static void reverseTail(long[] d, int off, int logN, int threads) {
        int n = 1 << logN;
        int pairs = n / 2; // i in [1, n/2)
        int per = pairs / threads;
        NttPool.run(threads, task -> {
            int from = Math.max(1, task * per), to = task == threads - 1 ? pairs : (task + 1) * per;
            for (int i = from; i < to; i++) {
                int a = off + 4 * i, b = off + 4 * (n - i);
                long t0 = d[a], t1 = d[a + 1], t2 = d[a + 2], t3 = d[a + 3];
                d[a] = d[b];
                d[a + 1] = d[b + 1];
                d[a + 2] = d[b + 2];
                d[a + 3] = d[b + 3];
                d[b] = t0;
                d[b + 1] = t1;
                d[b + 2] = t2;
                d[b + 3] = t3;
            }
        });
    }

    /** x_i ← c·q^i·x_i for i &lt; n; {@code q == null} means q = 1 (a plain scaling by c). */
    static void scalePowers(long[] d, int off, int logN, long[] c, long[] q, int threads) {
        int n = 1 << logN;
        int per = n / threads;
        NttPool.run(threads, task -> {
            int from = task * per, to = task == threads - 1 ? n : from + per;
            long[] cur = new long[4];
            if (q == null) {
                for (int i = from; i < to; i++) F.mul(d, off + 4 * i, c, 0, d, off + 4 * i);
                return;
            }
            F.pow(q, 0, BigInteger.valueOf(from), cur, 0);
            F.mul(cur, 0, c, 0, cur, 0);
            for (int i = from; i < to; i++) {
                F.mul(d, off + 4 * i, cur, 0, d, off + 4 * i);
                F.mul(cur, 0, q, 0, cur, 0);
            }
        });
    }
}
