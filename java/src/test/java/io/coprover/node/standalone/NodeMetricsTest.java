package io.coprover.node.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.backend.JavaBackend;
import io.coprover.backend.JavaBackendConfig;
import io.coprover.metrics.MetricsServer;
import io.coprover.net.http.HttpLimits;
import io.coprover.net.http.RawHttp;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.PublicOutputs;
import io.coprover.protocol.Score;
import io.coprover.protocol.TreeShape;
import io.coprover.scheduler.JobId;
import io.coprover.scheduler.JobInputs;
import io.coprover.scheduler.JobKind;
import io.coprover.scheduler.JobSnapshot;
import io.coprover.scheduler.JobState;
import io.coprover.scheduler.JobTerms;
import io.coprover.scheduler.MemoryProofStore;
import io.coprover.scheduler.NodeProver;
import io.coprover.scheduler.ProofResult;
import io.coprover.scheduler.Scheduler;
import io.coprover.scheduler.SchedulerConfig;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NodeMetricsTest {
    static final TreeShape SHAPE = TreeShape.forTxs(8); // 4 base nodes
    static final Bytes DIGEST = Bytes.of(Bytes.sha256("digest".getBytes()));
    static final Bytes ME = Bytes.of(Bytes.sha256("me".getBytes()));

    static JobInputs base(int i) {
        return new JobInputs(3, DIGEST, SHAPE, new NodeId(0, i), ME, null, 0, List.of(), List.of());
    }

    static JobTerms terms() {
        return new JobTerms(BigInteger.TEN, Long.MAX_VALUE, Score.of(1L << 40, 0));
    }

    /** Proves base nodes with made-up outputs after a short sleep; node 0.3 always fails. */
    static final NodeProver PROVER = (in, ctx) -> {
        if (in.node().index() == 3) throw new IllegalStateException("device error");
        ctx.progress(0.5, "witness");
        Thread.sleep(20);
        Bytes h = Bytes.of(Bytes.sha256(in.inputHash().getBytes()));
        ProofRecord p = new ProofRecord(
                in.block(),
                in.node(),
                in.prover(),
                null,
                0,
                new PublicOutputs(h, h, h, BigInteger.ONE),
                List.of(),
                null);
        return new ProofResult(p.withSnark(h), 0, 20_000_000, ctx.backend().name());
    };

    static String scrape(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    /** The value of the sample line {@code name{labels} value}; labels as written by the exporter (sorted). */
    static double value(String body, String sample) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(body);
        if (!m.find()) throw new AssertionError("no sample " + sample + " in\n" + body);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void scrapedValuesFollowARealScheduler() throws Exception {
        NodeMetrics metrics = new NodeMetrics();
        MemoryProofStore store = new MemoryProofStore();
        SchedulerConfig cfg = SchedulerConfig.defaults().withMaxRetries(1);
        try (MetricsServer server = MetricsServer.start(metrics.registry(), "127.0.0.1", 0)) {
            try (Scheduler s = new Scheduler(List.of(new JavaBackend(new JavaBackendConfig(1))), PROVER, store, cfg)) {
                s.addListener(metrics);
                metrics.registerWorker("java");
                List<CompletableFuture<ProofResult>> fs = List.of(
                        s.submit(base(0), terms()),
                        s.submit(base(1), terms()),
                        s.submit(base(2), terms()),
                        s.submit(base(3), terms()));
                assertTrue(s.awaitIdle(2, TimeUnit.MINUTES));
                for (int i = 0; i < 3; i++) fs.get(i).get();
                assertThrows(ExecutionException.class, () -> fs.get(3).get());
            }
            // a restarted scheduler with the same store reuses the proof of 0.0
            try (Scheduler s = new Scheduler(List.of(new JavaBackend(new JavaBackendConfig(1))), PROVER, store, cfg)) {
                s.addListener(metrics);
                s.submit(base(0), terms()).get(20, TimeUnit.SECONDS);
                assertTrue(s.awaitIdle(2, TimeUnit.MINUTES));
            }
            metrics.recordReward(BigInteger.valueOf(1234));
            metrics.recordReward(BigInteger.valueOf(66));
            metrics.recordProofChecked(true);
            metrics.recordProofChecked(true);
            metrics.recordProofChecked(false);
            metrics.recordGossip("proof", true);
            metrics.recordGossip("proof", false);
            metrics.recordGossip("proof", false);
            metrics.recordGossipRejected("block", "oversized");
            metrics.recordGossipDuplicate("root");

            String body = scrape(server.port());
            assertEquals(0, value(body, "coprover_jobs{state=\"queued\"}"));
            assertEquals(0, value(body, "coprover_jobs{state=\"running\"}"));
            assertEquals(4, value(body, "coprover_jobs_ended_total{state=\"done\"}"));
            assertEquals(1, value(body, "coprover_jobs_ended_total{state=\"failed\"}"));
            assertEquals(0, value(body, "coprover_jobs_ended_total{state=\"cancelled\"}"));
            assertEquals(1, value(body, "coprover_jobs_reused_total"));
            assertEquals(1, value(body, "coprover_job_retries_total{worker=\"java\"}"));
            assertEquals(3, value(body, "coprover_proof_duration_seconds_count{backend=\"java\",kind=\"base\"}"));
            assertTrue(value(body, "coprover_proof_duration_seconds_sum{backend=\"java\",kind=\"base\"}") > 0);
            double busy = value(body, "coprover_worker_busy_seconds_total{worker=\"java\"}");
            double util = value(body, "coprover_worker_utilisation{worker=\"java\"}");
            assertTrue(busy > 0, "busy " + busy);
            assertTrue(util > 0 && util <= 1, "utilisation " + util);
            assertEquals(1300, value(body, "coprover_rewards_units_rem"));
            assertEquals(0, value(body, "coprover_rewards_azt"));
            // far beyond a double's 2^53: the three parts still reconcile to the unit
            BigInteger big = new BigInteger("123456789012345678901234567");
            metrics.recordReward(big);
            String after = scrape(server.port());
            BigInteger billion = BigInteger.TEN.pow(9), total = big.add(BigInteger.valueOf(1300));
            BigInteger seen = BigInteger.valueOf((long) value(after, "coprover_rewards_azt"))
                    .multiply(billion)
                    .multiply(billion)
                    .add(BigInteger.valueOf((long) value(after, "coprover_rewards_nanoazt"))
                            .multiply(billion))
                    .add(BigInteger.valueOf((long) value(after, "coprover_rewards_units_rem")));
            assertEquals(total, seen);
            assertEquals(total, metrics.rewardUnits());
            assertEquals(2, value(body, "coprover_proofs_checked_total{result=\"verified\"}"));
            assertEquals(1, value(body, "coprover_proofs_checked_total{result=\"rejected\"}"));
            assertEquals(1, value(body, "coprover_gossip_messages_total{direction=\"in\",topic=\"proof\"}"));
            assertEquals(2, value(body, "coprover_gossip_messages_total{direction=\"out\",topic=\"proof\"}"));
            assertEquals(1, value(body, "coprover_gossip_rejected_total{reason=\"oversized\",topic=\"block\"}"));
            assertEquals(1, value(body, "coprover_gossip_duplicates_total{topic=\"root\"}"));
            assertTrue(body.contains("# TYPE coprover_proof_duration_seconds histogram"));
            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/-/healthy"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
        }
    }

    @Test
    void slowScrapersAreCutAndDelayNoOne() throws Exception {
        NodeMetrics m = new NodeMetrics();
        m.recordReward(BigInteger.valueOf(7));
        try (MetricsServer server = MetricsServer.start(
                m.registry(),
                "127.0.0.1",
                0,
                HttpLimits.defaults().withIdleTimeoutMillis(1000).withThreads(2))) {
            int port = server.port();
            // half a request each, then nothing: more than the exporter's two threads
            List<Socket> slow = RawHttp.hold("127.0.0.1", port, 10, "GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: te");
            List<Socket> slowBody = RawHttp.hold("127.0.0.1", port, 4, RawHttp.slowBody("GET", "/metrics", ""));
            try {
                assertEquals(7, value(scrape(port), "coprover_rewards_units_rem"), "an honest scrape while they hold");
                for (Socket s : slow) assertTrue(RawHttp.closedByServer(s), "the exporter closed a slow scraper");
                for (Socket s : slowBody) { // a GET takes no body: refused unread, and closed
                    assertEquals(413, RawHttp.read(s).status());
                    assertTrue(RawHttp.closedByServer(s));
                }
            } finally {
                RawHttp.closeAll(slow);
                RawHttp.closeAll(slowBody);
            }
            try (Socket s = RawHttp.open(port)) {
                RawHttp.send(s, RawHttp.request("POST", "/metrics", "", "x"));
                RawHttp.Answer a = RawHttp.read(s);
                assertEquals(405, a.status());
                assertEquals("GET", a.header("Allow"));
            }
        }
    }

    static JobSnapshot snap(JobId id, JobState st, String worker, int attempts) {
        return new JobSnapshot(id, st, attempts, worker, 0, null, null, false, terms());
    }

    @Test
    void durationsAndBusyTimeFromAManualClock() throws Exception {
        AtomicLong now = new AtomicLong(0);
        NodeMetrics m = new NodeMetrics(now::get);
        m.registerWorker("cuda:0");
        JobId a = base(0).id(), b = base(1).id();
        JobId r = new JobId(3, new NodeId(2, 0), JobKind.ROOT, "00112233445566ff");
        m.onState(snap(a, JobState.QUEUED, null, 0));
        m.onState(snap(b, JobState.QUEUED, null, 0));
        now.set(1_000_000_000L);
        m.onState(snap(a, JobState.RUNNING, "cuda:0", 1));
        now.set(3_000_000_000L);
        m.onState(snap(a, JobState.DONE, "cuda:0", 1)); // 2 s busy
        m.onState(snap(b, JobState.RUNNING, "cuda:0", 1));
        now.set(3_500_000_000L);
        m.onState(snap(b, JobState.QUEUED, "cuda:0", 1)); // failed attempt: 0.5 s busy, one retry
        m.onState(snap(r, JobState.QUEUED, null, 0));
        now.set(5_000_000_000L);
        m.onState(snap(r, JobState.RUNNING, "cuda:0", 1)); // still running at the scrape
        now.set(9_000_000_000L);
        try (MetricsServer server = MetricsServer.start(m.registry(), "127.0.0.1", 0)) {
            String body = scrape(server.port());
            assertEquals(1, value(body, "coprover_jobs{state=\"queued\"}"));
            assertEquals(1, value(body, "coprover_jobs{state=\"running\"}"));
            assertEquals(1, value(body, "coprover_jobs_ended_total{state=\"done\"}"));
            assertEquals(1, value(body, "coprover_job_retries_total{worker=\"cuda:0\"}"));
            assertEquals(1, value(body, "coprover_proof_duration_seconds_count{backend=\"cuda:0\",kind=\"base\"}"));
            assertEquals(
                    2.0, value(body, "coprover_proof_duration_seconds_sum{backend=\"cuda:0\",kind=\"base\"}"), 1e-9);
            assertEquals(
                    1,
                    value(body, "coprover_proof_duration_seconds_bucket{backend=\"cuda:0\",kind=\"base\",le=\"2.5\"}"));
            assertEquals(
                    0,
                    value(body, "coprover_proof_duration_seconds_bucket{backend=\"cuda:0\",kind=\"base\",le=\"1.0\"}"));
            // busy: 2 + 0.5 + (9 - 5) = 6.5 s of 9 s since the worker was registered
            assertEquals(6.5, value(body, "coprover_worker_busy_seconds_total{worker=\"cuda:0\"}"), 1e-9);
            assertEquals(6.5 / 9, value(body, "coprover_worker_utilisation{worker=\"cuda:0\"}"), 1e-9);
        }
        assertThrows(IllegalArgumentException.class, () -> m.recordReward(BigInteger.valueOf(-1)));
    }
}
