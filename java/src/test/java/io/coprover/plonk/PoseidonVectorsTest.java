package io.coprover.plonk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coprover.math.Field;
import io.coprover.testutil.Vectors;
import org.junit.jupiter.api.Test;

/** Native Poseidon against circomlibjs's outputs (poseidon_bn254.json). */
class PoseidonVectorsTest {
    private static final Field F = Field.FR;

    @Test
    void matchesCircomlib() {
        JsonNode v = Vectors.json("poseidon_bn254.json");
        int n = 0;
        for (JsonNode c : v.get("cases")) {
            int k = c.get("n_inputs").asInt();
            long[] in = F.newVector(k);
            for (int i = 0; i < k; i++)
                Field.copy(F.parse(c.get("inputs").get(i).asText()), 0, in, 4 * i);
            long[] out = Poseidon.hash(in, 0, k);
            assertEquals(c.get("output").asText(), F.toHex(out, 0), "case " + n + " (" + k + " inputs)");
            n++;
        }
        assertEquals(v.get("count").asInt(), n);
        assertTrue(n > 0);
    }

    @Test
    void rejectsUnsupportedWidth() {
        assertThrows(IllegalArgumentException.class, () -> Poseidon.hash(F.newVector(7), 0, 7));
        assertThrows(IllegalArgumentException.class, () -> Poseidon.hash(F.newVector(0), 0, 0));
    }
}
