package io.coprover.math;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The BN254 G1 group: points of y² = x³ + 3 over Fq (cofactor 1, so every curve point has order
 * r, the Fr modulus).
 *
 * <p>Affine points are 8 longs (x then y, Montgomery Fq), the layout of
 * {@link io.coprover.backend.ProvingBackend}; all zeros is the point at infinity, which is
 * unambiguous because (0, 0) is not on the curve. {@link G1Jacobian} and {@link G1Xyzz} hold the
 * projective forms used for arithmetic. Encodings follow Ethereum's precompiles (EIP-196):
 * 64 bytes big-endian x‖y, all zero for infinity.
 */
public final class G1 {
    /** Longs per affine point. */
    public static final int SIZE = 8;
    /** Bytes of the EIP-196 encoding. */
    public static final int BYTES = 64;

    private static final Field F = Field.FQ;
    /** The curve constant b = 3 (Montgomery). */
    private static final long[] B = F.fromLong(3);
    /** The generator (1, 2) used by EIP-196 and snarkjs. */
    private static final long[] GEN = concat(F.fromLong(1), F.fromLong(2));
    /** wNAF window width of {@link #mul}: 2^(W−2) = 8 precomputed odd multiples. */
    private static final int WNAF_W = 5;

    private G1() {}

    private static long[] concat(long[] x, long[] y) {
        long[] r = new long[SIZE];
        Field.copy(x, 0, r, 0);
        Field.copy(y, 0, r, 4);
        return r;
    }

    /** A fresh copy of the generator (1, 2). */
    public static long[] generator() {
        return GEN.clone();
    }

    /** A fresh point at infinity. */
    public static long[] infinity() {
        return new long[SIZE];
    }

    public static boolean isInfinity(long[] p, int o) {
        return (p[o] | p[o + 1] | p[o + 2] | p[o + 3] | p[o + 4] | p[o + 5] | p[o + 6] | p[o + 7]) == 0;
    }

    public static void setInfinity(long[] r, int ro) {
        Arrays.fill(r, ro, ro + SIZE, 0L);
    }

    /** True for the point at infinity and for affine points with y² = x³ + 3. */
    public static boolean isOnCurve(long[] p, int o) {
        if (isInfinity(p, o)) return true;
        long[] t = new long[8];
        F.sqr(p, o, t, 0);
        F.mul(t, 0, p, o, t, 0);
        F.add(t, 0, B, 0, t, 0);
        F.sqr(p, o + 4, t, 4);
        return Field.equal(t, 0, t, 4);
    }

    public static boolean equal(long[] p, int o, long[] q, int qo) {
        for (int i = 0; i < SIZE; i++) if (p[o + i] != q[qo + i]) return false;
        return true;
    }

    /** r = −p. */
    public static void neg(long[] p, int o, long[] r, int ro) {
        Field.copy(p, o, r, ro);
        F.neg(p, o + 4, r, ro + 4);
    }

    /** p + q for affine p, q (through Jacobian coordinates and one inversion). */
    public static long[] add(long[] p, int o, long[] q, int qo) {
        long[] j = new long[G1Jacobian.SIZE];
        G1Jacobian.fromAffine(p, o, j, 0);
        G1Jacobian.addMixed(j, 0, q, qo, j, 0, new long[G1Jacobian.SCRATCH]);
        return G1Jacobian.toAffine(j, 0);
    }

    /** 2p for an affine p. */
    public static long[] dbl(long[] p, int o) {
        long[] j = new long[G1Jacobian.SIZE];
        G1Jacobian.fromAffine(p, o, j, 0);
        G1Jacobian.dbl(j, 0, j, 0, new long[G1Jacobian.SCRATCH]);
        return G1Jacobian.toAffine(j, 0);
    }

    /**
     * k·p for an affine p and any non-negative integer k (not necessarily reduced mod r), by a
     * width-5 wNAF (Solinas 2000; odd multiples P, 3P, …, 15P precomputed in affine form).
     */
    public static long[] mul(long[] p, int o, BigInteger k) {
        if (k.signum() < 0) throw new IllegalArgumentException("G1: negative scalar");
        if (isInfinity(p, o) || k.signum() == 0) return infinity();
        // wNAF digits, least significant first: odd digits in (−2^(W−1), 2^(W−1)), ≥ W−1 zeros between
        int[] naf = new int[k.bitLength() + 1];
        int len = 0;
        int mask = (1 << WNAF_W) - 1;
        while (k.signum() > 0) {
            int d = 0;
            if (k.testBit(0)) {
                d = k.intValue() & mask;
                if (d >= 1 << (WNAF_W - 1)) d -= 1 << WNAF_W;
                k = k.subtract(BigInteger.valueOf(d));
            }
            naf[len++] = d;
            k = k.shiftRight(1);
        }
        int tableSize = 1 << (WNAF_W - 2);
        long[] t = new long[G1Jacobian.SCRATCH];
        long[] jac = new long[tableSize * G1Jacobian.SIZE];
        long[] twoP = new long[G1Jacobian.SIZE];
        G1Jacobian.fromAffine(p, o, jac, 0);
        G1Jacobian.dbl(jac, 0, twoP, 0, t);
        for (int i = 1; i < tableSize; i++) {
            G1Jacobian.add(jac, (i - 1) * G1Jacobian.SIZE, twoP, 0, jac, i * G1Jacobian.SIZE, t);
        }
        long[] table = new long[tableSize * SIZE];
        G1Jacobian.batchToAffine(jac, 0, tableSize, table, 0);
        long[] negPt = new long[SIZE];
        long[] acc = new long[G1Jacobian.SIZE];
        for (int i = len - 1; i >= 0; i--) {
            G1Jacobian.dbl(acc, 0, acc, 0, t);
            int d = naf[i];
            if (d > 0) {
                G1Jacobian.addMixed(acc, 0, table, (d >> 1) * SIZE, acc, 0, t);
            } else if (d < 0) {
                neg(table, (-d >> 1) * SIZE, negPt, 0);
                G1Jacobian.addMixed(acc, 0, negPt, 0, acc, 0, t);
            }
        }
        return G1Jacobian.toAffine(acc, 0);
    }

    /** k·p for a scalar k given as a Montgomery Fr element (4 longs at k[ko]). */
    public static long[] mulFr(long[] p, int o, long[] k, int ko) {
        return mul(p, o, Field.FR.toBigInteger(k, ko));
    }

    // ---------------------------------------------------------------- EIP-196 encoding

    /** The 64-byte encoding x‖y (big-endian, canonical); all zero for infinity. */
    public static byte[] encode(long[] p, int o) {
        byte[] out = new byte[BYTES];
        if (isInfinity(p, o)) return out;
        F.toBytesBE(p, o, out, 0);
        F.toBytesBE(p, o + 4, out, 32);
        return out;
    }

    /**
     * Decodes 64 bytes x‖y at {@code in[off]}. All zero is infinity. Rejects coordinates ≥ q and
     * points off the curve, with an IllegalArgumentException saying which.
     */
    public static long[] decode(byte[] in, int off) {
        if (off < 0 || in.length - off < BYTES) {
            throw new IllegalArgumentException(
                    "G1: need 64 bytes at offset " + off + ", have " + Math.max(0, in.length - off));
        }
        long[] r = new long[SIZE];
        boolean zero = true;
        for (int i = 0; i < BYTES; i++)
            if (in[off + i] != 0) {
                zero = false;
                break;
            }
        if (zero) return r;
        readCoordinate(in, off, "x", r, 0);
        readCoordinate(in, off + 32, "y", r, 4);
        if (!isOnCurve(r, 0)) {
            throw new IllegalArgumentException(
                    "G1: point (" + F.toHex(r, 0) + ", " + F.toHex(r, 4) + ") is not on the curve y^2 = x^3 + 3");
        }
        return r;
    }

    public static long[] decode(byte[] in) {
        if (in.length != BYTES) throw new IllegalArgumentException("G1: need exactly 64 bytes, got " + in.length);
        return decode(in, 0);
    }

    private static void readCoordinate(byte[] in, int off, String name, long[] r, int ro) {
        long[] raw = new long[4];
        for (int i = 0; i < 4; i++) {
            long l = 0;
            for (int j = 0; j < 8; j++) l = (l << 8) | (in[off + i * 8 + j] & 0xFF);
            raw[3 - i] = l;
        }
        if (!F.isCanonical(raw, 0)) {
            throw new IllegalArgumentException("G1: " + name + " coordinate is not less than the field modulus q");
        }
        F.toMont(raw, 0, r, ro);
    }

    /**
     * The EIP-196 ECADD precompile (address 0x06): input is zero-padded (or truncated) to 128
     * bytes, two encoded points; output the encoded sum. Invalid points throw.
     */
    public static byte[] precompileAdd(byte[] input) {
        byte[] in = Arrays.copyOf(input, 2 * BYTES);
        long[] p = decode(in, 0), q = decode(in, BYTES);
        return encode(add(p, 0, q, 0), 0);
    }

    /**
     * The EIP-196 ECMUL precompile (address 0x07): input zero-padded (or truncated) to 96 bytes,
     * an encoded point and a 256-bit big-endian scalar (any value; not reduced mod r first).
     */
    public static byte[] precompileMul(byte[] input) {
        byte[] in = Arrays.copyOf(input, BYTES + 32);
        long[] p = decode(in, 0);
        BigInteger k = new BigInteger(1, Arrays.copyOfRange(in, BYTES, BYTES + 32));
        return encode(mul(p, 0, k), 0);
    }

    // ---------------------------------------------------------------- hex form of the vectors

    /**
     * The point with the given 0x-hex (or decimal) coordinates; both must be canonical and the
     * point on the curve. {@code null} coordinates mean infinity.
     */
    public static long[] fromHex(String x, String y) {
        if (x == null && y == null) return infinity();
        if (x == null || y == null) throw new IllegalArgumentException("G1: one coordinate missing");
        long[] r = concat(F.parse(x), F.parse(y));
        if (isInfinity(r, 0) || !isOnCurve(r, 0)) {
            throw new IllegalArgumentException("G1: point (" + x + ", " + y + ") is not on the curve y^2 = x^3 + 3");
        }
        return r;
    }

    /** {x, y} as 0x-hex, or null for infinity (the vectors' JSON form). */
    public static String[] toHex(long[] p, int o) {
        if (isInfinity(p, o)) return null;
        return new String[] {F.toHex(p, o), F.toHex(p, o + 4)};
    }

    /** Short human-readable form. */
    public static String toString(long[] p, int o) {
        String[] h = toHex(p, o);
        return h == null ? "infinity" : "(" + h[0] + ", " + h[1] + ")";
    }
}
