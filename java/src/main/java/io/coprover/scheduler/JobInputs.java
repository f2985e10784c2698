package io.coprover.scheduler;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.TreeShape;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Everything a {@link NodeProver} needs to prove one node for this prover, and nothing else: the
 * block and its digest (a commitment to the block's txs, e.g. the header's tx commitment, so two
 * blocks with one number but other txs never share a job), the node, the prover's key, VRF proof
 * and FEE_BURN, and for a merge node the included child proofs (left, right; 1..3 each).
 *
 * <p>Canonical encoding, hashed with SHA-256 and truncated to {@link #HASH_HEX} hex digits for
 * the job id:
 * <pre>
 * "coprover/job/v1" ‖ u64be(block) ‖ blockDigest(32) ‖ u8(level) ‖ u32be(index) ‖ u8(kind)
 * ‖ u16be(|prover|) ‖ prover ‖ u16be(|vrfProof|) ‖ vrfProof ‖ u64be(feeBurnPpm)
 * ‖ u8(|left|) ‖ left ids(32 each) ‖ u8(|right|) ‖ right ids
 * </pre>
 * Child proofs enter by id: a proof id already binds everything about the proof but its SNARK.
 */
public record JobInputs(
        long block,
        Bytes blockDigest,
        TreeShape shape,
        NodeId node,
        Bytes prover,
        Bytes vrfProof,
        long feeBurnPpm,
        List<ProofRecord> left,
        List<ProofRecord> right) {
    /** Hex digits of the input hash kept in a job id (64 bits: collisions need ~2^32 jobs of one node). */
    public static final int HASH_HEX = 16;

    private static final byte[] TAG = "coprover/job/v1".getBytes(StandardCharsets.US_ASCII);

    public JobInputs {
        if (block < 0) throw new IllegalArgumentException("job inputs: block must be non-negative: " + block);
        if (blockDigest == null || blockDigest.length() != 32)
            throw new IllegalArgumentException("job inputs: block digest must be 32 bytes");
        if (shape == null || node == null || prover == null)
            throw new IllegalArgumentException("job inputs: shape, node and prover are required");
        if (!shape.contains(node))
            throw new IllegalArgumentException(
                    "job inputs: node " + node + " is not in a tree of " + shape.numNodes() + " nodes");
        if (prover.length() == 0 || prover.length() > 0xffff)
            throw new IllegalArgumentException("job inputs: prover key length " + prover.length());
        vrfProof = vrfProof == null ? Bytes.of(new byte[0]) : vrfProof;
        if (vrfProof.length() > 0xffff) throw new IllegalArgumentException("job inputs: VRF proof too long");
        left = left == null ? List.of() : List.copyOf(left);
        right = right == null ? List.of() : List.copyOf(right);
        if (node.level() == 0) {
            if (!left.isEmpty() || !right.isEmpty())
                throw new IllegalArgumentException("job inputs: base node " + node + " takes no child proofs");
        } else {
            checkChildren(block, node.left(), left, "left");
            checkChildren(block, node.right(), right, "right");
        }
    }

    private static void checkChildren(long block, NodeId child, List<ProofRecord> l, String side) {
        if (l.isEmpty() || l.size() > 3)
            throw new IllegalArgumentException("job inputs: 1..3 " + side + " child proofs required, got " + l.size());
        for (ProofRecord p : l) {
            if (p.block() != block || !p.node().equals(child)) {
                throw new IllegalArgumentException(
                        "job inputs: " + side + " child proof " + p.id().shortHex(12) + " is for block " + p.block()
                                + " node " + p.node() + ", expected block " + block + " node " + child);
            }
        }
    }

    public JobKind kind() {
        return JobKind.of(shape, node);
    }

    /** The canonical encoding (class comment). */
    public byte[] encode() {
        ByteArrayOutputStream o = new ByteArrayOutputStream(192);
        o.writeBytes(TAG);
        o.writeBytes(ByteBuffer.allocate(8).putLong(block).array());
        o.writeBytes(blockDigest.toArray());
        o.writeBytes(ByteBuffer.allocate(6)
                .put((byte) node.level())
                .putInt(node.index())
                .put((byte) kind().ordinal())
                .array());
        o.writeBytes(ByteBuffer.allocate(2).putShort((short) prover.length()).array());
        o.writeBytes(prover.toArray());
        o.writeBytes(ByteBuffer.allocate(2).putShort((short) vrfProof.length()).array());
        o.writeBytes(vrfProof.toArray());
        o.writeBytes(ByteBuffer.allocate(8).putLong(feeBurnPpm).array());
        for (List<ProofRecord> l : List.of(left, right)) {
            o.write(l.size());
            for (ProofRecord p : l) o.writeBytes(p.id().toArray());
        }
        return o.toByteArray();
    }

    /** The first {@link #HASH_HEX} hex digits of SHA-256(encoding). */
    public String inputHash() {
        return Bytes.of(Bytes.sha256(encode())).hex().substring(0, HASH_HEX);
    }

    public JobId id() {
        return new JobId(block, node, kind(), inputHash());
    }
}
