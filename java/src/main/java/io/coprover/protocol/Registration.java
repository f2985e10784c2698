package io.coprover.protocol;

import io.coprover.protocol.vrf.Vrf;
import io.coprover.protocol.vrf.VrfKeyPair;
import io.coprover.protocol.vrf.VrfResult;
import java.nio.charset.StandardCharsets;

/**
 * What a prover or sequencer registers (PROTOCOL "Keys and registration"): its VRF public key (its
 * identity), its Ed25519 signing key, its role, and proofs that it holds both secret keys.
 *
 * <p>The message {@code m = "coprover/register/v1" ‖ u8(kind: 0 prover, 1 sequencer) ‖ u8(role)
 * ‖ u16be(|pk|) ‖ pk ‖ signingKey(32)} is signed by the signing key ({@code signature}) and proven
 * with the VRF key over {@code alpha = SHA-256(m)} ({@code vrfProof}: an ECVRF proof in both VRF
 * modes, since only its verification proves possession). So no one can register a key they do not
 * hold — a victim's key cannot be registered in advance under a role of an attacker's choosing —,
 * and no one can bind another's VRF key to their own signing key.
 *
 * @param role BASE, MERGE or BOTH for a prover; null for a sequencer
 */
public record Registration(Bytes pk, Bytes signingKey, Role role, Bytes vrfProof, Bytes signature) {
    private static final byte[] TAG = "coprover/register/v1".getBytes(StandardCharsets.US_ASCII);

    public Registration {
        if (pk == null || signingKey == null || vrfProof == null || signature == null) {
            throw new IllegalArgumentException("registration: key, signing key, VRF proof and signature are required");
        }
    }

    /** Whether this registers a sequencer (no role) rather than a prover. */
    public boolean sequencer() {
        return role == null;
    }

    /** The message both proofs of possession cover (class comment). */
    public byte[] message() {
        Wire.Writer w = new Wire.Writer(96 + pk.length());
        w.bytes(TAG)
                .u8(sequencer() ? 1 : 0)
                .u8(sequencer() ? 0 : role.ordinal() + 1)
                .var16(pk)
                .bytes(signingKey);
        return w.toByteArray();
    }

    /** A prover's registration, made with its VRF key and the signing key derived from it. */
    public static Registration prover(VrfKeyPair key, Role role) {
        if (role == null) throw new IllegalArgumentException("registration: a prover needs a role");
        return of(key, role);
    }

    /** A sequencer's registration. */
    public static Registration sequencer(VrfKeyPair key) {
        return of(key, null);
    }

    private static Registration of(VrfKeyPair key, Role role) {
        SigningKey sk = SigningKey.derivedFrom(key);
        Registration unsigned = new Registration(
                Bytes.of(key.publicKey()), sk.publicKey(), role, Bytes.of(new byte[0]), Bytes.of(new byte[0]));
        byte[] m = unsigned.message();
        return new Registration(
                unsigned.pk, unsigned.signingKey, role, Bytes.of(key.prove(Bytes.sha256(m))), Bytes.of(sk.sign(m)));
    }

    /** Null if both proofs of possession verify for the network's suite, else why not. Never throws. */
    public String whyInvalid(Vrf suite) {
        String bad = suite.validatePublicKey(pk.toArray());
        if (bad != null) return "key " + pk.shortHex(16) + ": " + bad;
        bad = SigningKey.whyInvalidPublicKey(signingKey);
        if (bad != null) return "signing key: " + bad;
        byte[] m = message();
        if (!SigningKey.verify(signingKey, m, signature.toArray()))
            return "the signing key's signature of the registration does not verify";
        VrfResult r = suite.verify(pk.toArray(), Bytes.sha256(m), vrfProof.toArray());
        if (!r.valid()) return "the VRF key's proof of possession does not verify: " + r.reason();
        return null;
    }
}
