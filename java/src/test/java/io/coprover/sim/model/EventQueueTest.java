package io.coprover.sim.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The flat event heap gives the events in the order of a {@link PriorityQueue} on (time, sequence). */
class EventQueueTest {
    private record Ref(long time, long seq, int type, int a, int b, Object payload) implements Comparable<Ref> {
        @Override
        public int compareTo(Ref o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    @Test
    void sameOrderAsAPriorityQueueWithPushesBetweenPops() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom rnd = new SplittableRandom(seed);
        EventQueue q = new EventQueue();
        PriorityQueue<Ref> ref = new PriorityQueue<>();
        long seq = 0, now = 0;
        for (int step = 0; step < 200_000; step++) {
            if (ref.isEmpty() || rnd.nextInt(3) != 0) {
                long t = now + rnd.nextLong(50); // many equal times: the sequence number decides
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
        assertEquals(ref.isEmpty(), q.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> q.push(0, 0, 0, 0, 1 << 24, null));
    }
}
