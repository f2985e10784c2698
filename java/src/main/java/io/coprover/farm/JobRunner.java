package io.coprover.farm;

import io.coprover.backend.ProvingBackend;

import java.util.concurrent.CancellationException;

/**
 * Runs one kind of farm job: payload bytes in, result bytes out, on the worker slot's backend.
 * Called from several slots at once (each with its own backend), so implementations are thread-safe.
 * Throwing fails the attempt (the queue retries it while retries remain); a long runner should call
 * {@link Context#checkCancelled()} between phases so that a lost lease or a shutdown stops it early.
 */
@FunctionalInterface
public interface JobRunner {
    byte[] run(byte[] payload, Context context) throws Exception;

    /** What a running job sees. */
    interface Context {
        /** The job's lease (id, kind, attempt). */
        Lease lease();

        /** The backend of the slot running the job: do the heavy work there. */
        ProvingBackend backend();

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
