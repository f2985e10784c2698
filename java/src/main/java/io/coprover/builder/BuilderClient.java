package io.coprover.builder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coprover.jobs.JobState;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.requests.ProofRequest;
import io.coprover.rollup.RollupRecords;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A client of one builder ({@link BuilderService}): signs every call ({@link RequestAuth}) and
 * speaks the JSON API (docs/BUILDER.md). Thread-safe. Errors from the builder come back as
 * {@link BuilderException} with the HTTP status and the builder's message.
 */
public final class BuilderClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final String client;
    private final ClientKey key;
    private final HttpClient http;
    private final Duration callTimeout;
    private final LongSupplier clock;

    /** The builder answered with an error. */
    public static final class BuilderException extends IOException {
        private static final long serialVersionUID = 1L;

        public final int status;

        public BuilderException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** A job's state as the builder reports it. */
    public record Status(Bytes id, JobState state, int attempts, String reason, long finishedSeq) {}

    /**
     * @param base        the builder's URL, e.g. {@code http://10.0.0.5:8646}
     * @param client      this prover's client name at the builder
     * @param key         its registered signing key
     * @param callTimeout timeout of each HTTP call (a long poll adds its wait)
     */
    public BuilderClient(URI base, String client, ClientKey key, Duration callTimeout) {
        this(base, client, key, callTimeout, System::currentTimeMillis);
    }

    /** A client whose request timestamps come from {@code clock} (milliseconds; tests share one clock with the service). */
    public BuilderClient(URI base, String client, ClientKey key, Duration callTimeout, LongSupplier clock) {
        this.clock = clock;
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.client = client;
        this.key = key;
        this.callTimeout = callTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(callTimeout)
                .build();
    }

    public URI base() {
        return base;
    }

    private HttpResponse<byte[]> call(String method, String pathAndQuery, byte[] body, Duration extra)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(callTimeout.plus(extra))
                .method(
                        method,
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, String> h : RequestAuth.sign(client, key, method, pathAndQuery, body, clock.getAsLong())
                .entrySet()) {
            b.header(h.getKey(), h.getValue());
        }
        if (body.length > 0) b.header("Content-Type", "application/octet-stream");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode ok(HttpResponse<byte[]> r) throws IOException {
        JsonNode o;
        try {
            o = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new BuilderException(
                    r.statusCode(), "builder answered " + r.statusCode() + " with a body that is not JSON");
        }
        if (r.statusCode() >= 300)
            throw new BuilderException(r.statusCode(), o.path("error").asText("HTTP " + r.statusCode()));
        return o;
    }

    private static Status status(JsonNode o) {
        return new Status(
                Bytes.fromHex(o.get("id").asText()),
                JobState.valueOf(o.get("state").asText()),
                o.path("attempts").asInt(),
                o.has("reason") ? o.get("reason").asText() : null,
                o.path("finished_seq").asLong(0));
    }

    /**
     * What the builder proves with ({@code GET /v1/info}): its SRS and depth.
     *
     * @throws BuilderException when it answers with an error (404: a builder that does not advertise them)
     */
    public BuilderInfo info() throws IOException, InterruptedException {
        try {
            return BuilderInfo.fromJson(ok(call("GET", "/v1/info", new byte[0], Duration.ZERO)));
        } catch (IllegalArgumentException e) {
            throw new BuilderException(200, "builder " + base + ": " + e.getMessage());
        }
    }

    /** Submits a request; returns its status (QUEUED, or the state of the same request submitted before). */
    public Status submit(ProofRequest req) throws IOException, InterruptedException {
        return submitRaw(req.encode());
    }

    /** Submits encoded bytes as they are (tests send malformed ones). */
    public Status submitRaw(byte[] body) throws IOException, InterruptedException {
        return status(ok(call("POST", "/v1/jobs", body, Duration.ZERO)));
    }

    public Status status(Bytes id) throws IOException, InterruptedException {
        return status(ok(call("GET", "/v1/jobs/" + id.hex(), new byte[0], Duration.ZERO)));
    }

    public Status cancel(Bytes id) throws IOException, InterruptedException {
        return status(ok(call("DELETE", "/v1/jobs/" + id.hex(), new byte[0], Duration.ZERO)));
    }

    /** The proof if the job is DONE, empty while it is QUEUED or RUNNING; a failed job → BuilderException (410). */
    public Optional<ProofRecord> result(Bytes id) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = call("GET", "/v1/jobs/" + id.hex() + "/result", new byte[0], Duration.ZERO);
        if (r.statusCode() == 409) return Optional.empty();
        if (r.statusCode() != 200) ok(r);
        return Optional.of(RollupRecords.decode(r.body()));
    }

    /** One page of the result stream: this client's jobs finished after {@code after}, waiting up to {@code waitMillis} for one. */
    public record Page(java.util.List<Status> results, long next) {}

    public Page results(long after, long waitMillis) throws IOException, InterruptedException {
        JsonNode o = ok(call(
                "GET",
                "/v1/results?after=" + after + "&wait=" + waitMillis,
                new byte[0],
                Duration.ofMillis(waitMillis)));
        java.util.List<Status> l = new java.util.ArrayList<>();
        for (JsonNode s : o.get("results")) l.add(status(s));
        return new Page(l, o.get("next").asLong());
    }

    /**
     * Waits for job {@code id} to finish, polling its status with the result stream's long poll
     * between polls, at most until {@code deadlineNanos} ({@link System#nanoTime()}); returns the
     * proof, or throws if the job failed, was cancelled or expired, or time ran out.
     */
    public ProofRecord await(Bytes id, long deadlineNanos) throws IOException, InterruptedException {
        long cursor = 0;
        while (true) {
            Optional<ProofRecord> r = result(id);
            if (r.isPresent()) return r.get();
            long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (left <= 0)
                throw new java.net.http.HttpTimeoutException(
                        "builder " + base + ": job " + id.shortHex(12) + " not done in time");
            Page p = results(cursor, Math.min(left, 5_000));
            cursor = p.next();
        }
    }
}
