package io.coprover.farm;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link JobQueue} contract, run against every implementation (one subclass each): claims,
 * leases, heartbeats, fencing, retries, idempotent submission, restarts.
 */
abstract class AbstractJobQueueTest {
    static final Duration LONG = Duration.ofMinutes(5);
    static final Set<String> ANY = Set.of();
    protected JobQueue q;

    /** A queue over fresh, empty storage. */
    protected abstract JobQueue openFresh() throws Exception;

    /** Closes {@code old} and opens a new queue over the same storage (empty if not persistent). */
    protected abstract JobQueue reopen(JobQueue old) throws Exception;

    /** Whether jobs survive {@link #reopen}. */
    protected abstract boolean persistent();

    @BeforeEach
    void setUp() throws Exception {
        q = openFresh();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (q != null) q.close();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void submitClaimCompleteOnce() {
        long id = q.submit("prove", bytes("p1"), 3);
        assertEquals(JobState.QUEUED, q.status(id).orElseThrow().state());
        Lease l = q.claim("w1", ANY, LONG).orElseThrow();
        assertEquals(id, l.jobId());
        assertEquals("prove", l.kind());
        assertArrayEquals(bytes("p1"), l.payload());
        assertEquals(1, l.attempt());
        JobInfo running = q.status(id).orElseThrow();
        assertEquals(JobState.RUNNING, running.state());
        assertEquals("w1", running.worker());
        assertTrue(q.result(id).isEmpty(), "no result before completion");
        assertTrue(q.complete(l, bytes("r1")));
        assertEquals(JobState.DONE, q.status(id).orElseThrow().state());
        assertArrayEquals(bytes("r1"), q.result(id).orElseThrow());
        // fencing: the same lease cannot complete, fail, release or heartbeat again
        assertFalse(q.complete(l, bytes("r2")));
        assertFalse(q.fail(l, "late"));
        assertFalse(q.release(l, "late"));
        assertFalse(q.heartbeat(l, LONG));
        assertArrayEquals(bytes("r1"), q.result(id).orElseThrow());
        assertTrue(q.claim("w2", ANY, LONG).isEmpty());
        assertTrue(q.status(id + 1000).isEmpty());
        assertEquals(new QueueCounts(0, 0, 1, 0), q.counts());
    }

    @Test
    void oldestFirstAndKindFilter() {
        long a = q.submit("base", bytes("a"), 0);
        long b = q.submit("merge", bytes("b"), 0);
        long c = q.submit("base", bytes("c"), 0);
        assertEquals(b, q.claim("w", Set.of("merge", "root"), LONG).orElseThrow().jobId());
        assertTrue(q.claim("w", Set.of("merge"), LONG).isEmpty());
        assertEquals(a, q.claim("w", ANY, LONG).orElseThrow().jobId());
        assertEquals(c, q.claim("w", Set.of("base"), LONG).orElseThrow().jobId());
        assertEquals(new QueueCounts(0, 3, 0, 0), q.counts());
    }

    @Test
    void idempotentSubmitByKey() {
        long id = q.submit("block-7/base-0", "base", bytes("x"), 2);
        assertEquals(id, q.submit("block-7/base-0", "base", bytes("x"), 2));
        assertEquals(id, q.findByKey("block-7/base-0").orElseThrow());
        assertEquals("block-7/base-0", q.status(id).orElseThrow().key());
        assertThrows(IllegalArgumentException.class, () -> q.submit("block-7/base-0", "base", bytes("y"), 2));
        assertThrows(IllegalArgumentException.class, () -> q.submit("block-7/base-0", "merge", bytes("x"), 2));
        assertNotEquals(id, q.submit("block-7/base-1", "base", bytes("x"), 2));
        assertTrue(q.findByKey("nope").isEmpty());
        assertEquals(2, q.counts().queued());
    }

    @Test
    void failRetriesThenFailed() {
        long id = q.submit("k", bytes("p"), 2);
        for (int attempt = 1; attempt <= 3; attempt++) {
            Lease l = q.claim("w", ANY, LONG).orElseThrow();
            assertEquals(attempt, l.attempt());
            assertTrue(q.fail(l, "boom " + attempt));
            assertFalse(q.fail(l, "again"), "a failed attempt's lease is gone");
        }
        JobInfo info = q.status(id).orElseThrow();
        assertEquals(JobState.FAILED, info.state());
        assertEquals(3, info.attempts());
        assertEquals("boom 3", info.lastError());
        assertTrue(q.claim("w", ANY, LONG).isEmpty());
        assertTrue(q.result(id).isEmpty());
    }

    @Test
    void releaseDoesNotSpendARetry() {
        long id = q.submit("k", bytes("p"), 0);
        Lease l1 = q.claim("w1", ANY, LONG).orElseThrow();
        assertTrue(q.release(l1, "shutting down"));
        JobInfo info = q.status(id).orElseThrow();
        assertEquals(JobState.QUEUED, info.state());
        assertEquals(0, info.attempts());
        Lease l2 = q.claim("w2", ANY, LONG).orElseThrow();
        assertEquals(1, l2.attempt());
        assertNotEquals(l1.token(), l2.token());
        assertFalse(q.complete(l1, bytes("stale")));
        assertTrue(q.complete(l2, bytes("ok")));
    }

    @Test
    void expiredLeaseIsRequeuedAndFenced() throws Exception {
        long id = q.submit("k", bytes("p"), 1);
        Lease dead = q.claim("dead-worker", ANY, Duration.ofMillis(1000)).orElseThrow();
        assertTrue(q.claim("w2", ANY, LONG).isEmpty(), "a live lease is exclusive");
        Thread.sleep(1300);
        Lease l2 = q.claim("w2", ANY, LONG).orElseThrow();
        assertEquals(id, l2.jobId());
        assertEquals(2, l2.attempt());
        assertTrue(q.status(id).orElseThrow().lastError().contains("dead-worker"));
        assertFalse(q.heartbeat(dead, LONG), "the dead worker's lease is lost");
        assertFalse(q.complete(dead, bytes("stale")));
        assertTrue(q.complete(l2, bytes("fresh")));
        assertArrayEquals(bytes("fresh"), q.result(id).orElseThrow());
    }

    @Test
    void heartbeatKeepsTheLease() throws Exception {
        long id = q.submit("k", bytes("p"), 1);
        // each heartbeat extends the lease to 1 s from now; 6 of them span more than one lease
        Lease l = q.claim("w1", ANY, Duration.ofMillis(1000)).orElseThrow();
        for (int i = 0; i < 6; i++) {
            Thread.sleep(200);
            assertTrue(q.heartbeat(l, Duration.ofMillis(1000)));
        }
        assertEquals(0, q.requeueExpired());
        assertTrue(q.claim("w2", ANY, LONG).isEmpty());
        assertTrue(q.complete(l, bytes("r")));
        assertEquals(JobState.DONE, q.status(id).orElseThrow().state());
    }

    @Test
    void expiryWithoutRetriesFails() throws Exception {
        long id = q.submit("k", bytes("p"), 0);
        Lease l = q.claim("w1", ANY, Duration.ofMillis(50)).orElseThrow();
        Thread.sleep(200);
        assertEquals(1, q.requeueExpired());
        JobInfo info = q.status(id).orElseThrow();
        assertEquals(JobState.FAILED, info.state());
        assertTrue(info.lastError().contains("expired"), info.lastError());
        assertFalse(q.complete(l, bytes("late")));
        assertEquals(0, q.requeueExpired());
    }

    @Test
    void lapsedLeaseMayCompleteUntilRequeued() throws Exception {
        long id = q.submit("k", bytes("p"), 1);
        Lease l = q.claim("w1", ANY, Duration.ofMillis(50)).orElseThrow();
        Thread.sleep(150);
        assertTrue(q.complete(l, bytes("r")), "nobody re-queued it, so the slow worker's result stands");
        assertEquals(0, q.requeueExpired());
        assertEquals(JobState.DONE, q.status(id).orElseThrow().state());
    }

    @Test
    void racingCompletionsSucceedOnce() throws Exception {
        long id = q.submit("k", bytes("p"), 0);
        Lease l = q.claim("w", ANY, LONG).orElseThrow();
        int n = 8;
        ExecutorService ex = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] r = bytes("r" + i);
            fs.add(ex.submit(() -> {
                go.await();
                return q.complete(l, r);
            }));
        }
        go.countDown();
        int wins = 0;
        for (Future<Boolean> f : fs) if (f.get()) wins++;
        ex.shutdown();
        assertEquals(1, wins);
        assertEquals(JobState.DONE, q.status(id).orElseThrow().state());
    }

    @Test
    void concurrentClaimsAreExclusive() throws Exception {
        int jobs = 200, workers = 4;
        Map<Long, AtomicInteger> completions = new ConcurrentHashMap<>();
        for (int i = 0; i < jobs; i++) completions.put(q.submit("k", bytes("j" + i), 0), new AtomicInteger());
        ExecutorService ex = Executors.newFixedThreadPool(workers);
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            String name = "w" + w;
            fs.add(ex.submit(() -> {
                for (Lease l; (l = q.claim(name, ANY, LONG).orElse(null)) != null; ) {
                    if (q.complete(l, l.payload())) completions.get(l.jobId()).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        ex.shutdown();
        assertEquals(new QueueCounts(0, 0, jobs, 0), q.counts());
        for (Map.Entry<Long, AtomicInteger> e : completions.entrySet()) assertEquals(1, e.getValue().get(), "job " + e.getKey() + " completions");
    }

    @Test
    void largePayloadRoundTrips() {
        byte[] p = new byte[1 << 20];
        new Random(8).nextBytes(p);
        long id = q.submit("big", p, 0);
        Lease l = q.claim("w", ANY, LONG).orElseThrow();
        assertArrayEquals(p, l.payload());
        assertTrue(q.complete(l, p));
        assertArrayEquals(p, q.result(id).orElseThrow());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> q.submit("", bytes("p"), 0));
        assertThrows(IllegalArgumentException.class, () -> q.submit("has space", bytes("p"), 0));
        assertThrows(IllegalArgumentException.class, () -> q.submit("k", null, 0));
        assertThrows(IllegalArgumentException.class, () -> q.submit("k", bytes("p"), -1));
        assertThrows(IllegalArgumentException.class, () -> q.submit("", "k", bytes("p"), 0));
        assertThrows(IllegalArgumentException.class, () -> q.claim("w", ANY, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> q.claim(" ", ANY, LONG));
        assertThrows(IllegalArgumentException.class, () -> q.claim("w", Set.of("bad kind"), LONG));
        assertEquals(0, q.counts().total());
    }

    @Test
    void restartKeepsJobsResultsAndLeases() throws Exception {
        Assumptions.assumeTrue(persistent(), "this queue keeps nothing across a restart by design");
        long done = q.submit("k", bytes("d"), 1);
        long run = q.submit("key-r", "k", bytes("r"), 1);
        long queued = q.submit("k", bytes("q"), 1);
        long failed = q.submit("k", bytes("f"), 0);
        Lease ld = q.claim("w", ANY, LONG).orElseThrow();
        assertTrue(q.complete(ld, bytes("result-d")));
        Lease lr = q.claim("w", ANY, LONG).orElseThrow();
        assertEquals(run, lr.jobId());
        Lease lq = q.claim("w", Set.of("k"), LONG).orElseThrow();
        assertTrue(q.release(lq, "not now"));
        q.claim("w", ANY, LONG); // takes queued again (oldest)
        Lease lf;
        while ((lf = q.claim("w", ANY, LONG).orElse(null)) != null && lf.jobId() != failed) { /* only 'failed' remains */ }
        assertTrue(q.fail(lf, "broken input"));
        QueueCounts before = q.counts();

        q = reopen(q);
        assertEquals(before, q.counts());
        assertArrayEquals(bytes("result-d"), q.result(done).orElseThrow());
        assertEquals(run, q.findByKey("key-r").orElseThrow());
        assertEquals(run, q.submit("key-r", "k", bytes("r"), 1), "keys survive the restart");
        assertEquals(JobState.FAILED, q.status(failed).orElseThrow().state());
        assertEquals("broken input", q.status(failed).orElseThrow().lastError());
        assertTrue(q.heartbeat(lr, LONG), "a lease survives the queue's restart");
        assertTrue(q.complete(lr, bytes("result-r")));
        assertFalse(q.complete(lr, bytes("again")));
        assertArrayEquals(bytes("result-r"), q.result(run).orElseThrow());
        assertEquals(JobState.RUNNING, q.status(queued).orElseThrow().state());
        long next = q.submit("k", bytes("n"), 0);
        assertTrue(next > failed, "ids keep growing after a restart");
    }
}
