package io.coprover.bench;

import io.coprover.jobs.JobQueue;
import io.coprover.jobs.JobQueues;
import io.coprover.jobs.Lease;
import io.coprover.jobs.PgUrl;
import io.coprover.jobs.PostgresJobQueue;
import io.coprover.jobs.QueueCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Job-queue throughput: 4 worker threads drain a queue of {@link #JOBS} jobs, each job one claim and
 * one complete (the queue's share of a worker's loop, with an empty job), so the reported time per
 * operation is the inverse of claims+completes per second. Each iteration refills the queue outside
 * the measurement. {@code mem} is the in-process queue; {@code postgres} needs
 * {@code COPROVER_PG_URL} (a scratch schema is created and dropped).
 *
 * <pre>
 * COPROVER_PG_URL=postgres://… java -jar bench/target/benchmarks.jar FarmQueueBench
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class FarmQueueBench {
    static final int JOBS = 4000;
    static final int WORKERS = 4;

    /** {@code postgres-sweep-every-claim}: the lapsed-lease sweep before every claim (A/B for the sweep interval). */
    @Param({"mem", "postgres", "postgres-sweep-every-claim"})
    public String queue;

    JobQueue q;
    ExecutorService pool;
    final byte[] payload = new byte[256];
    final byte[] result = new byte[64];

    @Setup(Level.Trial)
    public void open() {
        if (queue.startsWith("postgres")) {
            String url = System.getenv("COPROVER_PG_URL");
            if (url == null) throw new IllegalStateException("set COPROVER_PG_URL to benchmark the PostgreSQL queue");
            Duration sweep = queue.equals("postgres") ? PostgresJobQueue.DEFAULT_SWEEP_INTERVAL : Duration.ZERO;
            PostgresJobQueue p = new PostgresJobQueue(PgUrl.parse(url), "farm_bench", WORKERS + 2, sweep);
            p.dropSchema();
            p.close();
            q = new PostgresJobQueue(PgUrl.parse(url), "farm_bench", WORKERS + 2, sweep);
        } else {
            q = JobQueues.open(queue, PostgresJobQueue.DEFAULT_SCHEMA, 1);
        }
        pool = Executors.newFixedThreadPool(WORKERS);
    }

    @Setup(Level.Iteration)
    public void fill() {
        for (int i = 0; i < JOBS; i++) q.submit("bench", payload, 0);
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public long drain() throws Exception {
        List<Future<Long>> fs = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            String name = "bench-" + w;
            fs.add(pool.submit(() -> {
                long n = 0;
                for (Lease l;
                        (l = q.claim(name, Set.of(), Duration.ofMinutes(5)).orElse(null)) != null; ) {
                    if (q.complete(l, result)) n++;
                }
                return n;
            }));
        }
        long done = 0;
        for (Future<Long> f : fs) done += f.get();
        return done;
    }

    @TearDown(Level.Iteration)
    public void check() {
        QueueCounts c = q.counts();
        if (c.open() != 0) throw new IllegalStateException("jobs left after an iteration: " + c);
    }

    @TearDown(Level.Trial)
    public void close() {
        pool.shutdownNow();
        if (q instanceof PostgresJobQueue p) p.dropSchema();
        q.close();
    }
}
