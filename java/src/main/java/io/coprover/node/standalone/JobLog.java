package io.coprover.node.standalone;

import io.coprover.log.Log;
import io.coprover.scheduler.JobId;
import io.coprover.scheduler.JobListener;
import io.coprover.scheduler.JobSnapshot;
import io.coprover.scheduler.JobState;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Logs the scheduler's job events: one line per state change ({@code job.queued} at debug — a block
 * queues many —, {@code job.running}, {@code job.done}, {@code job.retry}, {@code job.failed},
 * {@code job.cancelled}) and, for long proofs, a {@code job.progress} line at most once per
 * {@code progressEvery} per job: a proof shorter than that never prints one.
 */
public final class JobLog implements JobListener {
    private final Log log;
    private final LongSupplier millis;
    private final long progressEvery;
    /** Running jobs: when they started and when their last progress line was written. */
    private final Map<JobId, long[]> running = new HashMap<>();

    /** Logs to {@code coprover.jobs}, progress at most every 10 s per job, wall clock. */
    public JobLog() {
        this(Log.get("jobs"), 10_000, System::currentTimeMillis);
    }

    public JobLog(Log log, long progressEveryMillis, LongSupplier millis) {
        if (progressEveryMillis < 1)
            throw new IllegalArgumentException("progress interval must be ≥ 1 ms: " + progressEveryMillis);
        this.log = log;
        this.progressEvery = progressEveryMillis;
        this.millis = millis;
    }

    @Override
    public synchronized void onState(JobSnapshot s) {
        long now = millis.getAsLong();
        long[] run = s.state() == JobState.RUNNING ? null : running.remove(s.id());
        String id = s.id().toString();
        switch (s.state()) {
            case QUEUED -> {
                if (s.attempts() == 0)
                    log.debug(
                            "job.queued",
                            "id",
                            id,
                            "reward",
                            s.terms().expectedReward(),
                            "deadline",
                            s.terms().deadline());
                else log.warn("job.retry", "id", id, "attempts", s.attempts(), "reason", s.reason());
            }
            case RUNNING -> {
                running.put(s.id(), new long[] {now, now});
                log.info("job.running", "id", id, "worker", s.worker(), "attempt", s.attempts());
            }
            case DONE -> {
                if (s.reused()) log.info("job.done", "id", id, "reused", true);
                else
                    log.info(
                            "job.done",
                            "id",
                            id,
                            "worker",
                            s.worker(),
                            "seconds",
                            seconds(run == null ? 0 : now - run[0]));
            }
            case FAILED ->
                log.warn("job.failed", "id", id, "worker", s.worker(), "attempts", s.attempts(), "reason", s.reason());
            case CANCELLED -> log.info("job.cancelled", "id", id, "reason", s.reason());
        }
    }

    @Override
    public synchronized void onProgress(JobId id, String worker, double fraction, String phase) {
        long[] run = running.get(id);
        if (run == null) return;
        long now = millis.getAsLong();
        if (now - run[1] < progressEvery) return;
        run[1] = now;
        log.info(
                "job.progress",
                "id",
                id.toString(),
                "worker",
                worker,
                "percent",
                String.format(Locale.ROOT, "%.0f", fraction * 100),
                "phase",
                phase == null ? "" : phase,
                "seconds",
                seconds(now - run[0]));
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
