package io.coprover.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one worker loop of a {@link JobQueue} (the farm's {@code coprover worker} and the builder's
 * provers): one slot (thread) per resource {@code S} (a proving backend); each slot claims a job of
 * a kind it has a {@link JobRunner} for, keeps the lease alive with heartbeats while the runner
 * works, then completes or fails the job (at once, for a {@link JobRunner.PermanentFailure}). A
 * lost lease (the queue gave the job to someone else, or it was cancelled) cancels the runner and
 * discards its result; the queue's fencing would refuse it anyway.
 *
 * <p>{@link #shutdown()} (what SIGTERM triggers in {@code coprover worker}) stops claiming, lets
 * running jobs finish for {@link Config#shutdownGrace}, then cancels them and gives them back to the
 * queue unspent ({@link JobQueue#release}), so another worker takes them at once instead of after a
 * lease timeout.
 */
public final class JobWorker<S> implements AutoCloseable {

    /**
     * Worker settings.
     *
     * @param workerId      prefix of the slots' lease holder names (host name and pid by default)
     * @param lease         lease length; a dead worker's job is re-run after at most this long
     * @param heartbeat     how often a running job's lease is extended (well below {@code lease})
     * @param idlePoll      pause between claims when the queue is empty
     * @param shutdownGrace how long running jobs may finish after {@link #shutdown()}
     */
    public record Config(
            String workerId, Duration lease, Duration heartbeat, Duration idlePoll, Duration shutdownGrace) {
        public Config {
            if (workerId == null || workerId.isBlank()) throw new IllegalArgumentException("worker id is required");
            JobQueue.checkLease(lease);
            if (heartbeat == null || heartbeat.isNegative() || heartbeat.isZero() || heartbeat.compareTo(lease) >= 0) {
                throw new IllegalArgumentException(
                        "heartbeat must be positive and shorter than the lease (" + lease + "), got " + heartbeat);
            }
            if (idlePoll == null || idlePoll.isNegative() || idlePoll.isZero())
                throw new IllegalArgumentException("idle poll must be positive");
            if (shutdownGrace == null || shutdownGrace.isNegative())
                throw new IllegalArgumentException("shutdown grace must not be negative");
        }

        /** Lease 30 s, heartbeat every 10 s, poll every 500 ms when idle, 30 s to finish on shutdown. */
        public static Config defaults(String workerId) {
            return new Config(
                    workerId,
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(10),
                    Duration.ofMillis(500),
                    Duration.ofSeconds(30));
        }
    }

    /** Counters since start. */
    public record Stats(long claimed, long completed, long failed, long lost, long released) {}

    private final JobQueue queue;
    private final List<? extends S> slotResources;
    private final Function<? super S, String> slotName;
    private final Map<String, JobRunner<S>> runners;
    private final Config config;
    private final Consumer<String> log;
    private final ScheduledExecutorService beats;
    private final List<Thread> slots = new ArrayList<>();
    private final List<Run> running = new ArrayList<>();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final CountDownLatch stopped;
    private final AtomicInteger wakeups = new AtomicInteger();
    private final AtomicLong claimed = new AtomicLong(),
            completed = new AtomicLong(),
            failed = new AtomicLong(),
            lost = new AtomicLong(),
            released = new AtomicLong();
    private volatile boolean stopping;

    /**
     * @param slots    one slot per resource; each slot runs one job at a time on its resource
     * @param slotName names a slot's resource in the log (a backend's name)
     * @param runners  job kind → runner; only these kinds are claimed
     * @param log      receives one line per event (claims, completions, failures, lost leases)
     */
    public JobWorker(
            JobQueue queue,
            List<? extends S> slots,
            Function<? super S, String> slotName,
            Map<String, ? extends JobRunner<S>> runners,
            Config config,
            Consumer<String> log) {
        if (slots.isEmpty()) throw new IllegalArgumentException("a worker needs at least one slot");
        if (runners.isEmpty()) throw new IllegalArgumentException("a worker needs at least one job kind to run");
        for (String k : runners.keySet()) JobQueue.checkKind(k);
        this.queue = queue;
        this.slotResources = List.copyOf(slots);
        this.slotName = slotName;
        this.runners = Map.copyOf(runners);
        this.config = config;
        this.log = log;
        this.stopped = new CountDownLatch(slots.size());
        this.beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, config.workerId() + "-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the slots. */
    public synchronized void start() {
        if (!slots.isEmpty()) throw new IllegalStateException("worker already started");
        for (int i = 0; i < slotResources.size(); i++) {
            S be = slotResources.get(i);
            String name = config.workerId() + "/" + i;
            Thread t = new Thread(() -> slotLoop(name, be), "worker-" + name);
            slots.add(t);
            t.start();
        }
        log.accept("worker " + config.workerId() + ": " + slotResources.size() + " slot(s) on " + describeBackends()
                + ", kinds " + runners.keySet() + ", lease " + config.lease().toMillis() + " ms, queue "
                + queue.describe());
    }

    private String describeBackends() {
        List<String> names = new ArrayList<>();
        for (S b : slotResources) names.add(slotName.apply(b));
        return String.join(", ", names);
    }

    private void slotLoop(String name, S backend) {
        Set<String> kinds = runners.keySet();
        long backoff = config.idlePoll().toMillis();
        try {
            while (!stopping) {
                Optional<Lease> got;
                try {
                    got = queue.claim(name, kinds, config.lease());
                    backoff = config.idlePoll().toMillis();
                } catch (RuntimeException e) {
                    log.accept(
                            "slot " + name + ": claim failed: " + e.getMessage() + " (retrying in " + backoff + " ms)");
                    pause(backoff);
                    backoff = Math.min(backoff * 2, 30_000);
                    continue;
                }
                if (got.isEmpty()) {
                    idle(config.idlePoll().toMillis());
                    continue;
                }
                claimed.incrementAndGet();
                runOne(got.get(), backend);
            }
        } finally {
            stopped.countDown();
        }
    }

    /** Waits for the next poll, or until {@link #wake()} says a job was just submitted. */
    private void idle(long millis) {
        synchronized (wakeups) {
            if (stopping || wakeups.get() > 0) {
                wakeups.set(0);
                return;
            }
            try {
                wakeups.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            wakeups.set(0);
        }
    }

    /**
     * Tells idle slots that a job was just submitted, so they claim now instead of at their next
     * poll (a submitter in the same process calls this; other processes wait for the poll).
     */
    public void wake() {
        synchronized (wakeups) {
            wakeups.incrementAndGet();
            wakeups.notifyAll();
        }
    }

    /** Jobs running on this worker's slots now. */
    public int runningCount() {
        synchronized (running) {
            return running.size();
        }
    }

    private void pause(long millis) {
        try {
            stopSignal.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One attempt of one job: run it under heartbeats, then record the outcome in the queue. */
    private void runOne(Lease lease, S backend) {
        Run run = new Run(lease, backend, Thread.currentThread());
        synchronized (running) {
            running.add(run);
        }
        long t0 = System.nanoTime();
        long beat = config.heartbeat().toMillis();
        ScheduledFuture<?> hb = beats.scheduleAtFixedRate(() -> heartbeat(run), beat, beat, TimeUnit.MILLISECONDS);
        byte[] result = null;
        Exception error = null;
        try {
            log.accept("claimed " + lease);
            result = runners.get(lease.kind()).run(lease.payload(), run);
        } catch (Exception e) {
            error = e;
        } finally {
            hb.cancel(false);
            synchronized (running) {
                running.remove(run);
            }
            Thread.interrupted(); // a shutdown interrupt must not break the queue calls below
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        try {
            if (run.lost.get()) {
                lost.incrementAndGet();
                log.accept("lost lease of " + lease + " after " + ms + " ms: result discarded");
            } else if (error == null) {
                if (queue.complete(lease, result)) {
                    completed.incrementAndGet();
                    log.accept("completed " + lease + " in " + ms + " ms (" + result.length + " bytes)");
                } else {
                    lost.incrementAndGet();
                    log.accept("lost lease of " + lease + " before completing: result discarded");
                }
            } else if (run.shutdown.get()) {
                if (queue.release(lease, "worker " + lease.workerId() + " shut down")) released.incrementAndGet();
                log.accept("released " + lease + " (shutdown)");
            } else {
                boolean permanent = error instanceof JobRunner.PermanentFailure;
                Throwable cause = permanent && error.getCause() != null ? error.getCause() : error;
                String why =
                        permanent ? error.getMessage() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
                if (queue.fail(lease, why, !permanent)) failed.incrementAndGet();
                else lost.incrementAndGet();
                log.accept("failed " + lease + " after " + ms + " ms" + (permanent ? " (no retry)" : "") + ": " + why);
            }
        } catch (RuntimeException e) {
            // the queue is unreachable: the lease will lapse and the job be re-run elsewhere
            log.accept("could not record the outcome of " + lease + ": " + e.getMessage());
        }
    }

    private void heartbeat(Run run) {
        if (run.lost.get()) return;
        try {
            if (!queue.heartbeat(run.lease, config.lease())) {
                run.lost.set(true);
                log.accept("lease of " + run.lease + " lost: cancelling");
            }
        } catch (RuntimeException e) {
            log.accept("heartbeat for " + run.lease + " failed: " + e.getMessage());
        }
    }

    /** Stops claiming; running jobs get {@link Config#shutdownGrace} to finish, then are cancelled and released. */
    public void shutdown() {
        if (stopping) return;
        stopping = true;
        stopSignal.countDown();
        wake();
        log.accept(
                "worker " + config.workerId() + ": shutting down (" + running().size() + " job(s) running, grace "
                        + config.shutdownGrace().toMillis() + " ms)");
        Thread reaper = new Thread(
                () -> {
                    try {
                        if (!stopped.await(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                            for (Run r : running()) {
                                r.shutdown.set(true);
                                r.thread.interrupt();
                            }
                        }
                        stopped.await(); // then the heartbeats end with the last slot, awaited or not
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        beats.shutdownNow();
                    }
                },
                config.workerId() + "-shutdown");
        reaper.setDaemon(true);
        reaper.start();
    }

    private List<Run> running() {
        synchronized (running) {
            return new ArrayList<>(running);
        }
    }

    /** Waits for every slot to stop after {@link #shutdown()}. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        boolean done = stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (done) beats.shutdownNow();
        return done;
    }

    /**
     * Starts the worker and blocks until it has stopped; SIGTERM or SIGINT (a JVM shutdown) triggers
     * {@link #shutdown()} and holds the exit until the slots have finished or released their jobs.
     */
    public void runUntilShutdown() throws InterruptedException {
        Thread hook = new Thread(
                () -> {
                    shutdown();
                    try {
                        awaitTermination(config.shutdownGrace().plusSeconds(10));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    log.accept("worker " + config.workerId() + ": stopped; " + stats());
                },
                config.workerId() + "-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        start();
        stopped.await();
    }

    public Stats stats() {
        return new Stats(claimed.get(), completed.get(), failed.get(), lost.get(), released.get());
    }

    /** {@link #shutdown()} and wait up to the grace period plus 10 s. */
    @Override
    public void close() {
        shutdown();
        try {
            awaitTermination(config.shutdownGrace().plusSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        beats.shutdownNow();
    }

    /** One running attempt; its context for the runner. */
    private final class Run implements JobRunner.Context<S> {
        final Lease lease;
        final S backend;
        final Thread thread;
        final AtomicBoolean lost = new AtomicBoolean(), shutdown = new AtomicBoolean();

        Run(Lease lease, S backend, Thread thread) {
            this.lease = lease;
            this.backend = backend;
            this.thread = thread;
        }

        @Override
        public Lease lease() {
            return lease;
        }

        @Override
        public S slot() {
            return backend;
        }

        @Override
        public boolean isCancelled() {
            return lost.get() || shutdown.get();
        }

        @Override
        public void log(String message) {
            log.accept(lease.workerId() + " job " + lease.jobId() + ": " + message);
        }
    }
}
