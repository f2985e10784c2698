package io.coprover.builder;

import io.coprover.protocol.Bytes;

import java.util.List;
import java.util.Optional;

/**
 * The builder's durable job store: what was accepted survives a restart. The embedded
 * implementation is {@link MvStoreBuilderQueue} (H2 MVStore file); a PostgreSQL queue can back the
 * same interface (claim = {@code SELECT … FOR UPDATE SKIP LOCKED}, lease = {@code leaseUntil}).
 *
 * <p>All methods are thread-safe. Times are Unix ms, passed in (the queue has no clock).
 */
public interface BuilderQueue extends AutoCloseable {
    /**
     * Stores a new QUEUED job, or returns the existing job with the same id (a resubmission is the
     * same job: ids are content hashes).
     */
    BuilderJob submit(Bytes id, String client, byte[] request, long deadline, long now);

    /**
     * Takes the oldest QUEUED job whose deadline is after {@code now}, marks it RUNNING (attempts + 1)
     * with a lease until {@code now + leaseMillis}; empty if there is none.
     */
    Optional<BuilderJob> claim(long now, long leaseMillis);

    /** Extends a RUNNING job's lease; false if the job is no longer RUNNING (cancelled, expired). */
    boolean heartbeat(Bytes id, long now, long leaseMillis);

    /** RUNNING → DONE with the encoded proof record; false if the job is no longer RUNNING. */
    boolean complete(Bytes id, byte[] result);

    /**
     * RUNNING → QUEUED if it has been claimed fewer than {@code maxAttempts} times, else FAILED with
     * {@code reason}; returns the new state (null if the job was not RUNNING).
     */
    BuilderJob.State fail(Bytes id, String reason, int maxAttempts);

    /** QUEUED/RUNNING → CANCELLED; false if unknown or already final. */
    boolean cancel(Bytes id, String reason);

    /**
     * Housekeeping: QUEUED or RUNNING jobs past their deadline → EXPIRED; RUNNING jobs whose lease
     * ended → QUEUED (the worker died). Returns how many jobs changed.
     */
    int sweep(long now);

    /** Every RUNNING job back to QUEUED: a single-process builder calls this on start. */
    int requeueRunning();

    Optional<BuilderJob> get(Bytes id);

    /** Jobs of {@code client} (null: all) in a final state with {@code finishedSeq > after}, by sequence, at most {@code limit}. */
    List<BuilderJob> finishedAfter(String client, long after, int limit);

    /**
     * Waits until a job reaches a final state with a sequence number above {@code after}, or
     * {@code millis} pass (the result stream's long poll). May return early; callers re-query.
     */
    default void awaitFinished(long after, long millis) throws InterruptedException {
        Thread.sleep(Math.min(millis, 100));
    }

    /** QUEUED or RUNNING jobs of {@code client} (its quota counts these). */
    int activeCount(String client);

    /** QUEUED jobs in all. */
    int queuedCount();

    @Override
    void close();
}
