package io.coprover.node.net;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.coprover.metrics.Log;
import io.coprover.node.GossipTransport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A {@link GossipTransport} between machines over HTTP/1.1 (the JDK's HttpServer and HttpClient):
 * a message is {@code POST /gossip/<topic>} with the payload as body and the headers
 * {@code X-Coprover-Gossip: 1}, {@code X-Coprover-Origin: <publisher's name>},
 * {@code X-Coprover-Hops: <n>} and {@code X-Coprover-Via: <sender's listen host:port>}.
 *
 * <ul>
 *   <li><b>Peers</b>: a static list; each has its own bounded send queue and sender thread, so a
 *       slow or dead peer delays no one else. A try that fails is repeated with a short back-off,
 *       then the message is dropped for that peer ({@code send_failed}); the peer going down and
 *       coming back are logged once each.</li>
 *   <li><b>Dedup</b>: a message is identified by SHA-256(topic ‖ payload); the last
 *       {@code dedupCapacity} hashes (own messages included) are remembered and repeats dropped.</li>
 *   <li><b>Relay</b>: a new message is forwarded to every other peer (not to the one it came
 *       from), up to {@code maxHops}, so a partial mesh still reaches everyone.</li>
 *   <li><b>Limits</b>: payloads above {@code maxMessageBytes} are refused (413) before being read
 *       in full; unknown paths, methods or missing headers are refused (4xx); a full delivery
 *       queue refuses with 503. Each refusal is one warn line naming the remote address and the
 *       reason, and one {@link GossipEvents#rejected} call. Nothing a peer sends can stop the
 *       transport; a handler that throws is logged and delivery goes on.</li>
 * </ul>
 * The origin header is a claim, not an authenticated identity: payloads carry their own
 * signatures or proofs, and the node validates them (the transport never interprets them).
 */
public final class HttpGossipTransport implements GossipTransport {
    static final String PATH = "/gossip/";
    static final String H_VERSION = "X-Coprover-Gossip", H_ORIGIN = "X-Coprover-Origin", H_HOPS = "X-Coprover-Hops",
            H_VIA = "X-Coprover-Via";
    private static final Log LOG = Log.get("net");

    private record Message(Topic topic, String origin, int hops, byte[] payload, String via) {}

    private final NetSettings settings;
    private final GossipEvents events;
    private final HttpServer server;
    private final ExecutorService serverPool, clientPool;
    private final HttpClient client;
    private final List<Peer> peers = new ArrayList<>();
    private final BlockingQueue<Message> inbox;
    private final Thread delivery;
    private final Map<Topic, Handler> handlers = new EnumMap<>(Topic.class);
    private final LinkedHashMap<String, Boolean> seen;
    private volatile boolean closed;

    /** Binds the listen address and starts the threads; a port in use is an error naming it. */
    public HttpGossipTransport(NetSettings settings, GossipEvents events) {
        this.settings = settings;
        this.events = events == null ? GossipEvents.NONE : events;
        this.inbox = new ArrayBlockingQueue<>(settings.queueCapacity());
        int cap = settings.dedupCapacity();
        this.seen = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
                return size() > cap;
            }
        };
        InetSocketAddress bind = new InetSocketAddress(settings.listen().getHostString(), settings.listen().getPort());
        serverPool = Executors.newFixedThreadPool(2, r -> daemon(r, "gossip-http-" + settings.self()));
        try {
            server = HttpServer.create(bind, 64);
        } catch (IOException e) {
            serverPool.shutdownNow();
            throw new UncheckedIOException("gossip: cannot listen on " + bind + ": " + e.getMessage(), e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(serverPool);
        clientPool = Executors.newCachedThreadPool(r -> daemon(r, "gossip-client-" + settings.self()));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientPool)
                .connectTimeout(Duration.ofMillis(settings.timeoutMillis())).build();
        for (InetSocketAddress a : settings.peers()) peers.add(new Peer(a));
        server.start();
        delivery = daemon(this::deliverLoop, "gossip-deliver-" + settings.self());
        delivery.start();
        peers.forEach(p -> p.thread.start());
        LOG.info("gossip.listening", "self", settings.self(), "address", addressText(port()), "peers", settings.peers().size(),
                "max_bytes", settings.maxMessageBytes());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private String addressText(int port) {
        return settings.listen().getHostString() + ":" + port;
    }

    /** The port listened on (the one picked when the settings said 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public String self() {
        return settings.self();
    }

    /**
     * Sends to every peer; a message this node has already sent or received (same topic and
     * bytes, within the dedup memory) is not sent again.
     */
    @Override
    public void publish(Topic topic, byte[] payload) {
        if (topic == null || payload == null) throw new IllegalArgumentException("gossip: topic and payload are required");
        if (payload.length > settings.maxMessageBytes()) {
            throw new IllegalArgumentException("gossip: " + payload.length + "-byte " + name(topic) + " message exceeds the limit of "
                    + settings.maxMessageBytes() + " bytes");
        }
        if (closed) return;
        if (!firstSeen(topic, payload)) { // sent or received before: peers have it or will drop it
            events.duplicate(name(topic));
            return;
        }
        forward(new Message(topic, settings.self(), 0, payload.clone(), null));
    }

    @Override
    public void subscribe(Topic topic, Handler handler) {
        synchronized (handlers) {
            handlers.put(topic, handler);
        }
    }

    static String name(Topic t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    /** True the first time this (topic, payload) is seen; remembers it. */
    private boolean firstSeen(Topic topic, byte[] payload) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        md.update((byte) topic.ordinal());
        String h = java.util.HexFormat.of().formatHex(md.digest(payload));
        synchronized (seen) {
            return seen.put(h, Boolean.TRUE) == null;
        }
    }

    /** Queues a message for every peer except the one it came from. */
    private void forward(Message m) {
        for (Peer p : peers) {
            if (p.text.equals(m.via)) continue;
            if (!p.queue.offer(m)) {
                events.rejected(name(m.topic), "queue_full");
                LOG.warn("gossip.dropped", "peer", p.text, "topic", name(m.topic), "reason", "send queue full (" + settings.queueCapacity() + ")");
            }
        }
    }

    // ---- receiving ----

    private void handle(HttpExchange ex) {
        String remote = String.valueOf(ex.getRemoteAddress());
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!path.startsWith(PATH)) {
                reject(ex, 404, "unknown", "malformed", remote, "unknown path " + clip(path));
                return;
            }
            Topic topic = topicOf(path.substring(PATH.length()));
            if (topic == null) {
                reject(ex, 404, "unknown", "malformed", remote, "unknown topic " + clip(path.substring(PATH.length())));
                return;
            }
            String tn = name(topic);
            if (!"POST".equals(ex.getRequestMethod())) {
                reject(ex, 405, tn, "malformed", remote, "method " + clip(ex.getRequestMethod()) + " (POST expected)");
                return;
            }
            String version = ex.getRequestHeaders().getFirst(H_VERSION), origin = ex.getRequestHeaders().getFirst(H_ORIGIN);
            String hopsText = ex.getRequestHeaders().getFirst(H_HOPS);
            if (!"1".equals(version)) {
                reject(ex, 400, tn, "malformed", remote, H_VERSION + " header must be 1, got " + clip(version));
                return;
            }
            if (origin == null || !NetSettings.NAME.matcher(origin).matches()) {
                reject(ex, 400, tn, "malformed", remote, H_ORIGIN + " header is not a node name: " + clip(origin));
                return;
            }
            int hops;
            try {
                hops = Integer.parseInt(String.valueOf(hopsText));
            } catch (NumberFormatException e) {
                hops = -1;
            }
            if (hops < 1 || hops > settings.maxHops()) {
                reject(ex, 400, tn, "malformed", remote, H_HOPS + " must be 1.." + settings.maxHops() + ", got " + clip(hopsText));
                return;
            }
            String lenText = ex.getRequestHeaders().getFirst("Content-Length");
            if (lenText != null) {
                long len;
                try {
                    len = Long.parseLong(lenText.strip());
                } catch (NumberFormatException e) {
                    len = Long.MAX_VALUE;
                }
                if (len > settings.maxMessageBytes()) {
                    reject(ex, 413, tn, "oversized", remote, "declared " + clip(lenText) + " bytes, limit " + settings.maxMessageBytes());
                    return;
                }
            }
            byte[] body = readLimited(ex.getRequestBody(), settings.maxMessageBytes());
            if (body == null) {
                reject(ex, 413, tn, "oversized", remote, "body over the limit of " + settings.maxMessageBytes() + " bytes");
                return;
            }
            if (!firstSeen(topic, body)) {
                events.duplicate(tn);
                respond(ex, 200, "duplicate");
                return;
            }
            Message m = new Message(topic, origin, hops, body, viaPeer(ex));
            if (!inbox.offer(m)) {
                reject(ex, 503, tn, "queue_full", remote, "delivery queue full (" + settings.queueCapacity() + ")");
                return;
            }
            events.received(tn);
            respond(ex, 202, "accepted");
            if (settings.relay() && hops < settings.maxHops()) forward(new Message(topic, origin, hops, body, m.via));
        } catch (IOException | RuntimeException e) {
            events.rejected("unknown", "malformed");
            LOG.warn("gossip.rejected", "remote", remote, "reason", "unreadable request: " + e);
        }
    }

    /**
     * The peer of our list a request came from, by the listen address it names in {@code H_VIA}
     * (host:port as in our peer list), or null: not sending a message back where it came from
     * only saves traffic, since the sender would drop it as a repeat anyway.
     */
    private String viaPeer(HttpExchange ex) {
        String via = ex.getRequestHeaders().getFirst(H_VIA);
        if (via == null) return null;
        for (Peer p : peers) if (p.text.equals(via)) return p.text;
        return null;
    }

    private static Topic topicOf(String s) {
        for (Topic t : Topic.values()) if (name(t).equals(s)) return t;
        return null;
    }

    /** Reads at most {@code limit} bytes; null if there were more. */
    private static byte[] readLimited(InputStream in, int limit) throws IOException {
        byte[] b = in.readNBytes(limit);
        if (b.length == limit && in.read() != -1) return null;
        return b;
    }

    private void reject(HttpExchange ex, int code, String topic, String reason, String remote, String detail) throws IOException {
        events.rejected(topic, reason);
        LOG.warn("gossip.rejected", "remote", remote, "topic", topic, "reason", reason, "detail", detail, "status", code);
        respond(ex, code, reason + ": " + detail);
    }

    private static void respond(HttpExchange ex, int code, String text) throws IOException {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.getResponseHeaders().set("Connection", "close"); // the unread rest of a refused body is not drained
        ex.sendResponseHeaders(code, b.length);
        ex.getResponseBody().write(b);
    }

    /** Untrusted text for a log line: at most 64 characters. */
    static String clip(String s) {
        if (s == null) return "(none)";
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }

    private void deliverLoop() {
        while (!closed) {
            Message m;
            try {
                m = inbox.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (m == null) continue;
            Handler h;
            synchronized (handlers) {
                h = handlers.get(m.topic);
            }
            if (h == null) continue;
            try {
                h.onMessage(m.origin, m.payload);
            } catch (RuntimeException e) {
                LOG.error("gossip.handler_failed", e, "topic", name(m.topic), "origin", m.origin);
            }
        }
    }

    // ---- sending ----

    private final class Peer {
        final InetSocketAddress address;
        final String text;
        final URI base;
        final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        final Thread thread;
        boolean down;

        Peer(InetSocketAddress a) {
            this.address = a;
            this.text = a.getHostString() + ":" + a.getPort();
            String host = a.getHostString().contains(":") ? "[" + a.getHostString() + "]" : a.getHostString();
            this.base = URI.create("http://" + host + ":" + a.getPort() + PATH);
            this.thread = daemon(this::sendLoop, "gossip-send-" + text);
        }

        void sendLoop() {
            while (!closed) {
                Message m;
                try {
                    m = queue.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (m != null) send(m);
            }
        }

        void send(Message m) {
            HttpRequest req = HttpRequest.newBuilder(base.resolve(name(m.topic)))
                    .timeout(Duration.ofMillis(settings.timeoutMillis()))
                    .header(H_VERSION, "1").header(H_ORIGIN, m.origin).header(H_HOPS, Integer.toString(m.hops + 1))
                    .header(H_VIA, listenText())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(m.payload)).build();
            String last = null;
            for (int attempt = 1; attempt <= settings.sendAttempts() && !closed; attempt++) {
                try {
                    HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                    if (down) {
                        down = false;
                        LOG.info("gossip.peer_up", "peer", text);
                    }
                    if (r.statusCode() / 100 == 2) {
                        events.sent(name(m.topic));
                    } else {
                        // the peer read and refused it: sending again would not help
                        events.rejected(name(m.topic), "send_failed");
                        LOG.warn("gossip.refused", "peer", text, "topic", name(m.topic), "status", r.statusCode(), "detail", clip(r.body()));
                    }
                    return;
                } catch (IOException e) {
                    last = e.toString();
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    Thread.sleep(100L << Math.min(attempt, 6)); // 200 ms, 400 ms, … back-off
                } catch (InterruptedException e) {
                    return;
                }
            }
            events.rejected(name(m.topic), "send_failed");
            if (!down) {
                down = true;
                LOG.warn("gossip.peer_down", "peer", text, "topic", name(m.topic), "attempts", settings.sendAttempts(), "error", clip(last));
            }
        }
    }

    /** The address peers list us under: the listen host with the bound port (sent as X-Coprover-Via). */
    private String listenText() {
        return addressText(port());
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        server.stop(0);
        serverPool.shutdownNow();
        delivery.interrupt();
        for (Peer p : peers) p.thread.interrupt();
        clientPool.shutdownNow();
        LOG.info("gossip.closed", "self", settings.self());
    }
}
