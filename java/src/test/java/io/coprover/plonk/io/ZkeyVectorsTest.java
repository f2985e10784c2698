package io.coprover.plonk.io;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.math.Field;
import io.coprover.plonk.Circuit;
import io.coprover.plonk.VerificationKey;
import io.coprover.testutil.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The snarkjs zkey/wtns readers on every NAME.zkey + NAME.wtns in the vectors' plonk/ folder:
 * header commitments equal NAME_verification_key.json, the extended witness satisfies every gate,
 * and its public signals equal NAME_public.json.
 */
public class ZkeyVectorsTest {
    private static final Field FR = Field.FR;

    public static List<String> names() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Vectors.file("plonk"))) {
            s.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".zkey"))
                    .sorted()
                    .forEach(f -> out.add(f.substring(0, f.length() - 5)));
        }
        assertFalse(out.isEmpty(), "no .zkey files in the plonk vectors");
        return out;
    }

    @Test
    void zkeyAndWitnessAgreeWithSnarkjsOutputs() throws IOException {
        for (String name : names()) {
            Path dir = Vectors.file("plonk");
            ZkeyFile z = ZkeyFile.read(dir.resolve(name + ".zkey"));
            VerificationKey vk =
                    SnarkjsJson.parseVk(SnarkjsJson.readTree(dir.resolve(name + "_verification_key.json")));
            assertEquals(vk.power, z.power, name);
            assertEquals(vk.nPublic, z.nPublic, name);
            assertArrayEquals(vk.k1, z.k1, name);
            assertArrayEquals(vk.k2, z.k2, name);
            for (int i = 0; i < 8; i++)
                assertArrayEquals(vk.commitments[i], z.commitments[i], name + " " + VerificationKey.NAMES[i]);
            assertArrayEquals(vk.x2, z.x2, name + " X_2");
            long[] w = z.extendWitness(WtnsFile.read(dir.resolve(name + ".wtns")));
            Circuit c = z.circuit();
            assertEquals(-1, c.firstUnsatisfiedRow(w), name + ": witness must satisfy every gate");
            long[] pub = SnarkjsJson.parsePublic(SnarkjsJson.readTree(dir.resolve(name + "_public.json")));
            assertArrayEquals(pub, c.publicInputs(w), name + " public inputs");
            // a changed witness value breaks some gate
            long[] bad = w.clone();
            int wire = z.aMap[z.nConstraints - 1];
            FR.add(bad, 4 * wire, FR.one(), 0, bad, 4 * wire);
            assertNotEquals(-1, c.firstUnsatisfiedRow(bad), name);
        }
    }

    @Test
    void clearErrors(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        String name = names().get(0);
        Path dir = Vectors.file("plonk");
        byte[] zkey = Files.readAllBytes(dir.resolve(name + ".zkey"));
        // truncated
        Path t = tmp.resolve("t.zkey");
        Files.write(t, java.util.Arrays.copyOf(zkey, zkey.length / 2));
        IOException e = assertThrows(IOException.class, () -> ZkeyFile.read(t));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        // Groth16 protocol id
        Path g = tmp.resolve("g.zkey");
        byte[] gz = zkey.clone();
        int p1 = sectionOffset(gz, 1);
        gz[p1] = 1;
        Files.write(g, gz);
        e = assertThrows(IOException.class, () -> ZkeyFile.read(g));
        assertTrue(e.getMessage().contains("Groth16"), e.getMessage());
        gz[p1] = 10;
        Files.write(g, gz);
        e = assertThrows(IOException.class, () -> ZkeyFile.read(g));
        assertTrue(e.getMessage().contains("FFLONK"), e.getMessage());
        // a wtns passed as a zkey
        e = assertThrows(IOException.class, () -> ZkeyFile.read(dir.resolve(name + ".wtns")));
        assertTrue(e.getMessage().contains("not a .zkey"), e.getMessage());
        // wrong witness length
        ZkeyFile z = ZkeyFile.read(dir.resolve(name + ".zkey"));
        long[] wt = WtnsFile.read(dir.resolve(name + ".wtns"));
        IllegalArgumentException ie = assertThrows(
                IllegalArgumentException.class, () -> z.extendWitness(java.util.Arrays.copyOf(wt, wt.length - 4)));
        assertTrue(ie.getMessage().contains("witness length"), ie.getMessage());
        // wrong curve in a wtns: change the prime
        byte[] w = Files.readAllBytes(dir.resolve(name + ".wtns"));
        int h = sectionOffset(w, 1);
        w[h + 4] ^= 1;
        Path wp = tmp.resolve("c.wtns");
        Files.write(wp, w);
        e = assertThrows(IOException.class, () -> WtnsFile.read(wp));
        assertTrue(e.getMessage().contains("not the BN254"), e.getMessage());
    }

    /** Payload offset of section {@code id} in an iden3 binary file. */
    public static int sectionOffset(byte[] f, int id) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(f).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int n = b.getInt(8);
        int pos = 12;
        for (int i = 0; i < n; i++) {
            int sid = b.getInt(pos);
            long len = b.getLong(pos + 4);
            if (sid == id) return pos + 12;
            pos += 12 + (int) len;
        }
        throw new IllegalArgumentException("no section " + id);
    }
}
