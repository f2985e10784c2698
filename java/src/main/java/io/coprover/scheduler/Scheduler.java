package io.coprover.scheduler;

import io.coprover.backend.JavaBackend;
import io.coprover.backend.ProvingBackend;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.Score;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs proof jobs on device workers: one worker per GPU backend (one job at a time) and one CPU
 * pool for a {@link JavaBackend} ({@link SchedulerConfig#cpuSlots()} jobs at a time).
 *
 * <ul>
 *   <li><b>Dedup</b>: jobs are keyed by their content-addressed {@link JobId}; submitting a known
 *       id returns the existing job, and an id found in the {@link ProofStore} is DONE at once.</li>
 *   <li><b>Priority</b>: closer to the root first (a root proof is worth as much as a base proof
 *       but gates the whole tree), then higher expected reward, then earlier deadline, then
 *       submission order.</li>
 *   <li><b>Cancellation</b>: a job past its deadline, or whose node already has
 *       {@code proofsPerNode} known proofs of other provers that rank above its own, cannot be
 *       included: it is CANCELLED (queued jobs are dropped; a running job sees
 *       {@link JobContext#isCancelled()} and its result is discarded).</li>
 *   <li><b>Retry</b>: a failed attempt goes back to the queue, barred from the workers it failed
 *       on while another worker exists, at most {@code maxRetries} times; then FAILED.</li>
 *   <li><b>Observability</b>: {@link JobListener}s get every state change and progress report,
 *       in order, on one event thread; {@link #snapshot()} lists every job.</li>
 * </ul>
 */
public final class Scheduler implements AutoCloseable {
    private static final io.coprover.log.Log LISTENER_LOG = io.coprover.log.Log.get("scheduler");

    private final NodeProver prover;
    private final ProofStore store;
    private final SchedulerConfig config;
    private final List<Worker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService events;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<JobId, Job> jobs = new HashMap<>();
    private final TreeSet<Job> queue = new TreeSet<>(ORDER);
    /** Proofs of other provers per (block, node): best score per prover. */
    private final Map<NodeKey, Map<Bytes, Rank>> others = new HashMap<>();

    private final AtomicLong seq = new AtomicLong();
    private boolean closed;

    private record NodeKey(long block, NodeId node) {}

    private record Rank(Score score, Bytes pkHash) {}

    /** Higher level first, then expected reward, then deadline, then submission order. */
    private static final Comparator<Job> ORDER = Comparator.comparingInt(
                    (Job j) -> -j.inputs.node().level())
            .thenComparing((Job j) -> j.terms.expectedReward(), Comparator.reverseOrder())
            .thenComparingLong(j -> j.terms.deadline())
            .thenComparingLong(j -> j.seq);

    /** A device worker: one backend and the number of jobs it runs at once. */
    record Worker(String name, ProvingBackend backend, int slots) {}

    final class Job {
        final JobId id;
        final JobInputs inputs;
        final JobTerms terms;
        final long seq;
        final Bytes pkHash;
        final CompletableFuture<ProofResult> result = new CompletableFuture<>();
        final Set<String> failedOn = new HashSet<>();
        JobState state = JobState.QUEUED;
        int attempts;
        String worker, reason, phase;
        double progress;
        boolean reused;
        volatile boolean cancelled;

        Job(JobId id, JobInputs inputs, JobTerms terms) {
            this.id = id;
            this.inputs = inputs;
            this.terms = terms;
            this.seq = Scheduler.this.seq.getAndIncrement();
            this.pkHash = inputs.prover().hash();
        }

        JobSnapshot snap() {
            return new JobSnapshot(id, state, attempts, worker, progress, phase, reason, reused, terms);
        }
    }

    /**
     * Starts the workers: one per backend; a {@link JavaBackend} is the CPU pool. Worker names are
     * the backend names, made unique with {@code #n} when repeated.
     */
    public Scheduler(
            List<? extends ProvingBackend> backends, NodeProver prover, ProofStore store, SchedulerConfig config) {
        if (backends == null || backends.isEmpty())
            throw new IllegalArgumentException("scheduler: at least one backend is required");
        if (prover == null || store == null || config == null)
            throw new IllegalArgumentException("scheduler: prover, store and config are required");
        this.prover = prover;
        this.store = store;
        this.config = config;
        Map<String, Integer> seen = new HashMap<>();
        for (ProvingBackend b : backends) {
            if (b == null) throw new IllegalArgumentException("scheduler: null backend");
            int n = seen.merge(b.name(), 1, Integer::sum);
            String name = n == 1 ? b.name() : b.name() + "#" + n;
            boolean cpu = b.runsOnHostCpu(); // host CPU backends share the cores
            workers.add(new Worker(name, b, cpu ? config.cpuSlots() : 1));
        }
        this.events = Executors.newSingleThreadExecutor(r -> daemon(r, "sched-events"));
        for (Worker w : workers) {
            for (int s = 0; s < w.slots(); s++) {
                Thread t = daemon(() -> loop(w), "sched-" + w.name() + (w.slots() > 1 ? "-" + s : ""));
                threads.add(t);
                t.start();
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public void addListener(JobListener l) {
        listeners.add(l);
    }

    /** The workers' names, in the order of the backends. */
    public List<String> workerNames() {
        return workers.stream().map(Worker::name).toList();
    }

    public SchedulerConfig config() {
        return config;
    }

    /**
     * Enqueues a job, or returns the one already known under the same id. The future completes
     * with the proof, or exceptionally when the job fails or is cancelled.
     */
    public CompletableFuture<ProofResult> submit(JobInputs inputs, JobTerms terms) {
        if (inputs == null || terms == null)
            throw new IllegalArgumentException("scheduler: inputs and terms are required");
        JobId id = inputs.id();
        Job j;
        Optional<ProofResult> stored = Optional.empty();
        lock.lock();
        try {
            if (closed) throw new IllegalStateException("scheduler is closed");
            Job old = jobs.get(id);
            if (old != null) return old.result;
            j = new Job(id, inputs, terms);
            jobs.put(id, j);
            stored = store.get(id);
            if (stored.isPresent()) {
                j.state = JobState.DONE;
                j.reused = true;
                j.progress = 1;
                emit(j);
            } else {
                emit(j);
                String why = whyHopeless(j);
                if (why != null) {
                    end(j, JobState.CANCELLED, why);
                } else {
                    queue.add(j);
                    changed.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
        stored.ifPresent(j.result::complete);
        return j.result;
    }

    /** The job with this id, as of now. */
    public Optional<JobSnapshot> job(JobId id) {
        lock.lock();
        try {
            Job j = jobs.get(id);
            return j == null ? Optional.empty() : Optional.of(j.snap());
        } finally {
            lock.unlock();
        }
    }

    /** Every job known, in submission order. */
    public List<JobSnapshot> snapshot() {
        lock.lock();
        try {
            return jobs.values().stream()
                    .sorted(Comparator.comparingLong(j -> j.seq))
                    .map(Job::snap)
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    /** Number of jobs per state. */
    public Map<JobState, Integer> counts() {
        Map<JobState, Integer> m = new EnumMap<>(JobState.class);
        for (JobState s : JobState.values()) m.put(s, 0);
        for (JobSnapshot s : snapshot()) m.merge(s.state(), 1, Integer::sum);
        return m;
    }

    /** Cancels a queued or running job; false if unknown or already final. */
    public boolean cancel(JobId id, String reason) {
        lock.lock();
        try {
            Job j = jobs.get(id);
            if (j == null || j.state.isFinal()) return false;
            cancelLocked(j, reason);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records a valid proof of another prover (from gossip). Jobs of the same node are cancelled
     * once {@code proofsPerNode} such proofs rank above their own proof. The caller checks the
     * proof first: an invalid proof must not push out a job.
     */
    public void observeProof(long block, NodeId node, Bytes prover, Score score) {
        lock.lock();
        try {
            Map<Bytes, Rank> m = others.computeIfAbsent(new NodeKey(block, node), k -> new HashMap<>());
            Rank r = new Rank(score, prover.hash());
            m.merge(prover, r, (a, b) -> a.score.compareTo(b.score) >= 0 ? a : b);
            for (Job j : jobs.values()) {
                if (j.state.isFinal()
                        || j.inputs.block() != block
                        || !j.inputs.node().equals(node)) continue;
                String why = whyHopeless(j);
                if (why != null) cancelLocked(j, why);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops what the scheduler remembers of a finished block (its final jobs and the proofs seen
     * of it), so a long-running node does not grow; unfinished jobs of the block stay. Finished
     * proofs remain in the {@link ProofStore}. Returns how many jobs were dropped.
     */
    public int forget(long block) {
        lock.lock();
        try {
            others.keySet().removeIf(k -> k.block() == block);
            int before = jobs.size();
            jobs.values().removeIf(j -> j.inputs.block() == block && j.state.isFinal());
            return before - jobs.size();
        } finally {
            lock.unlock();
        }
    }

    /** Cancels every non-final job past its deadline; returns how many. */
    public int cancelExpired() {
        lock.lock();
        try {
            int n = 0;
            long now = config.clock().getAsLong();
            for (Job j : jobs.values()) {
                if (!j.state.isFinal() && j.terms.deadline() < now) {
                    cancelLocked(j, "deadline " + j.terms.deadline() + " passed (now " + now + ")");
                    n++;
                }
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no job is QUEUED or RUNNING and every event so far has been delivered, or the
     * timeout passes; returns whether it became idle.
     */
    public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        lock.lock();
        try {
            while (jobs.values().stream().anyMatch(j -> !j.state.isFinal())) {
                long left = end - System.nanoTime();
                if (left <= 0) return false;
                changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(config.sweepMillis())));
            }
        } finally {
            lock.unlock();
        }
        CompletableFuture<Void> drained = new CompletableFuture<>();
        events.execute(() -> drained.complete(null));
        try {
            drained.get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** Why a job can no longer be included, or null. Caller holds the lock. */
    private String whyHopeless(Job j) {
        long now = config.clock().getAsLong();
        if (j.terms.deadline() < now) return "deadline " + j.terms.deadline() + " passed (now " + now + ")";
        Map<Bytes, Rank> m = others.get(new NodeKey(j.inputs.block(), j.inputs.node()));
        if (m == null) return null;
        int better = 0;
        for (Map.Entry<Bytes, Rank> e : m.entrySet()) {
            if (e.getKey().equals(j.inputs.prover())) continue;
            Rank r = e.getValue();
            int c = r.score.compareTo(j.terms.ownScore());
            if (c > 0 || (c == 0 && r.pkHash.compareTo(j.pkHash) < 0)) better++;
        }
        return better >= config.proofsPerNode()
                ? better + " better proofs of node " + j.inputs.node() + " known"
                : null;
    }

    private void cancelLocked(Job j, String reason) {
        queue.remove(j);
        j.cancelled = true;
        end(j, JobState.CANCELLED, reason);
    }

    /** Moves a job to a final state (caller holds the lock). */
    private void end(Job j, JobState s, String reason) {
        j.state = s;
        j.reason = reason;
        emit(j);
        changed.signalAll();
        Throwable t = s == JobState.CANCELLED
                ? new CancellationException("job " + j.id + " cancelled: " + reason)
                : new IllegalStateException("job " + j.id + " failed: " + reason);
        events.execute(() -> j.result.completeExceptionally(t));
    }

    /** Queues the state event (caller holds the lock, so events keep the order of changes). */
    private void emit(Job j) {
        JobSnapshot s = j.snap();
        if (!events.isShutdown())
            events.execute(() -> {
                for (JobListener l : listeners) {
                    try {
                        l.onState(s);
                    } catch (
                            RuntimeException
                                    e) { // one listener's failure neither stops the others nor loses later events
                        LISTENER_LOG.error("scheduler.listener_failed", e, "job", s.id(), "state", s.state());
                    }
                }
            });
    }

    /** The next job this worker may run: the best one it has not failed, unless every worker has. */
    private Job next(Worker w) {
        for (Job j : queue) {
            if (!j.failedOn.contains(w.name()) || j.failedOn.size() >= workers.size()) return j;
        }
        return null;
    }

    private void loop(Worker w) {
        while (true) {
            Job j;
            lock.lock();
            try {
                while (true) {
                    if (closed) return;
                    long now = config.clock().getAsLong();
                    for (Job q : new ArrayList<>(queue)) {
                        if (q.terms.deadline() < now)
                            cancelLocked(q, "deadline " + q.terms.deadline() + " passed (now " + now + ")");
                    }
                    j = next(w);
                    if (j != null) break;
                    changed.await(config.sweepMillis(), TimeUnit.MILLISECONDS);
                }
                queue.remove(j);
                j.state = JobState.RUNNING;
                j.worker = w.name();
                j.attempts++;
                j.progress = 0;
                j.phase = null;
                emit(j);
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            run(w, j);
        }
    }

    private void run(Worker w, Job j) {
        Context ctx = new Context(j, w);
        ProofResult r = null;
        Throwable err = null;
        try {
            r = prover.prove(j.inputs, ctx);
            if (r == null) throw new IllegalStateException("prover returned no result");
            if (!r.proof().node().equals(j.inputs.node()) || r.proof().block() != j.inputs.block()) {
                throw new IllegalStateException("prover returned a proof of block "
                        + r.proof().block() + " node " + r.proof().node());
            }
            if (!j.cancelled) store.put(j.id, r);
        } catch (Throwable t) {
            err = t;
        }
        boolean done = false;
        lock.lock();
        try {
            if (j.state != JobState.RUNNING) return; // cancelled meanwhile: result discarded
            if (err == null) {
                j.state = JobState.DONE;
                j.progress = 1;
                emit(j);
                changed.signalAll();
                done = true;
            } else if (err instanceof CancellationException) {
                end(j, JobState.CANCELLED, String.valueOf(err.getMessage()));
            } else {
                j.failedOn.add(w.name());
                String why = "attempt " + j.attempts + " on " + w.name() + ": " + err;
                if (j.attempts > config.maxRetries()) {
                    end(j, JobState.FAILED, why);
                } else {
                    j.state = JobState.QUEUED;
                    j.reason = why;
                    emit(j);
                    queue.add(j);
                    changed.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
        if (done) {
            ProofResult fr = r;
            events.execute(() -> j.result.complete(fr));
        }
    }

    private final class Context implements JobContext {
        private final Job job;
        private final Worker worker;

        Context(Job job, Worker worker) {
            this.job = job;
            this.worker = worker;
        }

        @Override
        public JobId id() {
            return job.id;
        }

        @Override
        public ProvingBackend backend() {
            return worker.backend();
        }

        @Override
        public void progress(double fraction, String phase) {
            double f = Math.max(0, Math.min(1, fraction));
            lock.lock();
            try {
                if (job.state != JobState.RUNNING) return;
                job.progress = f;
                job.phase = phase;
                events.execute(() -> {
                    for (JobListener l : listeners) {
                        try {
                            l.onProgress(job.id, worker.name(), f, phase);
                        } catch (RuntimeException e) {
                            LISTENER_LOG.error("scheduler.listener_failed", e, "job", job.id, "phase", phase);
                        }
                    }
                });
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean isCancelled() {
            return job.cancelled;
        }
    }

    /** Cancels every unfinished job and stops the workers (running provers see the cancellation). */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) return;
            for (Job j : jobs.values()) if (!j.state.isFinal()) cancelLocked(j, "scheduler closed");
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        events.shutdown();
        try {
            events.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
