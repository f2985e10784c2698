package io.coprover.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coprover.testutil.Vectors;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * EIP-197 pairing checks against @noble/curves (bn254_pairing.json) and go-ethereum's precompile
 * vectors (geth/bn256Pairing.json).
 */
class PairingVectorsTest {

    private static byte[] hex(String s) {
        String h = s.startsWith("0x") ? s.substring(2) : s;
        return HexFormat.of().parseHex(h);
    }

    /** The same check through {@link Pairing#prepare}d G2 points. */
    private static boolean checkPrepared(byte[] in) {
        Eip197.Pairs p = Eip197.decode(in);
        Pairing.G2Prepared[] pre = new Pairing.G2Prepared[p.size()];
        for (int i = 0; i < pre.length; i++) pre[i] = Pairing.prepare(p.g2()[i]);
        return Pairing.pairingCheck(p.g1(), pre);
    }

    @Test
    void nobleVectors() {
        JsonNode doc = Vectors.json("bn254_pairing.json");
        // the file's generator is ours
        assertEquals(
                doc.get("g2_generator").get("eip197_encoding").asText(),
                "0x" + HexFormat.of().formatHex(G2.encode(G2.GENERATOR, 0)));
        int n = 0, errors = 0;
        for (JsonNode c : doc.get("cases")) {
            String name = c.get("name").asText();
            byte[] in = hex(c.get("input").asText());
            JsonNode exp = c.get("expected");
            if (exp.isTextual() && exp.asText().equals("error")) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Eip197.check(in), name);
                assertTrue(e.getMessage().startsWith("EIP-197"), name + ": " + e.getMessage());
                errors++;
            } else {
                assertEquals(exp.asInt() == 1, Eip197.check(in), name);
                assertEquals(exp.asInt() == 1, checkPrepared(in), name + " (prepared G2)");
            }
            n++;
        }
        assertEquals(doc.get("count").asInt(), n);
        assertTrue(errors > 0);
    }

    @Test
    void gethVectors() {
        JsonNode doc = Vectors.json("geth/bn256Pairing.json");
        int n = 0;
        for (JsonNode c : doc) {
            String name = c.get("Name").asText();
            byte[] in = hex(c.get("Input").asText());
            byte[] expected = hex(c.get("Expected").asText());
            assertEquals(32, expected.length, name);
            byte[] word = new byte[32];
            word[31] = (byte) (Eip197.check(in) ? 1 : 0);
            assertArrayEquals(expected, word, name);
            assertEquals(Eip197.check(in), checkPrepared(in), name + " (prepared G2)");
            n++;
        }
        assertTrue(n > 0);
    }

    @Test
    void decodeRoundTripAndErrors() {
        JsonNode doc = Vectors.json("bn254_pairing.json");
        for (JsonNode c : doc.get("cases")) {
            byte[] in = hex(c.get("input").asText());
            if (c.get("expected").isTextual()) continue;
            Eip197.Pairs p = Eip197.decode(in);
            for (int i = 0; i < p.size(); i++) {
                byte[] enc = G2.encode(p.g2()[i], 0);
                byte[] orig = java.util.Arrays.copyOfRange(in, i * 192 + 64, i * 192 + 192);
                assertArrayEquals(orig, enc);
            }
        }
        // a G2 coordinate equal to q is rejected as non-canonical
        byte[] in = new byte[192];
        byte[] q = Field.FQ.modulus.toByteArray(); // 32 bytes: top bit of q is clear
        System.arraycopy(q, q.length - 32, in, 64 + 96, 32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Eip197.decode(in));
        assertTrue(e.getMessage().contains("y_real"), e.getMessage());
        assertTrue(Eip197.check(new byte[0]), "empty input is the empty product, 1");
    }
}
