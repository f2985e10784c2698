package io.coprover.scheduler;

import io.coprover.protocol.NodeId;
import io.coprover.protocol.TreeShape;

/** What a job proves: a base rollup (level 0), a merge (inner node) or the root merge. */
public enum JobKind {
    BASE,
    MERGE,
    ROOT;

    /**
     * The kind of a node of {@code shape}. A one-node tree's root is a base rollup (it has no
     * children), so it is {@link #BASE}.
     */
    public static JobKind of(TreeShape shape, NodeId node) {
        if (!shape.contains(node))
            throw new IllegalArgumentException("node " + node + " is not in a tree of " + shape.numNodes() + " nodes");
        if (node.level() == 0) return BASE;
        return node.level() == shape.depth() ? ROOT : MERGE;
    }
}
