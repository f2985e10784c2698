package io.coprover.builder;

import io.coprover.protocol.Bytes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/**
 * A builder client's signing key: Ed25519 (RFC 8032, the JDK's own implementation), a 32-byte
 * seed and a 32-byte public key. It is deliberately not the prover's VRF key: the VRF secret never
 * leaves the node's key file, and an API key can be rotated at the builder without restaking.
 *
 * <p>Key file: one line {@code ed25519:<64 hex digits of the seed>}.
 */
public final class ClientKey {
    private static final HexFormat HEX = HexFormat.of();
    /** DER prefixes that wrap a raw 32-byte Ed25519 public key (X.509) and seed (PKCS#8), RFC 8410. */
    private static final byte[] X509_PREFIX = HEX.parseHex("302a300506032b6570032100");
    private static final byte[] PKCS8_PREFIX = HEX.parseHex("302e020100300506032b657004220420");
    private final byte[] seed;
    private final PrivateKey priv;
    private final Bytes publicKey;

    private ClientKey(byte[] seed) {
        if (seed.length != 32) throw new IllegalArgumentException("client key: an Ed25519 seed is 32 bytes, got " + seed.length);
        this.seed = seed.clone();
        try {
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            this.priv = kf.generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
            // RFC 8032 §5.1.5 public key from the seed (Bouncy Castle's low-level Ed25519)
            this.publicKey = Bytes.of(new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable in this JDK", e);
        }
    }

    public static ClientKey fromSeed(byte[] seed) {
        return new ClientKey(seed);
    }

    public static ClientKey generate(SecureRandom rnd) {
        byte[] s = new byte[32];
        rnd.nextBytes(s);
        return new ClientKey(s);
    }

    /** Reads a key file ({@code ed25519:<hex seed>}). */
    public static ClientKey load(Path file) throws IOException {
        String t = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (!t.startsWith("ed25519:")) throw new IllegalArgumentException(file + ": client key file must be 'ed25519:<64 hex digits>'");
        return new ClientKey(Bytes.parseHex(t.substring(8), file + ": seed"));
    }

    /** Writes the key file, readable by its owner only where the file system has POSIX permissions. */
    public void save(Path file) throws IOException {
        Files.writeString(file, "ed25519:" + HEX.formatHex(seed) + "\n", StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the caller's umask applies
        }
    }

    /** The 32-byte public key (what the builder's clients file lists). */
    public Bytes publicKey() {
        return publicKey;
    }

    public byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(priv);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Whether {@code sig} is a valid Ed25519 signature of {@code message} under the raw 32-byte {@code publicKey}. */
    public static boolean verify(Bytes publicKey, byte[] message, byte[] sig) {
        if (publicKey.length() != 32 || sig == null || sig.length != 64) return false;
        try {
            PublicKey pk = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, publicKey.toArray())));
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(pk);
            s.update(message);
            return s.verify(sig);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a key that is no curve point, a malformed signature: not valid
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
