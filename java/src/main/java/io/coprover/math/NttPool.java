package io.coprover.math;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * The fork/join pool behind {@link Ntt}: runs {@code tasks} indexed pieces of work, one on the
 * calling thread and the rest on a pool sized to the machine, and waits for all of them. Workers
 * are daemon threads, so an idle pool never keeps the JVM alive. Calls may nest (a piece may run
 * another {@code run}); joins inside the pool help with queued work instead of blocking.
 */
final class NttPool {
    private static final ForkJoinPool POOL = new ForkJoinPool(Runtime.getRuntime().availableProcessors(),
            pool -> {
                var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                t.setName("coprover-ntt-" + t.getPoolIndex());
                t.setDaemon(true);
                return t;
            }, null, false);

    private NttPool() {}

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
