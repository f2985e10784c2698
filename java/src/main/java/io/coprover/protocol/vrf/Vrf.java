package io.coprover.protocol.vrf;

import java.security.SecureRandom;

/**
 * One ECVRF ciphersuite of RFC 9381 (Verifiable Random Functions).
 *
 * <p>All byte strings use the suite's own encodings (RFC 9381 §5.5): for P-256 big-endian integers
 * and SEC1 compressed points, for edwards25519 little-endian integers and RFC 8032 points.
 *
 * <p>Contract: {@link #verify} never throws for any input (malformed keys or proofs give an
 * invalid {@link VrfResult} with a reason); {@link #prove}, {@link #publicKey} and
 * {@link #proofToHash} throw {@link IllegalArgumentException} naming what was wrong.
 * Implementations are immutable and thread-safe.
 */
public interface Vrf {
    /** The RFC name, e.g. {@code ECVRF-P256-SHA256-TAI}. */
    String name();

    /** The one-byte suite_string of RFC 9381 §5.5. */
    int suiteId();

    /** Length of a secret key in bytes. */
    int secretKeyLength();

    /** Length of an encoded public key (ptLen). */
    int publicKeyLength();

    /** Length of a proof pi = ptLen + cLen + qLen. */
    int proofLength();

    /** Length of beta, the hash output (hLen). */
    int hashLength();

    /** A fresh secret key drawn from {@code rnd}. */
    byte[] generateSecretKey(SecureRandom rnd);

    /** The public key PK_string of a secret key (validates the secret key). */
    byte[] publicKey(byte[] sk);

    /** ECVRF_prove (RFC 9381 §5.1): the proof pi for {@code alpha}. */
    default byte[] prove(byte[] sk, byte[] alpha) {
        return trace(sk, alpha).pi();
    }

    /**
     * The hash beta for {@code alpha} without building a proof: equal to
     * {@code proofToHash(prove(sk, alpha))} but cheaper (no nonce, no U, V).
     */
    byte[] hash(byte[] sk, byte[] alpha);

    /** ECVRF_prove with every intermediate value of the RFC's Appendix B (for tests and audits). */
    VrfTrace trace(byte[] sk, byte[] alpha);

    /** ECVRF_proof_to_hash (RFC 9381 §5.2) without verification; rejects a malformed proof. */
    byte[] proofToHash(byte[] pi);

    /** ECVRF_verify (RFC 9381 §5.3) with key validation (§5.4.5). Never throws. */
    VrfResult verify(byte[] pk, byte[] alpha, byte[] pi);

    /** Checks that {@code pk} is a valid public key for this suite; null if valid, else the reason. */
    String validatePublicKey(byte[] pk);
}
