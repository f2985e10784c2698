package io.coprover.scheduler;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.backend.JavaBackend;
import io.coprover.backend.JavaBackendConfig;
import io.coprover.backend.ProvingBackend;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.Score;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private final List<Scheduler> open = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong(100);
    private final FakeNodeProver prover = new FakeNodeProver();

    private Scheduler scheduler(List<? extends ProvingBackend> backends, int retries) {
        SchedulerConfig cfg = SchedulerConfig.defaults().withClock(clock::get).withMaxRetries(retries);
        Scheduler s = new Scheduler(backends, prover, new MemoryProofStore(), cfg);
        open.add(s);
        return s;
    }

    private static JavaBackend cpu() {
        return new JavaBackend(new JavaBackendConfig(1));
    }

    @AfterEach
    void close() {
        open.forEach(Scheduler::close);
    }

    @Test
    void sameJobTwiceRunsOnce() throws Exception {
        Scheduler s = scheduler(List.of(cpu()), 0);
        CompletableFuture<ProofResult> a = s.submit(Jobs.base(0), Jobs.terms(1, 1000));
        CompletableFuture<ProofResult> b = s.submit(Jobs.base(0), Jobs.terms(5, 2000));
        assertSame(a, b);
        assertEquals(a.get(10, TimeUnit.SECONDS).proof(), FakeNodeProver.record(Jobs.base(0)));
        s.submit(Jobs.base(0), Jobs.terms(1, 1000)).get(10, TimeUnit.SECONDS);
        assertTrue(s.awaitIdle(2, TimeUnit.MINUTES));
        assertEquals(1, prover.count.get());
        assertEquals(1, s.snapshot().size());
        // other inputs (FEE_BURN) are another job
        s.submit(Jobs.base(0, 5), Jobs.terms(1, 1000)).get(10, TimeUnit.SECONDS);
        assertEquals(2, prover.count.get());
    }

    @Test
    void priorityRootFirstThenRewardThenDeadline() throws Exception {
        Scheduler s = scheduler(List.of(cpu()), 0);
        prover.gate = new CountDownLatch(1);
        s.submit(Jobs.base(7), Jobs.terms(0, 1000)); // occupies the only worker
        waitFor(() -> prover.count.get() == 1);
        JobInputs b0 = Jobs.base(0), b1 = Jobs.base(1), b2 = Jobs.base(2), m = Jobs.merge(new NodeId(1, 0));
        JobInputs root = Jobs.merge(new NodeId(3, 0));
        s.submit(b0, Jobs.terms(10, 500));
        s.submit(b1, Jobs.terms(20, 900));
        s.submit(b2, Jobs.terms(10, 400));
        s.submit(m, Jobs.terms(1, 900));
        s.submit(root, Jobs.terms(0, 900));
        prover.gate.countDown();
        assertTrue(s.awaitIdle(2, TimeUnit.MINUTES));
        assertEquals(List.of(Jobs.base(7).id(), root.id(), m.id(), b1.id(), b2.id(), b0.id()), prover.calls);
    }

    @Test
    void cancelsQueuedJobPastDeadline() throws Exception {
        Scheduler s = scheduler(List.of(cpu()), 0);
        prover.gate = new CountDownLatch(1);
        s.submit(Jobs.base(7), Jobs.terms(0, 1000));
        waitFor(() -> prover.count.get() == 1);
        CompletableFuture<ProofResult> late = s.submit(Jobs.base(1), Jobs.terms(0, 150));
        assertEquals(JobState.QUEUED, s.job(Jobs.base(1).id()).orElseThrow().state());
        clock.set(151);
        prover.gate.countDown();
        assertTrue(s.awaitIdle(2, TimeUnit.MINUTES));
        JobSnapshot j = s.job(Jobs.base(1).id()).orElseThrow();
        assertEquals(JobState.CANCELLED, j.state());
        assertTrue(j.reason().contains("deadline"), j.reason());
        assertEquals(1, prover.count.get(), "the expired job never ran");
        assertTrue(late.isCompletedExceptionally());
        // a job submitted after its deadline is cancelled at once
        s.submit(Jobs.base(2), Jobs.terms(0, 10));
        assertEquals(JobState.CANCELLED, s.job(Jobs.base(2).id()).orElseThrow().state());
    }

    @Test
    void cancelsRunningJobPastDeadline() throws Exception {
        Scheduler s = scheduler(List.of(cpu()), 0);
        prover.delayMillis = 10_000;
        s.submit(Jobs.base(1), Jobs.terms(0, 150));
        waitFor(() -> s.job(Jobs.base(1).id()).orElseThrow().state() == JobState.RUNNING);
        clock.set(200);
        assertEquals(1, s.cancelExpired());
        assertTrue(s.awaitIdle(2, TimeUnit.MINUTES));
        assertEquals(JobState.CANCELLED, s.job(Jobs.base(1).id()).orElseThrow().state());
        prover.delayMillis = 0;
        s.submit(Jobs.base(2), Jobs.terms(0, 1000)).get(10, TimeUnit.SECONDS); // the worker is free again
    }

    @Test
    void cancelsWhenThreeBetterProofsAreKnown() throws Exception {
        Scheduler s = scheduler(List.of(cpu()), 0);
        prover.gate = new CountDownLatch(1);
        s.submit(Jobs.base(7), Jobs.terms(0, 1000));
        waitFor(() -> prover.count.get() == 1);
        JobInputs in = Jobs.base(1);
        Score own = Score.of(1000, 0);
        s.submit(in, new JobTerms(java.math.BigInteger.ONE, 1000, own));
        NodeId n = in.node();
        s.observeProof(7, n, key("a"), Score.of(2000, 0));
        s.observeProof(7, n, key("b"), Score.of(999, 0)); // worse
        s.observeProof(7, new NodeId(0, 2), key("c"), Score.of(5000, 0)); // another node
        s.observeProof(7, n, key("d"), Score.of(1001, 0));
        s.observeProof(7, n, key("d"), Score.of(3000, 0)); // same prover again: still one proof
        s.observeProof(7, n, Jobs.ME, Score.of(9000, 0)); // our own key never counts
        assertEquals(JobState.QUEUED, s.job(in.id()).orElseThrow().state());
        s.observeProof(7, n, key("e"), Score.of(1000, 1)); // a third better one
        JobSnapshot j = s.job(in.id()).orElseThrow();
        assertEquals(JobState.CANCELLED, j.state());
        assertTrue(j.reason().contains("3 better proofs"), j.reason());
        prover.gate.countDown();
        assertTrue(s.awaitIdle(2, TimeUnit.MINUTES));
        assertEquals(1, prover.count.get());
    }

    @Test
    void retriesOnAnotherWorkerAfterDeviceFailure() throws Exception {
        JavaBackend bad = cpu(), good = cpu();
        prover.failOn.add(bad);
        prover.delayMillis = 20; // the good worker stays busy, so the bad one surely takes jobs
        Scheduler s = scheduler(List.of(bad, good), 2);
        List<JobSnapshot> events = new CopyOnWriteArrayList<>();
        s.addListener(events::add);
        List<CompletableFuture<ProofResult>> fs = new ArrayList<>();
        for (int i = 0; i < 6; i++) fs.add(s.submit(Jobs.base(i), Jobs.terms(0, 1000)));
        for (CompletableFuture<ProofResult> f : fs) f.get(10, TimeUnit.SECONDS);
        assertTrue(s.awaitIdle(2, TimeUnit.MINUTES));
        for (JobSnapshot j : s.snapshot()) {
            assertEquals(JobState.DONE, j.state());
            assertEquals("java#2", j.worker());
            assertTrue(j.attempts() <= 2, "at most one failure per job: " + j);
            // a job that failed on the bad worker never went back to it
            long onBad = events.stream()
                    .filter(e -> e.id().equals(j.id()) && e.state() == JobState.RUNNING && "java".equals(e.worker()))
                    .count();
            assertTrue(onBad <= 1);
            assertEquals(j.attempts() == 2 ? 1 : 0, onBad);
        }
        assertTrue(events.stream()
                .anyMatch(e -> e.state() == JobState.QUEUED
                        && e.reason() != null
                        && e.reason().contains("device error")));
    }

    @Test
    void failsAfterMaxRetries() throws Exception {
        JavaBackend a = cpu(), b = cpu();
        prover.failOn.add(a);
        prover.failOn.add(b);
        Scheduler s = scheduler(List.of(a, b), 2);
        CompletableFuture<ProofResult> f = s.submit(Jobs.base(0), Jobs.terms(0, 1000));
        assertTrue(s.awaitIdle(2, TimeUnit.MINUTES));
        JobSnapshot j = s.job(Jobs.base(0).id()).orElseThrow();
        assertEquals(JobState.FAILED, j.state());
        assertEquals(3, j.attempts());
        assertEquals(3, prover.count.get());
        assertTrue(f.isCompletedExceptionally());
    }

    @Test
    void statesAndProgressAreObservable() throws Exception {
        Scheduler s = scheduler(List.of(cpu()), 0);
        prover.reportProgress = true;
        List<String> seen = new CopyOnWriteArrayList<>();
        s.addListener(new JobListener() {
            @Override
            public void onState(JobSnapshot j) {
                seen.add(j.state().name());
            }

            @Override
            public void onProgress(JobId id, String worker, double f, String phase) {
                seen.add(phase + "@" + f);
            }
        });
        s.submit(Jobs.base(0), Jobs.terms(0, 1000)).get(10, TimeUnit.SECONDS);
        assertTrue(s.awaitIdle(2, TimeUnit.MINUTES));
        assertEquals(List.of("QUEUED", "RUNNING", "witness@0.5", "prove@1.0", "DONE"), seen);
        assertEquals(1, s.counts().get(JobState.DONE));
        assertEquals(0, s.counts().get(JobState.QUEUED));
        JobSnapshot j = s.snapshot().get(0);
        assertEquals("java", j.worker());
        assertEquals(1.0, j.progress());
    }

    @Test
    void forgetDropsOnlyFinishedJobsOfTheBlock() throws Exception {
        Scheduler s = scheduler(List.of(cpu()), 0);
        s.submit(Jobs.base(0), Jobs.terms(0, 1000)).get(10, TimeUnit.SECONDS);
        prover.gate = new CountDownLatch(1);
        s.submit(Jobs.base(1), Jobs.terms(0, 1000));
        waitFor(() -> prover.count.get() == 2);
        assertEquals(1, s.forget(7));
        assertEquals(
                List.of(Jobs.base(1).id()),
                s.snapshot().stream().map(JobSnapshot::id).toList());
        prover.gate.countDown();
        assertTrue(s.awaitIdle(2, TimeUnit.MINUTES));
        assertEquals(0, s.forget(8));
    }

    @Test
    void rejectsBadConstruction() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new Scheduler(List.of(), prover, new MemoryProofStore(), SchedulerConfig.defaults()));
        assertThrows(
                IllegalArgumentException.class, () -> SchedulerConfig.defaults().withMaxRetries(-1));
        Scheduler s = scheduler(List.of(cpu(), cpu()), 0);
        assertEquals(List.of("java", "java#2"), s.workerNames());
        s.close();
        assertThrows(IllegalStateException.class, () -> s.submit(Jobs.base(0), Jobs.terms(0, 1000)));
    }

    static Bytes key(String name) {
        return Bytes.of(Bytes.sha256(name.getBytes()));
    }

    static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        long end = System.currentTimeMillis() + 60_000;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > end) fail("condition not reached in 60 s");
            Thread.sleep(2);
        }
    }
}
