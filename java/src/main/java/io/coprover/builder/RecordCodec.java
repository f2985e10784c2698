package io.coprover.builder;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.PublicOutputs;
import io.coprover.protocol.TreeShape;
import io.coprover.rollup.Fr;
import io.coprover.rollup.RollupSnark;

import java.util.ArrayList;
import java.util.List;

/**
 * The binary encoding of a rollup {@link ProofRecord} with its SNARK, as proof requests and the
 * builder's results carry it (big-endian):
 * <pre>
 * u64(block) ‖ u8(level) ‖ u32(index) ‖ u16(|prover|) ‖ prover ‖ u16(|vrf|) ‖ vrf ‖ u64(feeBurnPpm)
 * ‖ startRoot(32) ‖ endRoot(32) ‖ txCommitment(32) ‖ fees(32)          each a canonical Fr element
 * ‖ u8(#lists: 0 base, 2 merge) ‖ per list: u8(1..3) ‖ ids(32 each)
 * ‖ u16(|snark|) ‖ snark                          768 bytes (base) or 896 (merge: + accumulator)
 * </pre>
 * Decoding is strict: the SNARK is decoded as a {@link RollupSnark} (points on the curve,
 * evaluations below r), so a record that decodes is at least well formed; whether its proof
 * verifies is {@link io.coprover.rollup.ProofChecker}'s question.
 */
public final class RecordCodec {
    /** Largest accepted prover key and VRF proof (the VRF suites use 32/33-byte keys, 80/81-byte proofs). */
    public static final int MAX_KEY_BYTES = 256;
    /** Largest tree level a record may name: the depth of a tree of {@link TreeShape#MAX_TXS} txs. */
    public static final int MAX_LEVEL = TreeShape.forTxs(TreeShape.MAX_TXS).depth();

    private RecordCodec() {}

    static void write(Wire.Writer w, ProofRecord r) {
        w.u63(r.block()).u8(r.node().level()).u32(r.node().index());
        w.var16(r.prover()).var16(r.vrfProof()).u63(r.feeBurnPpm());
        writeOutputs(w, r.outputs());
        w.u8(r.children().size());
        for (List<Bytes> l : r.children()) {
            w.u8(l.size());
            for (Bytes id : l) w.bytes(id.toArray());
        }
        w.var16(r.snark());
    }

    static void writeOutputs(Wire.Writer w, PublicOutputs o) {
        w.bytes(o.startStateRoot().toArray()).bytes(o.endStateRoot().toArray()).bytes(o.txCommitment().toArray());
        w.fr(Fr.of(o.fees()));
    }

    static PublicOutputs readOutputs(Wire.Reader in, String who) {
        long[] s = in.fr(who + " start root"), e = in.fr(who + " end root"), c = in.fr(who + " tx commitment");
        long[] f = in.fr(who + " fees");
        return new PublicOutputs(Fr.bytes(s), Fr.bytes(e), Fr.bytes(c), Fr.big(f));
    }

    static ProofRecord read(Wire.Reader in, String who) {
        long block = in.u63(who + " block");
        int level = in.u8(who + " level");
        if (level > MAX_LEVEL) throw in.error(who + " level", "above " + MAX_LEVEL);
        long index = in.u32(who + " index");
        if (index >= 1L << (MAX_LEVEL - level)) throw in.error(who + " index", index + " is beyond a tree's width at level " + level);
        Bytes prover = in.var16(who + " prover", MAX_KEY_BYTES);
        if (prover.length() == 0) throw in.error(who + " prover", "empty");
        Bytes vrf = in.var16(who + " vrf proof", MAX_KEY_BYTES);
        long feeBurn = in.u63(who + " fee burn");
        PublicOutputs out = readOutputs(in, who);
        int lists = in.u8(who + " child lists");
        if (lists != (level == 0 ? 0 : 2)) throw in.error(who + " child lists", "a level-" + level + " record has " + (level == 0 ? 0 : 2) + " child lists, got " + lists);
        List<List<Bytes>> children = new ArrayList<>();
        for (int s = 0; s < lists; s++) {
            int n = in.u8(who + " child count");
            if (n < 1 || n > 3) throw in.error(who + " child count", "1..3 included proofs per child, got " + n);
            List<Bytes> ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) ids.add(Bytes.of(in.bytes(32, who + " child id")));
            children.add(ids);
        }
        Bytes snark = in.var16(who + " snark", RollupSnark.PROOF_BYTES + io.coprover.rollup.Accumulator.BYTES);
        try {
            RollupSnark.decode(snark, level > 0);
        } catch (IllegalArgumentException e) {
            throw in.error(who + " snark", e.getMessage());
        }
        return new ProofRecord(block, new NodeId(level, (int) index), prover, vrf, feeBurn, out, children, snark);
    }

    /** One record alone (no trailing bytes). */
    public static byte[] encode(ProofRecord r) {
        Wire.Writer w = new Wire.Writer();
        write(w, r);
        return w.toByteArray();
    }

    /** @throws IllegalArgumentException naming the malformed field */
    public static ProofRecord decode(byte[] b) {
        Wire.Reader in = new Wire.Reader(b, "proof record");
        ProofRecord r = read(in, "record");
        in.end();
        return r;
    }
}
