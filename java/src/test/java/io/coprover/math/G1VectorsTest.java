package io.coprover.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coprover.testutil.Vectors;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * G1 against @noble/curves (bn254_g1_ops.json) and go-ethereum's EIP-196 precompile vectors
 * (geth/bn256Add.json, geth/bn256ScalarMul.json).
 */
class G1VectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void nobleOps() {
        JsonNode doc = Vectors.json("bn254_g1_ops.json");
        long[] g = G1Json.point(doc.get("generator"));
        assertTrue(G1.equal(g, 0, G1.generator(), 0), "generator");
        int n = 0;
        for (JsonNode c : doc.get("cases")) {
            String op = c.get("op").asText();
            String label = "case " + n + " " + op
                    + (c.has("note") ? " (" + c.get("note").asText() + ")" : "");
            long[] p = G1Json.point(c.get("p"));
            long[] expected = G1Json.point(c.get("result"));
            long[] got;
            switch (op) {
                case "add": {
                    long[] q = G1Json.point(c.get("q"));
                    got = G1.add(p, 0, q, 0);
                    // the XYZZ and Jacobian full additions must agree too
                    long[] t = new long[G1Xyzz.SCRATCH];
                    long[] a = new long[16], b = new long[16];
                    G1Xyzz.fromAffine(p, 0, a, 0);
                    G1Xyzz.fromAffine(q, 0, b, 0);
                    G1Xyzz.add(a, 0, b, 0, a, 0, t);
                    long[] viaXyzz = new long[8];
                    G1Xyzz.toAffine(a, 0, viaXyzz, 0);
                    assertEquals(G1Json.show(expected), G1Json.show(viaXyzz), label + " xyzz");
                    long[] ja = new long[12], jb = new long[12];
                    G1Jacobian.fromAffine(p, 0, ja, 0);
                    G1Jacobian.fromAffine(q, 0, jb, 0);
                    G1Jacobian.add(ja, 0, jb, 0, ja, 0, t);
                    assertEquals(G1Json.show(expected), G1Json.show(G1Jacobian.toAffine(ja, 0)), label + " jacobian");
                    G1Xyzz.fromAffine(p, 0, a, 0);
                    G1Xyzz.addMixed(a, 0, q, 0, false, a, 0, t);
                    G1Xyzz.toAffine(a, 0, viaXyzz, 0);
                    assertEquals(G1Json.show(expected), G1Json.show(viaXyzz), label + " xyzz mixed");
                    break;
                }
                case "double":
                    got = G1.dbl(p, 0);
                    break;
                case "mul":
                    got = G1.mul(p, 0, new BigInteger(c.get("scalar").asText().substring(2), 16));
                    long[] viaFr = G1.mulFr(p, 0, Field.FR.parse(c.get("scalar").asText()), 0);
                    assertEquals(G1Json.show(expected), G1Json.show(viaFr), label + " mulFr");
                    break;
                default:
                    throw new AssertionError("unknown op " + op);
            }
            assertEquals(G1Json.show(expected), G1Json.show(got), label);
            assertTrue(G1.isOnCurve(got, 0), label + " on curve");
            n++;
        }
        assertEquals(doc.get("count").asInt(), n);
    }

    @Test
    void gethAdd() {
        int n = 0;
        for (JsonNode c : Vectors.json("geth/bn256Add.json")) {
            byte[] out = G1.precompileAdd(HEX.parseHex(c.get("Input").asText()));
            assertEquals(
                    c.get("Expected").asText(),
                    HEX.formatHex(out),
                    c.get("Name").asText());
            n++;
        }
        assertTrue(n > 0);
    }

    @Test
    void gethScalarMul() {
        int n = 0;
        for (JsonNode c : Vectors.json("geth/bn256ScalarMul.json")) {
            byte[] out = G1.precompileMul(HEX.parseHex(c.get("Input").asText()));
            assertEquals(
                    c.get("Expected").asText(),
                    HEX.formatHex(out),
                    c.get("Name").asText());
            n++;
        }
        assertTrue(n > 0);
    }

    @Test
    void encodingRoundTripOnVectorPoints() {
        for (JsonNode c : Vectors.json("bn254_g1_ops.json").get("cases")) {
            long[] p = G1Json.point(c.get("p"));
            byte[] enc = G1.encode(p, 0);
            assertArrayEquals(p, G1.decode(enc));
        }
    }

    @Test
    void precompileRejectsInvalidPoints() {
        byte[] in = new byte[128];
        in[31] = 1;
        in[63] = 3; // (1, 3) is not on the curve
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> G1.precompileAdd(in));
        assertTrue(e.getMessage().contains("not on the curve"), e.getMessage());
        byte[] big = new byte[96];
        byte[] q = Field.FQ.modulus.toByteArray(); // x = q: out of the field
        System.arraycopy(q, q.length - 32, big, 0, 32);
        big[63] = 2;
        e = assertThrows(IllegalArgumentException.class, () -> G1.precompileMul(big));
        assertTrue(e.getMessage().contains("x coordinate"), e.getMessage());
    }
}
