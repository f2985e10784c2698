package io.coprover.rollup;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.PublicOutputs;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How a verifier derives a rollup SNARK's public inputs from a {@link ProofRecord}, so that a
 * proof is only valid for the record that names it:
 * <ul>
 * <li>outputs: start root, end root, tx commitment (each 32 bytes, an Fr element big-endian) and
 *     fees (an integer below r);</li>
 * <li>{@code binding = Poseidon(H(prover key), FEE_BURN_ppm, H("coprover/node/v1" ‖ u64be(block) ‖ u8(level) ‖ u32be(index)))}
 *     with H = SHA-256 into Fr: a proof builder who proves for prover A cannot hand the SNARK
 *     to a record naming B (or another FEE_BURN, block or node);</li>
 * <li>merge only: {@code childDigest} over the children's outputs and included ids
 *     ({@link MergeCircuit#childDigest}; ids as Fr = the proof id with its top 3 bits cleared,
 *     per side {@code Poseidon(id_1, .., id_k)}, k = 1..3) and the accumulator hash.</li>
 * </ul>
 */
public final class PublicInputs {
    private static final byte[] NODE_TAG = "coprover/node/v1".getBytes(StandardCharsets.US_ASCII);

    private PublicInputs() {}

    public static long[] binding(Bytes prover, long feeBurnPpm, long block, NodeId node) {
        if (feeBurnPpm < 0) throw new IllegalArgumentException("FEE_BURN must be >= 0 ppm, got " + feeBurnPpm);
        long[] who = Fr.fromHash(prover.toArray());
        long[] where = Fr.fromHash(
                NODE_TAG,
                ByteBuffer.allocate(13)
                        .putLong(block)
                        .put((byte) node.level())
                        .putInt(node.index())
                        .array());
        return Fr.poseidon(who, Fr.of(feeBurnPpm), where);
    }

    /** start, end, commitment, fees as Fr elements. */
    public static long[][] outputs(PublicOutputs o) {
        BigInteger fees = o.fees();
        if (fees.compareTo(Fr.F.modulus) >= 0) throw new IllegalArgumentException("fees do not fit a field element");
        return new long[][] {
            Fr.fromBytes(o.startStateRoot(), "start state root"),
            Fr.fromBytes(o.endStateRoot(), "end state root"),
            Fr.fromBytes(o.txCommitment(), "tx commitment"),
            Fr.of(fees)
        };
    }

    public static PublicOutputs toOutputs(long[] start, long[] end, long[] commitment, long[] fees) {
        return new PublicOutputs(Fr.bytes(start), Fr.bytes(end), Fr.bytes(commitment), Fr.big(fees));
    }

    /** A proof id as an Fr element: the 32-byte SHA-256 id with its top 3 bits cleared. */
    public static long[] idField(Bytes id) {
        byte[] b = id.toArray();
        if (b.length != 32) throw new IllegalArgumentException("proof id must be 32 bytes");
        b[0] &= 0x1f;
        return Fr.F.fromBytesBE(b);
    }

    /** Poseidon of the included ids (1..3, in list order). */
    public static long[] idsHash(List<Bytes> ids) {
        if (ids.isEmpty() || ids.size() > 6)
            throw new IllegalArgumentException(
                    "1..6 included child proofs per side (Poseidon width), got " + ids.size());
        long[][] f = new long[ids.size()][];
        for (int i = 0; i < f.length; i++) f[i] = idField(ids.get(i));
        return Fr.poseidon(f);
    }

    /** Flat public inputs of a base record. */
    public static long[] base(ProofRecord r) {
        long[][] o = outputs(r.outputs());
        return flat(o[0], o[1], o[2], o[3], binding(r.prover(), r.feeBurnPpm(), r.block(), r.node()));
    }

    /**
     * Flat public inputs of a merge record whose included children are {@code left.get(0)} and
     * {@code right.get(0)} (the caller checks that all proofs of one side share outputs).
     */
    public static long[] merge(ProofRecord r, ProofRecord left0, ProofRecord right0, Accumulator acc) {
        long[][] o = outputs(r.outputs());
        long[] digest = MergeCircuit.childDigest(
                outputs(left0.outputs()),
                outputs(right0.outputs()),
                idsHash(r.children().get(0)),
                idsHash(r.children().get(1)));
        return flat(
                o[0], o[1], o[2], o[3], binding(r.prover(), r.feeBurnPpm(), r.block(), r.node()), digest, acc.hash());
    }

    static long[] flat(long[]... xs) {
        long[] out = new long[4 * xs.length];
        for (int i = 0; i < xs.length; i++) System.arraycopy(xs[i], 0, out, 4 * i, 4);
        return out;
    }
}
