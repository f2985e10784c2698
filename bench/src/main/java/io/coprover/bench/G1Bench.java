package io.coprover.bench;

import io.coprover.math.G1;
import io.coprover.math.G1Jacobian;
import io.coprover.math.G1Xyzz;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * G1 point operations, per operation: mixed (projective + affine) additions and doublings in
 * Jacobian and XYZZ coordinates, a full affine addition with its inversion (the naive reference
 * for the mixed ones), and one scalar multiplication.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar G1Bench}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class G1Bench {
    private static final int N = 256;

    private long[] affine; // N affine points
    private long[] jac, xyzz; // accumulators
    private long[] scratch;
    private BigInteger scalar;

    @Setup(Level.Trial)
    public void setup() {
        Random rnd = new Random(42);
        long[] j = G1Jacobian.newArray(N);
        long[] t = new long[G1Jacobian.SCRATCH];
        G1Jacobian.fromAffine(G1.mul(G1.generator(), 0, new BigInteger(250, rnd)), 0, j, 0);
        for (int i = 1; i < N; i++) {
            G1Jacobian.addMixed(j, (i - 1) * G1Jacobian.SIZE, G1.generator(), 0, j, i * G1Jacobian.SIZE, t);
        }
        affine = new long[N * G1.SIZE];
        G1Jacobian.batchToAffine(j, 0, N, affine, 0);
        jac = new long[G1Jacobian.SIZE];
        G1Jacobian.fromAffine(G1.mul(G1.generator(), 0, new BigInteger(250, rnd)), 0, jac, 0);
        xyzz = new long[G1Xyzz.SIZE];
        G1Xyzz.fromAffine(G1.mul(G1.generator(), 0, new BigInteger(250, rnd)), 0, xyzz, 0);
        scratch = new long[Math.max(G1Jacobian.SCRATCH, G1Xyzz.SCRATCH)];
        scalar = new BigInteger(254, rnd);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long[] jacobianMixedAdd() {
        for (int i = 0; i < N; i++) G1Jacobian.addMixed(jac, 0, affine, i * G1.SIZE, jac, 0, scratch);
        return jac;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long[] xyzzMixedAdd() {
        for (int i = 0; i < N; i++) G1Xyzz.addMixed(xyzz, 0, affine, i * G1.SIZE, false, xyzz, 0, scratch);
        return xyzz;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long[] jacobianDouble() {
        for (int i = 0; i < N; i++) G1Jacobian.dbl(jac, 0, jac, 0, scratch);
        return jac;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long[] xyzzDouble() {
        for (int i = 0; i < N; i++) G1Xyzz.dbl(xyzz, 0, xyzz, 0, scratch);
        return xyzz;
    }

    /** Naive reference: affine + affine with a field inversion per addition. */
    @Benchmark
    public long[] affineAdd() {
        return G1.add(affine, 0, affine, G1.SIZE);
    }

    @Benchmark
    public long[] scalarMul() {
        return G1.mul(affine, 0, scalar);
    }
}
