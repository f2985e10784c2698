package io.coprover.node;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.PublicOutputs;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The PROOF gossip payload: one {@link ProofRecord} as
 * <pre>
 * u32be(|canonical|) ‖ canonical encoding (PROTOCOL §5, the bytes the proof id hashes) ‖ u32be(|snark|) ‖ snark
 * </pre>
 * Decoding is strict: every field is range-checked, the canonical part must re-encode to exactly
 * the bytes received (one encoding per record), nothing may follow the SNARK, and the sizes are
 * bounded ({@link #MAX_BYTES}).
 */
public final class ProofMessage {
    /** Largest PROOF payload accepted: a rollup record is about 1.3 KiB; keys and VRF proofs are small. */
    public static final int MAX_BYTES = 16 * 1024;
    private static final byte[] TAG = "coprover/proof/v1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_KEY = 256, MAX_SNARK = 8 * 1024;

    private ProofMessage() {}

    public static byte[] encode(ProofRecord p) {
        byte[] canon = p.encode();
        byte[] snark = p.snark().toArray();
        ByteArrayOutputStream o = new ByteArrayOutputStream(canon.length + snark.length + 8);
        o.writeBytes(ByteBuffer.allocate(4).putInt(canon.length).array());
        o.writeBytes(canon);
        o.writeBytes(ByteBuffer.allocate(4).putInt(snark.length).array());
        o.writeBytes(snark);
        return o.toByteArray();
    }

    /** Decodes a PROOF payload; throws {@link MessageException} naming what is malformed. */
    public static ProofRecord decode(byte[] payload) {
        if (payload == null || payload.length > MAX_BYTES) {
            throw new MessageException("proof message: " + (payload == null ? "no payload" : payload.length + " bytes exceeds " + MAX_BYTES));
        }
        Wire outer = new Wire(payload, "proof message");
        byte[] canon = outer.sized(MAX_BYTES, "record");
        byte[] snark = outer.sized(MAX_SNARK, "snark");
        outer.end();
        Wire w = new Wire(canon, "proof record");
        w.tag(TAG);
        long block = w.u64("block", 0, Long.MAX_VALUE);
        int level = w.u8("level");
        long index = w.u32("index");
        if (index > Integer.MAX_VALUE) throw new MessageException("proof record: node index out of range: " + index);
        int pkLen = w.u16("prover length");
        if (pkLen == 0 || pkLen > MAX_KEY) throw new MessageException("proof record: prover key of " + pkLen + " bytes (1.." + MAX_KEY + ")");
        byte[] pk = w.bytes(pkLen, "prover");
        int vrfLen = w.u16("VRF proof length");
        if (vrfLen > MAX_KEY) throw new MessageException("proof record: VRF proof of " + vrfLen + " bytes exceeds " + MAX_KEY);
        byte[] vrf = w.bytes(vrfLen, "VRF proof");
        long feeBurn = w.u64("FEE_BURN", 0, 1_000_000);
        Bytes start = Bytes.of(w.bytes(32, "start state root"));
        Bytes end = Bytes.of(w.bytes(32, "end state root"));
        Bytes commitment = Bytes.of(w.bytes(32, "tx commitment"));
        BigInteger fees = new BigInteger(1, w.bytes(32, "fees"));
        int lists = w.u8("child list count");
        if (lists != 0 && lists != 2) throw new MessageException("proof record: " + lists + " child lists (0 or 2)");
        if ((lists == 0) != (level == 0)) throw new MessageException("proof record: a " + (level == 0 ? "base" : "merge") + " proof with " + lists + " child lists");
        List<List<Bytes>> children = new ArrayList<>();
        for (int l = 0; l < lists; l++) {
            int n = w.u8("child count");
            if (n < 1 || n > 3) throw new MessageException("proof record: " + n + " proofs in a child list (1..3)");
            List<Bytes> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) ids.add(Bytes.of(w.bytes(32, "child id")));
            children.add(ids);
        }
        w.end();
        ProofRecord r;
        try {
            r = new ProofRecord(block, new NodeId(level, (int) index), Bytes.of(pk), Bytes.of(vrf), feeBurn,
                    new PublicOutputs(start, end, commitment, fees), children, Bytes.of(snark));
        } catch (IllegalArgumentException e) {
            throw new MessageException("proof record: " + e.getMessage(), e);
        }
        if (!Arrays.equals(r.encode(), canon)) throw new MessageException("proof record: not in canonical form");
        return r;
    }
}
