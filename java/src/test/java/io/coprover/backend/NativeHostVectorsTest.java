package io.coprover.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coprover.math.Field;
import io.coprover.math.Glv;
import io.coprover.math.Ntt;
import io.coprover.testutil.Vectors;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * The native-host backend against the vector files and the Java backend ({@link BackendContract}),
 * plus the native field code (both the host and the GPU arithmetic variants) against the field
 * vectors, and the generated constants against Java's. Skipped, with the reason, only when the
 * native library was not built (no cmake/compiler, or -Dnative.skip=true).
 */
class NativeHostVectorsTest extends BackendContract {

    static void assumeLibrary() {
        NativeLibrary.Status st = NativeLibrary.load();
        assumeTrue(st.loaded(), "native library not available: " + st.detail() + " " + st.causeText());
    }

    @Override
    ProvingBackend create() {
        assumeLibrary();
        return new NativeHostBackend(2);
    }

    @Test
    void fieldVectorsBothArithmeticVariants() {
        for (int variant = 0; variant <= 1; variant++) {
            fieldVectors(0, Field.FR, Vectors.json("bn254_fr.json"), variant);
            fieldVectors(1, Field.FQ, Vectors.json("bn254_fq.json"), variant);
        }
    }

    private static void fieldVectors(int field, Field f, JsonNode doc, int variant) {
        int n = 0;
        long[] r = new long[4];
        for (JsonNode c : doc.get("cases")) {
            long[] a = f.parse(c.get("a").asText()), b = f.parse(c.get("b").asText());
            String where = f + " variant " + variant + " case " + n;
            op(field, 0, variant, a, b, r);
            assertEquals(c.get("add").asText(), f.toHex(r, 0), "add " + where);
            op(field, 1, variant, a, b, r);
            assertEquals(c.get("sub").asText(), f.toHex(r, 0), "sub " + where);
            op(field, 2, variant, a, b, r);
            assertEquals(c.get("mul").asText(), f.toHex(r, 0), "mul " + where);
            if (!c.get("inv_a").isNull()) {
                op(field, 3, variant, a, null, r);
                assertEquals(c.get("inv_a").asText(), f.toHex(r, 0), "inverse " + where);
            }
            // Montgomery conversions against Java's
            long[] raw = new long[4];
            f.fromMont(a, 0, raw, 0);
            op(field, 5, variant, a, null, r);
            assertArrayEquals(raw, r, "from Montgomery " + where);
            op(field, 4, variant, raw, null, r);
            assertArrayEquals(a, r, "to Montgomery " + where);
            n++;
        }
        assertEquals(doc.get("count").asInt(), n);
    }

    private static void op(int field, int op, int variant, long[] a, long[] b, long[] r) {
        NativeLibrary.check(CoproverLib.coprover_field_op(field, op, variant, a, b, r), "field op " + op);
    }

    @Test
    void generatedConstantsEqualJava() {
        BigInteger R = BigInteger.ONE.shiftLeft(256);
        Field[] fields = {Field.FR, Field.FQ};
        for (int fi = 0; fi < 2; fi++) {
            Field f = fields[fi];
            assertArrayEquals(limbs(f.modulus), constant(3 * fi), f + " modulus");
            assertArrayEquals(f.one(), constant(3 * fi + 1), f + " Montgomery one");
            assertArrayEquals(limbs(R.multiply(R).mod(f.modulus)), constant(3 * fi + 2), f + " R^2");
        }
        assertArrayEquals(Ntt.omega(28), constant(6), "omega_{2^28}");
        assertArrayEquals(Field.FQ.fromLong(3), constant(7), "curve b");
        // GLV: derived by native/gen_constants.py and, independently, by io.coprover.math.Glv
        assertArrayEquals(Glv.BETA, constant(8), "GLV beta");
        BigInteger[] glv = {Glv.LAMBDA, Glv.A1, Glv.B1.negate(), Glv.A2, Glv.B2, Glv.G1_ROUND, Glv.G2_ROUND};
        for (int i = 0; i < glv.length; i++)
            assertArrayEquals(limbs(glv[i]), constant(9 + i), "GLV constant " + (9 + i));
    }

    private static long[] constant(int which) {
        long[] out = new long[4];
        NativeLibrary.check(CoproverLib.coprover_constant(which, out), "constant " + which);
        return out;
    }

    private static long[] limbs(BigInteger v) {
        long[] l = new long[4];
        for (int i = 0; i < 4; i++) l[i] = v.shiftRight(64 * i).longValue();
        return l;
    }

    @Test
    void hostOnlyConfigRejectsDeviceWithoutCuda() {
        if (NativeLibrary.load().hasCuda()) return; // the check concerns host-only builds
        try (CoproverLib.Config cfg = new CoproverLib.Config().device(0)) {
            assertEquals(5, CoproverLib.coprover_ntt(cfg, new long[4], 0, 1, 0, null));
            assertEquals(true, NativeLibrary.lastError().contains("without CUDA"));
        }
    }
}
