package io.coprover.rollup;

import io.coprover.plonk.VerificationKey;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProofVerifier;
import io.coprover.protocol.TreeShape;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies a block's proof tree with one pairing.
 *
 * <p>Checks, in order: the root is the root node of the block's tree shape and its outputs match
 * the block header (start root, tx commitment, fees); every included proof is present, for the
 * right node and block, with identical outputs per child list and outputs that chain
 * ({@link ProofChecker}); every proof's public inputs are derived from its own record (so the
 * prover binding, FEE_BURN, node and included children are those the record names); every
 * merge proof's carried accumulator equals the fold of its children's checks; finally the root's
 * own check folded with its accumulator passes one pairing {@code e(P, [τ]_2)·e(Q, [1]_2) = 1}.
 * When that pairing fails, each proof is checked on its own to name the culprit.
 */
public final class TreeVerifier {
    private final VerificationKey baseVk, mergeVk;

    public TreeVerifier(VerificationKey baseVk, VerificationKey mergeVk) {
        this.baseVk = baseVk;
        this.mergeVk = mergeVk;
    }

    /** The block header's claims the root must match. */
    public record Expected(long block, int txs, long[] startRoot, long[] txCommitment, long fees) {
        public static Expected of(BlockInputs in) {
            return new Expected(in.block(), in.shape().txs(), in.startRoot(), in.txCommitment(), in.fees());
        }
    }

    /** Outcome: valid, or the reason; and how much work was done. */
    public record Result(boolean valid, String reason, int proofs, int pairings, long nanos) {}

    public Result verify(Bytes rootId, Collection<ProofRecord> proofs, Expected header) {
        long t0 = System.nanoTime();
        Map<Bytes, ProofRecord> byId = new HashMap<>();
        for (ProofRecord p : proofs) byId.put(p.id(), p);
        ProofChecker checker = new ProofChecker(baseVk, mergeVk, byId::get);
        try {
            ProofRecord root = byId.get(rootId);
            if (root == null) throw new InvalidProofException("root proof " + rootId.shortHex(12) + " is missing");
            NodeId want = TreeShape.forTxs(header.txs()).root();
            if (!root.node().equals(want))
                throw new InvalidProofException(
                        "root proof is for node " + root.node() + ", the block's root is " + want);
            if (root.block() != header.block())
                throw new InvalidProofException(
                        "root proof is for block " + root.block() + ", expected " + header.block());
            if (!root.outputs().startStateRoot().equals(Fr.bytes(header.startRoot())))
                throw new InvalidProofException(
                        "root proof does not start from the state root the block was accepted on");
            if (!root.outputs().txCommitment().equals(Fr.bytes(header.txCommitment())))
                throw new InvalidProofException("root proof's tx commitment differs from the block header's");
            if (root.outputs().fees().longValue() != header.fees()
                    || root.outputs().fees().bitLength() > 63)
                throw new InvalidProofException("root proof's fees differ from the block header's");
            ProofChecker.Reduced r = checker.reduce(root);
            Accumulator fin = r.subtree();
            if (fin.check(baseVk.x2)) return new Result(true, null, checker.reducedCount(), 1, System.nanoTime() - t0);
            String culprit = findCulprit(checker, root);
            return new Result(false, culprit, checker.reducedCount(), -1, System.nanoTime() - t0);
        } catch (InvalidProofException e) {
            return new Result(false, e.getMessage(), checker.reducedCount(), 0, System.nanoTime() - t0);
        }
    }

    /** Checks each proof of the subtree alone (its own pair only), children first. */
    private String findCulprit(ProofChecker checker, ProofRecord r) {
        for (List<Bytes> side : r.children()) {
            for (Bytes id : side) {
                String c = findCulprit(checker, checker.lookup(id));
                if (c != null) return c;
            }
        }
        ProofChecker.Reduced red = checker.reduce(r);
        Accumulator own = Accumulator.fold(List.of(new Accumulator.Item(r.id(), red.pair(), Accumulator.EMPTY)));
        if (!own.check(baseVk.x2))
            return "proof " + r.id().shortHex(12) + " at node " + r.node()
                    + ": SNARK does not verify for the public inputs its record implies";
        return null;
    }

    /**
     * This verifier as the protocol's per-proof {@link ProofVerifier}: the proof and its whole
     * subtree (through its carried accumulator), one pairing per call.
     */
    public ProofVerifier asProofVerifier() {
        return (proof, lookup) -> {
            try {
                ProofChecker c = new ProofChecker(baseVk, mergeVk, lookup);
                return c.reduce(proof).subtree().check(baseVk.x2) ? null : "SNARK does not verify";
            } catch (InvalidProofException e) {
                return e.getMessage();
            }
        };
    }
}
