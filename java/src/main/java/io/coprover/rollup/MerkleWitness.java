package io.coprover.rollup;

/**
 * An authentication path in the state tree: the leaf index and its {@code depth} siblings from
 * the leaf level upward (flat, 4 longs Montgomery each). Bit ℓ of the index says whether the node
 * at level ℓ is a right child (its sibling is then on the left).
 */
public record MerkleWitness(long index, int depth, long[] siblings) {
    public MerkleWitness {
        if (siblings.length != 4 * depth)
            throw new IllegalArgumentException("a witness of depth " + depth + " needs " + depth + " siblings");
    }

    public long[] sibling(int level) {
        return java.util.Arrays.copyOfRange(siblings, 4 * level, 4 * level + 4);
    }

    /** The root this path gives for {@code leaf}: node_{ℓ+1} = Poseidon(left, right). */
    public long[] rootFor(long[] leaf) {
        long[] cur = leaf;
        for (int l = 0; l < depth; l++) {
            long[] s = sibling(l);
            cur = ((index >>> l) & 1) == 0 ? Fr.poseidon(cur, s) : Fr.poseidon(s, cur);
        }
        return cur;
    }
}
