package io.coprover.scheduler;

import java.util.Optional;

/**
 * Finished proofs by job id. The scheduler looks here before running a job, so a proof is never
 * made twice, and (with {@link DirectoryProofStore}) a restarted node reuses what it finished.
 * Implementations are thread-safe.
 */
public interface ProofStore {
    Optional<ProofResult> get(JobId id);

    /** Stores a finished proof; storing again under the same id replaces it. */
    void put(JobId id, ProofResult result);

    boolean contains(JobId id);
}
