package io.coprover.scheduler;

/**
 * The work of one job: proves one tree node from its {@link JobInputs} on the context's backend.
 * The rollup package implements it over its circuits; the scheduler only schedules. It is called
 * from several worker threads at once, each with its own backend, and must be thread-safe.
 *
 * <p>Throwing fails the attempt (the scheduler retries it on another worker, at most N times);
 * a {@link java.util.concurrent.CancellationException} after {@link JobContext#checkCancelled()}
 * ends it as cancelled.
 */
@FunctionalInterface
public interface NodeProver {
    ProofResult prove(JobInputs inputs, JobContext context) throws Exception;
}
