package io.coprover.node;

import io.coprover.protocol.BlockHeader;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.PublicOutputs;
import io.coprover.rollup.BlockInputs;
import io.coprover.rollup.Fr;
import io.coprover.rollup.RandomBlock;
import io.coprover.rollup.StateTree;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BLOCK and PROOF payloads: round trips, and every malformed or inconsistent payload refused with its reason (no proving). */
class MessagesTest {
    static final long SEED = 11;

    static ProofRecord record(int level, List<List<Bytes>> children, long feeBurn) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) 7);
        Bytes h = Bytes.of(b);
        return new ProofRecord(3, new NodeId(level, 1), Bytes.of(new byte[33]), Bytes.of(new byte[81]), feeBurn,
                new PublicOutputs(h, h, h, BigInteger.valueOf(123)), children, Bytes.of(new byte[768]));
    }

    @Test
    void proofRoundTripAndStrictness() {
        Bytes id = Bytes.of(new byte[32]);
        for (ProofRecord r : List.of(record(0, List.of(), 0), record(2, List.of(List.of(id), List.of(id, id)), 1_000_000))) {
            byte[] enc = ProofMessage.encode(r);
            ProofRecord d = ProofMessage.decode(enc);
            assertEquals(r.id(), d.id());
            assertEquals(r.snark(), d.snark());
            assertArrayEquals(enc, ProofMessage.encode(d));
            // every truncation and any trailing byte is refused
            for (int n = 0; n < enc.length; n += 37) {
                int cut = n;
                assertThrows(MessageException.class, () -> ProofMessage.decode(Arrays.copyOf(enc, cut)));
            }
            assertTrue(assertThrows(MessageException.class, () -> ProofMessage.decode(Arrays.copyOf(enc, enc.length + 1))).getMessage().contains("trailing"));
        }
        assertTrue(assertThrows(MessageException.class, () -> ProofMessage.decode(ProofMessage.encode(record(0, List.of(), 1_000_001))))
                .getMessage().contains("FEE_BURN"));
        assertTrue(assertThrows(MessageException.class, () -> ProofMessage.decode(ProofMessage.encode(record(0, List.of(List.of(id), List.of(id)), 0))))
                .getMessage().contains("base proof with 2 child lists"));
        assertTrue(assertThrows(MessageException.class, () -> ProofMessage.decode(ProofMessage.encode(record(1, List.of(List.of(), List.of(id)), 0))))
                .getMessage().contains("0 proofs in a child list"));
        assertTrue(assertThrows(MessageException.class, () -> ProofMessage.decode(new byte[ProofMessage.MAX_BYTES + 1])).getMessage().contains("exceeds"));
        // a length field claiming more than the payload
        byte[] huge = ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).array();
        assertThrows(MessageException.class, () -> ProofMessage.decode(huge));
    }

    @Test
    void blockRoundTripCheckAndTampering() {
        Random rnd = new Random(SEED);
        System.out.println("MessagesTest seed " + SEED);
        try (StateTree state = StateTree.inMemory(3)) {
            long[] slots = RandomBlock.slots(3, 4);
            RandomBlock.genesis(state, slots, rnd);
            BlockInputs in = BlockInputs.apply(state, 9, RandomBlock.transfers(state, slots, 3, rnd));
            BlockHeader h = new BlockHeader(9, Bytes.of(new byte[33]), 800_000, 3, BigInteger.valueOf(in.fees()), Fr.bytes(in.startRoot()),
                    Fr.bytes(in.txCommitment()));
            byte[] enc = BlockMessage.encode(in);
            BlockInputs back = BlockMessage.check(BlockMessage.decode(enc), h);
            assertTrue(Fr.eq(in.endRoot(), back.endRoot()));
            assertEquals(in.txs(), back.txs());
            assertEquals(in.fees(), back.fees());
            // any flipped byte after the header fields is refused, by the decoder or by the replay
            int refused = 0;
            for (int i = 17 + 17; i < enc.length; i += 11) {
                byte[] bad = enc.clone();
                bad[i] ^= 0x10;
                try {
                    BlockMessage.check(BlockMessage.decode(bad), h);
                } catch (MessageException e) {
                    refused++;
                    continue;
                }
                throw new AssertionError("tampered byte " + i + " accepted");
            }
            assertTrue(refused > 50);
            // another header: other fees, other start root, other block
            BlockHeader fees = new BlockHeader(9, h.sequencer(), 800_000, 3, h.totalFees().add(BigInteger.ONE), h.startStateRoot(), h.txCommitment());
            assertTrue(assertThrows(MessageException.class, () -> BlockMessage.check(BlockMessage.decode(enc), fees)).getMessage().contains("fees"));
            BlockHeader root = new BlockHeader(9, h.sequencer(), 800_000, 3, h.totalFees(), Fr.bytes(in.endRoot()), h.txCommitment());
            assertTrue(assertThrows(MessageException.class, () -> BlockMessage.check(BlockMessage.decode(enc), root)).getMessage().contains("state root"));
            BlockHeader other = new BlockHeader(10, h.sequencer(), 800_000, 3, h.totalFees(), h.startStateRoot(), h.txCommitment());
            assertThrows(MessageException.class, () -> BlockMessage.check(BlockMessage.decode(enc), other));
        }
    }
}
