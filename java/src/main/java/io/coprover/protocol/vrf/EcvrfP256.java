package io.coprover.protocol.vrf;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * ECVRF-P256-SHA256-TAI (RFC 9381 §5.5, suite_string 0x01) on Bouncy Castle's P-256 curve.
 *
 * <p>Parameters: ptLen = 33 (SEC1 compressed points), cLen = 16, qLen = 32, hLen = 32; integers
 * big-endian; encode_to_curve = try-and-increment (§5.4.1.1) with salt = PK_string; nonce per
 * RFC 6979 §3.2 with SHA-256 over h1 = SHA-256(point_to_string(H)) (§5.4.2.1); cofactor 1.
 */
final class EcvrfP256 implements Vrf {
    private static final byte SUITE = 0x01;
    private static final int PT = 33, C = 16, Q = 32;
    private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256r1");
    private static final ECCurve CURVE = PARAMS.getCurve();
    private static final ECPoint G = PARAMS.getG();
    private static final BigInteger ORDER = PARAMS.getN();

    @Override
    public String name() {
        return "ECVRF-P256-SHA256-TAI";
    }

    @Override
    public int suiteId() {
        return SUITE;
    }

    @Override
    public int secretKeyLength() {
        return Q;
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
        return 32;
    }

    @Override
    public byte[] generateSecretKey(SecureRandom rnd) {
        BigInteger x;
        do {
            x = new BigInteger(256, rnd);
        } while (x.signum() == 0 || x.compareTo(ORDER) >= 0);
        return BigIntegers.asUnsignedByteArray(Q, x);
    }

    /** The secret scalar x, 1 ≤ x < q, from its 32-byte big-endian encoding. */
    private static BigInteger scalar(byte[] sk) {
        if (sk == null || sk.length != Q) {
            throw new IllegalArgumentException(
                    "P-256 secret key must be " + Q + " bytes, got " + (sk == null ? "none" : sk.length));
        }
        BigInteger x = new BigInteger(1, sk);
        if (x.signum() == 0 || x.compareTo(ORDER) >= 0) {
            throw new IllegalArgumentException("P-256 secret key out of range: must be in [1, q-1]");
        }
        return x;
    }

    @Override
    public byte[] publicKey(byte[] sk) {
        return G.multiply(scalar(sk)).getEncoded(true);
    }

    @Override
    public VrfTrace trace(byte[] sk, byte[] alpha) {
        BigInteger x = scalar(sk);
        byte[] pk = G.multiply(x).getEncoded(true);
        int[] ctr = new int[1];
        ECPoint h = encodeToCurve(pk, alpha, ctr);
        byte[] hStr = h.getEncoded(true);
        ECPoint gamma = h.multiply(x).normalize();
        BigInteger k = nonce(x, hStr);
        ECPoint u = G.multiply(k).normalize();
        ECPoint v = h.multiply(k).normalize();
        byte[] cStr = challenge(pk, hStr, gamma.getEncoded(true), u.getEncoded(true), v.getEncoded(true));
        BigInteger c = new BigInteger(1, cStr);
        BigInteger s = k.add(c.multiply(x)).mod(ORDER);
        byte[] pi = new byte[PT + C + Q];
        System.arraycopy(gamma.getEncoded(true), 0, pi, 0, PT);
        System.arraycopy(cStr, 0, pi, PT, C);
        System.arraycopy(BigIntegers.asUnsignedByteArray(Q, s), 0, pi, PT + C, Q);
        return new VrfTrace(
                pk,
                BigIntegers.asUnsignedByteArray(Q, x),
                ctr[0],
                hStr,
                BigIntegers.asUnsignedByteArray(Q, k),
                u.getEncoded(true),
                v.getEncoded(true),
                pi,
                gammaToHash(gamma));
    }

    @Override
    public byte[] hash(byte[] sk, byte[] alpha) {
        BigInteger x = scalar(sk);
        byte[] pk = G.multiply(x).getEncoded(true);
        return gammaToHash(encodeToCurve(pk, alpha, new int[1]).multiply(x));
    }

    @Override
    public byte[] proofToHash(byte[] pi) {
        if (pi == null || pi.length != proofLength()) {
            throw new IllegalArgumentException(
                    "VRF proof must be " + proofLength() + " bytes, got " + (pi == null ? "none" : pi.length));
        }
        ECPoint gamma = decodePoint(Arrays.copyOfRange(pi, 0, PT));
        if (gamma == null) throw new IllegalArgumentException("VRF proof: Gamma is not a valid P-256 point");
        return gammaToHash(gamma);
    }

    @Override
    public String validatePublicKey(byte[] pk) {
        if (pk == null || pk.length != PT) {
            return "public key must be " + PT + " bytes (SEC1 compressed), got " + (pk == null ? "none" : pk.length);
        }
        if (decodePoint(pk) == null) return "public key is not a point on P-256";
        return null; // cofactor 1 and the identity has no compressed encoding: nothing of low order
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
            ECPoint y = decodePoint(pk);
            ECPoint gamma = decodePoint(Arrays.copyOfRange(pi, 0, PT));
            if (gamma == null) return VrfResult.invalid("proof: Gamma is not a point on P-256");
            byte[] cStr = Arrays.copyOfRange(pi, PT, PT + C);
            BigInteger c = new BigInteger(1, cStr);
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(pi, PT + C, PT + C + Q));
            if (s.compareTo(ORDER) >= 0) return VrfResult.invalid("proof: s >= q");
            ECPoint h = encodeToCurve(pk, alpha, new int[1]);
            // U = s·B − c·Y, V = s·H − c·Gamma (RFC 9381 §5.3 steps 7-8)
            ECPoint u = ECAlgorithms.sumOfTwoMultiplies(G, s, y.negate(), c);
            ECPoint v = ECAlgorithms.sumOfTwoMultiplies(h, s, gamma.negate(), c);
            byte[] c2 = challenge(pk, h.getEncoded(true), gamma.getEncoded(true), enc(u), enc(v));
            if (!MessageDigest.isEqual(cStr, c2))
                return VrfResult.invalid("proof does not verify (challenge mismatch)");
            return VrfResult.ok(gammaToHash(gamma));
        } catch (RuntimeException e) {
            // Defensive: every malformed input is handled above; anything else is still a rejection.
            return VrfResult.invalid("proof rejected: " + e.getMessage());
        }
    }

    /** SEC1 compressed encoding; the identity (possible for U or V of a forged proof) encodes as 0x00. */
    private static byte[] enc(ECPoint p) {
        return p.isInfinity() ? new byte[] {0} : p.getEncoded(true);
    }

    /** string_to_point: a 33-byte compressed point on the curve, or null. */
    private static ECPoint decodePoint(byte[] b) {
        if (b.length != PT || (b[0] != 2 && b[0] != 3)) return null;
        try {
            ECPoint p = CURVE.decodePoint(b);
            return p.isInfinity() ? null : p.normalize();
        } catch (IllegalArgumentException e) {
            return null; // x >= p, or x^3 - 3x + b not a square
        }
    }

    /** §5.4.1.1 try-and-increment; ctr[0] receives the counter that succeeded. */
    private static ECPoint encodeToCurve(byte[] pkString, byte[] alpha, int[] ctr) {
        MessageDigest md = sha256();
        byte[] cand = new byte[PT];
        cand[0] = 0x02; // interpret_hash_value_as_a_point = string_to_point(0x02 || hash)
        for (int i = 0; i < 256; i++) {
            md.update(SUITE);
            md.update((byte) 0x01);
            md.update(pkString);
            md.update(alpha);
            md.update((byte) i);
            md.update((byte) 0x00);
            System.arraycopy(md.digest(), 0, cand, 1, 32);
            ECPoint h = decodePoint(cand);
            if (h != null) {
                ctr[0] = i;
                return h;
            }
        }
        // Probability 2^-256: the RFC leaves it undefined; treat as an error.
        throw new IllegalStateException("encode_to_curve: no point found in 256 tries");
    }

    /** §5.4.2.1: RFC 6979 nonce with m = h_string, hence h1 = SHA-256(h_string). */
    private static BigInteger nonce(BigInteger x, byte[] hString) {
        HMacDSAKCalculator kc = new HMacDSAKCalculator(new SHA256Digest());
        kc.init(ORDER, x, sha256().digest(hString));
        return kc.nextK();
    }

    /** §5.4.3 challenge generation: first cLen bytes of Hash(suite||0x02||P1..P5||0x00). */
    private static byte[] challenge(byte[]... points) {
        MessageDigest md = sha256();
        md.update(SUITE);
        md.update((byte) 0x02);
        for (byte[] p : points) md.update(p);
        md.update((byte) 0x00);
        return Arrays.copyOf(md.digest(), C);
    }

    /** §5.2 proof_to_hash: Hash(suite||0x03||point_to_string(cofactor·Gamma)||0x00). */
    private static byte[] gammaToHash(ECPoint gamma) {
        MessageDigest md = sha256();
        md.update(SUITE);
        md.update((byte) 0x03);
        md.update(gamma.normalize().getEncoded(true));
        md.update((byte) 0x00);
        return md.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
