package io.coprover.bench;

import io.coprover.math.Field;
import io.coprover.math.G1;
import io.coprover.math.G1Jacobian;
import io.coprover.math.Msm;
import java.math.BigInteger;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * G1 multi-scalar multiplication (Pippenger, all cores) on random bases and uniformly random
 * scalars, 2^10 … 2^20 points; sample mode, so JMH prints the median (p0.50). {@code naive} is
 * the reference (one double-and-add per point), only at small sizes.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar MsmBench} (add {@code -p logN=16} for one size)
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx4g"})
public class MsmBench {

    /** Bases and scalars for one size, built outside the measured methods. */
    @State(Scope.Benchmark)
    public static class Input {
        @Param({"10", "12", "14", "16", "18", "20"})
        public int logN;

        long[] bases, scalars;
        int n;

        @Setup(Level.Trial)
        public void setup() {
            n = 1 << logN;
            bases = points(n, new Random(42));
            scalars = scalars(n, new Random(43));
        }
    }

    /** Smaller sizes for the naive reference. */
    @State(Scope.Benchmark)
    public static class SmallInput {
        @Param({"10"})
        public int logN;

        long[] bases, scalars;
        int n;

        @Setup(Level.Trial)
        public void setup() {
            n = 1 << logN;
            bases = points(n, new Random(42));
            scalars = scalars(n, new Random(43));
        }
    }

    /** n distinct points: k·G, k·G + G, k·G + 2G, … (one mixed addition each), then to affine. */
    static long[] points(int n, Random rnd) {
        long[] j = G1Jacobian.newArray(n);
        long[] t = new long[G1Jacobian.SCRATCH];
        long[] g = G1.generator();
        G1Jacobian.fromAffine(G1.mul(g, 0, new BigInteger(250, rnd)), 0, j, 0);
        for (int i = 1; i < n; i++) G1Jacobian.addMixed(j, (i - 1) * G1Jacobian.SIZE, g, 0, j, i * G1Jacobian.SIZE, t);
        long[] a = new long[n * G1.SIZE];
        G1Jacobian.batchToAffine(j, 0, n, a, 0);
        return a;
    }

    static long[] scalars(int n, Random rnd) {
        long[] s = Field.FR.newVector(n);
        for (int i = 0; i < n; i++) Field.FR.random(rnd, s, 4 * i);
        return s;
    }

    @Benchmark
    public long[] msm(Input in) {
        return Msm.msm(in.bases, 0, in.scalars, in.n);
    }

    @Benchmark
    public long[] naive(SmallInput in) {
        return Msm.naive(in.bases, 0, in.scalars, in.n);
    }
}
