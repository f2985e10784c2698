package io.coprover.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Amount and ratio parsing, scores, tree shapes, eligibility thresholds. */
class UnitsTest {
    @Test
    void amounts() {
        assertEquals(new BigInteger("1000000000000000000000"), Amounts.parse("1000", "a"));
        assertEquals(new BigInteger("1000500000000000000000"), Amounts.parse("1000.5", "a"));
        assertEquals(new BigInteger("1000500000000000000000"), Amounts.parse("1_000.5 AZT", "a"));
        assertEquals(BigInteger.valueOf(1500), Amounts.parse("1500units", "a"));
        assertEquals(BigInteger.ONE, Amounts.parse("0.000000000000000001", "a"));
        assertEquals("0.000000000000000001", Amounts.formatAzt(BigInteger.ONE));
        assertEquals("1000.500000000000000000", Amounts.formatAzt(Amounts.parse("1000.5", "a")));
        for (String bad : new String[] {"-1", "1e3", "", "abc", "0.0000000000000000001", "1.5units", "-5units"}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> Amounts.parse(bad, "total fees"), bad);
            assertTrue(e.getMessage().startsWith("total fees"), e.getMessage());
        }
        String huge = Amounts.MAX.add(BigInteger.ONE) + "units";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Amounts.parse(huge, "x"))
                .getMessage()
                .contains("overflows"));
        assertEquals(Amounts.MAX, Amounts.parse(Amounts.MAX + "units", "x"));
    }

    @Test
    void ratios() {
        assertEquals(800_000, Ppm.parse("80%", "s"));
        assertEquals(123_456, Ppm.parse("12.3456%", "s"));
        assertEquals(6_000_000, Ppm.parse("600%", "s"));
        assertEquals(400_000, Ppm.parse("400000ppm", "s"));
        assertEquals("80%", Ppm.format(800_000));
        for (String bad : new String[] {"80", "-5%", "1.23456%", "x%", "0.5ppm"}) {
            assertThrows(IllegalArgumentException.class, () -> Ppm.parse(bad, "fee burn"), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Ppm.check(1_000_001, Ppm.ONE, "FEE_BURN"));
    }

    @Test
    void scoresAreExact128BitProducts() {
        long u = -1L; // 2^64 − 1
        Score s = Score.of(u, 99_000_000);
        BigInteger want =
                BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE).multiply(BigInteger.valueOf(100_000_000));
        assertEquals(want, s.toBigInteger());
        assertTrue(s.toBigInteger().bitLength() > 64);
        assertEquals(want.shiftLeft(1), s.plus(s).toBigInteger());
        assertTrue(Score.of(1L << 63, 0).compareTo(Score.of(Long.MAX_VALUE, 0)) > 0, "unsigned order");
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 10_000; i++) {
            long a = r.nextLong();
            long m = r.nextInt(Integer.MAX_VALUE);
            Score x = Score.product(a, m);
            assertEquals(new BigInteger(Long.toUnsignedString(a)).multiply(BigInteger.valueOf(m)), x.toBigInteger());
            assertEquals(x, Score.of(x.toBigInteger()));
        }
    }

    @Test
    void treeShapes() {
        int[][] cases = {
            {0, 2, 1, 0, 1},
            {1, 2, 1, 0, 1},
            {2, 2, 1, 0, 1},
            {3, 4, 2, 1, 3},
            {4, 4, 2, 1, 3},
            {5, 8, 4, 2, 7},
            {32, 32, 16, 4, 31},
            {33, 64, 32, 5, 63},
            {1024, 1024, 512, 9, 1023}
        };
        for (int[] c : cases) {
            TreeShape s = TreeShape.forTxs(c[0]);
            assertEquals(c[1], s.paddedTxs(), "txs " + c[0]);
            assertEquals(c[2], s.numBase());
            assertEquals(c[3], s.depth());
            assertEquals(c[4], s.numNodes());
            assertEquals(c[4], s.nodes().size());
            for (int i = 0; i < s.nodes().size(); i++)
                assertEquals(i, s.ordinal(s.nodes().get(i)));
        }
        assertThrows(IllegalArgumentException.class, () -> TreeShape.forTxs(-1));
        assertThrows(IllegalArgumentException.class, () -> TreeShape.forTxs(TreeShape.MAX_TXS + 1));
    }

    @Test
    void eligibilityThreshold() {
        // 2^64 − floor(2^64·8/100)
        BigInteger two64 = BigInteger.ONE.shiftLeft(64);
        Eligibility e = Eligibility.of(8, 100);
        BigInteger t = two64.subtract(two64.multiply(BigInteger.valueOf(8)).divide(BigInteger.valueOf(100)));
        assertEquals(t, e.threshold());
        assertTrue(e.test(t.longValue()));
        assertTrue(!e.test(t.longValue() - 1));
        assertTrue(e.test(-1L));
        assertTrue(Eligibility.of(8, 8).test(0));
        assertTrue(!Eligibility.of(8, 0).test(-1L));
        assertTrue(!Eligibility.of(0, 5).test(-1L));
    }
}
