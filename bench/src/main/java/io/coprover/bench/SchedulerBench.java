package io.coprover.bench;

import io.coprover.backend.JavaBackend;
import io.coprover.backend.JavaBackendConfig;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.PublicOutputs;
import io.coprover.protocol.Score;
import io.coprover.protocol.TreeShape;
import io.coprover.scheduler.JobId;
import io.coprover.scheduler.JobInputs;
import io.coprover.scheduler.JobTerms;
import io.coprover.scheduler.NodeProver;
import io.coprover.scheduler.ProofResult;
import io.coprover.scheduler.ProofStore;
import io.coprover.scheduler.Scheduler;
import io.coprover.scheduler.SchedulerConfig;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 * Scheduler overhead per job: a batch of {@value #BATCH} base jobs through submit → queue →
 * worker → DONE → future, with a prover that returns a precomputed proof (no work) and a store
 * that keeps nothing, so what is timed is the scheduler alone: the job id (SHA-256 of the inputs,
 * computed in submit; {@code jobId} times it alone), the queue, the hand-off to a worker thread,
 * the state events and the future. Inputs are built in setup. Results are per job.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SchedulerBench {
    static final int BATCH = 256;

    /** Number of device workers (each a one-slot CPU pool). */
    @Param({"1", "2"})
    int workers;

    Scheduler scheduler;
    List<JobInputs> inputs;
    JobTerms terms;

    @Setup(Level.Trial)
    public void setup() {
        TreeShape shape = TreeShape.forTxs(2 * BATCH);
        Bytes digest = Bytes.of(Bytes.sha256("bench block".getBytes()));
        Bytes me = Bytes.of(Bytes.sha256("bench prover".getBytes()));
        Bytes zero = Bytes.of(new byte[32]);
        PublicOutputs out = new PublicOutputs(zero, zero, zero, BigInteger.ONE);
        inputs = new ArrayList<>();
        Map<NodeId, ProofResult> results = new HashMap<>();
        for (int i = 0; i < BATCH; i++) {
            NodeId n = new NodeId(0, i);
            inputs.add(new JobInputs(1, digest, shape, n, me, null, 0, List.of(), List.of()));
            results.put(n, new ProofResult(new ProofRecord(1, n, me, null, 0, out, List.of(), null), 0, 0, "noop"));
        }
        NodeProver noop = (in, ctx) -> results.get(in.node());
        ProofStore none = new ProofStore() {
            @Override
            public Optional<ProofResult> get(JobId id) {
                return Optional.empty();
            }

            @Override
            public void put(JobId id, ProofResult r) {}

            @Override
            public boolean contains(JobId id) {
                return false;
            }
        };
        List<JavaBackend> backends = new ArrayList<>();
        for (int i = 0; i < workers; i++) backends.add(new JavaBackend(new JavaBackendConfig(1)));
        scheduler = new Scheduler(backends, noop, none, SchedulerConfig.defaults());
        terms = new JobTerms(BigInteger.TEN, Long.MAX_VALUE, Score.of(1, 0));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scheduler.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int submitRunComplete() {
        CompletableFuture<?>[] fs = new CompletableFuture<?>[BATCH];
        for (int i = 0; i < BATCH; i++) fs[i] = scheduler.submit(inputs.get(i), terms);
        CompletableFuture.allOf(fs).join();
        return scheduler.forget(1);
    }

    @Benchmark
    public JobId jobId() {
        return inputs.get(7).id();
    }
}
