package io.coprover.protocol;

/**
 * How the proof records of one network are signed and checked ({@link ProtocolParams#signatures()}):
 * {@link #ED25519} in every real network, the only scheme a network's parameters can name on the
 * wire ({@link #byName}). The modelled simulator plugs in a cheaper stand-in the same way it plugs
 * in its modelled VRF suite, so the contract's checks run unchanged on it.
 *
 * <p>Signatures are 64 bytes and signer keys 32 bytes in every scheme (the record's format fixes
 * both). The signer key of a record is the Ed25519 key its prover registered; a scheme decides only
 * how a signature over a message is made and checked.
 */
public interface RecordSignatures {
    /** The scheme's name, as a network's parameters carry it. */
    String name();

    /** The 64-byte signature of {@code message} by {@code key}. */
    byte[] sign(SigningKey key, byte[] message);

    /** Whether {@code signature} is valid for {@code message} under {@code publicKey}; false for any malformed input. */
    boolean verify(Bytes publicKey, byte[] message, byte[] signature);

    /** Ed25519 (RFC 8032) through {@link SigningKey}. */
    RecordSignatures ED25519 = new RecordSignatures() {
        @Override
        public String name() {
            return "Ed25519";
        }

        @Override
        public byte[] sign(SigningKey key, byte[] message) {
            return key.sign(message);
        }

        @Override
        public boolean verify(Bytes publicKey, byte[] message, byte[] signature) {
            return SigningKey.verify(publicKey, message, signature);
        }

        @Override
        public String toString() {
            return name();
        }
    };

    /**
     * The scheme a network's parameters name: only {@link #ED25519}. A stand-in that is not a
     * signature scheme can be plugged in by code in the same process, never named by a peer.
     */
    static RecordSignatures byName(String name) {
        if (ED25519.name().equals(name)) return ED25519;
        throw new IllegalArgumentException(
                "unknown record signature scheme '" + name + "': a network signs its records with " + ED25519.name());
    }
}
