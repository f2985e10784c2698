package io.coprover.scheduler;

/**
 * Observes jobs. Events are delivered in the order they happened, on one event thread of the
 * scheduler (never while the scheduler holds its lock), so a listener may call back into it.
 */
public interface JobListener {
    /** A job entered {@code s.state()}. */
    void onState(JobSnapshot s);

    /** A running job reported progress. */
    default void onProgress(JobId id, String worker, double fraction, String phase) {}
}
