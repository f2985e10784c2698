package io.coprover.protocol;

import io.coprover.protocol.vrf.VrfKeyPair;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The project's one signature scheme: Ed25519 (RFC 8032), deterministic, 32-byte public keys and
 * 64-byte signatures. Provers sign their proof records, registrations and contract transactions
 * with it; builder clients sign their requests.
 *
 * <p>A prover's signing key is derived from its VRF secret key ({@link #derivedFrom}): one secret
 * on disk, two keys. The VRF key is never used to sign: ECVRF (RFC 9381 §5.4.2.2) and EdDSA derive
 * their nonces the same way from the same kind of secret, so signing with the VRF key itself could
 * reuse a nonce across the two schemes and leak the key. The derivation is
 * {@code seed = HMAC-SHA256(key = VRF secret, "coprover/signing-key/v1")}, a PRF of the secret, so
 * the signing key is independent of the VRF key to anyone without the secret. The two public keys
 * are bound together once, at registration ({@link Registration}).
 */
public final class SigningKey {
    public static final int PUBLIC_KEY_BYTES = Ed25519.PUBLIC_KEY_SIZE;
    public static final int SIGNATURE_BYTES = Ed25519.SIGNATURE_SIZE;
    private static final byte[] DERIVE_TAG = "coprover/signing-key/v1".getBytes(StandardCharsets.US_ASCII);
    private final byte[] seed;
    private final Bytes publicKey;

    private SigningKey(byte[] seed) {
        if (seed.length != Ed25519.SECRET_KEY_SIZE)
            throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, got " + seed.length);
        this.seed = seed.clone();
        byte[] pk = new byte[PUBLIC_KEY_BYTES];
        Ed25519.generatePublicKey(this.seed, 0, pk, 0);
        this.publicKey = Bytes.of(pk);
    }

    /** The key of a 32-byte seed (RFC 8032 §5.1.5). */
    public static SigningKey fromSeed(byte[] seed) {
        return new SigningKey(seed);
    }

    /** A fresh key. */
    public static SigningKey generate(SecureRandom rnd) {
        byte[] s = new byte[Ed25519.SECRET_KEY_SIZE];
        rnd.nextBytes(s);
        return new SigningKey(s);
    }

    /** The signing key that belongs to a prover's (or sequencer's) VRF key (class comment). */
    public static SigningKey derivedFrom(VrfKeyPair vrf) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(vrf.secretKey(), "HmacSHA256"));
            return new SigningKey(mac.doFinal(DERIVE_TAG));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** A copy of the seed (to save the key). */
    public byte[] seed() {
        return seed.clone();
    }

    public Bytes publicKey() {
        return publicKey;
    }

    public byte[] sign(byte[] message) {
        byte[] sig = new byte[SIGNATURE_BYTES];
        Ed25519.sign(seed, 0, message, 0, message.length, sig, 0);
        return sig;
    }

    /** Whether {@code sig} is a valid signature of {@code message} under {@code publicKey}; false for any malformed input. */
    public static boolean verify(Bytes publicKey, byte[] message, byte[] sig) {
        if (publicKey == null || message == null || sig == null) return false;
        if (publicKey.length() != PUBLIC_KEY_BYTES || sig.length != SIGNATURE_BYTES) return false;
        try {
            return Ed25519.verify(sig, 0, publicKey.raw(), 0, message, 0, message.length);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Null if {@code pk} is a valid Ed25519 public key (a point on the curve), else why not. */
    public static String whyInvalidPublicKey(Bytes pk) {
        if (pk == null || pk.length() != PUBLIC_KEY_BYTES)
            return "an Ed25519 public key is " + PUBLIC_KEY_BYTES + " bytes";
        return Ed25519.validatePublicKeyFull(pk.raw(), 0) ? null : "not a valid Ed25519 public key";
    }

    @Override
    public String toString() {
        return "SigningKey(" + publicKey.hex() + ")";
    }
}
