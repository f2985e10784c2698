package io.coprover.rollup;

import java.math.BigInteger;

/**
 * A rollup transaction: {@code from} pays {@code amount} to {@code to} and {@code fee} to the
 * provers; {@code nonce} must equal the sender's nonce (replay protection). A padding tx
 * ({@link #PADDING}) fills a block up to a power of two and changes nothing.
 *
 * <p>Its hash (what the sender signs and what the tx commitment is built from) is
 * {@code Poseidon(from + to·2^32 + nonce·2^64, amount + fee·2^63)}: the packing is injective
 * because from, to, nonce &lt; 2^32 and amount, fee &lt; 2^63 (the circuit range-checks each). A
 * padding tx hashes to 0.
 *
 * <p>Signatures are checked outside the circuit (docs/PROOFS.md explains why).
 */
public record Transfer(long from, long to, long amount, long fee, long nonce, boolean padding) {
    public static final Transfer PADDING = new Transfer(0, 0, 0, 0, 0, true);

    public Transfer {
        if (padding) {
            if (from != 0 || to != 0 || amount != 0 || fee != 0 || nonce != 0)
                throw new IllegalArgumentException("a padding tx has all fields 0");
        } else {
            if (from < 0 || from >= 1L << 32)
                throw new IllegalArgumentException("tx from out of range [0, 2^32): " + from);
            if (to < 0 || to >= 1L << 32) throw new IllegalArgumentException("tx to out of range [0, 2^32): " + to);
            if (amount < 0) throw new IllegalArgumentException("tx amount must be >= 0, got " + amount);
            if (fee < 0) throw new IllegalArgumentException("tx fee must be >= 0, got " + fee);
            if (nonce < 0 || nonce >= 1L << Account.NONCE_BITS)
                throw new IllegalArgumentException("tx nonce out of range [0, 2^32): " + nonce);
        }
    }

    public static Transfer of(long from, long to, long amount, long fee, long nonce) {
        return new Transfer(from, to, amount, fee, nonce, false);
    }

    /** from + to·2^32 + nonce·2^64 (an Fr element below 2^96). */
    public long[] packedHead() {
        return Fr.of(BigInteger.valueOf(from)
                .add(BigInteger.valueOf(to).shiftLeft(32))
                .add(BigInteger.valueOf(nonce).shiftLeft(64)));
    }

    /** amount + fee·2^63 (below 2^126). */
    public long[] packedValue() {
        return Fr.of(BigInteger.valueOf(amount).add(BigInteger.valueOf(fee).shiftLeft(63)));
    }

    /** Poseidon(packedHead, packedValue), or 0 for padding. */
    public long[] hash() {
        return padding ? new long[4] : Fr.poseidon(packedHead(), packedValue());
    }

    @Override
    public String toString() {
        return padding
                ? "Padding"
                : "Transfer(" + from + "->" + to + " amount " + amount + " fee " + fee + " nonce " + nonce + ")";
    }
}
