package io.coprover.protocol.vrf;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381 §5.5, suite_string 0x03) and
 * ECVRF-EDWARDS25519-SHA512-ELL2 (suite_string 0x04, encode_to_curve by {@link Elligator2}).
 *
 * <p>Parameters: ptLen = 32 (RFC 8032 point encoding), cLen = 16, qLen = 32, hLen = 64; integers
 * little-endian; the secret scalar x is RFC 8032's clamped first half of SHA-512(SK) and the nonce
 * is SHA-512(second half || h_string) mod q (§5.4.2.2); encode_to_curve is try-and-increment
 * with string_to_point(first 32 bytes) followed by multiplication by the cofactor 8.
 */
final class EcvrfEd25519 implements Vrf {
    private final byte suite;
    private final boolean ell2;
    private static final int PT = 32, C = 16, Q = 32;
    private static final BigInteger ORDER = Ed25519Point.L;

    /** @param ell2 false: try-and-increment (suite 0x03); true: Elligator 2 (suite 0x04, RFC 9381 §5.4.1.2) */
    EcvrfEd25519(boolean ell2) {
        this.ell2 = ell2;
        this.suite = ell2 ? (byte) 0x04 : (byte) 0x03;
    }

    @Override
    public String name() {
        return ell2 ? "ECVRF-EDWARDS25519-SHA512-ELL2" : "ECVRF-EDWARDS25519-SHA512-TAI";
    }

    @Override
    public int suiteId() {
        return suite;
    }

    @Override
    public int secretKeyLength() {
        return 32;
    }

    @Override
    public int publicKeyLength() {
        return PT;
    }

    @Override
    public int proofLength() {
        return PT + C + Q;
    }

    @Override
    public int hashLength() {
        return 64;
    }

    @Override
    public byte[] generateSecretKey(SecureRandom rnd) {
        byte[] sk = new byte[32];
        rnd.nextBytes(sk);
        return sk;
    }

    /** SHA-512(SK): the clamped first half is x, the second half seeds the nonce. */
    private static byte[] expand(byte[] sk) {
        if (sk == null || sk.length != 32) {
            throw new IllegalArgumentException(
                    "edwards25519 secret key must be 32 bytes, got " + (sk == null ? "none" : sk.length));
        }
        return sha512().digest(sk);
    }

    private static BigInteger clampedScalar(byte[] h) {
        byte[] a = Arrays.copyOf(h, 32);
        a[0] &= (byte) 248;
        a[31] &= 127;
        a[31] |= 64;
        return Ed25519Point.fromLittleEndian(a, 0, 32);
    }

    @Override
    public byte[] publicKey(byte[] sk) {
        return Ed25519Point.BASE.multiply(clampedScalar(expand(sk))).encode();
    }

    @Override
    public VrfTrace trace(byte[] sk, byte[] alpha) {
        byte[] hsk = expand(sk);
        BigInteger x = clampedScalar(hsk);
        byte[] pk = Ed25519Point.BASE.multiply(x).encode();
        int[] ctr = new int[1];
        Ed25519Point h = encodeToCurve(pk, alpha, ctr);
        byte[] hStr = h.encode();
        Ed25519Point gamma = h.multiply(x);
        MessageDigest md = sha512();
        md.update(hsk, 32, 32);
        md.update(hStr);
        BigInteger k = Ed25519Point.fromLittleEndian(md.digest(), 0, 64).mod(ORDER);
        byte[] u = Ed25519Point.BASE.multiply(k).encode();
        byte[] v = h.multiply(k).encode();
        byte[] gStr = gamma.encode();
        byte[] cStr = challenge(pk, hStr, gStr, u, v);
        BigInteger c = Ed25519Point.fromLittleEndian(cStr, 0, C);
        BigInteger s = k.add(c.multiply(x)).mod(ORDER);
        byte[] pi = new byte[PT + C + Q];
        System.arraycopy(gStr, 0, pi, 0, PT);
        System.arraycopy(cStr, 0, pi, PT, C);
        System.arraycopy(Ed25519Point.littleEndian(s, Q), 0, pi, PT + C, Q);
        return new VrfTrace(
                pk,
                Ed25519Point.littleEndian(x, 32),
                ctr[0],
                hStr,
                Ed25519Point.littleEndian(k, 32),
                u,
                v,
                pi,
                gammaToHash(gamma));
    }

    @Override
    public byte[] hash(byte[] sk, byte[] alpha) {
        BigInteger x = clampedScalar(expand(sk));
        byte[] pk = Ed25519Point.BASE.multiply(x).encode();
        return gammaToHash(encodeToCurve(pk, alpha, new int[1]).multiply(x));
    }

    @Override
    public byte[] proofToHash(byte[] pi) {
        if (pi == null || pi.length != proofLength()) {
            throw new IllegalArgumentException(
                    "VRF proof must be " + proofLength() + " bytes, got " + (pi == null ? "none" : pi.length));
        }
        Ed25519Point gamma = Ed25519Point.decode(Arrays.copyOfRange(pi, 0, PT));
        if (gamma == null) throw new IllegalArgumentException("VRF proof: Gamma is not a valid edwards25519 point");
        return gammaToHash(gamma);
    }

    @Override
    public String validatePublicKey(byte[] pk) {
        if (pk == null || pk.length != PT)
            return "public key must be " + PT + " bytes, got " + (pk == null ? "none" : pk.length);
        Ed25519Point y = Ed25519Point.decode(pk);
        if (y == null) return "public key is not a point on edwards25519";
        if (y.timesCofactor().isIdentity()) return "public key is of low order"; // §5.4.5 step 3
        return null;
    }

    @Override
    public VrfResult verify(byte[] pk, byte[] alpha, byte[] pi) {
        try {
            String bad = validatePublicKey(pk);
            if (bad != null) return VrfResult.invalid(bad);
            if (alpha == null) return VrfResult.invalid("alpha missing");
            if (pi == null || pi.length != proofLength()) {
                return VrfResult.invalid(
                        "proof must be " + proofLength() + " bytes, got " + (pi == null ? "none" : pi.length));
            }
            Ed25519Point y = Ed25519Point.decode(pk);
            Ed25519Point gamma = Ed25519Point.decode(Arrays.copyOfRange(pi, 0, PT));
            if (gamma == null) return VrfResult.invalid("proof: Gamma is not a point on edwards25519");
            byte[] cStr = Arrays.copyOfRange(pi, PT, PT + C);
            BigInteger c = Ed25519Point.fromLittleEndian(cStr, 0, C);
            BigInteger s = Ed25519Point.fromLittleEndian(pi, PT + C, Q);
            if (s.compareTo(ORDER) >= 0) return VrfResult.invalid("proof: s >= q");
            Ed25519Point h = encodeToCurve(pk, alpha, new int[1]);
            Ed25519Point u = Ed25519Point.BASE.multiply(s).add(y.multiply(c).negate());
            Ed25519Point v = h.multiply(s).add(gamma.multiply(c).negate());
            byte[] c2 = challenge(pk, h.encode(), Arrays.copyOfRange(pi, 0, PT), u.encode(), v.encode());
            if (!MessageDigest.isEqual(cStr, c2))
                return VrfResult.invalid("proof does not verify (challenge mismatch)");
            return VrfResult.ok(gammaToHash(gamma));
        } catch (RuntimeException e) {
            return VrfResult.invalid("proof rejected: " + e.getMessage());
        }
    }

    /** §5.4.1.2 (ELL2, ctr[0] = −1) or §5.4.1.1 try-and-increment with cofactor clearing, skipping the identity. */
    private Ed25519Point encodeToCurve(byte[] pkString, byte[] alpha, int[] ctr) {
        if (ell2) {
            ctr[0] = -1;
            return Elligator2.encode(pkString, alpha).h();
        }
        MessageDigest md = sha512();
        for (int i = 0; i < 256; i++) {
            md.update(suite);
            md.update((byte) 0x01);
            md.update(pkString);
            md.update(alpha);
            md.update((byte) i);
            md.update((byte) 0x00);
            Ed25519Point h = Ed25519Point.decode(Arrays.copyOf(md.digest(), 32));
            if (h != null) {
                h = h.timesCofactor();
                if (!h.isIdentity()) {
                    ctr[0] = i;
                    return h;
                }
            }
        }
        throw new IllegalStateException("encode_to_curve: no point found in 256 tries");
    }

    private byte[] challenge(byte[]... points) {
        MessageDigest md = sha512();
        md.update(suite);
        md.update((byte) 0x02);
        for (byte[] p : points) md.update(p);
        md.update((byte) 0x00);
        return Arrays.copyOf(md.digest(), C);
    }

    private byte[] gammaToHash(Ed25519Point gamma) {
        MessageDigest md = sha512();
        md.update(suite);
        md.update((byte) 0x03);
        md.update(gamma.timesCofactor().encode());
        md.update((byte) 0x00);
        return md.digest();
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
