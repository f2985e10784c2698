package io.coprover.node.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.net.http.HttpLimits;
import io.coprover.net.http.RawHttp;
import io.coprover.node.GossipTransport.Topic;
import io.coprover.node.GossipTransport.Verdict;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.SigningKey;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpGossipTransportTest {
    private final List<HttpGossipTransport> open = new ArrayList<>();

    /** Counts what a transport reports, by "what:topic[:reason]". */
    static final class Counts implements GossipEvents {
        final Map<String, AtomicInteger> m = new ConcurrentHashMap<>();

        int get(String k) {
            AtomicInteger a = m.get(k);
            return a == null ? 0 : a.get();
        }

        private void inc(String k) {
            m.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void received(String t) {
            inc("in:" + t);
        }

        @Override
        public void sent(String t) {
            inc("out:" + t);
        }

        @Override
        public void rejected(String t, String r) {
            inc("rejected:" + t + ":" + r);
        }

        @Override
        public void duplicate(String t) {
            inc("dup:" + t);
        }
    }

    /** What a node received: "origin payload" per message. */
    static final class Inbox {
        final List<String> got = new CopyOnWriteArrayList<>();

        void attach(HttpGossipTransport t, Topic topic) {
            t.subscribe(topic, (from, payload) -> {
                got.add(nameOf(from) + " " + new String(payload, StandardCharsets.UTF_8));
                return Verdict.ACCEPT;
            });
        }
    }

    /** The origin's name without its key ("a#1f2e3d4c" → "a"). */
    static String nameOf(String from) {
        int h = from.indexOf('#');
        return h < 0 ? from : from.substring(0, h);
    }

    /** A hand-made message with valid envelopes: origin {@code origin} signed by {@code originKey}, handed over by {@code sender}. */
    static Map<String, String> envelope(
            Topic topic, byte[] payload, String origin, SigningKey originKey, SigningKey sender) {
        Bytes osig = Bytes.of(originKey.sign(HttpGossipTransport.originMessage(topic, payload, origin)));
        return Map.of(
                "X-Coprover-Gossip",
                "1",
                "X-Coprover-Origin",
                origin,
                "X-Coprover-Hops",
                "1",
                "X-Coprover-Origin-Key",
                originKey.publicKey().hex(),
                "X-Coprover-Origin-Sig",
                osig.hex(),
                "X-Coprover-Sender",
                sender.publicKey().hex(),
                "X-Coprover-Sender-Sig",
                Bytes.of(sender.sign(HttpGossipTransport.hopMessage(topic, payload, 1, osig)))
                        .hex());
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static InetSocketAddress local(int port) {
        return NetSettings.parseAddress("127.0.0.1:" + port);
    }

    private HttpGossipTransport start(String name, int port, Counts c, int... peers) {
        return start(name, port, c, HttpLimits.defaults(), peers);
    }

    private HttpGossipTransport start(String name, int port, Counts c, HttpLimits http, int... peers) {
        List<InetSocketAddress> ps =
                Arrays.stream(peers).mapToObj(HttpGossipTransportTest::local).toList();
        HttpGossipTransport t = new HttpGossipTransport(
                NetSettings.of(name, local(port), ps)
                        .withMaxMessageBytes(1000)
                        .withSendAttempts(2, 1000)
                        .withHttp(http),
                c);
        open.add(t);
        return t;
    }

    @AfterEach
    void close() {
        open.forEach(HttpGossipTransport::close);
    }

    static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + 30_000; // generous: a loaded 2-core machine delays threads by seconds
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void fullMeshDeliversOnceAndDropsRepeats() throws Exception {
        int pa = freePort(), pb = freePort(), pc = freePort();
        Counts ca = new Counts(), cb = new Counts(), cc = new Counts();
        HttpGossipTransport a = start("a", pa, ca, pb, pc),
                b = start("b", pb, cb, pa, pc),
                c = start("c", pc, cc, pa, pb);
        Inbox ia = new Inbox(), ib = new Inbox(), ic = new Inbox(), ibBlocks = new Inbox();
        ia.attach(a, Topic.PROOF);
        ib.attach(b, Topic.PROOF);
        ic.attach(c, Topic.PROOF);
        ibBlocks.attach(b, Topic.BLOCK);
        a.publish(Topic.PROOF, "p1".getBytes());
        a.publish(Topic.PROOF, "p1".getBytes()); // same message again: not sent twice
        c.publish(Topic.BLOCK, "b1".getBytes());
        await(() -> ib.got.size() == 1 && ic.got.size() == 1 && ibBlocks.got.size() == 1, "delivery");
        // relays (b → c, c → b) and the repeat settle, then nothing more arrives
        await(() -> cb.get("dup:proof") + cc.get("dup:proof") + ca.get("dup:proof") >= 2, "relayed repeats");
        // a counts a send once its peer answered: wait for exactly what is asserted below
        await(() -> ca.get("out:proof") >= 2 && cb.get("in:proof") >= 1, "a's sends answered");
        assertEquals(List.of("a p1"), ib.got);
        assertEquals(List.of("a p1"), ic.got);
        assertEquals(List.of("c b1"), ibBlocks.got);
        assertEquals(List.of(), ia.got, "a node does not receive its own message");
        assertEquals(1, cb.get("in:proof"));
        assertEquals(2, ca.get("out:proof"), "published once to each of 2 peers");
    }

    @Test
    void aLineOfPeersRelaysToTheEnd() throws Exception {
        int pa = freePort(), pb = freePort(), pc = freePort();
        HttpGossipTransport c = start("c", pc, new Counts());
        HttpGossipTransport b = start("b", pb, new Counts(), pc);
        b.subscribe(
                Topic.ROOT,
                (from, p) ->
                        Verdict.ACCEPT); // b relays what its node accepted (a node without a handler relays nothing)
        HttpGossipTransport a = start("a", pa, new Counts(), pb);
        Inbox ic = new Inbox();
        ic.attach(c, Topic.ROOT);
        a.publish(Topic.ROOT, "r".getBytes());
        await(() -> ic.got.size() == 1, "relay a → b → c");
        assertEquals(List.of("a r"), ic.got, "origin is the publisher, not the relay");
    }

    private static HttpResponse<String> post(int port, String path, Map<String, String> headers, byte[] body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A POST from another address on loopback ({@code 127.0.0.2}: Linux routes all of 127/8 to
     * it), over a raw socket since the JDK's client cannot choose its local address: the status.
     */
    static int postFrom(String localHost, int port, String path, Map<String, String> headers, byte[] body)
            throws Exception {
        try (java.net.Socket s = new java.net.Socket()) {
            s.bind(new InetSocketAddress(localHost, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
            s.setSoTimeout(60_000);
            StringBuilder h = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n");
            headers.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
            h.append("\r\n");
            java.io.OutputStream o = s.getOutputStream();
            o.write(h.toString().getBytes(StandardCharsets.US_ASCII));
            o.write(body);
            o.flush();
            String status = new java.io.BufferedReader(
                            new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void sizeLimitGarbageAndBadRequestsAreRefusedAndCounted() throws Exception {
        int pa = freePort(), pb = freePort();
        Counts cb = new Counts();
        HttpGossipTransport a = start("a", pa, new Counts(), pb), b = start("b", pb, cb);
        Inbox ib = new Inbox();
        ib.attach(b, Topic.PROOF);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> a.publish(Topic.PROOF, new byte[1001]));
        assertTrue(e.getMessage().contains("1001-byte proof message exceeds the limit of 1000 bytes"), e.getMessage());
        Map<String, String> ok = Map.of("X-Coprover-Gossip", "1", "X-Coprover-Origin", "x", "X-Coprover-Hops", "1");

        assertEquals(413, post(pb, "/gossip/proof", ok, new byte[1500]).statusCode());
        assertEquals(1, cb.get("rejected:proof:oversized"));
        assertEquals(404, post(pb, "/gossip/nonsense", ok, new byte[1]).statusCode());
        assertEquals(404, post(pb, "/admin", ok, new byte[1]).statusCode());
        assertEquals(
                400,
                post(pb, "/gossip/proof", Map.of("X-Coprover-Origin", "x", "X-Coprover-Hops", "1"), new byte[1])
                        .statusCode());
        assertEquals(
                400,
                post(
                                pb,
                                "/gossip/proof",
                                Map.of(
                                        "X-Coprover-Gossip",
                                        "1",
                                        "X-Coprover-Origin",
                                        "bad name!",
                                        "X-Coprover-Hops",
                                        "1"),
                                new byte[1])
                        .statusCode());
        assertEquals(
                400,
                post(
                                pb,
                                "/gossip/proof",
                                Map.of("X-Coprover-Gossip", "1", "X-Coprover-Origin", "x", "X-Coprover-Hops", "99"),
                                new byte[1])
                        .statusCode());
        HttpResponse<String> get = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pb + "/gossip/proof"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
        assertEquals(2, cb.get("rejected:unknown:malformed"));
        assertEquals(4, cb.get("rejected:proof:malformed"));
        // raw garbage on the socket, and a body that lies about its length
        for (String junk : new String[] {
            "\u0000\u0001garbage\r\n\r\n",
            "POST /gossip/proof HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\nxx",
            "POST /gossip/proof HTTP/1.1\r\nHost: x\r\nX-Coprover-Gossip: 1\r\nX-Coprover-Origin: x\r\nX-Coprover-Hops: 1\r\nContent-Length: 500\r\n\r\nshort"
        }) {
            try (Socket s = new Socket("127.0.0.1", pb)) {
                s.setSoTimeout(3000);
                OutputStream out = s.getOutputStream();
                out.write(junk.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                s.shutdownOutput();
                InputStream in = s.getInputStream();
                in.readAllBytes(); // whatever the server answers, it must not hang or crash
            }
        }
        assertEquals(List.of(), ib.got, "nothing refused was delivered");
        // the transport still works
        a.publish(Topic.PROOF, new byte[1000]);
        await(() -> ib.got.size() == 1, "delivery after garbage");
        byte[] payload = "hello".getBytes();
        b.subscribe(Topic.BLOCK, (from, p) -> {
            throw new IllegalStateException("handler bug");
        });
        a.publish(Topic.BLOCK, payload);
        a.publish(Topic.PROOF, payload);
        await(() -> ib.got.size() == 2, "delivery after a throwing handler");
        assertArrayEquals("a hello".getBytes(), ib.got.get(1).getBytes());
    }

    @Test
    void aPeerThatIsDownDelaysNoOneAndIsReachedWhenBack() throws Exception {
        int pa = freePort(), pb = freePort(), pdown = freePort();
        Counts ca = new Counts();
        HttpGossipTransport a = start("a", pa, ca, pdown, pb), b = start("b", pb, new Counts());
        Inbox ib = new Inbox();
        ib.attach(b, Topic.PROOF);
        a.publish(Topic.PROOF, "m1".getBytes());
        await(() -> ib.got.size() == 1, "delivery to the live peer");
        await(() -> ca.get("rejected:proof:send_failed") == 1, "the dead peer's message dropped after its tries");
        HttpGossipTransport d = start("d", pdown, new Counts());
        Inbox id = new Inbox();
        id.attach(d, Topic.PROOF);
        a.publish(Topic.PROOF, "m2".getBytes());
        await(() -> id.got.size() == 1, "delivery once the peer is up");
        // b gets m2 on its own sender thread, in no order with d: wait for exactly what is asserted
        await(() -> ib.got.size() == 2, "delivery of m2 to the live peer");
        assertEquals(List.of("a m2"), id.got);
        assertEquals(List.of("a m1", "a m2"), ib.got);
    }

    /** Well-formed headers (the envelopes' signatures are checked only once a body has arrived). */
    static final String HEADERS = "X-Coprover-Gossip: 1\r\nX-Coprover-Origin: x\r\nX-Coprover-Hops: 1\r\n"
            + "X-Coprover-Origin-Key: " + "ab".repeat(32) + "\r\nX-Coprover-Origin-Sig: " + "cd".repeat(64) + "\r\n"
            + "X-Coprover-Sender: " + "ab".repeat(32) + "\r\nX-Coprover-Sender-Sig: " + "cd".repeat(64) + "\r\n";

    @Test
    void slowSendersAreCutByTheIdleTimeoutAndDelayNoOne() throws Exception {
        int pa = freePort(), pb = freePort();
        Counts cb = new Counts();
        HttpGossipTransport a = start("a", pa, new Counts(), pb),
                b = start("b", pb, cb, HttpLimits.defaults().withIdleTimeoutMillis(1000));
        Inbox ib = new Inbox();
        ib.attach(b, Topic.PROOF);
        // headers and 10 of 100 declared bytes, then nothing, on more connections than b has handler threads
        List<Socket> slow = RawHttp.hold("127.0.0.1", pb, 20, RawHttp.slowBody("POST", "/gossip/proof", HEADERS));
        try {
            a.publish(Topic.PROOF, "honest".getBytes());
            await(() -> ib.got.size() == 1, "an honest message while the slow senders hold");
            for (Socket s : slow) {
                assertEquals(408, RawHttp.read(s).status());
                assertTrue(RawHttp.closedByServer(s), "b closed a slow sender");
            }
        } finally {
            RawHttp.closeAll(slow);
        }
        assertEquals(20, cb.get("rejected:proof:timeout"));
        assertEquals(List.of("a honest"), ib.got);
    }

    @Test
    void aFloodFromOneAddressLeavesOtherPeersServed() throws Exception {
        int pa = freePort(), pb = freePort();
        HttpGossipTransport a = start("a", pa, new Counts(), pb),
                b = start("b", pb, new Counts(), HttpLimits.defaults().withConnections(64, 4));
        Inbox ib = new Inbox();
        ib.attach(b, Topic.PROOF);
        List<Socket> flood = RawHttp.hold("127.0.0.2", pb, 4, "POST /gossip/proof HTTP/1.1\r\n"); // open, counted, idle
        try {
            for (int i = 0; i < 12; i++) {
                Socket s = RawHttp.open("127.0.0.2", pb);
                flood.add(s);
                assertTrue(
                        RawHttp.closedByServer(s), "connection " + (5 + i) + " from the flooding address is refused");
            }
            a.publish(Topic.PROOF, "honest".getBytes());
            await(() -> ib.got.size() == 1, "a peer at another address is served during the flood");
        } finally {
            RawHttp.closeAll(flood);
        }
    }

    @Test
    void bodiesOverTheLimitAreRefusedUnreadAndWrongMethodsGet405() throws Exception {
        int pb = freePort();
        Counts cb = new Counts();
        start("b", pb, cb);
        try (Socket s = RawHttp.open(pb)) { // headers only: the answer comes without a byte of the body
            RawHttp.send(
                    s,
                    "POST /gossip/proof HTTP/1.1\r\nHost: x\r\n" + HEADERS + "Content-Length: 1099511627776\r\n\r\n");
            RawHttp.Answer r = RawHttp.read(s);
            assertEquals(413, r.status());
            assertTrue(
                    r.body().startsWith("oversized: request body of 1099511627776 bytes exceeds the limit of 1000"),
                    r.body());
            assertTrue(RawHttp.closedByServer(s), "closed after the 413");
        }
        try (Socket s = RawHttp.open(pb)) { // chunked, no length: counted as it streams
            String chunk = "258\r\n" + "x".repeat(600) + "\r\n";
            RawHttp.send(
                    s,
                    "POST /gossip/proof HTTP/1.1\r\nHost: x\r\n" + HEADERS + "Transfer-Encoding: chunked\r\n\r\n"
                            + chunk + chunk);
            assertEquals(413, RawHttp.read(s).status());
            assertTrue(RawHttp.closedByServer(s));
        }
        assertEquals(2, cb.get("rejected:proof:oversized"));
        try (Socket s = RawHttp.open(pb)) {
            RawHttp.send(s, "PUT /gossip/block HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            RawHttp.Answer r = RawHttp.read(s);
            assertEquals(405, r.status());
            assertEquals("POST", r.header("Allow"));
        }
    }

    /** A node relays only what it accepted: junk stops at the first honest node, valid messages go on. */
    @Test
    void onlyAcceptedMessagesAreRelayed() throws Exception {
        int pb = freePort(), pc = freePort();
        HttpGossipTransport c = start("c", pc, new Counts());
        HttpGossipTransport b = start("b", pb, new Counts(), pc);
        b.subscribe(
                Topic.PROOF,
                (from, p) ->
                        new String(p, StandardCharsets.UTF_8).startsWith("junk") ? Verdict.REJECT : Verdict.ACCEPT);
        Inbox ic = new Inbox();
        ic.attach(c, Topic.PROOF);
        SigningKey mallory = SigningKey.generate(new java.security.SecureRandom());
        for (String m : new String[] {"junk 1", "junk 2", "good"}) {
            byte[] p = m.getBytes(StandardCharsets.UTF_8);
            assertEquals(
                    202,
                    post(pb, "/gossip/proof", envelope(Topic.PROOF, p, "mallory", mallory, mallory), p)
                            .statusCode());
        }
        // b hands messages to c in the order it judged them: once "good" is at c, the junk would have been before it
        await(() -> ic.got.size() == 1, "the valid message relayed");
        assertEquals(List.of("mallory good"), ic.got);
        assertTrue(
                b.score(mallory.publicKey()) < 0, "two rejections and one acceptance: " + b.score(mallory.publicKey()));
    }

    /**
     * A message the node ignored (a proof waiting for its children) is not relayed; when the node
     * later publishes it (it verified since), it goes out, with this node as its origin. What was
     * relayed or published already is not sent twice.
     */
    @Test
    void anIgnoredMessageIsHeldBackUntilTheNodePublishesIt() throws Exception {
        int pb = freePort(), pc = freePort();
        HttpGossipTransport c = start("c", pc, new Counts());
        Counts cb = new Counts();
        HttpGossipTransport b = start("b", pb, cb, pc);
        b.subscribe(
                Topic.PROOF,
                (from, p) ->
                        new String(p, StandardCharsets.UTF_8).startsWith("waits") ? Verdict.IGNORE : Verdict.ACCEPT);
        Inbox ic = new Inbox();
        ic.attach(c, Topic.PROOF);
        SigningKey mallory = SigningKey.generate(new java.security.SecureRandom());
        for (String m : new String[] {"waits for children", "good"}) {
            byte[] p = m.getBytes(StandardCharsets.UTF_8);
            assertEquals(
                    202,
                    post(pb, "/gossip/proof", envelope(Topic.PROOF, p, "mallory", mallory, mallory), p)
                            .statusCode());
        }
        // b hands messages on in the order it judged them: once "good" is at c, the ignored one would have been before
        // it
        await(() -> ic.got.size() == 1, "the accepted message relayed");
        assertEquals(List.of("mallory good"), ic.got);
        double score = b.score(mallory.publicKey()); // +1 for "good" (drifting towards 0); a rejection would be -10
        assertTrue(score > 0 && score <= 1, "an ignored message is not held against its sender: " + score);

        b.publish(Topic.PROOF, "waits for children".getBytes(StandardCharsets.UTF_8));
        await(() -> ic.got.size() == 2, "the held-back message published");
        assertEquals(List.of("mallory good", "b waits for children"), ic.got);
        int dups = cb.get("dup:proof");
        b.publish(Topic.PROOF, "waits for children".getBytes(StandardCharsets.UTF_8));
        b.publish(Topic.PROOF, "good".getBytes(StandardCharsets.UTF_8));
        assertEquals(dups + 2, cb.get("dup:proof"), "published and relayed messages are not sent again");
    }

    /** The sender's and the origin's claims are signed: a forged envelope is refused, and a name tells the key that signed it. */
    @Test
    void envelopesAreCheckedAndNamesCarryTheirKey() throws Exception {
        int pb = freePort();
        HttpGossipTransport b = start("b", pb, new Counts());
        List<String> from = new CopyOnWriteArrayList<>();
        b.subscribe(Topic.PROOF, (f, p) -> {
            from.add(f);
            return Verdict.ACCEPT;
        });
        SigningKey mallory = SigningKey.generate(new java.security.SecureRandom()),
                host = SigningKey.generate(new java.security.SecureRandom());
        byte[] p = "x".getBytes(StandardCharsets.UTF_8);
        // claims to come from "host" but is signed by mallory: delivered as host#<mallory's key>, so no log blames the
        // real host
        assertEquals(
                202,
                post(pb, "/gossip/proof", envelope(Topic.PROOF, p, "host", mallory, mallory), p)
                        .statusCode());
        await(() -> from.size() == 1, "delivery");
        assertEquals("host#" + mallory.publicKey().shortHex(8), from.get(0));
        assertTrue(!from.get(0).endsWith(host.publicKey().shortHex(8)));
        // a signature over other bytes: refused
        byte[] q = "y".getBytes(StandardCharsets.UTF_8);
        Map<String, String> forged = new java.util.HashMap<>(envelope(Topic.PROOF, q, "host", host, mallory));
        forged.put(
                "X-Coprover-Origin-Sig",
                Bytes.of(mallory.sign(HttpGossipTransport.originMessage(Topic.PROOF, q, "host")))
                        .hex());
        forged.put(
                "X-Coprover-Sender-Sig",
                Bytes.of(mallory.sign(HttpGossipTransport.hopMessage(
                                Topic.PROOF, q, 1, Bytes.fromHex(forged.get("X-Coprover-Origin-Sig")))))
                        .hex());
        assertEquals(400, post(pb, "/gossip/proof", forged, q).statusCode(), "host's key over mallory's signature");
        Map<String, String> badHop = new java.util.HashMap<>(envelope(Topic.PROOF, q, "m", mallory, mallory));
        badHop.put("X-Coprover-Sender", host.publicKey().hex());
        assertEquals(
                401,
                post(pb, "/gossip/proof", badHop, q).statusCode(),
                "a hop signed by another key than the sender it names");
    }

    /** A sender whose messages keep being rejected is banned (403) while others are served. */
    @Test
    void aSenderOfInvalidMessagesIsBanned() throws Exception {
        int pb = freePort();
        HttpGossipTransport b = new HttpGossipTransport(
                NetSettings.of("b", local(pb), List.of()).withMaxMessageBytes(1000),
                new Counts(),
                SigningKey.generate(new java.security.SecureRandom()),
                () -> 1_000_000L);
        open.add(b);
        AtomicInteger judged = new AtomicInteger();
        b.subscribe(Topic.PROOF, (f, p) -> {
            judged.incrementAndGet();
            return new String(p, StandardCharsets.UTF_8).startsWith("junk") ? Verdict.REJECT : Verdict.ACCEPT;
        });
        SigningKey mallory = SigningKey.generate(new java.security.SecureRandom()),
                honest = SigningKey.generate(new java.security.SecureRandom());
        int rejections = (int) Math.ceil(-PeerScores.BAN_BELOW / PeerScores.REJECTED);
        for (int i = 0; i < rejections; i++) {
            byte[] p = ("junk " + i).getBytes(StandardCharsets.UTF_8);
            assertEquals(
                    202,
                    postFrom("127.0.0.2", pb, "/gossip/proof", envelope(Topic.PROOF, p, "m", mallory, mallory), p));
        }
        await(() -> judged.get() == rejections, "every junk message judged");
        byte[] more = "junk more".getBytes(StandardCharsets.UTF_8);
        // from another address: the key itself is banned
        HttpResponse<String> banned =
                post(pb, "/gossip/proof", envelope(Topic.PROOF, more, "m", mallory, mallory), more);
        assertEquals(403, banned.statusCode());
        assertTrue(banned.body().contains("sender " + mallory.publicKey().shortHex(16) + " is banned"), banned.body());
        byte[] ok = "fine".getBytes(StandardCharsets.UTF_8);
        assertEquals(
                202,
                post(pb, "/gossip/proof", envelope(Topic.PROOF, ok, "h", honest, honest), ok)
                        .statusCode(),
                "others are served");
    }

    /**
     * Keys cost nothing: an address that sends junk under a fresh key each time is refused once its
     * own score falls as low as a banned key's, whatever key comes next; other addresses are served,
     * and a configured peer's address is never banned (only its keys are).
     */
    @Test
    void anAddressThatKeepsSendingJunkUnderFreshKeysIsBanned() throws Exception {
        int pb = freePort(), pd = freePort();
        HttpGossipTransport b = new HttpGossipTransport(
                NetSettings.of("b", local(pb), List.of()).withMaxMessageBytes(1000),
                new Counts(),
                SigningKey.generate(new java.security.SecureRandom()),
                () -> 1_000_000L);
        // d has a peer at 127.0.0.2: that address is one it chose, so it is scored by key only
        HttpGossipTransport d = new HttpGossipTransport(
                NetSettings.of("d", local(pd), List.of(NetSettings.parseAddress("127.0.0.2:" + freePort())))
                        .withMaxMessageBytes(1000),
                new Counts(),
                SigningKey.generate(new java.security.SecureRandom()),
                () -> 1_000_000L);
        open.add(b);
        open.add(d);
        AtomicInteger judgedB = new AtomicInteger(), judgedD = new AtomicInteger();
        b.subscribe(Topic.PROOF, (f, p) -> {
            judgedB.incrementAndGet();
            return Verdict.REJECT;
        });
        d.subscribe(Topic.PROOF, (f, p) -> {
            judgedD.incrementAndGet();
            return Verdict.REJECT;
        });
        int rejections = (int) Math.ceil(-PeerScores.BAN_BELOW / PeerScores.REJECTED);
        for (int i = 0; i < rejections; i++) {
            SigningKey fresh = SigningKey.generate(new java.security.SecureRandom());
            byte[] p = ("junk " + i).getBytes(StandardCharsets.UTF_8);
            assertEquals(
                    202, postFrom("127.0.0.2", pb, "/gossip/proof", envelope(Topic.PROOF, p, "m", fresh, fresh), p));
            assertEquals(
                    202, postFrom("127.0.0.2", pd, "/gossip/proof", envelope(Topic.PROOF, p, "m", fresh, fresh), p));
        }
        await(() -> judgedB.get() == rejections && judgedD.get() == rejections, "every junk message judged");
        SigningKey next = SigningKey.generate(new java.security.SecureRandom());
        byte[] more = "junk more".getBytes(StandardCharsets.UTF_8);
        assertEquals(
                403,
                postFrom("127.0.0.2", pb, "/gossip/proof", envelope(Topic.PROOF, more, "m", next, next), more),
                "a fresh key from the same address");
        assertEquals(
                202,
                postFrom("127.0.0.2", pd, "/gossip/proof", envelope(Topic.PROOF, more, "m", next, next), more),
                "a configured peer's address is not banned");
        SigningKey honest = SigningKey.generate(new java.security.SecureRandom());
        byte[] ok = "fine".getBytes(StandardCharsets.UTF_8);
        assertEquals(
                202,
                post(pb, "/gossip/proof", envelope(Topic.PROOF, ok, "h", honest, honest), ok)
                        .statusCode(),
                "other addresses are served");
    }

    @Test
    void settingsAndAddressesAreChecked() {
        assertEquals(9000, NetSettings.parseAddress("example.org:9000").getPort());
        assertEquals("::1", NetSettings.parseAddress("[::1]:9000").getHostString());
        assertThrows(IllegalArgumentException.class, () -> NetSettings.parseAddress("nohost"));
        assertThrows(IllegalArgumentException.class, () -> NetSettings.parseAddress("h:99999"));
        assertThrows(IllegalArgumentException.class, () -> NetSettings.parseAddress("h:x"));
        assertThrows(IllegalArgumentException.class, () -> NetSettings.of("bad name", local(1), List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> NetSettings.of("a", local(1), List.of()).withMaxMessageBytes(0));
    }
}
