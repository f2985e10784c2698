package io.coprover.farm;

import io.coprover.backend.JavaBackend;
import io.coprover.backend.ProvingBackend;
import io.coprover.jobs.JobQueue;
import io.coprover.jobs.JobWorker;
import io.coprover.jobs.PgUrl;
import io.coprover.jobs.PostgresJobQueue;
import io.coprover.jobs.TestRunners;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A worker process for {@link WorkerProcessTest}: {@code FarmChild URL SCHEMA WORKER_ID LEASE_MS GRACE_MS}
 * runs one {@link JobWorker} slot with the {@link TestRunners} over the PostgreSQL queue until it is
 * killed or sent SIGTERM, logging to stdout.
 */
public final class FarmChild {
    private FarmChild() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5)
            throw new IllegalArgumentException("usage: FarmChild URL SCHEMA WORKER_ID LEASE_MS GRACE_MS");
        long lease = Long.parseLong(args[3]);
        JobWorker.Config cfg = new JobWorker.Config(
                args[2],
                Duration.ofMillis(lease),
                Duration.ofMillis(Math.max(1, lease / 3)),
                Duration.ofMillis(20),
                Duration.ofMillis(Long.parseLong(args[4])));
        try (JobQueue q = new PostgresJobQueue(PgUrl.parse(args[0]), args[1], 3)) {
            JobWorker<ProvingBackend> w = new JobWorker<ProvingBackend>(
                    q,
                    List.of(new JavaBackend()),
                    ProvingBackend::name,
                    TestRunners.<ProvingBackend>standard(),
                    cfg,
                    line -> {
                        System.out.println(Instant.now() + " " + line);
                        System.out.flush();
                    });
            w.runUntilShutdown();
        }
    }
}
