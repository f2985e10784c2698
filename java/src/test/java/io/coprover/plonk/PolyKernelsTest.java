package io.coprover.plonk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.coprover.backend.NativeHostBackend;
import io.coprover.backend.NativeLibrary;
import io.coprover.math.Field;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The native kernels of prover rounds 4 and 5 ({@link Polys#of}) against the Java code ({@link Polys#JAVA}). */
class PolyKernelsTest {
    private static final Field FR = Field.FR;

    @Test
    void nativeKernelsMatchJava() {
        NativeLibrary.Status st = NativeLibrary.load();
        Assumptions.assumeTrue(st.loaded(), "native library not available: " + st.detail());
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        try (NativeHostBackend be = new NativeHostBackend(2)) {
            Polys.Ops nat = Polys.of(be), java = Polys.JAVA;
            // sizes around the kernels' chunk of 2^12 and the Java code's parallel threshold
            for (int len : new int[] {0, 1, 7, 4095, 4096, 4097, 3 * 4096 + 5}) {
                String at = "seed " + seed + " len " + len;
                long[] p = FR.newVector(len + 3), r = FR.newVector(len + 3);
                for (int i = 0; i < len + 3; i++) {
                    FR.random(rnd, p, 4 * i);
                    FR.random(rnd, r, 4 * i);
                }
                long[] x = FR.random(rnd);
                assertArrayEquals(java.eval(p, len, x), nat.eval(p, len, x), at);
                long[] r1 = r.clone(), r2 = r.clone();
                java.addScaled(r1, p, len, x);
                nat.addScaled(r2, p, len, x);
                assertArrayEquals(r1, r2, at);
                long[] q1 = p.clone(), q2 = p.clone();
                assertArrayEquals(java.divideByLinear(q1, len, x), nat.divideByLinear(q2, len, x), at);
                assertArrayEquals(q1, q2, at);
            }
            long[] bad = FR.newVector(4);
            bad[3] = -1L; // limbs above the modulus
            assertThrows(IllegalArgumentException.class, () -> nat.eval(bad, 4, FR.one()));
            assertThrows(IllegalArgumentException.class, () -> nat.eval(bad, 5, FR.one()));
        }
    }
}
