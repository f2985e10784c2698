package io.coprover.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coprover.testutil.Vectors;
import org.junit.jupiter.api.Test;

/** Roots of unity, forward and inverse NTT against bn254_ntt.json (plain-BigInt FFT, checked against ffjavascript). */
class NttVectorsTest {
    private static final Field F = Field.FR;

    @Test
    void vectors() {
        JsonNode doc = Vectors.json("bn254_ntt.json");
        int cases = 0;
        for (JsonNode c : doc.get("cases")) {
            int logN = c.get("log_n").asInt();
            int n = c.get("n").asInt();
            assertEquals(1 << logN, n, "n of case log_n=" + logN);
            assertEquals(c.get("omega").asText(), F.toHex(Ntt.omega(logN), 0), "omega, log_n=" + logN);
            assertEquals(c.get("omega_inv").asText(), F.toHex(Ntt.omegaInv(logN), 0), "omega_inv, log_n=" + logN);
            assertEquals(c.get("n_inv").asText(), F.toHex(Ntt.nInv(logN), 0), "n_inv, log_n=" + logN);
            long[] coeffs = read(c.get("coeffs"), n);
            long[] evals = read(c.get("evals"), n);
            for (int threads : new int[] {1, 2, 3}) {
                long[] d = coeffs.clone();
                Ntt.forward(d, 0, logN, threads);
                assertVec(c.get("evals"), d, "forward log_n=" + logN + " threads=" + threads);
                d = evals.clone();
                Ntt.inverse(d, 0, logN, threads);
                assertVec(c.get("coeffs"), d, "inverse log_n=" + logN + " threads=" + threads);
            }
            long[] ref = coeffs.clone();
            NttReference.radix2(ref, 0, logN);
            assertVec(c.get("evals"), ref, "reference radix2 log_n=" + logN);
            cases++;
        }
        assertTrue(cases > 0, "no NTT cases in the vector file");
    }

    @Test
    void rootOfTwoAdicity() {
        JsonNode doc = Vectors.json("bn254_ntt.json");
        if (doc.has("two_adicity"))
            assertEquals(Ntt.MAX_LOG_N, doc.get("two_adicity").asInt());
        if (doc.has("root_of_unity_2_28")) {
            assertEquals(doc.get("root_of_unity_2_28").asText(), F.toHex(Ntt.omega(Ntt.MAX_LOG_N), 0));
        }
    }

    private static long[] read(JsonNode arr, int n) {
        assertEquals(n, arr.size(), "vector length");
        long[] v = F.newVector(n);
        for (int i = 0; i < n; i++) Field.copy(F.parse(arr.get(i).asText()), 0, v, 4 * i);
        return v;
    }

    private static void assertVec(JsonNode expected, long[] got, String what) {
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).asText(), F.toHex(got, 4 * i), what + " index " + i);
        }
    }
}
