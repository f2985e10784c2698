package io.coprover.rollup;

import io.coprover.protocol.TreeShape;
import java.util.List;

/**
 * A block applied to a state: the padded txs, their circuit witnesses in order, the roots before
 * and after, the block's tx commitment and total fees (what the sequencer publishes in its header).
 */
public record BlockInputs(
        long block,
        int depth,
        TreeShape shape,
        List<Transfer> txs,
        List<TxWitness> witnesses,
        long[] startRoot,
        long[] endRoot,
        long[] txCommitment,
        long fees) {

    /** Applies {@code txs} to {@code state} (which ends in the post-block state) and records everything the provers need. */
    public static BlockInputs apply(StateTree state, long block, List<Transfer> txs) {
        TreeShape shape = TreeShape.forTxs(txs.size());
        long[] start = state.root();
        List<TxWitness> w = Rollup.applyBlock(state, txs);
        List<Transfer> padded = w.stream().map(TxWitness::tx).toList();
        long[][] level = new long[padded.size()][];
        long fees = 0;
        for (int i = 0; i < level.length; i++) {
            level[i] = padded.get(i).hash();
            fees = Math.addExact(fees, padded.get(i).fee());
        }
        for (int n = level.length; n > 1; n /= 2) {
            for (int i = 0; i < n / 2; i++) level[i] = Rollup.combine(level[2 * i], level[2 * i + 1]);
        }
        return new BlockInputs(block, state.depth(), shape, padded, w, start, state.root(), level[0], fees);
    }
}
