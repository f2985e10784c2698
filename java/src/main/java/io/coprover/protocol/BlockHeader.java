package io.coprover.protocol;

import java.math.BigInteger;

/**
 * What the elected sequencer commits to on L1 when its block is accepted: the block number, its
 * key, its FEE_SPLIT bid, the number of txs (hence the tree shape), the total fees, the state root
 * the block starts from and the commitment to its txs. A winning root must match the last three.
 */
public record BlockHeader(
        long block,
        Bytes sequencer,
        long feeSplitPpm,
        int txCount,
        BigInteger totalFees,
        Bytes startStateRoot,
        Bytes txCommitment) {
    public BlockHeader {
        Seeds.checkBlock(block);
        if (sequencer == null) throw new IllegalArgumentException("sequencer key required");
        if (feeSplitPpm < 0) throw new IllegalArgumentException("FEE_SPLIT must not be negative: " + feeSplitPpm);
        Amounts.check(totalFees, "totalFees");
        if (startStateRoot == null || startStateRoot.length() != 32)
            throw new IllegalArgumentException("startStateRoot must be 32 bytes");
        if (txCommitment == null || txCommitment.length() != 32)
            throw new IllegalArgumentException("txCommitment must be 32 bytes");
        TreeShape.forTxs(txCount); // range check
    }

    public TreeShape shape() {
        return TreeShape.forTxs(txCount);
    }
}
