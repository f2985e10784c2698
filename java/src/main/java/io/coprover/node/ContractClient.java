package io.coprover.node;

import io.coprover.protocol.BlockDraw;
import io.coprover.protocol.BlockHeader;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.Registration;
import io.coprover.protocol.RegistrySnapshot;
import io.coprover.protocol.RewardSplit;
import io.coprover.protocol.Score;
import io.coprover.protocol.TreeValidation;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What a prover node needs from the rollup contract on L1: the accepted blocks (header, draw,
 * registry snapshot, deadline), root submission, the leading score, stake registration, and
 * notifications of accepted and finalised blocks. {@link InProcessContractClient} implements it
 * over {@link io.coprover.protocol.RollupContract} (the simulator, tests, a single-machine node);
 * an L1 client would implement the same calls over RPC.
 */
public interface ContractClient {

    /** A block the contract accepted: what every prover ranks itself and validates proofs with. */
    record AcceptedBlock(BlockHeader header, BlockDraw draw, RegistrySnapshot registry, long deadline) {
        public AcceptedBlock {
            if (header == null || draw == null || registry == null)
                throw new IllegalArgumentException("accepted block: header, draw and registry are required");
            if (header.block() != draw.block())
                throw new IllegalArgumentException("accepted block: header and draw disagree on the block number");
        }

        public long block() {
            return header.block();
        }
    }

    /** The outcome of a root submission: valid or the rule broken, its tree score, and whether it now leads. */
    record SubmitResult(boolean valid, String reason, Score score, boolean leading) {}

    /**
     * A block's finalisation: paid (the winning root, its score and validated tree, the payouts per included proof) or
     * dropped (no valid root by the deadline; nobody is slashed) or missed (the elected sequencer never published its
     * committed block: its bond was slashed by {@code slashed}). {@code tree} may be null when the client does not carry it.
     */
    record Finalised(
            long block,
            boolean dropped,
            Bytes winningRoot,
            Score score,
            TreeValidation tree,
            RewardSplit split,
            Bytes submitter,
            BigInteger rebate,
            BigInteger slashed) {
        /** Without the validated tree (a client that only relays the payouts, e.g. over the network). */
        public Finalised(
                long block,
                boolean dropped,
                Bytes winningRoot,
                Score score,
                RewardSplit split,
                Bytes submitter,
                BigInteger rebate,
                BigInteger slashed) {
            this(block, dropped, winningRoot, score, null, split, submitter, rebate, slashed);
        }

        /** What each included proof earned and burned (empty for a dropped block). */
        public List<RewardSplit.Payout> payouts() {
            return split == null ? List.of() : split.payouts();
        }
    }

    /** Notifications, delivered in L1 order on the client's thread. */
    interface Listener {
        default void onAccepted(AcceptedBlock block) {}

        default void onFinalised(Finalised f) {}

        /** L1 moved to {@code height} (eligibility widens with it: PROTOCOL "Liveness"). */
        default void onHeight(long height) {}
    }

    ProtocolParams params();

    /** The current L1 height (the clock deadlines are measured in). */
    long height();

    /** The accepted block {@code block}, if the contract accepted it. */
    Optional<AcceptedBlock> accepted(long block);

    /** The accepted blocks still in their proving window (what a restarted node picks up). */
    List<AcceptedBlock> proving();

    /**
     * The data of an accepted block as its sequencer published it with the block (a BLOCK
     * payload, {@link BlockMessage}), while the block is proving; empty when this contract does not
     * keep it. A node that missed the gossip (joined late, restarted) takes it from here.
     */
    default Optional<byte[]> blockData(long block) {
        return Optional.empty();
    }

    /** Submits a root with the proofs of its tree, signed by {@code submitter}. Never throws for an invalid tree: the result says why. */
    SubmitResult submitRoot(long block, Bytes rootId, Collection<ProofRecord> proofs, Bytes submitter);

    /** The score of the leading valid tree of a block in proving, if any. */
    Optional<Score> leadingScore(long block);

    /** The Ed25519 key registered with prover or sequencer {@code identity} (its VRF key), if registered. */
    default Optional<Bytes> signingKeyOf(Bytes identity) {
        return Optional.empty();
    }

    /** Whether {@code pk} is registered as a prover. */
    boolean isRegistered(Bytes pk);

    /**
     * Registers a prover stake (IllegalArgumentException if the key is registered, the stake too small or the
     * registration's proofs of possession do not verify).
     */
    void registerProver(Registration registration, BigInteger stake);

    /**
     * Reports two different records of one prover for one node of one block, both signed under its
     * registered key; returns the amount slashed. Throws IllegalArgumentException when the
     * contract does not accept the evidence (not equivocation, or already slashed).
     */
    BigInteger reportEquivocation(ProofRecord a, ProofRecord b);

    /** The account balance (rewards, rebates) of {@code account} not yet claimed. */
    BigInteger balance(Bytes account);

    void subscribe(Listener l);
}
