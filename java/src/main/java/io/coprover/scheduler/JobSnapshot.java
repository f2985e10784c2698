package io.coprover.scheduler;

/**
 * A job as observed at one moment: state, attempts made, the worker it runs or ran on (null while
 * never started), the last progress report and why it ended (null unless FAILED or CANCELLED).
 * {@code reused} marks a DONE job whose proof came from the {@link ProofStore}, not from a worker.
 */
public record JobSnapshot(
        JobId id,
        JobState state,
        int attempts,
        String worker,
        double progress,
        String phase,
        String reason,
        boolean reused,
        JobTerms terms) {}
