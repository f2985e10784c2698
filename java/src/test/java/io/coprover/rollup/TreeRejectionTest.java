package io.coprover.rollup;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.PublicOutputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A block of 4 txs whose root includes two proofs of base node (0,0) (by two provers) and one of
 * (0,1): it verifies with one pairing; every tampering is rejected with a reason.
 */
class TreeRejectionTest {
    static RollupKeys keys;
    static BlockInputs in;
    static ProofRecord b0a, b0b, b1, root;
    static TreeVerifier verifier;

    @BeforeAll
    static void prove() {
        keys = RollupFixture.keys();
        long seed = System.nanoTime();
        System.out.println("TreeRejectionTest seed " + seed);
        try (StateTree s = RollupFixture.genesis(8)) {
            in = BlockInputs.apply(s, 11, RollupFixture.randomTxs(4, 8, new Random(seed)));
        }
        BlockProver bp = new BlockProver(keys);
        b0a = bp.proveBase(in, 0, RollupFixture.ALICE, 100_000);
        b0b = bp.proveBase(in, 0, RollupFixture.BOB, 900_000);
        b1 = bp.proveBase(in, 1, RollupFixture.BOB, 0);
        root = bp.proveMerge(
                in.block(), new NodeId(1, 0), List.of(b0a, b0b), List.of(b1), RollupFixture.ALICE, 500_000);
        verifier = new TreeVerifier(keys.baseVk(), keys.mergeVk());
    }

    static TreeVerifier.Result verify(ProofRecord rootRec, ProofRecord... proofs) {
        List<ProofRecord> all = new ArrayList<>(List.of(proofs));
        all.add(rootRec);
        return verifier.verify(rootRec.id(), all, TreeVerifier.Expected.of(in));
    }

    static void assertRejected(TreeVerifier.Result r, String reasonPart) {
        assertFalse(r.valid(), "must be rejected: " + reasonPart);
        assertNotNull(r.reason());
        assertTrue(r.reason().contains(reasonPart), "reason was: " + r.reason());
        System.out.println("rejected: " + r.reason());
    }

    static ProofRecord withChildren(ProofRecord r, List<List<Bytes>> children) {
        return new ProofRecord(
                r.block(), r.node(), r.prover(), r.vrfProof(), r.feeBurnPpm(), r.outputs(), children, r.snark());
    }

    @Test
    void validTreeWithTwoProofsOfOneChildVerifiesWithOnePairing() {
        TreeVerifier.Result r = verify(root, b0a, b0b, b1);
        assertTrue(r.valid(), r.reason());
        assertEquals(4, r.proofs());
        assertEquals(1, r.pairings());
        assertNull(verifier.asProofVerifier()
                .check(
                        root,
                        id -> List.of(b0a, b0b, b1).stream()
                                .filter(p -> p.id().equals(id))
                                .findFirst()
                                .orElse(null)));
    }

    @Test
    void wrongStartRootOrCommitmentIsRejected() {
        TreeVerifier.Expected e = TreeVerifier.Expected.of(in);
        TreeVerifier.Result r = verifier.verify(
                root.id(),
                List.of(root, b0a, b0b, b1),
                new TreeVerifier.Expected(e.block(), e.txs(), Fr.of(12345), e.txCommitment(), e.fees()));
        assertRejected(r, "does not start from the state root");
        r = verifier.verify(
                root.id(),
                List.of(root, b0a, b0b, b1),
                new TreeVerifier.Expected(e.block(), e.txs(), e.startRoot(), Fr.of(1), e.fees()));
        assertRejected(r, "tx commitment differs");
    }

    @Test
    void childProofSwappedForAnotherNodesIsRejected() {
        ProofRecord swapped = withChildren(root, List.of(List.of(b0a.id()), List.of(b0b.id())));
        assertRejected(verify(swapped, b0a, b0b, b1), "is for node (0,0), expected (0,1)");
        // the root's SNARK moved onto another node's record
        ProofRecord moved = new ProofRecord(
                in.block(), new NodeId(0, 1), b1.prover(), null, b1.feeBurnPpm(), b1.outputs(), List.of(), b0a.snark());
        // listed under the root instead of b1: the root's accumulator was folded over b1's check
        ProofRecord root2 = withChildren(root, List.of(List.of(b0a.id()), List.of(moved.id())));
        assertRejected(verify(root2, b0a, moved), "carried accumulator does not equal the fold");
        // a merge prover refuses to include it (one pairing over the folded children)
        InvalidProofException e = assertThrows(
                InvalidProofException.class,
                () -> new BlockProver(keys)
                        .proveMerge(
                                in.block(), new NodeId(1, 0), List.of(b0a), List.of(moved), RollupFixture.ALICE, 0));
        assertTrue(e.getMessage().contains("do not verify"), e.getMessage());
    }

    @Test
    void mismatchedChildrenAreRejected() {
        // a record for (0,1) claiming another start root: does not chain after (0,0)
        PublicOutputs o = b1.outputs();
        ProofRecord off = new ProofRecord(
                in.block(),
                b1.node(),
                b1.prover(),
                null,
                b1.feeBurnPpm(),
                new PublicOutputs(o.endStateRoot(), o.endStateRoot(), o.txCommitment(), o.fees()),
                List.of(),
                b1.snark());
        assertRejected(
                verify(withChildren(root, List.of(List.of(b0a.id()), List.of(off.id()))), b0a, off),
                "children do not chain");
        // the merge prover refuses them before proving
        InvalidProofException e = assertThrows(
                InvalidProofException.class,
                () -> new BlockProver(keys)
                        .proveMerge(in.block(), new NodeId(1, 0), List.of(b0a), List.of(off), RollupFixture.ALICE, 0));
        assertTrue(e.getMessage().contains("do not chain"), e.getMessage());
        // two included proofs of one node with different outputs
        ProofRecord other = new ProofRecord(
                in.block(),
                b0b.node(),
                b0b.prover(),
                null,
                b0b.feeBurnPpm(),
                new PublicOutputs(
                        o.endStateRoot(),
                        b0b.outputs().endStateRoot(),
                        b0b.outputs().txCommitment(),
                        b0b.outputs().fees()),
                List.of(),
                b0b.snark());
        assertRejected(
                verify(withChildren(root, List.of(List.of(b0a.id(), other.id()), List.of(b1.id()))), b0a, other, b1),
                "different outputs");
    }

    @Test
    void proofWithAnotherProversBindingIsRejected() {
        // Bob's SNARK for (0,1) claimed by Alice, or by Bob with another FEE_BURN
        ProofRecord stolen = new ProofRecord(
                in.block(), b1.node(), RollupFixture.ALICE, null, b1.feeBurnPpm(), b1.outputs(), List.of(), b1.snark());
        ProofRecord reburnt =
                new ProofRecord(in.block(), b1.node(), b1.prover(), null, 1, b1.outputs(), List.of(), b1.snark());
        for (ProofRecord bad : List.of(stolen, reburnt)) {
            assertEquals("SNARK does not verify", verifier.asProofVerifier().check(bad, id -> null));
            InvalidProofException e = assertThrows(
                    InvalidProofException.class,
                    () -> new BlockProver(keys)
                            .proveMerge(
                                    in.block(), new NodeId(1, 0), List.of(b0a), List.of(bad), RollupFixture.ALICE, 0));
            assertTrue(e.getMessage().contains("do not verify"), e.getMessage());
            // in a tree, the parent's accumulator no longer matches the relabelled child
            assertRejected(
                    verify(withChildren(root, List.of(List.of(b0a.id()), List.of(bad.id()))), b0a, bad),
                    "carried accumulator");
        }
        assertNull(verifier.asProofVerifier().check(b1, id -> null));
        // as the root of a one-node tree, the final pairing fails and the culprit is named
        ProofRecord stolen0 = new ProofRecord(
                in.block(),
                b0a.node(),
                RollupFixture.BOB,
                null,
                b0a.feeBurnPpm(),
                b0a.outputs(),
                List.of(),
                b0a.snark());
        TreeVerifier.Expected e = TreeVerifier.Expected.of(in);
        long[] c0 = Fr.fromBytes(b0a.outputs().txCommitment(), "c");
        long f0 = b0a.outputs().fees().longValueExact();
        TreeVerifier.Expected one = new TreeVerifier.Expected(e.block(), 2, e.startRoot(), c0, f0);
        assertTrue(verifier.verify(b0a.id(), List.of(b0a), one).valid());
        assertRejected(
                verifier.verify(stolen0.id(), List.of(stolen0), one),
                "proof " + stolen0.id().shortHex(12) + " at node (0,0): SNARK does not verify");
    }

    @Test
    void tamperedAccumulatorIsRejected() {
        RollupSnark s = RollupSnark.decode(root.snark(), true);
        Accumulator acc = s.accumulator();
        Accumulator doubled = new Accumulator(io.coprover.math.G1.dbl(acc.p(), 0), io.coprover.math.G1.dbl(acc.q(), 0));
        for (Accumulator bad : List.of(Accumulator.EMPTY, doubled)) {
            ProofRecord t = root.withSnark(new RollupSnark(s.proof(), bad).encode());
            assertRejected(verify(t, b0a, b0b, b1), "carried accumulator does not equal the fold");
        }
        byte[] junk = root.snark().toArray();
        junk[junk.length - 1] ^= 1; // Q's y coordinate: off the curve
        assertRejected(verify(root.withSnark(Bytes.of(junk)), b0a, b0b, b1), "malformed SNARK");
    }

    @Test
    void invalidWitnessesAreNotProved() {
        try (StateTree s = RollupFixture.genesis(8)) {
            TxWitness pad = Rollup.apply(s, Transfer.PADDING);
            TxWitness badNonce =
                    new TxWitness(Transfer.of(1, 2, 5, 1, 9), s.get(1), s.witness(1), s.get(2), s.witness(2));
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> keys.proveBase(BaseCircuit.build(RollupFixture.DEPTH, badNonce, pad, new long[4])));
            assertTrue(e.getMessage().contains("does not satisfy the base circuit"), e.getMessage());
        }
    }
}
