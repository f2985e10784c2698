package io.coprover.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The dedicated squaring equals a·a (BigInteger and mul) on random and edge elements; seed logged. */
class FieldSqrPropertiesTest {
    private static final long SEED = Long.getLong("coprover.seed", System.nanoTime());

    static {
        System.out.println("FieldSqrPropertiesTest seed = " + SEED + " (rerun with -Dcoprover.seed=" + SEED + ")");
    }

    @Test
    void sqrEqualsMul() {
        Random rnd = new Random(SEED);
        for (Field f : new Field[] {Field.FR, Field.FQ}) {
            BigInteger p = f.modulus;
            BigInteger[] edge = {
                BigInteger.ZERO,
                BigInteger.ONE,
                BigInteger.TWO,
                p.subtract(BigInteger.ONE),
                p.subtract(BigInteger.TWO),
                p.shiftRight(1),
                p.shiftRight(1).add(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(64),
                BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(253),
                BigInteger.ONE.shiftLeft(192).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(253).add(BigInteger.ONE.shiftLeft(192)).subtract(BigInteger.ONE)
            };
            long[] a = new long[4], r1 = new long[4], r2 = new long[4];
            for (int i = 0; i < 20000; i++) {
                if (i < edge.length) f.set(edge[i], a, 0);
                else f.random(rnd, a, 0);
                f.sqr(a, 0, r1, 0);
                f.mul(a, 0, a, 0, r2, 0);
                BigInteger x = f.toBigInteger(a, 0);
                assertEquals(x.multiply(x).mod(p), f.toBigInteger(r1, 0), f + " sqr of " + x);
                assertEquals(f.toHex(r2, 0), f.toHex(r1, 0), f + " sqr vs mul of " + x);
                // in place
                f.sqr(a, 0, a, 0);
                assertEquals(f.toHex(r2, 0), f.toHex(a, 0));
            }
        }
    }
}
