package io.coprover.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.backend.JavaBackend;
import io.coprover.backend.ProvingBackend;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProofRecordCodec;
import io.coprover.protocol.SigningKey;
import io.coprover.rollup.BlockInputs;
import io.coprover.scheduler.DirectoryProofStore;
import io.coprover.scheduler.JobListener;
import io.coprover.scheduler.JobSnapshot;
import io.coprover.scheduler.JobState;
import io.coprover.scheduler.ProofResult;
import io.coprover.sim.SimBus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prover node with real proofs: restart reuse, retry on another device, gossip that must be rejected. */
class ProverNodeTest {

    /** Records own proofs, job states and rejections of one node. */
    static final class Log implements NodeListener, JobListener {
        final List<Object[]> own = Collections.synchronizedList(new ArrayList<>());
        final List<JobSnapshot> states = Collections.synchronizedList(new ArrayList<>());
        final List<String> rejected = Collections.synchronizedList(new ArrayList<>());
        final List<ProofRecord> accepted = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onOwnProof(ProofRecord p, ProofResult r, boolean reused) {
            own.add(new Object[] {p, r, reused});
        }

        @Override
        public void onRejected(GossipTransport.Topic t, String from, String reason) {
            rejected.add(t + ": " + reason);
        }

        @Override
        public void onProofAccepted(String from, ProofRecord p) {
            accepted.add(p);
        }

        @Override
        public void onState(JobSnapshot s) {
            states.add(s);
        }
    }

    @Test
    void aRestartedNodeReusesItsFinishedProofs(@TempDir Path dir) throws Exception {
        try (MiniNet net = new MiniNet()) {
            Log first = new Log();
            ProverNode a = net.node("p1")
                    .backend(new JavaBackend())
                    .store(new DirectoryProofStore(dir))
                    .listener(first)
                    .jobListener(first)
                    .build();
            a.start();
            BlockInputs in = net.block(1, 2); // one node: the root is a base proof
            net.publishData(in);
            net.round(List.of(a));
            assertEquals(1, first.own.size());
            assertFalse((Boolean) first.own.get(0)[2]);
            ProofRecord made = (ProofRecord) first.own.get(0)[0];
            a.close();
            // restart: same key, same store; the block is still proving, its BLOCK gossip long gone
            Log second = new Log();
            ProverNode b = ProverNode.builder()
                    .name("p1")
                    .key(net.key("p1"))
                    .transport(reopen(net.bus, "p1"))
                    .contract(net.l1)
                    .keys(MiniNet.keys())
                    .backend(new JavaBackend())
                    .store(new DirectoryProofStore(dir))
                    .listener(second)
                    .jobListener(second)
                    .autoSubmit(false)
                    .build();
            b.start(); // the block's gossip is gone: its data comes from the contract
            net.round(List.of(b));
            assertEquals(1, second.own.size());
            assertTrue((Boolean) second.own.get(0)[2], "the proof must come from the store");
            assertEquals(made.id(), ((ProofRecord) second.own.get(0)[0]).id());
            assertTrue(
                    second.states.stream().noneMatch(s -> s.state() == JobState.RUNNING),
                    "nothing may be proved again");
            assertTrue(b.submitBest(1).orElseThrow().valid());
            b.close();
        }
    }

    private static GossipTransport reopen(SimBus bus, String name) {
        return bus.endpoint(name);
    }

    /** A Java backend whose first call waits until the broken device has failed once, so each device takes a job. */
    static final class Gated implements ProvingBackend {
        final JavaBackend inner = new JavaBackend();
        final CountDownLatch gate;

        Gated(CountDownLatch gate) {
            this.gate = gate;
        }

        private void await() {
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("the broken device never ran");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String name() {
            return "java";
        }

        @Override
        public void ntt(long[] d, int l, int b) {
            await();
            inner.ntt(d, l, b);
        }

        @Override
        public void intt(long[] d, int l, int b) {
            await();
            inner.intt(d, l, b);
        }

        @Override
        public void cosetNtt(long[] d, int l, int b, long[] s) {
            await();
            inner.cosetNtt(d, l, b, s);
        }

        @Override
        public void cosetIntt(long[] d, int l, int b, long[] s) {
            await();
            inner.cosetIntt(d, l, b, s);
        }

        @Override
        public MsmBases loadBases(long[] p, int c) {
            return inner.loadBases(p, c);
        }

        @Override
        public long[] msm(MsmBases b, int s, long[] sc, int c) {
            await();
            return inner.msm(b, s, sc, c);
        }
    }

    @Test
    void aFailingDevicesJobsAreRetriedOnAnotherWorker() throws Exception {
        try (MiniNet net = new MiniNet()) {
            CountDownLatch failed = new CountDownLatch(1);
            Log log = new Log();
            ProverNode a = net.node("p1")
                    .backend(new Gated(failed))
                    .backend(new io.coprover.sim.FlakyBackend("broken", failed::countDown))
                    .listener(log)
                    .jobListener(log)
                    .build();
            a.start();
            BlockInputs in = net.block(1, 4); // two base nodes (one job per device) and the root
            net.publishData(in);
            net.round(List.of(a));
            List<JobSnapshot> retried = log.states.stream()
                    .filter(s -> s.state() == JobState.QUEUED && s.attempts() > 0)
                    .toList();
            assertFalse(retried.isEmpty(), "a job must have failed on the broken device and been queued again");
            assertTrue(retried.stream().allMatch(s -> s.reason().contains("broken")), retried.toString());
            List<JobSnapshot> done =
                    log.states.stream().filter(s -> s.state() == JobState.DONE).toList();
            assertEquals(3, done.size(), "both base proofs and the root");
            assertTrue(done.stream().allMatch(s -> s.worker().equals("java")), done.toString());
            assertTrue(log.states.stream().noneMatch(s -> s.state() == JobState.FAILED));
            Optional<ContractClient.SubmitResult> r = a.submitBest(1);
            assertTrue(r.orElseThrow().valid(), String.valueOf(r));
            a.close();
        }
    }

    @Test
    void badGossipIsRejectedWithAReasonAndTheNodeGoesOn() throws Exception {
        try (MiniNet net = new MiniNet()) {
            Log log = new Log();
            ProverNode a = provingNothing(net, log);
            // p2 proves on a bus of its own, so only what "mallory" sends reaches a
            Proven proven = provenElsewhere(net, 2);
            BlockInputs in = proven.in();
            ProofRecord real = proven.proofs().get(0);

            GossipTransport mallory = net.bus.endpoint("mallory");
            List<String> expect = new ArrayList<>();
            mallory.publish(GossipTransport.Topic.PROOF, new byte[] {1, 2, 3});
            expect.add("truncated");
            byte[] wrongTag = ProofRecordCodec.encode(real);
            wrongTag[5] ^= 1;
            mallory.publish(GossipTransport.Topic.PROOF, wrongTag);
            expect.add("tag");
            byte[] trailing =
                    java.util.Arrays.copyOf(ProofRecordCodec.encode(real), ProofRecordCodec.encode(real).length + 1);
            mallory.publish(GossipTransport.Topic.PROOF, trailing);
            expect.add("trailing");
            SigningKey p2 = SigningKey.derivedFrom(net.key("p2"));
            mallory.publish(
                    GossipTransport.Topic.PROOF,
                    ProofRecordCodec.encode(new ProofRecord(
                                    99,
                                    real.node(),
                                    real.prover(),
                                    real.vrfProof(),
                                    real.feeBurnPpm(),
                                    real.outputs(),
                                    real.children(),
                                    real.snark())
                            .signedBy(p2)));
            // (a proof of a block not proving here is ignored — stale or ahead of us — not rejected)
            mallory.publish(
                    GossipTransport.Topic.PROOF,
                    ProofRecordCodec.encode(new ProofRecord(
                                    1,
                                    real.node(),
                                    real.prover(),
                                    real.vrfProof(),
                                    2_000_000,
                                    real.outputs(),
                                    real.children(),
                                    real.snark())
                            .signedBy(p2)));
            expect.add("FEE_BURN");
            mallory.publish(
                    GossipTransport.Topic.PROOF,
                    ProofRecordCodec.encode(new ProofRecord(
                                    1,
                                    real.node(),
                                    Bytes.of(net.key("stranger").publicKey()),
                                    real.vrfProof(),
                                    0,
                                    real.outputs(),
                                    real.children(),
                                    real.snark())
                            .signedBy(SigningKey.derivedFrom(net.key("stranger")))));
            expect.add("unknown prover");
            // the forged bid: p2's record with FEE_BURN 100%, unsigned, then signed by mallory's own key
            ProofRecord forged = new ProofRecord(
                    1,
                    real.node(),
                    real.prover(),
                    real.vrfProof(),
                    1_000_000,
                    real.outputs(),
                    real.children(),
                    real.snark());
            mallory.publish(GossipTransport.Topic.PROOF, ProofRecordCodec.encode(forged));
            expect.add("not signed");
            mallory.publish(
                    GossipTransport.Topic.PROOF,
                    ProofRecordCodec.encode(forged.signedBy(SigningKey.derivedFrom(net.key("mallory")))));
            expect.add("not by the key registered");
            byte[] badVrf = real.vrfProof().toArray();
            badVrf[40] ^= 1;
            mallory.publish(
                    GossipTransport.Topic.PROOF,
                    ProofRecordCodec.encode(new ProofRecord(
                                    1,
                                    real.node(),
                                    real.prover(),
                                    Bytes.of(badVrf),
                                    real.feeBurnPpm(),
                                    real.outputs(),
                                    real.children(),
                                    real.snark())
                            .signedBy(p2)));
            expect.add("VRF");
            byte[] snark = real.snark().toArray();
            snark[700] ^= 1; // an evaluation: still decodes, no longer verifies
            mallory.publish(
                    GossipTransport.Topic.PROOF,
                    ProofRecordCodec.encode(real.withSnark(Bytes.of(snark)).signedBy(p2)));
            expect.add("SNARK does not verify");
            byte[] blockMsg = BlockMessage.encode(in);
            blockMsg[blockMsg.length - 1] ^= 1; // the last sibling of the last path
            mallory.publish(GossipTransport.Topic.BLOCK, blockMsg);
            expect.add("BLOCK");
            mallory.publish(GossipTransport.Topic.BLOCK, new byte[] {9});
            expect.add("BLOCK");
            // finally the real proof, which must still be accepted
            mallory.publish(GossipTransport.Topic.PROOF, ProofRecordCodec.encode(real));
            net.round(List.of(a));
            assertEquals(expect.size(), log.rejected.size(), log.rejected.toString());
            for (int i = 0; i < expect.size(); i++) {
                assertTrue(
                        log.rejected.get(i).contains(expect.get(i)),
                        "rejection " + i + " should mention '" + expect.get(i) + "': " + log.rejected.get(i));
            }
            assertEquals(
                    List.of(real.id()),
                    log.accepted.stream().map(ProofRecord::id).toList());
            assertTrue(a.submitBest(1).orElseThrow().valid(), "a submits b's valid tree");
            a.close();
        }
    }

    /**
     * A staked prover floods a node with validly signed, eligible root records whose children do
     * not exist (they can only be parked, never verified): at most its quota waits, every record
     * past it is refused with a reason, and the honest proofs that follow are accepted and form
     * the tree the node submits.
     */
    @Test
    void aFloodOfProofsWaitingForChildrenTakesOnlyItsQuota() throws Exception {
        try (MiniNet net = new MiniNet()) {
            io.coprover.protocol.vrf.VrfKeyPair mk = net.key("mallory");
            net.l1.registerProver(
                    io.coprover.protocol.Registration.prover(mk, io.coprover.protocol.Role.BOTH),
                    net.params.minProverStake());
            Log log = new Log();
            ProverNode a = provingNothing(net, log);
            List<ProofRecord> real = provenElsewhere(net, 4).proofs(); // two base proofs and a root that includes them
            ProofRecord root = real.get(real.size() - 1);
            assertEquals(1, root.node().level());

            var acc = net.l1.accepted(1).orElseThrow();
            Bytes vrf = Bytes.of(
                    net.params.mode().draw(mk, acc.draw().alpha(root.node())).proof());
            SigningKey ms = SigningKey.derivedFrom(mk);
            GossipTransport mallory = net.bus.endpoint("mallory");
            int flood = BlockState.MAX_PENDING_PER_PROVER + 40;
            java.util.Random r = new java.util.Random(7);
            for (int i = 0; i < flood; i++) {
                List<List<Bytes>> children = new ArrayList<>();
                for (List<Bytes> side : root.children()) {
                    List<Bytes> ids = new ArrayList<>();
                    for (int k = 0; k < side.size(); k++) {
                        byte[] id = new byte[32];
                        r.nextBytes(id);
                        ids.add(Bytes.of(id));
                    }
                    children.add(ids);
                }
                mallory.publish(
                        GossipTransport.Topic.PROOF,
                        ProofRecordCodec.encode(new ProofRecord(
                                        1,
                                        root.node(),
                                        Bytes.of(mk.publicKey()),
                                        vrf,
                                        0,
                                        root.outputs(),
                                        children,
                                        root.snark())
                                .signedBy(ms)));
            }
            GossipTransport p2 = net.bus.endpoint("p2");
            for (ProofRecord p : real) p2.publish(GossipTransport.Topic.PROOF, ProofRecordCodec.encode(p));
            net.round(List.of(a));

            assertEquals(flood - BlockState.MAX_PENDING_PER_PROVER, log.rejected.size(), "all but the quota refused");
            for (String why : log.rejected)
                assertTrue(why.contains("already has " + BlockState.MAX_PENDING_PER_PROVER + " proofs waiting"), why);
            assertEquals(
                    real.stream().map(ProofRecord::id).sorted().toList(),
                    log.accepted.stream().map(ProofRecord::id).sorted().toList(),
                    "every honest proof accepted, none of the flood");
            var submitted = a.submitBest(1).orElseThrow();
            assertTrue(submitted.valid(), String.valueOf(submitted.reason()));
            a.close();
        }
    }

    /**
     * A proof that waits for its children passed only the cheap checks: the node does not let the
     * transport relay it (IGNORE, not ACCEPT), so a staked prover cannot spread unverified proofs
     * through it. Once the children came and its SNARK verified, the node publishes it itself.
     */
    @Test
    void aProofWaitingForItsChildrenIsRelayedOnlyOnceVerified() throws Exception {
        try (MiniNet net = new MiniNet()) {
            Log log = new Log();
            ProverNode a = provingNothing(net, log);
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            net.bus.endpoint("watch").subscribe(GossipTransport.Topic.PROOF, (from, payload) -> {
                seen.add(from + " " + ProofRecordCodec.decode(payload).id().hex());
                return GossipTransport.Verdict.IGNORE;
            });
            List<ProofRecord> real = provenElsewhere(net, 4).proofs(); // two base proofs and a root that includes them
            ProofRecord root = real.get(real.size() - 1);
            assertEquals(1, root.node().level());
            net.round(List.of(a)); // a learns the block

            assertEquals(
                    GossipTransport.Verdict.IGNORE,
                    a.onProofMessage("p2", ProofRecordCodec.encode(root)),
                    "parked before its SNARK is checked: not relayed");
            assertTrue(log.accepted.isEmpty());
            for (ProofRecord child : real.subList(0, real.size() - 1))
                assertEquals(GossipTransport.Verdict.ACCEPT, a.onProofMessage("p2", ProofRecordCodec.encode(child)));
            assertEquals(
                    real.stream().map(ProofRecord::id).sorted().toList(),
                    log.accepted.stream().map(ProofRecord::id).sorted().toList(),
                    "the root verified once its children came");
            net.round(List.of(a));
            assertEquals(List.of("p1 " + root.id().hex()), seen, "a published the root, and only the root");
            a.close();
        }
    }

    /**
     * The contract is unreachable just when the node's root proof is done (its host restarting):
     * the submission is not lost — it is tried again when L1 moves, and lands.
     */
    @Test
    void aRootWhoseSubmissionFailedIsSubmittedWhenTheContractAnswersAgain() throws Exception {
        try (MiniNet net = new MiniNet()) {
            java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger(1);
            ContractClient flaky = (ContractClient) java.lang.reflect.Proxy.newProxyInstance(
                    ContractClient.class.getClassLoader(), new Class<?>[] {ContractClient.class}, (proxy, m, args) -> {
                        if (m.getName().equals("submitRoot") && failures.getAndDecrement() > 0) {
                            throw new java.io.UncheckedIOException(
                                    "contract host unreachable", new java.io.IOException("connection refused"));
                        }
                        try {
                            return m.invoke(net.l1, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            ProverNode a = ProverNode.builder()
                    .name("p1")
                    .key(net.key("p1"))
                    .transport(net.bus.endpoint("p1"))
                    .contract(flaky)
                    .keys(MiniNet.keys())
                    .backend(new JavaBackend())
                    .log(lines::add)
                    .build();
            a.start();
            BlockInputs in = net.block(1, 2);
            net.publishData(in);
            net.round(List.of(a));
            assertTrue(net.l1.leadingScore(1).isEmpty(), "the first submission failed");
            assertTrue(lines.stream().anyMatch(l -> l.contains("event=submit-failed block=1")), lines.toString());
            net.round(List.of(a)); // L1 moves: the node tries again
            assertTrue(net.l1.leadingScore(1).isPresent(), "submitted once the contract answered");
            assertEquals(
                    1,
                    lines.stream()
                            .filter(l -> l.contains("event=submit block=1") && l.contains("valid=true"))
                            .count(),
                    lines.toString());
            a.close();
        }
    }

    /** A prover on a gossip bus of its own: only what a test forwards from it reaches the others. */
    /** Node p1 on the test's bus, started, proving nothing itself: only what it receives plays a part. */
    static ProverNode provingNothing(MiniNet net, Log log) {
        ProverNode a = net.node("p1")
                .backend(new JavaBackend())
                .listener(log)
                .jobListener(log)
                .selection((ctx, c) -> List.of())
                .build();
        a.start();
        return a;
    }

    /**
     * Honest proofs of block 1 ({@code txs} transfers), lowest level first, made by p2 on a bus of
     * its own, so that they reach the test's nodes only as the test sends them; with the block.
     */
    static Proven provenElsewhere(MiniNet net, int txs) throws InterruptedException {
        SimBus other = new SimBus(1, 1, 0, null);
        Log blog = new Log();
        ProverNode b = isolated(net, "p2", other, blog);
        b.start();
        BlockInputs in = net.block(1, txs);
        other.endpoint("seq").publish(GossipTransport.Topic.BLOCK, BlockMessage.encode(in));
        other.setRound(1);
        other.deliver();
        assertTrue(b.awaitIdle(5, TimeUnit.MINUTES));
        b.close();
        List<ProofRecord> real = new ArrayList<>();
        for (Object[] o : blog.own) real.add((ProofRecord) o[0]);
        real.sort(java.util.Comparator.comparingInt((ProofRecord p) -> p.node().level()));
        return new Proven(in, real);
    }

    /** A block's inputs and its proofs, lowest level first. */
    record Proven(BlockInputs in, List<ProofRecord> proofs) {}

    static ProverNode isolated(MiniNet net, String name, SimBus bus, Log log) {
        return ProverNode.builder()
                .name(name)
                .key(net.key(name))
                .transport(bus.endpoint(name))
                .contract(net.l1)
                .keys(MiniNet.keys())
                .backend(new JavaBackend())
                .listener(log)
                .autoSubmit(false)
                .build();
    }
}
