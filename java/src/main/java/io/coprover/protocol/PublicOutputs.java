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

    /** The 128-byte encoding: the three 32-byte values, then fees as uint256 big-endian. */
    byte[] encode() {
        byte[] out = new byte[128];
        System.arraycopy(startStateRoot.raw(), 0, out, 0, 32);
        System.arraycopy(endStateRoot.raw(), 0, out, 32, 32);
        System.arraycopy(txCommitment.raw(), 0, out, 64, 32);
        byte[] f = fees.toByteArray(); // big-endian, maybe with a leading sign byte
        int n = Math.min(f.length, 32);
        System.arraycopy(f, f.length - n, out, 128 - n, n);
        return out;
    }
}
