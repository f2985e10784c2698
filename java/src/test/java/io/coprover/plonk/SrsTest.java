package io.coprover.plonk;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.math.G1;
import io.coprover.math.G2;
import io.coprover.math.Pairing;
import io.coprover.plonk.io.PtauWriter;
import io.coprover.plonk.io.SrsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Development SRS generation, its file format, and the consistency of its powers. */
class SrsTest {
    /** e([τ^{i+1}]_1, [1]_2) = e([τ^i]_1, [τ]_2) for the first few i, and [τ^0]_1 = G1. */
    static boolean consistent(Srs srs) {
        if (!G1.equal(srs.g1, 0, G1.generator(), 0)) return false;
        for (int i = 0; i < Math.min(3, srs.count() - 1); i++) {
            long[] a = java.util.Arrays.copyOfRange(srs.g1, 8 * (i + 1), 8 * (i + 2));
            long[] b = java.util.Arrays.copyOfRange(srs.g1, 8 * i, 8 * (i + 1));
            long[] negB = new long[8];
            G1.neg(b, 0, negB, 0);
            if (!Pairing.pairingCheck(new long[][] {a, negB}, new long[][] {G2.GENERATOR, srs.x2})) return false;
        }
        return true;
    }

    @Test
    void generatedSrsIsConsistentAndRoundTrips(@TempDir Path tmp) throws IOException {
        long seed = System.nanoTime();
        Srs srs = Srs.generateInsecure(4, new Random(seed));
        assertEquals(Srs.pointsFor(4), srs.count());
        assertEquals(4, srs.maxPower());
        assertTrue(consistent(srs), "seed " + seed);
        // every power against a plain scalar multiplication, for a known tau
        Path f = tmp.resolve("dev.srs");
        SrsFile.write(f, srs, 4);
        Srs back = SrsFile.load(f, 4);
        assertArrayEquals(srs.g1, back.g1);
        assertArrayEquals(srs.x2, back.x2);
        assertTrue(back.insecure);
        Srs smaller = SrsFile.load(f, 3);
        assertEquals(Srs.pointsFor(3), smaller.count());
        IOException e = assertThrows(IOException.class, () -> SrsFile.load(f, 5));
        assertTrue(e.getMessage().contains("are needed"), e.getMessage());
        byte[] all = Files.readAllBytes(f);
        Path cut = tmp.resolve("cut.srs");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 200));
        e = assertThrows(IOException.class, () -> SrsFile.load(cut, 4));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    /** Our PLONK-only .ptau reads back through the .ptau loader; damaged files give clear errors. */
    @Test
    void ptauWriterRoundTripsAndBadPtauIsRejected(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("dev.ptau");
        PtauWriter.writeInsecure(3, f, new Random(11));
        Srs srs = SrsFile.load(f, 3);
        assertFalse(srs.insecure); // a .ptau carries no such mark; the file name and command say so
        assertTrue(consistent(srs));
        assertEquals(Srs.pointsFor(3), srs.count());
        IOException e = assertThrows(IOException.class, () -> SrsFile.load(f, 4));
        assertTrue(e.getMessage().contains("too small"), e.getMessage());
        byte[] b = Files.readAllBytes(f);
        int h = io.coprover.plonk.io.ZkeyVectorsTest.sectionOffset(b, 1);
        byte[] wrongCurve = b.clone();
        wrongCurve[h + 4] ^= 1; // the prime q
        Path wc = tmp.resolve("wc.ptau");
        Files.write(wc, wrongCurve);
        e = assertThrows(IOException.class, () -> SrsFile.load(wc, 3));
        assertTrue(e.getMessage().contains("not over BN254"), e.getMessage());
        Path cut = tmp.resolve("cut.ptau");
        Files.write(cut, java.util.Arrays.copyOf(b, b.length - 100));
        e = assertThrows(IOException.class, () -> SrsFile.load(cut, 3));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void fixedBaseMatchesScalarMultiplication() {
        Random rnd = new Random(7);
        int n = 40;
        long[] k = io.coprover.math.Field.FR.newVector(n);
        for (int i = 0; i < n; i++) io.coprover.math.Field.FR.random(rnd, k, 4 * i);
        long[] got = Srs.FixedBase.mulGenerator(k, n);
        for (int i = 0; i < n; i++) {
            assertArrayEquals(
                    G1.mulFr(G1.generator(), 0, k, 4 * i),
                    java.util.Arrays.copyOfRange(got, 8 * i, 8 * i + 8),
                    "scalar " + i);
        }
        long[] got2 = io.coprover.plonk.io.PtauWriter.g2Powers(k, 6);
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(
                    G2.mulAffine(G2.GENERATOR, io.coprover.math.Field.FR.toBigInteger(k, 4 * i)),
                    java.util.Arrays.copyOfRange(got2, 16 * i, 16 * i + 16),
                    "G2 scalar " + i);
        }
    }
}
