package io.coprover.node;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.scheduler.NodeChoice;
import io.coprover.scheduler.ProofResult;
import java.math.BigInteger;
import java.util.List;

/**
 * What a {@link ProverNode} reports besides job states (those go to
 * {@link io.coprover.scheduler.JobListener}s): plans, own proofs, accepted and rejected gossip,
 * root submissions and what each finalised block paid this prover. Metrics and the simulator
 * attach here; calls come from the node's threads and must return quickly. Every method has an
 * empty default.
 */
public interface NodeListener {
    /** The node planned a block: the nodes it will prove and whether it has the block's tx data. */
    default void onPlan(long block, List<NodeChoice> plan, boolean haveData) {}

    /** This node finished a proof (made now or reused from the proof store). */
    default void onOwnProof(ProofRecord proof, ProofResult result, boolean reused) {}

    /** A gossiped proof passed every check and entered the block's DAG. */
    default void onProofAccepted(String fromPeer, ProofRecord proof) {}

    /** A gossiped message was rejected; {@code reason} names the check that failed. */
    default void onRejected(GossipTransport.Topic topic, String fromPeer, String reason) {}

    /** This node submitted a root: its result from the contract. */
    default void onRootSubmitted(long block, Bytes rootId, ContractClient.SubmitResult result) {}

    /**
     * A block was finalised: what this prover earned and burned from its included proofs (zero when
     * none was included, or the block was dropped).
     */
    default void onReward(long block, int includedProofs, BigInteger reward, BigInteger burned) {}
}
