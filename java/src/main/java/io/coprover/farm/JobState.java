package io.coprover.farm;

/**
 * Where a job of a {@link JobQueue} stands. {@code QUEUED → RUNNING → DONE}; a failed attempt or an
 * expired lease goes back to {@code QUEUED} while retries remain, else to {@code FAILED}. DONE and
 * FAILED are final.
 */
public enum JobState {
    /** Waiting for a worker to claim it. */
    QUEUED,
    /** Claimed by a worker that holds an unexpired (or not yet reclaimed) lease. */
    RUNNING,
    /** Completed once, with a stored result. */
    DONE,
    /** Out of retries; the last reason is kept. */
    FAILED;

    /** Whether the job will not change any more. */
    public boolean isFinal() {
        return this == DONE || this == FAILED;
    }
}
