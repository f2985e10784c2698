package io.coprover.plonk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.backend.NativeHostBackend;
import io.coprover.backend.NativeLibrary;
import io.coprover.math.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@link ExtEvaluations} from bytes (a zkey's layout) against the same values as arrays. */
class ExtEvaluationsTest {
    private static final Field FR = Field.FR;

    private static ByteBuffer[] bytes(long[][] v, boolean direct) {
        ByteBuffer[] out = new ByteBuffer[8];
        for (int k = 0; k < 8; k++) {
            // one byte in front, so the values start unaligned as they may in a mapped file
            ByteBuffer b = (direct
                            ? ByteBuffer.allocateDirect(1 + 8 * v[k].length)
                            : ByteBuffer.allocate(1 + 8 * v[k].length))
                    .order(ByteOrder.LITTLE_ENDIAN);
            b.put((byte) 0x5a);
            for (long x : v[k]) b.putLong(x);
            b.position(1);
            out[k] = b;
        }
        return out;
    }

    @Test
    void mappedBytesDecodeToTheValues() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        int count = 64;
        long[][] v = new long[8][];
        for (int k = 0; k < 8; k++) {
            v[k] = FR.newVector(count);
            for (int i = 0; i < count; i++) FR.random(rnd, v[k], 4 * i);
        }
        ExtEvaluations m = ExtEvaluations.mapped(bytes(v, true), count);
        ExtEvaluations a = ExtEvaluations.of(v, count);
        assertNull(a.mapped());
        for (int k = 0; k < 8; k++) {
            assertArrayEquals(v[k], m.values()[k], "seed " + seed);
            assertArrayEquals(a.every(k, 1, 4, count / 4), m.every(k, 1, 4, count / 4), "seed " + seed);
        }
        long[][] bad = v.clone();
        bad[3] = v[3].clone();
        bad[3][4 * 7 + 3] = -1L; // value 7 of polynomial 3 above the modulus
        ExtEvaluations b = ExtEvaluations.mapped(bytes(bad, true), count);
        assertThrows(IllegalArgumentException.class, b::values);
        assertThrows(IllegalArgumentException.class, () -> b.every(3, 3, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> ExtEvaluations.mapped(bytes(v, true), count + 1));

        NativeLibrary.Status st = NativeLibrary.load();
        Assumptions.assumeTrue(st.loaded(), "native library not available: " + st.detail());
        try (NativeHostBackend be = new NativeHostBackend(2)) {
            be.loadQuotientKey(4, m.mapped()).close(); // 4n = 64 values: log n = 4
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> be.loadQuotientKey(4, b.mapped()));
            assertTrue(e.getMessage().contains("element 7 of polynomial 3 "), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> be.loadQuotientKey(4, bytes(v, false)));
        }
    }
}
