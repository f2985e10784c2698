package io.coprover.bench;

import io.coprover.math.Field;
import java.math.BigInteger;
import java.util.Random;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fr and Fq element operations over a vector of 1024 independent elements (the throughput a bulk
 * loop sees), reported per element. {@code mulBigInteger} is the naive reference:
 * {@code a·b mod p} with BigInteger.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar FieldBench}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FieldBench {
    private static final int N = 1024;

    @Param({"Fr", "Fq"})
    public String field;

    private Field f;
    private long[] a, b, r;
    private BigInteger[] ba, bb;

    @Setup(Level.Trial)
    public void setup() {
        f = field.equals("Fr") ? Field.FR : Field.FQ;
        Random rnd = new Random(42);
        a = f.newVector(N);
        b = f.newVector(N);
        r = f.newVector(N);
        ba = new BigInteger[N];
        bb = new BigInteger[N];
        for (int i = 0; i < N; i++) {
            f.random(rnd, a, 4 * i);
            f.random(rnd, b, 4 * i);
            ba[i] = f.toBigInteger(a, 4 * i);
            bb[i] = f.toBigInteger(b, 4 * i);
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long[] mul() {
        for (int i = 0; i < N; i++) f.mul(a, 4 * i, b, 4 * i, r, 4 * i);
        return r;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long[] sqr() {
        for (int i = 0; i < N; i++) f.sqr(a, 4 * i, r, 4 * i);
        return r;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long[] add() {
        for (int i = 0; i < N; i++) f.add(a, 4 * i, b, 4 * i, r, 4 * i);
        return r;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long[] sub() {
        for (int i = 0; i < N; i++) f.sub(a, 4 * i, b, 4 * i, r, 4 * i);
        return r;
    }

    /** Naive reference for mul: BigInteger product and remainder. */
    @Benchmark
    @OperationsPerInvocation(N)
    public BigInteger mulBigInteger() {
        BigInteger x = null;
        for (int i = 0; i < N; i++) x = ba[i].multiply(bb[i]).mod(f.modulus);
        return x;
    }

    /** One inversion (Fermat), per element. */
    @Benchmark
    public long[] inverse() {
        f.inverse(a, 0, r, 0);
        return r;
    }
}
