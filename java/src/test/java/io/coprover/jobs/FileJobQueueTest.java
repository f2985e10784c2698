package io.coprover.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conformance suite on the in-process queue persisted in an MVStore file. */
class FileJobQueueTest extends AbstractJobQueueTest {
    @TempDir
    Path dir;

    @Override
    protected JobQueue openFresh() {
        return new MemoryJobQueue(dir.resolve("queue.mv"), Clock.systemUTC());
    }

    @Override
    protected JobQueue reopen(JobQueue old) {
        old.close();
        return new MemoryJobQueue(dir.resolve("queue.mv"), Clock.systemUTC());
    }

    @Override
    protected boolean persistent() {
        return true;
    }

    /** An interrupted caller (an HTTP thread being stopped) must not close the store for everyone. */
    @Test
    void anInterruptedCallerDoesNotBreakTheStore() {
        Thread.currentThread().interrupt();
        long a = q.submit("k", bytes("a"), 0);
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        q.submit("k", bytes("b"), 0);
        assertEquals(2, q.counts().queued());
        assertTrue(q.status(a).isPresent());
    }
}
