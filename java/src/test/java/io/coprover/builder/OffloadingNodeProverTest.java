package io.coprover.builder;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.backend.ProvingBackend;
import io.coprover.jobs.JobInfo;
import io.coprover.jobs.JobQueue;
import io.coprover.jobs.JobState;
import io.coprover.jobs.MemoryJobQueue;
import io.coprover.net.http.HttpService;
import io.coprover.net.http.Reply;
import io.coprover.node.RollupNodeProver;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProofRecordCodec;
import io.coprover.requests.ProofRequest;
import io.coprover.requests.ProofRequests;
import io.coprover.rollup.BlockInputs;
import io.coprover.rollup.RollupKeys;
import io.coprover.scheduler.JobContext;
import io.coprover.scheduler.JobId;
import io.coprover.scheduler.JobInputs;
import io.coprover.scheduler.ProofResult;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The node's offloading prover: a builder that is down or returns a tampered proof is skipped
 * (the bad proof is caught by verification, never used), a good builder's proof is used, and with
 * no good builder the job is proved locally.
 */
class OffloadingNodeProverTest {
    static final ClientKey KEY = ClientKey.generate(new SecureRandom());

    static final class Ctx implements JobContext {
        final JobId id;

        Ctx(JobInputs in) {
            this.id = in.id();
        }

        @Override
        public JobId id() {
            return id;
        }

        @Override
        public ProvingBackend backend() {
            return BuilderFixture.BACKEND;
        }

        @Override
        public void progress(double fraction, String phase) {}

        @Override
        public boolean isCancelled() {
            return false;
        }
    }

    static final RollupNodeProver.Source SOURCE = new RollupNodeProver.Source() {
        @Override
        public BlockInputs inputs(long block, Bytes digest) {
            return block == BuilderFixture.BLOCK ? BuilderFixture.block() : null;
        }

        @Override
        public ProofRecord proof(Bytes id) {
            return null;
        }
    };

    /** A URL where nothing listens. */
    static URI deadUrl() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }

    /**
     * A builder that claims the node's SRS, accepts anything and returns {@code record} (a proof of
     * something else) as the result; {@code submissions} counts the jobs it was sent.
     */
    static HttpService lyingBuilder(ProofRecord record, AtomicInteger submissions) {
        HttpService.Handler status = ex -> {
            String id = ex.method().equals("POST")
                    ? Bytes.of(Bytes.sha256(ex.body())).hex()
                    : ex.param(0);
            return Reply.json(
                    200,
                    ("{\"id\":\"" + id + "\",\"state\":\"QUEUED\",\"attempts\":0}").getBytes(StandardCharsets.UTF_8));
        };
        return HttpService.builder("liar")
                .get("/v1/info", ex -> info(BuilderInfo.of(BuilderFixture.keys())))
                .post("/v1/jobs", 8 << 20, null, ex -> {
                    submissions.incrementAndGet();
                    return status.handle(ex);
                })
                .get("/v1/jobs/*", status)
                .get(
                        "/v1/jobs/*/result",
                        ex -> Reply.bytes(200, "application/octet-stream", ProofRecordCodec.encode(record)))
                .start("127.0.0.1", 0);
    }

    static HttpService lyingBuilder(ProofRecord record) {
        return lyingBuilder(record, new AtomicInteger());
    }

    static Reply info(BuilderInfo i) throws java.io.IOException {
        return Reply.json(200, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(i.toJson()));
    }

    /** A builder that advertises {@code info} and fails every submission with a 500, counting them. */
    static HttpService failingBuilder(BuilderInfo info, AtomicInteger submissions) {
        return HttpService.builder("failing")
                .get("/v1/info", ex -> info(info))
                .post("/v1/jobs", 8 << 20, null, ex -> {
                    submissions.incrementAndGet();
                    return Reply.json(
                            500, "{\"error\":\"device lost\",\"status\":500}".getBytes(StandardCharsets.UTF_8));
                })
                .start("127.0.0.1", 0);
    }

    /** A local prover that counts its calls and hands back a proof made before (no proving time in tests of the switching). */
    static final class CountingLocal implements io.coprover.scheduler.NodeProver {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public ProofResult prove(JobInputs in, JobContext ctx) {
            calls.incrementAndGet();
            return new ProofResult(BuilderFixture.baseProof(0), 0, 0, "local");
        }
    }

    static final OffloadingNodeProver.Source NO_PROOFS = new OffloadingNodeProver.Source() {
        @Override
        public BlockInputs inputs(long block, Bytes digest) {
            return SOURCE.inputs(block, digest);
        }

        @Override
        public ProofRecord proof(Bytes id) {
            return null;
        }
    };

    static final OffloadingNodeProver.Backoff BACKOFF =
            new OffloadingNodeProver.Backoff(Duration.ofSeconds(10), Duration.ofSeconds(40));

    @Test
    void aBuilderWithAnotherSrsIsRefusedAtStartNamingBothDigests() throws Exception {
        RollupKeys keys = BuilderFixture.keys();
        BuilderInfo ours = BuilderInfo.of(keys);
        BuilderInfo theirs = new BuilderInfo("ab".repeat(32), ours.srsPoints(), true, ours.depth());
        AtomicInteger sent = new AtomicInteger();
        HttpService other = failingBuilder(theirs, sent);
        try {
            URI url = URI.create("http://127.0.0.1:" + other.port());
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> OffloadingNodeProver.over(
                            new RollupNodeProver(keys, SOURCE),
                            SOURCE,
                            List.of(url),
                            "alice",
                            KEY,
                            Duration.ofSeconds(10)));
            assertTrue(e.getMessage().contains(ours.srsDigest()), e.getMessage());
            assertTrue(e.getMessage().contains(theirs.srsDigest()), e.getMessage());
            assertTrue(e.getMessage().contains(url.toString()), e.getMessage());
            assertTrue(
                    e.getMessage().contains("--devnet-seed") && e.getMessage().contains("--srs"),
                    "says how to fix it: " + e.getMessage());
            assertEquals(0, sent.get(), "nothing was offloaded to it");
            // another depth is another set of keys: refused too
            HttpService deeper =
                    failingBuilder(new BuilderInfo(ours.srsDigest(), ours.srsPoints(), true, ours.depth() + 1), sent);
            try {
                URI d = URI.create("http://127.0.0.1:" + deeper.port());
                IllegalStateException e2 = assertThrows(
                        IllegalStateException.class,
                        () -> OffloadingNodeProver.over(
                                new RollupNodeProver(keys, SOURCE),
                                SOURCE,
                                List.of(d),
                                "alice",
                                KEY,
                                Duration.ofSeconds(10)));
                assertTrue(e2.getMessage().contains("depth " + (ours.depth() + 1)), e2.getMessage());
            } finally {
                deeper.close();
            }
        } finally {
            other.close();
        }
    }

    @Test
    void aBuilderThatIsDownIsBackedOffAndTheJobIsProvedLocally() throws Exception {
        RollupKeys keys = BuilderFixture.keys();
        JobInputs job = BuilderFixture.baseJob(0, BuilderFixture.ALICE);
        RollupNodeProver local = new RollupNodeProver(keys, SOURCE);
        // down at start: the node starts anyway, proves locally, and the proof verifies
        OffloadingNodeProver p =
                OffloadingNodeProver.over(local, SOURCE, List.of(deadUrl()), "alice", KEY, Duration.ofSeconds(10));
        ProofResult r = p.prove(job, new Ctx(job));
        assertEquals(BuilderFixture.BACKEND.name(), r.backend());
        ProofRequests.verifyResult(
                ProofRequests.base(job, BuilderFixture.block(), BuilderFixture.deadline()),
                r.proof(),
                keys.baseVk(),
                keys.mergeVk());
        assertArrayEquals(new long[] {0, 1, 0}, p.counters());
        assertEquals(1, p.failuresInARow(0));
        assertTrue(p.backoffRemainingMillis(0) > 0, "backed off");

        // a builder that fails every job: each failure doubles its pause up to the cap; while it is
        // backed off it is not even asked, and every job is proved locally
        AtomicInteger sent = new AtomicInteger();
        HttpService failing = failingBuilder(BuilderInfo.of(keys), sent);
        try {
            AtomicLong now = new AtomicLong();
            CountingLocal counting = new CountingLocal();
            OffloadingNodeProver q = new OffloadingNodeProver(
                    List.of(new BuilderClient(
                            URI.create("http://127.0.0.1:" + failing.port()), "alice", KEY, Duration.ofSeconds(10))),
                    counting,
                    NO_PROOFS,
                    keys,
                    Duration.ofSeconds(10),
                    BACKOFF,
                    now::get);
            q.checkBuilders();
            assertEquals("local", q.prove(job, new Ctx(job)).backend());
            assertEquals(1, sent.get());
            assertEquals(10_000, q.backoffRemainingMillis(0));
            assertEquals("local", q.prove(job, new Ctx(job)).backend());
            assertEquals(1, sent.get(), "backed off: not asked again");
            now.addAndGet(10_000_000_000L);
            assertEquals("local", q.prove(job, new Ctx(job)).backend());
            assertEquals(2, sent.get(), "asked again once its pause ended");
            assertEquals(20_000, q.backoffRemainingMillis(0), "and failed: the pause doubled");
            now.addAndGet(20_000_000_000L);
            q.prove(job, new Ctx(job));
            now.addAndGet(40_000_000_000L);
            q.prove(job, new Ctx(job));
            assertEquals(4, sent.get());
            assertEquals(40_000, q.backoffRemainingMillis(0), "capped");
            assertEquals(5, counting.calls.get(), "every job was proved locally");
            assertArrayEquals(new long[] {0, 5, 0}, q.counters());
        } finally {
            failing.close();
        }
    }

    @Test
    void aBadProofIsRefusedTheJobProvedLocallyAndTheBuilderBackedOff() throws Exception {
        RollupKeys keys = BuilderFixture.keys();
        JobInputs job = BuilderFixture.baseJob(0, BuilderFixture.ALICE);
        ProofRequest asked = ProofRequests.base(job, BuilderFixture.block(), BuilderFixture.deadline());
        AtomicInteger sent = new AtomicInteger();
        HttpService liar = lyingBuilder(
                new ProofRecord(
                        job.block(),
                        job.node(),
                        job.prover(),
                        job.vrfProof(),
                        job.feeBurnPpm(),
                        asked.base().expected(),
                        List.of(),
                        BuilderFixture.baseProof(1).snark()),
                sent);
        try {
            AtomicLong now = new AtomicLong();
            CountingLocal counting = new CountingLocal();
            OffloadingNodeProver p = new OffloadingNodeProver(
                    List.of(new BuilderClient(
                            URI.create("http://127.0.0.1:" + liar.port()), "alice", KEY, Duration.ofSeconds(10))),
                    counting,
                    NO_PROOFS,
                    keys,
                    Duration.ofSeconds(30),
                    BACKOFF,
                    now::get);
            p.checkBuilders();
            ProofResult r = p.prove(job, new Ctx(job));
            assertEquals("local", r.backend());
            assertEquals(BuilderFixture.baseProof(0).id(), r.proof().id(), "the local proof, not the builder's");
            assertArrayEquals(new long[] {0, 1, 1}, p.counters(), "offloaded, fell back, rejected");
            assertEquals(1, p.failuresInARow(0));
            assertEquals(10_000, p.backoffRemainingMillis(0));
            assertEquals("local", p.prove(job, new Ctx(job)).backend());
            assertEquals(1, sent.get(), "the liar is not asked while backed off");
            assertEquals(2, counting.calls.get());
        } finally {
            liar.close();
        }
    }

    @Test
    void downOrLyingBuildersAreSkippedAGoodOneIsUsedElseLocal() throws Exception {
        RollupKeys keys = BuilderFixture.keys();
        RollupNodeProver local = new RollupNodeProver(keys, SOURCE);
        JobInputs job = BuilderFixture.baseJob(0, BuilderFixture.ALICE);
        // the liar returns exactly the record asked for (block, node, prover, FEE_BURN, outputs) but
        // with the SNARK of another valid proof: only verifying the SNARK catches it
        ProofRecord other = BuilderFixture.baseProof(1);
        ProofRequest asked = ProofRequests.base(job, BuilderFixture.block(), BuilderFixture.deadline());
        HttpService liar = lyingBuilder(new ProofRecord(
                job.block(),
                job.node(),
                job.prover(),
                job.vrfProof(),
                job.feeBurnPpm(),
                asked.base().expected(),
                List.of(),
                other.snark()));
        Clients clients =
                new Clients(List.of(new Clients.Client("alice", BuilderFixture.ALICE, KEY.publicKey(), 4, 1000)));
        try (JobQueue q = new MemoryJobQueue();
                BuilderService good = new BuilderService(
                                BuilderService.Config.defaults(),
                                clients,
                                q,
                                new ProofRequests(keys),
                                List.of(BuilderFixture.BACKEND),
                                System::currentTimeMillis)
                        .start()) {
            URI liarUrl = URI.create("http://127.0.0.1:" + liar.port());
            URI goodUrl = URI.create("http://127.0.0.1:" + good.port());
            OffloadingNodeProver p = OffloadingNodeProver.over(
                    local, SOURCE, List.of(deadUrl(), liarUrl, goodUrl), "alice", KEY, Duration.ofSeconds(120));
            ProofResult r = p.prove(job, new Ctx(job));
            assertEquals("builder:" + goodUrl, r.backend());
            assertArrayEquals(new long[] {1, 0, 1}, p.counters(), "offloaded, fell back, rejected");
            ProofRequests.verifyResult(
                    ProofRequests.base(job, BuilderFixture.block(), BuilderFixture.deadline()),
                    r.proof(),
                    keys.baseVk(),
                    keys.mergeVk());

            // no good builder: proved locally, and the local proof verifies too
            OffloadingNodeProver p2 = OffloadingNodeProver.over(
                    local, SOURCE, List.of(deadUrl(), liarUrl), "alice", KEY, Duration.ofSeconds(120));
            ProofResult r2 = p2.prove(job, new Ctx(job));
            assertEquals(BuilderFixture.BACKEND.name(), r2.backend());
            assertArrayEquals(new long[] {0, 1, 1}, p2.counters());
            assertEquals(r.proof().id(), r2.proof().id(), "the same record either way");
            ProofRequests.verifyResult(
                    ProofRequests.base(job, BuilderFixture.block(), BuilderFixture.deadline()),
                    r2.proof(),
                    keys.baseVk(),
                    keys.mergeVk());
        }
        // a builder that accepts but never finishes (no proving workers): timeout, then the local
        // prover (here one that counts its calls and hands back the proof made above)
        try (JobQueue q = new MemoryJobQueue();
                BuilderService idle = new BuilderService(
                                BuilderService.Config.defaults(),
                                clients,
                                q,
                                new ProofRequests(keys),
                                List.of(),
                                System::currentTimeMillis)
                        .start()) {
            int[] localCalls = {0};
            ProofRecord done = BuilderFixture.baseProof(0);
            OffloadingNodeProver slow = new OffloadingNodeProver(
                    List.of(new BuilderClient(
                            URI.create("http://127.0.0.1:" + idle.port()), "alice", KEY, Duration.ofSeconds(5))),
                    (in, c) -> {
                        localCalls[0]++;
                        return new ProofResult(done, 0, 0, "local");
                    },
                    new OffloadingNodeProver.Source() {
                        @Override
                        public BlockInputs inputs(long block, Bytes digest) {
                            return SOURCE.inputs(block, digest);
                        }

                        @Override
                        public ProofRecord proof(Bytes id) {
                            return null;
                        }
                    },
                    keys,
                    Duration.ofMillis(300));
            assertEquals("local", slow.prove(job, new Ctx(job)).backend());
            assertEquals(1, localCalls[0]);
            assertArrayEquals(new long[] {0, 1, 0}, slow.counters());
            List<JobInfo> fin = q.finishedAfter(null, 0, 10);
            assertEquals(1, fin.size());
            assertEquals(JobState.CANCELLED, fin.get(0).state(), "the builder's copy is cancelled, not left to run");
        } finally {
            liar.close();
        }
    }
}
