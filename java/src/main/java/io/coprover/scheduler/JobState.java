package io.coprover.scheduler;

/**
 * The life of a job: QUEUED → RUNNING → DONE, or FAILED after its last retry, or CANCELLED when it
 * can no longer be included (deadline passed, 3 better proofs of its node known, superseded by a
 * job with better children) or the scheduler shut down. A failed attempt with retries left goes
 * back to QUEUED. DONE, FAILED and CANCELLED are final.
 */
public enum JobState {
    QUEUED,
    RUNNING,
    DONE,
    FAILED,
    CANCELLED;

    public boolean isFinal() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}
