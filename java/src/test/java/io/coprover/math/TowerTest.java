package io.coprover.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Field laws of Fq2, Fq6, Fq12 and their Frobenius maps on random elements (seed logged). */
class TowerTest {
    private static final long SEED = System.nanoTime();
    private static final BigInteger Q = Field.FQ.modulus;

    static {
        System.out.println("TowerTest seed = " + SEED);
    }

    private static long[] rnd(Random r, int size) {
        long[] a = new long[size];
        for (int i = 0; i < size; i += 4) Field.FQ.random(r, a, i);
        return a;
    }

    @Test
    void fq2Laws() {
        Random r = new Random(SEED);
        long[] t = new long[Fq2.SCRATCH];
        for (int it = 0; it < 50; it++) {
            long[] a = rnd(r, 8), b = rnd(r, 8), ab = new long[8], ba = new long[8], sq = new long[8];
            Fq2.mul(a, 0, b, 0, ab, 0, t, 0);
            Fq2.mul(b, 0, a, 0, ba, 0, t, 0);
            assertArrayEquals(ab, ba, "seed " + SEED);
            // against BigInteger: (a0 + a1 u)(b0 + b1 u) = a0b0 − a1b1 + (a0b1 + a1b0)u
            BigInteger a0 = Field.FQ.toBigInteger(a, 0), a1 = Field.FQ.toBigInteger(a, 4);
            BigInteger b0 = Field.FQ.toBigInteger(b, 0), b1 = Field.FQ.toBigInteger(b, 4);
            assertArrayEquals(
                    Fq2.of(
                            a0.multiply(b0).subtract(a1.multiply(b1)),
                            a0.multiply(b1).add(a1.multiply(b0))),
                    ab);
            Fq2.sqr(a, 0, sq, 0, t, 0);
            Fq2.mul(a, 0, a, 0, ab, 0, t, 0);
            assertArrayEquals(ab, sq);
            long[] xi = Fq2.of(BigInteger.valueOf(9), BigInteger.ONE), m = new long[8];
            Fq2.mulByXi(a, 0, m, 0, t, 0);
            Fq2.mul(a, 0, xi, 0, ab, 0, t, 0);
            assertArrayEquals(ab, m);
            Fq2.inverse(a, 0, m, 0, t, 0);
            Fq2.mul(a, 0, m, 0, m, 0, t, 0);
            assertTrue(Fq2.isOne(m, 0));
            // square roots: a² always has one; ξ is a non-square
            Fq2.sqr(a, 0, sq, 0, t, 0);
            assertTrue(Fq2.sqrt(sq, 0, m, 0));
            Fq2.sqr(m, 0, m, 0, t, 0);
            assertArrayEquals(sq, m);
        }
        assertFalse(Fq2.sqrt(Fq2.of(BigInteger.valueOf(9), BigInteger.ONE), 0, new long[8], 0));
    }

    @Test
    void fq6Laws() {
        Random r = new Random(SEED + 1);
        long[] t = new long[Fq6.SCRATCH];
        for (int it = 0; it < 20; it++) {
            long[] a = rnd(r, 24), b = rnd(r, 24), c = rnd(r, 24);
            long[] x = new long[24], y = new long[24], z = new long[24];
            // (ab)c = a(bc)
            Fq6.mul(a, 0, b, 0, x, 0, t, 0);
            Fq6.mul(x, 0, c, 0, x, 0, t, 0);
            Fq6.mul(b, 0, c, 0, y, 0, t, 0);
            Fq6.mul(a, 0, y, 0, y, 0, t, 0);
            assertArrayEquals(x, y, "seed " + SEED);
            // a(b + c) = ab + ac
            Fq6.add(b, 0, c, 0, x, 0);
            Fq6.mul(a, 0, x, 0, x, 0, t, 0);
            Fq6.mul(a, 0, b, 0, y, 0, t, 0);
            Fq6.mul(a, 0, c, 0, z, 0, t, 0);
            Fq6.add(y, 0, z, 0, y, 0);
            assertArrayEquals(x, y);
            // v·a equals a times the element v
            long[] v = new long[24];
            Fq2.setOne(v, 8);
            Fq6.mul(a, 0, v, 0, x, 0, t, 0);
            Fq6.mulByV(a, 0, y, 0, t, 0);
            assertArrayEquals(x, y);
            // v³ = ξ
            Fq6.mul(v, 0, v, 0, x, 0, t, 0);
            Fq6.mul(x, 0, v, 0, x, 0, t, 0);
            long[] xi = new long[24];
            System.arraycopy(Fq2.of(BigInteger.valueOf(9), BigInteger.ONE), 0, xi, 0, 8);
            assertArrayEquals(xi, x);
            // sparse product
            long[] sp = new long[24];
            System.arraycopy(b, 0, sp, 0, 16);
            Fq6.mul(a, 0, sp, 0, x, 0, t, 0);
            Fq6.mulBy01(a, 0, b, 0, b, 8, y, 0, t, 0);
            assertArrayEquals(x, y);
            Fq6.inverse(a, 0, x, 0, t, 0);
            Fq6.mul(a, 0, x, 0, x, 0, t, 0);
            long[] one = new long[24];
            Fq6.setOne(one, 0);
            assertArrayEquals(one, x);
        }
    }

    @Test
    void fq12Laws() {
        Random r = new Random(SEED + 2);
        long[] t = new long[Fq12.SCRATCH];
        for (int it = 0; it < 10; it++) {
            long[] a = Fq12.random(r), b = Fq12.random(r), c = Fq12.random(r);
            long[] x = new long[48], y = new long[48], z = new long[48];
            Fq12.mul(a, 0, b, 0, x, 0, t, 0);
            Fq12.mul(b, 0, a, 0, y, 0, t, 0);
            assertArrayEquals(x, y, "seed " + SEED);
            Fq12.mul(x, 0, c, 0, x, 0, t, 0);
            Fq12.mul(b, 0, c, 0, y, 0, t, 0);
            Fq12.mul(a, 0, y, 0, y, 0, t, 0);
            assertArrayEquals(x, y);
            Fq12.add(b, 0, c, 0, x, 0);
            Fq12.mul(a, 0, x, 0, x, 0, t, 0);
            Fq12.mul(a, 0, b, 0, y, 0, t, 0);
            Fq12.mul(a, 0, c, 0, z, 0, t, 0);
            Fq12.add(y, 0, z, 0, y, 0);
            assertArrayEquals(x, y);
            Fq12.sqr(a, 0, x, 0, t, 0);
            Fq12.mul(a, 0, a, 0, y, 0, t, 0);
            assertArrayEquals(y, x);
            Fq12.inverse(a, 0, x, 0, t, 0);
            Fq12.mul(a, 0, x, 0, x, 0, t, 0);
            assertTrue(Fq12.isOne(x, 0));
            // w² = v: the element w squared is the element v
            long[] w = new long[48], v = new long[48];
            Fq2.setOne(w, 24);
            Fq2.setOne(v, 8);
            Fq12.sqr(w, 0, x, 0, t, 0);
            assertArrayEquals(v, x);
            // sparse line product equals the dense one
            long[] line = new long[24];
            System.arraycopy(b, 0, line, 0, 24);
            long[] dense = new long[48];
            System.arraycopy(line, 0, dense, 0, 8);
            System.arraycopy(line, 8, dense, 24, 8);
            System.arraycopy(line, 16, dense, 32, 8);
            Fq12.mul(a, 0, dense, 0, x, 0, t, 0);
            Fq12.mulBy034(a, 0, line, 0, 8, 16, y, 0, t, 0);
            assertArrayEquals(x, y);
            // normalised line 1 + d3·w + d4·w³
            Fq2.setOne(dense, 0);
            Fq12.mul(a, 0, dense, 0, x, 0, t, 0);
            Fq12.mulBy34(a, 0, line, 8, 16, y, 0, t, 0);
            assertArrayEquals(x, y);
            Fq12.mulBy34(a, 0, line, 8, 16, a, 0, t, 0); // in place
            assertArrayEquals(x, a);
        }
    }

    @Test
    void frobenius() {
        Random r = new Random(SEED + 3);
        long[] t = new long[Fq12.SCRATCH];
        for (int it = 0; it < 3; it++) {
            long[] a = Fq12.random(r), x = new long[48], y = new long[48];
            // frob1 is a ↦ a^q
            Fq12.frobenius(a, 0, 1, x, 0, t, 0);
            assertArrayEquals(Fq12.pow(a, 0, Q), x, "seed " + SEED);
            // frob2 = frob1∘frob1, frob3 = frob1∘frob2, and frob1^12 = id
            Fq12.frobenius(x, 0, 1, y, 0, t, 0);
            Fq12.frobenius(a, 0, 2, x, 0, t, 0);
            assertArrayEquals(x, y);
            Fq12.frobenius(y, 0, 1, y, 0, t, 0);
            Fq12.frobenius(a, 0, 3, x, 0, t, 0);
            assertArrayEquals(x, y);
            Fq12.copy(a, 0, x, 0);
            for (int i = 0; i < 12; i++) Fq12.frobenius(x, 0, 1, x, 0, t, 0);
            assertArrayEquals(a, x);
            // q⁶-power is conjugation
            Fq12.frobenius(a, 0, 3, x, 0, t, 0);
            Fq12.frobenius(x, 0, 3, x, 0, t, 0);
            Fq12.conj(a, 0, y, 0);
            assertArrayEquals(y, x);
        }
    }

    @Test
    void cyclotomicSquaring() {
        Random r = new Random(SEED + 4);
        long[] t = new long[Fq12.SCRATCH];
        for (int it = 0; it < 10; it++) {
            long[] a = Fq12.random(r), g = new long[48], x = new long[48], y = new long[48];
            // g = a^((q⁶ − 1)(q² + 1)) lies in the cyclotomic subgroup
            Fq12.inverse(a, 0, x, 0, t, 0);
            Fq12.conj(a, 0, g, 0);
            Fq12.mul(g, 0, x, 0, g, 0, t, 0);
            Fq12.frobenius(g, 0, 2, x, 0, t, 0);
            Fq12.mul(g, 0, x, 0, g, 0, t, 0);
            Fq12.sqr(g, 0, x, 0, t, 0);
            Fq12.cyclotomicSqr(g, 0, y, 0, t, 0);
            assertArrayEquals(x, y, "seed " + SEED);
            Fq12.cyclotomicSqr(g, 0, g, 0, t, 0); // in place
            assertArrayEquals(x, g);
        }
    }
}
