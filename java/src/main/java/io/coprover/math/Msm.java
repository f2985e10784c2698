package io.coprover.math;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Multi-scalar multiplication Σ sᵢ·Pᵢ over BN254 G1 by Pippenger's bucket method.
 *
 * <p>Steps (following gnark-crypto's {@code ecc/bn254/multiexp.go}):
 * <ol>
 *   <li>Each scalar (Montgomery Fr → canonical, &lt; r &lt; 2^254) is split by the GLV
 *       endomorphism ({@link Glv}): k·P = k1·P + k2·φ(P) with |k1|, |k2| &lt; 2^127, so n points
 *       become 2n "virtual" points (P and φ(P) interleaved in a table) with 127-bit scalars, the
 *       sign of each half folded into its point. Each magnitude is cut into
 *       W = ⌊128/c⌋ + 1 signed c-bit digits dⱼ ∈ [−2^(c−1), 2^(c−1)): a window value v ≥ 2^(c−1)
 *       becomes v − 2^c with a carry into the next window. Negating an affine point is free, so
 *       only 2^(c−1) buckets per window are needed (half of plain Pippenger).</li>
 *   <li>Window j: bucket |dⱼ|−1 accumulates ±Pᵢ ({@link MsmWindow}): by batch-affine additions
 *       with Montgomery batch inversion for large inputs, by XYZZ mixed additions for small ones.</li>
 *   <li>Bucket reduction by running sums: Σ_b (b+1)·B_b = Σ_b (B_{top} + … + B_b).</li>
 *   <li>Windows combined by Horner's rule: S = Σⱼ 2^(c·j)·Sⱼ.</li>
 * </ol>
 * Work is split into (window, point-range) tasks spread over a thread pool. Points at infinity
 * (all-zero) and zero scalars contribute nothing.
 */
public final class Msm {
    /** Bits the digits cover: GLV halves are below 2^127, and the top window must not carry out. */
    static final int SCALAR_BITS = Glv.BITS + 1;
    /**
     * Largest window: a negated half's digits lie in (−2^(c−1), 2^(c−1)], which a short holds for
     * c ≤ 15 (at 2^16 points and beyond the cost model's choice is 13–15 anyway).
     */
    static final int MAX_WINDOW = 15;

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "coprover-msm");
        t.setDaemon(true);
        return t;
    });

    private Msm() {}

    /** Σ scalars[i]·bases[baseStart + i] for i &lt; count on all available cores. */
    public static long[] msm(long[] bases, int baseStart, long[] scalars, int count) {
        return msm(bases, baseStart, scalars, count, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Σ scalars[i]·bases[baseStart + i] for i &lt; count.
     *
     * @param bases   affine points, 8 longs each (Montgomery Fq x, y; all zero = infinity)
     * @param scalars Montgomery Fr elements, 4 longs each, from offset 0
     * @param threads how many threads may work (≥ 1)
     * @return the sum as an affine point (8 longs; all zero for infinity)
     */
    public static long[] msm(long[] bases, int baseStart, long[] scalars, int count, int threads) {
        check(bases, baseStart, scalars, count);
        if (threads < 1) throw new IllegalArgumentException("MSM: threads must be >= 1, got " + threads);
        if (count == 0) return G1.infinity();
        int c = windowBits(2 * count);
        return run(Glv.table(bases, baseStart, count), 0, scalars, count, threads, c, useBatchAffine(2 * count, c));
    }

    /**
     * Σ scalars[i]·P[start + i] for i &lt; count, where {@code table} = {@link Glv#table} of the
     * bases (P and φ(P) interleaved) — the form to keep when the same bases serve many MSMs.
     */
    public static long[] msmGlv(long[] table, int start, long[] scalars, int count, int threads) {
        checkTable(table, start, scalars, count);
        if (threads < 1) throw new IllegalArgumentException("MSM: threads must be >= 1, got " + threads);
        if (count == 0) return G1.infinity();
        int c = windowBits(2 * count);
        return run(table, start, scalars, count, threads, c, useBatchAffine(2 * count, c));
    }

    /** The MSM with a given window size c (2..MAX_WINDOW) and accumulation mode; for tests and tuning. */
    static long[] msm(long[] bases, int baseStart, long[] scalars, int count, int threads, int c, boolean batchAffine) {
        check(bases, baseStart, scalars, count);
        if (c < 2 || c > MAX_WINDOW)
            throw new IllegalArgumentException("MSM: window size must be 2.." + MAX_WINDOW + ", got " + c);
        if (count == 0) return G1.infinity();
        return run(Glv.table(bases, baseStart, count), 0, scalars, count, threads, c, batchAffine);
    }

    private static long[] run(
            long[] table, int start, long[] scalars, int count, int threads, int c, boolean batchAffine) {
        int windows = SCALAR_BITS / c + 1;
        int vcount = 2 * count, vstart = 2 * start; // virtual points: P_i at 2i, φ(P_i) at 2i + 1
        short[] digits = digits(table, vstart, scalars, count, c, windows, threads);

        // one task per (window, chunk); more than one chunk only when windows alone cannot keep
        // every thread busy
        int chunks = Math.max(1, (threads + windows - 1) / windows);
        int chunkLen = (vcount + chunks - 1) / chunks;
        int tasks = windows * chunks;
        long[] partial = new long[tasks * G1Xyzz.SIZE];
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            MsmWindow w = new MsmWindow(c, batchAffine);
            for (int task; (task = next.getAndIncrement()) < tasks; ) {
                int win = task / chunks, ch = task % chunks;
                int lo = ch * chunkLen, hi = Math.min(vcount, lo + chunkLen);
                w.run(table, vstart, digits, win * vcount, lo, hi, partial, task * G1Xyzz.SIZE);
            }
        };
        runAll(worker, Math.min(threads, tasks));

        // Horner over windows, most significant first
        long[] t = new long[G1Xyzz.SCRATCH];
        long[] acc = new long[G1Xyzz.SIZE];
        for (int win = windows - 1; win >= 0; win--) {
            if (win != windows - 1) for (int i = 0; i < c; i++) G1Xyzz.dbl(acc, 0, acc, 0, t);
            for (int ch = 0; ch < chunks; ch++) {
                G1Xyzz.add(acc, 0, partial, (win * chunks + ch) * G1Xyzz.SIZE, acc, 0, t);
            }
        }
        long[] r = new long[G1.SIZE];
        G1Xyzz.toAffine(acc, 0, r, 0);
        return r;
    }

    /**
     * The reference: Σ sᵢ·Pᵢ with one binary double-and-add per point (Jacobian), no windows,
     * no buckets. Slow; for tests and benchmarks.
     */
    public static long[] naive(long[] bases, int baseStart, long[] scalars, int count) {
        check(bases, baseStart, scalars, count);
        long[] t = new long[G1Jacobian.SCRATCH];
        long[] sum = new long[G1Jacobian.SIZE], acc = new long[G1Jacobian.SIZE];
        long[] k = new long[4];
        for (int i = 0; i < count; i++) {
            Field.FR.fromMont(scalars, 4 * i, k, 0);
            int po = (baseStart + i) * G1.SIZE;
            G1Jacobian.setInfinity(acc, 0);
            for (int bit = 255; bit >= 0; bit--) {
                G1Jacobian.dbl(acc, 0, acc, 0, t);
                if (((k[bit >>> 6] >>> (bit & 63)) & 1) != 0) G1Jacobian.addMixed(acc, 0, bases, po, acc, 0, t);
            }
            G1Jacobian.add(sum, 0, acc, 0, sum, 0, t);
        }
        return G1Jacobian.toAffine(sum, 0);
    }

    /** Same as {@link #naive(long[], int, long[], int)}; the thread count is ignored. */
    public static long[] naive(long[] bases, int baseStart, long[] scalars, int count, int threads) {
        return naive(bases, baseStart, scalars, count);
    }

    private static void checkTable(long[] table, int start, long[] scalars, int count) {
        if (count < 0 || start < 0) throw new IllegalArgumentException("MSM: negative count or start");
        if ((start + (long) count) * 2 * G1.SIZE > table.length) {
            throw new IllegalArgumentException("MSM: the GLV table holds " + table.length / (2 * G1.SIZE)
                    + " bases, need " + (start + (long) count));
        }
        if ((long) count * 4 > scalars.length) {
            throw new IllegalArgumentException("MSM: scalars hold " + scalars.length / 4 + " elements, need " + count);
        }
    }

    private static void check(long[] bases, int baseStart, long[] scalars, int count) {
        if (count < 0) throw new IllegalArgumentException("MSM: negative count " + count);
        if (baseStart < 0) throw new IllegalArgumentException("MSM: negative baseStart " + baseStart);
        if ((baseStart + (long) count) * G1.SIZE > bases.length) {
            throw new IllegalArgumentException(
                    "MSM: bases hold " + bases.length / G1.SIZE + " points, need " + (baseStart + (long) count));
        }
        if ((long) count * 4 > scalars.length) {
            throw new IllegalArgumentException("MSM: scalars hold " + scalars.length / 4 + " elements, need " + count);
        }
    }

    /**
     * Window size c for n points, minimising a cost model in field multiplications: every window
     * costs n bucket additions (batch-affine ≈ 7 + 400/batch each, the 400 being one Fermat
     * inversion; XYZZ mixed ≈ 10) plus a running-sum reduction over 2^(c−1) buckets (≈ 20 per
     * bucket from affine buckets, 28 from XYZZ ones). The constants were fitted to single-thread
     * measurements at 2^10…2^18 points: the chosen c was the fastest, or within 2 % of it, at each.
     */
    static int windowBits(int n) {
        boolean ba = n >= BATCH_AFFINE_MIN;
        int best = 3;
        double bestCost = Double.MAX_VALUE;
        for (int c = 3; c <= MAX_WINDOW; c++) {
            int w = SCALAR_BITS / c + 1;
            double perPoint = ba ? 7.0 + 400.0 / MsmWindow.batchSize(c) : 10.0;
            double cost = w * (n * perPoint + (1 << (c - 1)) * (ba ? 20.0 : 28.0));
            if (cost < bestCost) {
                bestCost = cost;
                best = c;
            }
        }
        return best;
    }

    /** Below this many points XYZZ buckets win: batches would be too small to amortise inversions. */
    static final int BATCH_AFFINE_MIN = 1 << 12;

    static boolean useBatchAffine(int n, int c) {
        return n >= BATCH_AFFINE_MIN && c >= 9;
    }

    /**
     * Signed c-bit digits of the GLV halves, layout [window][virtual point] (point 2i carries
     * k1 of scalar i, point 2i + 1 carries k2; a negative half has its digits negated), each in
     * [−2^(c−1), 2^(c−1)], a short for c ≤ {@link #MAX_WINDOW}. Points at infinity get zero digits.
     */
    static short[] digits(long[] table, int vstart, long[] scalars, int count, int c, int windows, int threads) {
        final int vcount = 2 * count;
        short[] d = new short[windows * vcount];
        int parts = Math.min(threads, Math.max(1, count / 4096));
        int len = (count + parts - 1) / parts;
        AtomicInteger next = new AtomicInteger();
        runAll(
                () -> {
                    long[] k = new long[4], halves = new long[4], mag = new long[3], scratch = new long[Glv.SCRATCH];
                    for (int p; (p = next.getAndIncrement()) < parts; ) {
                        for (int i = p * len, end = Math.min(count, i + len); i < end; i++) {
                            if (G1.isInfinity(table, (vstart + 2 * i) * G1.SIZE)) continue;
                            Field.FR.fromMont(scalars, 4 * i, k, 0);
                            int signs = Glv.split(k, 0, halves, scratch);
                            for (int h = 0; h < 2; h++) {
                                mag[0] = halves[2 * h];
                                mag[1] = halves[2 * h + 1];
                                mag[2] = 0;
                                int sign = ((signs >>> h) & 1) != 0 ? -1 : 1;
                                int carry = 0;
                                long mask = (1L << c) - 1, half = 1L << (c - 1);
                                for (int w = 0; w < windows; w++) {
                                    int s = w * c, limb = s >>> 6, sh = s & 63;
                                    long v = mag[limb] >>> sh;
                                    if (sh + c > 64 && limb < 2) v |= mag[limb + 1] << (64 - sh);
                                    v = (v & mask) + carry;
                                    if (v >= half) {
                                        v -= 1L << c;
                                        carry = 1;
                                    } else carry = 0;
                                    d[w * vcount + 2 * i + h] = (short) (sign * v);
                                }
                                if (carry != 0)
                                    throw new IllegalStateException(
                                            "MSM: GLV half of scalar " + i + " exceeds 2^" + Glv.BITS);
                            }
                        }
                    }
                },
                parts);
        return d;
    }

    /** Runs {@code n} copies of {@code r}: n − 1 on the pool and one on the calling thread. */
    private static void runAll(Runnable r, int n) {
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 1; i < n; i++) fs.add(POOL.submit(r));
        r.run();
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("MSM interrupted", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException) throw (RuntimeException) cause;
                if (cause instanceof Error) throw (Error) cause;
                throw new IllegalStateException(cause);
            }
        }
    }
}
