package io.coprover.protocol.vrf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coprover.testutil.Vectors;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * RFC 9381 Appendix B vectors (ecvrf_rfc9381.json): every intermediate the file gives (x, PK,
 * try-and-increment counter or the Elligator 2 values, H, k, U, V, pi, beta) for each suite we implement, plus verify and
 * proof_to_hash on the published proof and rejection of the proof for a different alpha.
 */
class EcvrfVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc9381AppendixB() {
        JsonNode doc = Vectors.json("ecvrf_rfc9381.json");
        int checked = 0;
        for (JsonNode suite : doc.get("suites")) {
            String name = suite.get("suite").asText();
            Vrf vrf = Ecvrf.byName(name); // every suite of the file is implemented
            assertEquals(Integer.parseInt(suite.get("suite_string").asText(), 16), vrf.suiteId(), name);
            for (JsonNode v : suite.get("vectors")) {
                String tag = name + " example " + v.get("example").asText();
                byte[] sk = hex(v, "SK");
                byte[] alpha = hex(v, "alpha");
                VrfTrace t = vrf.trace(sk, alpha);
                assertEquals(v.get("PK").asText(), HEX.formatHex(vrf.publicKey(sk)), tag + " PK");
                assertEquals(v.get("PK").asText(), HEX.formatHex(t.pk()), tag + " PK (trace)");
                if (v.has("x")) assertEquals(v.get("x").asText(), HEX.formatHex(t.x()), tag + " x");
                if (v.has("try_and_increment_ctr")) {
                    assertEquals(v.get("try_and_increment_ctr").asInt(), t.ctr(), tag + " ctr");
                }
                if (v.has("elligator2_uniform_bytes")) {
                    Elligator2.Trace e = Elligator2.encode(t.pk(), alpha);
                    assertEquals(
                            v.get("elligator2_uniform_bytes").asText(),
                            HEX.formatHex(e.uniformBytes()),
                            tag + " uniform_bytes");
                    assertEquals(
                            v.get("elligator2_u").asText(),
                            HEX.formatHex(Ed25519Point.littleEndian(e.u(), 32)),
                            tag + " u");
                    assertEquals(
                            v.get("elligator2_gx1").asText(),
                            HEX.formatHex(Ed25519Point.littleEndian(e.gx1(), 32)),
                            tag + " gx1");
                    assertEquals(
                            v.get("elligator2_gx1_is_square").asBoolean(), e.gx1IsSquare(), tag + " gx1 is square");
                }
                assertEquals(v.get("H").asText(), HEX.formatHex(t.h()), tag + " H");
                assertEquals(v.get("k").asText(), HEX.formatHex(t.k()), tag + " k");
                assertEquals(v.get("U").asText(), HEX.formatHex(t.u()), tag + " U");
                assertEquals(v.get("V").asText(), HEX.formatHex(t.v()), tag + " V");
                assertEquals(v.get("pi").asText(), HEX.formatHex(t.pi()), tag + " pi");
                assertEquals(v.get("beta").asText(), HEX.formatHex(t.beta()), tag + " beta");
                assertArrayEquals(t.pi(), vrf.prove(sk, alpha), tag + " prove");
                assertArrayEquals(t.beta(), vrf.hash(sk, alpha), tag + " hash");
                byte[] pi = hex(v, "pi");
                assertEquals(v.get("beta").asText(), HEX.formatHex(vrf.proofToHash(pi)), tag + " proof_to_hash");
                VrfResult r = vrf.verify(hex(v, "PK"), alpha, pi);
                assertTrue(r.valid(), tag + " verify: " + r.reason());
                assertEquals(v.get("beta").asText(), HEX.formatHex(r.beta()), tag + " verify beta");
                byte[] other = (new String(alpha) + "x").getBytes();
                assertFalse(vrf.verify(hex(v, "PK"), other, pi).valid(), tag + " verify wrong alpha");
                checked++;
            }
        }
        assertTrue(checked >= 9, "expected the P-256, edwards25519 TAI and ELL2 vectors, checked " + checked);
    }

    private static byte[] hex(JsonNode v, String key) {
        return HEX.parseHex(v.get(key).asText());
    }
}
