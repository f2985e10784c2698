package io.coprover.node;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A strict reader over one gossip payload: every read checks the bytes left and throws a
 * {@link MessageException} naming the field, and {@link #end()} refuses trailing bytes, so a
 * payload decodes in exactly one way or not at all.
 */
final class Wire {
    private final ByteBuffer b;
    private final String what;

    Wire(byte[] payload, String what) {
        if (payload == null) throw new MessageException(what + ": empty payload");
        this.b = ByteBuffer.wrap(payload);
        this.what = what;
    }

    private void need(int n, String field) {
        if (n < 0 || b.remaining() < n) throw new MessageException(what + ": truncated at " + field + " (need " + n + " bytes, " + b.remaining() + " left)");
    }

    void tag(byte[] tag) {
        need(tag.length, "tag");
        byte[] t = new byte[tag.length];
        b.get(t);
        if (!Arrays.equals(t, tag)) throw new MessageException(what + ": wrong tag, expected \"" + new String(tag, StandardCharsets.US_ASCII) + "\"");
    }

    int u8(String field) {
        need(1, field);
        return b.get() & 0xff;
    }

    int u16(String field) {
        need(2, field);
        return b.getShort() & 0xffff;
    }

    long u32(String field) {
        need(4, field);
        return b.getInt() & 0xffffffffL;
    }

    long u64(String field) {
        need(8, field);
        return b.getLong();
    }

    /** A u64 that must lie in [lo, hi]. */
    long u64(String field, long lo, long hi) {
        long v = u64(field);
        if (v < lo || v > hi) throw new MessageException(what + ": " + field + " out of range [" + lo + ", " + hi + "]: " + v);
        return v;
    }

    byte[] bytes(int n, String field) {
        need(n, field);
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    /** u32be length then the bytes, at most {@code max}. */
    byte[] sized(int max, String field) {
        long n = u32(field + " length");
        if (n > max) throw new MessageException(what + ": " + field + " of " + n + " bytes exceeds the limit " + max);
        return bytes((int) n, field);
    }

    void end() {
        if (b.hasRemaining()) throw new MessageException(what + ": " + b.remaining() + " trailing bytes");
    }
}
