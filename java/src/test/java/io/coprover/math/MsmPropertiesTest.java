package io.coprover.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** MSM = naive double-and-add sum on random inputs (seed logged), every window size and mode. */
class MsmPropertiesTest {
    private static final long SEED = Long.getLong("coprover.seed", System.nanoTime());

    static {
        System.out.println("MsmPropertiesTest seed = " + SEED + " (rerun with -Dcoprover.seed=" + SEED + ")");
    }

    /** n distinct random points: a few random multiples of G, the rest sums of earlier ones. */
    static long[] randomPoints(Random rnd, int n) {
        long[] jac = new long[n * G1Jacobian.SIZE];
        long[] t = new long[G1Jacobian.SCRATCH];
        long[] g = G1.generator();
        for (int i = 0; i < n; i++) {
            if (i < 8) {
                G1Jacobian.fromAffine(G1.mul(g, 0, new BigInteger(250, rnd)), 0, jac, i * G1Jacobian.SIZE);
            } else {
                G1Jacobian.add(
                        jac,
                        (i - 1) * G1Jacobian.SIZE,
                        jac,
                        rnd.nextInt(i - 1) * G1Jacobian.SIZE,
                        jac,
                        i * G1Jacobian.SIZE,
                        t);
            }
        }
        long[] aff = new long[n * G1.SIZE];
        G1Jacobian.batchToAffine(jac, 0, n, aff, 0);
        return aff;
    }

    /** Random scalars with edge values mixed in: 0, 1, 2, r−1, (r−1)/2, 2^k. */
    static long[] randomScalars(Random rnd, int n) {
        BigInteger r = Field.FR.modulus;
        BigInteger[] edge = {
            BigInteger.ZERO,
            BigInteger.ONE,
            BigInteger.TWO,
            r.subtract(BigInteger.ONE),
            r.subtract(BigInteger.ONE).shiftRight(1),
            BigInteger.ONE.shiftLeft(253),
            BigInteger.ONE.shiftLeft(128)
        };
        long[] s = new long[4 * n];
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(8) == 0) Field.FR.set(edge[rnd.nextInt(edge.length)], s, 4 * i);
            else Field.FR.random(rnd, s, 4 * i);
        }
        return s;
    }

    private static String show(long[] p) {
        return G1.toString(p, 0);
    }

    @Test
    void randomSizesAgainstNaive() {
        Random rnd = new Random(SEED);
        long[] pts = randomPoints(rnd, 3000);
        for (int n : new int[] {1, 2, 5, 31, 32, 100 + rnd.nextInt(900), 3000}) {
            long[] s = randomScalars(rnd, n);
            assertEquals(show(Msm.naive(pts, 0, s, n)), show(Msm.msm(pts, 0, s, n)), "n=" + n);
        }
    }

    @Test
    void everyWindowAndModeAgrees() {
        Random rnd = new Random(SEED + 1);
        int n = 1500;
        long[] pts = randomPoints(rnd, n);
        // degenerate structure: repeats, negations, points at infinity
        System.arraycopy(pts, 0, pts, 10 * G1.SIZE, 10 * G1.SIZE); // 10 repeated points
        for (int i = 20; i < 30; i++) G1.neg(pts, (i - 20) * G1.SIZE, pts, i * G1.SIZE); // negations
        for (int i = 30; i < 35; i++) G1.setInfinity(pts, i * G1.SIZE);
        long[] s = randomScalars(rnd, n);
        for (int i = 10; i < 30; i++) Field.copy(s, 0, s, 4 * i); // same scalar: P+P, P+(−P) in one bucket
        String expected = show(Msm.naive(pts, 0, s, n));
        for (int c = 2; c <= Msm.MAX_WINDOW; c++) {
            for (boolean ba : new boolean[] {false, true}) {
                assertEquals(expected, show(Msm.msm(pts, 0, s, n, 2, c, ba)), "c=" + c + " batchAffine=" + ba);
            }
        }
    }

    @Test
    void collisionsEverywhere() {
        // every point into the same few buckets: exercises the deferred queue and its overflow
        Random rnd = new Random(SEED + 2);
        int n = 3000;
        long[] pts = randomPoints(rnd, n);
        long[] s = new long[4 * n];
        for (int i = 0; i < n; i++) Field.FR.set(BigInteger.valueOf(1 + rnd.nextInt(3)), s, 4 * i);
        String expected = show(Msm.naive(pts, 0, s, n));
        for (int c : new int[] {4, 10, 13}) {
            assertEquals(expected, show(Msm.msm(pts, 0, s, n, 2, c, true)), "c=" + c);
        }
        // a single point repeated, with its negation: doubling and cancellation in buckets
        long[] same = new long[n * G1.SIZE];
        for (int i = 0; i < n; i++) {
            if (i % 3 == 2) G1.neg(pts, 0, same, i * G1.SIZE);
            else System.arraycopy(pts, 0, same, i * G1.SIZE, G1.SIZE);
        }
        expected = show(Msm.naive(same, 0, s, n));
        assertEquals(expected, show(Msm.msm(same, 0, s, n, 2, 12, true)), "one repeated point");
    }

    @Test
    void zeroScalarsAndInfinity() {
        Random rnd = new Random(SEED + 3);
        int n = 200;
        long[] pts = randomPoints(rnd, n);
        assertEquals("infinity", show(Msm.msm(pts, 0, new long[4 * n], n)));
        assertEquals("infinity", show(Msm.msm(new long[8 * n], 0, randomScalars(rnd, n), n)));
        assertEquals("infinity", show(Msm.msm(pts, 0, new long[0], 0)));
    }

    @Test
    void badArguments() {
        long[] pts = new long[8 * 4];
        assertThrows(IllegalArgumentException.class, () -> Msm.msm(pts, 1, new long[16], 4));
        assertThrows(IllegalArgumentException.class, () -> Msm.msm(pts, 0, new long[12], 4));
        assertThrows(IllegalArgumentException.class, () -> Msm.msm(pts, 0, new long[16], -1));
        assertThrows(IllegalArgumentException.class, () -> Msm.msm(pts, 0, new long[16], 4, 0));
    }
}
