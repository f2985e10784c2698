package io.coprover.math;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The twiddle factors of {@link Ntt}, computed once and shared by every size.
 *
 * <p>Layout: for each stage half-size m = 2^s (s = 0, 1, …), the m factors ω_{2m}^j, j &lt; m,
 * lie contiguously starting at element m − 1 of one flat Montgomery table. Since ω_{2m} does not
 * depend on the transform size, the table for sizes up to 2^L (2^L − 1 elements, (2^L − 1)·32
 * bytes) is a prefix of the table for any larger size: growing it keeps the old part and only the
 * new levels are computed. A stage reads its factors contiguously, which keeps the cache happy.
 *
 * <p>Only forward factors are stored: the inverse transform reuses them (see {@link Ntt}).
 */
final class NttTwiddles {
    private static final Field F = Field.FR;
    /** The table; its length is 4·(2^levels − 1). Replaced (never mutated) when it grows. */
    private static volatile long[] table = new long[0];

    private static int levels;

    private NttTwiddles() {}

    /** A table covering every stage of a size-2^logN transform (at least logN levels). */
    static long[] forLog(int logN, int threads) {
        long[] t = table;
        if (t.length >= 4 * ((1 << logN) - 1)) return t;
        return grow(logN, threads);
    }

    private static synchronized long[] grow(int logN, int threads) {
        if (levels >= logN) return table;
        int newLevels = logN;
        long[] t = Arrays.copyOf(table, 4 * ((1 << newLevels) - 1));
        // top level m = 2^(L−1): the powers ω_{2^L}^j, j < m, in parallel chunks
        int top = 1 << (newLevels - 1);
        long[] w = Ntt.omega(newLevels);
        int base = top - 1;
        int tasks = top >= (1 << 14) ? threads : 1;
        int chunk = (top + tasks - 1) / tasks;
        NttPool.run(tasks, c -> {
            int lo = c * chunk, hi = Math.min(top, lo + chunk);
            if (lo >= hi) return;
            long[] cur = new long[4];
            F.pow(w, 0, BigInteger.valueOf(lo), cur, 0);
            for (int j = lo; j < hi; j++) {
                Field.copy(cur, 0, t, 4 * (base + j));
                F.mul(cur, 0, w, 0, cur, 0);
            }
        });
        // lower new levels: ω_{2m}^j = ω_{4m}^{2j}, every second factor of the level above
        for (int s = newLevels - 2; s >= levels; s--) {
            int m = 1 << s;
            for (int j = 0; j < m; j++) Field.copy(t, 4 * (2 * m - 1 + 2 * j), t, 4 * (m - 1 + j));
        }
        levels = newLevels;
        table = t;
        return t;
    }
}
