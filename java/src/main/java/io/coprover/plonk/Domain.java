package io.coprover.plonk;

import io.coprover.math.Field;
import java.math.BigInteger;

/** Roots of unity of Fr as ffjavascript defines them: ω_{2^k} = 5^((r−1)/2^k). */
public final class Domain {
    private static final Field F = Field.FR;
    /** 2-adicity of r − 1. */
    public static final int TWO_ADICITY = 28;

    private static final long[][] ROOTS = new long[TWO_ADICITY + 1][];

    static {
        BigInteger rm1 = F.modulus.subtract(BigInteger.ONE);
        long[] five = F.fromLong(5);
        for (int k = 0; k <= TWO_ADICITY; k++) {
            long[] w = new long[4];
            F.pow(five, 0, rm1.shiftRight(k), w, 0);
            ROOTS[k] = w;
        }
    }

    private Domain() {}

    /** The primitive 2^k-th root of unity (copy). */
    public static long[] rootOfUnity(int k) {
        if (k < 0 || k > TWO_ADICITY) throw new IllegalArgumentException("no 2^" + k + "-th root of unity in Fr");
        return ROOTS[k].clone();
    }

    /** {ω^0, …, ω^{n−1}} for n = 2^k, flat. */
    public static long[] powers(int k) {
        int n = 1 << k;
        long[] w = rootOfUnity(k);
        long[] out = F.newVector(n);
        F.setOne(out, 0);
        for (int i = 1; i < n; i++) F.mul(out, 4 * (i - 1), w, 0, out, 4 * i);
        return out;
    }
}
