package io.coprover.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A handle the native library does not hold (freed, or never issued) is refused with a clear
 * error by every call that takes one, and nothing is read through it.
 */
class NativeHandlesTest {
    private static final long NEVER_ISSUED = Long.MAX_VALUE;

    @BeforeEach
    void setUp() {
        NativeHostVectorsTest.assumeLibrary();
    }

    private static String refused(int rc, String what) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NativeLibrary.check(rc, what), what);
        return e.getMessage();
    }

    @Test
    void aFreedOrUnknownBasesHandleIsRefused() {
        long[] points = BackendContract.randomPoints(new Random(BackendContract.SEED), 8);
        long[] handle = new long[1];
        NativeLibrary.check(CoproverLib.coprover_bases_load(null, points, 8, handle), "bases_load");
        long[] scalars = new long[4 * 8], out = new long[8];
        NativeLibrary.check(CoproverLib.coprover_msm(null, handle[0], 0, scalars, 8, out), "msm on a live handle");
        NativeLibrary.check(CoproverLib.coprover_bases_free(handle[0]), "bases_free");

        String msg = refused(CoproverLib.coprover_msm(null, handle[0], 0, scalars, 8, out), "msm after free");
        assertTrue(msg.contains("unknown bases handle"), msg);
        msg = refused(CoproverLib.coprover_msm(null, NEVER_ISSUED, 0, scalars, 8, out), "msm, never issued");
        assertTrue(msg.contains("unknown bases handle"), msg);
        msg = refused(CoproverLib.coprover_bases_free(handle[0]), "second free");
        assertTrue(msg.contains("unknown handle"), msg);
    }

    /**
     * Bases are checked in chunks on all threads; the error still names the first bad point, and
     * whether its coordinates are out of range or it lies off the curve.
     */
    @Test
    void basesLoadNamesTheFirstBadPointAcrossChunks() {
        int count = 30_000; // four chunks of 8192
        long[] one = BackendContract.randomPoints(new Random(BackendContract.SEED), 1);
        long[] points = new long[8 * count];
        for (int i = 0; i < count; i++) System.arraycopy(one, 0, points, 8 * i, 8);
        long[] handle = new long[1];
        NativeLibrary.check(CoproverLib.coprover_bases_load(null, points, count, handle), "bases_load, all good");
        NativeLibrary.check(CoproverLib.coprover_bases_free(handle[0]), "bases_free");
        long[] bad = points.clone();
        bad[8 * 25_000] ^= 1; // off the curve (x changed), in the last chunk
        bad[8 * 20_000 + 4] ^= 2; // off the curve (y changed), in the third
        String msg = refused(CoproverLib.coprover_bases_load(null, bad, count, handle), "off the curve");
        assertTrue(msg.contains("point 20000 is not on the curve"), msg);
        bad[8 * 9_000 + 7] = -1L; // y's top limb above q, in the second chunk
        msg = refused(CoproverLib.coprover_bases_load(null, bad, count, handle), "out of range");
        assertTrue(msg.contains("point 9000 has a coordinate that is not a canonical Fq element"), msg);
    }

    @Test
    void anUnknownPlonkKeyHandleIsRefused() {
        long[] v = new long[4 * 64];
        String msg =
                refused(CoproverLib.coprover_plonk_quotient(null, NEVER_ISSUED, v, v, v, 0, v, v), "plonk_quotient");
        assertTrue(msg.contains("plonk_quotient: unknown key handle"), msg);
        msg = refused(CoproverLib.coprover_plonk_grand_product(null, NEVER_ISSUED, v, v, v), "plonk_grand_product");
        assertTrue(msg.contains("plonk_grand_product: unknown key handle"), msg);
        assertEquals(1, CoproverLib.coprover_plonk_key_free(NEVER_ISSUED));
    }
}
