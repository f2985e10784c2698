package io.coprover.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * The proof tree of a block with {@code txs} transactions (PROTOCOL §4): padded with no-fee
 * padding txs to {@code paddedTxs} = the smallest power of two ≥ max(txs, 2); {@code numBase} =
 * paddedTxs/2 base rollups of 2 txs; {@code numNodes} = paddedTxs − 1; the root sits at level
 * {@code depth} = log2(numBase). Example: 32 txs → 16 base + 15 merge = 31 nodes, depth 4.
 */
public record TreeShape(int txs, int paddedTxs, int numBase, int depth, int numNodes) {
    /** The largest block: 2^24 txs (level and index then fit the u8/u32 seed encodings). */
    public static final int MAX_TXS = 1 << 24;

    public TreeShape {
        if (txs < 0 || txs > MAX_TXS)
            throw new IllegalArgumentException("txs out of range [0, " + MAX_TXS + "]: " + txs);
    }

    public static TreeShape forTxs(int txs) {
        if (txs < 0 || txs > MAX_TXS)
            throw new IllegalArgumentException("txs out of range [0, " + MAX_TXS + "]: " + txs);
        int padded = txs <= 2 ? 2 : Integer.highestOneBit(txs - 1) << 1; // smallest power of two ≥ txs
        int numBase = padded / 2;
        return new TreeShape(txs, padded, numBase, Integer.numberOfTrailingZeros(numBase), padded - 1);
    }

    public NodeId root() {
        return new NodeId(depth, 0);
    }

    /** Number of nodes at a level: numBase / 2^level. */
    public int width(int level) {
        if (level < 0 || level > depth) throw new IllegalArgumentException("level out of range: " + level);
        return numBase >>> level;
    }

    public boolean contains(NodeId n) {
        return n.level() <= depth && n.index() < (numBase >>> n.level());
    }

    /** Position of a node in {@link #nodes()}: levels bottom-up, each left to right. */
    public int ordinal(NodeId n) {
        if (!contains(n))
            throw new IllegalArgumentException("node " + n + " is not in a tree of " + numNodes + " nodes");
        // nodes below level ℓ: numBase·(2 − 2^(1−ℓ)) = 2·numBase − 2·(numBase >> ℓ)
        return 2 * numBase - 2 * (numBase >>> n.level()) + n.index();
    }

    /** Every node, bottom-up and left to right. */
    public List<NodeId> nodes() {
        List<NodeId> out = new ArrayList<>(numNodes);
        for (int l = 0; l <= depth; l++) {
            for (int i = 0; i < (numBase >>> l); i++) out.add(new NodeId(l, i));
        }
        return out;
    }

    /** Whether a base node proves only padding txs (index·2 ≥ txs). */
    public boolean isPadding(NodeId n) {
        return n.level() == 0 && 2L * n.index() >= txs;
    }
}
