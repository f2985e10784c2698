package io.coprover.requests;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.Ppm;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProofRecordCodec;
import io.coprover.protocol.PublicOutputs;
import io.coprover.protocol.TreeShape;
import io.coprover.protocol.Wire;
import io.coprover.rollup.Account;
import io.coprover.rollup.Fr;
import io.coprover.rollup.MerkleWitness;
import io.coprover.rollup.RollupRecords;
import io.coprover.rollup.StateTree;
import io.coprover.rollup.Transfer;
import io.coprover.rollup.TxWitness;
import io.coprover.scheduler.JobKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A self-contained proof job for a proof builder: which node of which block to prove, every input
 * the circuit needs, the prover the proof is bound to, and a deadline. A builder needs nothing else
 * (no state, no gossip) to make the proof, and the requester can check the result against it.
 *
 * <p>Canonical binary encoding, version 1 (big-endian; the builder's wire format, what a requester
 * signs and what a job queue stores). Every field has one encoding: field elements below r, flags
 * 0/1, no trailing bytes; the request id is SHA-256 of the encoding.
 * <pre>
 * "CPRQ" ‖ u8(version = 1) ‖ u8(kind: 0 BASE, 1 MERGE, 2 ROOT)
 * ‖ u64(block) ‖ blockDigest(32) ‖ u32(txs in the block) ‖ u8(level) ‖ u32(index)
 * ‖ u16(|prover|) ‖ prover ‖ u16(|vrfProof|) ‖ vrfProof ‖ u64(feeBurnPpm) ‖ u64(deadline, Unix ms)
 * BASE:   u8(depth) ‖ expected outputs: startRoot ‖ endRoot ‖ txCommitment ‖ fees (32 each, Fr)
 *         ‖ 2 × tx: u8(padding) ‖ u32(from) ‖ u32(to) ‖ u64(amount) ‖ u64(fee) ‖ u32(nonce)
 *                   ‖ sender: pkHash(32) ‖ u64(balance) ‖ u32(nonce) ‖ depth × sibling(32)
 *                   ‖ receiver: pkHash(32) ‖ u64(balance) ‖ u32(nonce) ‖ depth × sibling(32)
 * MERGE/ROOT: u8(|left|) ‖ left records ‖ u8(|right|) ‖ right records (1..3 each, {@link ProofRecordCodec})
 *         ‖ u32(|context|) ‖ context records, sorted by id
 * </pre>
 * The Merkle paths' leaf indices are not encoded: the sender's is {@code from}, the receiver's
 * {@code to} (0 and 0 for a padding tx), so a path cannot disagree with its tx. The context holds
 * every proof below the included children that the merge prover must reduce to check the
 * children's carried accumulators (the whole subtree, {@link io.coprover.rollup.ProofChecker}), and
 * nothing else.
 *
 * <p>The constructor checks structure (sizes, ranges, kind against the tree shape, one padding
 * rule, duplicates); whether the witnesses are consistent and the children's proofs verify is
 * {@link ProofRequests#check}'s job, which needs the verification keys.
 */
public record ProofRequest(
        JobKind kind,
        long block,
        Bytes blockDigest,
        int txs,
        NodeId node,
        Bytes prover,
        Bytes vrfProof,
        long feeBurnPpm,
        long deadlineMillis,
        Base base,
        Merge merge) {
    public static final int VERSION = 1;
    private static final byte[] MAGIC = "CPRQ".getBytes(StandardCharsets.US_ASCII);
    /** Hard upper bound of an encoded request (a service may set a lower one). */
    public static final int MAX_BYTES = 64 << 20;
    /** Most context records (proofs below the children) a merge request may carry. */
    public static final int MAX_CONTEXT = 1 << 16;

    /** A base node's inputs: the state depth, the outputs the requester expects, and the two tx witnesses in order. */
    public record Base(int depth, PublicOutputs expected, TxWitness tx0, TxWitness tx1) {
        public Base {
            if (depth < 1 || depth > StateTree.MAX_DEPTH)
                throw new IllegalArgumentException(
                        "request: depth must be 1.." + StateTree.MAX_DEPTH + ", got " + depth);
            if (expected == null || tx0 == null || tx1 == null)
                throw new IllegalArgumentException("request: base inputs need expected outputs and two tx witnesses");
            checkTx(depth, tx0, "tx 0");
            checkTx(depth, tx1, "tx 1");
        }

        public List<TxWitness> txs() {
            return List.of(tx0, tx1);
        }

        private static void checkTx(int depth, TxWitness w, String who) {
            Transfer t = w.tx();
            long cap = 1L << depth;
            if (t.from() >= cap || t.to() >= cap)
                throw new IllegalArgumentException(
                        "request: " + who + ": account index beyond a depth-" + depth + " tree");
            long wantFrom = t.padding() ? 0 : t.from(), wantTo = t.padding() ? 0 : t.to();
            if (w.senderPath().depth() != depth || w.receiverPath().depth() != depth) {
                throw new IllegalArgumentException("request: " + who + ": Merkle paths must have depth " + depth);
            }
            if (w.senderPath().index() != wantFrom)
                throw new IllegalArgumentException("request: " + who + ": sender path is for slot "
                        + w.senderPath().index() + ", tx says " + wantFrom);
            if (w.receiverPath().index() != wantTo)
                throw new IllegalArgumentException("request: " + who + ": receiver path is for slot "
                        + w.receiverPath().index() + ", tx says " + wantTo);
        }
    }

    /** A merge node's inputs: the included child proofs (1..3 per side) and the proofs below them. */
    public record Merge(List<ProofRecord> left, List<ProofRecord> right, List<ProofRecord> context) {
        public Merge {
            left = List.copyOf(left);
            right = List.copyOf(right);
            context = new ArrayList<>(context);
            context.sort((a, b) -> a.id().compareTo(b.id()));
            context = List.copyOf(context);
            if (context.size() > MAX_CONTEXT)
                throw new IllegalArgumentException("request: more than " + MAX_CONTEXT + " context proofs");
        }
    }

    public ProofRequest {
        if (kind == null || blockDigest == null || node == null || prover == null)
            throw new IllegalArgumentException("request: kind, block digest, node and prover are required");
        if (block < 0) throw new IllegalArgumentException("request: block must be non-negative");
        if (blockDigest.length() != 32)
            throw new IllegalArgumentException("request: block digest must be 32 bytes, got " + blockDigest.length());
        TreeShape shape = TreeShape.forTxs(txs);
        if (!shape.contains(node))
            throw new IllegalArgumentException(
                    "request: node " + node + " is not in the tree of a block of " + txs + " txs");
        if (JobKind.of(shape, node) != kind)
            throw new IllegalArgumentException("request: node " + node + " of a block of " + txs + " txs is a "
                    + JobKind.of(shape, node) + " job, not " + kind);
        if (prover.length() == 0 || prover.length() > ProofRecordCodec.MAX_KEY_BYTES)
            throw new IllegalArgumentException(
                    "request: prover key must be 1.." + ProofRecordCodec.MAX_KEY_BYTES + " bytes");
        vrfProof = vrfProof == null ? Bytes.of(new byte[0]) : vrfProof;
        if (vrfProof.length() > ProofRecordCodec.MAX_KEY_BYTES)
            throw new IllegalArgumentException(
                    "request: VRF proof longer than " + ProofRecordCodec.MAX_KEY_BYTES + " bytes");
        Ppm.check(feeBurnPpm, Ppm.ONE, "request: FEE_BURN");
        if (deadlineMillis <= 0)
            throw new IllegalArgumentException("request: deadline must be a positive Unix time in ms");
        if (kind == JobKind.BASE) {
            if (base == null || merge != null)
                throw new IllegalArgumentException("request: a BASE job carries base inputs only");
        } else {
            if (merge == null || base != null)
                throw new IllegalArgumentException("request: a " + kind + " job carries merge inputs only");
            checkChildren(block, node.left(), merge.left(), "left");
            checkChildren(block, node.right(), merge.right(), "right");
            Set<Bytes> seen = new HashSet<>();
            for (ProofRecord r : merge.left()) seen.add(r.id());
            for (ProofRecord r : merge.right()) seen.add(r.id());
            if (seen.size() != merge.left().size() + merge.right().size())
                throw new IllegalArgumentException("request: an included child proof is listed twice");
            for (ProofRecord r : merge.context()) {
                if (!seen.add(r.id()))
                    throw new IllegalArgumentException(
                            "request: context proof " + r.id().shortHex(12) + " is listed twice");
                if (r.block() != block || r.node().level() >= node.level() - 1) {
                    throw new IllegalArgumentException("request: context proof " + r.id().shortHex(12) + " (block "
                            + r.block() + " node " + r.node() + ") is not below the children of " + node);
                }
            }
        }
    }

    private static void checkChildren(long block, NodeId child, List<ProofRecord> l, String side) {
        if (l.isEmpty() || l.size() > 3)
            throw new IllegalArgumentException("request: 1..3 " + side + " child proofs, got " + l.size());
        for (ProofRecord p : l) {
            if (p.block() != block || !p.node().equals(child)) {
                throw new IllegalArgumentException(
                        "request: " + side + " child proof " + p.id().shortHex(12) + " is for block " + p.block()
                                + " node " + p.node() + ", expected block " + block + " node " + child);
            }
        }
    }

    public TreeShape shape() {
        return TreeShape.forTxs(txs);
    }

    /** SHA-256 of the canonical encoding. */
    public Bytes id() {
        return Bytes.of(Bytes.sha256(encode()));
    }

    /** The canonical encoding (class comment). */
    public byte[] encode() {
        Wire.Writer w = new Wire.Writer();
        w.bytes(MAGIC).u8(VERSION).u8(kind.ordinal());
        w.u63(block).bytes(blockDigest.toArray()).u32(txs).u8(node.level()).u32(node.index());
        w.var16(prover).var16(vrfProof).u63(feeBurnPpm).u63(deadlineMillis);
        if (base != null) {
            w.u8(base.depth());
            writeOutputs(w, base.expected());
            for (TxWitness t : base.txs()) writeTx(w, t);
        } else {
            for (List<ProofRecord> side : List.of(merge.left(), merge.right())) {
                w.u8(side.size());
                for (ProofRecord r : side) ProofRecordCodec.write(w, r);
            }
            w.u32(merge.context().size());
            for (ProofRecord r : merge.context()) ProofRecordCodec.write(w, r);
        }
        if (w.size() > MAX_BYTES)
            throw new IllegalArgumentException("request: encoding exceeds " + MAX_BYTES + " bytes");
        return w.toByteArray();
    }

    /** Roots, commitment and fees, each a canonical Fr element (32 bytes big-endian). */
    private static void writeOutputs(Wire.Writer w, PublicOutputs o) {
        w.bytes(o.startStateRoot()).bytes(o.endStateRoot()).bytes(o.txCommitment());
        Fr.write(w, Fr.of(o.fees()));
    }

    private static PublicOutputs readOutputs(Wire.Reader in, String who) {
        long[] s = Fr.read(in, who + " start root"),
                e = Fr.read(in, who + " end root"),
                c = Fr.read(in, who + " tx commitment");
        long[] f = Fr.read(in, who + " fees");
        return new PublicOutputs(Fr.bytes(s), Fr.bytes(e), Fr.bytes(c), Fr.big(f));
    }

    private static void writeTx(Wire.Writer w, TxWitness t) {
        Transfer tx = t.tx();
        w.bool(tx.padding())
                .u32(tx.from())
                .u32(tx.to())
                .u63(tx.amount())
                .u63(tx.fee())
                .u32(tx.nonce());
        writeAccount(w, t.sender(), t.senderPath());
        writeAccount(w, t.receiver(), t.receiverPath());
    }

    private static void writeAccount(Wire.Writer w, Account a, MerkleWitness path) {
        Fr.write(w, Fr.of(a.pkHash()));
        w.u63(a.balance()).u32(a.nonce());
        for (int l = 0; l < path.depth(); l++) Fr.write(w, path.sibling(l));
    }

    /**
     * Decodes and structurally validates a request of at most {@code maxBytes}.
     *
     * @throws IllegalArgumentException naming the first wrong field and its byte offset
     */
    public static ProofRequest decode(byte[] in, int maxBytes) {
        if (in.length > Math.min(maxBytes, MAX_BYTES))
            throw new IllegalArgumentException(
                    "request: " + in.length + " bytes exceeds the limit of " + Math.min(maxBytes, MAX_BYTES));
        Wire.Reader r = new Wire.Reader(in, "request");
        if (!java.util.Arrays.equals(r.bytes(MAGIC.length, "magic"), MAGIC))
            throw new IllegalArgumentException("request: not a proof request (magic is not \"CPRQ\")");
        int version = r.u8("version");
        if (version != VERSION)
            throw new IllegalArgumentException(
                    "request: unsupported version " + version + " (this builder speaks " + VERSION + ")");
        int k = r.u8("kind");
        if (k >= JobKind.values().length) throw r.error("kind", "unknown job kind " + k);
        JobKind kind = JobKind.values()[k];
        long block = r.u63("block");
        Bytes digest = Bytes.of(r.bytes(32, "block digest"));
        long txs = r.u32("txs");
        if (txs > TreeShape.MAX_TXS) throw r.error("txs", txs + " is above the largest block, " + TreeShape.MAX_TXS);
        int level = r.u8("level");
        long index = r.u32("index");
        if (index > Integer.MAX_VALUE) throw r.error("index", "out of range");
        TreeShape shape = TreeShape.forTxs((int) txs);
        if (!shape.contains(new NodeId(level, (int) index)))
            throw r.error("node", "(" + level + "," + index + ") is not in the tree of a block of " + txs + " txs");
        JobKind actual = JobKind.of(shape, new NodeId(level, (int) index));
        if (actual != kind)
            throw r.error(
                    "kind",
                    "node (" + level + "," + index + ") of a block of " + txs + " txs is a " + actual + " job, not "
                            + kind);
        Bytes prover = r.var16("prover", ProofRecordCodec.MAX_KEY_BYTES);
        Bytes vrf = r.var16("vrf proof", ProofRecordCodec.MAX_KEY_BYTES);
        long feeBurn = r.u63("fee burn");
        long deadline = r.u63("deadline");
        Base base = null;
        Merge merge = null;
        if (kind == JobKind.BASE) {
            int depth = r.u8("depth");
            if (depth < 1 || depth > StateTree.MAX_DEPTH)
                throw r.error("depth", "must be 1.." + StateTree.MAX_DEPTH + ", got " + depth);
            PublicOutputs expected = readOutputs(r, "expected");
            TxWitness t0 = readTx(r, depth, "tx 0"), t1 = readTx(r, depth, "tx 1");
            base = new Base(depth, expected, t0, t1);
        } else {
            List<List<ProofRecord>> sides = new ArrayList<>();
            for (String side : List.of("left", "right")) {
                int n = r.u8(side + " count");
                if (n < 1 || n > 3) throw r.error(side + " count", "1..3 included proofs per child, got " + n);
                List<ProofRecord> l = new ArrayList<>();
                for (int i = 0; i < n; i++) l.add(RollupRecords.read(r, side + " child " + i));
                sides.add(l);
            }
            long n = r.u32("context count");
            if (n > MAX_CONTEXT) throw r.error("context count", n + " is above " + MAX_CONTEXT);
            List<ProofRecord> ctx = new ArrayList<>();
            Bytes prev = null;
            for (int i = 0; i < n; i++) {
                ProofRecord c = RollupRecords.read(r, "context proof " + i);
                if (prev != null && prev.compareTo(c.id()) >= 0)
                    throw r.error("context proof " + i, "context proofs must be sorted by id, without repeats");
                prev = c.id();
                ctx.add(c);
            }
            merge = new Merge(sides.get(0), sides.get(1), ctx);
        }
        r.end();
        return new ProofRequest(
                kind,
                block,
                digest,
                (int) txs,
                new NodeId(level, (int) index),
                prover,
                vrf,
                feeBurn,
                deadline,
                base,
                merge);
    }

    private static TxWitness readTx(Wire.Reader r, int depth, String who) {
        boolean padding = r.bool(who + " padding");
        long from = r.u32(who + " from"), to = r.u32(who + " to");
        long amount = r.u63(who + " amount"), fee = r.u63(who + " fee");
        long nonce = r.u32(who + " nonce");
        Transfer tx;
        try {
            tx = new Transfer(from, to, amount, fee, nonce, padding);
        } catch (IllegalArgumentException e) {
            throw r.error(who, e.getMessage());
        }
        long sIdx = padding ? 0 : from, rIdx = padding ? 0 : to;
        if (sIdx >= 1L << depth || rIdx >= 1L << depth)
            throw r.error(who, "account index beyond a depth-" + depth + " tree");
        Account s = readAccount(r, who + " sender");
        MerkleWitness sp = readPath(r, depth, sIdx, who + " sender path");
        Account rc = readAccount(r, who + " receiver");
        MerkleWitness rp = readPath(r, depth, rIdx, who + " receiver path");
        return new TxWitness(tx, s, sp, rc, rp);
    }

    private static Account readAccount(Wire.Reader r, String who) {
        long[] pk = Fr.read(r, who + " pkHash");
        long bal = r.u63(who + " balance");
        long nonce = r.u32(who + " nonce");
        return new Account(Fr.big(pk), bal, nonce);
    }

    private static MerkleWitness readPath(Wire.Reader r, int depth, long index, String who) {
        long[] sib = new long[4 * depth];
        for (int l = 0; l < depth; l++) System.arraycopy(Fr.read(r, who + " sibling " + l), 0, sib, 4 * l, 4);
        return new MerkleWitness(index, depth, sib);
    }
}
