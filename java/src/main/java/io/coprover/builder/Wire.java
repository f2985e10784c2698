package io.coprover.builder;

import io.coprover.math.Field;
import io.coprover.protocol.Bytes;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;

/**
 * Big-endian readers and writers for the builder's binary encodings. The reader checks every
 * length against what is left before it allocates, so a hostile length prefix cannot make it read
 * past the end or allocate more than the input's size; every failure is an
 * {@link IllegalArgumentException} that names the field and the offset.
 */
final class Wire {
    private Wire() {}

    /** A bounded cursor over an input. */
    static final class Reader {
        private final byte[] in;
        private final String what;
        private int pos;
        /** Where the field read last (or being read) starts: errors name it. */
        private int start;

        Reader(byte[] in, String what) {
            this.in = in;
            this.what = what;
        }

        int pos() {
            return pos;
        }

        int remaining() {
            return in.length - pos;
        }

        IllegalArgumentException error(String field, String msg) {
            return new IllegalArgumentException(what + ": " + field + " (at byte " + start + "): " + msg);
        }

        private void need(int n, String field) {
            start = pos;
            if (n < 0 || n > remaining()) throw error(field, "truncated, needs " + n + " bytes, " + remaining() + " left");
        }

        byte[] bytes(int n, String field) {
            need(n, field);
            byte[] b = new byte[n];
            System.arraycopy(in, pos, b, 0, n);
            pos += n;
            return b;
        }

        int u8(String field) {
            need(1, field);
            return in[pos++] & 0xff;
        }

        int u16(String field) {
            need(2, field);
            int v = ByteBuffer.wrap(in, pos, 2).getShort() & 0xffff;
            pos += 2;
            return v;
        }

        /** An unsigned 32-bit value as a long. */
        long u32(String field) {
            need(4, field);
            long v = ByteBuffer.wrap(in, pos, 4).getInt() & 0xffffffffL;
            pos += 4;
            return v;
        }

        /** A signed 64-bit value that must be non-negative. */
        long u63(String field) {
            need(8, field);
            long v = ByteBuffer.wrap(in, pos, 8).getLong();
            pos += 8;
            if (v < 0) throw error(field, "must be below 2^63");
            return v;
        }

        /** A 0/1 byte. */
        boolean bool(String field) {
            int v = u8(field);
            if (v > 1) throw error(field, "must be 0 or 1, got " + v);
            return v == 1;
        }

        /** A u16 length then that many bytes, at most {@code max}. */
        Bytes var16(String field, int max) {
            int n = u16(field + " length");
            if (n > max) throw error(field, "length " + n + " exceeds the limit " + max);
            return Bytes.of(bytes(n, field));
        }

        /** 32 bytes that must be the canonical big-endian encoding of an Fr element (value &lt; r). */
        long[] fr(String field) {
            byte[] b = bytes(32, field);
            if (new BigInteger(1, b).compareTo(Field.FR.modulus) >= 0) throw error(field, "not a canonical field element (value >= r)");
            return Field.FR.fromBytesBE(b);
        }

        /** Fails unless the whole input was read. */
        void end() {
            start = pos;
            if (remaining() != 0) throw error("end", remaining() + " trailing bytes");
        }
    }

    /** An appending writer. */
    static final class Writer {
        private final ByteArrayOutputStream o = new ByteArrayOutputStream(1024);

        Writer bytes(byte[] b) {
            o.writeBytes(b);
            return this;
        }

        Writer u8(int v) {
            if (v < 0 || v > 0xff) throw new IllegalArgumentException("u8 out of range: " + v);
            o.write(v);
            return this;
        }

        Writer u16(int v) {
            if (v < 0 || v > 0xffff) throw new IllegalArgumentException("u16 out of range: " + v);
            return bytes(ByteBuffer.allocate(2).putShort((short) v).array());
        }

        Writer u32(long v) {
            if (v < 0 || v > 0xffffffffL) throw new IllegalArgumentException("u32 out of range: " + v);
            return bytes(ByteBuffer.allocate(4).putInt((int) v).array());
        }

        Writer u63(long v) {
            if (v < 0) throw new IllegalArgumentException("u63 out of range: " + v);
            return bytes(ByteBuffer.allocate(8).putLong(v).array());
        }

        Writer bool(boolean b) {
            return u8(b ? 1 : 0);
        }

        Writer var16(Bytes b) {
            return u16(b.length()).bytes(b.toArray());
        }

        Writer fr(long[] a) {
            return bytes(Field.FR.toBytesBE(a, 0));
        }

        int size() {
            return o.size();
        }

        byte[] toByteArray() {
            return o.toByteArray();
        }
    }
}
