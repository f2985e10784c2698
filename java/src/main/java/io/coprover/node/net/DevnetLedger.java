package io.coprover.node.net;

import io.coprover.protocol.Amounts;
import io.coprover.protocol.Bytes;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The devnet's token balances (what an L1 token contract would hold): stake moves from an
 * account's balance into the rollup contract, so it cannot be conjured. Accounts are Ed25519 keys
 * (the key that signs the account's requests). Money enters only at genesis or through the
 * faucet, which pays {@code faucetAmount} once per account from a finite {@code faucetBudget}:
 * registering many provers needs many times the stake, and the faucet runs dry.
 *
 * <p>Thread-safe.
 */
public final class DevnetLedger {
    private final Map<Bytes, BigInteger> balances = new HashMap<>();
    private final Set<Bytes> fauceted = new HashSet<>();
    private final BigInteger faucetAmount;
    private BigInteger faucetLeft, supply = BigInteger.ZERO;
    private volatile Listener listener;

    /** Told of every change after it is made (the devnet host journals them). */
    public interface Listener {
        void changed(String op, Bytes account, BigInteger amount);
    }

    /** Sets (or, with null, clears) the one listener. */
    public void listener(Listener l) {
        this.listener = l;
    }

    private void told(String op, Bytes account, BigInteger amount) {
        Listener l = listener;
        if (l != null) l.changed(op, account, amount);
    }

    public DevnetLedger(BigInteger faucetAmount, BigInteger faucetBudget) {
        this.faucetAmount = Amounts.check(faucetAmount, "faucet amount");
        this.faucetLeft = Amounts.check(faucetBudget, "faucet budget");
    }

    /** A devnet's ledger: the faucet pays twice the minimum prover stake, to at most 64 accounts. */
    public static DevnetLedger standard(io.coprover.protocol.ProtocolParams params) {
        BigInteger each = params.minProverStake().multiply(BigInteger.TWO);
        return new DevnetLedger(each, each.multiply(BigInteger.valueOf(64)));
    }

    /** Funds an account at genesis. */
    public synchronized void genesis(Bytes account, BigInteger amount) {
        Amounts.check(amount, "genesis amount");
        balances.merge(account, amount, BigInteger::add);
        supply = supply.add(amount);
    }

    /**
     * Pays the faucet amount to {@code account}, once per account while the budget lasts.
     *
     * @throws IllegalStateException when the account had its share or the faucet is dry
     */
    public synchronized BigInteger faucet(Bytes account) {
        if (fauceted.contains(account))
            throw new IllegalStateException(
                    "the faucet pays each account once; " + account.shortHex(16) + " had its share");
        if (faucetLeft.compareTo(faucetAmount) < 0)
            throw new IllegalStateException("the faucet is dry (" + Amounts.formatAzt(faucetLeft) + " AZT left)");
        fauceted.add(account);
        faucetLeft = faucetLeft.subtract(faucetAmount);
        balances.merge(account, faucetAmount, BigInteger::add);
        supply = supply.add(faucetAmount);
        told("faucet", account, faucetAmount);
        return faucetAmount;
    }

    /**
     * Takes {@code amount} from {@code account} (to stake it).
     *
     * @throws IllegalStateException naming the balance when it does not cover the amount
     */
    public synchronized void debit(Bytes account, BigInteger amount) {
        Amounts.check(amount, "amount");
        BigInteger b = balances.getOrDefault(account, BigInteger.ZERO);
        if (b.compareTo(amount) < 0) {
            throw new IllegalStateException("account " + account.shortHex(16) + " holds " + Amounts.formatAzt(b)
                    + " AZT, " + Amounts.formatAzt(amount) + " AZT are needed (on a devnet: POST /devnet/faucet)");
        }
        balances.put(account, b.subtract(amount));
        told("debit", account, amount);
    }

    /** Gives back what {@link #debit} took (the contract refused the stake). */
    public synchronized void refund(Bytes account, BigInteger amount) {
        balances.merge(account, amount, BigInteger::add);
        told("refund", account, amount);
    }

    public synchronized BigInteger balance(Bytes account) {
        return balances.getOrDefault(account, BigInteger.ZERO);
    }

    /** Everything ever created (genesis and faucet): no balance or stake can exceed it. */
    public synchronized BigInteger supply() {
        return supply;
    }

    public synchronized BigInteger faucetLeft() {
        return faucetLeft;
    }
}
