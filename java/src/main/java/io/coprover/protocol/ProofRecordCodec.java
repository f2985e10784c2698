package io.coprover.protocol;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The one binary encoding of a {@link ProofRecord} with its SNARK, used by gossip, the contract
 * API, proof-builder requests and results, the farm's queue and the on-disk proof store alike:
 * <pre>
 * canonical encoding (ProofRecord class comment: the bytes the proof id hashes)
 * ‖ u16be(|signer|) ‖ signer ‖ u16be(|signature|) ‖ signature   (0 and 0, or 32 and 64: Ed25519)
 * ‖ u32be(|snark|) ‖ snark
 * </pre>
 * Decoding is strict and the same everywhere: every field is range-checked (key and VRF proof
 * lengths, FEE_BURN within 100%, a signer and signature of Ed25519's sizes or none, a node inside the largest tree, 0 child lists for a base node and
 * 2 of 1..255 ids for a merge node, fees below 2^256, the SNARK's size), nothing may follow, and
 * fields are fixed-width or length-prefixed, so a record has one encoding only. Whether the SNARK
 * verifies, and whether the record obeys a network's parameters (PROOFS_PER_NODE, stake, VRF), are
 * checked later by the rules that know them; what this codec accepts is at least well formed.
 */
public final class ProofRecordCodec {
    /** Largest prover key and VRF proof (the VRF suites use 32/33-byte keys and 80/81-byte proofs). */
    public static final int MAX_KEY_BYTES = 256;
    /** Largest SNARK (a rollup merge proof with its accumulator is 896 bytes). */
    public static final int MAX_SNARK_BYTES = 8 * 1024;
    /** Largest encoded record: a merge record with full child lists is about 1.3 KiB. */
    public static final int MAX_BYTES = 32 * 1024;
    /** Largest tree level a record may name: the depth of a tree of {@link TreeShape#MAX_TXS} txs. */
    public static final int MAX_LEVEL = TreeShape.forTxs(TreeShape.MAX_TXS).depth();

    private ProofRecordCodec() {}

    /** Appends {@code r} to {@code w}. */
    public static void write(Wire.Writer w, ProofRecord r) {
        w.bytes(r.encode());
        w.var16(r.signer()).var16(r.signature());
        w.var32(r.snark());
    }

    /** Reads one record; {@code who} names it in errors (e.g. "left child 0"). */
    public static ProofRecord read(Wire.Reader in, String who) {
        in.tag(ProofRecord.TAG, who + " tag");
        long block = in.u63(who + " block");
        int level = in.u8(who + " level");
        if (level > MAX_LEVEL) throw in.error(who + " level", level + " is above " + MAX_LEVEL);
        long index = in.u32(who + " index");
        if (index >= 1L << (MAX_LEVEL - level))
            throw in.error(who + " index", index + " is beyond a tree's width at level " + level);
        Bytes prover = in.var16(who + " prover", MAX_KEY_BYTES);
        if (prover.length() == 0) throw in.error(who + " prover", "empty");
        Bytes vrf = in.var16(who + " VRF proof", MAX_KEY_BYTES);
        long feeBurn = in.u64(who + " FEE_BURN", 0, Ppm.ONE);
        Bytes start = Bytes.of(in.bytes(32, who + " start state root"));
        Bytes end = Bytes.of(in.bytes(32, who + " end state root"));
        Bytes commitment = Bytes.of(in.bytes(32, who + " tx commitment"));
        BigInteger fees = new BigInteger(1, in.bytes(32, who + " fees"));
        int lists = in.u8(who + " child lists");
        if (lists != (level == 0 ? 0 : 2)) {
            throw in.error(
                    who + " child lists",
                    "a " + (level == 0 ? "base" : "merge") + " record has " + (level == 0 ? 0 : 2) + ", got " + lists);
        }
        List<List<Bytes>> children = new ArrayList<>(lists);
        for (int s = 0; s < lists; s++) {
            int n = in.u8(who + " child count");
            if (n < 1) throw in.error(who + " child count", "a merge record includes at least one proof of each child");
            List<Bytes> ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) ids.add(Bytes.of(in.bytes(32, who + " child id")));
            children.add(ids);
        }
        Bytes signer = in.var16(who + " signer", SigningKey.PUBLIC_KEY_BYTES);
        if (signer.length() != 0 && signer.length() != SigningKey.PUBLIC_KEY_BYTES) {
            throw in.error(
                    who + " signer",
                    "an Ed25519 key is " + SigningKey.PUBLIC_KEY_BYTES + " bytes, got " + signer.length());
        }
        Bytes signature = in.var16(who + " signature", SigningKey.SIGNATURE_BYTES);
        if (signature.length() != (signer.length() == 0 ? 0 : SigningKey.SIGNATURE_BYTES)) {
            throw in.error(
                    who + " signature",
                    signer.length() == 0
                            ? "present without a signer"
                            : "an Ed25519 signature is " + SigningKey.SIGNATURE_BYTES + " bytes, got "
                                    + signature.length());
        }
        Bytes snark = in.var32(who + " SNARK", MAX_SNARK_BYTES);
        return new ProofRecord(
                block,
                new NodeId(level, (int) index),
                prover,
                vrf,
                feeBurn,
                new PublicOutputs(start, end, commitment, fees),
                children,
                snark,
                signer,
                signature);
    }

    /** One record alone. */
    public static byte[] encode(ProofRecord r) {
        Wire.Writer w = new Wire.Writer(r.snark().length() + 512);
        write(w, r);
        return w.toByteArray();
    }

    /**
     * Decodes one record and nothing after it.
     *
     * @throws WireException naming the malformed field and its offset
     */
    public static ProofRecord decode(byte[] b) {
        if (b == null) throw new WireException("proof record: no bytes");
        if (b.length > MAX_BYTES)
            throw new WireException("proof record: " + b.length + " bytes exceeds the limit " + MAX_BYTES);
        Wire.Reader in = new Wire.Reader(b, "proof record");
        ProofRecord r = read(in, "record");
        in.end();
        return r;
    }
}
