package io.coprover.protocol;

import java.math.BigInteger;

/**
 * What a sequencer's bid commits to (PROTOCOL "Bids commit to their block"): the block it will
 * publish if it wins — its number of txs, total fees, start state root and tx commitment. The
 * contract prices the bid with these fees and accepts only the committed block, so FEE_SPLIT is a
 * promise about a known amount, not a ratio of fees chosen after winning.
 */
public record BlockCommitment(int txCount, BigInteger totalFees, Bytes startStateRoot, Bytes txCommitment) {
    public BlockCommitment {
        TreeShape.forTxs(txCount); // range check
        Amounts.check(totalFees, "committed fees");
        if (startStateRoot == null || startStateRoot.length() != 32)
            throw new IllegalArgumentException("committed start root must be 32 bytes");
        if (txCommitment == null || txCommitment.length() != 32)
            throw new IllegalArgumentException("committed tx commitment must be 32 bytes");
    }

    /** The commitment a header fulfils. */
    public static BlockCommitment of(BlockHeader h) {
        return new BlockCommitment(h.txCount(), h.totalFees(), h.startStateRoot(), h.txCommitment());
    }

    /** Null if {@code h} is the committed block, else what differs. */
    public String whyNot(BlockHeader h) {
        if (h.txCount() != txCount) return "the block has " + h.txCount() + " txs, the bid committed to " + txCount;
        if (!h.totalFees().equals(totalFees))
            return "the block's fees " + h.totalFees() + " differ from the committed " + totalFees;
        if (!h.startStateRoot().equals(startStateRoot))
            return "the block's start state root differs from the committed one";
        if (!h.txCommitment().equals(txCommitment)) return "the block's tx commitment differs from the committed one";
        return null;
    }

    /** The MEV excess a winner with this split pays from its bond: max(0, pool·split/10^6 − pool). */
    public BigInteger excess(BigInteger blockReward, long feeSplitPpm) {
        BigInteger pool = totalFees.add(blockReward);
        BigInteger network = pool.multiply(BigInteger.valueOf(feeSplitPpm)).divide(BigInteger.valueOf(Ppm.ONE));
        return network.subtract(pool).max(BigInteger.ZERO);
    }
}
