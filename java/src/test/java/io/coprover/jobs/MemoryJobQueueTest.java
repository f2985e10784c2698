package io.coprover.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The conformance suite on the purely in-memory queue, and deadlines on a clock the test moves. */
class MemoryJobQueueTest extends AbstractJobQueueTest {
    @Override
    protected JobQueue openFresh() {
        return new MemoryJobQueue();
    }

    @Override
    protected JobQueue reopen(JobQueue old) {
        old.close();
        return new MemoryJobQueue();
    }

    @Override
    protected boolean persistent() {
        return false;
    }

    /** A clock that stands still until the test moves it. */
    static final class TestClock extends Clock {
        final AtomicLong millis;

        TestClock(long start) {
            millis = new AtomicLong(start);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    @Test
    void aRunningJobPastItsDeadlineExpiresAndItsWorkerLosesTheLease() {
        TestClock clock = new TestClock(1_000_000);
        try (MemoryJobQueue m = new MemoryJobQueue(clock)) {
            long id = m.submit("k1", "k", bytes("p"), 3, "alice", Instant.ofEpochMilli(1_000_500));
            long open = m.submit("k2", "k", bytes("q"), 3, "alice", null);
            Lease l = m.claim("w", ANY, LONG).orElseThrow();
            assertEquals(id, l.jobId());
            clock.millis.addAndGet(499);
            assertEquals(0, m.requeueExpired(), "1 ms before its deadline");
            assertTrue(m.heartbeat(l, LONG));
            clock.millis.addAndGet(1);
            assertEquals(1, m.requeueExpired(), "at its deadline");
            JobInfo info = m.status(id).orElseThrow();
            assertEquals(JobState.EXPIRED, info.state());
            assertEquals("deadline passed", info.lastError());
            assertFalse(m.heartbeat(l, LONG), "the worker learns at its next heartbeat");
            assertFalse(m.complete(l, bytes("late")));
            assertEquals(
                    List.of(id),
                    m.finishedAfter("alice", 0, 10).stream().map(JobInfo::id).toList());
            clock.millis.addAndGet(365L * 24 * 3600 * 1000);
            assertEquals(0, m.requeueExpired(), "a job without a deadline never expires");
            assertEquals(JobState.QUEUED, m.status(open).orElseThrow().state());
        }
    }
}
