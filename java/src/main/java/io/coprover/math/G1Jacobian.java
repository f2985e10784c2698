package io.coprover.math;

/**
 * BN254 G1 points in Jacobian coordinates: 12 longs (X, Y, Z), each an Fq element in Montgomery
 * form, representing the affine point (X/Z², Y/Z³). Z = 0 is the point at infinity.
 *
 * <p>Formulas are the a = 0 ones from the Explicit-Formulas Database (Bernstein–Lange,
 * hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-0.html), named per method. Every method takes a
 * scratch array {@code t} of at least {@link #SCRATCH} longs, so hot loops allocate nothing.
 * Results may alias inputs (all outputs are written last).
 */
public final class G1Jacobian {
    /** Longs per Jacobian point. */
    public static final int SIZE = 12;
    /** Longs of scratch every method needs. */
    public static final int SCRATCH = 48;

    private static final Field F = Field.FQ;

    private G1Jacobian() {}

    /** A new array holding {@code n} points at infinity. */
    public static long[] newArray(int n) {
        return new long[Math.multiplyExact(n, SIZE)];
    }

    public static boolean isInfinity(long[] p, int o) {
        return Field.isZero(p, o + 8);
    }

    public static void setInfinity(long[] r, int ro) {
        for (int i = 0; i < SIZE; i++) r[ro + i] = 0;
    }

    public static void copy(long[] p, int o, long[] r, int ro) {
        System.arraycopy(p, o, r, ro, SIZE);
    }

    /** r = the affine point a (all-zero affine = infinity) as a Jacobian point with Z = 1. */
    public static void fromAffine(long[] a, int ao, long[] r, int ro) {
        if (G1.isInfinity(a, ao)) {
            setInfinity(r, ro);
            return;
        }
        Field.copy(a, ao, r, ro);
        Field.copy(a, ao + 4, r, ro + 4);
        F.setOne(r, ro + 8);
    }

    /** r = −p. */
    public static void neg(long[] p, int o, long[] r, int ro) {
        Field.copy(p, o, r, ro);
        F.neg(p, o + 4, r, ro + 4);
        Field.copy(p, o + 8, r, ro + 8);
    }

    /** r = 2p (dbl-2009-l, 2M + 5S). */
    public static void dbl(long[] p, int o, long[] r, int ro, long[] t) {
        if (isInfinity(p, o)) {
            setInfinity(r, ro);
            return;
        }
        final int a = 0, b = 4, c = 8, d = 12, e = 16, f = 20, x3 = 24, y3 = 28, z3 = 32;
        F.sqr(p, o, t, a); // A = X1²
        F.sqr(p, o + 4, t, b); // B = Y1²
        F.sqr(t, b, t, c); // C = B²
        F.add(p, o, t, b, t, d);
        F.sqr(t, d, t, d);
        F.sub(t, d, t, a, t, d);
        F.sub(t, d, t, c, t, d);
        F.dbl(t, d, t, d); // D = 2((X1+B)² − A − C)
        F.dbl(t, a, t, e);
        F.add(t, e, t, a, t, e); // E = 3A
        F.sqr(t, e, t, f); // F = E²
        F.dbl(t, d, t, x3);
        F.sub(t, f, t, x3, t, x3); // X3 = F − 2D
        F.mul(p, o + 4, p, o + 8, t, z3);
        F.dbl(t, z3, t, z3); // Z3 = 2·Y1·Z1
        F.sub(t, d, t, x3, t, y3);
        F.mul(t, e, t, y3, t, y3);
        F.dbl(t, c, t, c);
        F.dbl(t, c, t, c);
        F.dbl(t, c, t, c);
        F.sub(t, y3, t, c, t, y3); // Y3 = E(D − X3) − 8C
        Field.copy(t, x3, r, ro);
        Field.copy(t, y3, r, ro + 4);
        Field.copy(t, z3, r, ro + 8);
    }

    /** r = p + a for a Jacobian p and an affine a (madd-2007-bl, 7M + 4S), all cases handled. */
    public static void addMixed(long[] p, int o, long[] a, int ao, long[] r, int ro, long[] t) {
        if (G1.isInfinity(a, ao)) {
            if (r != p || ro != o) copy(p, o, r, ro);
            return;
        }
        if (isInfinity(p, o)) {
            fromAffine(a, ao, r, ro);
            return;
        }
        final int z1z1 = 0, u2 = 4, s2 = 8, h = 12, hh = 16, i = 20, j = 24, rr = 28, v = 32, x3 = 36, y3 = 40, z3 = 44;
        F.sqr(p, o + 8, t, z1z1);
        F.mul(a, ao, t, z1z1, t, u2);
        F.mul(p, o + 8, t, z1z1, t, s2);
        F.mul(a, ao + 4, t, s2, t, s2);
        F.sub(t, u2, p, o, t, h); // H = U2 − X1
        F.sub(t, s2, p, o + 4, t, rr);
        if (Field.isZero(t, h)) {
            if (Field.isZero(t, rr)) dbl(p, o, r, ro, t); // same point
            else setInfinity(r, ro); // p = −a
            return;
        }
        F.dbl(t, rr, t, rr); // r = 2(S2 − Y1)
        F.sqr(t, h, t, hh);
        F.dbl(t, hh, t, i);
        F.dbl(t, i, t, i); // I = 4HH
        F.mul(t, h, t, i, t, j); // J = H·I
        F.mul(p, o, t, i, t, v); // V = X1·I
        F.sqr(t, rr, t, x3);
        F.sub(t, x3, t, j, t, x3);
        F.sub(t, x3, t, v, t, x3);
        F.sub(t, x3, t, v, t, x3); // X3 = r² − J − 2V
        F.add(p, o + 8, t, h, t, z3);
        F.sqr(t, z3, t, z3);
        F.sub(t, z3, t, z1z1, t, z3);
        F.sub(t, z3, t, hh, t, z3); // Z3 = (Z1+H)² − Z1Z1 − HH
        F.sub(t, v, t, x3, t, y3);
        F.mul(t, rr, t, y3, t, y3);
        F.mul(p, o + 4, t, j, t, j);
        F.dbl(t, j, t, j);
        F.sub(t, y3, t, j, t, y3); // Y3 = r(V − X3) − 2·Y1·J
        Field.copy(t, x3, r, ro);
        Field.copy(t, y3, r, ro + 4);
        Field.copy(t, z3, r, ro + 8);
    }

    /** r = p + q for Jacobian p, q (add-2007-bl, 11M + 5S), all cases handled. */
    public static void add(long[] p, int o, long[] q, int qo, long[] r, int ro, long[] t) {
        if (isInfinity(q, qo)) {
            if (r != p || ro != o) copy(p, o, r, ro);
            return;
        }
        if (isInfinity(p, o)) {
            copy(q, qo, r, ro);
            return;
        }
        final int z1z1 = 0,
                z2z2 = 4,
                u1 = 8,
                u2 = 12,
                s1 = 16,
                s2 = 20,
                h = 24,
                i = 28,
                j = 32,
                rr = 36,
                v = 40,
                x3 = 44;
        F.sqr(p, o + 8, t, z1z1);
        F.sqr(q, qo + 8, t, z2z2);
        F.mul(p, o, t, z2z2, t, u1);
        F.mul(q, qo, t, z1z1, t, u2);
        F.mul(q, qo + 8, t, z2z2, t, s1);
        F.mul(p, o + 4, t, s1, t, s1); // S1 = Y1·Z2·Z2Z2
        F.mul(p, o + 8, t, z1z1, t, s2);
        F.mul(q, qo + 4, t, s2, t, s2); // S2 = Y2·Z1·Z1Z1
        F.sub(t, u2, t, u1, t, h);
        F.sub(t, s2, t, s1, t, rr);
        if (Field.isZero(t, h)) {
            if (Field.isZero(t, rr)) dbl(p, o, r, ro, t);
            else setInfinity(r, ro);
            return;
        }
        F.dbl(t, rr, t, rr); // r = 2(S2 − S1)
        F.dbl(t, h, t, i);
        F.sqr(t, i, t, i); // I = (2H)²
        F.mul(t, h, t, i, t, j); // J = H·I
        F.mul(t, u1, t, i, t, v); // V = U1·I
        F.sqr(t, rr, t, x3);
        F.sub(t, x3, t, j, t, x3);
        F.sub(t, x3, t, v, t, x3);
        F.sub(t, x3, t, v, t, x3); // X3 = r² − J − 2V
        // Z3 = ((Z1+Z2)² − Z1Z1 − Z2Z2)·H, computed into slot u2 (no longer needed)
        F.add(p, o + 8, q, qo + 8, t, u2);
        F.sqr(t, u2, t, u2);
        F.sub(t, u2, t, z1z1, t, u2);
        F.sub(t, u2, t, z2z2, t, u2);
        F.mul(t, u2, t, h, t, u2);
        // Y3 = r(V − X3) − 2·S1·J, into slot s2
        F.sub(t, v, t, x3, t, s2);
        F.mul(t, rr, t, s2, t, s2);
        F.mul(t, s1, t, j, t, j);
        F.dbl(t, j, t, j);
        F.sub(t, s2, t, j, t, s2);
        Field.copy(t, x3, r, ro);
        Field.copy(t, s2, r, ro + 4);
        Field.copy(t, u2, r, ro + 8);
    }

    /** Affine form of p into r (8 longs; all zero for infinity), with one field inversion. */
    public static void toAffine(long[] p, int o, long[] r, int ro) {
        if (isInfinity(p, o)) {
            G1.setInfinity(r, ro);
            return;
        }
        long[] t = new long[12];
        F.inverse(p, o + 8, t, 0);
        F.sqr(t, 0, t, 4);
        F.mul(t, 0, t, 4, t, 8);
        F.mul(p, o, t, 4, r, ro);
        F.mul(p, o + 4, t, 8, r, ro + 4);
    }

    public static long[] toAffine(long[] p, int o) {
        long[] r = new long[G1.SIZE];
        toAffine(p, o, r, 0);
        return r;
    }

    /**
     * Converts {@code n} Jacobian points to affine with one inversion in all (Montgomery's batch
     * inversion of the Z coordinates). Points at infinity become all-zero affine points.
     */
    public static void batchToAffine(long[] p, int o, int n, long[] r, int ro) {
        long[] z = new long[4 * n];
        for (int i = 0; i < n; i++) Field.copy(p, o + i * SIZE + 8, z, 4 * i);
        F.batchInverse(z, 0, n, new long[4 * n]);
        long[] t = new long[8];
        for (int i = 0; i < n; i++) {
            int pi = o + i * SIZE, ri = ro + i * G1.SIZE;
            if (Field.isZero(z, 4 * i)) {
                G1.setInfinity(r, ri);
                continue;
            }
            F.sqr(z, 4 * i, t, 0);
            F.mul(z, 4 * i, t, 0, t, 4);
            F.mul(p, pi, t, 0, r, ri);
            F.mul(p, pi + 4, t, 4, r, ri + 4);
        }
    }

    /** True when p and q are the same point (compares X1·Z2² = X2·Z1² and Y1·Z2³ = Y2·Z1³). */
    public static boolean equal(long[] p, int o, long[] q, int qo) {
        boolean pi = isInfinity(p, o), qi = isInfinity(q, qo);
        if (pi || qi) return pi == qi;
        long[] t = new long[24];
        F.sqr(p, o + 8, t, 0);
        F.sqr(q, qo + 8, t, 4);
        F.mul(p, o, t, 4, t, 8);
        F.mul(q, qo, t, 0, t, 12);
        if (!Field.equal(t, 8, t, 12)) return false;
        F.mul(t, 0, p, o + 8, t, 0);
        F.mul(t, 4, q, qo + 8, t, 4);
        F.mul(p, o + 4, t, 4, t, 16);
        F.mul(q, qo + 4, t, 0, t, 20);
        return Field.equal(t, 16, t, 20);
    }
}
