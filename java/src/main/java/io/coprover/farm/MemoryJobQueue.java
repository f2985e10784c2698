package io.coprover.farm;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The embedded {@link JobQueue}: every job in this process's memory, under one lock, optionally
 * written through to an MVStore file so that jobs and results survive a restart of the process.
 * Workers in this process share it directly; workers on other machines need {@link PostgresJobQueue}.
 *
 * <p>With a file, every state change is committed before the call returns (a crash loses nothing
 * that a caller was told had happened). One process at a time may open a file (MVStore locks it).
 */
public final class MemoryJobQueue implements JobQueue {
    private final Clock clock;
    private final Path file;
    private final MVStore store;              // null when purely in memory
    private final MVMap<Long, byte[]> jobRows; // id → encoded Job
    private final MVMap<Long, byte[]> resultRows;
    private final Map<Long, Job> jobs = new HashMap<>();
    private final Map<Long, byte[]> results = new HashMap<>();
    private final Map<String, Long> keys = new HashMap<>();
    private final Map<String, TreeSet<Long>> queuedByKind = new HashMap<>();
    private final Map<Long, Job> running = new HashMap<>();
    private long nextId = 1;
    private boolean closed;

    /** A purely in-memory queue (lost when the process ends). */
    public MemoryJobQueue() {
        this(null, Clock.systemUTC());
    }

    /**
     * A queue persisted in {@code file} (created if absent; {@code null} for memory only).
     *
     * @param clock the time source for leases (tests may pass a controllable one)
     */
    public MemoryJobQueue(Path file, Clock clock) {
        this.clock = clock;
        this.file = file;
        if (file == null) {
            store = null;
            jobRows = null;
            resultRows = null;
            return;
        }
        store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        jobRows = store.openMap("jobs");
        resultRows = store.openMap("results");
        for (Map.Entry<Long, byte[]> e : jobRows.entrySet()) {
            Job j = Job.decode(e.getValue());
            index(j);
            nextId = Math.max(nextId, j.id + 1);
        }
        for (Map.Entry<Long, byte[]> e : resultRows.entrySet()) results.put(e.getKey(), e.getValue());
    }

    private void index(Job j) {
        jobs.put(j.id, j);
        if (j.key != null) keys.put(j.key, j.id);
        if (j.state == JobState.QUEUED) queuedByKind.computeIfAbsent(j.kind, k -> new TreeSet<>()).add(j.id);
        if (j.state == JobState.RUNNING) running.put(j.id, j);
    }

    @Override
    public synchronized long submit(String key, String kind, byte[] payload, int maxRetries) {
        open();
        JobQueue.checkSubmit(key, kind, payload, maxRetries);
        if (key != null && keys.containsKey(key)) {
            Job old = jobs.get(keys.get(key));
            if (!old.kind.equals(kind) || !Arrays.equals(old.payload, payload)) {
                throw new IllegalArgumentException("job key \"" + key + "\" was already used for job " + old.id + " with another kind or payload");
            }
            return old.id;
        }
        Job j = new Job();
        j.id = nextId++;
        j.key = key;
        j.kind = kind;
        j.payload = payload.clone();
        j.state = JobState.QUEUED;
        j.maxRetries = maxRetries;
        j.created = j.updated = clock.millis();
        index(j);
        persist(j, null);
        return j.id;
    }

    @Override
    public synchronized Optional<Lease> claim(String workerId, Set<String> kinds, Duration lease) {
        open();
        JobQueue.checkClaim(workerId, kinds, lease);
        requeueExpired();
        Long best = null;
        TreeSet<Long> from = null;
        for (Map.Entry<String, TreeSet<Long>> e : queuedByKind.entrySet()) {
            if (e.getValue().isEmpty() || (!kinds.isEmpty() && !kinds.contains(e.getKey()))) continue;
            Long first = e.getValue().first();
            if (best == null || first < best) {
                best = first;
                from = e.getValue();
            }
        }
        if (best == null) return Optional.empty();
        from.remove(best);
        Job j = jobs.get(best);
        long now = clock.millis();
        j.state = JobState.RUNNING;
        j.attempts++;
        j.token++;
        j.worker = workerId;
        j.expires = now + lease.toMillis();
        j.updated = now;
        running.put(j.id, j);
        persist(j, null);
        return Optional.of(new Lease(j.id, j.kind, j.payload.clone(), j.attempts, j.token, workerId, Instant.ofEpochMilli(j.expires)));
    }

    /** The job if {@code lease} is its current attempt, else null. */
    private Job held(Lease lease) {
        if (lease == null) throw new IllegalArgumentException("lease is required");
        Job j = running.get(lease.jobId());
        return j != null && j.token == lease.token() ? j : null;
    }

    @Override
    public synchronized boolean heartbeat(Lease lease, Duration extend) {
        open();
        JobQueue.checkLease(extend);
        Job j = held(lease);
        if (j == null) return false;
        j.expires = clock.millis() + extend.toMillis();
        persist(j, null);
        return true;
    }

    @Override
    public synchronized boolean complete(Lease lease, byte[] result) {
        open();
        JobQueue.checkResult(result);
        Job j = held(lease);
        if (j == null) return false;
        running.remove(j.id);
        j.state = JobState.DONE;
        j.expires = 0;
        j.updated = clock.millis();
        results.put(j.id, result.clone());
        persist(j, result);
        return true;
    }

    @Override
    public synchronized boolean fail(Lease lease, String reason) {
        open();
        Job j = held(lease);
        if (j == null) return false;
        endAttempt(j, JobQueue.reason(reason), false);
        return true;
    }

    @Override
    public synchronized boolean release(Lease lease, String reason) {
        open();
        Job j = held(lease);
        if (j == null) return false;
        endAttempt(j, JobQueue.reason(reason), true);
        return true;
    }

    /** Ends the running attempt: back to the queue while retries remain (or when released), else FAILED. */
    private void endAttempt(Job j, String reason, boolean uncounted) {
        running.remove(j.id);
        if (uncounted) j.attempts--;
        j.lastError = reason;
        j.expires = 0;
        j.updated = clock.millis();
        if (j.attempts > j.maxRetries) {
            j.state = JobState.FAILED;
        } else {
            j.state = JobState.QUEUED;
            queuedByKind.computeIfAbsent(j.kind, k -> new TreeSet<>()).add(j.id);
        }
        persist(j, null);
    }

    @Override
    public synchronized int requeueExpired() {
        open();
        long now = clock.millis();
        List<Job> lapsed = new ArrayList<>();
        for (Job j : running.values()) if (j.expires < now) lapsed.add(j);
        for (Job j : lapsed) endAttempt(j, "lease of " + j.worker + " expired (attempt " + j.attempts + ")", false);
        return lapsed.size();
    }

    @Override
    public synchronized Optional<JobInfo> status(long jobId) {
        open();
        Job j = jobs.get(jobId);
        if (j == null) return Optional.empty();
        return Optional.of(new JobInfo(j.id, j.key, j.kind, j.state, j.attempts, j.maxRetries, j.worker, j.lastError,
                Instant.ofEpochMilli(j.created), Instant.ofEpochMilli(j.updated)));
    }

    @Override
    public synchronized Optional<byte[]> result(long jobId) {
        open();
        byte[] r = results.get(jobId);
        return r == null ? Optional.empty() : Optional.of(r.clone());
    }

    @Override
    public synchronized Optional<Long> findByKey(String key) {
        open();
        return Optional.ofNullable(key == null ? null : keys.get(key));
    }

    @Override
    public synchronized QueueCounts counts() {
        open();
        long[] n = new long[JobState.values().length];
        for (Job j : jobs.values()) n[j.state.ordinal()]++;
        return new QueueCounts(n[0], n[1], n[2], n[3]);
    }

    @Override
    public String describe() {
        return file == null ? "in-process queue (memory)" : "in-process queue (file " + file + ")";
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (store != null) store.close();
    }

    private void open() {
        if (closed) throw new IllegalStateException("job queue is closed");
    }

    /** Writes the job (and its result) through to the file and commits. */
    private void persist(Job j, byte[] result) {
        if (store == null) return;
        jobRows.put(j.id, j.encode());
        if (result != null) resultRows.put(j.id, result.clone());
        store.commit();
    }

    /** One job's mutable record (guarded by the queue's lock). */
    private static final class Job {
        long id;
        String key;
        String kind;
        byte[] payload;
        JobState state;
        int attempts;
        int maxRetries;
        long token;
        String worker;
        long expires;
        String lastError;
        long created;
        long updated;

        byte[] encode() {
            try {
                ByteArrayOutputStream bos = new ByteArrayOutputStream(payload.length + 128);
                DataOutputStream out = new DataOutputStream(bos);
                out.writeByte(1); // record version
                out.writeLong(id);
                str(out, key);
                str(out, kind);
                out.writeInt(payload.length);
                out.write(payload);
                out.writeByte(state.ordinal());
                out.writeInt(attempts);
                out.writeInt(maxRetries);
                out.writeLong(token);
                str(out, worker);
                out.writeLong(expires);
                str(out, lastError);
                out.writeLong(created);
                out.writeLong(updated);
                out.flush();
                return bos.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Job decode(byte[] b) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
                int v = in.readByte();
                if (v != 1) throw new IllegalStateException("job queue file: unknown record version " + v);
                Job j = new Job();
                j.id = in.readLong();
                j.key = str(in);
                j.kind = str(in);
                j.payload = in.readNBytes(in.readInt());
                j.state = JobState.values()[in.readByte()];
                j.attempts = in.readInt();
                j.maxRetries = in.readInt();
                j.token = in.readLong();
                j.worker = str(in);
                j.expires = in.readLong();
                j.lastError = str(in);
                j.created = in.readLong();
                j.updated = in.readLong();
                return j;
            } catch (IOException e) {
                throw new UncheckedIOException("job queue file: corrupt job record", e);
            }
        }

        private static void str(DataOutputStream out, String s) throws IOException {
            if (s == null) {
                out.writeInt(-1);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }

        private static String str(DataInputStream in) throws IOException {
            int n = in.readInt();
            return n < 0 ? null : new String(in.readNBytes(n), StandardCharsets.UTF_8);
        }
    }
}
