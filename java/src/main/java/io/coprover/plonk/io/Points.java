package io.coprover.plonk.io;

import io.coprover.math.Field;

/** Cheap validity checks on G1 points read from files (y² = x³ + 3 over Fq; cofactor 1). */
public final class Points {
    private static final Field FQ = Field.FQ;
    private static final long[] THREE = FQ.fromLong(3);

    private Points() {}

    /** True for the all-zero infinity encoding or an affine point on the curve. */
    public static boolean isOnG1(long[] p, int off) {
        boolean inf = true;
        for (int i = 0; i < 8; i++) inf &= p[off + i] == 0;
        if (inf) return true;
        long[] l = new long[4], r = new long[4];
        FQ.sqr(p, off + 4, l, 0);
        FQ.sqr(p, off, r, 0);
        FQ.mul(r, 0, p, off, r, 0);
        FQ.add(r, 0, THREE, 0, r, 0);
        return Field.equal(l, 0, r, 0);
    }

    /** Throws IllegalArgumentException naming {@code what} if the point is not on G1. */
    public static void checkG1(long[] p, int off, String what) {
        if (!isOnG1(p, off)) throw new IllegalArgumentException(what + " is not a point on the BN254 G1 curve");
    }
}
