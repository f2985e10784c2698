package io.coprover.scheduler;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProofRecordCodec;
import io.coprover.protocol.Wire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * A durable {@link ProofStore}: one file per job in a directory, named after the job id
 * ({@code 12_0.3_BASE_0123456789abcdef.proof}). A restarted node pointed at the same directory
 * reuses every proof finished before.
 *
 * <p>Writes are atomic: the file is written to a temporary name in the same directory, forced to
 * disk, then renamed over the final name ({@code ATOMIC_MOVE}), so a crash leaves either the old
 * state or the whole new file, never half a proof. Each file ends with SHA-256 of its content and
 * repeats the job id; reading checks both and decodes the record strictly, so a
 * damaged or misplaced file is reported (an {@link IllegalStateException} naming it), never used.
 *
 * <p>File layout (big-endian, {@link Wire}): {@code "CPPS" ‖ u8(version 2) ‖ utf8(job id)
 * ‖ record ({@link ProofRecordCodec}) ‖ u64(witnessNanos) ‖ u64(proveNanos) ‖ utf8(backend)
 * ‖ SHA-256(everything before)}, where utf8 = u16(length) ‖ bytes. A file of another version is
 * reported as damaged like any other unreadable file.
 */
public final class DirectoryProofStore implements ProofStore {
    private static final byte[] MAGIC = {'C', 'P', 'P', 'S'};
    private static final int VERSION = 2;
    private final Path dir;

    /** Opens (creating if needed) a store in {@code dir}. */
    public DirectoryProofStore(Path dir) {
        if (dir == null) throw new IllegalArgumentException("proof store: directory is required");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("proof store: cannot create directory " + dir, e);
        }
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    private Path file(JobId id) {
        return dir.resolve(id.toString().replace(':', '_') + ".proof");
    }

    @Override
    public boolean contains(JobId id) {
        return Files.isRegularFile(file(id));
    }

    @Override
    public Optional<ProofResult> get(JobId id) {
        Path f = file(id);
        byte[] all;
        try {
            all = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("proof store: cannot read " + f, e);
        }
        try {
            return Optional.of(decode(id, all));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("proof store: damaged file " + f + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(JobId id, ProofResult result) {
        if (id == null || result == null) throw new IllegalArgumentException("proof store: id and result are required");
        byte[] data = encode(id, result);
        Path f = file(id);
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, ".tmp-", ".part");
            try (FileChannel ch =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) ch.write(b);
                ch.force(true);
            }
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically", e);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("proof store: cannot write " + f, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one to report
                }
            }
        }
    }

    static byte[] encode(JobId id, ProofResult r) {
        Wire.Writer w = new Wire.Writer(r.proof().snark().length() + 1024);
        w.bytes(MAGIC).u8(VERSION).utf8(id.toString());
        ProofRecordCodec.write(w, r.proof());
        w.u63(r.witnessNanos()).u63(r.proveNanos()).utf8(r.backend());
        w.bytes(Bytes.sha256(w.toByteArray()));
        return w.toByteArray();
    }

    static ProofResult decode(JobId id, byte[] all) throws IOException {
        if (all.length < 32 + MAGIC.length + 1) throw new IOException("too short (" + all.length + " bytes)");
        byte[] body = Arrays.copyOf(all, all.length - 32);
        if (!Arrays.equals(Bytes.sha256(body), Arrays.copyOfRange(all, all.length - 32, all.length)))
            throw new IOException("checksum mismatch");
        Wire.Reader in = new Wire.Reader(body, "proof file");
        if (!Arrays.equals(in.bytes(MAGIC.length, "magic"), MAGIC)) throw new IOException("not a proof file");
        int v = in.u8("version");
        if (v != VERSION) throw new IOException("unknown version " + v + " (this build reads " + VERSION + ")");
        String stored = in.utf8("job id", 0xffff);
        if (!stored.equals(id.toString())) throw new IOException("holds job " + stored + ", expected " + id);
        ProofRecord rec = ProofRecordCodec.read(in, "proof");
        long wn = in.u63("witness time"), pn = in.u63("prove time");
        String backend = in.utf8("backend", 0xffff);
        in.end();
        return new ProofResult(rec, wn, pn, backend);
    }
}
