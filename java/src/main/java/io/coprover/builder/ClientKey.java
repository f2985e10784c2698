package io.coprover.builder;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A builder client's signing key: Ed25519 ({@link SigningKey}, the project's one signature scheme), a 32-byte
 * seed and a 32-byte public key. It is deliberately not the prover's VRF key: the VRF secret never
 * leaves the node's key file, and an API key can be rotated at the builder without restaking.
 *
 * <p>Key file: one line {@code ed25519:<64 hex digits of the seed>}.
 */
public final class ClientKey {
    private static final HexFormat HEX = HexFormat.of();
    private final SigningKey key;

    private ClientKey(byte[] seed) {
        if (seed.length != 32)
            throw new IllegalArgumentException("client key: an Ed25519 seed is 32 bytes, got " + seed.length);
        this.key = SigningKey.fromSeed(seed);
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
        if (!t.startsWith("ed25519:"))
            throw new IllegalArgumentException(file + ": client key file must be 'ed25519:<64 hex digits>'");
        return new ClientKey(Bytes.parseHex(t.substring(8), file + ": seed"));
    }

    /** Writes the key file, readable by its owner only where the file system has POSIX permissions. */
    public void save(Path file) throws IOException {
        Files.writeString(file, "ed25519:" + HEX.formatHex(key.seed()) + "\n", StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the caller's umask applies
        }
    }

    /** The 32-byte public key (what the builder's clients file lists). */
    public Bytes publicKey() {
        return key.publicKey();
    }

    /** The Ed25519 key itself (what {@link io.coprover.net.http.SignedRequests} signs with). */
    public SigningKey signingKey() {
        return key;
    }

    public byte[] sign(byte[] message) {
        return key.sign(message);
    }

    public static boolean verify(Bytes publicKey, byte[] message, byte[] sig) {
        return SigningKey.verify(publicKey, message, sig);
    }
}
