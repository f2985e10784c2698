package io.coprover.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link JobQueue} contract, run against every implementation (one subclass each): claims,
 * leases, heartbeats, fencing, retries, idempotent submission, owners, deadlines, cancelling, the
 * finished sequence and its listing, restarts. The farm and the builder rely on exactly this.
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

    /** Whether other processes can work the queue ({@link JobQueue#shared()}). */
    protected boolean shared() {
        return false;
    }

    @Test
    void saysWhetherItIsShared() {
        assertEquals(shared(), q.shared());
    }

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
        assertEquals(
                b, q.claim("w", Set.of("merge", "root"), LONG).orElseThrow().jobId());
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
        // 3 s: the exclusivity check right after must run inside it even on a loaded machine
        Lease dead = q.claim("dead-worker", ANY, Duration.ofMillis(3000)).orElseThrow();
        assertTrue(q.claim("w2", ANY, LONG).isEmpty(), "a live lease is exclusive");
        // leases run on the store's clock (the server's for PostgreSQL: no test clock to move), so wait
        // for exactly the condition asserted: the job can be claimed again once the lease has lapsed
        Lease l2 = until(() -> q.claim("w2", ANY, LONG), "the dead worker's lease to lapse");
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
        // a 1 s lease kept by heartbeats (each extends it to 3 s from now, so a stalled moment on a
        // loaded machine cannot lose it) until well past the first lease's end
        Lease l = q.claim("w1", ANY, Duration.ofMillis(1000)).orElseThrow();
        long t0 = System.nanoTime();
        do {
            assertTrue(q.heartbeat(l, Duration.ofMillis(3000)));
            Thread.sleep(200);
        } while (System.nanoTime() - t0 < 1_500_000_000L);
        assertEquals(0, q.requeueExpired());
        assertTrue(q.claim("w2", ANY, LONG).isEmpty());
        assertTrue(q.complete(l, bytes("r")));
        assertEquals(JobState.DONE, q.status(id).orElseThrow().state());
    }

    @Test
    void expiryWithoutRetriesFails() throws Exception {
        long id = q.submit("k", bytes("p"), 0);
        Lease l = q.claim("w1", ANY, Duration.ofMillis(50)).orElseThrow();
        int swept = until(() -> Optional.of(q.requeueExpired()).filter(n -> n > 0), "the lease to lapse");
        assertEquals(1, swept);
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
        for (Map.Entry<Long, AtomicInteger> e : completions.entrySet())
            assertEquals(1, e.getValue().get(), "job " + e.getKey() + " completions");
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
        assertThrows(IllegalArgumentException.class, () -> q.submit(null, "k", bytes("p"), 0, "", null));
        assertThrows(IllegalArgumentException.class, () -> q.finishedAfter(null, 0, 0));
        assertEquals(0, q.counts().total());
    }

    @Test
    void failWithoutRetryFailsAtOnce() {
        long id = q.submit("k", bytes("bad input"), 5);
        Lease l = q.claim("w", ANY, LONG).orElseThrow();
        assertTrue(q.fail(l, "unprovable: witness does not satisfy the circuit", false));
        JobInfo info = q.status(id).orElseThrow();
        assertEquals(JobState.FAILED, info.state());
        assertEquals(1, info.attempts());
        assertEquals("unprovable: witness does not satisfy the circuit", info.lastError());
        assertTrue(info.finishedSeq() > 0);
        assertTrue(q.claim("w", ANY, LONG).isEmpty(), "no retry although five were allowed");
    }

    @Test
    void ownersDeadlinesCancelAndTheFinishedListing() {
        Instant later = Instant.now().plus(Duration.ofHours(1));
        Instant passed = Instant.now().minus(Duration.ofSeconds(10));
        long a = q.submit("ka", "k", bytes("a"), 1, "alice", later);
        long b = q.submit("kb", "k", bytes("b"), 1, "bob", later);
        long c = q.submit("kc", "k", bytes("c"), 1, "alice", passed);
        long d = q.submit("kd", "k", bytes("d"), 1, "alice", later);
        JobInfo ai = q.status(a).orElseThrow();
        assertEquals("alice", ai.owner());
        assertEquals(later.toEpochMilli(), ai.deadline().toEpochMilli());
        assertEquals(0, ai.finishedSeq(), "open jobs have no finished number");
        assertEquals(3, q.counts("alice").open());
        assertEquals(1, q.counts("bob").open());
        assertEquals(0, q.counts("carol").total());
        assertArrayEquals(bytes("c"), q.payload(c).orElseThrow());
        assertTrue(q.payload(9_999_999L).isEmpty());

        Lease la = q.claim("w", ANY, LONG).orElseThrow();
        assertEquals(a, la.jobId(), "oldest first");
        assertTrue(q.complete(la, bytes("ra")));
        Lease lb = q.claim("w", ANY, LONG).orElseThrow();
        assertEquals(b, lb.jobId());
        assertEquals(d, q.claim("w", ANY, LONG).orElseThrow().jobId(), "a job past its deadline is never handed out");
        assertTrue(q.claim("w", ANY, LONG).isEmpty());
        assertEquals(JobState.EXPIRED, q.status(c).orElseThrow().state(), "the claim expired it");
        assertEquals("deadline passed", q.status(c).orElseThrow().lastError());

        assertTrue(q.cancel(d, "client asked"), "a running job can be cancelled");
        assertFalse(q.cancel(d, "again"), "a final job cannot");
        assertFalse(q.cancel(a, "done already"));
        assertFalse(q.cancel(9_999_999L, "unknown"));
        assertEquals(JobState.CANCELLED, q.status(d).orElseThrow().state());
        assertEquals("client asked", q.status(d).orElseThrow().lastError());
        assertTrue(q.fail(lb, "device lost", false));

        List<JobInfo> fin = q.finishedAfter(null, 0, 10);
        assertEquals(
                List.of(c, a, d, b),
                fin.stream().map(JobInfo::id).toList(),
                "in the order they finished (the first claim expired c)");
        for (int i = 1; i < fin.size(); i++)
            assertTrue(fin.get(i).finishedSeq() > fin.get(i - 1).finishedSeq());
        assertEquals(
                List.of(c, a, d),
                q.finishedAfter("alice", 0, 10).stream().map(JobInfo::id).toList());
        assertEquals(
                List.of(a, d),
                q.finishedAfter("alice", fin.get(0).finishedSeq(), 10).stream()
                        .map(JobInfo::id)
                        .toList());
        assertEquals(
                List.of(c, a),
                q.finishedAfter(null, 0, 2).stream().map(JobInfo::id).toList());
        assertTrue(q.finishedAfter(null, fin.get(3).finishedSeq(), 10).isEmpty());
        assertEquals(new QueueCounts(0, 0, 1, 1, 1, 1), q.counts());
        assertEquals(new QueueCounts(0, 0, 1, 0, 1, 1), q.counts("alice"));
    }

    @Test
    void aCancelledJobsLeaseIsLost() {
        long id = q.submit("k", bytes("p"), 3);
        Lease l = q.claim("w", ANY, LONG).orElseThrow();
        assertTrue(q.cancel(id, "no longer needed"));
        assertFalse(q.heartbeat(l, LONG), "the worker learns at its next heartbeat");
        assertFalse(q.complete(l, bytes("late")));
        assertFalse(q.fail(l, "late"));
        assertTrue(q.result(id).isEmpty());
        assertTrue(q.claim("w", ANY, LONG).isEmpty());
    }

    @Test
    void requeueRunningPutsEveryHeldJobBack() {
        long a = q.submit("k", bytes("a"), 1);
        long b = q.submit("k", bytes("b"), 0);
        Lease la = q.claim("old-process", ANY, LONG).orElseThrow();
        Lease lb = q.claim("old-process", ANY, LONG).orElseThrow();
        assertEquals(2, q.requeueRunning("builder restarted"));
        assertEquals(JobState.QUEUED, q.status(a).orElseThrow().state());
        assertEquals("builder restarted", q.status(a).orElseThrow().lastError());
        assertEquals(JobState.FAILED, q.status(b).orElseThrow().state(), "its one attempt was spent");
        assertFalse(q.complete(la, bytes("stale")));
        assertFalse(q.complete(lb, bytes("stale")));
        Lease again = q.claim("new-process", ANY, LONG).orElseThrow();
        assertEquals(a, again.jobId());
        assertEquals(2, again.attempt());
        assertTrue(q.complete(again, bytes("ra")));
        assertEquals(0, q.requeueRunning("nothing held"), "nothing is running any more");
    }

    @Test
    void awaitFinishedReturnsOnceAJobFinishes() throws Exception {
        long id = q.submit("k", bytes("p"), 0);
        Lease l = q.claim("w", ANY, LONG).orElseThrow();
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            Future<List<JobInfo>> waiter = ex.submit(() -> {
                List<JobInfo> got;
                while ((got = q.finishedAfter(null, 0, 10)).isEmpty()) q.awaitFinished(0, 60_000);
                return got;
            });
            assertTrue(q.complete(l, bytes("r")));
            assertEquals(id, waiter.get().get(0).id());
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void restartKeepsOwnersDeadlinesAndTheFinishedSequence() throws Exception {
        Assumptions.assumeTrue(persistent(), "this queue keeps nothing across a restart by design");
        Instant later = Instant.now().plus(Duration.ofHours(1));
        long a = q.submit("ka", "k", bytes("a"), 0, "alice", later);
        long b = q.submit("kb", "k", bytes("b"), 0, "bob", null);
        assertTrue(q.complete(q.claim("w", ANY, LONG).orElseThrow(), bytes("ra")));
        long seqA = q.status(a).orElseThrow().finishedSeq();
        q = reopen(q);
        JobInfo ai = q.status(a).orElseThrow();
        assertEquals("alice", ai.owner());
        assertEquals(later.toEpochMilli(), ai.deadline().toEpochMilli());
        assertEquals(seqA, ai.finishedSeq());
        assertEquals(null, q.status(b).orElseThrow().deadline());
        assertTrue(q.cancel(b, "client asked"));
        assertTrue(q.status(b).orElseThrow().finishedSeq() > seqA, "the sequence keeps growing after a restart");
        assertEquals(
                List.of(b),
                q.finishedAfter(null, seqA, 10).stream().map(JobInfo::id).toList());
        assertEquals(1, q.counts("alice").done());
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
        while ((lf = q.claim("w", ANY, LONG).orElse(null)) != null && lf.jobId() != failed) {
            /* only 'failed' remains */
        }
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

    /** Polls {@code attempt} until it yields a value (at most a minute: it returns as soon as it does). */
    static <T> T until(java.util.function.Supplier<Optional<T>> attempt, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            Optional<T> v = attempt.get();
            if (v.isPresent()) return v.get();
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }
}
