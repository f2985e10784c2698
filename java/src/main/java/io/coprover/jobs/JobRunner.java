package io.coprover.jobs;

import java.util.concurrent.CancellationException;

/**
 * Runs one kind of job: payload bytes in, result bytes out, on the {@link JobWorker} slot's resource
 * {@code S} (a proving backend, for the farm and the builder). Called from several slots at once,
 * so implementations are thread-safe. Throwing fails the attempt: the queue retries it while retries
 * remain, except for a {@link PermanentFailure}, which fails the job at once. A long runner should
 * call {@link Context#checkCancelled()} between phases so that a lost lease or a shutdown stops it
 * early.
 */
@FunctionalInterface
public interface JobRunner<S> {
    byte[] run(byte[] payload, Context<S> context) throws Exception;

    /** A failure that no retry can mend (the input is wrong): the job is FAILED without retries. */
    final class PermanentFailure extends Exception {
        private static final long serialVersionUID = 1L;

        public PermanentFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What a running job sees. */
    interface Context<S> {
        /** The job's lease (id, kind, attempt). */
        Lease lease();

        /** The resource of the slot running the job: do the heavy work there. */
        S slot();

        /** Whether the attempt should stop: its lease was lost or the worker is shutting down. */
        boolean isCancelled();

        /** A progress line for the worker's log. */
        void log(String message);

        /** Throws {@link CancellationException} if {@link #isCancelled()}. */
        default void checkCancelled() {
            if (isCancelled()) throw new CancellationException(lease() + " cancelled");
        }
    }
}
