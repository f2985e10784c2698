package io.coprover.rollup;

import io.coprover.math.G1;
import io.coprover.math.G2;
import io.coprover.math.Msm;
import io.coprover.math.Pairing;
import io.coprover.protocol.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * A folded KZG pairing check: the pair (P, Q) of G1 points (affine, 8 longs) that stands for
 * {@code e(P, [τ]_2) · e(Q, [1]_2) = 1}. A PLONK proof reduces to one such pair
 * ({@link io.coprover.plonk.Verifier#pairingInputs}); k pairs are folded by a random linear
 * combination {@code (Σ c_i·P_i, Σ c_i·Q_i)} with Fiat–Shamir coefficients c_i drawn after all
 * pairs are fixed, so the fold holds, except with probability ≤ k/r, only if every pair holds.
 *
 * <p>Fold rule (a merge node's accumulator over its included children, in list order, left then
 * right): every child contributes its own proof's pair and its carried accumulator (identity for a
 * base proof). {@code seed = SHA-256("coprover/acc/v1" ‖ for each child: id ‖ P ‖ Q ‖ accP ‖ accQ)}
 * (points as 64-byte EIP-196 encodings), {@code c_{2j} = H(seed ‖ u32be(2j))} for the pair and
 * {@code c_{2j+1} = H(seed ‖ u32be(2j+1))} for the accumulator, with H = SHA-256 into Fr
 * ({@link Fr#fromHash}).
 */
public record Accumulator(long[] p, long[] q) {
    private static final byte[] TAG = "coprover/acc/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HASH_TAG = "coprover/acc-hash/v1".getBytes(StandardCharsets.US_ASCII);
    /** The empty accumulator (both points at infinity): the check e(O, ·)·e(O, ·) = 1 holds. */
    public static final Accumulator EMPTY = new Accumulator(G1.infinity(), G1.infinity());
    /** Encoded size: two 64-byte points. */
    public static final int BYTES = 128;

    public Accumulator {
        if (p.length != 8 || q.length != 8) throw new IllegalArgumentException("accumulator points must be 8 longs");
    }

    /** One item of a fold: a proof's id, its own pairing pair and its carried accumulator. */
    public record Item(Bytes id, long[][] pair, Accumulator carried) {}

    public static Accumulator fold(List<Item> items) {
        MessageDigest md = Bytes.newSha256();
        md.update(TAG);
        for (Item it : items) {
            md.update(it.id().toArray());
            md.update(G1.encode(it.pair()[0], 0));
            md.update(G1.encode(it.pair()[1], 0));
            md.update(it.carried().encode());
        }
        byte[] seed = md.digest();
        int k = 2 * items.size();
        long[] ps = new long[8 * k], qs = new long[8 * k], sc = Fr.F.newVector(k);
        for (int j = 0; j < items.size(); j++) {
            Item it = items.get(j);
            System.arraycopy(it.pair()[0], 0, ps, 16 * j, 8);
            System.arraycopy(it.pair()[1], 0, qs, 16 * j, 8);
            System.arraycopy(it.carried().p, 0, ps, 16 * j + 8, 8);
            System.arraycopy(it.carried().q, 0, qs, 16 * j + 8, 8);
            for (int s = 0; s < 2; s++) {
                long[] c = Fr.fromHash(
                        seed, ByteBuffer.allocate(4).putInt(2 * j + s).array());
                System.arraycopy(c, 0, sc, 4 * (2 * j + s), 4);
            }
        }
        return new Accumulator(Msm.msm(ps, 0, sc, k), Msm.msm(qs, 0, sc, k));
    }

    /** The one final pairing: e(P, [τ]_2) · e(Q, [1]_2) = 1. */
    public boolean check(long[] tauG2) {
        return Pairing.pairingCheck(new long[][] {p, q}, new long[][] {tauG2, G2.GENERATOR});
    }

    /** H("coprover/acc-hash/v1" ‖ P ‖ Q) into Fr: the merge proof's public input. */
    public long[] hash() {
        return Fr.fromHash(HASH_TAG, encode());
    }

    public byte[] encode() {
        byte[] out = new byte[BYTES];
        System.arraycopy(G1.encode(p, 0), 0, out, 0, 64);
        System.arraycopy(G1.encode(q, 0), 0, out, 64, 64);
        return out;
    }

    /** Decodes 128 bytes at {@code off}; points off the curve are rejected. */
    public static Accumulator decode(byte[] in, int off) {
        return new Accumulator(G1.decode(in, off), G1.decode(in, off + 64));
    }

    public boolean sameAs(Accumulator o) {
        return java.util.Arrays.equals(encode(), o.encode());
    }
}
