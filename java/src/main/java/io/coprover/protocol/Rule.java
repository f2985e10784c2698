package io.coprover.protocol;

/** The rule a rejected tree breaks (PROTOCOL.md, "Tree validity"). */
public enum Rule {
    /** An id (root or included child) is not among the submitted proofs. */
    MISSING_PROOF,
    /** A proof is for another block. */
    WRONG_BLOCK,
    /** The root proof is not for the root node, or an included proof is not for the child node it is listed under. */
    WRONG_NODE,
    /** A merge proof without exactly two child lists of 1..PROOFS_PER_NODE ids, or a base proof with child lists. */
    CHILD_COUNT,
    /** Two proofs by one prover at one node. */
    DUPLICATE_PROVER,
    /** Proofs of one node with different public outputs. */
    OUTPUTS_MISMATCH,
    /** A merge proof's outputs do not chain its children's (roots, fees). */
    OUTPUTS_CHAIN,
    /** More than PROOFS_PER_NODE distinct proofs of one node in the tree. */
    NODE_OVERFULL,
    /** The root's outputs differ from the accepted block header (start root, tx commitment, fees). */
    ROOT_OUTPUTS,
    /** FEE_BURN outside [0, 100%]. */
    FEE_BURN_RANGE,
    /** The prover is unknown, exiting, under-staked or not staked for the node's role. */
    NOT_STAKED,
    /** The record is unsigned, signed by a key not registered for its prover, or its signature does not verify. */
    SIGNATURE_INVALID,
    /** The VRF proof does not verify (or is present in PUBLIC mode). */
    VRF_INVALID,
    /** u(beta) below the node's eligibility threshold. */
    NOT_ELIGIBLE,
    /** The SNARK does not verify. */
    SNARK_INVALID
}
