package io.coprover.plonk.io;

import io.coprover.math.Field;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The iden3 binary container used by snarkjs and circom ({@code @iden3/binfileutils}): a 4-byte
 * ASCII magic, u32 version, u32 section count, then sections {u32 id, u64 size, payload}, all
 * little-endian, in any order. Sections are looked up by id and memory-mapped on demand, so a
 * large file is never copied as a whole.
 */
public final class BinFile implements AutoCloseable {
    private final Path path;
    private final FileChannel ch;
    public final String magic;
    public final int version;
    private final Map<Integer, long[]> sections = new HashMap<>(); // id → {offset, size}

    private BinFile(Path path, FileChannel ch, String magic, int version) {
        this.path = path;
        this.ch = ch;
        this.magic = magic;
        this.version = version;
    }

    /**
     * Opens {@code path} and reads its section table.
     *
     * @param expectedMagic "zkey", "wtns", "r1cs" or "ptau"
     * @throws IOException for a missing file, another magic, or a truncated table
     */
    public static BinFile open(Path path, String expectedMagic, int maxVersion) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path + ": no such file");
        }
        try {
            long size = ch.size();
            ByteBuffer h = read(ch, 0, 12, path, "file header");
            byte[] m = new byte[4];
            h.get(m);
            String magic = new String(m, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (!magic.equals(expectedMagic)) {
                throw new IOException(
                        path + ": not a ." + expectedMagic + " file (magic \"" + printable(magic) + "\")");
            }
            int version = h.getInt();
            if (version < 1 || version > maxVersion) {
                throw new IOException(path + ": unsupported ." + expectedMagic + " version " + version
                        + " (supported: 1.." + maxVersion + ")");
            }
            int n = h.getInt();
            BinFile f = new BinFile(path, ch, magic, version);
            long pos = 12;
            for (int i = 0; i < n; i++) {
                ByteBuffer s = read(ch, pos, 12, path, "section table");
                int id = s.getInt();
                long len = s.getLong();
                pos += 12;
                if (len < 0 || pos + len > size) {
                    throw new IOException(path + ": truncated: section " + id + " declares " + len + " bytes at offset "
                            + pos + " but the file has " + size + " bytes");
                }
                f.sections.putIfAbsent(id, new long[] {pos, len});
                pos += len;
            }
            return f;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) b.append(c >= 32 && c < 127 ? c : '?');
        return b.toString();
    }

    private static ByteBuffer read(FileChannel ch, long pos, int len, Path path, String what) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) throw new IOException(path + ": truncated (end of file inside the " + what + ")");
        }
        b.flip();
        return b;
    }

    public Path path() {
        return path;
    }

    public boolean has(int id) {
        return sections.containsKey(id);
    }

    /** Size in bytes of section {@code id}. */
    public long size(int id) throws IOException {
        return entry(id)[1];
    }

    private long[] entry(int id) throws IOException {
        long[] e = sections.get(id);
        if (e == null) throw new IOException(path + ": section " + id + " is missing");
        return e;
    }

    /** Maps {@code len} bytes of section {@code id} from {@code offset} (little-endian view). */
    public ByteBuffer map(int id, long offset, long len) throws IOException {
        long[] e = entry(id);
        if (offset < 0 || len < 0 || offset + len > e[1]) {
            throw new IOException(path + ": section " + id + " has " + e[1] + " bytes, need " + (offset + len));
        }
        if (len > Integer.MAX_VALUE)
            throw new IOException(path + ": section " + id + " read of " + len + " bytes is too large");
        MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, e[0] + offset, len);
        return b.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The whole section {@code id}, and checks that its size is exactly {@code expected}. */
    public ByteBuffer section(int id, long expected) throws IOException {
        long s = size(id);
        if (s != expected) {
            throw new IOException(path + ": section " + id + " has " + s + " bytes, expected " + expected
                    + (s < expected ? " (truncated?)" : ""));
        }
        return map(id, 0, s);
    }

    /** Reads an n8-byte little-endian unsigned integer (a prime in a header). */
    public static BigInteger readBigLE(ByteBuffer b, int n8) {
        byte[] le = new byte[n8];
        b.get(le);
        byte[] be = new byte[n8 + 1];
        for (int i = 0; i < n8; i++) be[n8 - i] = le[i];
        return new BigInteger(be);
    }

    /**
     * Reads {@code count} Montgomery-LE field elements (zkey/ptau encoding) into {@code out}: one
     * bulk copy through a little-endian long view (the limb layout is exactly ours), then a range
     * check of every element.
     */
    public static void readMont(ByteBuffer b, Field f, int count, long[] out, int outOff) {
        int pos = b.position();
        b.asLongBuffer().get(out, outOff, 4 * count);
        b.position(pos + 32 * count);
        for (int i = 0; i < count; i++) {
            if (!f.isCanonical(out, outOff + 4 * i))
                throw new IllegalArgumentException(f + " element " + i + " is not reduced");
        }
    }

    /**
     * Reads {@code count} plain-LE field elements (wtns/r1cs encoding) into Montgomery form, in
     * blocks on all cores (a 2^16 witness is 65,536 multiplications); the first value not below the
     * modulus is reported.
     */
    public static void readPlain(ByteBuffer b, Field f, int count, long[] out, int outOff) {
        final int block = 1 << 13;
        final int pos = b.position();
        final ByteBuffer src = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int[] bad = new int[(count + block - 1) / block];
        java.util.Arrays.fill(bad, -1);
        java.util.stream.IntStream.range(0, bad.length).parallel().forEach(t -> {
            ByteBuffer d = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            d.position(pos + 32 * t * block);
            long[] raw = new long[4];
            for (int i = t * block, e = Math.min(count, i + block); i < e; i++) {
                if (!plainToMont(d, f, raw, out, outOff + 4 * i)) {
                    bad[t] = i;
                    return;
                }
            }
        });
        for (int i : bad) {
            if (i >= 0) throw new IllegalArgumentException(f + " value " + i + " is not less than the modulus");
        }
        b.position(pos + 32 * count);
    }

    /**
     * One value of {@link #readPlain}: false when it is not below the modulus. A method of its own so
     * that a short run compiles it early (the loop around it may run interpreted to its end).
     */
    private static boolean plainToMont(ByteBuffer d, Field f, long[] raw, long[] out, int o) {
        raw[0] = d.getLong();
        raw[1] = d.getLong();
        raw[2] = d.getLong();
        raw[3] = d.getLong();
        if (!f.isCanonical(raw, 0)) return false;
        f.toMont(raw, 0, out, o);
        return true;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
