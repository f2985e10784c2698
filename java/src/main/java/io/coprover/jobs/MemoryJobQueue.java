package io.coprover.jobs;

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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The embedded {@link JobQueue}: every job in this process's memory, under one lock, optionally
 * written through to an MVStore file so that jobs and results survive a restart of the process.
 * Workers in this process share it directly; workers on other machines need {@link PostgresJobQueue}.
 *
 * <p>With a file, every state change is committed before the call returns (a crash loses nothing
 * that a caller was told had happened), and every call runs on the queue's one I/O thread: an
 * interrupt of a caller (an HTTP thread being stopped) during file I/O would otherwise close the
 * store's channel and with it the queue; the caller waits for the call uninterruptibly and keeps its
 * interrupt. One process at a time may open a file (MVStore locks it).
 */
public final class MemoryJobQueue implements JobQueue {
    private final Clock clock;
    private final Path file;
    private final MVStore store; // null when purely in memory
    private final MVMap<Long, byte[]> jobRows; // id → encoded Job
    private final MVMap<Long, byte[]> resultRows;
    private final ExecutorService ioThread; // null when purely in memory
    private final Map<Long, Job> jobs = new HashMap<>();
    private final Map<Long, byte[]> results = new HashMap<>();
    private final Map<String, Long> keys = new HashMap<>();
    private final Map<String, TreeSet<Long>> queuedByKind = new HashMap<>();
    private final Map<Long, Job> running = new HashMap<>();
    /** Final jobs by finishedSeq. */
    private final TreeMap<Long, Job> finished = new TreeMap<>();
    /** Open jobs that have a deadline, by deadline (the sweep expires a prefix, not every job). */
    private final TreeMap<Long, TreeSet<Long>> deadlines = new TreeMap<>();

    private long nextId = 1, seq;
    private boolean closed;

    /** A purely in-memory queue (lost when the process ends). */
    public MemoryJobQueue() {
        this(null, Clock.systemUTC());
    }

    /** A purely in-memory queue whose leases and deadlines follow {@code clock}. */
    public MemoryJobQueue(Clock clock) {
        this(null, clock);
    }

    /**
     * A queue persisted in {@code file} (created if absent; {@code null} for memory only).
     *
     * @param clock the time source for leases and deadlines (tests may pass a controllable one)
     */
    public MemoryJobQueue(Path file, Clock clock) {
        this.clock = clock;
        this.file = file;
        if (file == null) {
            store = null;
            jobRows = null;
            resultRows = null;
            ioThread = null;
            return;
        }
        store = new MVStore.Builder()
                .fileName(file.toString())
                .autoCommitDisabled()
                .open();
        jobRows = store.openMap("jobs");
        resultRows = store.openMap("results");
        List<Job> unnumbered = new ArrayList<>();
        for (Map.Entry<Long, byte[]> e : jobRows.entrySet()) {
            Job j = Job.decode(e.getValue());
            if (j.state.isFinal() && j.finishedSeq == 0) unnumbered.add(j); // a version 1 record
            else index(j);
            nextId = Math.max(nextId, j.id + 1);
            seq = Math.max(seq, j.finishedSeq);
        }
        for (Job j : unnumbered) { // in id order, after every numbered one
            j.finishedSeq = ++seq;
            index(j);
            jobRows.put(j.id, j.encode());
        }
        if (!unnumbered.isEmpty()) store.commit();
        for (Map.Entry<Long, byte[]> e : resultRows.entrySet()) results.put(e.getKey(), e.getValue());
        ioThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "job-queue-io");
            t.setDaemon(true);
            return t;
        });
    }

    private void index(Job j) {
        jobs.put(j.id, j);
        if (j.key != null) keys.put(j.key, j.id);
        if (j.state == JobState.QUEUED)
            queuedByKind.computeIfAbsent(j.kind, k -> new TreeSet<>()).add(j.id);
        if (j.state == JobState.RUNNING) running.put(j.id, j);
        if (j.state.isFinal()) finished.put(j.finishedSeq, j);
        else if (j.deadline != 0)
            deadlines.computeIfAbsent(j.deadline, d -> new TreeSet<>()).add(j.id);
    }

    /** Runs {@code op} under the lock; with a file, on the I/O thread (see the class comment). */
    private <T> T call(Callable<T> op) {
        if (ioThread == null) {
            synchronized (this) {
                try {
                    return op.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        Future<T> f;
        try {
            f = ioThread.submit(() -> {
                synchronized (this) {
                    return op.call();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IllegalStateException("job queue is closed");
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) throw re;
                    if (e.getCause() instanceof Error er) throw er;
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    @Override
    public long submit(String key, String kind, byte[] payload, int maxRetries, String owner, Instant deadline) {
        JobQueue.checkSubmit(key, kind, payload, maxRetries, owner);
        return call(() -> {
            open();
            if (key != null && keys.containsKey(key)) {
                Job old = jobs.get(keys.get(key));
                if (!old.kind.equals(kind) || !Arrays.equals(old.payload, payload)) {
                    throw new IllegalArgumentException("job key \"" + key + "\" was already used for job " + old.id
                            + " with another kind or payload");
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
            j.owner = owner;
            j.deadline = deadline == null ? 0 : deadline.toEpochMilli();
            j.created = j.updated = clock.millis();
            index(j);
            persist(j, null);
            return j.id;
        });
    }

    @Override
    public Optional<Lease> claim(String workerId, Set<String> kinds, Duration lease) {
        JobQueue.checkClaim(workerId, kinds, lease);
        return call(() -> {
            open();
            sweep();
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
            return Optional.of(new Lease(
                    j.id, j.kind, j.payload.clone(), j.attempts, j.token, workerId, Instant.ofEpochMilli(j.expires)));
        });
    }

    /** The job if {@code lease} is its current attempt, else null. */
    private Job held(Lease lease) {
        Job j = running.get(lease.jobId());
        return j != null && j.token == lease.token() ? j : null;
    }

    private static void checkLease(Lease lease) {
        if (lease == null) throw new IllegalArgumentException("lease is required");
    }

    @Override
    public boolean heartbeat(Lease lease, Duration extend) {
        checkLease(lease);
        JobQueue.checkLease(extend);
        return call(() -> {
            open();
            Job j = held(lease);
            if (j == null) return false;
            j.expires = clock.millis() + extend.toMillis();
            persist(j, null);
            return true;
        });
    }

    @Override
    public boolean complete(Lease lease, byte[] result) {
        checkLease(lease);
        JobQueue.checkResult(result);
        return call(() -> {
            open();
            Job j = held(lease);
            if (j == null) return false;
            results.put(j.id, result.clone());
            finish(j, JobState.DONE, j.lastError);
            persist(j, result);
            return true;
        });
    }

    @Override
    public boolean fail(Lease lease, String reason, boolean retry) {
        checkLease(lease);
        return call(() -> {
            open();
            Job j = held(lease);
            if (j == null) return false;
            if (retry) endAttempt(j, JobQueue.reason(reason), false);
            else finish(j, JobState.FAILED, JobQueue.reason(reason));
            persist(j, null);
            return true;
        });
    }

    @Override
    public boolean release(Lease lease, String reason) {
        checkLease(lease);
        return call(() -> {
            open();
            Job j = held(lease);
            if (j == null) return false;
            endAttempt(j, JobQueue.reason(reason), true);
            persist(j, null);
            return true;
        });
    }

    @Override
    public boolean cancel(long jobId, String reason) {
        return call(() -> {
            open();
            Job j = jobs.get(jobId);
            if (j == null || j.state.isFinal()) return false;
            if (j.state == JobState.QUEUED) queuedByKind.get(j.kind).remove(j.id);
            finish(j, JobState.CANCELLED, JobQueue.reason(reason));
            persist(j, null);
            return true;
        });
    }

    /** Moves an open job to final state {@code s} with the next sequence number (the caller persists). */
    private void finish(Job j, JobState s, String reason) {
        running.remove(j.id);
        j.state = s;
        j.lastError = reason;
        j.expires = 0;
        j.updated = clock.millis();
        j.finishedSeq = ++seq;
        finished.put(j.finishedSeq, j);
        if (j.deadline != 0) {
            TreeSet<Long> ids = deadlines.get(j.deadline);
            if (ids != null && ids.remove(j.id) && ids.isEmpty()) deadlines.remove(j.deadline);
        }
        notifyAll();
    }

    /** Ends the running attempt: back to the queue while retries remain (or when released), else FAILED. */
    private void endAttempt(Job j, String reason, boolean uncounted) {
        if (uncounted) j.attempts--;
        if (j.attempts > j.maxRetries) {
            finish(j, JobState.FAILED, reason);
            return;
        }
        running.remove(j.id);
        j.lastError = reason;
        j.expires = 0;
        j.updated = clock.millis();
        j.state = JobState.QUEUED;
        queuedByKind.computeIfAbsent(j.kind, k -> new TreeSet<>()).add(j.id);
    }

    @Override
    public int requeueExpired() {
        return call(() -> {
            open();
            return sweep();
        });
    }

    /** Lapsed leases back to the queue (or FAILED), open jobs past their deadline EXPIRED. */
    private int sweep() {
        long now = clock.millis();
        List<Job> lapsed = new ArrayList<>(), late = new ArrayList<>();
        for (Job j : running.values()) if (j.expires < now) lapsed.add(j);
        for (TreeSet<Long> ids : deadlines.headMap(now, true).values()) for (Long id : ids) late.add(jobs.get(id));
        for (Job j : late) {
            if (j.state == JobState.QUEUED) queuedByKind.get(j.kind).remove(j.id);
            finish(j, JobState.EXPIRED, "deadline passed");
            persist(j, null);
        }
        int n = late.size();
        for (Job j : lapsed) {
            if (j.state != JobState.RUNNING) continue; // expired above
            endAttempt(j, "lease of " + j.worker + " expired (attempt " + j.attempts + ")", false);
            persist(j, null);
            n++;
        }
        return n;
    }

    @Override
    public int requeueRunning(String reason) {
        return call(() -> {
            open();
            List<Job> all = new ArrayList<>(running.values());
            for (Job j : all) {
                endAttempt(j, JobQueue.reason(reason), false);
                persist(j, null);
            }
            return all.size();
        });
    }

    @Override
    public Optional<JobInfo> status(long jobId) {
        return call(() -> {
            open();
            Job j = jobs.get(jobId);
            return j == null ? Optional.empty() : Optional.of(j.info());
        });
    }

    @Override
    public Optional<byte[]> result(long jobId) {
        return call(() -> {
            open();
            byte[] r = results.get(jobId);
            return r == null ? Optional.empty() : Optional.of(r.clone());
        });
    }

    @Override
    public Optional<byte[]> payload(long jobId) {
        return call(() -> {
            open();
            Job j = jobs.get(jobId);
            return j == null ? Optional.empty() : Optional.of(j.payload.clone());
        });
    }

    @Override
    public Optional<Long> findByKey(String key) {
        if (key == null) return Optional.empty();
        return call(() -> {
            open();
            return Optional.ofNullable(keys.get(key));
        });
    }

    @Override
    public List<JobInfo> finishedAfter(String owner, long afterSeq, int limit) {
        JobQueue.checkLimit(limit);
        return call(() -> {
            open();
            List<JobInfo> out = new ArrayList<>();
            for (Job j : finished.tailMap(afterSeq, false).values()) {
                if (owner != null && !owner.equals(j.owner)) continue;
                out.add(j.info());
                if (out.size() >= limit) break;
            }
            return out;
        });
    }

    @Override
    public synchronized void awaitFinished(long afterSeq, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (seq <= afterSeq && !closed) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) return;
            wait(left);
        }
    }

    @Override
    public QueueCounts counts(String owner) {
        return call(() -> {
            open();
            long[] n = new long[JobState.values().length];
            for (Job j : jobs.values()) if (owner == null || owner.equals(j.owner)) n[j.state.ordinal()]++;
            return QueueCounts.of(n);
        });
    }

    /** Only this process can open the queue (its file is locked while open). */
    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public String describe() {
        return file == null ? "in-process queue (memory)" : "in-process queue (file " + file + ")";
    }

    @Override
    public void close() {
        call(() -> {
            if (closed) return null;
            closed = true;
            notifyAll();
            if (store != null) store.close();
            return null;
        });
        if (ioThread != null) ioThread.shutdown();
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
        String owner;
        long deadline; // 0: none
        long finishedSeq; // 0: open

        JobInfo info() {
            return new JobInfo(
                    id,
                    key,
                    kind,
                    state,
                    attempts,
                    maxRetries,
                    worker,
                    lastError,
                    Instant.ofEpochMilli(created),
                    Instant.ofEpochMilli(updated),
                    owner,
                    deadline == 0 ? null : Instant.ofEpochMilli(deadline),
                    finishedSeq);
        }

        byte[] encode() {
            try {
                ByteArrayOutputStream bos = new ByteArrayOutputStream(payload.length + 160);
                DataOutputStream out = new DataOutputStream(bos);
                out.writeByte(2); // record version
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
                str(out, owner);
                out.writeLong(deadline);
                out.writeLong(finishedSeq);
                out.flush();
                return bos.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Version 1 records (before owners, deadlines and the finished sequence) read with none of them. */
        static Job decode(byte[] b) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
                int v = in.readByte();
                if (v != 1 && v != 2) throw new IllegalStateException("job queue file: unknown record version " + v);
                Job j = new Job();
                j.id = in.readLong();
                j.key = str(in);
                j.kind = str(in);
                j.payload = in.readNBytes(in.readInt());
                int s = in.readByte();
                if (s < 0 || s >= JobState.values().length)
                    throw new IllegalStateException("job queue file: unknown state " + s);
                j.state = JobState.values()[s];
                j.attempts = in.readInt();
                j.maxRetries = in.readInt();
                j.token = in.readLong();
                j.worker = str(in);
                j.expires = in.readLong();
                j.lastError = str(in);
                j.created = in.readLong();
                j.updated = in.readLong();
                if (v == 2) {
                    j.owner = str(in);
                    j.deadline = in.readLong();
                    j.finishedSeq = in.readLong();
                }
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
