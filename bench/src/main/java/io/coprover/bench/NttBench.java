package io.coprover.bench;

import io.coprover.math.Field;
import io.coprover.math.Ntt;
import io.coprover.math.NttReference;
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
 * Forward Fr NTT, natural order in and out, on random coefficients, 2^10 … 2^22; sample mode, so
 * JMH prints the median (p0.50). {@code forward} uses every core, {@code forwardOneThread} one;
 * {@code radix2Reference} is the textbook single-threaded radix-2 transform (twiddles advanced by
 * a multiplication per butterfly, no table, no blocking), only at small sizes. The transforms run
 * in place on the same buffer: their cost does not depend on the values.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar NttBench} (add {@code -p logN=16} for one size)
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx4g"})
public class NttBench {

    @State(Scope.Benchmark)
    public static class Input {
        @Param({"10", "12", "14", "16", "18", "20", "22"})
        public int logN;

        long[] data;

        @Setup(Level.Trial)
        public void setup() {
            data = random(logN, new Random(42));
            Ntt.forward(data.clone(), 0, logN); // builds the twiddle table outside the measurement
        }
    }

    /** Sizes small enough for the reference. */
    @State(Scope.Benchmark)
    public static class SmallInput {
        @Param({"10", "12", "14", "16"})
        public int logN;

        long[] data;

        @Setup(Level.Trial)
        public void setup() {
            data = random(logN, new Random(42));
        }
    }

    static long[] random(int logN, Random rnd) {
        int n = 1 << logN;
        long[] d = Field.FR.newVector(n);
        for (int i = 0; i < n; i++) Field.FR.random(rnd, d, 4 * i);
        return d;
    }

    @Benchmark
    public long[] forward(Input in) {
        Ntt.forward(in.data, 0, in.logN);
        return in.data;
    }

    @Benchmark
    public long[] forwardOneThread(Input in) {
        Ntt.forward(in.data, 0, in.logN, 1);
        return in.data;
    }

    @Benchmark
    public long[] inverse(Input in) {
        Ntt.inverse(in.data, 0, in.logN);
        return in.data;
    }

    @Benchmark
    public long[] radix2Reference(SmallInput in) {
        NttReference.radix2(in.data, 0, in.logN);
        return in.data;
    }
}
