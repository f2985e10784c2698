package io.coprover.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Every item's work runs once, cheap (on the calling thread) or costly (then on every core). */
class CostlyInParallelTest {
    private static void runsEachOnce(int n, long spinNs) {
        int[] items = new int[n + 3];
        for (int i = 0; i < items.length; i++) items[i] = items.length - 1 - i; // distinct, not in order
        AtomicIntegerArray runs = new AtomicIntegerArray(items.length);
        CostlyInParallel.forEach(items, n, i -> {
            long t = System.nanoTime();
            while (System.nanoTime() - t < spinNs) Thread.onSpinWait();
            runs.incrementAndGet(i);
        });
        int total = 0;
        for (int i = 0; i < items.length; i++) total += runs.get(i);
        assertEquals(n, total);
        for (int k = 0; k < n; k++) assertEquals(1, runs.get(items[k]));
    }

    @Test
    void cheapAndCostlyWorkEachRunOnce() {
        for (int n : new int[] {0, 1, CostlyInParallel.PROBE, CostlyInParallel.PROBE + 1, 200}) {
            runsEachOnce(n, 0);
            runsEachOnce(n, 2 * CostlyInParallel.COSTLY_NS);
        }
    }
}
