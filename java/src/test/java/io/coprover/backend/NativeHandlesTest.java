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
