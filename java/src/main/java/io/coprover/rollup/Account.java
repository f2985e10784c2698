package io.coprover.rollup;

import java.math.BigInteger;

/**
 * A rollup account: the hash of its owner's public key (an Fr element; 0 = no owner, the empty
 * account), its balance in units and its nonce (the number of transfers it has sent).
 *
 * <p>Leaf of the state tree: {@code Poseidon(pkHash, balance, nonce)} (circomlib, 3 inputs). The
 * empty account (0, 0, 0) hashes to the empty leaf, so an unused slot and an empty account are
 * the same thing and the circuit never needs a special case.
 *
 * @param pkHash  owner key hash, in [0, r)
 * @param balance 0 ≤ balance &lt; 2^{@value #BALANCE_BITS}
 * @param nonce   0 ≤ nonce &lt; 2^{@value #NONCE_BITS}
 */
public record Account(BigInteger pkHash, long balance, long nonce) {
    /** Balances, amounts and fees are below 2^63 (a Java long; the circuit range-checks 63 bits). */
    public static final int BALANCE_BITS = 63;
    /** Nonces are below 2^32 (range-checked in the circuit, packed into the tx hash). */
    public static final int NONCE_BITS = 32;

    public static final Account EMPTY = new Account(BigInteger.ZERO, 0, 0);

    public Account {
        if (pkHash == null || pkHash.signum() < 0 || pkHash.compareTo(Fr.F.modulus) >= 0) {
            throw new IllegalArgumentException("account pkHash must be a field element in [0, r)");
        }
        if (balance < 0) throw new IllegalArgumentException("account balance must be >= 0, got " + balance);
        if (nonce < 0 || nonce >= 1L << NONCE_BITS)
            throw new IllegalArgumentException("account nonce out of range [0, 2^32): " + nonce);
    }

    /** Poseidon(pkHash, balance, nonce). */
    public long[] leafHash() {
        return Fr.poseidon(Fr.of(pkHash), Fr.of(balance), Fr.of(nonce));
    }

    public Account withBalanceAndNonce(long newBalance, long newNonce) {
        return new Account(pkHash, newBalance, newNonce);
    }

    /** 48-byte encoding for the store: pkHash (32, big-endian) ‖ balance (8) ‖ nonce (8). */
    byte[] encode() {
        byte[] out = new byte[48];
        byte[] h = Fr.F.toBytesBE(Fr.of(pkHash), 0);
        System.arraycopy(h, 0, out, 0, 32);
        java.nio.ByteBuffer.wrap(out, 32, 16).putLong(balance).putLong(nonce);
        return out;
    }

    static Account decode(byte[] b) {
        if (b.length != 48) throw new IllegalArgumentException("stored account must be 48 bytes, got " + b.length);
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b, 32, 16);
        return new Account(new BigInteger(1, java.util.Arrays.copyOf(b, 32)), bb.getLong(), bb.getLong());
    }
}
