package io.coprover.rollup;

import java.util.ArrayList;
import java.util.List;

/**
 * The rollup's state-transition rules, applied natively by the sequencer and the block prover
 * (the base circuit enforces the same rules; see {@link BaseCircuit}).
 *
 * <p>A transfer is valid iff: the sender exists (pkHash ≠ 0), {@code tx.nonce} equals the
 * sender's nonce, {@code amount + fee ≤ balance}, and the receiver's new balance stays below 2^63.
 * Effect: sender balance −= amount + fee, sender nonce += 1, receiver balance += amount (the fee
 * leaves the state; it is paid out through the proving network's reward split).
 */
public final class Rollup {
    private Rollup() {}

    /** Checks and applies one tx to {@code state}, returning the circuit witness. */
    public static TxWitness apply(StateTree state, Transfer tx) {
        if (tx.padding()) {
            Account a = state.get(0);
            MerkleWitness w = state.witness(0);
            return new TxWitness(tx, a, w, a, w);
        }
        if (tx.from() >= state.capacity() || tx.to() >= state.capacity()) {
            throw new IllegalArgumentException(tx + ": account index beyond the tree (2^" + state.depth() + " slots)");
        }
        Account s = state.get(tx.from());
        if (s.pkHash().signum() == 0)
            throw new IllegalArgumentException(tx + ": sender account " + tx.from() + " does not exist");
        if (tx.nonce() != s.nonce())
            throw new IllegalArgumentException(tx + ": bad nonce, the sender's nonce is " + s.nonce());
        if (Math.addExact(tx.amount(), tx.fee()) > s.balance()) {
            throw new IllegalArgumentException(tx + ": overdraft, the sender's balance is " + s.balance());
        }
        if (s.nonce() + 1 >= 1L << Account.NONCE_BITS)
            throw new IllegalArgumentException(tx + ": sender nonce exhausted");
        MerkleWitness sw = state.witness(tx.from());
        state.put(tx.from(), s.withBalanceAndNonce(s.balance() - tx.amount() - tx.fee(), s.nonce() + 1));
        Account r = state.get(tx.to());
        if (r.balance() > Long.MAX_VALUE - tx.amount()) {
            state.put(tx.from(), s); // undo
            throw new IllegalArgumentException(tx + ": receiver balance would reach 2^63");
        }
        MerkleWitness rw = state.witness(tx.to());
        state.put(tx.to(), r.withBalanceAndNonce(r.balance() + tx.amount(), r.nonce()));
        return new TxWitness(tx, s, sw, r, rw);
    }

    /** Pads {@code txs} with padding txs to the smallest power of two ≥ max(2, size). */
    public static List<Transfer> pad(List<Transfer> txs) {
        int n = io.coprover.protocol.TreeShape.forTxs(txs.size()).paddedTxs();
        List<Transfer> out = new ArrayList<>(txs);
        while (out.size() < n) out.add(Transfer.PADDING);
        return out;
    }

    /**
     * Applies a whole block (padded) to {@code state}, in order. On an invalid tx the state is left
     * with the txs before it applied and the exception names the tx's position.
     */
    public static List<TxWitness> applyBlock(StateTree state, List<Transfer> txs) {
        List<Transfer> padded = pad(txs);
        List<TxWitness> out = new ArrayList<>(padded.size());
        for (int i = 0; i < padded.size(); i++) {
            try {
                out.add(apply(state, padded.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tx " + i + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Commitment to two tx hashes (a base node's): Poseidon(h0, h1); merges use the same rule on their children. */
    public static long[] combine(long[] left, long[] right) {
        return Fr.poseidon(left, right);
    }
}
