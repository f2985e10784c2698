package io.coprover.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.PublicOutputs;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pool of proofs waiting for their children: quotas per peer and per prover, and a flood evicts the flooder first. */
class PendingPoolTest {
    private static int serial;

    private static ProofRecord proof(int prover) {
        Bytes h = Bytes.of(new byte[32]),
                kid = Bytes.of(Bytes.sha256(new byte[] {(byte) serial, (byte) (serial++ >> 8)}));
        byte[] pk = new byte[33];
        pk[0] = 2;
        pk[1] = (byte) prover;
        return new ProofRecord(
                1,
                new NodeId(1, 0),
                Bytes.of(pk),
                null,
                0,
                new PublicOutputs(h, h, h, BigInteger.ONE),
                List.of(List.of(kid), List.of(kid)),
                null);
    }

    @Test
    void quotasAndFairEviction() {
        PendingPool pool = new PendingPool(8, 6, 4);
        // one prover cannot hold more than its quota, whoever relays it
        for (int i = 0; i < 4; i++) assertNull(pool.add("a", proof(1)));
        MessageException e = assertThrows(MessageException.class, () -> pool.add("b", proof(1)));
        assertTrue(e.getMessage().contains("prover"), e.getMessage());
        // one peer cannot hold more than its quota
        pool.add("a", proof(2));
        pool.add("a", proof(3));
        e = assertThrows(MessageException.class, () -> pool.add("a", proof(4)));
        assertTrue(e.getMessage().contains("peer a"), e.getMessage());
        // an honest peer still gets in: the pool is full (8), so the heaviest peer's oldest proof goes
        assertNull(pool.add("honest", proof(5)));
        ProofRecord mine = proof(6);
        assertNull(pool.add("honest", mine));
        assertEquals(8, pool.size());
        PendingPool.Parked ev = pool.add("honest", proof(7));
        assertEquals("a", ev.from(), "the flooder's proof is evicted, not the honest one's");
        assertEquals(5, pool.ofPeer("a"));
        assertEquals(3, pool.ofPeer("honest"));
        assertTrue(pool.all().stream().anyMatch(p -> p.proof().id().equals(mine.id())));
        // the same id twice is held once
        int before = pool.size();
        pool.add("honest", mine);
        assertEquals(before, pool.size());
    }
}
