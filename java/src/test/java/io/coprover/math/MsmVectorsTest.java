package io.coprover.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.coprover.testutil.Vectors;
import org.junit.jupiter.api.Test;

/** MSM against @noble/curves (bn254_g1_msm.json), including inputs with points at infinity. */
class MsmVectorsTest {

    @Test
    void vectors() {
        JsonNode doc = Vectors.json("bn254_g1_msm.json");
        int n = 0;
        for (JsonNode c : doc.get("cases")) {
            String name = c.get("name").asText();
            int count = c.get("n").asInt();
            long[] bases = G1Json.points(c.get("points"));
            long[] scalars = G1Json.scalars(c.get("scalars"));
            assertEquals(count * G1.SIZE, bases.length, name + ": n");
            String expected = G1Json.show(G1Json.point(c.get("result")));
            for (int threads : new int[] {1, 2, 3}) {
                assertEquals(
                        expected,
                        G1Json.show(Msm.msm(bases, 0, scalars, count, threads)),
                        name + " threads=" + threads);
            }
            // the same input placed after other points (baseStart > 0)
            long[] shifted = new long[bases.length + 3 * G1.SIZE];
            System.arraycopy(bases, 0, shifted, 3 * G1.SIZE, bases.length);
            assertEquals(expected, G1Json.show(Msm.msm(shifted, 3, scalars, count)), name + " shifted");
            if (count <= 300) assertEquals(expected, G1Json.show(Msm.naive(bases, 0, scalars, count)), name + " naive");
            n++;
        }
        assertEquals(doc.get("count").asInt(), n);
    }
}
