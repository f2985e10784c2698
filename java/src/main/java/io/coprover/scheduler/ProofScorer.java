package io.coprover.scheduler;

import io.coprover.protocol.BlockDraw;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.Score;
import io.coprover.protocol.Seeds;
import io.coprover.protocol.VrfMode;

/** The score S = u(beta)·(10^6 + FEE_BURN) of a proof, as the tree score counts it. */
@FunctionalInterface
public interface ProofScorer {
    Score score(ProofRecord p);

    /**
     * Scores from the block's draw: beta = SHA-256(pk ‖ alpha) in PUBLIC mode, the hash of the
     * proof's VRF proof in PRIVATE mode. It does not verify the VRF proof: proofs reach the
     * scheduler after the node checked them.
     */
    static ProofScorer of(BlockDraw draw) {
        return p -> {
            byte[] alpha = draw.alpha(p.node());
            byte[] beta = draw.params().mode() == VrfMode.PUBLIC
                    ? VrfMode.publicBeta(p.prover().toArray(), alpha)
                    : draw.params().suite().proofToHash(p.vrfProof().toArray());
            return Score.of(Seeds.u(beta), p.feeBurnPpm());
        };
    }
}
