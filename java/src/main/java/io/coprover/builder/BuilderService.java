package io.coprover.builder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coprover.backend.ProvingBackend;
import io.coprover.jobs.JobInfo;
import io.coprover.jobs.JobQueue;
import io.coprover.jobs.JobState;
import io.coprover.jobs.JobWorker;
import io.coprover.log.Log;
import io.coprover.net.http.Exchange;
import io.coprover.net.http.HttpError;
import io.coprover.net.http.HttpLimits;
import io.coprover.net.http.HttpService;
import io.coprover.net.http.Reply;
import io.coprover.protocol.Bytes;
import io.coprover.requests.ProofRequest;
import io.coprover.requests.ProofRequests;
import io.coprover.requests.RollupJobs;
import io.coprover.rollup.InvalidProofException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The proof-builder service: an HTTP/JSON API on an {@link HttpService} (docs/BUILDER.md),
 * signed requests ({@link RequestAuth}), per-client quotas, a durable {@link JobQueue} (the one
 * queue of the farm too: each accepted request is a {@link RollupJobs} job owned by its client,
 * keyed by the request id, expiring at its deadline) and a {@link JobWorker} with one slot per
 * backend (none: the service only accepts and queues, for a PostgreSQL queue that farm workers
 * elsewhere drain).
 *
 * <p>Every request is checked in full before it is accepted (decode, binding to the caller's
 * prover, deadline, witnesses or children), so what enters the queue is provable; a refused call
 * gets a JSON error naming the fault and the service keeps serving (every failure is an answer).
 * A request is routed, and its signature headers checked ({@link RequestAuth#precheck}), before
 * its body is read, and a body is read only up to {@code maxRequestBytes}. Accepted jobs are in the queue's file before the 202 goes out; on start, jobs a
 * previous process was running go back to the queue.
 */
public final class BuilderService implements AutoCloseable {
    private static final Log LOG = Log.get("builder");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Service settings.
     *
     * @param port            TCP port (0: any free one)
     * @param host            address to bind (loopback by default)
     * @param maxRequestBytes largest accepted body; larger → 413 before it is read
     * @param leaseMillis     how long a claimed job is held without a heartbeat (heartbeats every third of it)
     * @param maxAttempts     proving attempts per job before it FAILS (1..{@link JobQueue#MAX_RETRIES} + 1)
     * @param maxWaitMillis   longest long poll of the result stream
     * @param http            timeouts, connection bounds and threads serving HTTP (long polls hold one each)
     */
    public record Config(
            String host,
            int port,
            int maxRequestBytes,
            long leaseMillis,
            int maxAttempts,
            long maxWaitMillis,
            HttpLimits http) {
        public static Config defaults() {
            return new Config("127.0.0.1", 0, 8 << 20, 120_000, 2, 20_000, HttpLimits.defaults());
        }

        public Config withPort(int p) {
            return new Config(host, p, maxRequestBytes, leaseMillis, maxAttempts, maxWaitMillis, http);
        }

        public Config withMaxRequestBytes(int n) {
            return new Config(host, port, n, leaseMillis, maxAttempts, maxWaitMillis, http);
        }

        public Config withHost(String h) {
            return new Config(h, port, maxRequestBytes, leaseMillis, maxAttempts, maxWaitMillis, http);
        }

        public Config withHttp(HttpLimits l) {
            return new Config(host, port, maxRequestBytes, leaseMillis, maxAttempts, maxWaitMillis, l);
        }
    }

    private final Config config;
    private final RequestAuth auth;
    private final JobQueue queue;
    private final ProofRequests prover;
    private final List<ProvingBackend> backends;
    private final LongSupplier clock;
    private HttpService http;
    private final ScheduledExecutorService housekeeping;
    private JobWorker<ProvingBackend> worker;
    /** Long polls open per client. */
    private final Map<String, Integer> polls = new ConcurrentHashMap<>();

    private static final int MAX_POLLS = 2;
    private final AtomicLong accepted = new AtomicLong(), refused = new AtomicLong();
    private final BuilderInfo info;
    private volatile boolean closed;

    /**
     * @param queue the builder's queue; an in-process one's jobs found RUNNING at start were this
     *              builder's previous run's and go back to the queue at once (a shared queue's wait
     *              for their leases to lapse)
     * @param clock Unix ms for signatures and deadline checks
     */
    public BuilderService(
            Config config,
            Clients clients,
            JobQueue queue,
            ProofRequests prover,
            List<ProvingBackend> backends,
            LongSupplier clock)
            throws IOException {
        if (config.maxAttempts() < 1 || config.maxAttempts() > JobQueue.MAX_RETRIES + 1) {
            throw new IllegalArgumentException(
                    "maxAttempts must be 1.." + (JobQueue.MAX_RETRIES + 1) + ", got " + config.maxAttempts());
        }
        this.config = config;
        this.auth = new RequestAuth(clients);
        this.queue = queue;
        this.prover = prover;
        this.backends = List.copyOf(backends);
        this.clock = clock;
        this.info = BuilderInfo.of(prover.keys());
        if (!backends.isEmpty()
                && !queue.shared()) { // a shared queue's running jobs may be other workers': their leases tell
            int requeued = queue.requeueRunning("builder restarted");
            if (requeued > 0) LOG.info("requeued", "count", requeued, "reason", "restart");
        }
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "builder-housekeeping"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts serving and proving. */
    public BuilderService start() {
        int signed = config.maxRequestBytes();
        // long polls see `closed` within their wait, so answers in progress finish within the stop time
        http = HttpService.builder("builder")
                .limits(config.http())
                .stopMillis(2000)
                .errorBody(BuilderService::error)
                .errors(t -> t instanceof InvalidProofException ? new HttpError(400, t.getMessage()) : null)
                .onRefused((ex, status, msg) -> refused.incrementAndGet())
                .get(
                        "/v1/health",
                        ex -> json(
                                200,
                                JSON.createObjectNode()
                                        .put("status", "ok")
                                        .put("queued", queue.counts().queued())
                                        .put("running", worker == null ? 0 : worker.runningCount())))
                .get("/v1/info", ex -> json(200, info.toJson()))
                .post("/v1/jobs", signed, this::precheck, ex -> submit(ex, authenticate(ex)))
                .get("/v1/results", ex -> results(authenticate(ex), ex.query()))
                .route("GET", "/v1/jobs/*", 0, this::precheck, ex -> json(200, status(job(ex, authenticate(ex)))))
                .route("DELETE", "/v1/jobs/*", 0, this::precheck, ex -> {
                    JobInfo j = job(ex, authenticate(ex));
                    queue.cancel(j.id(), "cancelled by client");
                    return json(200, status(queue.status(j.id()).orElseThrow()));
                })
                .route("GET", "/v1/jobs/*/result", 0, this::precheck, ex -> result(job(ex, authenticate(ex))))
                .start(config.host(), config.port());
        if (!backends.isEmpty()) {
            long lease = config.leaseMillis();
            JobWorker.Config wc = new JobWorker.Config(
                    "builder",
                    Duration.ofMillis(lease),
                    Duration.ofMillis(Math.max(1, lease / 3)),
                    Duration.ofMillis(200),
                    Duration.ZERO);
            worker = new JobWorker<>(
                    queue,
                    backends,
                    ProvingBackend::name,
                    RollupJobs.runners(prover),
                    wc,
                    line -> LOG.info("worker", "msg", line));
            worker.start();
        }
        long beat = Math.max(100, config.leaseMillis() / 3);
        housekeeping.scheduleWithFixedDelay(this::housekeep, beat, beat, TimeUnit.MILLISECONDS);
        LOG.info(
                "listening",
                "port",
                port(),
                "backends",
                backends.size(),
                "srs",
                info.srsDigest(),
                "srs_points",
                info.srsPoints(),
                "depth",
                info.depth());
        return this;
    }

    public int port() {
        return http.port();
    }

    /** The SRS and depth this builder proves with ({@code GET /v1/info}). */
    public BuilderInfo info() {
        return info;
    }

    /** Calls accepted, refused, proofs made (for logs and the load test). */
    public long[] counters() {
        return new long[] {
            accepted.get(), refused.get(), worker == null ? 0 : worker.stats().completed()
        };
    }

    /** Expires passed deadlines and re-queues lapsed leases even while no worker claims. */
    private void housekeep() {
        try {
            queue.requeueExpired();
        } catch (RuntimeException e) {
            LOG.error("housekeeping_failed", e);
        }
    }

    // ---- HTTP ----

    /** The signature headers, before the body is read: an unknown or unsigned caller sends no body we read. */
    private void precheck(Exchange ex) {
        auth.precheck(ex::header, clock.getAsLong());
    }

    /** The whole check, body included; charges the client's rate limit. */
    private Clients.Client authenticate(Exchange ex) {
        String q = ex.query();
        return auth.authenticate(
                ex.method(), ex.path() + (q == null ? "" : "?" + q), ex::header, ex.body(), clock.getAsLong());
    }

    /** The caller's job named in the path (404 for another client's). */
    private JobInfo job(Exchange ex, Clients.Client c) {
        Bytes id = parseId(ex.param(0));
        return find(id).filter(x -> c.name().equals(x.owner()))
                .orElseThrow(() -> new HttpError(404, "no job " + id.hex() + " of client '" + c.name() + "'"));
    }

    private Optional<JobInfo> find(Bytes requestId) {
        return queue.findByKey(RollupJobs.key(requestId)).flatMap(queue::status);
    }

    private static Bytes parseId(String hex) {
        if (!hex.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("job id must be 64 lowercase hex digits");
        return Bytes.fromHex(hex);
    }

    private Reply submit(Exchange ex, Clients.Client c) throws IOException {
        byte[] body = ex.body();
        long now = clock.getAsLong();
        ProofRequest req = ProofRequest.decode(body, config.maxRequestBytes());
        if (!req.prover().equals(c.prover())) {
            throw new RequestAuth.Refused(
                    403,
                    "request is bound to prover " + req.prover().shortHex(16) + ", client '" + c.name()
                            + "' is registered for " + c.prover().shortHex(16));
        }
        if (req.deadlineMillis() <= now)
            throw new IllegalArgumentException(
                    "request deadline " + req.deadlineMillis() + " has passed (now " + now + ")");
        Bytes id = req.id();
        Optional<JobInfo> known = find(id);
        if (known.isEmpty()) {
            if (queue.counts(c.name()).open() >= c.maxActive()) {
                throw new RequestAuth.Refused(
                        429, "quota: client '" + c.name() + "' has " + c.maxActive() + " unfinished jobs");
            }
            ProofRequests.check(req, prover.keys());
        }
        long jobId = queue.submit(
                RollupJobs.key(id),
                RollupJobs.kind(req.kind()),
                body,
                config.maxAttempts() - 1,
                c.name(),
                Instant.ofEpochMilli(req.deadlineMillis()));
        if (known.isEmpty()) {
            accepted.incrementAndGet();
            if (worker != null) worker.wake();
        }
        return json(known.isEmpty() ? 202 : 200, status(queue.status(jobId).orElseThrow()));
    }

    private static ObjectNode status(JobInfo j) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", hexId(j)).put("state", j.state().name()).put("attempts", j.attempts());
        o.put("submitted", j.created().toEpochMilli())
                .put("deadline", j.deadline() == null ? 0 : j.deadline().toEpochMilli());
        if (j.finishedSeq() > 0) o.put("finished_seq", j.finishedSeq());
        if (j.lastError() != null && j.state() != JobState.DONE) o.put("reason", j.lastError());
        return o;
    }

    /** The request id of a builder job (its key names it). */
    private static String hexId(JobInfo j) {
        Bytes id = RollupJobs.requestId(j.key());
        if (id == null)
            throw new IllegalStateException(
                    "job " + j.id() + " in the builder's queue has no request key (" + j.key() + ")");
        return id.hex();
    }

    private Reply result(JobInfo j) {
        if (j.state() == JobState.DONE) {
            byte[] r = queue.result(j.id())
                    .orElseThrow(() -> new IllegalStateException("job " + hexId(j) + " is DONE without a result"));
            return Reply.bytes(200, "application/octet-stream", r);
        }
        if (j.state().isFinal())
            throw new HttpError(
                    410, "job " + hexId(j) + " is " + j.state() + (j.lastError() == null ? "" : ": " + j.lastError()));
        throw new HttpError(409, "job " + hexId(j) + " is " + j.state() + ", no result yet");
    }

    private Reply results(Clients.Client c, String query) throws IOException {
        long after = 0, wait = 0;
        if (query != null) {
            for (String kv : query.split("&")) {
                String[] p = kv.split("=", 2);
                if (p.length != 2) throw new IllegalArgumentException("bad query parameter: " + kv);
                try {
                    if (p[0].equals("after")) after = Long.parseLong(p[1]);
                    else if (p[0].equals("wait")) wait = Long.parseLong(p[1]);
                    else throw new IllegalArgumentException("unknown query parameter: " + p[0]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("query parameter " + p[0] + " must be a number");
                }
            }
        }
        if (after < 0 || wait < 0) throw new IllegalArgumentException("after and wait must be non-negative");
        wait = Math.min(wait, config.maxWaitMillis());
        if (wait > 0) {
            // a long poll holds an HTTP thread: at most MAX_POLLS per client, so one client cannot starve the rest
            int n = polls.merge(c.name(), 1, Integer::sum);
            if (n > MAX_POLLS) {
                polls.merge(c.name(), -1, Integer::sum);
                throw new RequestAuth.Refused(
                        429, "client '" + c.name() + "' already has " + MAX_POLLS + " long polls open");
            }
            try {
                return resultsPage(c, after, wait);
            } finally {
                polls.merge(c.name(), -1, Integer::sum);
            }
        }
        return resultsPage(c, after, 0);
    }

    /** Long polls of the result stream open now for {@code client} (tests wait for this, not for time). */
    int openPolls(String client) {
        return polls.getOrDefault(client, 0);
    }

    private Reply resultsPage(Clients.Client c, long after, long wait) throws IOException {
        long end = System.currentTimeMillis() + wait;
        List<JobInfo> got = queue.finishedAfter(c.name(), after, 100);
        long cursor = after;
        while (got.isEmpty() && !closed) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) break;
            try {
                queue.awaitFinished(cursor, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            got = queue.finishedAfter(c.name(), after, 100);
            // other clients' jobs may have woken us: wait past them next time
            List<JobInfo> all = queue.finishedAfter(null, cursor, 1000);
            if (!all.isEmpty()) cursor = all.get(all.size() - 1).finishedSeq();
        }
        ObjectNode o = JSON.createObjectNode();
        ArrayNode a = o.putArray("results");
        long next = after;
        for (JobInfo j : got) {
            a.add(status(j));
            next = Math.max(next, j.finishedSeq());
        }
        o.put("next", next);
        return json(200, o);
    }

    private static Reply json(int status, ObjectNode o) throws IOException {
        return Reply.json(status, JSON.writeValueAsBytes(o));
    }

    private static Reply error(int status, String message) {
        try {
            return json(
                    status,
                    JSON.createObjectNode()
                            .put("error", message == null ? "error" : message)
                            .put("status", status));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops serving and proving: jobs in progress are cancelled and given back to the queue unspent
     * (or, if the process dies first, re-queued on the next start).
     */
    @Override
    public void close() {
        closed = true;
        housekeeping.shutdownNow();
        if (worker != null) worker.shutdown();
        if (http != null) http.close(); // answers in progress finish (long polls see `closed` within their wait)
    }
}
