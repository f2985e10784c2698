package io.coprover.bench;

import io.coprover.builder.BuilderService;
import io.coprover.builder.ClientKey;
import io.coprover.builder.Clients;
import io.coprover.builder.RequestAuth;
import io.coprover.jobs.JobQueue;
import io.coprover.jobs.MemoryJobQueue;
import io.coprover.node.GossipTransport;
import io.coprover.node.net.GossipEvents;
import io.coprover.node.net.HttpGossipTransport;
import io.coprover.node.net.NetSettings;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.SigningKey;
import io.coprover.requests.ProofRequests;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests per second and latency percentiles of one server on loopback, driven by {@code threads}
 * closed-loop clients (each its own {@code java.net.http} client, HTTP/1.1 keep-alive, the next
 * request as soon as the answer is in): {@code warmup} seconds untimed, then {@code seconds} timed.
 * Uses only constructors that both HTTP stacks (the JDK's HttpServer before, Jetty after) share,
 * so the same class runs against either build's jar:
 * <pre>
 * java -cp bench/target/classes:java/target/coprover.jar io.coprover.bench.HttpLoad gossip [--threads 8] [--seconds 10] [--warmup 5]
 * java -cp ... io.coprover.bench.HttpLoad builder      # signed GET /v1/results?after=0 (auth + queue read)
 * java -cp ... io.coprover.bench.HttpLoad health       # the builder's unsigned GET /v1/health
 * </pre>
 * {@code gossip}: POST /gossip/proof of distinct 1 KiB payloads (no repeats, so each is delivered)
 * to one transport whose handler does nothing. Prints one line: mode, requests, non-2xx answers,
 * requests/s, p50, p99, max, and the load average before and after.
 */
public final class HttpLoad {
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "gossip";
        int threads = 8, seconds = 10, warmup = 5;
        for (int i = 1; i < args.length; i += 2) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String loadBefore = loadAverage();
        Result r = switch (mode) {
            case "gossip" -> gossip(threads, warmup, seconds);
            case "builder", "health" -> builder(mode.equals("builder"), threads, warmup, seconds);
            default -> throw new IllegalArgumentException("mode is gossip, builder or health: " + mode);
        };
        System.out.printf(
                "%s threads=%d requests=%d errors=%d rps=%.0f p50_us=%d p99_us=%d max_us=%d load_before=%s load_after=%s%n",
                mode,
                threads,
                r.count,
                r.errors,
                r.count / (double) seconds,
                r.pct(0.50),
                r.pct(0.99),
                r.pct(1.0),
                loadBefore,
                loadAverage());
        System.exit(0); // client and server threads must not keep a finished run alive
    }

    /** A request a client thread sends: returns the status. */
    interface Call {
        int send(HttpClient http, long seq) throws Exception;
    }

    record Result(long count, long errors, long[] micros) {
        long pct(double p) {
            if (micros.length == 0) return 0;
            int i = (int) Math.ceil(p * micros.length) - 1; // nearest rank
            return micros[Math.max(0, Math.min(micros.length - 1, i))];
        }
    }

    static Result gossip(int threads, int warmup, int seconds) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        InetSocketAddress listen = NetSettings.parseAddress("127.0.0.1:" + port);
        HttpGossipTransport server =
                new HttpGossipTransport(NetSettings.of("bench", listen, List.of()), GossipEvents.NONE);
        server.subscribe(GossipTransport.Topic.PROOF, (from, payload) -> GossipTransport.Verdict.ACCEPT);
        SigningKey key = SigningKey.generate(new SecureRandom());
        URI uri = URI.create("http://127.0.0.1:" + port + "/gossip/proof");
        try {
            return drive(threads, warmup, seconds, (http, seq) -> {
                byte[] body = new byte[1024];
                ByteBuffer.wrap(body).putLong(seq); // distinct: never a repeat
                // a signed first-hop envelope, as a peer's transport sends it (signing is part of the cost)
                HttpRequest.Builder rb = HttpRequest.newBuilder(uri);
                HttpGossipTransport.envelope(GossipTransport.Topic.PROOF, body, "load", key)
                        .forEach(rb::header);
                HttpRequest req =
                        rb.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            });
        } finally {
            server.close();
        }
    }

    static Result builder(boolean signed, int threads, int warmup, int seconds) throws Exception {
        SecureRandom rnd = new SecureRandom();
        List<Clients.Client> cs = new ArrayList<>();
        List<ClientKey> keys = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            ClientKey k = ClientKey.generate(rnd);
            keys.add(k);
            cs.add(new Clients.Client(
                    "c" + i, Bytes.of(new byte[] {1, (byte) i}), k.publicKey(), 8, Integer.MAX_VALUE));
        }
        try (JobQueue q = new MemoryJobQueue();
                BuilderService svc = new BuilderService(
                                BuilderService.Config.defaults(),
                                new Clients(cs),
                                q,
                                new ProofRequests(null),
                                List.of(),
                                System::currentTimeMillis)
                        .start()) {
            String base = "http://127.0.0.1:" + svc.port();
            AtomicLong next = new AtomicLong();
            ThreadLocal<Integer> who = ThreadLocal.withInitial(() -> (int) (next.getAndIncrement() % threads));
            return drive(threads, warmup, seconds, (http, seq) -> {
                if (!signed)
                    return http.send(
                                    HttpRequest.newBuilder(URI.create(base + "/v1/health"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                int i = who.get();
                String path = "/v1/results?after=0";
                Map<String, String> h =
                        RequestAuth.sign("c" + i, keys.get(i), "GET", path, new byte[0], System.currentTimeMillis());
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
                h.forEach(b::header);
                return http.send(b.build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            });
        }
    }

    /** Runs {@code threads} closed-loop clients: warm-up, then the timed window whose latencies are kept. */
    static Result drive(int threads, int warmup, int seconds, Call call) throws Exception {
        long start = System.nanoTime(),
                measureFrom = start + warmup * 1_000_000_000L,
                end = measureFrom + seconds * 1_000_000_000L;
        AtomicLong seq = new AtomicLong(), errors = new AtomicLong();
        List<long[]> lat = new ArrayList<>();
        int[] counts = new int[threads];
        CountDownLatch done = new CountDownLatch(threads);
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] mine = new long[1 << 20];
            lat.add(mine);
            int id = t;
            Thread th = new Thread(
                    () -> {
                        HttpClient http = HttpClient.newBuilder()
                                .version(HttpClient.Version.HTTP_1_1)
                                .build();
                        try {
                            while (true) {
                                long t0 = System.nanoTime();
                                if (t0 >= end) break;
                                int status = call.send(http, seq.getAndIncrement());
                                long t1 = System.nanoTime();
                                if (t0 >= measureFrom && t1 <= end) {
                                    if (status / 100 != 2) errors.incrementAndGet();
                                    if (counts[id] < mine.length) mine[counts[id]++] = (t1 - t0) / 1000;
                                }
                            }
                        } catch (Throwable e) {
                            synchronized (failures) {
                                failures.add(e);
                            }
                        } finally {
                            done.countDown();
                        }
                    },
                    "load-" + t);
            th.setDaemon(true);
            th.start();
        }
        done.await();
        if (!failures.isEmpty()) throw new IllegalStateException("a client failed", failures.get(0));
        int n = 0;
        for (int c : counts) n += c;
        long[] all = new long[n];
        int k = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(lat.get(t), 0, all, k, counts[t]);
            k += counts[t];
        }
        Arrays.sort(all);
        return new Result(n, errors.get(), all);
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + "/" + f[1] + "/" + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
