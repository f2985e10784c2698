package io.coprover.plonk;

import io.coprover.math.Field;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/** Coefficient-form polynomial helpers on flat Montgomery Fr arrays (4 longs per coefficient). */
final class Polys {
    private static final Field F = Field.FR;
    /** Below this many elements a loop runs on one thread. */
    static final int PAR_MIN = 1 << 12;

    private Polys() {}

    /**
     * The coefficient-form steps of prover rounds 4 and 5: this class's Java code, or a backend's
     * native kernels ({@link io.coprover.backend.PlonkKernels}) with the same results.
     */
    interface Ops {
        long[] eval(long[] p, int len, long[] x);

        void addScaled(long[] r, long[] p, int len, long[] s);

        long[] divideByLinear(long[] p, int len, long[] z);
    }

    /** The Java implementation of {@link Ops}. */
    static final Ops JAVA = new Ops() {
        @Override
        public long[] eval(long[] p, int len, long[] x) {
            return Polys.eval(p, len, x);
        }

        @Override
        public void addScaled(long[] r, long[] p, int len, long[] s) {
            Polys.addScaled(r, p, len, s);
        }

        @Override
        public long[] divideByLinear(long[] p, int len, long[] z) {
            return Polys.divideByLinear(p, len, z);
        }
    };

    /** {@link Ops} by a backend's native kernels. */
    static Ops of(io.coprover.backend.PlonkKernels k) {
        return new Ops() {
            @Override
            public long[] eval(long[] p, int len, long[] x) {
                return k.polyEval(p, len, x);
            }

            @Override
            public void addScaled(long[] r, long[] p, int len, long[] s) {
                k.addScaled(r, p, len, s);
            }

            @Override
            public long[] divideByLinear(long[] p, int len, long[] z) {
                return k.divideByLinear(p, len, z);
            }
        };
    }

    /** Runs body(from, to) over [0, count) in chunks on all cores. */
    static void parallel(int count, java.util.function.BiConsumer<Integer, Integer> body) {
        int threads = ForkJoinPool.commonPool().getParallelism() + 1;
        if (count < PAR_MIN || threads <= 1) {
            body.accept(0, count);
            return;
        }
        int chunks = Math.min(4 * threads, count / (PAR_MIN / 4));
        int size = (count + chunks - 1) / chunks;
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = c * size, to = Math.min(count, from + size);
            if (from < to) body.accept(from, to);
        });
    }

    /** p(x) for the first {@code len} coefficients of p, by chunked Horner's rule. */
    static long[] eval(long[] p, int len, long[] x) {
        int threads = ForkJoinPool.commonPool().getParallelism() + 1;
        int chunks = len < PAR_MIN ? 1 : Math.min(4 * threads, 64);
        int size = (len + chunks - 1) / chunks;
        long[] partial = new long[4 * chunks];
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = c * size, to = Math.min(len, from + size);
            long[] acc = new long[4];
            for (int i = to - 1; i >= from; i--) {
                F.mul(acc, 0, x, 0, acc, 0);
                F.add(acc, 0, p, 4 * i, acc, 0);
            }
            long[] xs = new long[4];
            F.pow(x, 0, java.math.BigInteger.valueOf(Math.max(from, 0)), xs, 0);
            F.mul(acc, 0, xs, 0, partial, 4 * c);
        });
        long[] r = new long[4];
        for (int c = 0; c < chunks; c++) F.add(r, 0, partial, 4 * c, r, 0);
        return r;
    }

    /**
     * Divides p (len coefficients) by (X − z) in place by synthetic division: afterwards
     * p[0..len−2] holds the quotient and p[len−1] = 0. Returns the remainder p(z).
     */
    static long[] divideByLinear(long[] p, int len, long[] z) {
        long[] carry = new long[4], v = new long[4];
        for (int k = len - 1; k >= 0; k--) {
            F.mul(carry, 0, z, 0, v, 0); // carry = q_k (0 above the top)
            F.add(v, 0, p, 4 * k, v, 0); // v = p_k + z·q_k = q_{k−1} (or the remainder at k = 0)
            Field.copy(carry, 0, p, 4 * k);
            Field.copy(v, 0, carry, 0);
        }
        return carry;
    }

    /** r += s·p over the first len coefficients of p (r must be at least as long). */
    static void addScaled(long[] r, long[] p, int len, long[] s) {
        parallel(len, (from, to) -> {
            long[] t = new long[4];
            for (int i = from; i < to; i++) {
                F.mul(p, 4 * i, s, 0, t, 0);
                F.add(r, 4 * i, t, 0, r, 4 * i);
            }
        });
    }
}
