package io.coprover.protocol.vrf;

import java.math.BigInteger;

/**
 * A point of edwards25519 (RFC 8032 §5.1: −x² + y² = 1 + d·x²·y² over GF(2^255 − 19)) in extended
 * coordinates (X : Y : Z : T), x = X/Z, y = Y/Z, x·y = T/Z.
 *
 * <p>BigInteger arithmetic: this serves the VRF (a handful of scalar multiplications per proof),
 * not a hot path. The addition law is the complete one of RFC 8032 §5.1.4 (a = −1), so doubling
 * and additions with the identity need no special cases.
 */
final class Ed25519Point {
    static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    /** Group order L = 2^252 + 27742317777372353535851937790883648493. */
    static final BigInteger L =
            BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
    /** d = −121665 / 121666. */
    static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P))
            .mod(P);

    private static final BigInteger D2 = D.shiftLeft(1).mod(P);
    /** sqrt(−1) = 2^((p−1)/4). */
    private static final BigInteger SQRT_M1 =
            BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);

    static final Ed25519Point IDENTITY =
            new Ed25519Point(BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO);
    /** Base point B: y = 4/5, x even. */
    static final Ed25519Point BASE = fromY(
            BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P), 0);

    final BigInteger x, y, z, t;

    private Ed25519Point(BigInteger x, BigInteger y, BigInteger z, BigInteger t) {
        this.x = x;
        this.y = y;
        this.z = z;
        this.t = t;
    }

    /** The point with this y and low bit of x, or null if none. */
    private static Ed25519Point fromY(BigInteger y, int xBit) {
        BigInteger y2 = y.multiply(y).mod(P);
        BigInteger u = y2.subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(y2).add(BigInteger.ONE).mod(P);
        // x = u v^3 (u v^7)^((p−5)/8)   (RFC 8032 §5.1.3 step 2)
        BigInteger v3 = v.modPow(BigInteger.valueOf(3), P);
        BigInteger v7 = v3.multiply(v3).multiply(v).mod(P);
        BigInteger xx = u.multiply(v3)
                .multiply(u.multiply(v7)
                        .mod(P)
                        .modPow(P.subtract(BigInteger.valueOf(5)).shiftRight(3), P))
                .mod(P);
        BigInteger vx2 = v.multiply(xx).multiply(xx).mod(P);
        if (!vx2.equals(u)) {
            if (vx2.equals(P.subtract(u).mod(P))) {
                xx = xx.multiply(SQRT_M1).mod(P);
            } else {
                return null;
            }
        }
        if (xx.signum() == 0 && xBit == 1) return null;
        if (xx.testBit(0) != (xBit == 1)) xx = P.subtract(xx);
        return new Ed25519Point(xx, y, BigInteger.ONE, xx.multiply(y).mod(P));
    }

    /** The point with affine coordinates (x, y), assumed on the curve. */
    static Ed25519Point affine(BigInteger x, BigInteger y) {
        return new Ed25519Point(x, y, BigInteger.ONE, x.multiply(y).mod(P));
    }

    /** RFC 8032 §5.1.3 decoding; null for a string that is not a canonical point encoding. */
    static Ed25519Point decode(byte[] s) {
        if (s == null || s.length != 32) return null;
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) be[i] = s[31 - i];
        int xBit = (be[0] >> 7) & 1;
        be[0] &= 0x7f;
        BigInteger y = new BigInteger(1, be);
        if (y.compareTo(P) >= 0) return null;
        return fromY(y, xBit);
    }

    /** RFC 8032 §5.1.2 encoding: y little-endian, top bit = low bit of x. */
    byte[] encode() {
        BigInteger zi = z.modInverse(P);
        BigInteger ax = x.multiply(zi).mod(P), ay = y.multiply(zi).mod(P);
        byte[] out = littleEndian(ay, 32);
        if (ax.testBit(0)) out[31] |= (byte) 0x80;
        return out;
    }

    Ed25519Point add(Ed25519Point o) {
        BigInteger a = y.subtract(x).multiply(o.y.subtract(o.x)).mod(P);
        BigInteger b = y.add(x).multiply(o.y.add(o.x)).mod(P);
        BigInteger c = t.multiply(D2).multiply(o.t).mod(P);
        BigInteger d = z.shiftLeft(1).multiply(o.z).mod(P);
        BigInteger e = b.subtract(a), f = d.subtract(c), g = d.add(c), h = b.add(a);
        return new Ed25519Point(
                e.multiply(f).mod(P),
                g.multiply(h).mod(P),
                f.multiply(g).mod(P),
                e.multiply(h).mod(P));
    }

    Ed25519Point negate() {
        return new Ed25519Point(P.subtract(x).mod(P), y, z, P.subtract(t).mod(P));
    }

    /** k·this for k ≥ 0, left-to-right double-and-add. */
    Ed25519Point multiply(BigInteger k) {
        Ed25519Point r = IDENTITY;
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            r = r.add(r);
            if (k.testBit(i)) r = r.add(this);
        }
        return r;
    }

    /** Multiplication by the cofactor 8. */
    Ed25519Point timesCofactor() {
        Ed25519Point r = add(this);
        r = r.add(r);
        return r.add(r);
    }

    boolean isIdentity() {
        return x.signum() == 0 && y.equals(z);
    }

    static byte[] littleEndian(BigInteger v, int len) {
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) out[i] = v.shiftRight(8 * i).byteValue();
        return out;
    }

    static BigInteger fromLittleEndian(byte[] b, int off, int len) {
        byte[] be = new byte[len];
        for (int i = 0; i < len; i++) be[i] = b[off + len - 1 - i];
        return new BigInteger(1, be);
    }
}
