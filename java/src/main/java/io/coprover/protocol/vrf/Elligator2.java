package io.coprover.protocol.vrf;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * encode_to_curve for ECVRF-EDWARDS25519-SHA512-ELL2 (RFC 9381 §5.4.1.2): the RFC 9380 suite
 * edwards25519_XMD:SHA-512_ELL2_NU_ with DST = "ECVRF_" ‖ that suite id ‖ suite_string (0x04).
 * Steps: expand_message_xmd (RFC 9380 §5.3.1) to 48 bytes, u = OS2IP mod p, Elligator 2 onto
 * curve25519 (§6.7.1, the plain version with Z = 2), the rational map to edwards25519 (§6.8.2),
 * then clearing the cofactor 8.
 */
final class Elligator2 {
    private Elligator2() {}

    private static final BigInteger P = Ed25519Point.P;
    private static final BigInteger J = BigInteger.valueOf(486662);
    private static final BigInteger Z = BigInteger.TWO;
    private static final BigInteger SQRT_M1 =
            BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
    /** sqrt(−486664) with sgn0 = 0 (RFC 9380 §6.8.2 / Appendix G.2.2). */
    private static final BigInteger C1 =
            sgn0Even(sqrt(BigInteger.valueOf(-486664).mod(P)));

    /** The intermediate values that RFC 9381 Appendix B.4 prints. */
    record Trace(byte[] uniformBytes, BigInteger u, BigInteger gx1, boolean gx1IsSquare, Ed25519Point h) {}

    static Trace encode(byte[] pkString, byte[] alpha) {
        byte[] dst = dst();
        byte[] msg = new byte[pkString.length + alpha.length];
        System.arraycopy(pkString, 0, msg, 0, pkString.length);
        System.arraycopy(alpha, 0, msg, pkString.length, alpha.length);
        byte[] uniform = expandMessageXmd(msg, dst, 48);
        BigInteger u = new BigInteger(1, uniform).mod(P);
        // Elligator 2 onto curve25519: K·t² = s³ + J·s² + s with K = 1
        BigInteger tv = BigInteger.ONE.add(Z.multiply(u).multiply(u)).mod(P);
        BigInteger x1 = tv.signum() == 0
                ? BigInteger.ZERO
                : J.negate().multiply(tv.modInverse(P)).mod(P);
        if (x1.signum() == 0) x1 = J.negate().mod(P);
        BigInteger gx1 = g(x1);
        BigInteger x2 = x1.negate().subtract(J).mod(P);
        boolean square = isSquare(gx1);
        BigInteger s, t;
        if (square) {
            s = x1;
            t = sqrt(gx1);
            if (!t.testBit(0)) t = P.subtract(t).mod(P); // sgn0(y) == 1
        } else {
            s = x2;
            t = sqrt(g(x2));
            if (t.testBit(0)) t = P.subtract(t).mod(P); // sgn0(y) == 0
        }
        // rational map to edwards25519: x = c1·s/t, y = (s − 1)/(s + 1); exceptional cases → identity
        BigInteger den = t.multiply(s.add(BigInteger.ONE)).mod(P);
        Ed25519Point q;
        if (den.signum() == 0) {
            q = Ed25519Point.IDENTITY;
        } else {
            BigInteger x = C1.multiply(s).multiply(t.modInverse(P)).mod(P);
            BigInteger y = s.subtract(BigInteger.ONE)
                    .multiply(s.add(BigInteger.ONE).modInverse(P))
                    .mod(P);
            q = Ed25519Point.affine(x, y);
        }
        return new Trace(uniform, u, gx1, square, q.timesCofactor());
    }

    private static BigInteger g(BigInteger x) {
        return x.multiply(x).multiply(x).add(J.multiply(x).multiply(x)).add(x).mod(P);
    }

    private static boolean isSquare(BigInteger a) {
        return a.signum() == 0
                || a.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).equals(BigInteger.ONE);
    }

    /** A square root of a square a (p ≡ 5 mod 8: a^((p+3)/8), times sqrt(−1) if needed). */
    private static BigInteger sqrt(BigInteger a) {
        BigInteger r = a.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (r.multiply(r).mod(P).equals(a.mod(P))) return r;
        r = r.multiply(SQRT_M1).mod(P);
        if (r.multiply(r).mod(P).equals(a.mod(P))) return r;
        throw new ArithmeticException("not a square");
    }

    private static BigInteger sgn0Even(BigInteger r) {
        return r.testBit(0) ? P.subtract(r) : r;
    }

    static byte[] dst() {
        byte[] id = "ECVRF_edwards25519_XMD:SHA-512_ELL2_NU_".getBytes(StandardCharsets.US_ASCII);
        byte[] dst = Arrays.copyOf(id, id.length + 1);
        dst[id.length] = 0x04;
        return dst;
    }

    /** RFC 9380 §5.3.1 with SHA-512 (b = 64 bytes, block s = 128 bytes). */
    static byte[] expandMessageXmd(byte[] msg, byte[] dst, int len) {
        int ell = (len + 63) / 64;
        if (ell > 255 || len > 65535 || dst.length > 255)
            throw new IllegalArgumentException("expand_message_xmd: bad lengths");
        MessageDigest md = sha512();
        md.update(new byte[128]);
        md.update(msg);
        md.update(new byte[] {(byte) (len >> 8), (byte) len, 0});
        md.update(dst);
        md.update((byte) dst.length);
        byte[] b0 = md.digest();
        byte[] out = new byte[len];
        byte[] prev = new byte[64];
        for (int i = 1; i <= ell; i++) {
            byte[] x = new byte[64];
            for (int j = 0; j < 64; j++) x[j] = (byte) (b0[j] ^ prev[j]);
            md.update(x);
            md.update((byte) i);
            md.update(dst);
            md.update((byte) dst.length);
            prev = md.digest();
            System.arraycopy(prev, 0, out, (i - 1) * 64, Math.min(64, len - (i - 1) * 64));
        }
        return out;
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
