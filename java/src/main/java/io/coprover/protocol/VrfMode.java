package io.coprover.protocol;

import io.coprover.protocol.vrf.Vrf;
import io.coprover.protocol.vrf.VrfKeyPair;
import io.coprover.protocol.vrf.VrfResult;

/**
 * How a network turns (key, alpha) into beta (PROTOCOL §3); one mode per network, for sequencers
 * and provers alike.
 * <ul>
 *   <li>{@link #PRIVATE}: beta = ECVRF_proof_to_hash(ECVRF_prove(sk, alpha)); the proof pi travels
 *       with the bid or proof so anyone can verify beta, but no one can predict it.</li>
 *   <li>{@link #PUBLIC}: beta = SHA-256(pk ‖ alpha); no proof (empty pi); anyone can compute every
 *       ranking in advance, which avoids wasted work.</li>
 * </ul>
 */
public enum VrfMode {
    PUBLIC,
    PRIVATE;

    /** A drawn value and the proof that backs it (empty in PUBLIC mode). */
    public record Draw(byte[] beta, byte[] proof) {
        public long u() {
            return Seeds.u(beta);
        }
    }

    /** The draw of a key holder for alpha. */
    public Draw draw(VrfKeyPair key, byte[] alpha) {
        if (this == PUBLIC) return new Draw(publicBeta(key.publicKey(), alpha), new byte[0]);
        byte[] pi = key.prove(alpha);
        return new Draw(key.suite().proofToHash(pi), pi);
    }

    /** beta only, without a proof (cheaper in PRIVATE mode: what a prover computes for itself). */
    public byte[] beta(VrfKeyPair key, byte[] alpha) {
        return this == PUBLIC ? publicBeta(key.publicKey(), alpha) : key.hash(alpha);
    }

    /** Checks a claimed draw; never throws. The public key must be valid for the suite in both modes. */
    public VrfResult verify(Vrf suite, byte[] pk, byte[] alpha, byte[] proof) {
        if (this == PRIVATE) return suite.verify(pk, alpha, proof);
        String bad = suite.validatePublicKey(pk);
        if (bad != null) return VrfResult.invalid(bad);
        if (proof != null && proof.length != 0)
            return VrfResult.invalid("PUBLIC mode takes no VRF proof, got " + proof.length + " bytes");
        return VrfResult.ok(publicBeta(pk, alpha));
    }

    /**
     * {@link #verify} for a key already validated (every key of a {@link RegistrySnapshot} is):
     * skips the key check, which in PUBLIC mode is most of the cost.
     */
    VrfResult verifyRegistered(Vrf suite, byte[] pk, byte[] alpha, byte[] proof) {
        if (this == PRIVATE) return suite.verify(pk, alpha, proof);
        if (proof != null && proof.length != 0)
            return VrfResult.invalid("PUBLIC mode takes no VRF proof, got " + proof.length + " bytes");
        return VrfResult.ok(publicBeta(pk, alpha));
    }

    /** SHA-256(pk ‖ alpha). */
    public static byte[] publicBeta(byte[] pk, byte[] alpha) {
        return Bytes.sha256(pk, alpha);
    }
}
