package io.coprover.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One proof of one tree node, as it travels on the P2P network and to the contract (PROTOCOL §4).
 *
 * <p>{@code children} is empty for a base node and holds two lists (left child, right child) of
 * included proof ids for a merge node. {@code vrfProof} is empty in PUBLIC mode. {@code snark} is
 * the opaque SNARK; it is <em>not</em> part of the proof id, because the SNARK's public input
 * commits to the id (a proof cannot contain a hash of itself).
 *
 * <p>Canonical encoding (hashed with SHA-256 to the proof id):
 * <pre>
 * "coprover/proof/v1" ‖ u64be(block) ‖ u8(level) ‖ u32be(index)
 * ‖ u16be(|prover|) ‖ prover ‖ u16be(|vrfProof|) ‖ vrfProof ‖ u64be(feeBurnPpm)
 * ‖ startStateRoot(32) ‖ endStateRoot(32) ‖ txCommitment(32) ‖ u256be(fees)
 * ‖ u8(#child lists) ‖ for each list: u8(count) ‖ count × id(32)
 * </pre>
 * The constructor accepts any encodable content (even invalid, e.g. FEE_BURN above 100%): the
 * protocol rules are {@link TreeValidator}'s job, so bad proofs can be built, sent and rejected.
 *
 * <p><b>Signature.</b> The prover signs every record with its registered Ed25519 key
 * ({@link SigningKey}); the signed message is
 * <pre>
 * SHA-256("coprover/proof-sig/v1" ‖ id(32) ‖ SHA-256(snark) ‖ signer(32))
 * </pre>
 * i.e. over the canonical encoding (through the id) and the SNARK. The signer's public key travels
 * with the record, so anyone can check the signature alone; the rules then require that key to be
 * the one registered for {@code prover}. A SNARK binds who may be paid, but anyone holding a
 * block's witness can compute one in another prover's name; only the signature says the prover
 * made the bid (its FEE_BURN, its included children). Neither signer nor signature is part of the
 * id (the SNARK commits to the id, and the signature covers the SNARK).
 */
public final class ProofRecord {
    static final byte[] TAG = "coprover/proof/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIG_TAG = "coprover/proof-sig/v1".getBytes(StandardCharsets.US_ASCII);
    private static final Bytes NONE = Bytes.of(new byte[0]);
    private final long block;
    private final NodeId node;
    private final Bytes prover;
    private final Bytes vrfProof;
    private final long feeBurnPpm;
    private final PublicOutputs outputs;
    private final List<List<Bytes>> children;
    private final Bytes snark;
    private final Bytes signer;
    private final Bytes signature;
    private final Bytes id;
    /** The message this record was signed over when {@link #signedBy} made it (its own id, SNARK and signer), else null. */
    private final byte[] signedOver;
    /** The signature check's result under the scheme it was made with, once computed (a record is immutable, its signer travels with it). */
    private volatile Verdict signatureOk;
    /** What a {@link TreeValidator} found of this record, marked with that validator (it alone reads it). */
    volatile Object validatorMemo;
    /**
     * The tree the first {@link TreeAssembler} to compute one made for this record, marked with
     * that assembler (set once, by compare-and-set; later assemblers keep theirs in a map).
     */
    volatile Object assemblerMemo;

    private record Verdict(RecordSignatures scheme, boolean ok) {}

    /** An unsigned record (see {@link #signedBy}). */
    public ProofRecord(
            long block,
            NodeId node,
            Bytes prover,
            Bytes vrfProof,
            long feeBurnPpm,
            PublicOutputs outputs,
            List<List<Bytes>> children,
            Bytes snark) {
        this(block, node, prover, vrfProof, feeBurnPpm, outputs, children, snark, NONE, NONE);
    }

    /**
     * A record with its signer's public key and signature, as received: both empty (unsigned) or
     * 32 and 64 bytes. Whether the signature verifies is {@link #signatureValid()}'s question.
     */
    public ProofRecord(
            long block,
            NodeId node,
            Bytes prover,
            Bytes vrfProof,
            long feeBurnPpm,
            PublicOutputs outputs,
            List<List<Bytes>> children,
            Bytes snark,
            Bytes signer,
            Bytes signature) {
        this.block = block;
        this.node = Objects.requireNonNull(node, "node");
        this.prover = Objects.requireNonNull(prover, "prover");
        this.vrfProof = vrfProof == null ? Bytes.of(new byte[0]) : vrfProof;
        this.feeBurnPpm = feeBurnPpm;
        this.outputs = Objects.requireNonNull(outputs, "outputs");
        this.children = copy(children);
        this.snark = snark == null ? NONE : snark;
        this.signer = signer == null ? NONE : signer;
        this.signature = signature == null ? NONE : signature;
        checkSignatureFields(this.signer, this.signature);
        if (prover.length() > 0xffff || this.vrfProof.length() > 0xffff)
            throw new IllegalArgumentException("key or VRF proof too long");
        if (this.children.size() > 255) throw new IllegalArgumentException("too many child lists");
        for (List<Bytes> l : this.children) {
            if (l.size() > 255) throw new IllegalArgumentException("too many child proofs in one list");
            for (Bytes b : l) {
                if (b == null || b.length() != 32)
                    throw new IllegalArgumentException("child proof ids must be 32 bytes");
            }
        }
        // the encoding is hashed from a buffer of this thread's, written in place (a record is
        // made per proof: no buffer object and no zeroed array each time)
        byte[] scratch = SCRATCH.get();
        int size = encodedLength();
        if (scratch.length < size) SCRATCH.set(scratch = new byte[Math.max(size, 2 * scratch.length)]);
        writeEncoding(scratch);
        this.id = Bytes.wrap(Bytes.sha256(scratch, size));
        this.signedOver = null;
    }

    /** {@code base} with another SNARK and signature fields: the same content, so the same id (not hashed again). */
    private ProofRecord(ProofRecord base, Bytes snark, Bytes signer, Bytes signature) {
        this(base, snark, signer, signature, null);
    }

    private ProofRecord(ProofRecord base, Bytes snark, Bytes signer, Bytes signature, byte[] signedOver) {
        this.block = base.block;
        this.node = base.node;
        this.prover = base.prover;
        this.vrfProof = base.vrfProof;
        this.feeBurnPpm = base.feeBurnPpm;
        this.outputs = base.outputs;
        this.children = base.children;
        this.snark = snark == null ? NONE : snark;
        this.signer = signer == null ? NONE : signer;
        this.signature = signature == null ? NONE : signature;
        checkSignatureFields(this.signer, this.signature);
        this.id = base.id;
        this.signedOver = signedOver;
    }

    private static List<List<Bytes>> copy(List<List<Bytes>> children) {
        if (children == null || children.isEmpty()) return List.of();
        List<List<Bytes>> out = new java.util.ArrayList<>(children.size());
        for (List<Bytes> l : children) out.add(List.copyOf(l)); // no copy when already immutable
        return List.copyOf(out);
    }

    private static void checkSignatureFields(Bytes signer, Bytes signature) {
        if ((signer.length() == 0) != (signature.length() == 0)
                || signer.length() != 0
                        && (signer.length() != SigningKey.PUBLIC_KEY_BYTES
                                || signature.length() != SigningKey.SIGNATURE_BYTES)) {
            throw new IllegalArgumentException(
                    "a record is unsigned (no signer, no signature) or has a " + SigningKey.PUBLIC_KEY_BYTES
                            + "-byte signer and a " + SigningKey.SIGNATURE_BYTES + "-byte signature");
        }
    }

    /** The canonical encoding (class comment). */
    public byte[] encode() {
        byte[] o = new byte[encodedLength()];
        writeEncoding(o);
        return o;
    }

    /** Per thread: where a new record's encoding is written to be hashed to its id. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1024]);

    private int encodedLength() {
        int size = TAG.length + 13 + 2 + prover.length() + 2 + vrfProof.length() + 8 + PublicOutputs.ENCODED + 1;
        for (List<Bytes> l : children) size += 1 + 32 * l.size();
        return size;
    }

    /** Writes the canonical encoding to {@code o} from index 0 ({@link #encodedLength} bytes). */
    private void writeEncoding(byte[] o) {
        System.arraycopy(TAG, 0, o, 0, TAG.length);
        int at = TAG.length;
        at = putLong(o, at, block);
        o[at++] = (byte) node.level();
        at = putInt(o, at, node.index());
        at = putBytes(o, at, prover);
        at = putBytes(o, at, vrfProof);
        at = putLong(o, at, feeBurnPpm);
        at = outputs.encodeInto(o, at);
        o[at++] = (byte) children.size();
        for (List<Bytes> l : children) {
            o[at++] = (byte) l.size();
            for (Bytes b : l) {
                System.arraycopy(b.raw(), 0, o, at, 32);
                at += 32;
            }
        }
    }

    /** u16be(length) ‖ bytes. */
    private static int putBytes(byte[] o, int at, Bytes b) {
        o[at] = (byte) (b.length() >>> 8);
        o[at + 1] = (byte) b.length();
        System.arraycopy(b.raw(), 0, o, at + 2, b.length());
        return at + 2 + b.length();
    }

    private static int putLong(byte[] o, int at, long v) {
        for (int i = 7; i >= 0; i--) o[at++] = (byte) (v >>> (8 * i));
        return at;
    }

    private static int putInt(byte[] o, int at, int v) {
        for (int i = 3; i >= 0; i--) o[at++] = (byte) (v >>> (8 * i));
        return at;
    }

    /** SHA-256 of the canonical encoding. */
    public Bytes id() {
        return id;
    }

    public long block() {
        return block;
    }

    public NodeId node() {
        return node;
    }

    public Bytes prover() {
        return prover;
    }

    public Bytes vrfProof() {
        return vrfProof;
    }

    public long feeBurnPpm() {
        return feeBurnPpm;
    }

    public PublicOutputs outputs() {
        return outputs;
    }
    /** Empty (base) or [left ids, right ids] (merge). */
    public List<List<Bytes>> children() {
        return children;
    }

    public Bytes snark() {
        return snark;
    }
    /** The signer's Ed25519 public key (empty when unsigned). */
    public Bytes signer() {
        return signer;
    }
    /** The signature (empty when unsigned). */
    public Bytes signature() {
        return signature;
    }

    public boolean signed() {
        return signature.length() != 0;
    }

    /** The bytes the signature covers (class comment), for a given signer. */
    public byte[] signingMessage(Bytes signerKey) {
        return Bytes.sha256(SIG_TAG, id.raw(), Bytes.sha256(snark.raw()), signerKey.raw());
    }

    /** This record signed with {@code key} (Ed25519). */
    public ProofRecord signedBy(SigningKey key) {
        return signedBy(key, RecordSignatures.ED25519);
    }

    /** This record signed with {@code key} in {@code scheme} (the network's {@link ProtocolParams#signatures()}). */
    public ProofRecord signedBy(SigningKey key, RecordSignatures scheme) {
        byte[] message = signingMessage(key.publicKey());
        Bytes sig = Bytes.of(scheme.sign(key, message.clone()));
        return new ProofRecord(this, snark, key.publicKey(), sig, message);
    }

    /** Whether the record is signed and its Ed25519 signature verifies under its own {@link #signer()}. */
    public boolean signatureValid() {
        return signatureValid(RecordSignatures.ED25519);
    }

    /** Whether the record is signed and its signature verifies in {@code scheme} under its own {@link #signer()}. */
    public boolean signatureValid(RecordSignatures scheme) {
        Verdict v = signatureOk;
        if (v == null || v.scheme() != scheme) {
            // the message is a function of the record: made once when the record was signed here
            v = new Verdict(
                    scheme,
                    signed()
                            && scheme.verify(
                                    signer,
                                    signedOver != null ? signedOver.clone() : signingMessage(signer),
                                    signature.raw()));
            signatureOk = v;
        }
        return v.ok();
    }

    /** The same proof with another SNARK (same id), unsigned: a new SNARK needs a new signature. */
    public ProofRecord withSnark(Bytes s) {
        return new ProofRecord(this, s, NONE, NONE);
    }

    /** The same record with the signature fields as given (for tests of forged signatures). */
    public ProofRecord withSignature(Bytes signerKey, Bytes sig) {
        return new ProofRecord(this, snark, signerKey, sig);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProofRecord r
                && r.id.equals(id)
                && r.snark.equals(snark)
                && r.signer.equals(signer)
                && r.signature.equals(signature);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "Proof(" + id.shortHex(12) + " node " + node + " by " + prover.shortHex(12) + ")";
    }
}
