package io.coprover.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** IdSet answers as a HashSet of the same ids does, past the size it was made for. */
class IdSetTest {
    @Test
    void answersAsAHashSet() {
        Random r = new Random(7);
        for (int expected : new int[] {0, 1, 5, 100}) {
            IdSet s = new IdSet(expected);
            Set<Bytes> ref = new HashSet<>();
            for (int i = 0; i < 3000; i++) {
                byte[] b = new byte[1 + r.nextInt(2)];
                r.nextBytes(b);
                Bytes id = Bytes.of(b); // few distinct values: many repeats, by value not identity
                assertEquals(ref.contains(id), s.contains(id));
                assertEquals(ref.add(id), s.add(id));
                assertEquals(ref.size(), s.size());
            }
        }
    }
}
