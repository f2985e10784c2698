package io.coprover.bench;

import io.coprover.backend.Backends;
import io.coprover.backend.ProvingBackend;
import io.coprover.math.Field;
import io.coprover.math.G1;
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
 * Every {@link ProvingBackend} on the same inputs: forward NTT and G1 MSM, through the interface
 * the prover calls (so native and CUDA times include the JNI array copies, and CUDA NTT times the
 * host↔device transfers; MSM bases are loaded once, outside the measurement, as the prover does).
 * A backend that cannot run on this machine fails its setup with the reason and JMH moves on.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar BackendBench -p backend=java,native-host -p logN=16,20 -p logMsm=16
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx8g"})
public class BackendBench {

    /** Opens the named backend once per trial. */
    @State(Scope.Benchmark)
    public static class Backend {
        @Param({"java", "native-host", "cuda"})
        public String backend;

        ProvingBackend be;

        @Setup(Level.Trial)
        public void open() {
            be = Backends.select(backend);
        }

        @TearDown(Level.Trial)
        public void close() {
            be.close();
        }
    }

    @State(Scope.Benchmark)
    public static class NttInput {
        @Param({"16", "20"})
        public int logN;

        long[] data;

        @Setup(Level.Trial)
        public void setup(Backend b) {
            int n = 1 << logN;
            data = Field.FR.newVector(n);
            Random rnd = new Random(42);
            for (int i = 0; i < n; i++) Field.FR.random(rnd, data, 4 * i);
            b.be.ntt(data.clone(), logN, 1); // twiddle tables outside the measurement
        }
    }

    @State(Scope.Benchmark)
    public static class MsmInput {
        @Param({"16"})
        public int logMsm;

        long[] scalars;
        ProvingBackend.MsmBases bases;

        @Setup(Level.Trial)
        public void setup(Backend b) {
            int n = 1 << logMsm;
            Random rnd = new Random(7);
            scalars = Field.FR.newVector(n);
            for (int i = 0; i < n; i++) Field.FR.random(rnd, scalars, 4 * i);
            // P_{i+1} = P_i + Q: distinct points at one addition each
            long[] k = Field.FR.random(rnd);
            long[] q = G1.mulFr(G1.generator(), 0, k, 0), p = G1.generator();
            long[] pts = new long[8 * n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(p, 0, pts, 8 * i, 8);
                p = G1.add(p, 0, q, 0);
            }
            bases = b.be.loadBases(pts, n);
        }

        @TearDown(Level.Trial)
        public void close() {
            bases.close();
        }
    }

    /** In place on one buffer: an NTT's cost does not depend on the values. */
    @Benchmark
    public long[] ntt(Backend b, NttInput in) {
        b.be.ntt(in.data, in.logN, 1);
        return in.data;
    }

    @Benchmark
    public long[] msm(Backend b, MsmInput in) {
        return b.be.msm(in.bases, 0, in.scalars, 1 << in.logMsm);
    }
}
