package io.coprover.protocol;

import java.math.BigInteger;

/**
 * What a node's proof attests to (PROTOCOL §4): the state root before and after the node's txs,
 * the commitment to those txs, and the fees they pay. Roots and commitment are 32 bytes (their
 * meaning belongs to the rollup); fees are an amount in units.
 */
public record PublicOutputs(Bytes startStateRoot, Bytes endStateRoot, Bytes txCommitment, BigInteger fees) {
    public PublicOutputs {
        check32(startStateRoot, "startStateRoot");
        check32(endStateRoot, "endStateRoot");
        check32(txCommitment, "txCommitment");
        Amounts.check(fees, "fees");
    }

    private static void check32(Bytes b, String what) {
        if (b == null || b.length() != 32) throw new IllegalArgumentException(what + " must be 32 bytes");
    }

    /** The length of {@link #encode}. */
    static final int ENCODED = 128;

    /** The 128-byte encoding: the three 32-byte values, then fees as uint256 big-endian. */
    byte[] encode() {
        byte[] out = new byte[ENCODED];
        encodeInto(out, 0);
        return out;
    }

    /** Writes {@link #encode} to {@code out} at {@code at}; returns the index after it. */
    int encodeInto(byte[] out, int at) {
        System.arraycopy(startStateRoot.raw(), 0, out, at, 32);
        System.arraycopy(endStateRoot.raw(), 0, out, at + 32, 32);
        System.arraycopy(txCommitment.raw(), 0, out, at + 64, 32);
        int end = at + ENCODED;
        if (fees.bitLength() < 64) { // the usual amount: one long, zeros above it
            java.util.Arrays.fill(out, at + 96, end - 8, (byte) 0);
            long v = fees.longValue();
            for (int i = 0; i < 8; i++) out[end - 1 - i] = (byte) (v >>> (8 * i));
        } else {
            byte[] f = fees.toByteArray(); // big-endian, maybe with a leading sign byte
            int n = Math.min(f.length, 32);
            java.util.Arrays.fill(out, at + 96, end - n, (byte) 0);
            System.arraycopy(f, f.length - n, out, end - n, n);
        }
        return end;
    }
}
