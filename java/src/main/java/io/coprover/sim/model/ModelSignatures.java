package io.coprover.sim.model;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.RecordSignatures;
import io.coprover.protocol.SigningKey;
import java.security.MessageDigest;

/**
 * The modelled record signatures of {@code --proofs modelled}: a stand-in for Ed25519 that costs
 * tens of nanoseconds, plugged in through the protocol's own parameter
 * ({@code ProtocolParams.signatures}), so the contract's checks (signer registered for the prover,
 * signature over the record's id and SNARK) run unchanged on it.
 *
 * <p>Why: a 1024-tx block's winning tree holds about 2300 records, and every better tree submitted
 * during the window brings new ones; Ed25519 costs about 0.1 ms to sign and as much to verify on
 * this project's 2-core machines, some 0.4 s of CPU per block that no real participant pays (each
 * signs only its own records). The signature of {@code message} under signer key {@code pk} is
 * <pre>
 * x = k;  x = mix(x ⊕ m_i) for the 8-byte words m_i of the message (big-endian, the last one
 *         zero-padded), then x = mix(x ⊕ |message|)
 * sig = s_0 ‖ … ‖ s_7,  s_j = mix(x ⊕ j·φ)
 * </pre>
 * with {@code k} the first 8 bytes of {@code pk}, {@code mix} and φ as in {@link ModelVrf}. It is
 * <b>not a signature</b>: anyone holding the public key can compute it. What it still models is
 * what the agents rely on: a record signed with another key than the one registered for its
 * prover is refused (the L1 proposer's re-bid), and a record whose content changed after signing
 * is refused. No agent forges a signature under someone else's key; that is the model's
 * assumption. {@code --signatures ed25519} runs the real scheme instead.
 */
public final class ModelSignatures implements RecordSignatures {
    public static final ModelSignatures SCHEME = new ModelSignatures();
    private static final long PHI = 0x9E3779B97F4A7C15L;

    private ModelSignatures() {}

    @Override
    public String name() {
        return "MODEL-SIG-MIX64";
    }

    @Override
    public byte[] sign(SigningKey key, byte[] message) {
        return of(key.publicKey(), message);
    }

    @Override
    public boolean verify(Bytes publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || message == null || signature == null) return false;
        if (publicKey.length() != SigningKey.PUBLIC_KEY_BYTES || signature.length != SigningKey.SIGNATURE_BYTES)
            return false;
        return MessageDigest.isEqual(of(publicKey, message), signature);
    }

    /** The modelled signature (class comment). */
    static byte[] of(Bytes publicKey, byte[] message) {
        long x = 0;
        for (int i = 0; i < 8; i++) x = (x << 8) | (publicKey.get(i) & 0xff);
        for (int off = 0; off < message.length; off += 8) {
            long w = 0;
            for (int i = 0; i < 8; i++) w = (w << 8) | (off + i < message.length ? message[off + i] & 0xff : 0);
            x = ModelVrf.mix(x ^ w);
        }
        x = ModelVrf.mix(x ^ message.length);
        byte[] sig = new byte[SigningKey.SIGNATURE_BYTES];
        for (int j = 0; j < 8; j++) {
            long s = ModelVrf.mix(x ^ (j * PHI));
            for (int i = 0; i < 8; i++) sig[8 * j + i] = (byte) (s >>> (56 - 8 * i));
        }
        return sig;
    }

    @Override
    public String toString() {
        return name();
    }
}
