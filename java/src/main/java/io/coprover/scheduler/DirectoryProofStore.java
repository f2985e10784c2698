package io.coprover.scheduler;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.PublicOutputs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A durable {@link ProofStore}: one file per job in a directory, named after the job id
 * ({@code 12_0.3_BASE_0123456789abcdef.proof}). A restarted node pointed at the same directory
 * reuses every proof finished before.
 *
 * <p>Writes are atomic: the file is written to a temporary name in the same directory, forced to
 * disk, then renamed over the final name ({@code ATOMIC_MOVE}), so a crash leaves either the old
 * state or the whole new file, never half a proof. Each file ends with SHA-256 of its content and
 * repeats the job id and the proof id; reading checks all three and recomputes the proof id, so a
 * damaged or misplaced file is reported (an {@link IllegalStateException} naming it), never used.
 *
 * <p>File layout (big-endian): {@code "CPPS" ‖ u8(version 1) ‖ utf(job id) ‖ u64(block) ‖ u8(level)
 * ‖ u32(index) ‖ blob(prover) ‖ blob(vrfProof) ‖ u64(feeBurnPpm) ‖ start(32) ‖ end(32) ‖ txc(32)
 * ‖ blob(fees, unsigned big-endian) ‖ u8(#lists) ‖ per list u8(count) ‖ ids(32 each) ‖ blob(snark)
 * ‖ u64(witnessNanos) ‖ u64(proveNanos) ‖ utf(backend) ‖ proofId(32) ‖ SHA-256(everything before)},
 * where blob = u32(length) ‖ bytes.
 */
public final class DirectoryProofStore implements ProofStore {
    private static final byte[] MAGIC = {'C', 'P', 'P', 'S'};
    private static final int VERSION = 1;
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
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
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
        try {
            ByteArrayOutputStream bo = new ByteArrayOutputStream(1024);
            DataOutputStream o = new DataOutputStream(bo);
            ProofRecord p = r.proof();
            o.write(MAGIC);
            o.writeByte(VERSION);
            o.writeUTF(id.toString());
            o.writeLong(p.block());
            o.writeByte(p.node().level());
            o.writeInt(p.node().index());
            blob(o, p.prover().toArray());
            blob(o, p.vrfProof().toArray());
            o.writeLong(p.feeBurnPpm());
            PublicOutputs out = p.outputs();
            o.write(out.startStateRoot().toArray());
            o.write(out.endStateRoot().toArray());
            o.write(out.txCommitment().toArray());
            blob(o, out.fees().toByteArray());
            o.writeByte(p.children().size());
            for (List<Bytes> l : p.children()) {
                o.writeByte(l.size());
                for (Bytes b : l) o.write(b.toArray());
            }
            blob(o, p.snark().toArray());
            o.writeLong(r.witnessNanos());
            o.writeLong(r.proveNanos());
            o.writeUTF(r.backend());
            o.write(p.id().toArray());
            o.flush();
            byte[] body = bo.toByteArray();
            bo.write(Bytes.sha256(body));
            return bo.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
    }

    static ProofResult decode(JobId id, byte[] all) throws IOException {
        if (all.length < 32 + MAGIC.length + 1) throw new IOException("too short (" + all.length + " bytes)");
        byte[] body = Arrays.copyOf(all, all.length - 32);
        if (!Arrays.equals(Bytes.sha256(body), Arrays.copyOfRange(all, all.length - 32, all.length))) throw new IOException("checksum mismatch");
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        byte[] magic = in.readNBytes(4);
        if (!Arrays.equals(magic, MAGIC)) throw new IOException("not a proof file");
        int v = in.readUnsignedByte();
        if (v != VERSION) throw new IOException("unknown version " + v);
        String stored = in.readUTF();
        if (!stored.equals(id.toString())) throw new IOException("holds job " + stored + ", expected " + id);
        long block = in.readLong();
        NodeId node = new NodeId(in.readUnsignedByte(), in.readInt());
        Bytes prover = Bytes.of(blob(in));
        Bytes vrf = Bytes.of(blob(in));
        long burn = in.readLong();
        Bytes s = Bytes.of(in.readNBytes(32)), e = Bytes.of(in.readNBytes(32)), t = Bytes.of(in.readNBytes(32));
        BigInteger fees = new BigInteger(blob(in));
        int lists = in.readUnsignedByte();
        List<List<Bytes>> children = new ArrayList<>();
        for (int i = 0; i < lists; i++) {
            int c = in.readUnsignedByte();
            List<Bytes> l = new ArrayList<>();
            for (int j = 0; j < c; j++) l.add(Bytes.of(in.readNBytes(32)));
            children.add(l);
        }
        Bytes snark = Bytes.of(blob(in));
        long wn = in.readLong(), pn = in.readLong();
        String backend = in.readUTF();
        Bytes proofId = Bytes.of(in.readNBytes(32));
        if (in.available() != 0) throw new IOException(in.available() + " trailing bytes");
        ProofRecord rec = new ProofRecord(block, node, prover, vrf, burn, new PublicOutputs(s, e, t, fees), children, snark);
        if (!rec.id().equals(proofId)) throw new IOException("proof id mismatch");
        return new ProofResult(rec, wn, pn, backend);
    }

    private static void blob(DataOutputStream o, byte[] b) throws IOException {
        o.writeInt(b.length);
        o.write(b);
    }

    private static byte[] blob(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) throw new IOException("bad length " + n);
        return in.readNBytes(n);
    }
}
