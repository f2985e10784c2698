package io.coprover.node.standalone;

import io.coprover.scheduler.JobId;
import io.coprover.scheduler.JobListener;
import io.coprover.scheduler.JobSnapshot;
import io.coprover.scheduler.JobState;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * A prover node's metrics, in a Prometheus registry of their own (served by {@link MetricsServer}).
 *
 * <p>Fed by the scheduler as a {@link JobListener} (jobs by state, proof durations, device busy
 * time) and by the node through the {@code record…} methods (rewards, checked proofs, gossip).
 * Metric names and labels (all names prefixed {@code coprover_}):
 * <table>
 *   <tr><td>{@code jobs{state}}</td><td>gauge: jobs now QUEUED / RUNNING</td></tr>
 *   <tr><td>{@code jobs_ended_total{state}}</td><td>counter: jobs that ended DONE / FAILED / CANCELLED</td></tr>
 *   <tr><td>{@code jobs_reused_total}</td><td>counter: DONE jobs whose proof came from the proof store</td></tr>
 *   <tr><td>{@code job_retries_total{worker}}</td><td>counter: failed attempts sent back to the queue, by the worker they failed on</td></tr>
 *   <tr><td>{@code proof_duration_seconds{kind,backend}}</td><td>histogram: RUNNING → DONE of proved (not reused) jobs</td></tr>
 *   <tr><td>{@code worker_busy_seconds_total{worker}}</td><td>counter: time with ≥ 1 job running on the worker, up to the scrape</td></tr>
 *   <tr><td>{@code worker_utilisation{worker}}</td><td>gauge: busy fraction since the worker was first seen (rate() of the counter gives a window)</td></tr>
 *   <tr><td>{@code rewards_azt}, {@code rewards_nanoazt}, {@code rewards_units_rem}</td><td>gauges: reward earned (finalised blocks) in three exact parts, total = azt·10^18 + nanoazt·10^9 + units_rem</td></tr>
 *   <tr><td>{@code proofs_checked_total{result}}</td><td>counter: received proofs verified / rejected</td></tr>
 *   <tr><td>{@code gossip_messages_total{topic,direction}}</td><td>counter: messages in / out</td></tr>
 *   <tr><td>{@code gossip_rejected_total{topic,reason}}</td><td>counter: messages dropped as malformed, oversized, …</td></tr>
 *   <tr><td>{@code gossip_duplicates_total{topic}}</td><td>counter: messages seen before, dropped</td></tr>
 * </table>
 *
 * <p>Times come from a nanosecond clock read when an event is delivered (the scheduler delivers
 * events in order, on one thread, shortly after they happen), so durations include that small
 * delivery delay. Thread-safe.
 */
public final class NodeMetrics implements JobListener {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final LongSupplier nanos;
    private final Gauge jobs;
    private final Counter ended, reused, retries, checked, gossip, rejected, duplicates;
    /** Reward units earned, exact (a Prometheus value is a double, exact only below 2^53: the total is shown in three exact parts). */
    private BigInteger rewardUnits = BigInteger.ZERO;

    private static final BigInteger BILLION = BigInteger.TEN.pow(9);
    private final Histogram proofSeconds;

    /** What the listener knows of each unfinished job: state and when it entered RUNNING. */
    private record Live(JobState state, String worker, long since) {}

    private final Map<JobId, Live> live = new HashMap<>();
    /** Per worker: jobs running now, since when it has been busy, busy time accumulated, first seen. */
    private final Map<String, long[]> workers = new TreeMap<>();

    private static final int RUNNING = 0, BUSY_SINCE = 1, BUSY_NANOS = 2, FIRST_SEEN = 3;

    /** Metrics timed by {@link System#nanoTime()}. */
    public NodeMetrics() {
        this(System::nanoTime);
    }

    /** Metrics timed by {@code nanos} (tests use a manual clock). */
    public NodeMetrics(LongSupplier nanos) {
        this.nanos = nanos;
        jobs = Gauge.builder()
                .name("coprover_jobs")
                .help("Jobs now queued or running")
                .labelNames("state")
                .register(registry);
        jobs.labelValues("queued").set(0);
        jobs.labelValues("running").set(0);
        ended = Counter.builder()
                .name("coprover_jobs_ended")
                .help("Jobs that reached a final state")
                .labelNames("state")
                .register(registry);
        for (String s : new String[] {"done", "failed", "cancelled"})
            ended.labelValues(s).inc(0);
        reused = Counter.builder()
                .name("coprover_jobs_reused")
                .help("Jobs done at once from the proof store")
                .register(registry);
        retries = Counter.builder()
                .name("coprover_job_retries")
                .help("Failed attempts sent back to the queue")
                .labelNames("worker")
                .register(registry);
        // proofs take from ~50 ms (tiny test circuits on a GPU) to minutes (large trees on a CPU)
        proofSeconds = Histogram.builder()
                .name("coprover_proof_duration_seconds")
                .help("Proving time of a job, RUNNING to DONE")
                .labelNames("kind", "backend")
                .classicOnly()
                .classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)
                .register(registry);
        GaugeWithCallback.builder()
                .name("coprover_worker_utilisation")
                .help("Busy fraction of a worker since it was first seen")
                .labelNames("worker")
                .callback(cb -> workerValues((w, busy, age) -> cb.call(age <= 0 ? 0 : busy / age, w)))
                .register(registry);
        CounterWithCallback.builder()
                .name("coprover_worker_busy_seconds")
                .help("Time with at least one job running on the worker")
                .labelNames("worker")
                .callback(cb -> workerValues((w, busy, age) -> cb.call(busy, w)))
                .register(registry);
        // reward units exceed 2^53 (1 AZT = 10^18 units): three parts, each below 2^53 and exact, reconcile to the unit
        GaugeWithCallback.builder()
                .name("coprover_rewards_azt")
                .help("Reward earned in finalised blocks: whole AZT (exact)")
                .callback(cb -> cb.call(rewardPart(0)))
                .register(registry);
        GaugeWithCallback.builder()
                .name("coprover_rewards_nanoazt")
                .help("Reward earned: the next 9 decimals of AZT, 0..999999999 (exact)")
                .callback(cb -> cb.call(rewardPart(1)))
                .register(registry);
        GaugeWithCallback.builder()
                .name("coprover_rewards_units_rem")
                .help("Reward earned: the last 9 decimals (units), 0..999999999 (exact)")
                .callback(cb -> cb.call(rewardPart(2)))
                .register(registry);
        checked = Counter.builder()
                .name("coprover_proofs_checked")
                .help("Proofs received from peers and checked")
                .labelNames("result")
                .register(registry);
        checked.labelValues("verified").inc(0);
        checked.labelValues("rejected").inc(0);
        gossip = Counter.builder()
                .name("coprover_gossip_messages")
                .help("Gossip messages received and sent")
                .labelNames("topic", "direction")
                .register(registry);
        rejected = Counter.builder()
                .name("coprover_gossip_rejected")
                .help("Gossip messages dropped as invalid")
                .labelNames("topic", "reason")
                .register(registry);
        duplicates = Counter.builder()
                .name("coprover_gossip_duplicates")
                .help("Gossip messages seen before and dropped")
                .labelNames("topic")
                .register(registry);
    }

    /** The registry holding these metrics (served by {@link MetricsServer}). */
    public PrometheusRegistry registry() {
        return registry;
    }

    private interface WorkerValue {
        void accept(String worker, double busySeconds, double ageSeconds);
    }

    private void workerValues(WorkerValue out) {
        long now = nanos.getAsLong();
        Map<String, double[]> copy = new TreeMap<>();
        synchronized (this) {
            for (Map.Entry<String, long[]> e : workers.entrySet()) {
                long[] w = e.getValue();
                long busy = w[BUSY_NANOS] + (w[RUNNING] > 0 ? now - w[BUSY_SINCE] : 0);
                copy.put(e.getKey(), new double[] {busy / 1e9, (now - w[FIRST_SEEN]) / 1e9});
            }
        }
        copy.forEach((w, v) -> out.accept(w, v[0], v[1]));
    }

    /** Makes a worker known before its first job, so it shows (idle) from the start. */
    public synchronized void registerWorker(String worker) {
        workers.computeIfAbsent(worker, k -> new long[] {0, 0, 0, nanos.getAsLong()});
    }

    @Override
    public synchronized void onState(JobSnapshot s) {
        long now = nanos.getAsLong();
        Live before = live.get(s.id());
        if (before != null) {
            jobs.labelValues(label(before.state())).dec();
            if (before.state() == JobState.RUNNING) stopRunning(before.worker(), now);
        }
        switch (s.state()) {
            case QUEUED -> {
                live.put(s.id(), new Live(JobState.QUEUED, s.worker(), now));
                jobs.labelValues("queued").inc();
                if (before != null && before.state() == JobState.RUNNING)
                    retries.labelValues(before.worker()).inc();
            }
            case RUNNING -> {
                live.put(s.id(), new Live(JobState.RUNNING, s.worker(), now));
                jobs.labelValues("running").inc();
                startRunning(s.worker(), now);
            }
            default -> {
                live.remove(s.id());
                ended.labelValues(label(s.state())).inc();
                if (s.state() == JobState.DONE && s.reused()) reused.inc();
                if (s.state() == JobState.DONE && before != null && before.state() == JobState.RUNNING) {
                    proofSeconds
                            .labelValues(s.id().kind().name().toLowerCase(Locale.ROOT), before.worker())
                            .observe((now - before.since()) / 1e9);
                }
            }
        }
    }

    private static String label(JobState s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private void startRunning(String worker, long now) {
        long[] w = workers.computeIfAbsent(worker, k -> new long[] {0, 0, 0, now});
        if (w[RUNNING]++ == 0) w[BUSY_SINCE] = now;
    }

    private void stopRunning(String worker, long now) {
        long[] w = workers.get(worker);
        if (w == null || w[RUNNING] == 0) return;
        if (--w[RUNNING] == 0) w[BUSY_NANOS] += now - w[BUSY_SINCE];
    }

    /** Reward units earned (a finalised block paid this node). */
    public void recordReward(BigInteger units) {
        if (units == null || units.signum() < 0) throw new IllegalArgumentException("reward must be ≥ 0: " + units);
        synchronized (this) {
            rewardUnits = rewardUnits.add(units);
        }
    }

    /** The exact reward total in units. */
    public synchronized BigInteger rewardUnits() {
        return rewardUnits;
    }

    /** Part 0: whole AZT; 1: the next 9 decimals; 2: the last 9 (units). */
    private synchronized double rewardPart(int part) {
        BigInteger[] azt = rewardUnits.divideAndRemainder(BILLION.multiply(BILLION));
        BigInteger[] nano = azt[1].divideAndRemainder(BILLION);
        return (part == 0 ? azt[0] : part == 1 ? nano[0] : nano[1]).doubleValue();
    }

    /** A proof received from a peer was checked: verified, or rejected. */
    public void recordProofChecked(boolean verified) {
        checked.labelValues(verified ? "verified" : "rejected").inc();
    }

    /** A gossip message was received ({@code in}) or sent. Topics: block, proof, root. */
    public void recordGossip(String topic, boolean in) {
        gossip.labelValues(topic, in ? "in" : "out").inc();
    }

    /** A gossip message was dropped; {@code reason} is one of a few fixed words (malformed, oversized, queue_full, …). */
    public void recordGossipRejected(String topic, String reason) {
        rejected.labelValues(topic, reason).inc();
    }

    /** A gossip message was dropped as already seen. */
    public void recordGossipDuplicate(String topic) {
        duplicates.labelValues(topic).inc();
    }
}
