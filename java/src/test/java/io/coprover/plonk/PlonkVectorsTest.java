package io.coprover.plonk;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.math.Field;
import io.coprover.math.G1;
import io.coprover.plonk.io.SnarkjsJson;
import io.coprover.testutil.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Our verifier on snarkjs's own proofs: every NAME_verification_key.json + NAME_proof.json +
 * NAME_public.json in the vectors' plonk/ folder is accepted, and rejected after any single
 * change (each proof point, each evaluation, each public input).
 */
class PlonkVectorsTest {
    private static final Field FR = Field.FR;

    static List<String> names() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Vectors.file("plonk"))) {
            s.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith("_verification_key.json"))
                    .sorted()
                    .forEach(f -> out.add(f.substring(0, f.length() - "_verification_key.json".length())));
        }
        assertFalse(out.isEmpty(), "no *_verification_key.json in the plonk vectors");
        return out;
    }

    @Test
    void acceptsSnarkjsProofsAndRejectsTamperedOnes() throws IOException {
        Path dir = Vectors.file("plonk");
        for (String name : names()) {
            VerificationKey vk =
                    SnarkjsJson.parseVk(SnarkjsJson.readTree(dir.resolve(name + "_verification_key.json")));
            Proof proof = SnarkjsJson.parseProof(SnarkjsJson.readTree(dir.resolve(name + "_proof.json")));
            long[] pub = SnarkjsJson.parsePublic(SnarkjsJson.readTree(dir.resolve(name + "_public.json")));
            assertTrue(Verifier.verify(vk, pub, proof), name + ": snarkjs proof must verify");
            assertAllTamperingRejected(vk, pub, proof, name);
        }
    }

    /** Each point replaced by point + G, each evaluation and public input + 1: all rejected. */
    static void assertAllTamperingRejected(VerificationKey vk, long[] pub, Proof proof, String name) {
        for (int i = 0; i < 9; i++) {
            Proof bad = proof.copy();
            bad.points[i] = G1.add(bad.points[i], 0, G1.generator(), 0);
            assertFalse(Verifier.verify(vk, pub, bad), name + ": changed " + Proof.POINTS[i] + " must be rejected");
        }
        for (int i = 0; i < 6; i++) {
            Proof bad = proof.copy();
            FR.add(bad.evals[i], 0, FR.one(), 0, bad.evals[i], 0);
            assertFalse(Verifier.verify(vk, pub, bad), name + ": changed " + Proof.EVALS[i] + " must be rejected");
        }
        for (int j = 0; j < pub.length / 4; j++) {
            long[] badPub = pub.clone();
            FR.add(badPub, 4 * j, FR.one(), 0, badPub, 4 * j);
            assertFalse(Verifier.verify(vk, badPub, proof), name + ": changed public input " + j + " must be rejected");
        }
        // malformed inputs are refused with a reason
        assertThrows(
                IllegalArgumentException.class,
                () -> Verifier.verify(vk, java.util.Arrays.copyOf(pub, pub.length + 4), proof));
        Proof off = proof.copy();
        Field.FQ.add(off.points[0], 4, Field.FQ.one(), 0, off.points[0], 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Verifier.verify(vk, pub, off));
        assertTrue(e.getMessage().contains("not on the curve"), e.getMessage());
    }
}
