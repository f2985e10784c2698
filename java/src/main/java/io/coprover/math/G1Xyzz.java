package io.coprover.math;

/**
 * BN254 G1 points in extended Jacobian "XYZZ" coordinates: 16 longs (X, Y, ZZ, ZZZ) with
 * ZZ³ = ZZZ², representing the affine point (X/ZZ, Y/ZZZ). ZZ = 0 is the point at infinity.
 *
 * <p>XYZZ is the accumulator of choice for MSM buckets: a mixed addition costs 8M + 2S against
 * 7M + 4S in Jacobian coordinates, and a full addition 12M + 2S. Formulas: Explicit-Formulas
 * Database, hyperelliptic.org/EFD/g1p/auto-shortw-xyzz.html (madd-2008-s, add-2008-s,
 * dbl-2008-s-1, mdbl-2008-s-1; a = 0). Every method takes a scratch array {@code t} of at least
 * {@link #SCRATCH} longs; results may alias inputs.
 */
public final class G1Xyzz {
    /** Longs per XYZZ point. */
    public static final int SIZE = 16;
    /** Longs of scratch every method needs. */
    public static final int SCRATCH = 48;

    private static final Field F = Field.FQ;

    private G1Xyzz() {}

    public static boolean isInfinity(long[] p, int o) {
        return Field.isZero(p, o + 8);
    }

    public static void setInfinity(long[] r, int ro) {
        for (int i = 0; i < SIZE; i++) r[ro + i] = 0;
    }

    public static void copy(long[] p, int o, long[] r, int ro) {
        System.arraycopy(p, o, r, ro, SIZE);
    }

    /** r = the affine point a with ZZ = ZZZ = 1 (infinity stays infinity). */
    public static void fromAffine(long[] a, int ao, long[] r, int ro) {
        if (G1.isInfinity(a, ao)) {
            setInfinity(r, ro);
            return;
        }
        Field.copy(a, ao, r, ro);
        Field.copy(a, ao + 4, r, ro + 4);
        F.setOne(r, ro + 8);
        F.setOne(r, ro + 12);
    }

    /** r = 2p (dbl-2008-s-1, 6M + 3S). */
    public static void dbl(long[] p, int o, long[] r, int ro, long[] t) {
        if (isInfinity(p, o)) {
            setInfinity(r, ro);
            return;
        }
        final int u = 0, v = 4, w = 8, s = 12, m = 16, x3 = 20, y3 = 24;
        F.dbl(p, o + 4, t, u); // U = 2Y1
        F.sqr(t, u, t, v); // V = U²
        F.mul(t, u, t, v, t, w); // W = U·V
        F.mul(p, o, t, v, t, s); // S = X1·V
        F.sqr(p, o, t, m);
        F.dbl(t, m, t, x3);
        F.add(t, x3, t, m, t, m); // M = 3X1²
        F.sqr(t, m, t, x3);
        F.sub(t, x3, t, s, t, x3);
        F.sub(t, x3, t, s, t, x3); // X3 = M² − 2S
        F.sub(t, s, t, x3, t, y3);
        F.mul(t, m, t, y3, t, y3);
        F.mul(t, w, p, o + 4, t, u);
        F.sub(t, y3, t, u, t, y3); // Y3 = M(S − X3) − W·Y1
        F.mul(t, v, p, o + 8, r, ro + 8); // ZZ3 = V·ZZ1
        F.mul(t, w, p, o + 12, r, ro + 12); // ZZZ3 = W·ZZZ1
        Field.copy(t, x3, r, ro);
        Field.copy(t, y3, r, ro + 4);
    }

    /** r = 2a for an affine a (mdbl-2008-s-1, 2M + 3S). */
    public static void dblAffine(long[] a, int ao, long[] r, int ro, long[] t) {
        if (G1.isInfinity(a, ao)) {
            setInfinity(r, ro);
            return;
        }
        final int u = 0, v = 4, w = 8, s = 12, m = 16, x3 = 20, y3 = 24;
        F.dbl(a, ao + 4, t, u);
        F.sqr(t, u, t, v);
        F.mul(t, u, t, v, t, w);
        F.mul(a, ao, t, v, t, s);
        F.sqr(a, ao, t, m);
        F.dbl(t, m, t, x3);
        F.add(t, x3, t, m, t, m);
        F.sqr(t, m, t, x3);
        F.sub(t, x3, t, s, t, x3);
        F.sub(t, x3, t, s, t, x3);
        F.sub(t, s, t, x3, t, y3);
        F.mul(t, m, t, y3, t, y3);
        F.mul(t, w, a, ao + 4, t, u);
        F.sub(t, y3, t, u, t, y3);
        Field.copy(t, x3, r, ro);
        Field.copy(t, y3, r, ro + 4);
        Field.copy(t, v, r, ro + 8);
        Field.copy(t, w, r, ro + 12);
    }

    /**
     * r = p + (±a) for an XYZZ p and an affine a, negated when {@code negate} (madd-2008-s,
     * 8M + 2S). All cases handled: infinity on either side, p = a, p = −a.
     */
    public static void addMixed(long[] p, int o, long[] a, int ao, boolean negate, long[] r, int ro, long[] t) {
        if (G1.isInfinity(a, ao)) {
            if (r != p || ro != o) copy(p, o, r, ro);
            return;
        }
        final int ay = 0, pp = 4, rr = 8, ppp = 12, q = 16, x3 = 20, y3 = 24;
        if (negate) F.neg(a, ao + 4, t, ay);
        else Field.copy(a, ao + 4, t, ay);
        if (isInfinity(p, o)) {
            Field.copy(a, ao, r, ro);
            Field.copy(t, ay, r, ro + 4);
            F.setOne(r, ro + 8);
            F.setOne(r, ro + 12);
            return;
        }
        F.mul(a, ao, p, o + 8, t, pp);
        F.sub(t, pp, p, o, t, pp); // P = X2·ZZ1 − X1
        F.mul(t, ay, p, o + 12, t, rr);
        F.sub(t, rr, p, o + 4, t, rr); // R = Y2·ZZZ1 − Y1
        if (Field.isZero(t, pp)) {
            if (Field.isZero(t, rr)) { // p = ±a as the same point: double the affine input
                Field.copy(a, ao, t, 28);
                Field.copy(t, ay, t, 32);
                dblAffine(t, 28, r, ro, t);
            } else {
                setInfinity(r, ro);
            }
            return;
        }
        // PP, PPP first, then reuse slot pp for P·… once P is no longer needed
        F.sqr(t, pp, t, q); // PP = P²
        F.mul(t, pp, t, q, t, ppp); // PPP = P·PP
        Field.copy(t, q, t, pp); // slot pp := PP
        F.mul(p, o, t, pp, t, q); // Q = X1·PP
        F.sqr(t, rr, t, x3);
        F.sub(t, x3, t, ppp, t, x3);
        F.sub(t, x3, t, q, t, x3);
        F.sub(t, x3, t, q, t, x3); // X3 = R² − PPP − 2Q
        F.sub(t, q, t, x3, t, y3);
        F.mul(t, rr, t, y3, t, y3);
        F.mul(p, o + 4, t, ppp, t, q);
        F.sub(t, y3, t, q, t, y3); // Y3 = R(Q − X3) − Y1·PPP
        F.mul(p, o + 8, t, pp, r, ro + 8); // ZZ3 = ZZ1·PP
        F.mul(p, o + 12, t, ppp, r, ro + 12); // ZZZ3 = ZZZ1·PPP
        Field.copy(t, x3, r, ro);
        Field.copy(t, y3, r, ro + 4);
    }

    /** r = p + q for XYZZ p, q (add-2008-s, 12M + 2S), all cases handled. */
    public static void add(long[] p, int o, long[] q, int qo, long[] r, int ro, long[] t) {
        if (isInfinity(q, qo)) {
            if (r != p || ro != o) copy(p, o, r, ro);
            return;
        }
        if (isInfinity(p, o)) {
            copy(q, qo, r, ro);
            return;
        }
        final int u1 = 0,
                u2 = 4,
                s1 = 8,
                s2 = 12,
                pp = 16,
                rr = 20,
                ppp = 24,
                qq = 28,
                x3 = 32,
                y3 = 36,
                zz = 40,
                zzz = 44;
        F.mul(p, o, q, qo + 8, t, u1);
        F.mul(q, qo, p, o + 8, t, u2);
        F.mul(p, o + 4, q, qo + 12, t, s1);
        F.mul(q, qo + 4, p, o + 12, t, s2);
        F.sub(t, u2, t, u1, t, pp); // P = U2 − U1
        F.sub(t, s2, t, s1, t, rr); // R = S2 − S1
        if (Field.isZero(t, pp)) {
            if (Field.isZero(t, rr)) dbl(p, o, r, ro, t);
            else setInfinity(r, ro);
            return;
        }
        F.sqr(t, pp, t, u2); // PP
        F.mul(t, pp, t, u2, t, ppp); // PPP
        F.mul(t, u1, t, u2, t, qq); // Q = U1·PP
        F.sqr(t, rr, t, x3);
        F.sub(t, x3, t, ppp, t, x3);
        F.sub(t, x3, t, qq, t, x3);
        F.sub(t, x3, t, qq, t, x3); // X3 = R² − PPP − 2Q
        F.sub(t, qq, t, x3, t, y3);
        F.mul(t, rr, t, y3, t, y3);
        F.mul(t, s1, t, ppp, t, s2);
        F.sub(t, y3, t, s2, t, y3); // Y3 = R(Q − X3) − S1·PPP
        F.mul(p, o + 8, q, qo + 8, t, zz);
        F.mul(t, zz, t, u2, t, zz); // ZZ3 = ZZ1·ZZ2·PP
        F.mul(p, o + 12, q, qo + 12, t, zzz);
        F.mul(t, zzz, t, ppp, t, zzz); // ZZZ3 = ZZZ1·ZZZ2·PPP
        Field.copy(t, x3, r, ro);
        Field.copy(t, y3, r, ro + 4);
        Field.copy(t, zz, r, ro + 8);
        Field.copy(t, zzz, r, ro + 12);
    }

    /** Affine form of p into r (8 longs, all zero for infinity), with one field inversion. */
    public static void toAffine(long[] p, int o, long[] r, int ro) {
        if (isInfinity(p, o)) {
            G1.setInfinity(r, ro);
            return;
        }
        // x = X/ZZ, y = Y/ZZZ: invert the product ZZ·ZZZ once and multiply out.
        long[] t = new long[16];
        F.mul(p, o + 8, p, o + 12, t, 0);
        F.inverse(t, 0, t, 0); // 1/(ZZ·ZZZ)
        F.mul(t, 0, p, o + 12, t, 4); // 1/ZZ
        F.mul(t, 0, p, o + 8, t, 8); // 1/ZZZ
        F.mul(p, o, t, 4, r, ro);
        F.mul(p, o + 4, t, 8, r, ro + 4);
    }

    /** r = p as a Jacobian point, without inversion (Z = ZZ·ZZZ). */
    public static void toJacobian(long[] p, int o, long[] r, int ro) {
        if (isInfinity(p, o)) {
            G1Jacobian.setInfinity(r, ro);
            return;
        }
        // Choose Z = ZZ·ZZZ: then Z² = ZZ²·ZZZ², X_J = x·Z² = X·ZZ·ZZZ², Y_J = y·Z³ = Y·ZZ³·ZZZ².
        long[] t = new long[12];
        F.sqr(p, o + 12, t, 0); // ZZZ²
        F.mul(p, o + 8, t, 0, t, 4); // ZZ·ZZZ²
        F.mul(p, o, t, 4, r, ro); // X_J
        F.sqr(p, o + 8, t, 8);
        F.mul(t, 8, t, 4, t, 8); // ZZ³·ZZZ²
        F.mul(p, o + 4, t, 8, r, ro + 4); // Y_J
        F.mul(p, o + 8, p, o + 12, r, ro + 8);
    }
}
