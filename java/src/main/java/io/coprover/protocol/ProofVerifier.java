package io.coprover.protocol;

import java.util.function.Function;

/**
 * Checks a proof's SNARK. The protocol checks everything else (structure, VRF, eligibility,
 * stake); the SNARK itself belongs to the rollup circuits, which plug in here. The SNARK's public
 * inputs must commit to {@link ProofRecord#id()} (which binds node, prover, VRF proof, FEE_BURN,
 * outputs and included child ids), so a proof built by someone else cannot be claimed.
 *
 * <p>A check is a function of the proof and of what it looks up: given the same record and the
 * same answers from {@code lookup}, it gives the same verdict ({@link TreeValidator} keeps verdicts
 * on that understanding).
 */
@FunctionalInterface
public interface ProofVerifier {
    /**
     * @param proof  the proof whose {@link ProofRecord#snark()} is checked
     * @param lookup the submission's proofs by id (a merge verifier may need its children)
     * @return null if valid, else the reason
     */
    String check(ProofRecord proof, Function<Bytes, ProofRecord> lookup);
}
