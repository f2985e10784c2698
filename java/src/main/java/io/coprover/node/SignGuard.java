package io.coprover.node;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Slashing protection for proof records, as Ethereum validators keep it for attestations: a prover
 * who signs two different records (different ids) for one node of one block can be slashed
 * (PROTOCOL "Equivocation"), so before signing the node asks this guard, which remembers the one id
 * it signed per (block, node) and refuses any other. Signing the same id again (a re-proved SNARK
 * of the same record, a restart) is allowed.
 *
 * <p>{@link #inMemory()} forgets on restart; {@link #file(Path)} appends each first signature as a
 * line {@code block level index id-hex} and forces it to disk before the signature is released, so
 * a crash can lose a line only for a record that was never published.
 */
public final class SignGuard implements AutoCloseable {
    private record Slot(long block, NodeId node) {}

    private final Map<Slot, Bytes> signed = new HashMap<>();
    private final FileChannel out;
    private final Path file;

    private SignGuard(Path file) {
        this.file = file;
        if (file == null) {
            out = null;
            return;
        }
        try {
            out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            byte[] all = Files.readAllBytes(file);
            int end = all.length;
            while (end > 0 && all[end - 1] != '\n') end--;
            if (end < all.length) out.truncate(end); // a line cut by a crash: its record was never released
            out.position(end);
            String[] lines = new String(all, 0, end, StandardCharsets.US_ASCII).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String l = lines[i];
                if (l.isEmpty()) continue;
                String[] f = l.split(" ");
                if (f.length != 4 || f[3].length() != 64)
                    throw new IllegalStateException("sign guard " + file + ": line " + (i + 1) + " is damaged: " + l);
                signed.put(
                        new Slot(Long.parseLong(f[0]), new NodeId(Integer.parseInt(f[1]), Integer.parseInt(f[2]))),
                        Bytes.fromHex(f[3]));
            }
        } catch (IOException e) {
            closeQuietly();
            throw new UncheckedIOException("sign guard: cannot open " + file, e);
        } catch (IllegalArgumentException e) {
            closeQuietly();
            throw new IllegalStateException("sign guard " + file + ": damaged: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            closeQuietly();
            throw e;
        }
    }

    private void closeQuietly() {
        try {
            if (out != null) out.close();
        } catch (IOException ignored) {
            // the open failure is the one to report
        }
    }

    public static SignGuard inMemory() {
        return new SignGuard(null);
    }

    /** A guard kept in {@code file} (created if missing). */
    public static SignGuard file(Path file) {
        return new SignGuard(file);
    }

    /**
     * Records that {@code r} is about to be signed.
     *
     * @throws IllegalStateException if another record of the same block and node was signed before
     */
    public synchronized void allow(ProofRecord r) {
        Slot s = new Slot(r.block(), r.node());
        Bytes prev = signed.get(s);
        if (prev != null) {
            if (prev.equals(r.id())) return;
            throw new IllegalStateException(
                    "slashing protection: record " + prev.shortHex(12) + " was already signed for block " + r.block()
                            + " node " + r.node() + "; signing " + r.id().shortHex(12) + " too would be equivocation");
        }
        if (out != null) {
            String line = r.block() + " " + r.node().level() + " " + r.node().index() + " " + r.id().hex() + "\n";
            try {
                ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
                while (b.hasRemaining()) out.write(b);
                out.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("sign guard: cannot write " + file, e);
            }
        }
        signed.put(s, r.id());
    }

    /** The id signed for a block's node, if any. */
    public synchronized Bytes signedFor(long block, NodeId node) {
        return signed.get(new Slot(block, node));
    }

    @Override
    public synchronized void close() {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException ignored) {
            // nothing left to flush: every line was forced when written
        }
    }
}
