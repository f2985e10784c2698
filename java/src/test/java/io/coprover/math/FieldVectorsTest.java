package io.coprover.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coprover.testutil.Vectors;
import org.junit.jupiter.api.Test;

/** Fr and Fq against @noble/curves values (bn254_fr.json, bn254_fq.json). */
class FieldVectorsTest {

    @Test
    void fr() {
        check(Field.FR, Vectors.json("bn254_fr.json"));
    }

    @Test
    void fq() {
        check(Field.FQ, Vectors.json("bn254_fq.json"));
    }

    private static void check(Field f, JsonNode doc) {
        assertEquals(f.modulus.toString(), doc.get("modulus_decimal").asText(), "modulus");
        int n = 0;
        for (JsonNode c : doc.get("cases")) {
            long[] a = f.parse(c.get("a").asText());
            long[] b = f.parse(c.get("b").asText());
            long[] r = new long[4];
            f.add(a, 0, b, 0, r, 0);
            assertEquals(c.get("add").asText(), f.toHex(r, 0), "add case " + n);
            f.sub(a, 0, b, 0, r, 0);
            assertEquals(c.get("sub").asText(), f.toHex(r, 0), "sub case " + n);
            f.mul(a, 0, b, 0, r, 0);
            assertEquals(c.get("mul").asText(), f.toHex(r, 0), "mul case " + n);
            if (c.get("inv_a").isNull()) {
                assertTrue(Field.isZero(a, 0));
                assertThrows(ArithmeticException.class, () -> f.inverse(a, 0, new long[4], 0));
            } else {
                f.inverse(a, 0, r, 0);
                assertEquals(c.get("inv_a").asText(), f.toHex(r, 0), "inv case " + n);
            }
            // encoding round trip
            byte[] enc = f.toBytesBE(a, 0);
            assertTrue(Field.equal(a, 0, f.fromBytesBE(enc), 0));
            n++;
        }
        assertEquals(doc.get("count").asInt(), n);
    }
}
