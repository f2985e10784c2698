package io.coprover.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The GLV endomorphism and scalar split against their definitions (BigInteger, G1 scalar mult). */
class GlvTest {
    private static final long SEED = Long.getLong("coprover.seed", System.nanoTime());
    private static final BigInteger R = Field.FR.modulus, Q = Field.FQ.modulus;

    static {
        System.out.println("GlvTest seed = " + SEED + " (rerun with -Dcoprover.seed=" + SEED + ")");
    }

    @Test
    void constantsMatchTheirDefinitions() {
        BigInteger beta = Field.FQ.toBigInteger(Glv.BETA, 0);
        assertEquals(BigInteger.ONE, beta.modPow(BigInteger.valueOf(3), Q), "beta^3 = 1");
        assertTrue(!beta.equals(BigInteger.ONE));
        assertEquals(BigInteger.ONE, Glv.LAMBDA.modPow(BigInteger.valueOf(3), R), "lambda^3 = 1");
        assertEquals(BigInteger.ZERO, Glv.A1.add(Glv.B1.multiply(Glv.LAMBDA)).mod(R), "(a1, b1) in the lattice");
        assertEquals(BigInteger.ZERO, Glv.A2.add(Glv.B2.multiply(Glv.LAMBDA)).mod(R), "(a2, b2) in the lattice");
        assertEquals(R, Glv.A1.multiply(Glv.B2).subtract(Glv.A2.multiply(Glv.B1)), "the basis spans the lattice");
        // the values published with gnark-crypto's bn254 (thirdRootOneG1, lambdaGLV): a cross-check
        // against an outside source, not an input of the derivation
        assertEquals(new BigInteger("2203960485148121921418603742825762020974279258880205651966"), beta);
        assertEquals(new BigInteger("4407920970296243842393367215006156084916469457145843978461"), Glv.LAMBDA);
    }

    @Test
    void endomorphismIsMultiplicationByLambda() {
        Random rnd = new Random(SEED);
        for (int i = 0; i < 5; i++) {
            long[] p = G1.mul(G1.generator(), 0, new BigInteger(250, rnd));
            long[] phi = p.clone();
            Field.FQ.mul(p, 0, Glv.BETA, 0, phi, 0);
            assertArrayEquals(G1.mul(p, 0, Glv.LAMBDA), phi, "phi(P) = lambda P");
        }
    }

    @Test
    void splitRecombinesWithSmallHalves() {
        Random rnd = new Random(SEED + 1);
        BigInteger[] edge = {
            BigInteger.ZERO,
            BigInteger.ONE,
            R.subtract(BigInteger.ONE),
            Glv.LAMBDA,
            R.subtract(Glv.LAMBDA),
            BigInteger.ONE.shiftLeft(127),
            BigInteger.ONE.shiftLeft(253),
            R.shiftRight(1)
        };
        long[] k = new long[4], halves = new long[4];
        BigInteger bound = BigInteger.ONE.shiftLeft(Glv.BITS);
        for (int i = 0; i < 20000; i++) {
            BigInteger kk = i < edge.length ? edge[i] : new BigInteger(254, rnd).mod(R);
            for (int j = 0; j < 4; j++) k[j] = kk.shiftRight(64 * j).longValue();
            int signs = Glv.split(k, 0, halves);
            BigInteger k1 = unsigned(halves[0], halves[1]), k2 = unsigned(halves[2], halves[3]);
            assertTrue(k1.compareTo(bound) < 0 && k2.compareTo(bound) < 0, "halves below 2^127 for k = " + kk);
            if ((signs & 1) != 0) k1 = k1.negate();
            if ((signs & 2) != 0) k2 = k2.negate();
            assertEquals(kk, k1.add(k2.multiply(Glv.LAMBDA)).mod(R), "k1 + k2 lambda = k for k = " + kk);
        }
    }

    @Test
    void tableInterleavesPointsAndImages() {
        long[] g = G1.generator();
        long[] pts = new long[3 * G1.SIZE];
        System.arraycopy(g, 0, pts, 0, 8);
        System.arraycopy(G1.dbl(g, 0), 0, pts, 16, 8); // point 1 stays at infinity
        long[] t = Glv.table(pts, 1, 2);
        assertTrue(G1.isInfinity(t, 0) && G1.isInfinity(t, 8), "infinity and its image");
        assertArrayEquals(G1.dbl(g, 0), java.util.Arrays.copyOfRange(t, 16, 24));
        assertArrayEquals(G1.mul(G1.dbl(g, 0), 0, Glv.LAMBDA), java.util.Arrays.copyOfRange(t, 24, 32));
    }

    private static BigInteger unsigned(long lo, long hi) {
        return new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
    }
}
