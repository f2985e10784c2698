package io.coprover.node.net;

import io.coprover.log.Log;
import io.coprover.net.http.Exchange;
import io.coprover.net.http.HttpError;
import io.coprover.net.http.HttpService;
import io.coprover.net.http.Reply;
import io.coprover.node.GossipTransport;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.SigningKey;
import java.io.IOException;
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
 * A {@link GossipTransport} between machines over HTTP/1.1 (an {@link HttpService} and the JDK's HttpClient):
 * a message is {@code POST /gossip/<topic>} with the payload as body and the headers
 * {@code X-Coprover-Gossip: 1}, {@code X-Coprover-Hops: <n>}, {@code X-Coprover-Via: <sender's
 * listen host:port>} and two signed envelopes (Ed25519, {@link SigningKey}):
 * <ul>
 *   <li><b>origin</b>: {@code X-Coprover-Origin: <publisher's name>}, {@code X-Coprover-Origin-Key},
 *       {@code X-Coprover-Origin-Sig} over SHA-256("coprover/gossip/v1" ‖ u8(topic) ‖ SHA-256(payload)
 *       ‖ name): who published it, unchanged through every relay;</li>
 *   <li><b>hop</b>: {@code X-Coprover-Sender} (the direct sender's key) and
 *       {@code X-Coprover-Sender-Sig} over SHA-256("coprover/gossip-hop/v1" ‖ u8(topic) ‖
 *       SHA-256(payload) ‖ u32(hops) ‖ origin signature): who handed it to us.</li>
 * </ul>
 * A message whose envelopes do not verify is refused; a node knows who sent what, and a peer
 * cannot get another blamed. A node signs with the Ed25519 key derived from its VRF key, so its
 * messages are tied to its registered prover key.
 *
 * <ul>
 *   <li><b>Peers</b>: a static list; each has its own bounded send queue and sender thread, so a
 *       slow or dead peer delays no one else. A try that fails is repeated with a short back-off,
 *       then the message is dropped for that peer ({@code send_failed}); the peer going down and
 *       coming back are logged once each.</li>
 *   <li><b>Dedup</b>: a message is identified by SHA-256(topic ‖ payload); the last
 *       {@code dedupCapacity} hashes (own messages included) are remembered and repeats dropped.</li>
 *   <li><b>Relay</b>: a new message the node accepted is forwarded to every other peer (not to the one it came
 *       from), up to {@code maxHops}, so a partial mesh still reaches everyone.</li>
 *   <li><b>Limits</b>: the path and headers are checked before the body is read; payloads above
 *       {@code maxMessageBytes} are refused (413: by Content-Length before a byte is read, or while
 *       a chunked body streams), unknown paths, methods or bad headers with 4xx, a full delivery
 *       queue with 503, a sender that stalls with 408 after the idle timeout; connections are
 *       bounded per peer and in total ({@link NetSettings#http}). Each refusal is one warn line naming the remote address and the
 *       reason, and one {@link GossipEvents#rejected} call. Nothing a peer sends can stop the
 *       transport; a handler that throws is logged and delivery goes on.</li>
 * </ul>
 * The node judges each payload (the handler's {@link Verdict}); only accepted messages are
 * relayed, and each verdict moves the sender's score ({@link PeerScores}): a sender that keeps
 * sending invalid messages is refused (403) for a while. Keys cost nothing, so each verdict also
 * moves the score of the address the message came from, unless it is a configured peer's: an
 * address whose messages keep being invalid is refused whatever key it signs with next. The handler is told the origin as
 * {@code name#key}, so a log line names the key that signed, not a claimed name.
 */
public final class HttpGossipTransport implements GossipTransport {
    static final String PATH = "/gossip/";
    static final String H_VERSION = "X-Coprover-Gossip",
            H_ORIGIN = "X-Coprover-Origin",
            H_HOPS = "X-Coprover-Hops",
            H_VIA = "X-Coprover-Via",
            H_ORIGIN_KEY = "X-Coprover-Origin-Key",
            H_ORIGIN_SIG = "X-Coprover-Origin-Sig",
            H_SENDER = "X-Coprover-Sender",
            H_SENDER_SIG = "X-Coprover-Sender-Sig";
    private static final Log LOG = Log.get("net");
    private static final byte[] ORIGIN_TAG = "coprover/gossip/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] HOP_TAG = "coprover/gossip-hop/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** A message: its origin's signed envelope, and for a received one the key of the peer that handed it over. */
    private record Message(
            Topic topic,
            String origin,
            Bytes originKey,
            Bytes originSig,
            int hops,
            byte[] payload,
            String via,
            String sender,
            String host) {}

    private final NetSettings settings;
    private final GossipEvents events;
    private final HttpService server;
    private final ExecutorService clientPool;
    private final HttpClient client;
    private final List<Peer> peers = new ArrayList<>();
    private final BlockingQueue<Message> inbox;
    private final Thread delivery;
    private final Map<Topic, Handler> handlers = new EnumMap<>(Topic.class);
    private final LinkedHashMap<String, Boolean> seen;
    private final SigningKey key;
    private final PeerScores scores;
    /** Scores by remote address (not for configured peers' addresses: {@link #peerHosts}). */
    private final PeerScores hosts;

    private final java.util.Set<String> peerHosts;
    private volatile boolean closed;

    /** A transport signing with a fresh key of its own (tests, tools): see the main constructor. */
    public HttpGossipTransport(NetSettings settings, GossipEvents events) {
        this(settings, events, SigningKey.generate(new java.security.SecureRandom()), System::currentTimeMillis);
    }

    /**
     * Binds the listen address and starts the threads; a port in use is an error naming it.
     * {@code key} signs this node's envelopes (a prover node's: derived from its VRF key);
     * {@code clock} (milliseconds) drives the peer scores' decay and bans.
     */
    public HttpGossipTransport(
            NetSettings settings, GossipEvents events, SigningKey key, java.util.function.LongSupplier clock) {
        this.settings = settings;
        this.key = key;
        this.scores = new PeerScores(clock);
        this.hosts = new PeerScores(clock);
        java.util.Set<String> ph = new java.util.HashSet<>();
        for (InetSocketAddress a : settings.peers())
            ph.add(a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString());
        this.peerHosts = java.util.Set.copyOf(ph);
        this.events = events == null ? GossipEvents.NONE : events;
        this.inbox = new ArrayBlockingQueue<>(settings.queueCapacity());
        int cap = settings.dedupCapacity();
        this.seen = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
                return size() > cap;
            }
        };
        // a message is read only after its path and headers are checked, and only up to the limit
        server = HttpService.builder("gossip-" + settings.self())
                .limits(settings.http())
                .errorBody((status, detail) -> Reply.text(status, reason(status) + ": " + detail))
                .onRefused(this::refused)
                .post(PATH + "*", settings.maxMessageBytes(), this::head, this::receive)
                .start(settings.listen().getHostString(), settings.listen().getPort());
        clientPool = Executors.newCachedThreadPool(r -> daemon(r, "gossip-client-" + settings.self()));
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(clientPool)
                .connectTimeout(Duration.ofMillis(settings.timeoutMillis()))
                .build();
        for (InetSocketAddress a : settings.peers()) peers.add(new Peer(a));
        delivery = daemon(this::deliverLoop, "gossip-deliver-" + settings.self());
        delivery.start();
        peers.forEach(p -> p.thread.start());
        LOG.info(
                "gossip.listening",
                "self",
                settings.self(),
                "address",
                addressText(port()),
                "peers",
                settings.peers().size(),
                "max_bytes",
                settings.maxMessageBytes());
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
        return server.port();
    }

    @Override
    public String self() {
        return settings.self();
    }

    /**
     * Sends to every peer; a message this node has already sent or relayed (same topic and bytes,
     * within the dedup memory) is not sent again. One it received and did not relay (its handler
     * ignored it) is sent: the node judged it since.
     */
    @Override
    public void publish(Topic topic, byte[] payload) {
        if (topic == null || payload == null)
            throw new IllegalArgumentException("gossip: topic and payload are required");
        if (payload.length > settings.maxMessageBytes()) {
            throw new IllegalArgumentException("gossip: " + payload.length + "-byte " + name(topic)
                    + " message exceeds the limit of " + settings.maxMessageBytes() + " bytes");
        }
        if (closed) return;
        if (!firstSent(digest(topic, payload))) { // sent or relayed before: peers have it or will drop it
            events.duplicate(name(topic));
            return;
        }
        Bytes sig = Bytes.of(key.sign(originMessage(topic, payload, settings.self())));
        forward(new Message(topic, settings.self(), key.publicKey(), sig, 0, payload.clone(), null, null, null));
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

    /** The dedup key of a (topic, payload). */
    private static String digest(Topic topic, byte[] payload) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        md.update((byte) topic.ordinal());
        return java.util.HexFormat.of().formatHex(md.digest(payload));
    }

    /**
     * True the first time this message is received (or published); remembers it, as not sent on
     * yet. The value in {@link #seen} says whether this node has sent the message on.
     */
    private boolean firstSeen(String h) {
        synchronized (seen) {
            return seen.putIfAbsent(h, Boolean.FALSE) == null;
        }
    }

    /**
     * True unless this node has sent the message on before; remembers that it has now. A message
     * received but not relayed (the node ignored it: a proof waiting for its children) can still be
     * published by the node later, once it judged it.
     */
    private boolean firstSent(String h) {
        synchronized (seen) {
            return !Boolean.TRUE.equals(seen.put(h, Boolean.TRUE));
        }
    }

    /** Queues a message for every peer except the one it came from. */
    private void forward(Message m) {
        for (Peer p : peers) {
            if (p.text.equals(m.via)) continue;
            if (!p.queue.offer(m)) {
                events.rejected(name(m.topic), "queue_full");
                LOG.warn(
                        "gossip.dropped",
                        "peer",
                        p.text,
                        "topic",
                        name(m.topic),
                        "reason",
                        "send queue full (" + settings.queueCapacity() + ")");
            }
        }
    }

    // ---- receiving ----

    /** What a message's headers say, checked: before its body is read. */
    private record Head(
            Topic topic, String origin, int hops, Bytes originKey, Bytes originSig, Bytes sender, Bytes senderSig) {}

    private Head head(Exchange ex) {
        Topic topic = topicOf(ex.param(0));
        if (topic == null) throw new HttpError(404, "unknown topic " + clip(ex.param(0)));
        String version = ex.header(H_VERSION), origin = ex.header(H_ORIGIN), hopsText = ex.header(H_HOPS);
        if (!"1".equals(version)) throw new HttpError(400, H_VERSION + " header must be 1, got " + clip(version));
        if (origin == null || !NetSettings.NAME.matcher(origin).matches()) {
            throw new HttpError(400, H_ORIGIN + " header is not a node name: " + clip(origin));
        }
        int hops;
        try {
            hops = Integer.parseInt(String.valueOf(hopsText));
        } catch (NumberFormatException e) {
            hops = -1;
        }
        if (hops < 1 || hops > settings.maxHops())
            throw new HttpError(400, H_HOPS + " must be 1.." + settings.maxHops() + ", got " + clip(hopsText));
        String host = ex.remoteHost();
        long hostBanned = scoredHost(host) ? hosts.bannedFor(host) : 0;
        if (hostBanned > 0)
            throw new HttpError(
                    403,
                    "address " + host + " is banned for " + (hostBanned / 1000)
                            + " s more (invalid messages came from it)");
        Bytes sender = hex(ex, H_SENDER, 64), senderSig = hex(ex, H_SENDER_SIG, 128);
        long banned = scores.bannedFor(sender.hex());
        if (banned > 0)
            throw new HttpError(
                    403,
                    "sender " + sender.shortHex(16) + " is banned for " + (banned / 1000)
                            + " s more (it sent invalid messages)");
        return new Head(topic, origin, hops, hex(ex, H_ORIGIN_KEY, 64), hex(ex, H_ORIGIN_SIG, 128), sender, senderSig);
    }

    private static Bytes hex(Exchange ex, String header, int digits) {
        String v = ex.header(header);
        if (v == null || v.length() != digits || !v.matches("[0-9a-f]+")) {
            throw new HttpError(401, header + " header must be " + digits + " lowercase hex digits, got " + clip(v));
        }
        return Bytes.fromHex(v);
    }

    static byte[] originMessage(Topic topic, byte[] payload, String origin) {
        return Bytes.sha256(
                ORIGIN_TAG,
                new byte[] {(byte) topic.ordinal()},
                Bytes.sha256(payload),
                origin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static byte[] hopMessage(Topic topic, byte[] payload, int hops, Bytes originSig) {
        return Bytes.sha256(
                HOP_TAG,
                new byte[] {(byte) topic.ordinal()},
                Bytes.sha256(payload),
                java.nio.ByteBuffer.allocate(4).putInt(hops).array(),
                originSig.toArray());
    }

    /**
     * The headers of a first-hop message published by {@code origin} with {@code key} (origin and
     * sender alike): for tools and tests that speak to a node without a transport of their own.
     */
    public static java.util.Map<String, String> envelope(Topic topic, byte[] payload, String origin, SigningKey key) {
        Bytes osig = Bytes.of(key.sign(originMessage(topic, payload, origin)));
        java.util.Map<String, String> h = new LinkedHashMap<>();
        h.put(H_VERSION, "1");
        h.put(H_ORIGIN, origin);
        h.put(H_HOPS, "1");
        h.put(H_ORIGIN_KEY, key.publicKey().hex());
        h.put(H_ORIGIN_SIG, osig.hex());
        h.put(H_SENDER, key.publicKey().hex());
        h.put(
                H_SENDER_SIG,
                Bytes.of(key.sign(hopMessage(topic, payload, 1, osig))).hex());
        return h;
    }

    /** A message whose headers passed {@link #head} and whose body (within the limit) has been read. */
    private Reply receive(Exchange ex) {
        Head h = head(ex);
        String tn = name(h.topic);
        byte[] body = ex.body();
        if (!SigningKey.verify(h.sender, hopMessage(h.topic, body, h.hops, h.originSig), h.senderSig.toArray())) {
            throw new HttpError(401, "the sender's signature (" + H_SENDER_SIG + ") does not verify");
        }
        if (!SigningKey.verify(h.originKey, originMessage(h.topic, body, h.origin), h.originSig.toArray())) {
            // the sender handed over a message whose origin it did not check: held against the sender
            banIfDue(
                    h.sender.hex(),
                    ex.remoteHost(),
                    false,
                    tn,
                    ex.remote(),
                    "an origin signature that does not verify");
            throw new HttpError(400, "the origin's signature (" + H_ORIGIN_SIG + ") does not verify");
        }
        if (!firstSeen(digest(h.topic, body))) {
            events.duplicate(tn);
            return Reply.text(200, "duplicate");
        }
        Message m = new Message(
                h.topic,
                h.origin,
                h.originKey,
                h.originSig,
                h.hops,
                body,
                viaPeer(ex),
                h.sender.hex(),
                ex.remoteHost());
        if (!inbox.offer(m)) throw new HttpError(503, "delivery queue full (" + settings.queueCapacity() + ")");
        events.received(tn);
        return Reply.text(202, "accepted");
    }

    /** Whether bans by address apply to {@code host}: not to a configured peer's address. */
    private boolean scoredHost(String host) {
        return host != null && !peerHosts.contains(host);
    }

    /** Records a verdict on a sender's message, and on the address it came from; logs the bans it causes. */
    private void banIfDue(String sender, String host, boolean accepted, String topic, String remote, String what) {
        if (scoredHost(host) && hosts.record(host, accepted)) {
            LOG.warn(
                    "gossip.address_banned",
                    "address",
                    host,
                    "sender",
                    sender.substring(0, 16),
                    "topic",
                    topic,
                    "last",
                    what,
                    "for_s",
                    PeerScores.BAN_MILLIS / 1000);
        }
        if (scores.record(sender, accepted)) {
            LOG.warn(
                    "gossip.peer_banned",
                    "sender",
                    sender.substring(0, 16),
                    "remote",
                    remote,
                    "topic",
                    topic,
                    "last",
                    what,
                    "for_s",
                    PeerScores.BAN_MILLIS / 1000);
        }
    }

    /** A sender's score (tests, metrics). */
    public double score(Bytes sender) {
        return scores.score(sender.hex());
    }

    /** This transport's signing key's public half (what its peers score it by). */
    public Bytes publicKey() {
        return key.publicKey();
    }

    /** Refusal lines: at most 20 a second after a burst of 100 (each refusal is still counted in the metrics). */
    private final io.coprover.log.LogLimiter refusalLines = new io.coprover.log.LogLimiter(20, 100);

    /** Every refusal, by the server or by {@link #head}: one count, and one warn line within {@link #refusalLines}. */
    private void refused(Exchange ex, int status, String detail) {
        String path = ex.path() == null ? "" : ex.path();
        Topic t = path.startsWith(PATH) ? topicOf(path.substring(PATH.length())) : null;
        String topic = t == null ? "unknown" : name(t), reason = reason(status);
        events.rejected(topic, reason);
        long suppressed = refusalLines.admit(); // a flood of junk must not become a flood of log lines
        if (suppressed == 0)
            LOG.warn(
                    "gossip.rejected",
                    "remote",
                    ex.remote(),
                    "topic",
                    topic,
                    "reason",
                    reason,
                    "detail",
                    detail,
                    "status",
                    status);
        else if (suppressed > 0)
            LOG.warn(
                    "gossip.rejected",
                    "remote",
                    ex.remote(),
                    "topic",
                    topic,
                    "reason",
                    reason,
                    "detail",
                    detail,
                    "status",
                    status,
                    "suppressed_before",
                    suppressed);
    }

    /** The counted reason of a refusal status. */
    private static String reason(int status) {
        return switch (status) {
            case 413 -> "oversized";
            case 503 -> "queue_full";
            case 408 -> "timeout";
            default -> "malformed";
        };
    }

    /**
     * The peer of our list a request came from, by the listen address it names in {@code H_VIA}
     * (host:port as in our peer list), or null: not sending a message back where it came from
     * only saves traffic, since the sender would drop it as a repeat anyway.
     */
    private String viaPeer(Exchange ex) {
        String via = ex.header(H_VIA);
        if (via == null) return null;
        for (Peer p : peers) if (p.text.equals(via)) return p.text;
        return null;
    }

    private static Topic topicOf(String s) {
        for (Topic t : Topic.values()) if (name(t).equals(s)) return t;
        return null;
    }

    /** Untrusted text for a log line: at most 64 characters. */
    static String clip(String s) {
        return Exchange.clip(s);
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
            Verdict v;
            try {
                v = h.onMessage(m.origin + "#" + m.originKey.shortHex(8), m.payload);
            } catch (RuntimeException e) {
                LOG.error("gossip.handler_failed", e, "topic", name(m.topic), "origin", m.origin);
                continue;
            }
            if (v == Verdict.IGNORE || v == null || m.sender == null) continue;
            banIfDue(
                    m.sender,
                    m.host,
                    v == Verdict.ACCEPT,
                    name(m.topic),
                    m.via == null ? "" : m.via,
                    v == Verdict.ACCEPT ? "valid" : "invalid");
            // relayed only once the node accepted it: junk stops at the first honest node
            if (v == Verdict.ACCEPT
                    && firstSent(digest(m.topic, m.payload))
                    && settings.relay()
                    && m.hops < settings.maxHops()) forward(m);
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
            int hops = m.hops + 1;
            HttpRequest req = HttpRequest.newBuilder(base.resolve(name(m.topic)))
                    .timeout(Duration.ofMillis(settings.timeoutMillis()))
                    .header(H_VERSION, "1")
                    .header(H_ORIGIN, m.origin)
                    .header(H_HOPS, Integer.toString(hops))
                    .header(H_ORIGIN_KEY, m.originKey.hex())
                    .header(H_ORIGIN_SIG, m.originSig.hex())
                    .header(H_SENDER, key.publicKey().hex())
                    .header(
                            H_SENDER_SIG,
                            Bytes.of(key.sign(hopMessage(m.topic, m.payload, hops, m.originSig)))
                                    .hex())
                    .header(H_VIA, listenText())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(m.payload))
                    .build();
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
                        LOG.warn(
                                "gossip.refused",
                                "peer",
                                text,
                                "topic",
                                name(m.topic),
                                "status",
                                r.statusCode(),
                                "detail",
                                clip(r.body()));
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
                LOG.warn(
                        "gossip.peer_down",
                        "peer",
                        text,
                        "topic",
                        name(m.topic),
                        "attempts",
                        settings.sendAttempts(),
                        "error",
                        clip(last));
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
        server.close();
        delivery.interrupt();
        for (Peer p : peers) p.thread.interrupt();
        clientPool.shutdownNow();
        LOG.info("gossip.closed", "self", settings.self());
    }
}
