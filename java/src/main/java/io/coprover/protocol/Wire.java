package io.coprover.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one big-endian reader and writer of every binary encoding in the project (gossip payloads,
 * proof records, builder requests, stored jobs). The reader checks every length against what is
 * left before it allocates, so a hostile length prefix can neither read past the end nor allocate
 * more than the input's size; every failure is a {@link WireException} naming what was read, the
 * field and its offset. {@link Reader#end()} refuses trailing bytes, so an input decodes in
 * exactly one way or not at all.
 */
public final class Wire {
    private Wire() {}

    /** A bounded cursor over one input. */
    public static final class Reader {
        private final byte[] in;
        private final String what;
        private int pos;
        /** Where the field read last (or being read) starts: errors name it. */
        private int start;

        /** @param what names the input in errors, e.g. "proof message" */
        public Reader(byte[] in, String what) {
            if (in == null) throw new WireException(what + ": no bytes");
            this.in = in;
            this.what = what;
        }

        public int pos() {
            return pos;
        }

        public int remaining() {
            return in.length - pos;
        }

        /** An error about the field being read. */
        public WireException error(String field, String msg) {
            return new WireException(what + ": " + field + " (at byte " + start + "): " + msg);
        }

        private void need(int n, String field) {
            start = pos;
            if (n < 0 || n > remaining())
                throw error(field, "truncated, needs " + n + " bytes, " + remaining() + " left");
        }

        public byte[] bytes(int n, String field) {
            need(n, field);
            byte[] b = Arrays.copyOfRange(in, pos, pos + n);
            pos += n;
            return b;
        }

        /** Exactly {@code tag}, else an error quoting the expected tag. */
        public void tag(byte[] tag, String field) {
            need(tag.length, field);
            if (!Arrays.equals(in, pos, pos + tag.length, tag, 0, tag.length)) {
                throw error(field, "expected \"" + new String(tag, StandardCharsets.US_ASCII) + "\"");
            }
            pos += tag.length;
        }

        public int u8(String field) {
            need(1, field);
            return in[pos++] & 0xff;
        }

        public int u16(String field) {
            need(2, field);
            int v = (in[pos] & 0xff) << 8 | (in[pos + 1] & 0xff);
            pos += 2;
            return v;
        }

        /** An unsigned 32-bit value as a long. */
        public long u32(String field) {
            need(4, field);
            long v = 0;
            for (int i = 0; i < 4; i++) v = v << 8 | (in[pos + i] & 0xff);
            pos += 4;
            return v;
        }

        /** A raw 64-bit value. */
        public long u64(String field) {
            need(8, field);
            long v = 0;
            for (int i = 0; i < 8; i++) v = v << 8 | (in[pos + i] & 0xff);
            pos += 8;
            return v;
        }

        /** A 64-bit value that must be non-negative. */
        public long u63(String field) {
            long v = u64(field);
            if (v < 0) throw error(field, "must be below 2^63");
            return v;
        }

        /** A 64-bit value that must lie in [lo, hi]. */
        public long u64(String field, long lo, long hi) {
            long v = u64(field);
            if (v < lo || v > hi)
                throw error(field, "out of range [" + lo + ", " + hi + "]: " + Long.toUnsignedString(v));
            return v;
        }

        /** A 0/1 byte. */
        public boolean bool(String field) {
            int v = u8(field);
            if (v > 1) throw error(field, "must be 0 or 1, got " + v);
            return v == 1;
        }

        /** A u16 length then that many bytes, at most {@code max}. */
        public Bytes var16(String field, int max) {
            int n = u16(field + " length");
            if (n > max) throw error(field, "length " + n + " exceeds the limit " + max);
            return Bytes.of(bytes(n, field));
        }

        /** A u32 length then that many bytes, at most {@code max}. */
        public Bytes var32(String field, int max) {
            long n = u32(field + " length");
            if (n > max) throw error(field, "length " + n + " exceeds the limit " + max);
            return Bytes.of(bytes((int) n, field));
        }

        /** UTF-8 text with a u16 length, at most {@code max} bytes. */
        public String utf8(String field, int max) {
            return new String(var16(field, max).toArray(), StandardCharsets.UTF_8);
        }

        /** Fails unless the whole input was read. */
        public void end() {
            start = pos;
            if (remaining() != 0) throw error("end", remaining() + " trailing bytes");
        }
    }

    /** An appending writer; every value is range-checked. */
    public static final class Writer {
        private final ByteArrayOutputStream o;

        public Writer() {
            this(256);
        }

        public Writer(int capacity) {
            o = new ByteArrayOutputStream(capacity);
        }

        public Writer bytes(byte[] b) {
            o.writeBytes(b);
            return this;
        }

        public Writer bytes(Bytes b) {
            return bytes(b.raw());
        }

        public Writer u8(int v) {
            if (v < 0 || v > 0xff) throw new IllegalArgumentException("u8 out of range: " + v);
            o.write(v);
            return this;
        }

        public Writer u16(int v) {
            if (v < 0 || v > 0xffff) throw new IllegalArgumentException("u16 out of range: " + v);
            o.write(v >>> 8);
            o.write(v);
            return this;
        }

        public Writer u32(long v) {
            if (v < 0 || v > 0xffffffffL) throw new IllegalArgumentException("u32 out of range: " + v);
            for (int s = 24; s >= 0; s -= 8) o.write((int) (v >>> s));
            return this;
        }

        /** Any 64-bit value, big-endian. */
        public Writer u64(long v) {
            for (int s = 56; s >= 0; s -= 8) o.write((int) (v >>> s));
            return this;
        }

        /** A non-negative 64-bit value. */
        public Writer u63(long v) {
            if (v < 0) throw new IllegalArgumentException("u63 out of range: " + v);
            return u64(v);
        }

        public Writer bool(boolean b) {
            return u8(b ? 1 : 0);
        }

        public Writer var16(Bytes b) {
            return u16(b.length()).bytes(b.raw());
        }

        public Writer var32(Bytes b) {
            return u32(b.length()).bytes(b.raw());
        }

        public Writer utf8(String s) {
            return var16(Bytes.of(s.getBytes(StandardCharsets.UTF_8)));
        }

        public int size() {
            return o.size();
        }

        public byte[] toByteArray() {
            return o.toByteArray();
        }
    }
}
