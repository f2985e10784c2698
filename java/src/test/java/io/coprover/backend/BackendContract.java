package io.coprover.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coprover.math.Field;
import io.coprover.math.G1;
import io.coprover.testutil.Vectors;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance checks every non-Java backend passes: the NTT and MSM vector files (independent
 * implementations) and random cross-checks against the pure-Java backend (seed logged). A subclass
 * supplies the backend (and skips itself, through an assumption, where it cannot run).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BackendContract {
    static final Field F = Field.FR;
    static final long SEED = Long.getLong("coprover.seed", System.nanoTime());

    ProvingBackend be;
    final JavaBackend java = new JavaBackend();

    /** The backend under test; called once (may abort the class through an assumption). */
    abstract ProvingBackend create();

    /** Largest log size of the random cross-checks. */
    int maxCrossLog() {
        return 14;
    }

    /** Largest MSM size of the random cross-checks. */
    int maxCrossMsm() {
        return 5000;
    }

    @BeforeAll
    void open() {
        be = create();
        System.out.println(getClass().getSimpleName() + ": " + be + ", seed = " + SEED + " (rerun with -Dcoprover.seed="
                + SEED + ")");
    }

    @AfterAll
    void shut() {
        if (be != null) be.close();
    }

    static long[] fr(JsonNode arr) {
        long[] r = new long[4 * arr.size()];
        for (int i = 0; i < arr.size(); i++) Field.copy(F.parse(arr.get(i).asText()), 0, r, 4 * i);
        return r;
    }

    static long[] points(JsonNode arr) {
        long[] r = new long[8 * arr.size()];
        for (int i = 0; i < arr.size(); i++) {
            JsonNode p = arr.get(i);
            if (p.isNull()) continue; // infinity: all zero
            System.arraycopy(G1.fromHex(p.get(0).asText(), p.get(1).asText()), 0, r, 8 * i, 8);
        }
        return r;
    }

    @Test
    void nttVectors() {
        JsonNode doc = Vectors.json("bn254_ntt.json");
        int cases = 0;
        for (JsonNode c : doc.get("cases")) {
            int logN = c.get("log_n").asInt();
            long[] coeffs = fr(c.get("coeffs")), evals = fr(c.get("evals"));
            long[] d = coeffs.clone();
            be.ntt(d, logN, 1);
            assertArrayEquals(evals, d, "forward log_n=" + logN);
            be.intt(d, logN, 1);
            assertArrayEquals(coeffs, d, "inverse(evals) log_n=" + logN);
            // the same polynomial three times in one batch
            long[] batch = new long[3 * coeffs.length];
            for (int b = 0; b < 3; b++) System.arraycopy(coeffs, 0, batch, b * coeffs.length, coeffs.length);
            be.ntt(batch, logN, 3);
            for (int b = 0; b < 3; b++) {
                long[] one = new long[coeffs.length];
                System.arraycopy(batch, b * coeffs.length, one, 0, coeffs.length);
                assertArrayEquals(evals, one, "batched forward log_n=" + logN + " poly " + b);
            }
            cases++;
        }
        assertEquals(doc.get("count").asInt(), cases);
    }

    @Test
    void msmVectors() {
        JsonNode doc = Vectors.json("bn254_g1_msm.json");
        int cases = 0;
        for (JsonNode c : doc.get("cases")) {
            String name = c.get("name").asText();
            int n = c.get("n").asInt();
            long[] pts = points(c.get("points")), sc = fr(c.get("scalars"));
            long[] want = c.get("result").isNull()
                    ? G1.infinity()
                    : G1.fromHex(
                            c.get("result").get(0).asText(),
                            c.get("result").get(1).asText());
            try (ProvingBackend.MsmBases b = be.loadBases(pts, n)) {
                assertArrayEquals(want, be.msm(b, 0, sc, n), name);
            }
            // the same points placed after two others (start > 0)
            long[] shifted = new long[pts.length + 16];
            System.arraycopy(G1.generator(), 0, shifted, 0, 8);
            System.arraycopy(G1.dbl(G1.generator(), 0), 0, shifted, 8, 8);
            System.arraycopy(pts, 0, shifted, 16, pts.length);
            try (ProvingBackend.MsmBases b = be.loadBases(shifted, n + 2)) {
                assertArrayEquals(want, be.msm(b, 2, sc, n), name + " (start 2)");
            }
            cases++;
        }
        assertEquals(doc.get("count").asInt(), cases);
    }

    @Test
    void nttCrossCheckAgainstJava() {
        Random rnd = new Random(SEED);
        long[] g = F.fromLong(7);
        for (int logN : new int[] {0, 1, 5, 10, 11, maxCrossLog() - 1, maxCrossLog()}) {
            int batch = logN <= 11 ? 3 : 1;
            long[] x = F.newVector(batch << logN);
            for (int i = 0; i < batch << logN; i++) F.random(rnd, x, 4 * i);
            long[] a = x.clone(), b = x.clone();
            be.cosetNtt(a, logN, batch, g);
            java.cosetNtt(b, logN, batch, g);
            assertArrayEquals(b, a, "coset forward 2^" + logN);
            be.cosetIntt(a, logN, batch, g);
            assertArrayEquals(x, a, "coset inverse 2^" + logN);
            be.ntt(a, logN, batch);
            java.ntt(b = x.clone(), logN, batch);
            assertArrayEquals(b, a, "forward 2^" + logN);
            be.intt(a, logN, batch);
            assertArrayEquals(x, a, "inverse 2^" + logN);
        }
    }

    @Test
    void msmCrossCheckAgainstJava() {
        Random rnd = new Random(SEED + 1);
        int max = maxCrossMsm();
        long[] pts = randomPoints(rnd, max);
        try (ProvingBackend.MsmBases nb = be.loadBases(pts, max);
                ProvingBackend.MsmBases jb = java.loadBases(pts, max)) {
            for (int n : new int[] {1, 7, 100, 1000, max}) {
                int start = rnd.nextInt(max - n + 1);
                long[] sc = F.newVector(n);
                for (int i = 0; i < n; i++) F.random(rnd, sc, 4 * i);
                // a few structured scalars: 0, 1, r - 1, repeated values
                sc[0] = 0;
                sc[1 % (4 * n)] = 0;
                sc[2 % (4 * n)] = 0;
                sc[3 % (4 * n)] = 0;
                if (n > 3) {
                    Field.copy(F.one(), 0, sc, 4);
                    Field.copy(F.fromLong(-1), 0, sc, 8);
                    Field.copy(sc, 8, sc, 12);
                }
                assertArrayEquals(
                        java.msm(jb, start, sc, n), be.msm(nb, start, sc, n), "MSM n=" + n + " start=" + start);
            }
        }
    }

    @Test
    void msmExceptionalAdditionsAgainstNaive() {
        // repeated and opposite points, infinity, and scalars that put them into one bucket (P + P,
        // P + (−P), cancelled sums), and one scalar for every point; the reference adds one point
        // at a time
        Random rnd = new Random(SEED + 2);
        int n = 300;
        long[] pts = randomPoints(rnd, n);
        System.arraycopy(pts, 0, pts, 20 * G1.SIZE, 20 * G1.SIZE);
        for (int i = 40; i < 60; i++) G1.neg(pts, (i - 40) * G1.SIZE, pts, i * G1.SIZE);
        for (int i = 60; i < 65; i++) G1.setInfinity(pts, i * G1.SIZE);
        long[] same = F.newVector(n), mixed = F.newVector(n);
        F.random(rnd, same, 0);
        for (int i = 0; i < n; i++) {
            Field.copy(same, 0, same, 4 * i);
            if (i < 70) Field.copy(same, 0, mixed, 4 * i);
            else F.random(rnd, mixed, 4 * i);
        }
        try (ProvingBackend.MsmBases b = be.loadBases(pts, n)) {
            for (long[] sc : new long[][] {same, mixed}) {
                assertArrayEquals(io.coprover.math.Msm.naive(pts, 0, sc, n), be.msm(b, 0, sc, n));
            }
        }
    }

    /** Random multiples of the generator, computed cheaply: P_{i+1} = P_i + Q with Q random. */
    static long[] randomPoints(Random rnd, int n) {
        long[] k = new long[4];
        F.random(rnd, k, 0);
        long[] q = G1.mulFr(G1.generator(), 0, k, 0);
        long[] pts = new long[8 * n];
        long[] p = G1.generator();
        for (int i = 0; i < n; i++) {
            System.arraycopy(p, 0, pts, 8 * i, 8);
            p = G1.add(p, 0, q, 0);
        }
        return pts;
    }

    @Test
    void badInputIsRejected() {
        long[] shift = F.fromLong(5);
        assertThrows(IllegalArgumentException.class, () -> be.ntt(new long[4 * 3], 2, 1), "array too short");
        assertThrows(IllegalArgumentException.class, () -> be.ntt(new long[4], 29, 1), "log n too large");
        assertThrows(IllegalArgumentException.class, () -> be.cosetNtt(new long[8], 1, 1, new long[4]), "zero shift");
        assertThrows(IllegalArgumentException.class, () -> be.cosetNtt(new long[8], 1, 1, null), "null shift");
        long[] bad = new long[8];
        bad[3] = -1L; // limbs >= r
        assertThrows(IllegalArgumentException.class, () -> be.ntt(bad, 1, 1), "non-canonical element");
        long[] offCurve = G1.generator();
        offCurve[4] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> be.loadBases(offCurve, 1), "point off the curve");
        try (ProvingBackend.MsmBases b = be.loadBases(G1.generator(), 1)) {
            assertThrows(
                    IllegalArgumentException.class, () -> be.msm(b, 0, new long[] {0, 0, 0, -1L}, 1), "scalar >= r");
            assertThrows(IllegalArgumentException.class, () -> be.msm(b, 1, shift, 1), "range past the bases");
            assertThrows(IllegalArgumentException.class, () -> be.msm(b, 0, new long[3], 1), "short scalars");
            assertArrayEquals(G1.generator(), be.msm(b, 0, F.one(), 1), "1 * G");
        }
        ProvingBackend.MsmBases closed = be.loadBases(G1.generator(), 1);
        closed.close();
        assertThrows(IllegalStateException.class, () -> be.msm(closed, 0, F.one(), 1), "closed handle");
        assertTrue(be.name().length() > 0);
    }
}
