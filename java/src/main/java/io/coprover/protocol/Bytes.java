package io.coprover.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string with value semantics: public keys, proof ids, hashes.
 *
 * <p>Ordering is unsigned lexicographic (byte 0 most significant), which for equal lengths is the
 * order of the big-endian integers: the tie-break rules of the protocol compare hashes this way.
 */
public final class Bytes implements Comparable<Bytes> {
    private static final HexFormat HEX = HexFormat.of();
    private final byte[] b;
    private final int hash;

    private Bytes(byte[] b) {
        this.b = b;
        this.hash = Arrays.hashCode(b);
    }

    /** Copies {@code b}. */
    public static Bytes of(byte[] b) {
        return new Bytes(b.clone());
    }

    /** Takes {@code b} as it is, without a copy: for arrays no one else holds (a fresh digest). */
    static Bytes wrap(byte[] b) {
        return new Bytes(b);
    }

    /** SHA-256 of {@code b[0..len)}, with this thread's digest. */
    static byte[] sha256(byte[] b, int len) {
        MessageDigest md = SHA256.get(); // digest() leaves it reset
        md.update(b, 0, len);
        return md.digest();
    }

    /** Parses hex (optionally {@code 0x}-prefixed, either case). */
    public static Bytes fromHex(String hex) {
        return new Bytes(parseHex(hex, "hex"));
    }

    /** Parses hex, naming {@code what} in the error. */
    public static byte[] parseHex(String hex, String what) {
        if (hex == null) throw new IllegalArgumentException(what + ": missing");
        String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if ((h.length() & 1) != 0) throw new IllegalArgumentException(what + ": odd number of hex digits");
        try {
            return HEX.parseHex(h);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": not hex: " + e.getMessage());
        }
    }

    public int length() {
        return b.length;
    }

    /** Byte {@code i}, without copying the bytes. */
    public byte get(int i) {
        return b[i];
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return b.clone();
    }

    /** The bytes without copying; callers must not modify them. */
    byte[] raw() {
        return b;
    }

    public String hex() {
        return HEX.formatHex(b);
    }

    /** SHA-256 of these bytes. */
    public Bytes hash() {
        return new Bytes(sha256(b));
    }

    public static byte[] sha256(byte[]... parts) {
        MessageDigest md = SHA256.get(); // digest() leaves it reset
        for (byte[] p : parts) md.update(p);
        return md.digest();
    }

    /** One digest per thread: looking a provider up costs more than hashing a proof record. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Bytes::newSha256);

    /** A fresh SHA-256 digest (JDK provider, intrinsified on common CPUs). */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(b, o.b);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Bytes x && x.hash == hash && Arrays.equals(b, x.b);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return hex();
    }

    /** The first {@code n} hex digits, for logs and tables. */
    public String shortHex(int n) {
        String h = hex();
        return h.length() <= n ? h : h.substring(0, n);
    }
}
