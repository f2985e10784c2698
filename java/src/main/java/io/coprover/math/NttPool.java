package io.coprover.math;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The fork/join pool behind {@link Ntt}: runs {@code tasks} indexed pieces of work, one on the
 * calling thread and the rest on a pool sized to the machine, and waits for all of them. Workers
 * are daemon threads, so an idle pool never keeps the JVM alive. Calls may nest (a piece may run
 * another {@code run}); joins inside the pool help with queued work instead of blocking.
 */
final class NttPool {
    private static final ForkJoinPool POOL = new ForkJoinPool(
            Runtime.getRuntime().availableProcessors(),
            pool -> {
                var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                t.setName("coprover-ntt-" + t.getPoolIndex());
                t.setDaemon(true);
                return t;
            },
            null,
            false);

    private NttPool() {}

    /**
     * Runs {@code body} for every piece 0 .. count−1 on up to {@code threads} threads that claim
     * pieces one at a time, so an uneven or interrupted thread only delays its current piece.
     */
    static void forEach(int threads, int count, IntConsumer body) {
        if (threads <= 1 || count <= 1) {
            for (int i = 0; i < count; i++) body.accept(i);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        run(Math.min(threads, count), w -> {
            for (int i; (i = next.getAndIncrement()) < count; ) body.accept(i);
        });
    }

    /** Runs {@code body(0 .. tasks−1)}, one call per task, and waits for all of them. */
    static void run(int tasks, IntConsumer body) {
        if (tasks <= 1) {
            body.accept(0);
            return;
        }
        ForkJoinTask<?>[] fs = new ForkJoinTask<?>[tasks - 1];
        for (int i = 1; i < tasks; i++) {
            final int idx = i;
            fs[i - 1] = POOL.submit(() -> body.accept(idx));
        }
        RuntimeException first = null;
        try {
            body.accept(0);
        } catch (RuntimeException e) {
            first = e;
        }
        for (ForkJoinTask<?> f : fs) {
            try {
                f.join();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }
}
