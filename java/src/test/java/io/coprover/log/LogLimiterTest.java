package io.coprover.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogLimiterTest {
    @Test
    void aBurstPassesTheRestIsCountedAndReportedWithTheNextLine() {
        AtomicLong t = new AtomicLong();
        LogLimiter l = new LogLimiter(2, 3, t::get);
        for (int i = 0; i < 3; i++) assertEquals(0, l.admit());
        for (int i = 0; i < 5; i++) assertEquals(-1, l.admit());
        t.addAndGet(500_000_000L); // half a second: one token at 2 per second
        assertEquals(5, l.admit(), "the first line after a flood says how many were suppressed");
        assertEquals(-1, l.admit());
        t.addAndGet(10_000_000_000L); // refills to the burst, no more
        for (int i = 0; i < 3; i++) assertEquals(i == 0 ? 1 : 0, l.admit());
        assertEquals(-1, l.admit());
    }

    @Test
    void badBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LogLimiter(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new LogLimiter(1, 0));
    }
}
