package io.coprover.scheduler;

import java.util.function.LongSupplier;

/**
 * Scheduler settings.
 *
 * @param maxRetries      how many times a failed job is tried again (on another worker when there is
 *                        one) before it is FAILED; default 2
 * @param cpuSlots        jobs the CPU pool (a {@link io.coprover.backend.JavaBackend}) runs at once;
 *                        default 1, since one PLONK proof already uses every core
 * @param proofsPerNode   PROOFS_PER_NODE: a job is cancelled once this many better proofs of its
 *                        node are known; default 3
 * @param clock           the time deadlines are measured in (L1 height, milliseconds, …); default
 *                        {@link System#currentTimeMillis()}
 * @param sweepMillis     how often idle workers look for queued jobs past their deadline; default 200
 */
public record SchedulerConfig(int maxRetries, int cpuSlots, int proofsPerNode, LongSupplier clock, long sweepMillis) {
    public SchedulerConfig {
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be ≥ 0: " + maxRetries);
        if (cpuSlots < 1) throw new IllegalArgumentException("cpuSlots must be ≥ 1: " + cpuSlots);
        if (proofsPerNode < 1) throw new IllegalArgumentException("proofsPerNode must be ≥ 1: " + proofsPerNode);
        if (clock == null) throw new IllegalArgumentException("clock is required");
        if (sweepMillis < 1) throw new IllegalArgumentException("sweepMillis must be ≥ 1: " + sweepMillis);
    }

    public static SchedulerConfig defaults() {
        return new SchedulerConfig(2, 1, 3, System::currentTimeMillis, 200);
    }

    public SchedulerConfig withMaxRetries(int n) {
        return new SchedulerConfig(n, cpuSlots, proofsPerNode, clock, sweepMillis);
    }

    public SchedulerConfig withCpuSlots(int n) {
        return new SchedulerConfig(maxRetries, n, proofsPerNode, clock, sweepMillis);
    }

    public SchedulerConfig withClock(LongSupplier c) {
        return new SchedulerConfig(maxRetries, cpuSlots, proofsPerNode, c, sweepMillis);
    }

    public SchedulerConfig withProofsPerNode(int n) {
        return new SchedulerConfig(maxRetries, cpuSlots, n, clock, sweepMillis);
    }
}
