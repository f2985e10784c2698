package io.coprover.node.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The devnet host's chain, kept as the inputs that made it: one JSON object per line (a block
 * produced, L1 moving on, a registration, a submission, a faucet payment, ...), each forced to
 * disk before the call that made it returns. Everything else the host does is a pure function of
 * its seed and these inputs, so replaying them at start gives back the same contract state,
 * balances, registrations and L2 state.
 *
 * <p>A line cut by a crash (no newline at the end of the file) is dropped at open: its call never
 * returned. A line that does not parse elsewhere is refused, not skipped.
 */
final class ChainJournal implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final FileChannel out;
    private final List<JsonNode> entries = new ArrayList<>();

    ChainJournal(Path file) {
        this.file = file;
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            byte[] all = Files.readAllBytes(file);
            int end = all.length;
            while (end > 0 && all[end - 1] != '\n') end--;
            if (end < all.length) out.truncate(end);
            out.position(end);
            String[] lines = new String(all, 0, end, StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank()) continue;
                try {
                    JsonNode e = JSON.readTree(lines[i]);
                    if (e == null || !e.isObject() || !e.hasNonNull("op")) throw new IOException("not an entry");
                    entries.add(e);
                } catch (IOException e) {
                    out.close();
                    throw new IllegalStateException(
                            "chain journal " + file + ": line " + (i + 1) + " is damaged (" + e.getMessage() + ")");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("chain journal: cannot open " + file, e);
        }
    }

    /** The entries found at open, in order. */
    List<JsonNode> entries() {
        return entries;
    }

    static ObjectNode entry(String op) {
        return JSON.createObjectNode().put("op", op);
    }

    synchronized void append(ObjectNode e) {
        try {
            ByteBuffer b = ByteBuffer.wrap((JSON.writeValueAsString(e) + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) out.write(b);
            out.force(false);
        } catch (IOException x) {
            throw new UncheckedIOException("chain journal: cannot write " + file, x);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // every line was forced when written
        }
    }
}
