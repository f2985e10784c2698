package io.coprover.plonk.io;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coprover.math.Field;
import io.coprover.plonk.Proof;
import io.coprover.plonk.VerificationKey;
import io.coprover.testutil.Vectors;
import java.io.IOException;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** snarkjs JSON round trips and the rejection of malformed input, with reasons. */
class SnarkjsJsonTest {
    private static final BigInteger R = Field.FR.modulus, Q = Field.FQ.modulus;

    static String first() throws IOException {
        return ZkeyVectorsTest.names().get(0);
    }

    static JsonNode read(String suffix) throws IOException {
        return SnarkjsJson.readTree(Vectors.file("plonk").resolve(first() + suffix));
    }

    @Test
    void roundTrips() throws IOException {
        VerificationKey vk = SnarkjsJson.parseVk(read("_verification_key.json"));
        Proof p = SnarkjsJson.parseProof(read("_proof.json"));
        assertEquals(read("_proof.json"), SnarkjsJson.proofJson(p));
        ObjectNode vj = SnarkjsJson.vkJson(vk);
        JsonNode orig = read("_verification_key.json");
        for (String k :
                new String[] {"nPublic", "power", "k1", "k2", "Qm", "Ql", "Qr", "Qo", "Qc", "S1", "S2", "S3", "X_2", "w"
                }) {
            assertEquals(
                    orig.get(k).isNumber() ? orig.get(k).asText() : orig.get(k).toString(),
                    vj.get(k).isNumber() ? vj.get(k).asText() : vj.get(k).toString(),
                    k);
        }
    }

    /** The Jackson-free writers of one-shot proving write exactly what {@link SnarkjsJson#write} does. */
    @Test
    void proofAndPublicWritersMatchTheTreeWriter(@TempDir java.nio.file.Path tmp) throws IOException {
        Proof p = SnarkjsJson.parseProof(read("_proof.json"));
        java.util.Arrays.fill(p.points[Proof.T3], 0L); // a point at infinity too
        SnarkjsJson.write(tmp.resolve("tree.json"), SnarkjsJson.proofJson(p));
        SnarkjsJson.writeProof(tmp.resolve("text.json"), p);
        assertEquals(
                java.nio.file.Files.readString(tmp.resolve("tree.json")),
                java.nio.file.Files.readString(tmp.resolve("text.json")));
        for (int n : new int[] {0, 1, 3}) {
            long[] pub = Field.FR.newVector(n);
            for (int i = 0; i < n; i++) Field.FR.random(new java.util.Random(n * 10L + i), pub, 4 * i);
            SnarkjsJson.write(tmp.resolve("tree.json"), SnarkjsJson.publicJson(pub));
            SnarkjsJson.writePublic(tmp.resolve("text.json"), pub);
            assertEquals(
                    java.nio.file.Files.readString(tmp.resolve("tree.json")),
                    java.nio.file.Files.readString(tmp.resolve("text.json")),
                    n + " public inputs");
        }
    }

    @Test
    void jacobianZIsHonoured() throws IOException {
        ObjectNode pj = (ObjectNode) read("_proof.json");
        Proof p = SnarkjsJson.parseProof(pj);
        ArrayNode a = (ArrayNode) pj.get("A");
        BigInteger x = new BigInteger(a.get(0).asText()),
                y = new BigInteger(a.get(1).asText());
        ArrayNode j = new ObjectMapper().createArrayNode();
        j.add(x.multiply(BigInteger.valueOf(4)).mod(Q).toString());
        j.add(y.multiply(BigInteger.valueOf(8)).mod(Q).toString());
        j.add("2");
        pj.set("A", j);
        assertArrayEquals(p.points[Proof.A], SnarkjsJson.parseProof(pj).points[Proof.A]);
    }

    @Test
    void malformedInputIsRejectedWithAReason() throws IOException {
        expect("missing field \"eval_a\"", () -> {
            ObjectNode o = proof();
            o.remove("eval_a");
            SnarkjsJson.parseProof(o);
        });
        expect("not less than the field order r", () -> {
            ObjectNode o = proof();
            o.put("eval_b", R.toString());
            SnarkjsJson.parseProof(o);
        });
        expect("not a number", () -> {
            ObjectNode o = proof();
            o.put("eval_c", "12x");
            SnarkjsJson.parseProof(o);
        });
        expect("not a point on the BN254 G1 curve", () -> {
            ObjectNode o = proof();
            ((ArrayNode) o.get("Z")).set(1, new ObjectMapper().getNodeFactory().textNode("5"));
            SnarkjsJson.parseProof(o);
        });
        expect("coordinate is not less than q", () -> {
            ObjectNode o = proof();
            ((ArrayNode) o.get("T1")).set(0, new ObjectMapper().getNodeFactory().textNode(Q.toString()));
            SnarkjsJson.parseProof(o);
        });
        expect("public input 0: value is not less than the field order r", () -> {
            ArrayNode a = new ObjectMapper().createArrayNode();
            a.add(R.add(BigInteger.ONE).toString());
            SnarkjsJson.parsePublic(a);
        });
        expect("not \"plonk\"", () -> {
            ObjectNode o = (ObjectNode) read("_verification_key.json");
            o.put("protocol", "groth16");
            SnarkjsJson.parseVk(o);
        });
        expect("is not BN254", () -> {
            ObjectNode o = (ObjectNode) read("_verification_key.json");
            o.put("curve", "bls12381");
            SnarkjsJson.parseVk(o);
        });
        expect("missing field \"X_2\"", () -> {
            ObjectNode o = (ObjectNode) read("_verification_key.json");
            o.remove("X_2");
            SnarkjsJson.parseVk(o);
        });
    }

    private static ObjectNode proof() throws IOException {
        return (ObjectNode) read("_proof.json");
    }

    interface Body {
        void run() throws Exception;
    }

    private static void expect(String fragment, Body b) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::run);
        assertTrue(e.getMessage().contains(fragment), "expected \"" + fragment + "\" in: " + e.getMessage());
    }
}
