package io.coprover.builder;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.backend.ProvingBackend;
import io.coprover.jobs.JobInfo;
import io.coprover.jobs.JobQueue;
import io.coprover.jobs.JobState;
import io.coprover.jobs.JobWorker;
import io.coprover.jobs.MemoryJobQueue;
import io.coprover.jobs.PgTestSupport;
import io.coprover.jobs.PgUrl;
import io.coprover.jobs.PostgresJobQueue;
import io.coprover.net.http.HttpLimits;
import io.coprover.net.http.RawHttp;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.requests.ProofRequest;
import io.coprover.requests.ProofRequests;
import io.coprover.requests.RollupJobs;
import io.coprover.rollup.RollupKeys;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder over HTTP on loopback: a submitted job's proof verifies; bad signatures, unknown
 * clients, replays, quotas, size limits, garbage and foreign bindings are refused with a reason
 * while the service keeps serving; accepted jobs survive a restart.
 */
class BuilderServiceTest {
    static final SecureRandom RND = new SecureRandom();
    static final ClientKey ALICE_KEY = ClientKey.generate(RND),
            BOB_KEY = ClientKey.generate(RND),
            EVE_KEY = ClientKey.generate(RND);
    static Clients clients;
    static JobQueue queue;
    static BuilderService service;
    static BuilderClient alice;

    /**
     * The service's and the clients' clock: it stands still unless a test moves it, so rate-limit
     * windows and timestamp checks do not depend on how fast a loaded machine runs the test.
     */
    static final AtomicLong NOW = new AtomicLong(System.currentTimeMillis());

    @BeforeAll
    static void start() throws Exception {
        clients = new Clients(List.of(
                new Clients.Client("alice", BuilderFixture.ALICE, ALICE_KEY.publicKey(), 8, 1000),
                new Clients.Client("bob", BuilderFixture.MALLORY, BOB_KEY.publicKey(), 1, 5)));
        queue = new MemoryJobQueue();
        service = new BuilderService(
                        BuilderService.Config.defaults().withMaxRequestBytes(64 << 10),
                        clients,
                        queue,
                        new ProofRequests(BuilderFixture.keys()),
                        List.of(BuilderFixture.BACKEND),
                        NOW::get)
                .start();
        alice = client("alice", ALICE_KEY);
    }

    @AfterAll
    static void stop() {
        service.close();
        queue.close();
    }

    static BuilderClient client(String name, ClientKey key) {
        return new BuilderClient(
                URI.create("http://127.0.0.1:" + service.port()), name, key, Duration.ofSeconds(30), NOW::get);
    }

    static int statusOf(Exception e) {
        assertInstanceOf(BuilderClient.BuilderException.class, e, e.toString());
        return ((BuilderClient.BuilderException) e).status;
    }

    @Test
    void submittedJobIsProvedAndVerifies() throws Exception {
        RollupKeys keys = BuilderFixture.keys();
        ProofRequest req = ProofRequests.base(
                BuilderFixture.baseJob(0, BuilderFixture.ALICE), BuilderFixture.block(), BuilderFixture.deadline());
        BuilderClient.Status s = alice.submit(req);
        assertEquals(req.id(), s.id());
        ProofRecord r = alice.await(s.id(), System.nanoTime() + 120_000_000_000L);
        ProofRequests.verifyResult(req, r, keys.baseVk(), keys.mergeVk());
        assertEquals(JobState.DONE, alice.status(s.id()).state());
        // the stream lists it, and resumes after it
        BuilderClient.Page p = alice.results(0, 0);
        assertTrue(p.results().stream().anyMatch(x -> x.id().equals(req.id()) && x.state() == JobState.DONE));
        assertTrue(alice.results(p.next(), 0).results().isEmpty());
        // a resubmission is the same, finished job
        assertEquals(JobState.DONE, alice.submit(req).state());
        // bob cannot see alice's job
        assertEquals(
                404,
                statusOf(assertThrows(
                        Exception.class, () -> client("bob", BOB_KEY).status(req.id()))));
    }

    @Test
    void advertisesItsSrsAndDepth() throws Exception {
        BuilderInfo i = alice.info();
        BuilderInfo expected = BuilderInfo.of(BuilderFixture.keys());
        assertEquals(expected, i);
        assertEquals(BuilderFixture.keys().srs.count(), i.srsPoints());
        assertEquals(BuilderFixture.DEPTH, i.depth());
        assertEquals(BuilderInfo.digest(BuilderFixture.keys().srs), i.srsDigest());
        // a different SRS has a different digest
        io.coprover.plonk.Srs other = io.coprover.plonk.Srs.generateInsecure(2, new Random(7));
        assertNotEquals(BuilderInfo.digest(BuilderFixture.keys().srs), BuilderInfo.digest(other));
        assertEquals(
                BuilderInfo.digest(other),
                BuilderInfo.digest(io.coprover.plonk.Srs.generateInsecure(2, new Random(7))),
                "the same seed, the same SRS");
    }

    @Test
    void badCallsAreRefusedAndTheServiceKeepsServing() throws Exception {
        ProofRequest req = ProofRequests.base(
                BuilderFixture.baseJob(1, BuilderFixture.ALICE), BuilderFixture.block(), BuilderFixture.deadline());
        // signed with a key that is not alice's
        Exception e =
                assertThrows(Exception.class, () -> client("alice", EVE_KEY).submit(req));
        assertEquals(401, statusOf(e));
        assertTrue(e.getMessage().contains("bad signature"), e.getMessage());
        // a client the builder does not know
        e = assertThrows(Exception.class, () -> client("eve", EVE_KEY).submit(req));
        assertTrue(e.getMessage().contains("unknown client 'eve'"), e.getMessage());
        // garbage: random bytes, an empty body
        byte[] junk = new byte[1000];
        new Random(1).nextBytes(junk);
        e = assertThrows(Exception.class, () -> alice.submitRaw(junk));
        assertEquals(400, statusOf(e));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
        assertEquals(400, statusOf(assertThrows(Exception.class, () -> alice.submitRaw(new byte[0]))));
        // a request bound to another prover than the caller's
        ProofRequest mallorys = ProofRequests.base(
                BuilderFixture.baseJob(1, BuilderFixture.MALLORY), BuilderFixture.block(), BuilderFixture.deadline());
        e = assertThrows(Exception.class, () -> alice.submit(mallorys));
        assertEquals(403, statusOf(e));
        assertTrue(e.getMessage().contains("bound to prover"), e.getMessage());
        // an inconsistent witness (expected fees off by one)
        ProofRequest.Base b = req.base();
        ProofRequest wrong = ProofRequestTest.withBase(
                req,
                new ProofRequest.Base(
                        b.depth(),
                        new io.coprover.protocol.PublicOutputs(
                                b.expected().startStateRoot(),
                                b.expected().endStateRoot(),
                                b.expected().txCommitment(),
                                b.expected().fees().add(java.math.BigInteger.ONE)),
                        b.tx0(),
                        b.tx1()));
        e = assertThrows(Exception.class, () -> alice.submit(wrong));
        assertEquals(400, statusOf(e));
        assertTrue(e.getMessage().contains("expected fees"), e.getMessage());
        // a past deadline
        ProofRequest late = ProofRequests.base(
                BuilderFixture.baseJob(1, BuilderFixture.ALICE), BuilderFixture.block(), NOW.get() - 1);
        assertTrue(assertThrows(Exception.class, () -> alice.submit(late))
                .getMessage()
                .contains("has passed"));
        // over the size limit (64 KiB here): refused before the body is read
        e = assertThrows(Exception.class, () -> alice.submitRaw(new byte[100 << 10]));
        assertEquals(413, statusOf(e));
        // quota: bob may have 1 unfinished job; his second is refused while the first is queued or running
        BuilderClient bob = client("bob", BOB_KEY);
        ProofRequest b0 = ProofRequests.base(
                BuilderFixture.baseJob(0, BuilderFixture.MALLORY), BuilderFixture.block(), BuilderFixture.deadline());
        bob.submit(b0);
        e = assertThrows(Exception.class, () -> bob.submit(mallorys));
        assertEquals(429, statusOf(e));
        assertTrue(e.getMessage().contains("unfinished jobs"), e.getMessage());
        assertEquals(JobState.CANCELLED, bob.cancel(b0.id()).state());
        // rate: bob may make 5 calls a minute (4 made so far)
        bob.status(b0.id());
        e = assertThrows(Exception.class, () -> bob.status(b0.id()));
        assertEquals(429, statusOf(e));
        assertTrue(e.getMessage().contains("rate limit"), e.getMessage());
        // replay: the same signed call twice
        HttpClient http = HttpClient.newHttpClient();
        String path = "/v1/jobs/" + req.id().hex();
        Map<String, String> h = RequestAuth.sign("alice", ALICE_KEY, "GET", path, new byte[0], NOW.get());
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path));
        h.forEach(rb::header);
        assertEquals(
                404,
                http.send(rb.build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
                "first: authenticated, no such job");
        HttpResponse<String> again = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, again.statusCode());
        assertTrue(again.body().contains("replayed"), again.body());
        // a stale timestamp
        Map<String, String> old =
                RequestAuth.sign("alice", ALICE_KEY, "GET", path, new byte[0], NOW.get() - 2 * RequestAuth.WINDOW_MS);
        HttpRequest.Builder ob = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path));
        old.forEach(ob::header);
        assertTrue(http.send(ob.build(), HttpResponse.BodyHandlers.ofString())
                .body()
                .contains("stale"));
        // unsigned
        HttpResponse<String> unsigned = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, unsigned.statusCode());
        // still serving
        assertEquals(
                200,
                http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/v1/health"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode());
        assertEquals(404, statusOf(assertThrows(Exception.class, () -> alice.status(Bytes.of(new byte[32])))));
    }

    static String signed(String method, String path, byte[] body) {
        StringBuilder h = new StringBuilder();
        RequestAuth.sign("alice", ALICE_KEY, method, path, body, System.currentTimeMillis())
                .forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
        return h.toString();
    }

    @Test
    void slowSubmissionsAreCutAndUnsignedOnesRefusedBeforeTheirBodies() throws Exception {
        try (JobQueue q = new MemoryJobQueue();
                BuilderService svc = new BuilderService(
                                BuilderService.Config.defaults()
                                        .withMaxRequestBytes(64 << 10)
                                        .withHttp(HttpLimits.defaults()
                                                .withIdleTimeoutMillis(1000)
                                                .withThreads(2)),
                                clients,
                                q,
                                new ProofRequests(BuilderFixture.keys()),
                                List.of(),
                                System::currentTimeMillis)
                        .start()) {
            int port = svc.port();
            // signed headers (they pass the pre-body check), 10 of 100 bytes, then nothing: more than the 2 threads
            List<Socket> slow = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Socket x = RawHttp.open(port);
                slow.add(x);
                RawHttp.send(x, RawHttp.slowBody("POST", "/v1/jobs", signed("POST", "/v1/jobs", new byte[100])));
            }
            // unsigned: refused at once, unread, and closed
            List<Socket> unsigned = RawHttp.hold("127.0.0.1", port, 4, RawHttp.slowBody("POST", "/v1/jobs", ""));
            try {
                BuilderClient c = new BuilderClient(
                        URI.create("http://127.0.0.1:" + port), "alice", ALICE_KEY, Duration.ofSeconds(30));
                assertEquals(
                        404,
                        statusOf(assertThrows(Exception.class, () -> c.status(Bytes.of(new byte[32])))),
                        "an honest, authenticated call is served");
                for (Socket x : unsigned) {
                    RawHttp.Answer a = RawHttp.read(x);
                    assertEquals(401, a.status());
                    assertTrue(a.body().contains("unsigned request"), a.body());
                    assertTrue(RawHttp.closedByServer(x));
                }
                for (Socket x : slow) {
                    assertEquals(408, RawHttp.read(x).status());
                    assertTrue(RawHttp.closedByServer(x), "the builder closed a slow client");
                }
            } finally {
                RawHttp.closeAll(slow);
                RawHttp.closeAll(unsigned);
            }
        }
    }

    @Test
    void wrongMethodsAre405AndHugeBodiesRefusedUnread() throws Exception {
        int port = service.port();
        String job = "/v1/jobs/" + "00".repeat(32);
        try (Socket x = RawHttp.open(port)) {
            RawHttp.send(x, RawHttp.request("PUT", job, signed("PUT", job, new byte[0]), ""));
            RawHttp.Answer a = RawHttp.read(x);
            assertEquals(405, a.status());
            assertEquals("GET, DELETE", a.header("Allow"));
            assertTrue(a.body().contains("\"status\":405"), a.body());
        }
        try (Socket x = RawHttp.open(port)) { // signed, 1 TiB declared: 413 with no byte of it sent, then closed
            RawHttp.send(
                    x,
                    "POST /v1/jobs HTTP/1.1\r\nHost: x\r\n" + signed("POST", "/v1/jobs", new byte[0])
                            + "Content-Length: 1099511627776\r\n\r\n");
            RawHttp.Answer a = RawHttp.read(x);
            assertEquals(413, a.status());
            assertEquals("close", a.header("Connection"));
            assertTrue(RawHttp.closedByServer(x));
        }
    }

    @Test
    void longPollsPerClientAreCapped() throws Exception {
        BuilderClient carol = client("alice", ALICE_KEY);
        long after = 1L << 40; // nothing will finish after this: both polls wait their full time
        Thread[] t = new Thread[2];
        for (int i = 0; i < 2; i++) {
            t[i] = new Thread(() -> {
                try {
                    carol.results(after, 10_000);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            t[i].start();
        }
        while (service.openPolls("alice") < 2)
            Thread.onSpinWait(); // both polls are open (they wait 10 s for results that never come)
        Exception e = assertThrows(Exception.class, () -> carol.results(after, 2_000));
        assertEquals(429, statusOf(e));
        assertTrue(e.getMessage().contains("long polls"), e.getMessage());
        assertTrue(carol.results(after, 0).results().isEmpty(), "a page without waiting is always served");
        for (Thread x : t) x.join();
        assertTrue(carol.results(after, 10).results().isEmpty(), "the slots are free again");
    }

    /**
     * One queue for the builder and the farm: a builder with no backends accepts into a PostgreSQL
     * queue, a farm worker (the one worker loop with the rollup runners) drains it, and the client
     * gets a proof that verifies.
     */
    @Test
    void aFarmWorkerDrainsABuildersPostgresQueue() throws Exception {
        PgUrl url = PgTestSupport.url();
        PostgresJobQueue q = new PostgresJobQueue(url, PgTestSupport.freshSchema(), 4);
        ProofRequest req = ProofRequests.base(
                BuilderFixture.baseJob(0, BuilderFixture.ALICE), BuilderFixture.block(), BuilderFixture.deadline());
        try (BuilderService s = new BuilderService(
                                BuilderService.Config.defaults(),
                                clients,
                                q,
                                new ProofRequests(BuilderFixture.keys()),
                                List.of(),
                                System::currentTimeMillis)
                        .start();
                JobWorker<ProvingBackend> farm = new JobWorker<>(
                        q,
                        List.of(BuilderFixture.BACKEND),
                        ProvingBackend::name,
                        RollupJobs.runners(new ProofRequests(BuilderFixture.keys())),
                        new JobWorker.Config(
                                "farm",
                                Duration.ofSeconds(30),
                                Duration.ofSeconds(5),
                                Duration.ofMillis(20),
                                Duration.ofSeconds(5)),
                        line -> {})) {
            BuilderClient c = new BuilderClient(
                    URI.create("http://127.0.0.1:" + s.port()), "alice", ALICE_KEY, Duration.ofSeconds(10));
            assertEquals(JobState.QUEUED, c.submit(req).state());
            farm.start();
            ProofRecord r = c.await(req.id(), System.nanoTime() + 120_000_000_000L);
            ProofRequests.verifyResult(
                    req,
                    r,
                    BuilderFixture.keys().baseVk(),
                    BuilderFixture.keys().mergeVk());
            JobInfo info = q.status(q.findByKey(RollupJobs.key(req.id())).orElseThrow())
                    .orElseThrow();
            assertEquals("alice", info.owner());
            assertTrue(info.worker().startsWith("farm/"), info.worker());
        } finally {
            q.dropSchema();
            q.close();
        }
    }

    @Test
    void acceptedJobsSurviveARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("builder.mv");
        ProofRequest req = ProofRequests.base(
                BuilderFixture.baseJob(1, BuilderFixture.ALICE), BuilderFixture.block(), BuilderFixture.deadline());
        // first process: accepts (no proving workers), then stops
        try (JobQueue q = new MemoryJobQueue(file, java.time.Clock.systemUTC());
                BuilderService s = new BuilderService(
                                BuilderService.Config.defaults(),
                                clients,
                                q,
                                new ProofRequests(BuilderFixture.keys()),
                                List.of(),
                                System::currentTimeMillis)
                        .start()) {
            BuilderClient c = new BuilderClient(
                    URI.create("http://127.0.0.1:" + s.port()), "alice", ALICE_KEY, Duration.ofSeconds(10));
            assertEquals(JobState.QUEUED, c.submit(req).state());
        }
        // second process on the same file proves it
        try (JobQueue q = new MemoryJobQueue(file, java.time.Clock.systemUTC());
                BuilderService s = new BuilderService(
                                BuilderService.Config.defaults(),
                                clients,
                                q,
                                new ProofRequests(BuilderFixture.keys()),
                                List.of(BuilderFixture.BACKEND),
                                System::currentTimeMillis)
                        .start()) {
            BuilderClient c = new BuilderClient(
                    URI.create("http://127.0.0.1:" + s.port()), "alice", ALICE_KEY, Duration.ofSeconds(10));
            ProofRecord r = c.await(req.id(), System.nanoTime() + 120_000_000_000L);
            ProofRequests.verifyResult(
                    req,
                    r,
                    BuilderFixture.keys().baseVk(),
                    BuilderFixture.keys().mergeVk());
        }
    }
}
