package io.coprover.scheduler;

import io.coprover.backend.ProvingBackend;
import java.util.concurrent.CancellationException;

/**
 * What a running job sees: the backend of the worker it runs on, a progress callback for long
 * proofs, and whether it has been cancelled (a prover should call {@link #checkCancelled()} between
 * its phases: a cancelled job's result is discarded anyway).
 */
public interface JobContext {
    JobId id();

    /** The backend of the worker running the job; the prover must do its heavy work there. */
    ProvingBackend backend();

    /** Reports progress in [0, 1] with a short phase name ("witness", "quotient", …). */
    void progress(double fraction, String phase);

    boolean isCancelled();

    /** Throws {@link CancellationException} if the job was cancelled. */
    default void checkCancelled() {
        if (isCancelled()) throw new CancellationException("job " + id() + " cancelled");
    }
}
