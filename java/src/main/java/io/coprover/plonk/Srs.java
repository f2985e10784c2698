package io.coprover.plonk;

import io.coprover.math.Field;
import io.coprover.math.G1;
import io.coprover.math.G1Jacobian;
import io.coprover.math.G2;
import java.security.SecureRandom;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A KZG structured reference string: the points [τ^i]_1 (i &lt; count) and [τ]_2.
 *
 * <p>Two sources: a snarkjs {@code .ptau} file (a real ceremony; {@link #load}) or
 * {@link #generateInsecure}, a local one-party "ceremony" whose τ existed in this process's
 * memory. <b>A generated SRS is for development and benchmarks only: anyone who learned τ could
 * forge proofs.</b>
 */
public final class Srs {
    private static final Field FR = Field.FR;

    /** [τ^i]_1 for i &lt; {@link #count}, affine (8 longs each). */
    public final long[] g1;
    /** [τ]_2, affine (16 longs: x.c0, x.c1, y.c0, y.c1). */
    public final long[] x2;
    /** Whether this SRS came from {@link #generateInsecure} (or a file it wrote). */
    public final boolean insecure;

    public Srs(long[] g1, long[] x2, boolean insecure) {
        if (g1.length % 8 != 0 || g1.length == 0)
            throw new IllegalArgumentException("SRS: G1 powers must be 8 longs each");
        if (x2.length != 16) throw new IllegalArgumentException("SRS: [tau]_2 must be 16 longs");
        this.g1 = g1;
        this.x2 = x2;
        this.insecure = insecure;
    }

    public int count() {
        return g1.length / 8;
    }

    /** The largest domain power this SRS supports for PLONK (n + 6 powers needed). */
    public int maxPower() {
        int p = 0;
        while ((1L << (p + 1)) + 6 <= count()) p++;
        return p;
    }

    /** Number of G1 powers a domain of 2^power needs. */
    public static int pointsFor(int power) {
        return (1 << power) + 6;
    }

    /** A development SRS for domains up to 2^power, from a fresh random τ (see the class note). */
    public static Srs generateInsecure(int power) {
        return generateInsecure(power, new SecureRandom());
    }

    public static Srs generateInsecure(int power, Random rnd) {
        if (power < 1 || power > 26) throw new IllegalArgumentException("SRS power must be 1..26, got " + power);
        int count = pointsFor(power);
        long[] tau = FR.random(rnd);
        long[] powers = FR.newVector(count);
        FR.setOne(powers, 0);
        for (int i = 1; i < count; i++) FR.mul(powers, 4 * (i - 1), tau, 0, powers, 4 * i);
        long[] g1 = FixedBase.mulGenerator(powers, count);
        long[] x2 = G2.mulAffine(G2.GENERATOR, FR.toBigInteger(tau, 0));
        FR.setZero(tau, 0);
        java.util.Arrays.fill(powers, 0L);
        return new Srs(g1, x2, true);
    }

    /**
     * [x]·G for each of the first {@code count} scalars (Montgomery Fr, 4 longs each) by fixed-base
     * windowing (below): what a development SRS or ptau is made of.
     */
    public static long[] mulGenerator(long[] scalars, int count) {
        return FixedBase.mulGenerator(scalars, count);
    }

    /**
     * Fixed-base scalar multiplication of the G1 generator by many scalars: a table of
     * d·2^(8j)·G for the 32 byte positions j and digits d = 1..255, so each product is at most
     * 32 mixed additions and no doublings (the classic fixed-base windowing method).
     */
    static final class FixedBase {
        private static final int W = 8, WINDOWS = 32, DIGITS = (1 << W) - 1;

        static long[] mulGenerator(long[] scalars, int count) {
            long[] table = new long[WINDOWS * DIGITS * G1.SIZE];
            long[] jac = new long[DIGITS * G1Jacobian.SIZE];
            long[] t = new long[G1Jacobian.SCRATCH];
            long[] base = new long[G1Jacobian.SIZE];
            G1Jacobian.fromAffine(G1.generator(), 0, base, 0);
            for (int w = 0; w < WINDOWS; w++) {
                G1Jacobian.copy(base, 0, jac, 0);
                for (int d = 1; d < DIGITS; d++)
                    G1Jacobian.add(jac, (d - 1) * G1Jacobian.SIZE, base, 0, jac, d * G1Jacobian.SIZE, t);
                G1Jacobian.batchToAffine(jac, 0, DIGITS, table, w * DIGITS * G1.SIZE);
                for (int k = 0; k < W; k++) G1Jacobian.dbl(base, 0, base, 0, t);
            }
            long[] out = new long[count * G1.SIZE];
            int chunk = 1024;
            IntStream.range(0, (count + chunk - 1) / chunk).parallel().forEach(c -> {
                int from = c * chunk, to = Math.min(count, from + chunk);
                long[] acc = new long[(to - from) * G1Jacobian.SIZE];
                long[] raw = new long[4];
                long[] tt = new long[G1Jacobian.SCRATCH];
                for (int i = from; i < to; i++) {
                    FR.fromMont(scalars, 4 * i, raw, 0);
                    int ai = (i - from) * G1Jacobian.SIZE;
                    for (int w = 0; w < WINDOWS; w++) {
                        int d = (int) (raw[w >> 3] >>> (8 * (w & 7))) & 0xFF;
                        if (d != 0) G1Jacobian.addMixed(acc, ai, table, (w * DIGITS + d - 1) * G1.SIZE, acc, ai, tt);
                    }
                }
                G1Jacobian.batchToAffine(acc, 0, to - from, out, from * G1.SIZE);
            });
            return out;
        }
    }
}
