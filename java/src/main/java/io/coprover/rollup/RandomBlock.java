package io.coprover.rollup;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random valid blocks on a fresh state, for the CLI, tests and benchmarks: {@code k} funded
 * accounts spread evenly over the tree (so their paths share little), then transfers between
 * them with correct nonces, amounts well inside the balances and small fees.
 */
public final class RandomBlock {
    /** Genesis balance of every account: 10^12 units. */
    public static final long GENESIS_BALANCE = 1_000_000_000_000L;

    private RandomBlock() {}

    /** Account slots used: k accounts at index i·(2^depth / k). */
    public static long[] slots(int depth, int k) {
        long cap = 1L << depth;
        if (k < 1 || k > cap) throw new IllegalArgumentException("need 1.." + cap + " accounts, got " + k);
        long stride = cap / k;
        long[] s = new long[k];
        for (int i = 0; i < k; i++) s[i] = i * stride;
        return s;
    }

    /** Funds {@code slots} in {@code state} with random owner key hashes. */
    public static void genesis(StateTree state, long[] slots, Random rnd) {
        for (long s : slots) state.put(s, new Account(new BigInteger(250, rnd), GENESIS_BALANCE, 0));
        state.commit();
    }

    /** At most this many funded accounts, however large the blocks. */
    public static final int MAX_ACCOUNTS = 1024;

    /**
     * The genesis every tool shares (CLI, devnet, simulator, worker demo): as many accounts as a
     * block of {@code txs} transfers uses (at least 4, at most {@link #MAX_ACCOUNTS} and the tree's
     * capacity), spread over {@code state} and funded; returns their slots for {@link #transfers}.
     */
    public static long[] fundedAccounts(StateTree state, int txs, Random rnd) {
        long[] s = slots(state.depth(), (int) Math.min(1L << state.depth(), Math.max(4, Math.min(txs, MAX_ACCOUNTS))));
        genesis(state, s, rnd);
        return s;
    }

    /** {@code n} valid transfers among {@code slots} given their current nonces in {@code state}. */
    public static List<Transfer> transfers(StateTree state, long[] slots, int n, Random rnd) {
        java.util.Map<Long, Long> nonce = new java.util.HashMap<>();
        List<Transfer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long from = slots[rnd.nextInt(slots.length)], to = slots[rnd.nextInt(slots.length)];
            long nc = nonce.computeIfAbsent(from, f -> state.get(f).nonce());
            nonce.put(from, nc + 1);
            out.add(Transfer.of(from, to, 1 + rnd.nextInt(1_000_000), rnd.nextInt(10_000), nc));
        }
        return out;
    }
}
