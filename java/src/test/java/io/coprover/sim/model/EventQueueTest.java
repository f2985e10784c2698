package io.coprover.sim.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The event queue (its calendar, and the heap past its horizon) gives the events in the order of
 * a {@link PriorityQueue} on (time, sequence).
 */
class EventQueueTest {
    private record Ref(long time, long seq, int type, int a, int b, Object payload) implements Comparable<Ref> {
        @Override
        public int compareTo(Ref o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 3000, 1 << 20, 1L << 40})
    void sameOrderAsAPriorityQueueWithPushesBetweenPops(long horizon) {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom rnd = new SplittableRandom(seed);
        EventQueue q = new EventQueue(horizon);
        for (int round = 0; round < 2; round++) { // the second on the queue made ready again
            q = q.reuse(horizon);
            sameOrder(q, rnd, seed + " (horizon " + horizon + ", round " + round + ")");
        }
        assertSame(q, q.reuse(horizon), "an empty queue is kept for the same horizon");
    }

    private static void sameOrder(EventQueue q, SplittableRandom rnd, String seed) {
        PriorityQueue<Ref> ref = new PriorityQueue<>();
        long seq = 0, now = 0;
        for (int step = 0; step < 200_000; step++) {
            if (ref.isEmpty() || rnd.nextInt(3) != 0) {
                // many equal times (the sequence number decides), some far ahead
                long t = now + (rnd.nextInt(100) == 0 ? rnd.nextLong(5000) : rnd.nextLong(50));
                int type = rnd.nextInt(4), a = rnd.nextInt(5000), b = rnd.nextInt(1 << 24);
                Object p = rnd.nextBoolean() ? null : Integer.valueOf(step);
                q.push(t, seq, type, a, b, p);
                ref.add(new Ref(t, seq++, type, a, b, p));
            } else {
                Ref r = ref.poll();
                String at = "seed " + seed + ", step " + step;
                assertFalse(q.isEmpty(), at);
                assertEquals(r.time(), q.time(), at);
                assertEquals(r.type(), q.type(), at);
                assertEquals(r.a(), q.a(), at);
                assertEquals(r.b(), q.b(), at);
                assertSame(r.payload(), q.payload(), at);
                q.pop();
                now = r.time();
            }
        }
        while (!ref.isEmpty()) {
            Ref r = ref.poll();
            assertEquals(r.time(), q.time(), seed);
            assertSame(r.payload(), q.payload(), seed);
            q.pop();
        }
        assertTrue(q.isEmpty());
        long s = seq;
        assertThrows(IllegalArgumentException.class, () -> q.push(0, s, 0, 0, 1 << 24, null));
    }

    @Test
    void refusesWhatWouldBreakItsOrder() {
        EventQueue q = new EventQueue(1000);
        q.push(10, 5, 0, 1, 2, null);
        assertThrows(IllegalArgumentException.class, () -> q.push(10, 5, 0, 1, 2, null), "a repeated sequence number");
        assertThrows(IllegalArgumentException.class, () -> q.push(11, 4, 0, 1, 2, null), "an earlier sequence number");
        assertThrows(IllegalArgumentException.class, () -> q.push(-1, 6, 0, 1, 2, null), "a negative time");
        q.pop();
        assertThrows(IllegalArgumentException.class, () -> q.push(9, 7, 0, 1, 2, null), "before the last event popped");
        q.push(10, 8, 3, 4, 5, null); // the same time as the last popped is fine
        assertEquals(10, q.time());
        assertEquals(3, q.type());
        assertEquals(4, q.a());
        assertEquals(5, q.b());
        q.push(5000, 9, 1, 1, 1, null); // past the horizon: to the heap
        q.pop();
        assertEquals(5000, q.time());
        q.pop();
        assertTrue(q.isEmpty());
        assertThrows(IllegalStateException.class, q::pop);
        assertNotSame(q, q.reuse(2000), "another horizon gets another calendar");
    }
}
