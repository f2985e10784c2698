package io.coprover.bench;

import io.coprover.math.FinalExponentiation;
import io.coprover.math.Fq12;
import io.coprover.math.G1;
import io.coprover.math.G2;
import io.coprover.math.Pairing;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * BN254 optimal ate pairing: one pairing, 2- and 4-pair product checks (the PLONK verifier makes
 * one 2-pair check, with fixed G2 points that it can prepare once), and the Fq12 multiplication everything rests on. The "naive" reference
 * beside the final exponentiation raises to (q¹² − 1)/r by plain square-and-multiply.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar PairingBench} (sample mode: the median is the
 * {@code p0.50} line). The peer figure for the same 2-pair check is
 * {@code node bench/peer/pairing-bench.mjs} (ffjavascript, the library behind snarkjs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PairingBench {
    private static final BigInteger R =
            new BigInteger("21888242871839275222246405745257275088548364400416034343698204186575808495617");
    private static final BigInteger Q =
            new BigInteger("21888242871839275222246405745257275088696311157297823662689037894645226208583");
    private static final BigInteger FINAL_EXP =
            Q.pow(12).subtract(BigInteger.ONE).divide(R);

    private long[][] g1s4, g2s4, g1s2, g2s2;
    private Pairing.G2Prepared[] prepared2;
    private long[][] g1sGeneric, g2sGeneric;
    private long[] a, b, r, scratch, millerValue;

    @Setup(Level.Trial)
    public void setup() {
        Random rnd = new Random(42);
        g1s4 = new long[4][];
        g2s4 = new long[4][];
        for (int i = 0; i < 4; i++) {
            g1s4[i] = G1.mul(G1.generator(), 0, new BigInteger(250, rnd));
            g2s4[i] = G2.mulAffine(G2.GENERATOR, new BigInteger(250, rnd));
        }
        // a true 2-pair check: e(sP, Q)·e(−P, sQ) = 1, shaped like a KZG opening check (Q the
        // generator, whose lines the library prepares once)
        BigInteger s = new BigInteger(250, rnd);
        long[] negP = new long[8];
        G1.neg(G1.generator(), 0, negP, 0);
        g1s2 = new long[][] {G1.mul(G1.generator(), 0, s), negP};
        g2s2 = new long[][] {G2.GENERATOR, G2.mulAffine(G2.GENERATOR, s)};
        if (!Pairing.pairingCheck(g1s2, g2s2)) throw new IllegalStateException("bench input check failed");
        prepared2 = new Pairing.G2Prepared[] {Pairing.prepare(g2s2[0]), Pairing.prepare(g2s2[1])};
        // the same check with neither G2 point the generator: every line computed on the fly
        BigInteger u = new BigInteger(250, rnd);
        g1sGeneric = g1s2;
        g2sGeneric = new long[][] {G2.mulAffine(G2.GENERATOR, u), G2.mulAffine(G2.GENERATOR, s.multiply(u))};
        if (!Pairing.pairingCheck(g1sGeneric, g2sGeneric)) throw new IllegalStateException("bench input check failed");
        a = Fq12.random(rnd);
        b = Fq12.random(rnd);
        r = new long[Fq12.SIZE];
        scratch = new long[Fq12.SCRATCH];
        millerValue = Pairing.millerLoop(new long[][] {g1s4[0]}, new long[][] {g2s4[0]});
    }

    @Benchmark
    public long[] pairing() {
        return Pairing.pairing(g1s4[0], g2s4[0]);
    }

    @Benchmark
    public boolean check2() {
        return Pairing.pairingCheck(g1s2, g2s2);
    }

    @Benchmark
    public boolean check2Generic() {
        return Pairing.pairingCheck(g1sGeneric, g2sGeneric);
    }

    @Benchmark
    public boolean check2Prepared() {
        return Pairing.pairingCheck(g1s2, prepared2);
    }

    @Benchmark
    public boolean check4() {
        return Pairing.pairingCheck(g1s4, g2s4);
    }

    @Benchmark
    public long[] millerLoop() {
        return Pairing.millerLoop(new long[][] {g1s4[0]}, new long[][] {g2s4[0]});
    }

    @Benchmark
    public long[] finalExponentiation() {
        FinalExponentiation.apply(millerValue, 0, r, 0);
        return r;
    }

    @Benchmark
    public long[] finalExponentiationNaive() {
        return Fq12.pow(millerValue, 0, FINAL_EXP);
    }

    @Benchmark
    public long[] fq12Mul() {
        Fq12.mul(a, 0, b, 0, r, 0, scratch, 0);
        return r;
    }

    @Benchmark
    public long[] fq12CyclotomicSqr() {
        Fq12.cyclotomicSqr(a, 0, r, 0, scratch, 0);
        return r;
    }

    @Benchmark
    public boolean g2SubgroupCheck() {
        return G2.isInSubgroup(g2s4[0], 0);
    }
}
