package io.coprover.rollup;

import io.coprover.math.Field;
import io.coprover.plonk.Poseidon;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.Wire;
import java.math.BigInteger;
import java.security.MessageDigest;

/**
 * Small helpers for single BN254 Fr elements (4 longs, Montgomery) as the rollup uses them:
 * 32-byte big-endian encodings (state roots and commitments in {@link io.coprover.protocol.PublicOutputs}),
 * hashes of byte strings mapped into Fr, and two-to-one Poseidon.
 */
public final class Fr {
    static final Field F = Field.FR;

    private Fr() {}

    public static long[] of(long v) {
        return F.fromLong(v);
    }

    public static long[] of(BigInteger v) {
        if (v.signum() < 0 || v.compareTo(F.modulus) >= 0)
            throw new IllegalArgumentException("not a field element (must be in [0, r)): " + v);
        return F.fromBigInteger(v);
    }

    public static BigInteger big(long[] a) {
        return F.toBigInteger(a, 0);
    }

    public static Bytes bytes(long[] a) {
        return Bytes.of(F.toBytesBE(a, 0));
    }

    /** Decodes 32 big-endian bytes; values ≥ r are rejected with the name of the field. */
    public static long[] fromBytes(Bytes b, String what) {
        if (b.length() != 32) throw new IllegalArgumentException(what + ": must be 32 bytes, got " + b.length());
        try {
            return F.fromBytesBE(b.toArray());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": not a field element (value >= r)", e);
        }
    }

    /** Reads 32 bytes that must be the canonical big-endian encoding of an element (value &lt; r). */
    public static long[] read(Wire.Reader in, String field) {
        byte[] b = in.bytes(32, field);
        try {
            return F.fromBytesBE(b);
        } catch (IllegalArgumentException e) {
            throw in.error(field, "not a canonical field element (value >= r)");
        }
    }

    /** Writes an element as 32 big-endian bytes. */
    public static void write(Wire.Writer out, long[] a) {
        out.bytes(F.toBytesBE(a, 0));
    }

    /**
     * SHA-256 of the parts with the top 3 bits cleared, as an Fr element: 2^253 &lt; r, so the map
     * is injective on digests that differ in their low 253 bits (collision resistance drops from
     * 128 to 126.5 bits, which is what the rollup accepts for ids and tags in public inputs).
     */
    public static long[] fromHash(byte[]... parts) {
        MessageDigest md = Bytes.newSha256();
        for (byte[] p : parts) md.update(p);
        byte[] d = md.digest();
        d[0] &= 0x1f;
        return F.fromBytesBE(d);
    }

    /** Poseidon of 1..6 elements (circomlib). */
    public static long[] poseidon(long[]... in) {
        return Poseidon.hash(in);
    }

    public static boolean eq(long[] a, long[] b) {
        return Field.equal(a, 0, b, 0);
    }

    public static String hex(long[] a) {
        return F.toHex(a, 0);
    }
}
