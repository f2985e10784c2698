package io.coprover.bench;

import io.coprover.backend.JavaBackend;
import io.coprover.backend.ProvingBackend;
import io.coprover.plonk.CircuitBuilder;
import io.coprover.plonk.DemoCircuit;
import io.coprover.plonk.Prover;
import io.coprover.plonk.ProvingKey;
import io.coprover.plonk.Srs;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PLONK proving time on the demo circuit (a Poseidon hash chain filling exactly 2^k rows, so the
 * domain is 2^k) with the Java backend. One invocation = one proof; setup, SRS and the prover's
 * one-off key preparation are outside the measurement. At tear-down the phase breakdown (NTT,
 * MSM, other; each round) of the measured proofs is printed as medians.
 *
 * <p>Peer: {@code snarkjs plonk prove} on a circuit of the same domain size took 2.61 s (2^12),
 * 8.76 s (2^14) and 34.14 s (2^16) on the 2-core reference machine (medians of three runs,
 * including node start-up; test vectors README).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar PlonkBench}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx8g"})
public class PlonkBench {
    @Param({"12", "14", "16"})
    public int logGates;

    private ProvingBackend backend;
    private Prover prover;
    private long[] witness;
    private final List<Prover.Timings> timings = new ArrayList<>();

    @Setup(Level.Trial)
    public void setup() {
        int rows = 1 << logGates;
        CircuitBuilder cb = DemoCircuit.build(rows, 1);
        witness = cb.witness();
        backend = new JavaBackend();
        ProvingKey pk = io.coprover.plonk.Setup.run(cb.build(), Srs.generateInsecure(logGates, new Random(1)), backend);
        prover = new Prover(pk, backend);
    }

    @Benchmark
    public Prover.Result prove() {
        Prover.Result r = prover.prove(witness);
        timings.add(r.timings());
        return r;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        // the last 3 invocations are the measured ones (the warm-up ones come first)
        List<Prover.Timings> m = timings.subList(Math.max(0, timings.size() - 3), timings.size());
        System.out.printf(
                "%nPlonkBench 2^%d (%s), medians of %d proofs: total %.0f ms = NTT %.0f + MSM %.0f + other %.0f;"
                        + " rounds %.0f / %.0f / %.0f / %.0f / %.0f ms; prover key preparation %.0f ms%n",
                logGates,
                backend.name(),
                m.size(),
                med(m, Prover.Timings::total),
                med(m, Prover.Timings::ntt),
                med(m, Prover.Timings::msm),
                med(m, Prover.Timings::other),
                med(m, Prover.Timings::round1),
                med(m, Prover.Timings::round2),
                med(m, Prover.Timings::round3),
                med(m, Prover.Timings::round4),
                med(m, Prover.Timings::round5),
                prover.preparationNanos() / 1e6);
        prover.close();
        backend.close();
    }

    private static double med(List<Prover.Timings> m, java.util.function.ToLongFunction<Prover.Timings> f) {
        long[] v = m.stream().mapToLong(f).sorted().toArray();
        return v.length == 0 ? 0 : v[v.length / 2] / 1e6;
    }
}
