package io.coprover.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Group laws of G1 on random points (seed logged), and rejection of bad encodings. */
class G1PropertiesTest {
    private static final long SEED = Long.getLong("coprover.seed", System.nanoTime());
    private static final BigInteger R = Field.FR.modulus;

    static {
        System.out.println("G1PropertiesTest seed = " + SEED + " (rerun with -Dcoprover.seed=" + SEED + ")");
    }

    private static String show(long[] p) {
        return G1.toString(p, 0);
    }

    @Test
    void groupLaws() {
        Random rnd = new Random(SEED);
        long[] g = G1.generator();
        for (int i = 0; i < 20; i++) {
            BigInteger a = new BigInteger(256, rnd).mod(R),
                    b = new BigInteger(256, rnd).mod(R),
                    c = new BigInteger(256, rnd).mod(R);
            long[] p = G1.mul(g, 0, a), q = G1.mul(g, 0, b), s = G1.mul(g, 0, c);
            assertTrue(G1.isOnCurve(p, 0));
            // commutativity, associativity, linearity in the scalar
            assertEquals(show(G1.add(p, 0, q, 0)), show(G1.add(q, 0, p, 0)));
            assertEquals(show(G1.add(G1.add(p, 0, q, 0), 0, s, 0)), show(G1.add(p, 0, G1.add(q, 0, s, 0), 0)));
            assertEquals(show(G1.mul(g, 0, a.add(b).mod(R))), show(G1.add(p, 0, q, 0)));
            assertEquals(show(G1.mul(p, 0, b)), show(G1.mul(q, 0, a)));
            // doubling = adding to itself, in every representation
            assertEquals(show(G1.dbl(p, 0)), show(G1.add(p, 0, p, 0)));
            long[] t = new long[G1Xyzz.SCRATCH], x = new long[16], y = new long[8];
            G1Xyzz.fromAffine(p, 0, x, 0);
            G1Xyzz.dbl(x, 0, x, 0, t);
            G1Xyzz.toAffine(x, 0, y, 0);
            assertEquals(show(G1.dbl(p, 0)), show(y));
            long[] j = new long[12];
            G1Xyzz.toJacobian(x, 0, j, 0);
            assertEquals(show(G1.dbl(p, 0)), show(G1Jacobian.toAffine(j, 0)));
            // order r, inverses, identity
            assertEquals("infinity", show(G1.mul(p, 0, R)));
            long[] np = new long[8];
            G1.neg(p, 0, np, 0);
            assertEquals("infinity", show(G1.add(p, 0, np, 0)));
            assertEquals(show(p), show(G1.add(p, 0, G1.infinity(), 0)));
            assertEquals(
                    show(p),
                    show(G1.mul(p, 0, a.multiply(BigInteger.ZERO).add(R).add(BigInteger.ONE))));
            // unreduced scalars (the precompile accepts any 256-bit value)
            BigInteger big = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
            assertEquals(show(G1.mul(p, 0, big.mod(R))), show(G1.mul(p, 0, big)));
            // encoding round trip
            assertArrayEquals(p, G1.decode(G1.encode(p, 0)));
            // Jacobian equality across representations
            long[] j1 = new long[12], j2 = new long[12];
            G1Jacobian.fromAffine(p, 0, j1, 0);
            G1Jacobian.dbl(j1, 0, j2, 0, t);
            G1Jacobian.add(j2, 0, j1, 0, j2, 0, t); // 3p
            G1Jacobian.fromAffine(G1.mul(p, 0, BigInteger.valueOf(3)), 0, j1, 0);
            assertTrue(G1Jacobian.equal(j1, 0, j2, 0));
            assertFalse(G1Jacobian.equal(j1, 0, new long[12], 0));
        }
    }

    @Test
    void decodingRejections() {
        byte[] enc = G1.encode(G1.generator(), 0);
        assertArrayEquals(G1.generator(), G1.decode(enc));
        assertTrue(G1.isInfinity(G1.decode(new byte[64]), 0));
        byte[] q = Field.FQ.modulus.toByteArray();
        byte[] qBytes = new byte[32];
        System.arraycopy(q, q.length - 32, qBytes, 0, 32);

        byte[] xBig = enc.clone();
        System.arraycopy(qBytes, 0, xBig, 0, 32);
        assertMessage(xBig, "x coordinate is not less than the field modulus");
        byte[] yBig = enc.clone();
        System.arraycopy(qBytes, 0, yBig, 32, 32);
        assertMessage(yBig, "y coordinate is not less than the field modulus");
        // y + q would be the same field element: still rejected
        byte[] offCurve = enc.clone();
        offCurve[63] = 3;
        assertMessage(offCurve, "not on the curve");
        byte[] onlyX = new byte[64];
        onlyX[31] = 1; // (1, 0)
        assertMessage(onlyX, "not on the curve");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> G1.decode(new byte[63]));
        assertTrue(e.getMessage().contains("64 bytes"));
        assertThrows(IllegalArgumentException.class, () -> G1.fromHex("0x01", "0x03"));
        assertThrows(IllegalArgumentException.class, () -> G1.fromHex("0x00", "0x00"));
    }

    private static void assertMessage(byte[] in, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> G1.decode(in));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
