package io.coprover.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Properties of {@link Ntt} on random inputs (the seed is printed so a failure can be replayed). */
class NttTest {
    private static final Field F = Field.FR;
    private static long seed;

    @BeforeAll
    static void seed() {
        seed = Long.getLong("ntt.seed", System.nanoTime());
        System.out.println("NttTest seed = " + seed + " (rerun with -Dntt.seed=" + seed + ")");
    }

    private static long[] random(Random rnd, int n) {
        long[] v = F.newVector(n);
        for (int i = 0; i < n; i++) F.random(rnd, v, 4 * i);
        return v;
    }

    @Test
    void omegaHasExactOrder() {
        for (int k = 0; k <= Ntt.MAX_LOG_N; k++) {
            long[] w = Ntt.omega(k);
            for (int i = 0; i < k - 1; i++) F.sqr(w, 0, w, 0);
            if (k >= 1) { // ω^(n/2) = −1, so the order is exactly n
                long[] minusOne = F.one();
                F.neg(minusOne, 0, minusOne, 0);
                assertTrue(Field.equal(w, 0, minusOne, 0), "omega^(n/2) != -1 for k=" + k);
                F.sqr(w, 0, w, 0);
            }
            assertTrue(F.isOne(w, 0), "omega^n != 1 for k=" + k);
            long[] t = new long[4];
            F.mul(Ntt.omega(k), 0, Ntt.omegaInv(k), 0, t, 0);
            assertTrue(F.isOne(t, 0));
        }
    }

    @Test
    void matchesReferenceAndRoundTrips() {
        Random rnd = new Random(seed);
        for (int logN : new int[] {0, 1, 2, 5, 11, 12, 13, 14, 16, 17}) {
            int n = 1 << logN;
            long[] x = random(rnd, n);
            long[] ref = x.clone();
            NttReference.radix2(ref, 0, logN);
            for (int threads : new int[] {1, 2, 3}) {
                long[] y = x.clone();
                Ntt.forward(y, 0, logN, threads);
                assertArrayEquals(ref, y, "forward vs reference, logN=" + logN + " threads=" + threads);
                Ntt.inverse(y, 0, logN, threads);
                assertArrayEquals(x, y, "INTT(NTT(x)) != x, logN=" + logN + " threads=" + threads);
            }
        }
    }

    /** Every block size and column-group width, on sizes small enough to try them all. */
    @Test
    void everyBlockAndColumnLayout() {
        Random rnd = new Random(seed + 6);
        for (int logN : new int[] {1, 2, 5, 8}) {
            long[] x = random(rnd, 1 << logN);
            long[] ref = x.clone();
            NttReference.radix2(ref, 0, logN);
            for (int bLog = 1; bLog <= logN; bLog++) {
                for (int width = 1; width <= (1 << bLog); width *= 2) {
                    for (int threads : new int[] {1, 3}) {
                        long[] y = x.clone();
                        Ntt.transform(y, 0, logN, threads, bLog, width);
                        assertArrayEquals(
                                ref,
                                y,
                                "logN=" + logN + " block=2^" + bLog + " width=" + width + " threads=" + threads);
                    }
                }
            }
        }
        // the layouts chosen for the largest sizes: block 2^14, narrow columns
        for (int logN = 12; logN <= Ntt.MAX_LOG_N; logN++) {
            int b = Ntt.blockLog(logN);
            assertTrue(b >= 12 && b <= 14 && b <= logN);
            if (b < logN) {
                int w = Ntt.columnWidth(logN, b);
                assertTrue(Integer.bitCount(w) == 1 && w >= 4 && w <= (1 << b));
            }
        }
    }

    @Test
    void forwardAtOffsetLeavesNeighboursAlone() {
        Random rnd = new Random(seed + 1);
        int logN = 13, n = 1 << logN;
        long[] buf = random(rnd, n + 3);
        long[] orig = buf.clone();
        Ntt.forward(buf, 8, logN, 2);
        long[] ref = new long[4 * n];
        System.arraycopy(orig, 8, ref, 0, 4 * n);
        NttReference.radix2(ref, 0, logN);
        for (int i = 0; i < 8; i++) assertTrue(buf[i] == orig[i]);
        for (int i = 8 + 4 * n; i < buf.length; i++) assertTrue(buf[i] == orig[i]);
        for (int i = 0; i < 4 * n; i++) assertTrue(buf[8 + i] == ref[i], "limb " + i);
    }

    @Test
    void cosetMatchesDefinition() {
        Random rnd = new Random(seed + 2);
        for (int logN : new int[] {0, 1, 3, 6}) {
            int n = 1 << logN;
            long[] x = random(rnd, n);
            long[] g = F.random(rnd);
            long[] expected = NttReference.evaluate(x, n, Ntt.omega(logN), g);
            long[] y = x.clone();
            Ntt.cosetForward(y, 0, logN, g, 1);
            assertArrayEquals(expected, y, "coset forward vs definition, logN=" + logN);
            Ntt.cosetInverse(y, 0, logN, g, 1);
            assertArrayEquals(x, y, "coset round trip, logN=" + logN);
        }
        // plain forward vs definition too
        long[] x = random(rnd, 32);
        long[] y = x.clone();
        Ntt.forward(y, 0, 5);
        assertArrayEquals(NttReference.evaluate(x, 32, Ntt.omega(5), F.one()), y);
    }

    @Test
    void cosetRoundTripLarge() {
        Random rnd = new Random(seed + 3);
        for (int logN : new int[] {12, 15}) {
            long[] x = random(rnd, 1 << logN);
            long[] g = F.fromLong(7);
            long[] y = x.clone();
            Ntt.cosetForward(y, 0, logN, g, 2);
            long[] y1 = x.clone();
            Ntt.cosetForward(y1, 0, logN, g, 1);
            assertArrayEquals(y1, y, "coset forward independent of threads, logN=" + logN);
            assertFalse(java.util.Arrays.equals(x, y));
            Ntt.cosetInverse(y, 0, logN, g, 2);
            assertArrayEquals(x, y, "coset round trip, logN=" + logN);
        }
    }

    @Test
    void linearity() {
        Random rnd = new Random(seed + 4);
        int logN = 10, n = 1 << logN;
        long[] a = random(rnd, n), b = random(rnd, n);
        long[] alpha = F.random(rnd);
        long[] comb = F.newVector(n);
        long[] t = new long[4];
        for (int i = 0; i < n; i++) { // alpha·a + b
            F.mul(a, 4 * i, alpha, 0, t, 0);
            F.add(t, 0, b, 4 * i, comb, 4 * i);
        }
        Ntt.forward(a, 0, logN);
        Ntt.forward(b, 0, logN);
        Ntt.forward(comb, 0, logN);
        for (int i = 0; i < n; i++) {
            F.mul(a, 4 * i, alpha, 0, t, 0);
            F.add(t, 0, b, 4 * i, t, 0);
            assertTrue(Field.equal(t, 0, comb, 4 * i), "NTT(alpha a + b) != alpha NTT(a) + NTT(b) at " + i);
        }
    }

    @Test
    void batchEqualsOneByOne() {
        Random rnd = new Random(seed + 5);
        long[] g = F.random(rnd);
        for (int logN : new int[] {4, 12}) {
            int n = 1 << logN, batch = 5;
            long[] data = random(rnd, n * batch);
            for (Ntt.Op op : Ntt.Op.values()) {
                long[] got = data.clone();
                Ntt.batch(op, got, 0, logN, batch, g, 2);
                long[] want = data.clone();
                for (int b = 0; b < batch; b++) {
                    int off = 4 * n * b;
                    switch (op) {
                        case FORWARD:
                            Ntt.forward(want, off, logN, 1);
                            break;
                        case INVERSE:
                            Ntt.inverse(want, off, logN, 1);
                            break;
                        case COSET_FORWARD:
                            Ntt.cosetForward(want, off, logN, g, 1);
                            break;
                        default:
                            Ntt.cosetInverse(want, off, logN, g, 1);
                            break;
                    }
                }
                assertArrayEquals(want, got, op + " batch, logN=" + logN);
            }
        }
    }

    @Test
    void badInput() {
        assertThrows(IllegalArgumentException.class, () -> Ntt.omega(29));
        assertThrows(IllegalArgumentException.class, () -> Ntt.omega(-1));
        assertThrows(IllegalArgumentException.class, () -> Ntt.forward(new long[4 * 7], 0, 3));
        assertThrows(IllegalArgumentException.class, () -> Ntt.forward(new long[4 * 8], 4, 3));
        assertThrows(IllegalArgumentException.class, () -> Ntt.forward(new long[4 * 8], -1, 1));
        assertThrows(IllegalArgumentException.class, () -> Ntt.forward(new long[4 * 8], 0, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> Ntt.cosetForward(new long[32], 0, 3, new long[4]));
        long[] notReduced = {-1, -1, -1, -1};
        assertThrows(IllegalArgumentException.class, () -> Ntt.cosetInverse(new long[32], 0, 3, notReduced));
        assertThrows(IllegalArgumentException.class, () -> Ntt.batch(Ntt.Op.FORWARD, new long[32], 0, 3, 2, null, 1));
    }
}
