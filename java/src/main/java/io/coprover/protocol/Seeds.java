package io.coprover.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The VRF inputs (alpha strings) of PROTOCOL §3, and u(beta).
 *
 * <pre>
 * alpha_seq    = SHA-256("coprover/seq/v1"    ‖ randao ‖ u64be(block))
 * alpha_prover = SHA-256("coprover/prover/v1" ‖ randao ‖ beta_seq ‖ u64be(block) ‖ u8(level) ‖ u32be(index))
 * u(beta)      = first 8 bytes of beta, unsigned big-endian
 * </pre>
 * randao is exactly 32 bytes and beta_seq has the fixed length of the network's suite, so the
 * concatenations are unambiguous. The block hash is deliberately absent: a sequencer could grind it.
 */
public final class Seeds {
    private Seeds() {}

    static final byte[] SEQ_TAG = "coprover/seq/v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PROVER_TAG = "coprover/prover/v1".getBytes(StandardCharsets.US_ASCII);
    /** Length of a RANDAO value. */
    public static final int RANDAO_LENGTH = 32;

    /** alpha for the sequencer election of {@code block}. */
    public static byte[] sequencerAlpha(byte[] randao, long block) {
        checkRandao(randao);
        checkBlock(block);
        MessageDigest md = Bytes.newSha256();
        md.update(SEQ_TAG);
        md.update(randao);
        md.update(ByteBuffer.allocate(8).putLong(block).array());
        return md.digest();
    }

    /** alpha for provers of node {@code node} of {@code block}, after the sequencer drew {@code betaSeq}. */
    public static byte[] proverAlpha(byte[] randao, byte[] betaSeq, long block, NodeId node) {
        checkRandao(randao);
        checkBlock(block);
        if (betaSeq == null || betaSeq.length == 0) throw new IllegalArgumentException("beta_seq missing");
        MessageDigest md = Bytes.newSha256();
        md.update(PROVER_TAG);
        md.update(randao);
        md.update(betaSeq);
        md.update(ByteBuffer.allocate(13)
                .putLong(block)
                .put((byte) node.level())
                .putInt(node.index())
                .array());
        return md.digest();
    }

    /** u(beta): the first 8 bytes as an unsigned big-endian integer (in a long, compare unsigned). */
    public static long u(byte[] beta) {
        if (beta == null || beta.length < 8) throw new IllegalArgumentException("beta must have at least 8 bytes");
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (beta[i] & 0xff);
        return v;
    }

    static void checkRandao(byte[] randao) {
        if (randao == null || randao.length != RANDAO_LENGTH) {
            throw new IllegalArgumentException(
                    "randao must be " + RANDAO_LENGTH + " bytes, got " + (randao == null ? "none" : randao.length));
        }
    }

    static void checkBlock(long block) {
        if (block < 0) throw new IllegalArgumentException("block number must be non-negative: " + block);
    }
}
