package io.coprover.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one durable job queue of coprover: the proving farm's jobs and the proof builder's accepted
 * requests both live in one, and {@link JobWorker} is the one loop that drains it.
 *
 * <h2>Life of a job</h2>
 * A caller {@linkplain #submit submits} a kind and payload bytes (optionally with an owner and a
 * deadline); a worker {@linkplain #claim claims} it and gets a {@link Lease} that lapses unless
 * {@linkplain #heartbeat extended}; the worker then {@linkplain #complete completes} it with result
 * bytes or {@linkplain #fail fails} it with a reason. A failed attempt, or a lease that lapsed (the
 * worker died or hung), puts the job back in the queue while retries remain: a job with
 * {@code maxRetries = N} runs at most {@code N + 1} times, then becomes {@link JobState#FAILED}
 * with the last reason; a failure that no retry can mend (bad input) fails it at once. A job not
 * yet final can be {@linkplain #cancel cancelled}, and one whose deadline passes is
 * {@link JobState#EXPIRED} instead of being handed out.
 *
 * <h2>Guarantees every implementation gives (the conformance tests check them)</h2>
 * <ul>
 *   <li>Exclusive claims: a job is held by at most one live lease at a time; jobs are handed out
 *       oldest first among the kinds a worker asks for, never after their deadline.</li>
 *   <li>Fencing: each claim gets a new token, and every later call must present the token of the
 *       current attempt, so a job is completed at most once, and a worker that lost its lease
 *       learns so (the call returns false) instead of overwriting another worker's attempt. A worker
 *       whose lease lapsed may still complete until the job is re-queued (its result is as good as
 *       any); after that its calls return false.</li>
 *   <li>Idempotent submission: a caller-given key names one job forever; submitting the same key
 *       again returns the first id (and is refused if kind or payload differ).</li>
 *   <li>Every job that reaches a final state gets the next number of one increasing sequence, so a
 *       listing of finished jobs ({@link #finishedAfter}) can resume where it stopped.</li>
 *   <li>A queue with a persistent store keeps jobs, states, results and leases across close and
 *       reopen.</li>
 * </ul>
 * Implementations are thread-safe.
 */
public interface JobQueue extends AutoCloseable {
    /** Largest payload or result a queue accepts. */
    int MAX_BYTES = 80 << 20;
    /** Largest number of retries a job may ask for. */
    int MAX_RETRIES = 1000;

    /**
     * Adds a job.
     *
     * @param key        idempotency key chosen by the caller (≤ 200 chars), or null for none
     * @param kind       job kind (1–64 chars: letters, digits, {@code . _ : -})
     * @param payload    the job's input (≤ {@link #MAX_BYTES})
     * @param maxRetries re-runs allowed after the first attempt (0..{@link #MAX_RETRIES})
     * @param owner      who submits it (1–200 chars; listings and counts filter by it), or null
     * @param deadline   when the job expires unrun, or null for never
     * @return the job id (the existing one when {@code key} was submitted before)
     * @throws IllegalArgumentException for bad arguments, or a key already used for another kind or payload
     */
    long submit(String key, String kind, byte[] payload, int maxRetries, String owner, Instant deadline);

    /** {@link #submit(String, String, byte[], int, String, Instant)} with no owner and no deadline. */
    default long submit(String key, String kind, byte[] payload, int maxRetries) {
        return submit(key, kind, payload, maxRetries, null, null);
    }

    /** {@link #submit(String, String, byte[], int)} without an idempotency key. */
    default long submit(String kind, byte[] payload, int maxRetries) {
        return submit(null, kind, payload, maxRetries);
    }

    /**
     * Claims the oldest queued job of one of {@code kinds} (any kind when empty) whose deadline has
     * not passed, first re-queuing jobs whose leases lapsed and expiring jobs past their deadline
     * (an implementation may sweep at most every few hundred milliseconds).
     *
     * @param workerId who claims (shown in status; 1–200 chars)
     * @param lease    how long the lease lasts without a heartbeat
     * @return the lease, or empty when nothing is queued
     */
    Optional<Lease> claim(String workerId, Set<String> kinds, Duration lease);

    /**
     * Extends a lease to {@code now + lease}.
     *
     * @return false when the lease is lost (the job was re-queued, claimed again, cancelled or finished)
     */
    boolean heartbeat(Lease lease, Duration extend);

    /**
     * Stores the result and marks the job DONE.
     *
     * @return false (and stores nothing) when the lease is lost
     */
    boolean complete(Lease lease, byte[] result);

    /**
     * Ends the attempt as failed: with {@code retry}, the job is re-queued while retries remain,
     * else FAILED; without, it is FAILED at once (its input can never succeed).
     *
     * @return false when the lease is lost (nothing changes)
     */
    boolean fail(Lease lease, String reason, boolean retry);

    /** {@link #fail(Lease, String, boolean)} with retries. */
    default boolean fail(Lease lease, String reason) {
        return fail(lease, reason, true);
    }

    /**
     * Gives the job back unrun (a worker shutting down): it is re-queued and this attempt does not
     * count against its retries.
     *
     * @return false when the lease is lost
     */
    boolean release(Lease lease, String reason);

    /**
     * Withdraws a QUEUED or RUNNING job: it becomes CANCELLED, and a worker running it loses its
     * lease (its next heartbeat returns false).
     *
     * @return false when the job is unknown or already final
     */
    boolean cancel(long jobId, String reason);

    /**
     * Re-queues (or fails, when out of retries) every running job whose lease has lapsed, and
     * expires every open job whose deadline has passed. Claims do this too; a monitor may call it
     * directly.
     *
     * @return how many jobs changed state
     */
    int requeueExpired();

    /**
     * Puts every RUNNING job back in the queue (the attempt counts, as for a lapsed lease) without
     * waiting for its lease: for a process that is the only worker of its queue, at its start, when
     * every lease it finds was held by its previous run.
     *
     * @return how many jobs were re-queued
     */
    int requeueRunning(String reason);

    /** The job's snapshot, or empty for an unknown id. */
    Optional<JobInfo> status(long jobId);

    /** The result of a DONE job, else empty. */
    Optional<byte[]> result(long jobId);

    /** The payload of a job, or empty for an unknown id. */
    Optional<byte[]> payload(long jobId);

    /** The id submitted under {@code key}, if any. */
    Optional<Long> findByKey(String key);

    /**
     * Jobs that reached a final state with {@link JobInfo#finishedSeq()} above {@code afterSeq}, in
     * that order, at most {@code limit}; only {@code owner}'s when it is not null.
     */
    List<JobInfo> finishedAfter(String owner, long afterSeq, int limit);

    /**
     * Waits until some job has reached a final state with a sequence number above {@code afterSeq},
     * or {@code millis} pass (a long poll of {@link #finishedAfter}). May return early; callers
     * query again.
     */
    default void awaitFinished(long afterSeq, long millis) throws InterruptedException {
        Thread.sleep(Math.max(1, Math.min(millis, 100)));
    }

    /** How many jobs are in each state; only {@code owner}'s when it is not null. */
    QueueCounts counts(String owner);

    /** How many jobs are in each state. */
    default QueueCounts counts() {
        return counts(null);
    }

    /**
     * Whether processes other than this one may work this queue (PostgreSQL): then a restarting
     * worker must let its old leases lapse rather than {@linkplain #requeueRunning re-queue} every
     * running job, which may be another process's.
     */
    boolean shared();

    /** A short description for logs (never contains a password). */
    String describe();

    @Override
    void close();

    /** Checks submit arguments the same way in every implementation. */
    static void checkSubmit(String key, String kind, byte[] payload, int maxRetries, String owner) {
        if (key != null && (key.isEmpty() || key.length() > 200))
            throw new IllegalArgumentException("job key must be 1..200 characters");
        checkKind(kind);
        if (payload == null) throw new IllegalArgumentException("job payload is required");
        if (payload.length > MAX_BYTES)
            throw new IllegalArgumentException("job payload of " + payload.length + " bytes exceeds " + MAX_BYTES);
        if (maxRetries < 0 || maxRetries > MAX_RETRIES)
            throw new IllegalArgumentException("maxRetries must be 0.." + MAX_RETRIES + ", got " + maxRetries);
        if (owner != null && (owner.isEmpty() || owner.length() > 200))
            throw new IllegalArgumentException("job owner must be 1..200 characters");
    }

    /** Checks a job kind: 1–64 characters from letters, digits and {@code . _ : -}. */
    static void checkKind(String kind) {
        if (kind == null || kind.isEmpty() || kind.length() > 64 || !kind.matches("[A-Za-z0-9._:-]+")) {
            throw new IllegalArgumentException("job kind must be 1..64 characters of [A-Za-z0-9._:-], got "
                    + (kind == null ? "null" : "\"" + kind + "\""));
        }
    }

    /** Checks claim arguments. */
    static void checkClaim(String workerId, Set<String> kinds, Duration lease) {
        if (workerId == null || workerId.isBlank() || workerId.length() > 200)
            throw new IllegalArgumentException("worker id must be 1..200 characters");
        if (kinds == null) throw new IllegalArgumentException("kinds must not be null (empty means any kind)");
        for (String k : kinds) checkKind(k);
        checkLease(lease);
    }

    /** Checks a lease duration: 1 ms to 1 day. */
    static void checkLease(Duration lease) {
        if (lease == null || lease.toMillis() < 1 || lease.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("lease must be between 1 ms and 1 day, got " + lease);
        }
    }

    /** Checks result bytes. */
    static void checkResult(byte[] result) {
        if (result == null) throw new IllegalArgumentException("job result is required");
        if (result.length > MAX_BYTES)
            throw new IllegalArgumentException("job result of " + result.length + " bytes exceeds " + MAX_BYTES);
    }

    /** Checks a listing's limit: 1..10000. */
    static void checkLimit(int limit) {
        if (limit < 1 || limit > 10_000) throw new IllegalArgumentException("limit must be 1..10000, got " + limit);
    }

    /** Trims a failure reason to what a status shows. */
    static String reason(String reason) {
        String r = reason == null || reason.isBlank() ? "(no reason given)" : reason;
        return r.length() > 2000 ? r.substring(0, 2000) + "…" : r;
    }
}
