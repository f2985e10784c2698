package io.coprover.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.backend.JavaBackend;
import io.coprover.backend.ProvingBackend;
import io.coprover.jobs.JobInfo;
import io.coprover.jobs.JobState;
import io.coprover.jobs.JobWorker;
import io.coprover.jobs.PgTestSupport;
import io.coprover.jobs.PostgresJobQueue;
import io.coprover.plonk.Srs;
import io.coprover.plonk.io.SrsFile;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.requests.ProofRequests;
import io.coprover.requests.RollupJobs;
import io.coprover.rollup.Account;
import io.coprover.rollup.BlockInputs;
import io.coprover.rollup.RollupKeys;
import io.coprover.rollup.StateTree;
import io.coprover.rollup.Transfer;
import io.coprover.rollup.TreeVerifier;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollup proof jobs on a PostgreSQL farm: a block's tree is proved through the queue
 * ({@link FarmBlock}) while a real {@code coprover worker} process, started from the test class
 * path, is killed with SIGKILL in the middle of a base job; another worker re-runs that job after
 * the lease lapses, the merges follow, and the whole tree verifies with one pairing.
 */
class RollupFarmTest {
    static final int DEPTH = 1; // the smallest base circuit: a proof takes about a second here

    @TempDir
    Path dir;

    private PostgresJobQueue q;
    private String schema;
    private Process child;

    @BeforeEach
    void setUp() {
        schema = PgTestSupport.freshSchema();
        q = new PostgresJobQueue(PgTestSupport.url(), schema, 4);
    }

    @AfterEach
    void tearDown() throws Exception {
        PgTestSupport.cleanUp(child, q);
    }

    /** Accounts 0 and 1 funded; 3 transfers and 1 padding: 2 base jobs and a root. */
    static BlockInputs block() {
        try (StateTree s = StateTree.inMemory(DEPTH)) {
            s.put(0, new Account(BigInteger.valueOf(1234), 1_000_000, 0));
            s.put(1, new Account(BigInteger.valueOf(5678), 500_000, 0));
            return BlockInputs.apply(
                    s,
                    3,
                    List.of(Transfer.of(0, 1, 100, 7, 0), Transfer.of(1, 0, 50, 3, 0), Transfer.of(1, 1, 10, 1, 1)));
        }
    }

    @Test
    void killedWorkersBaseJobIsRerunAndTheTreeVerifies() throws Exception {
        Srs srs = Srs.generateInsecure(RollupKeys.basePower(DEPTH), new Random(21));
        Path srsFile = dir.resolve("dev.srs");
        SrsFile.write(srsFile, srs, RollupKeys.basePower(DEPTH));
        Path log = dir.resolve("worker.log");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(
                        java,
                        "-Xmx1g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.coprover.cli.Main",
                        "worker",
                        "--queue",
                        System.getenv("COPROVER_PG_URL"),
                        "--schema",
                        schema,
                        "--backend",
                        "java",
                        "--id",
                        "doomed",
                        "--depth",
                        Integer.toString(DEPTH),
                        "--srs",
                        srsFile.toString(),
                        "--kinds",
                        "rollup.base",
                        "--lease-ms",
                        "1500",
                        "--heartbeat-ms",
                        "500",
                        "--poll-ms",
                        "50",
                        "--progress-s",
                        "0")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();

        JavaBackend be = new JavaBackend();
        RollupKeys keys = new RollupKeys(DEPTH, srs, be);
        BlockInputs block = block();
        Bytes digest = Bytes.of(Bytes.sha256("farm test block".getBytes(StandardCharsets.UTF_8)));
        Bytes prover = Bytes.of("farm-prover".getBytes(StandardCharsets.UTF_8));
        CompletableFuture<FarmBlock.Result> tree = CompletableFuture.supplyAsync(() -> {
            try {
                return FarmBlock.prove(
                        q,
                        block,
                        digest,
                        prover,
                        50_000,
                        keys.baseVk(),
                        keys.mergeVk(),
                        2,
                        Duration.ofSeconds(120),
                        line -> {});
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });

        // wait until the child holds a base job, then kill it mid-job
        long victim = -1;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (victim < 0 && System.nanoTime() < deadline) {
            for (long id = 1; id <= 2; id++) {
                var info = q.status(id);
                if (info.isPresent()
                        && info.get().state() == JobState.RUNNING
                        && info.get().worker().startsWith("doomed")) victim = id;
            }
            Thread.sleep(20);
        }
        assertTrue(victim > 0, "the worker process claimed a base job; its log:\n" + Files.readString(log));
        child.destroyForcibly();
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue());
        assertEquals(
                JobState.RUNNING, q.status(victim).orElseThrow().state(), "the killed worker left its job running");

        JobWorker.Config cfg = new JobWorker.Config(
                "survivor",
                Duration.ofSeconds(10),
                Duration.ofSeconds(2),
                Duration.ofMillis(50),
                Duration.ofSeconds(5));
        try (JobWorker<ProvingBackend> survivor = new JobWorker<ProvingBackend>(
                q, List.of(be), ProvingBackend::name, RollupJobs.runners(new ProofRequests(keys)), cfg, line -> {})) {
            survivor.start();
            FarmBlock.Result res = tree.get(120, TimeUnit.SECONDS);
            JobInfo rerun = q.status(victim).orElseThrow();
            assertEquals(JobState.DONE, rerun.state());
            assertEquals(2, rerun.attempts(), "the killed attempt and the re-run");
            assertTrue(
                    rerun.lastError().contains("doomed") && rerun.lastError().contains("expired"), rerun.lastError());
            assertEquals(3, res.jobs().size());
            for (long id : res.jobs())
                assertEquals(JobState.DONE, q.status(id).orElseThrow().state());

            TreeVerifier.Result v = new TreeVerifier(keys.baseVk(), keys.mergeVk())
                    .verify(res.root().id(), res.proofs().values(), TreeVerifier.Expected.of(block));
            assertTrue(v.valid(), v.reason());
            assertEquals(3, v.proofs());
            ProofRecord root = res.root();
            assertEquals(prover, root.prover());
            assertEquals(block.shape().root(), root.node());
        }
        // a request submitted again is the same job (keyed by the request id): nothing new is queued
        long before = q.counts().total();
        var job = new io.coprover.scheduler.JobInputs(
                block.block(),
                digest,
                block.shape(),
                new io.coprover.protocol.NodeId(0, 0),
                prover,
                null,
                50_000,
                null,
                null);
        var req = ProofRequests.base(job, block, System.currentTimeMillis() + 60_000);
        long id = RollupJobs.submit(q, req, 1);
        assertEquals(id, RollupJobs.submit(q, req, 1));
        assertEquals(before + 1, q.counts().total());
        assertEquals("rollup.base", q.status(id).orElseThrow().kind());
        keys.close();
    }
}
