package io.coprover.math;

/**
 * The input format of Ethereum's BN254 pairing-check precompile (EIP-197, address 0x08): k pairs
 * of 192 bytes, each G1.x ‖ G1.y ‖ G2.x_imag ‖ G2.x_real ‖ G2.y_imag ‖ G2.y_real, every coordinate
 * 32 bytes big-endian; an all-zero point is the point at infinity. The precompile answers 1 when
 * Π e(G1_i, G2_i) = 1 and 0 otherwise, and fails on malformed input.
 */
public final class Eip197 {
    /** Bytes per (G1, G2) pair. */
    public static final int PAIR_BYTES = 192;

    private Eip197() {}

    /** The decoded pairs: g1[i] (8 longs) and g2[i] (16 longs), affine, all zero for infinity. */
    public record Pairs(long[][] g1, long[][] g2) {
        public int size() {
            return g1.length;
        }
    }

    /**
     * Decodes and validates an EIP-197 input. Throws IllegalArgumentException naming the pair and
     * the problem when the length is not a multiple of 192, a coordinate is not less than q, a G1
     * point is not on y² = x³ + 3, or a G2 point is not on the twist or not in the order-r
     * subgroup.
     */
    public static Pairs decode(byte[] input) {
        if (input.length % PAIR_BYTES != 0) {
            throw new IllegalArgumentException("EIP-197: input length " + input.length + " is not a multiple of 192");
        }
        int k = input.length / PAIR_BYTES;
        long[][] g1 = new long[k][], g2 = new long[k][];
        for (int i = 0; i < k; i++) {
            int off = i * PAIR_BYTES;
            try {
                g1[i] = G1.decode(input, off);
                g2[i] = G2.decode(input, off + 64);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("EIP-197: pair " + i + ": " + e.getMessage(), e);
            }
        }
        return new Pairs(g1, g2);
    }

    /** The precompile's answer: true for 1 (the product of pairings is one), false for 0. */
    public static boolean check(byte[] input) {
        Pairs p = decode(input);
        return Pairing.pairingCheck(p.g1(), p.g2());
    }
}
