package io.coprover.jobs;

/**
 * Where a job of a {@link JobQueue} stands. {@code QUEUED → RUNNING → DONE}; a failed attempt or a
 * lapsed lease goes back to {@code QUEUED} while retries remain, else to {@code FAILED}; a job not
 * yet final may be {@code CANCELLED} by its submitter, or {@code EXPIRED} when its deadline passes.
 * DONE, FAILED, CANCELLED and EXPIRED are final.
 */
public enum JobState {
    /** Waiting for a worker to claim it. */
    QUEUED,
    /** Claimed by a worker that holds an unexpired (or not yet reclaimed) lease. */
    RUNNING,
    /** Completed once, with a stored result. */
    DONE,
    /** Out of retries, or failed for good; the last reason is kept. */
    FAILED,
    /** Withdrawn by its submitter before it finished. */
    CANCELLED,
    /** Its deadline passed before it finished. */
    EXPIRED;

    /** Whether the job will not change any more. */
    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }
}
