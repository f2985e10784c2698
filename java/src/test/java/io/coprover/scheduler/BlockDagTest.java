package io.coprover.scheduler;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.backend.JavaBackend;
import io.coprover.backend.JavaBackendConfig;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.PublicOutputs;
import io.coprover.protocol.Score;
import io.coprover.protocol.TreeShape;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BlockDagTest {
    static final TreeShape SHAPE = TreeShape.forTxs(8); // 4 base, 2 merge, root (2,0)
    final FakeNodeProver prover = new FakeNodeProver();
    final Map<Bytes, Long> us = new HashMap<>();
    final ProofScorer scorer = p -> Score.of(us.getOrDefault(p.prover(), 1L), p.feeBurnPpm());
    final List<Scheduler> open = new ArrayList<>();

    Scheduler scheduler() {
        Scheduler s = new Scheduler(
                List.of(new JavaBackend(new JavaBackendConfig(1))),
                prover,
                new MemoryProofStore(),
                SchedulerConfig.defaults());
        open.add(s);
        return s;
    }

    @AfterEach
    void close() {
        open.forEach(Scheduler::close);
    }

    static NodeChoice choice(NodeId n) {
        return new NodeChoice(n, JobKind.of(SHAPE, n), 1, 0, Score.of(1, 0), 1, BigInteger.TEN);
    }

    BlockDag dag(Scheduler s, List<NodeId> nodes) {
        return new BlockDag(
                s,
                7,
                Jobs.DIGEST,
                SHAPE,
                Jobs.ME,
                Long.MAX_VALUE,
                scorer,
                3,
                nodes.stream().map(BlockDagTest::choice).toList(),
                Map.of());
    }

    /** A proof of {@code n} by {@code who} over the given children (honest outputs). */
    static ProofRecord other(Bytes who, NodeId n, List<ProofRecord> l, List<ProofRecord> r) {
        return FakeNodeProver.record(new JobInputs(7, Jobs.DIGEST, SHAPE, n, who, null, 0, l, r));
    }

    @Test
    void provesTheWholeTreeBottomUpOnce() throws Exception {
        Scheduler s = scheduler();
        List<JobSnapshot> events = new CopyOnWriteArrayList<>();
        s.addListener(events::add);
        BlockDag d = dag(s, SHAPE.nodes());
        d.start();
        d.start(); // idempotent
        assertTrue(s.awaitIdle(2, TimeUnit.MINUTES));
        waitFor(() -> d.ownProof(SHAPE.root()).isPresent());
        assertEquals(SHAPE.numNodes(), prover.count.get());
        ProofRecord root = d.ownProof(SHAPE.root()).orElseThrow();
        assertEquals(BigInteger.valueOf(1 + 2 + 3 + 4), root.outputs().fees()); // fees chained from the 4 bases
        assertEquals(
                List.of(
                        List.of(d.ownProof(new NodeId(1, 0)).orElseThrow().id()),
                        List.of(d.ownProof(new NodeId(1, 1)).orElseThrow().id())),
                root.children());
        // a merge runs only after both its children are done
        for (NodeId n : SHAPE.nodes()) {
            if (n.level() == 0) continue;
            JobId m = d.jobOf(n);
            int running = index(events, m, JobState.RUNNING);
            for (NodeId c : List.of(n.left(), n.right()))
                assertTrue(index(events, d.jobOf(c), JobState.DONE) < running, n + " ran before " + c);
        }
        for (ProofRecord p : d.proofs()) d.observe(p); // seeing our own proofs again changes nothing
        assertTrue(s.awaitIdle(2, TimeUnit.MINUTES));
        assertEquals(SHAPE.numNodes(), prover.count.get());
    }

    @Test
    void mergeIncludesTheBestThreeMatchingProofsOfEachChild() throws Exception {
        Scheduler s = scheduler();
        NodeId m = new NodeId(1, 0);
        BlockDag d = dag(s, List.of(m));
        d.start();
        List<Bytes> who = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            who.add(SchedulerTest.key("p" + i));
            us.put(who.get(i), 100L + i); // p4 best
        }
        List<ProofRecord> lefts = new ArrayList<>();
        for (Bytes w : who) lefts.add(other(w, m.left(), List.of(), List.of()));
        // p2 again, burning 50 %: 102·1.5e6 beats everyone, and its other proof is then a duplicate prover
        ProofRecord p2burn = FakeNodeProver.record(
                new JobInputs(7, Jobs.DIGEST, SHAPE, m.left(), who.get(2), null, 500_000, List.of(), List.of()));
        // another prover with other outputs: would rank 2nd, but its outputs differ from the best's
        PublicOutputs o = lefts.get(0).outputs();
        ProofRecord odd = new ProofRecord(
                7,
                m.left(),
                SchedulerTest.key("odd"),
                null,
                0,
                new PublicOutputs(o.endStateRoot(), o.startStateRoot(), o.txCommitment(), o.fees()),
                List.of(),
                null);
        us.put(SchedulerTest.key("odd"), 103L);
        for (ProofRecord p : lefts) d.observe(p);
        d.observe(odd);
        d.observe(p2burn);
        assertNull(d.jobOf(m), "the right child has no proof yet");
        ProofRecord right = other(who.get(0), m.right(), List.of(), List.of());
        d.observe(right);
        assertTrue(s.awaitIdle(2, TimeUnit.MINUTES));
        waitFor(() -> d.ownProof(m).isPresent());
        ProofRecord mine = d.ownProof(m).orElseThrow();
        assertEquals(
                List.of(p2burn.id(), lefts.get(4).id(), lefts.get(3).id()),
                mine.children().get(0));
        assertEquals(List.of(right.id()), mine.children().get(1));
        assertEquals(1, prover.count.get());
    }

    @Test
    void queuedMergeIsReplacedWhenBetterChildrenArrive() throws Exception {
        Scheduler s = scheduler();
        prover.gate = new CountDownLatch(1);
        s.submit(Jobs.base(7), Jobs.terms(0, Long.MAX_VALUE)); // keeps the worker busy
        SchedulerTest.waitFor(() -> prover.count.get() == 1);
        NodeId m = new NodeId(1, 1);
        BlockDag d = dag(s, List.of(m));
        d.start();
        Bytes a = SchedulerTest.key("a"), b = SchedulerTest.key("b");
        us.put(a, 10L);
        us.put(b, 20L);
        d.observe(other(a, m.left(), List.of(), List.of()));
        d.observe(other(a, m.right(), List.of(), List.of()));
        JobId first = d.jobOf(m);
        assertEquals(JobState.QUEUED, s.job(first).orElseThrow().state());
        ProofRecord better = other(b, m.left(), List.of(), List.of());
        d.observe(better);
        JobId second = d.jobOf(m);
        assertNotEquals(first, second);
        assertEquals(JobState.CANCELLED, s.job(first).orElseThrow().state());
        assertTrue(s.job(first).orElseThrow().reason().contains("superseded"));
        prover.gate.countDown();
        assertTrue(s.awaitIdle(2, TimeUnit.MINUTES));
        waitFor(() -> d.ownProof(m).isPresent());
        assertEquals(better.id(), d.ownProof(m).orElseThrow().children().get(0).get(0));
        assertEquals(2, prover.count.get(), "the superseded job never ran");
    }

    @Test
    void othersProofsCancelHopelessWork() throws Exception {
        Scheduler s = scheduler();
        prover.gate = new CountDownLatch(1);
        s.submit(Jobs.base(7), Jobs.terms(0, Long.MAX_VALUE));
        SchedulerTest.waitFor(() -> prover.count.get() == 1);
        NodeId n = new NodeId(0, 2);
        BlockDag d = dag(s, List.of(n)); // our score: u = 1
        d.start();
        for (int i = 0; i < 3; i++) {
            Bytes w = SchedulerTest.key("q" + i);
            us.put(w, 50L);
            d.observe(other(w, n, List.of(), List.of()));
        }
        assertEquals(JobState.CANCELLED, s.job(d.jobOf(n)).orElseThrow().state());
        assertThrows(
                IllegalArgumentException.class,
                () -> d.observe(FakeNodeProver.record(
                        new JobInputs(8, Jobs.DIGEST, SHAPE, n, Jobs.ME, null, 0, List.of(), List.of()))));
        prover.gate.countDown();
    }

    static int index(List<JobSnapshot> events, JobId id, JobState st) {
        for (int i = 0; i < events.size(); i++)
            if (events.get(i).id().equals(id) && events.get(i).state() == st) return i;
        throw new AssertionError("no " + st + " event for " + id);
    }

    static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        SchedulerTest.waitFor(c);
    }
}
