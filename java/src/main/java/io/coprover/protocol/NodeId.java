package io.coprover.protocol;

/**
 * A node of a block's proof tree: {@code level} 0 holds the base rollups (each proving 2 txs),
 * level ℓ+1 node i merges level ℓ nodes 2i and 2i+1; the root is the only node of the top level.
 */
public record NodeId(int level, int index) implements Comparable<NodeId> {
    public NodeId {
        if (level < 0 || level > 255) throw new IllegalArgumentException("node level out of range [0,255]: " + level);
        if (index < 0) throw new IllegalArgumentException("node index must be non-negative: " + index);
    }

    /** The role a prover needs for this node. */
    public Role role() {
        return level == 0 ? Role.BASE : Role.MERGE;
    }

    public NodeId left() {
        return child(0);
    }

    public NodeId right() {
        return child(1);
    }

    /** Child 0 (left) or 1 (right) of a merge node. */
    public NodeId child(int side) {
        if (level == 0) throw new IllegalArgumentException("a base node has no children: " + this);
        return new NodeId(level - 1, 2 * index + side);
    }

    public NodeId parent() {
        return new NodeId(level + 1, index >>> 1);
    }

    /** Bottom-up, left to right. */
    @Override
    public int compareTo(NodeId o) {
        return level != o.level ? Integer.compare(level, o.level) : Integer.compare(index, o.index);
    }

    @Override
    public String toString() {
        return "(" + level + "," + index + ")";
    }
}
