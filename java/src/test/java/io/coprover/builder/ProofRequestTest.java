package io.coprover.builder;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.PublicOutputs;
import io.coprover.requests.ProofRequest;
import io.coprover.requests.ProofRequests;
import io.coprover.rollup.Account;
import io.coprover.rollup.BlockProver;
import io.coprover.rollup.Fr;
import io.coprover.rollup.InvalidProofException;
import io.coprover.rollup.MerkleWitness;
import io.coprover.rollup.RollupKeys;
import io.coprover.rollup.TxWitness;
import io.coprover.scheduler.JobKind;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proof requests: canonical round trip, every rejection with its reason, and proofs made from a
 * decoded request that verify and equal the direct path's.
 */
class ProofRequestTest {
    static ProofRequest base0, base1, root;
    static ProofRecord proof0, proof1;

    @BeforeAll
    static void proveBases() {
        RollupKeys keys = BuilderFixture.keys();
        base0 = ProofRequests.base(
                BuilderFixture.baseJob(0, BuilderFixture.ALICE), BuilderFixture.block(), BuilderFixture.deadline());
        base1 = ProofRequests.base(
                BuilderFixture.baseJob(1, BuilderFixture.ALICE), BuilderFixture.block(), BuilderFixture.deadline());
        proof0 = BuilderFixture.baseProof(0); // proved from the decoded request
        proof1 = BuilderFixture.baseProof(1);
        assertNotNull(keys);
        root = ProofRequests.merge(
                BuilderFixture.rootJob(List.of(proof0), List.of(proof1), BuilderFixture.ALICE),
                id -> null,
                BuilderFixture.deadline());
    }

    static void roundTrip(ProofRequest r) {
        byte[] enc = r.encode();
        ProofRequest back = ProofRequest.decode(enc, ProofRequest.MAX_BYTES);
        assertArrayEquals(enc, back.encode());
        assertEquals(r.id(), back.id());
        assertEquals(r.kind(), back.kind());
        assertEquals(r.node(), back.node());
    }

    @Test
    void roundTripBaseAndMerge() {
        roundTrip(base0);
        roundTrip(base1);
        roundTrip(root);
        assertEquals(JobKind.ROOT, root.kind());
        // every proper prefix is refused as truncated, never read past
        byte[] enc = base0.encode();
        for (int n : new int[] {0, 3, 10, 60, enc.length / 2, enc.length - 1}) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> ProofRequest.decode(Arrays.copyOf(enc, n), ProofRequest.MAX_BYTES));
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("magic"), e.getMessage());
        }
    }

    @Test
    void randomGarbageIsRefusedWithAReason() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        byte[] good = base0.encode();
        for (int i = 0; i < 200; i++) {
            byte[] b = good.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int f = 0; f < flips; f++) b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
            try {
                ProofRequest r = ProofRequest.decode(b, ProofRequest.MAX_BYTES);
                ProofRequests.check(
                        r, BuilderFixture.keys()); // a decodable mutation must fail the witness check or be harmless
            } catch (IllegalArgumentException | InvalidProofException e) {
                assertNotNull(e.getMessage(), "seed " + seed);
            }
        }
    }

    @Test
    void proofFromDecodedRequestEqualsDirectPathAndVerifies() {
        RollupKeys keys = BuilderFixture.keys();
        ProofRecord direct = new BlockProver(keys).proveBase(BuilderFixture.block(), 0, BuilderFixture.ALICE, 120_000);
        assertEquals(direct.outputs(), proof0.outputs());
        assertEquals(direct.id(), proof0.id(), "same record apart from the (randomised) SNARK");
        ProofRequests.verifyResult(base0, proof0, keys.baseVk(), keys.mergeVk());
        ProofRequests.verifyResult(base1, proof1, keys.baseVk(), keys.mergeVk());

        ProofRecord rootProof = ProofRequests.prove(ProofRequest.decode(root.encode(), ProofRequest.MAX_BYTES), keys);
        ProofRequests.verifyResult(root, rootProof, keys.baseVk(), keys.mergeVk());
        assertEquals(
                Fr.bytes(BuilderFixture.block().endRoot()), rootProof.outputs().endStateRoot());
        assertEquals(
                BigInteger.valueOf(BuilderFixture.block().fees()),
                rootProof.outputs().fees());

        // a result for the request of another prover, node or FEE_BURN is refused by the requester
        ProofRecord other = new ProofRecord(
                proof0.block(),
                proof0.node(),
                BuilderFixture.MALLORY,
                null,
                proof0.feeBurnPpm(),
                proof0.outputs(),
                List.of(),
                proof0.snark());
        assertThrows(
                InvalidProofException.class,
                () -> ProofRequests.verifyResult(base0, other, keys.baseVk(), keys.mergeVk()));
        ProofRecord swapped = proof0.withSnark(proof1.snark());
        InvalidProofException e = assertThrows(
                InvalidProofException.class,
                () -> ProofRequests.verifyResult(base0, swapped, keys.baseVk(), keys.mergeVk()));
        assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
    }

    /** Byte offset where a base request's kind-specific part starts. */
    static int baseBody(ProofRequest r) {
        return 4
                + 1
                + 1
                + 8
                + 32
                + 4
                + 1
                + 4
                + 2
                + r.prover().length()
                + 2
                + r.vrfProof().length()
                + 8
                + 8;
    }

    static String decodeError(byte[] b) {
        return assertThrows(IllegalArgumentException.class, () -> ProofRequest.decode(b, ProofRequest.MAX_BYTES))
                .getMessage();
    }

    @Test
    void malformedEncodingsAreRefused() {
        byte[] enc = base0.encode();
        byte[] b = enc.clone();
        b[0] = 'X';
        assertTrue(decodeError(b).contains("magic"));
        b = enc.clone();
        b[4] = 2;
        assertTrue(decodeError(b).contains("unsupported version 2"));
        b = enc.clone();
        b[5] = 7;
        assertTrue(decodeError(b).contains("unknown job kind"));
        b = enc.clone();
        b[5] = 1; // MERGE for a base node
        assertTrue(decodeError(b).contains("is a BASE job, not MERGE"), decodeError(b));
        assertTrue(decodeError(Arrays.copyOf(enc, enc.length + 1)).contains("1 trailing bytes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProofRequest.decode(enc, enc.length - 1))
                .getMessage()
                .contains("exceeds the limit"));
        int body = baseBody(base0);
        b = enc.clone();
        b[body] = 2; // depth 2: the bytes no longer line up (refused somewhere, never a depth-2 request)
        assertNotNull(decodeError(b));
        b = enc.clone();
        b[body] = 0;
        assertTrue(decodeError(b).contains("depth (at byte " + body + "): must be 1..32, got 0"), decodeError(b));
        // a field element >= r: the expected start root set to all ones
        b = enc.clone();
        Arrays.fill(b, body + 1, body + 33, (byte) 0xff);
        assertTrue(
                decodeError(b)
                        .contains("expected start root (at byte " + (body + 1) + "): not a canonical field element"),
                decodeError(b));
        // padding flag 2
        b = enc.clone();
        b[body + 1 + 128] = 2;
        assertTrue(decodeError(b).contains("tx 0 padding"));
        // balance with the top bit set
        b = enc.clone();
        b[body + 1 + 128 + 29 + 32] = (byte) 0x80;
        assertTrue(decodeError(b).contains("tx 0 sender balance"), decodeError(b));
        // tx from beyond the tree (depth 1: slots 0, 1)
        b = enc.clone();
        b[body + 1 + 128 + 4] = 2;
        assertTrue(decodeError(b).contains("beyond a depth-1 tree"), decodeError(b));
    }

    @Test
    void childProofsOffTheCurveOrWithWrongSizesAreRefused() {
        byte[] enc = root.encode();
        int snarkAt = indexOf(enc, proof0.snark().toArray());
        byte[] b = enc.clone();
        b[snarkAt + 5] ^= 1; // x of the first point: off the curve (or not below p)
        String m = decodeError(b);
        assertTrue(m.contains("left child 0") && m.contains("SNARK") && m.contains("not on the curve"), m);
        // SNARK length 767 instead of 768: the record's bytes no longer line up
        byte[] shortSnark = enc.clone();
        shortSnark[snarkAt - 1] -= 1;
        assertThrows(IllegalArgumentException.class, () -> ProofRequest.decode(shortSnark, ProofRequest.MAX_BYTES));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }

    static ProofRequest withBase(ProofRequest r, ProofRequest.Base b) {
        return new ProofRequest(
                r.kind(),
                r.block(),
                r.blockDigest(),
                r.txs(),
                r.node(),
                r.prover(),
                r.vrfProof(),
                r.feeBurnPpm(),
                r.deadlineMillis(),
                b,
                null);
    }

    static String checkError(ProofRequest r) {
        RuntimeException e = assertThrows(
                RuntimeException.class,
                () -> ProofRequests.check(
                        ProofRequest.decode(r.encode(), ProofRequest.MAX_BYTES), BuilderFixture.keys()));
        assertTrue(e instanceof IllegalArgumentException || e instanceof InvalidProofException, e.toString());
        return e.getMessage();
    }

    @Test
    void inconsistentWitnessesAreRefused() {
        ProofRequest.Base b = base0.base();
        TxWitness t0 = b.tx0(), t1 = b.tx1();
        // a sibling changed to another valid field element
        long[] sib = t0.senderPath().siblings().clone();
        sib[0] ^= 1;
        TxWitness bent = new TxWitness(
                t0.tx(),
                t0.sender(),
                new MerkleWitness(t0.senderPath().index(), 1, sib),
                t0.receiver(),
                t0.receiverPath());
        assertTrue(
                checkError(withBase(base0, new ProofRequest.Base(1, b.expected(), bent, t1)))
                        .contains(
                                "tx 0 (Transfer(0->1 amount 100 fee 7 nonce 0)): the sender's leaf and path do not give the start root"));
        // a richer sender than the state holds
        Account rich = new Account(
                t0.sender().pkHash(), t0.sender().balance() + 1, t0.sender().nonce());
        TxWitness lie = new TxWitness(t0.tx(), rich, t0.senderPath(), t0.receiver(), t0.receiverPath());
        assertTrue(checkError(withBase(base0, new ProofRequest.Base(1, b.expected(), lie, t1)))
                .contains("do not give the start root"));
        // the txs in the wrong order: tx 1 does not start where tx 0 ends
        assertTrue(checkError(withBase(base0, new ProofRequest.Base(1, b.expected(), t1, t0)))
                .contains("tx 0"));
        // expected outputs that the txs do not give
        PublicOutputs e = b.expected();
        PublicOutputs fees = new PublicOutputs(
                e.startStateRoot(), e.endStateRoot(), e.txCommitment(), e.fees().add(BigInteger.ONE));
        assertTrue(checkError(withBase(base0, new ProofRequest.Base(1, fees, t0, t1)))
                .contains("expected fees"));
        PublicOutputs end = new PublicOutputs(e.startStateRoot(), e.startStateRoot(), e.txCommitment(), e.fees());
        assertTrue(checkError(withBase(base0, new ProofRequest.Base(1, end, t0, t1)))
                .contains("another root than the expected end root"));
        // a receiver path that is not on the root after the sender's update
        TxWitness recv = new TxWitness(t0.tx(), t0.sender(), t0.senderPath(), t0.sender(), t0.receiverPath());
        assertTrue(checkError(withBase(base0, new ProofRequest.Base(1, e, recv, t1)))
                .contains("receiver's leaf and path"));
        // an overdraft: the tx asks for more than the sender's (true) balance
        ProofRequest over = ProofRequests.base(
                BuilderFixture.baseJob(0, BuilderFixture.ALICE), BuilderFixture.block(), BuilderFixture.deadline());
        TxWitness o0 = over.base().tx0();
        TxWitness big = new TxWitness(
                io.coprover.rollup.Transfer.of(0, 1, o0.sender().balance(), 7, 0),
                o0.sender(),
                o0.senderPath(),
                o0.receiver(),
                o0.receiverPath());
        assertTrue(checkError(withBase(base0, new ProofRequest.Base(1, e, big, t1)))
                .contains("overdraft"));
        // a path of another depth than the keys'
        IllegalArgumentException d =
                assertThrows(IllegalArgumentException.class, () -> new ProofRequest.Base(2, e, t0, t1));
        assertTrue(d.getMessage().contains("Merkle paths must have depth 2"), d.getMessage());
    }

    @Test
    void badChildrenAreRefused() {
        RollupKeys keys = BuilderFixture.keys();
        // a child whose SNARK is another valid proof's: decodes, does not verify
        ProofRecord forged = proof0.withSnark(proof1.snark());
        ProofRequest bad = ProofRequests.merge(
                BuilderFixture.rootJob(List.of(forged), List.of(proof1), BuilderFixture.ALICE),
                id -> null,
                BuilderFixture.deadline());
        assertTrue(checkError(bad).contains("do not verify"), checkError(bad));
        // children that do not chain (the right child given twice: wrong node)
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ProofRequests.merge(
                        BuilderFixture.rootJob(List.of(proof1), List.of(proof1), BuilderFixture.ALICE),
                        id -> null,
                        BuilderFixture.deadline()));
        assertTrue(e.getMessage().contains("node"), e.getMessage());
        // a context proof that is not below the children
        ProofRequest.Merge m = root.merge();
        ProofRecord stray = new ProofRecord(
                BuilderFixture.BLOCK,
                new NodeId(0, 0),
                BuilderFixture.MALLORY,
                null,
                0,
                proof0.outputs(),
                List.of(),
                proof0.snark());
        IllegalArgumentException ex = assertThrows(
                IllegalArgumentException.class,
                () -> new ProofRequest(
                        root.kind(),
                        root.block(),
                        root.blockDigest(),
                        root.txs(),
                        root.node(),
                        root.prover(),
                        root.vrfProof(),
                        root.feeBurnPpm(),
                        root.deadlineMillis(),
                        null,
                        new ProofRequest.Merge(m.left(), m.right(), List.of(stray))));
        assertTrue(ex.getMessage().contains("is not below the children of (1,0)"), ex.getMessage());
        // a child listed twice
        IllegalArgumentException twice = assertThrows(
                IllegalArgumentException.class,
                () -> new ProofRequest(
                        root.kind(),
                        root.block(),
                        root.blockDigest(),
                        root.txs(),
                        root.node(),
                        root.prover(),
                        root.vrfProof(),
                        root.feeBurnPpm(),
                        root.deadlineMillis(),
                        null,
                        new ProofRequest.Merge(List.of(proof0, proof0), m.right(), List.of())));
        assertTrue(twice.getMessage().contains("listed twice"));
        assertNotNull(keys);
    }

    @Test
    void headerRangesAreChecked() {
        ProofRequest r = base0;
        assertThrows(
                IllegalArgumentException.class,
                () -> new ProofRequest(
                        r.kind(),
                        r.block(),
                        r.blockDigest(),
                        r.txs(),
                        r.node(),
                        r.prover(),
                        r.vrfProof(),
                        1_000_001,
                        r.deadlineMillis(),
                        r.base(),
                        null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ProofRequest(
                        r.kind(),
                        r.block(),
                        Bytes.of(new byte[31]),
                        r.txs(),
                        r.node(),
                        r.prover(),
                        r.vrfProof(),
                        0,
                        r.deadlineMillis(),
                        r.base(),
                        null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ProofRequest(
                        r.kind(),
                        r.block(),
                        r.blockDigest(),
                        r.txs(),
                        new NodeId(0, 2),
                        r.prover(),
                        r.vrfProof(),
                        0,
                        r.deadlineMillis(),
                        r.base(),
                        null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ProofRequest(
                        r.kind(),
                        r.block(),
                        r.blockDigest(),
                        r.txs(),
                        r.node(),
                        Bytes.of(new byte[0]),
                        r.vrfProof(),
                        0,
                        r.deadlineMillis(),
                        r.base(),
                        null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ProofRequest(
                        r.kind(),
                        r.block(),
                        r.blockDigest(),
                        r.txs(),
                        r.node(),
                        r.prover(),
                        r.vrfProof(),
                        0,
                        0,
                        r.base(),
                        null));
    }
}
