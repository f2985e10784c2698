package io.coprover.protocol;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs independent per-item work on the calling thread while it is cheap, on every core once it
 * proves costly. The same checks cost a microsecond with the modelled VRF and signatures and a
 * hundred with the real ones; handing cheap ones to a fork-join pool costs more than it saves.
 * What the work computes does not depend on where it ran.
 */
public final class CostlyInParallel {
    /** Items timed on the calling thread before deciding. */
    static final int PROBE = 8;
    /** Mean nanoseconds per item from which the rest runs in parallel. */
    static final long COSTLY_NS = 20_000;

    private CostlyInParallel() {}

    /** Runs {@code work} on {@code items[0..n)}; each item's work must be independent of the others'. */
    public static void forEach(int[] items, int n, IntConsumer work) {
        int probe = Math.min(n, PROBE);
        long t0 = System.nanoTime();
        for (int i = 0; i < probe; i++) work.accept(items[i]);
        if (probe == n) return;
        if ((System.nanoTime() - t0) / probe >= COSTLY_NS) {
            IntStream.range(probe, n).parallel().forEach(i -> work.accept(items[i]));
        } else {
            for (int i = probe; i < n; i++) work.accept(items[i]);
        }
    }
}
