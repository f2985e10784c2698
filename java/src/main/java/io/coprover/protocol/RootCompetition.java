package io.coprover.protocol;

import java.math.BigInteger;

/**
 * Competing roots of one block (PROTOCOL §5): the valid tree with the highest score leads; an
 * equal score does not displace the leader, so on a tie the earlier submission wins.
 */
public final class RootCompetition {
    /** A valid tree and who submitted it (for the gas rebate). */
    public record Entry(TreeValidation tree, Bytes submitter, long gasUsed, BigInteger gasPrice, int seq) {}

    private Entry best;
    private int count;

    /** Offers a validated tree; returns true if it now leads. Invalid trees are ignored (false). */
    public boolean offer(TreeValidation tree, Bytes submitter, long gasUsed, BigInteger gasPrice) {
        int seq = count++;
        if (!tree.valid()) return false;
        if (best == null || tree.score().compareTo(best.tree().score()) > 0) {
            best = new Entry(tree, submitter, gasUsed, gasPrice, seq);
            return true;
        }
        return false;
    }

    /** The leader, or null if no valid tree was offered. */
    public Entry best() {
        return best;
    }

    /** Number of offers (valid or not). */
    public int offers() {
        return count;
    }
}
