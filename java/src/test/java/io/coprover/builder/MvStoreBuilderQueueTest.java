package io.coprover.builder;

import io.coprover.protocol.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The embedded builder queue: states, order, retries, expiry, leases, and a restart from its file. */
class MvStoreBuilderQueueTest {
    static Bytes id(int i) {
        byte[] b = new byte[32];
        b[31] = (byte) i;
        return Bytes.of(b);
    }

    @Test
    void lifecycleAndRestart(@TempDir Path dir) {
        Path file = dir.resolve("queue.mv");
        long lastSeq;
        try (MvStoreBuilderQueue q = MvStoreBuilderQueue.open(file)) {
            BuilderJob a = q.submit(id(1), "alice", new byte[] {1, 2, 3}, 10_000, 100);
            assertEquals(BuilderJob.State.QUEUED, a.state());
            assertSame(BuilderJob.State.QUEUED, q.submit(id(1), "alice", new byte[] {9}, 99, 101).state(), "a resubmission is the same job");
            assertArrayEquals(new byte[] {1, 2, 3}, q.submit(id(1), "alice", new byte[] {9}, 99, 101).request());
            q.submit(id(2), "bob", new byte[] {4}, 10_000, 102);
            q.submit(id(3), "alice", new byte[] {5}, 500, 103);
            q.submit(id(4), "alice", new byte[] {6}, 10_000, 104);
            assertEquals(3, q.activeCount("alice"));
            assertEquals(4, q.queuedCount());

            BuilderJob c1 = q.claim(200, 1000).orElseThrow();
            assertEquals(id(1), c1.id(), "oldest first");
            assertEquals(1, c1.attempts());
            assertArrayEquals(new byte[] {1, 2, 3}, c1.request());
            assertEquals(BuilderJob.State.QUEUED, q.fail(id(1), "device lost", 2), "retried");
            assertEquals(id(1), q.claim(201, 1000).orElseThrow().id());
            assertEquals(BuilderJob.State.FAILED, q.fail(id(1), "device lost again", 2));
            assertEquals("device lost again", q.get(id(1)).orElseThrow().reason());

            BuilderJob c2 = q.claim(300, 1000).orElseThrow();
            assertEquals(id(2), c2.id());
            assertTrue(q.complete(id(2), new byte[] {42}));
            assertFalse(q.complete(id(2), new byte[] {43}), "only a RUNNING job completes");
            assertArrayEquals(new byte[] {42}, q.get(id(2)).orElseThrow().result());

            assertTrue(q.cancel(id(4), "client asked"));
            assertFalse(q.cancel(id(4), "again"));
            assertEquals(1, q.sweep(600), "job 3 expired");
            assertEquals(BuilderJob.State.EXPIRED, q.get(id(3)).orElseThrow().state());
            assertTrue(q.claim(700, 1000).isEmpty());

            List<BuilderJob> fin = q.finishedAfter(null, 0, 10);
            assertEquals(List.of(id(1), id(2), id(4), id(3)), fin.stream().map(BuilderJob::id).toList());
            assertEquals(List.of(id(4), id(3)), q.finishedAfter("alice", fin.get(1).finishedSeq(), 10).stream().map(BuilderJob::id).toList());

            lastSeq = fin.get(3).finishedSeq();
            q.submit(id(5), "bob", new byte[] {7}, 10_000, 800);
            q.submit(id(6), "bob", new byte[] {8}, 10_000, 801);
            q.claim(900, 100).orElseThrow(); // job 5 RUNNING when the builder dies
            assertEquals(1, q.sweep(1001) , "lease ended: job 5 back to QUEUED");
            assertEquals(BuilderJob.State.QUEUED, q.get(id(5)).orElseThrow().state());
            q.claim(1002, 100_000).orElseThrow();
        }
        try (MvStoreBuilderQueue q = MvStoreBuilderQueue.open(file)) {
            assertEquals(BuilderJob.State.RUNNING, q.get(id(5)).orElseThrow().state());
            assertEquals(1, q.requeueRunning());
            assertEquals(2, q.queuedCount());
            BuilderJob again = q.claim(1100, 1000).orElseThrow();
            assertEquals(id(5), again.id(), "accepted jobs survive a restart, in order");
            assertEquals(3, again.attempts());
            assertArrayEquals(new byte[] {42}, q.get(id(2)).orElseThrow().result());
            assertEquals(4, q.finishedAfter(null, 0, 10).size());
            assertTrue(q.complete(id(5), new byte[] {1}));
            assertEquals(List.of(id(5)), q.finishedAfter(null, lastSeq, 10).stream().map(BuilderJob::id).toList());
        }
    }

    /** An interrupted caller (an HTTP thread being stopped) must not close the store for everyone. */
    @Test
    void anInterruptedCallerDoesNotBreakTheStore(@TempDir Path dir) {
        try (MvStoreBuilderQueue q = MvStoreBuilderQueue.open(dir.resolve("q.mv"))) {
            Thread.currentThread().interrupt();
            q.submit(id(1), "alice", new byte[] {1}, 10_000, 1);
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
            q.submit(id(2), "alice", new byte[] {2}, 10_000, 2);
            assertEquals(2, q.queuedCount());
            assertTrue(q.get(id(1)).isPresent());
        }
    }
}
