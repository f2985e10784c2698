package io.coprover.protocol;

import java.math.BigInteger;

/**
 * An unsigned 128-bit score, {@code hi·2^64 + lo}. Scores are products u·(10^6 + ppm) of a 64-bit
 * VRF value and a multiplier below 2^32, so they exceed 64 bits; a tree score is a sum of at most
 * a few million of them, far below 2^128. Exact integers: consensus never uses floating point.
 */
public record Score(long hi, long lo) implements Comparable<Score> {
    public static final Score ZERO = new Score(0, 0);

    /** u·m for unsigned 64-bit u and 0 ≤ m < 2^63. */
    public static Score product(long u, long m) {
        if (m < 0) throw new IllegalArgumentException("multiplier must be non-negative: " + m);
        // unsigned high word: signed multiplyHigh corrected for u's sign bit (m ≥ 0)
        long hi = Math.multiplyHigh(u, m) + ((u >> 63) & m);
        return new Score(hi, u * m);
    }

    /** The score of a VRF value with a FEE_SPLIT or FEE_BURN ratio: u·(10^6 + ppm). */
    public static Score of(long u, long ppm) {
        return product(u, Ppm.ONE + ppm);
    }

    /** this + o; throws on overflow past 2^128 (impossible for protocol-sized trees). */
    public Score plus(Score o) {
        long l = lo + o.lo;
        long carry = Long.compareUnsigned(l, lo) < 0 ? 1 : 0;
        long h1 = hi + o.hi;
        long h = h1 + carry;
        if (Long.compareUnsigned(h1, hi) < 0 || (carry == 1 && h == 0)) throw new ArithmeticException("score overflow");
        return new Score(h, l);
    }

    @Override
    public int compareTo(Score o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    public BigInteger toBigInteger() {
        return new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
    }

    /** From a value 0 ≤ v < 2^128. */
    public static Score of(BigInteger v) {
        if (v.signum() < 0 || v.bitLength() > 128) throw new IllegalArgumentException("score out of range: " + v);
        return new Score(v.shiftRight(64).longValue(), v.longValue());
    }

    @Override
    public String toString() {
        return toBigInteger().toString();
    }
}
