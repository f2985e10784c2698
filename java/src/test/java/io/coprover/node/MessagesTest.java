package io.coprover.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.protocol.BlockHeader;
import io.coprover.protocol.Bytes;
import io.coprover.rollup.BlockInputs;
import io.coprover.rollup.Fr;
import io.coprover.rollup.RandomBlock;
import io.coprover.rollup.StateTree;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** BLOCK payloads: round trips, and every malformed or inconsistent payload refused with its reason (no proving). */
class MessagesTest {
    static final long SEED = 11;

    @Test
    void blockRoundTripCheckAndTampering() {
        Random rnd = new Random(SEED);
        System.out.println("MessagesTest seed " + SEED);
        try (StateTree state = StateTree.inMemory(3)) {
            long[] slots = RandomBlock.slots(3, 4);
            RandomBlock.genesis(state, slots, rnd);
            BlockInputs in = BlockInputs.apply(state, 9, RandomBlock.transfers(state, slots, 3, rnd));
            BlockHeader h = new BlockHeader(
                    9,
                    Bytes.of(new byte[33]),
                    800_000,
                    3,
                    BigInteger.valueOf(in.fees()),
                    Fr.bytes(in.startRoot()),
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
            BlockHeader fees = new BlockHeader(
                    9,
                    h.sequencer(),
                    800_000,
                    3,
                    h.totalFees().add(BigInteger.ONE),
                    h.startStateRoot(),
                    h.txCommitment());
            assertTrue(assertThrows(MessageException.class, () -> BlockMessage.check(BlockMessage.decode(enc), fees))
                    .getMessage()
                    .contains("fees"));
            BlockHeader root = new BlockHeader(
                    9, h.sequencer(), 800_000, 3, h.totalFees(), Fr.bytes(in.endRoot()), h.txCommitment());
            assertTrue(assertThrows(MessageException.class, () -> BlockMessage.check(BlockMessage.decode(enc), root))
                    .getMessage()
                    .contains("state root"));
            BlockHeader other =
                    new BlockHeader(10, h.sequencer(), 800_000, 3, h.totalFees(), h.startStateRoot(), h.txCommitment());
            assertThrows(MessageException.class, () -> BlockMessage.check(BlockMessage.decode(enc), other));
        }
    }
}
