package io.coprover.protocol;

import java.util.List;
import java.util.Map;

/**
 * Result of {@link TreeValidator#validate}: either a valid tree with its score and proofs, or the
 * first broken {@link Rule} with a message naming the proof and what is wrong.
 *
 * @param byNode for a valid tree, its proofs per node (each list in score order, best first)
 */
public record TreeValidation(
        boolean valid, Rule rule, String reason, Bytes rootId, Score score, Map<NodeId, List<ScoredProof>> byNode) {

    /** A proof of a valid tree with its VRF value and score. */
    public record ScoredProof(ProofRecord proof, long u, Score score) {}

    static TreeValidation reject(Bytes rootId, Rule rule, String reason) {
        return new TreeValidation(false, rule, rule + ": " + reason, rootId, null, Map.of());
    }

    /** Number of proofs in the tree. */
    public int proofCount() {
        return byNode.values().stream().mapToInt(List::size).sum();
    }
}
