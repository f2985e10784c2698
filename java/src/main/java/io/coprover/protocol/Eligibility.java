package io.coprover.protocol;

import java.math.BigInteger;

/**
 * Who may prove a node (PROTOCOL §3, [decided]): a prover staked for the node's role with
 * u(beta) ≥ 2^64 − floor(2^64·E / N), N = number of provers registered for that role. Each of
 * the N provers passes with probability floor(2^64·E/N)/2^64 ≈ E/N, so about E are eligible per
 * node. E ≥ N makes everyone eligible; N = 0 or E = 0 no one. FEE_BURN does not enter: eligibility
 * cannot be bought, only ranking can.
 */
public final class Eligibility {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private final boolean all, none;
    private final long threshold; // unsigned; valid when !all && !none
    private final BigInteger exact; // the same threshold, made once (planners ask for it per draw)
    private final int expected, registered;

    private Eligibility(int expected, int registered) {
        if (expected < 0 || registered < 0) throw new IllegalArgumentException("E and N must be non-negative");
        this.expected = expected;
        this.registered = registered;
        if (registered == 0 || expected == 0) {
            all = false;
            none = true;
            threshold = 0;
            exact = TWO_64;
        } else if (expected >= registered) {
            all = true;
            none = false;
            threshold = 0;
            exact = BigInteger.ZERO;
        } else {
            BigInteger t = TWO_64.subtract(
                    TWO_64.multiply(BigInteger.valueOf(expected)).divide(BigInteger.valueOf(registered)));
            // E < N ⇒ 0 < t < 2^64 (E ≥ 1 ⇒ floor(2^64·E/N) ≥ 1 for N ≤ 2^63)
            all = false;
            none = false;
            threshold = t.longValue();
            exact = t;
        }
    }

    /** The rule for E expected out of N registered. */
    public static Eligibility of(int expected, int registered) {
        return new Eligibility(expected, registered);
    }

    /** Whether u(beta) passes. */
    public boolean test(long u) {
        if (all) return true;
        if (none) return false;
        return Long.compareUnsigned(u, threshold) >= 0;
    }

    /** The threshold 2^64 − floor(2^64·E/N) (0 when everyone passes, 2^64 when no one does). */
    public BigInteger threshold() {
        return exact;
    }

    public int expected() {
        return expected;
    }

    public int registered() {
        return registered;
    }
}
