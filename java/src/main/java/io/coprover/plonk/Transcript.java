package io.coprover.plonk;

import io.coprover.math.Field;
import java.io.ByteArrayOutputStream;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * The Fiat–Shamir transcript of snarkjs's PLONK ({@code Keccak256Transcript.js}): each challenge
 * is Keccak-256 (the original Keccak padding used by Ethereum, not SHA3-256) of the
 * concatenated encodings of a fresh list of items, read as a big-endian integer and reduced mod r.
 *
 * <p>Encodings: an Fr scalar is 32 bytes big-endian canonical; a G1 point is affine x‖y, each 32
 * bytes big-endian canonical, the point at infinity 64 zero bytes. After {@link #challenge()} the
 * list is empty again (snarkjs resets it), so each challenge hashes only what was added since.
 */
public final class Transcript {
    private static final Field FR = Field.FR, FQ = Field.FQ;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    /** Adds an Fr scalar (4 longs Montgomery at {@code off}). */
    public Transcript addScalar(long[] s, int off) {
        buf.writeBytes(FR.toBytesBE(s, off));
        return this;
    }

    public Transcript addScalar(long[] s) {
        return addScalar(s, 0);
    }

    /** Adds a G1 affine point (8 longs Montgomery Fq at {@code off}; all zero = infinity). */
    public Transcript addPoint(long[] p, int off) {
        boolean inf = true;
        for (int i = 0; i < 8; i++) inf &= p[off + i] == 0;
        if (inf) {
            buf.writeBytes(new byte[64]);
        } else {
            buf.writeBytes(FQ.toBytesBE(p, off));
            buf.writeBytes(FQ.toBytesBE(p, off + 4));
        }
        return this;
    }

    public Transcript addPoint(long[] p) {
        return addPoint(p, 0);
    }

    /** The challenge for everything added since the last call; clears the list. */
    public long[] challenge() {
        byte[] data = buf.toByteArray();
        buf.reset();
        return FR.fromBigInteger(new java.math.BigInteger(1, keccak256(data)));
    }

    /** Keccak-256 (Ethereum) of {@code data}. */
    public static byte[] keccak256(byte[] data) {
        KeccakDigest d = new KeccakDigest(256);
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }
}
