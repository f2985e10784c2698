package io.coprover.farm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.backend.JavaBackend;
import io.coprover.backend.ProvingBackend;
import io.coprover.jobs.JobInfo;
import io.coprover.jobs.JobState;
import io.coprover.jobs.JobWorker;
import io.coprover.jobs.PgTestSupport;
import io.coprover.jobs.PgUrl;
import io.coprover.jobs.PostgresJobQueue;
import io.coprover.jobs.TestRunners;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker processes over PostgreSQL, the way a farm runs: a real child JVM (started from the test
 * class path) is killed with SIGKILL in the middle of a job, and its job is re-run by another worker
 * once the lease lapses; a child sent SIGTERM gives its job back at once.
 */
class WorkerProcessTest {
    @TempDir
    Path dir;

    private String url;
    private String schema;
    private PostgresJobQueue q;
    private Process child;

    @BeforeEach
    void setUp() {
        PgUrl u = PgTestSupport.url();
        url = System.getenv("COPROVER_PG_URL");
        schema = PgTestSupport.freshSchema();
        q = new PostgresJobQueue(u, schema, 4);
    }

    @AfterEach
    void tearDown() throws Exception {
        PgTestSupport.cleanUp(child, q);
    }

    private Process startChild(String workerId, long leaseMs, long graceMs, Path log) throws IOException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                FarmChild.class.getName(),
                url,
                schema,
                workerId,
                Long.toString(leaseMs),
                Long.toString(graceMs));
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    private JobInfo awaitState(long id, JobState state, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        JobInfo info = q.status(id).orElseThrow();
        while (info.state() != state && System.nanoTime() < deadline) {
            Thread.sleep(20);
            info = q.status(id).orElseThrow();
        }
        return info;
    }

    @Test
    void killedWorkersJobIsRerunByAnotherWorker() throws Exception {
        byte[] payload = TestRunners.payload(1500, "kill-me");
        long id = q.submit("victim", TestRunners.SLEEP_HASH, payload, 2);
        Path log = dir.resolve("child.log");
        child = startChild("child-1", 1000, 5000, log);
        JobInfo running = awaitState(id, JobState.RUNNING, 30_000);
        assertEquals(JobState.RUNNING, running.state(), "the child claimed the job; log:\n" + Files.readString(log));
        assertTrue(running.worker().startsWith("child-1"), running.worker());

        child.destroyForcibly(); // SIGKILL: no shutdown hook, no release
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        assertEquals(JobState.RUNNING, q.status(id).orElseThrow().state(), "nobody gave the job back");

        JobWorker.Config cfg = new JobWorker.Config(
                "rescuer", Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMillis(20), Duration.ofSeconds(5));
        try (JobWorker<ProvingBackend> rescuer = new JobWorker<ProvingBackend>(
                q,
                List.of(new JavaBackend()),
                ProvingBackend::name,
                TestRunners.<ProvingBackend>standard(),
                cfg,
                line -> {})) {
            rescuer.start();
            JobInfo done = awaitState(id, JobState.DONE, 20_000);
            assertEquals(JobState.DONE, done.state());
            assertEquals(2, done.attempts());
            assertTrue(done.worker().startsWith("rescuer"), done.worker());
            assertTrue(done.lastError().contains("child-1") && done.lastError().contains("expired"), done.lastError());
            assertEquals(1, rescuer.stats().completed());
        }
        assertArrayEquals(TestRunners.expected(payload), q.result(id).orElseThrow());
    }

    @Test
    void sigtermGivesTheRunningJobBack() throws Exception {
        long id = q.submit(TestRunners.SLEEP_HASH, TestRunners.payload(60_000, "long"), 0);
        Path log = dir.resolve("child.log");
        child = startChild("child-2", 30_000, 200, log);
        JobInfo running = awaitState(id, JobState.RUNNING, 30_000);
        assertEquals(JobState.RUNNING, running.state(), "the child claimed the job; log:\n" + Files.readString(log));

        child.destroy(); // SIGTERM: the shutdown hook stops claiming and releases the job
        assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the child stopped within its grace period");
        assertEquals(143, child.exitValue(), "terminated by SIGTERM");
        JobInfo info = q.status(id).orElseThrow();
        String childLog = Files.readString(log);
        assertEquals(JobState.QUEUED, info.state(), childLog);
        assertEquals(0, info.attempts(), "a released attempt does not count");
        assertTrue(info.lastError().contains("shut down"), info.lastError());
        assertTrue(childLog.contains("released") && childLog.contains("stopped"), childLog);
    }
}
