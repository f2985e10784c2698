package io.coprover.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.math.Field;
import io.coprover.math.G1;
import io.coprover.math.Msm;
import io.coprover.math.Ntt;
import io.coprover.math.NttReference;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Java backend against the definitions: batched NTTs, coset NTTs and MSM vs a naive sum. */
class JavaBackendTest {
    private static final Field F = Field.FR;
    private static final long SEED = Long.getLong("coprover.seed", System.nanoTime());

    static {
        System.out.println("JavaBackendTest seed = " + SEED + " (rerun with -Dcoprover.seed=" + SEED + ")");
    }

    @Test
    void nttBatchMatchesDefinition() {
        Random rnd = new Random(SEED);
        int logN = 4, n = 16, batch = 3;
        long[] data = F.newVector(n * batch);
        for (int i = 0; i < n * batch; i++) F.random(rnd, data, 4 * i);
        long[] g = F.fromLong(7);
        try (JavaBackend be = new JavaBackend(new JavaBackendConfig(2))) {
            assertEquals("java", be.name());
            long[] y = data.clone();
            be.ntt(y, logN, batch);
            long[] z = data.clone();
            be.cosetNtt(z, logN, batch, g);
            for (int b = 0; b < batch; b++) {
                long[] x = new long[4 * n];
                System.arraycopy(data, 4 * n * b, x, 0, 4 * n);
                long[] want = NttReference.evaluate(x, n, Ntt.omega(logN), F.one());
                long[] wantCoset = NttReference.evaluate(x, n, Ntt.omega(logN), g);
                for (int i = 0; i < 4 * n; i++) {
                    assertEquals(want[i], y[4 * n * b + i], "ntt poly " + b);
                    assertEquals(wantCoset[i], z[4 * n * b + i], "coset ntt poly " + b);
                }
            }
            be.intt(y, logN, batch);
            assertArrayEquals(data, y, "intt(ntt(x))");
            be.cosetIntt(z, logN, batch, g);
            assertArrayEquals(data, z, "coset intt(coset ntt(x))");
        }
    }

    /** The bases are checked where they are loaded (a zkey's SRS points are checked only there). */
    @Test
    void basesOffTheCurveOrOutOfRangeAreRejected() {
        try (JavaBackend be = new JavaBackend(new JavaBackendConfig(2))) {
            long[] pts = new long[3 * G1.SIZE];
            System.arraycopy(G1.generator(), 0, pts, 0, G1.SIZE); // then infinity, then the generator again
            System.arraycopy(G1.generator(), 0, pts, 2 * G1.SIZE, G1.SIZE);
            be.loadBases(pts, 3).close();
            long[] off = pts.clone();
            off[2 * G1.SIZE + 4] ^= 1;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> be.loadBases(off, 3));
            assertTrue(e.getMessage().contains("point 2 is not on the BN254 G1 curve"), e.getMessage());
            be.loadBases(off, 2).close(); // the bad point lies beyond the count
            long[] big = pts.clone();
            big[3] = -1L;
            assertThrows(IllegalArgumentException.class, () -> be.loadBases(big, 1));
        }
    }

    @Test
    void msmMatchesNaiveSum() {
        Random rnd = new Random(SEED + 1);
        int n = 40;
        long[] g = G1.generator();
        long[] pts = new long[n * G1.SIZE];
        for (int i = 0; i < n; i++)
            System.arraycopy(G1.mul(g, 0, new BigInteger(200, rnd)), 0, pts, i * G1.SIZE, G1.SIZE);
        long[] s = F.newVector(n);
        for (int i = 0; i < n; i++) F.random(rnd, s, 4 * i);
        JavaBackend be = new JavaBackend();
        try (ProvingBackend.MsmBases bases = be.loadBases(pts, n)) {
            assertEquals(n, bases.count());
            long[] sub = new long[4 * 30];
            System.arraycopy(s, 0, sub, 0, sub.length);
            assertArrayEquals(Msm.naive(pts, 5, sub, 30), be.msm(bases, 5, sub, 30));
            assertThrows(IllegalArgumentException.class, () -> be.msm(bases, 20, sub, 30));
        }
    }

    @Test
    void badInput() {
        assertThrows(IllegalArgumentException.class, () -> new JavaBackendConfig(0));
        JavaBackend be = new JavaBackend();
        assertThrows(IllegalArgumentException.class, () -> be.loadBases(new long[15], 2));
        assertThrows(IllegalArgumentException.class, () -> be.ntt(new long[4 * 8], 3, 2));
        assertThrows(IllegalArgumentException.class, () -> be.cosetNtt(new long[4 * 8], 3, 1, new long[4]));
        ProvingBackend.MsmBases closed = be.loadBases(new long[16], 2);
        closed.close();
        assertThrows(IllegalStateException.class, () -> be.msm(closed, 0, new long[8], 2));
    }
}
