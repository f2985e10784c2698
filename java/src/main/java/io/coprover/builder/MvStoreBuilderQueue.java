package io.coprover.builder;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.Wire;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The embedded {@link BuilderQueue}: an H2 MVStore file (the store the state tree already uses:
 * pure Java, crash-safe, append-only chunks). Maps: {@code requests} (id → encoded request, written
 * once), {@code results} (id → encoded record), {@code jobs} (id → the small mutable part: state,
 * attempts, times, lease, reason, sequence numbers) and {@code meta} (the two counters). Every change
 * is committed and synced before the method returns, so an accepted job survives a crash of the
 * process (and, with the sync, of the machine). Without a path the store lives in memory (tests).
 *
 * <p>The job table is also held in memory (ids, states, order): a builder's active set is small.
 */
public final class MvStoreBuilderQueue implements BuilderQueue {
    private static final int MAX_REASON = 1000;
    private final MVStore store;
    private final MVMap<byte[], byte[]> requests, results, jobs;
    private final MVMap<String, Long> meta;
    private final Map<Bytes, Meta> index = new HashMap<>();
    /** QUEUED jobs by submission order. */
    private final TreeMap<Long, Bytes> queued = new TreeMap<>();
    /** Final jobs by finishedSeq. */
    private final TreeMap<Long, Bytes> finished = new TreeMap<>();
    private long order, seq;
    /**
     * Every write runs on this one thread: an interrupt of a caller (an HTTP thread being shut down)
     * during file I/O would close the store's channel (ClosedByInterruptException) and with it the
     * queue; the caller waits for the write, uninterruptibly.
     */
    private final ExecutorService ioThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "builder-queue-io");
        t.setDaemon(true);
        return t;
    });

    /** The mutable part of a job (plus its submission order and lease). */
    private record Meta(String client, long deadline, long submitted, long order, BuilderJob.State state, int attempts,
                        long leaseUntil, String reason, long finishedSeq) {
        byte[] encode() {
            Wire.Writer w = new Wire.Writer();
            w.var16(Bytes.of(client.getBytes(StandardCharsets.UTF_8))).u63(deadline).u63(submitted).u63(order);
            w.u8(state.ordinal()).u32(attempts).u63(leaseUntil);
            w.var16(Bytes.of((reason == null ? "" : reason).getBytes(StandardCharsets.UTF_8))).u63(finishedSeq);
            return w.toByteArray();
        }

        static Meta decode(byte[] b) {
            Wire.Reader r = new Wire.Reader(b, "stored job");
            String client = new String(r.var16("client", 0xffff).toArray(), StandardCharsets.UTF_8);
            long deadline = r.u63("deadline"), submitted = r.u63("submitted"), order = r.u63("order");
            int s = r.u8("state");
            if (s >= BuilderJob.State.values().length) throw r.error("state", "unknown " + s);
            int attempts = (int) r.u32("attempts");
            long lease = r.u63("lease");
            String reason = new String(r.var16("reason", 0xffff).toArray(), StandardCharsets.UTF_8);
            long fin = r.u63("finished seq");
            r.end();
            return new Meta(client, deadline, submitted, order, BuilderJob.State.values()[s], attempts, lease, reason.isEmpty() ? null : reason, fin);
        }

        Meta to(BuilderJob.State s, int attempts, long lease, String reason, long fin) {
            return new Meta(client, deadline, submitted, order, s, attempts, lease, reason, fin);
        }
    }

    private MvStoreBuilderQueue(MVStore store) {
        this.store = store;
        this.requests = store.openMap("requests");
        this.results = store.openMap("results");
        this.jobs = store.openMap("jobs");
        this.meta = store.openMap("meta");
        this.order = meta.getOrDefault("order", 0L);
        this.seq = meta.getOrDefault("seq", 0L);
        for (Map.Entry<byte[], byte[]> e : jobs.entrySet()) {
            Bytes id = Bytes.of(e.getKey());
            Meta m = Meta.decode(e.getValue());
            index.put(id, m);
            if (m.state == BuilderJob.State.QUEUED) queued.put(m.order, id);
            if (m.state.isFinal()) finished.put(m.finishedSeq, id);
        }
    }

    private <T> T io(Callable<T> op) {
        Future<T> f = ioThread.submit(op);
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

    /** Opens (or creates) the queue stored in {@code file}. */
    public static MvStoreBuilderQueue open(Path file) {
        return new MvStoreBuilderQueue(new MVStore.Builder().fileName(file.toString()).open());
    }

    /** A queue held in memory only. */
    public static MvStoreBuilderQueue inMemory() {
        return new MvStoreBuilderQueue(new MVStore.Builder().open());
    }

    private void put(Bytes id, Meta m) {
        Meta old = index.put(id, m);
        if (old != null && old.state == BuilderJob.State.QUEUED) queued.remove(old.order);
        if (m.state == BuilderJob.State.QUEUED) queued.put(m.order, id);
        if (m.state.isFinal() && (old == null || !old.state.isFinal())) finished.put(m.finishedSeq, id);
        jobs.put(id.toArray(), m.encode());
    }

    private void durable() {
        meta.put("order", order);
        meta.put("seq", seq);
        store.commit();
        store.sync();
    }

    private BuilderJob job(Bytes id, Meta m, boolean withRequest) {
        byte[] req = withRequest ? requests.get(id.toArray()) : null;
        byte[] res = m.state == BuilderJob.State.DONE ? results.get(id.toArray()) : null;
        return new BuilderJob(id, m.client, req, m.deadline, m.submitted, m.state, m.attempts, res, m.reason, m.finishedSeq);
    }

    private static String clip(String reason) {
        if (reason == null) return null;
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "…";
    }

    private synchronized BuilderJob submit0(Bytes id, String client, byte[] request, long deadline, long now) {
        Meta m = index.get(id);
        if (m != null) return job(id, m, true);
        requests.put(id.toArray(), request.clone());
        Meta fresh = new Meta(client, deadline, now, ++order, BuilderJob.State.QUEUED, 0, 0, null, 0);
        put(id, fresh);
        durable();
        return job(id, fresh, true);
    }

    private synchronized Optional<BuilderJob> claim0(long now, long leaseMillis) {
        for (Map.Entry<Long, Bytes> e : queued.entrySet()) {
            Bytes id = e.getValue();
            Meta m = index.get(id);
            if (m.deadline <= now) continue; // sweep() expires it
            Meta running = m.to(BuilderJob.State.RUNNING, m.attempts + 1, now + leaseMillis, null, 0);
            put(id, running);
            durable();
            return Optional.of(job(id, running, true));
        }
        return Optional.empty();
    }

    private synchronized boolean heartbeat0(Bytes id, long now, long leaseMillis) {
        Meta m = index.get(id);
        if (m == null || m.state != BuilderJob.State.RUNNING) return false;
        put(id, m.to(BuilderJob.State.RUNNING, m.attempts, now + leaseMillis, null, 0));
        store.commit();
        return true;
    }

    private synchronized boolean complete0(Bytes id, byte[] result) {
        Meta m = index.get(id);
        if (m == null || m.state != BuilderJob.State.RUNNING) return false;
        results.put(id.toArray(), result.clone());
        put(id, m.to(BuilderJob.State.DONE, m.attempts, 0, null, ++seq));
        durable();
        notifyAll();
        return true;
    }

    private synchronized BuilderJob.State fail0(Bytes id, String reason, int maxAttempts) {
        Meta m = index.get(id);
        if (m == null || m.state != BuilderJob.State.RUNNING) return null;
        Meta n = m.attempts < maxAttempts ? m.to(BuilderJob.State.QUEUED, m.attempts, 0, clip(reason), 0)
                : m.to(BuilderJob.State.FAILED, m.attempts, 0, clip(reason), ++seq);
        put(id, n);
        durable();
        if (n.state.isFinal()) notifyAll();
        return n.state;
    }

    private synchronized boolean cancel0(Bytes id, String reason) {
        Meta m = index.get(id);
        if (m == null || m.state.isFinal()) return false;
        put(id, m.to(BuilderJob.State.CANCELLED, m.attempts, 0, clip(reason), ++seq));
        durable();
        notifyAll();
        return true;
    }

    private synchronized int sweep0(long now) {
        int n = 0;
        for (Map.Entry<Bytes, Meta> e : new ArrayList<>(index.entrySet())) {
            Meta m = e.getValue();
            if (m.state.isFinal()) continue;
            if (m.deadline <= now) {
                put(e.getKey(), m.to(BuilderJob.State.EXPIRED, m.attempts, 0, "deadline passed", ++seq));
                n++;
            } else if (m.state == BuilderJob.State.RUNNING && m.leaseUntil <= now) {
                put(e.getKey(), m.to(BuilderJob.State.QUEUED, m.attempts, 0, "lease expired", 0));
                n++;
            }
        }
        if (n > 0) {
            durable();
            notifyAll();
        }
        return n;
    }

    private synchronized int requeueRunning0() {
        int n = 0;
        for (Map.Entry<Bytes, Meta> e : new ArrayList<>(index.entrySet())) {
            Meta m = e.getValue();
            if (m.state == BuilderJob.State.RUNNING) {
                put(e.getKey(), m.to(BuilderJob.State.QUEUED, m.attempts, 0, "builder restarted", 0));
                n++;
            }
        }
        if (n > 0) durable();
        return n;
    }

    @Override
    public BuilderJob submit(Bytes id, String client, byte[] request, long deadline, long now) {
        return io(() -> submit0(id, client, request, deadline, now));
    }

    @Override
    public Optional<BuilderJob> claim(long now, long leaseMillis) {
        return io(() -> claim0(now, leaseMillis));
    }

    @Override
    public boolean heartbeat(Bytes id, long now, long leaseMillis) {
        return io(() -> heartbeat0(id, now, leaseMillis));
    }

    @Override
    public boolean complete(Bytes id, byte[] result) {
        return io(() -> complete0(id, result));
    }

    @Override
    public BuilderJob.State fail(Bytes id, String reason, int maxAttempts) {
        return io(() -> fail0(id, reason, maxAttempts));
    }

    @Override
    public boolean cancel(Bytes id, String reason) {
        return io(() -> cancel0(id, reason));
    }

    @Override
    public int sweep(long now) {
        return io(() -> sweep0(now));
    }

    @Override
    public int requeueRunning() {
        return io(() -> requeueRunning0());
    }

    @Override
    public Optional<BuilderJob> get(Bytes id) {
        return io(() -> get0(id));
    }

    @Override
    public List<BuilderJob> finishedAfter(String client, long after, int limit) {
        return io(() -> finishedAfter0(client, after, limit));
    }

    private synchronized Optional<BuilderJob> get0(Bytes id) {
        Meta m = index.get(id);
        return m == null ? Optional.empty() : Optional.of(job(id, m, false));
    }

    private synchronized List<BuilderJob> finishedAfter0(String client, long after, int limit) {
        List<BuilderJob> out = new ArrayList<>();
        for (Bytes id : finished.tailMap(after, false).values()) {
            Meta m = index.get(id);
            if (client != null && !client.equals(m.client)) continue;
            out.add(job(id, m, false));
            if (out.size() >= limit) break;
        }
        return out;
    }

    @Override
    public synchronized void awaitFinished(long after, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (seq <= after) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) return;
            wait(left);
        }
    }

    @Override
    public synchronized int activeCount(String client) {
        int n = 0;
        for (Meta m : index.values()) if (!m.state.isFinal() && m.client.equals(client)) n++;
        return n;
    }

    @Override
    public synchronized int queuedCount() {
        return queued.size();
    }

    @Override
    public void close() {
        io(() -> {
            synchronized (this) {
                if (!store.isClosed()) store.close();
            }
            return null;
        });
        ioThread.shutdown();
    }
}
