package io.coprover.scheduler;

import io.coprover.protocol.ProofRecord;

/**
 * A finished proof: the record (public outputs, included children, the SNARK bytes) with the time
 * spent building the witness and proving, and the backend that proved it.
 */
public record ProofResult(ProofRecord proof, long witnessNanos, long proveNanos, String backend) {
    public ProofResult {
        if (proof == null) throw new IllegalArgumentException("proof result: proof is required");
        if (witnessNanos < 0 || proveNanos < 0) throw new IllegalArgumentException("proof result: negative time");
        if (backend == null || backend.isEmpty())
            throw new IllegalArgumentException("proof result: backend name is required");
    }

    public long totalNanos() {
        return witnessNanos + proveNanos;
    }
}
