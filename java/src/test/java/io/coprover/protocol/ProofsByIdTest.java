package io.coprover.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A submission's proofs by id: the first of an id is kept, as a map's putIfAbsent keeps it. */
class ProofsByIdTest {
    @Test
    void firstOfAnIdIsKept() {
        SigningKey key = SigningKey.generate(new java.security.SecureRandom());
        ProofRecord a = ProofRecordCodecTest.record(0, List.of(), 1);
        ProofRecord a2 = a.signedBy(key); // same id, another object
        ProofRecord b = ProofRecordCodecTest.record(0, List.of(), 2);
        ProofsById pool = new ProofsById(3);
        pool.putIfAbsent(a);
        pool.putIfAbsent(a2);
        pool.putIfAbsent(b);
        assertEquals(2, pool.size());
        assertSame(a, pool.get(a2.id()));
        assertSame(b, pool.get(b.id()));
        assertNull(pool.get(Bytes.of(new byte[32])));
        assertNull(pool.get(null));
    }
}
