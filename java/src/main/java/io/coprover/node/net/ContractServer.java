package io.coprover.node.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.coprover.metrics.Log;
import io.coprover.node.ContractClient;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.rollup.RollupRecords;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a {@link ContractClient} (the devnet host's in-process contract) over HTTP/1.1 with JSON
 * bodies, for {@link HttpContractClient}s in other processes. Routes under {@code /contract/}:
 * {@code GET params}, {@code GET height}, {@code GET accepted/<block>}, {@code GET proving},
 * {@code GET leading/<block>}, {@code GET registered/<pk>}, {@code GET balance/<pk>},
 * {@code POST submit}, {@code POST register}, and {@code GET events?after=<seq>}: the contract's
 * notifications (accepted and finalised blocks) after a sequence number, waiting up to 1 s for one
 * (long poll); the last {@link #KEEP_EVENTS} are kept. {@code GET /devnet} returns what the host
 * says about the devnet (state depth, SRS seed) so a joining node builds the same proving keys.
 *
 * <p>A devnet tool: there is no authentication (a submitter or registrant is who it says it is),
 * so it listens on loopback unless told otherwise. Bad requests get 400 with {@code {"error": …}}
 * and never reach the contract.
 */
public final class ContractServer implements AutoCloseable {
    /** Notifications kept for clients that poll late. */
    static final int KEEP_EVENTS = 4096;
    /** Largest request body (a root submission carries every proof of its tree). */
    static final int MAX_BODY = 64 << 20;
    private static final Log LOG = Log.get("contract");

    private final ContractClient contract;
    private final ObjectNode devnet;
    private final HttpServer server;
    private final ExecutorService pool;
    private final Deque<ObjectNode> events = new ArrayDeque<>();
    private long nextSeq, heightVersion;
    private volatile boolean closed;

    /** Serves {@code contract} on {@code listen}; {@code devnet} is returned by {@code GET /devnet}. */
    public ContractServer(ContractClient contract, InetSocketAddress listen, ObjectNode devnet) {
        this.contract = contract;
        this.devnet = devnet == null ? ContractCodec.JSON.createObjectNode() : devnet.deepCopy();
        contract.subscribe(new ContractClient.Listener() {
            @Override
            public void onAccepted(ContractClient.AcceptedBlock b) {
                event("accepted", ContractCodec.accepted(b));
            }

            @Override
            public void onFinalised(ContractClient.Finalised f) {
                event("finalised", ContractCodec.finalised(f));
            }
        });
        pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "contract-http");
            t.setDaemon(true);
            return t;
        });
        InetSocketAddress bind = new InetSocketAddress(listen.getHostString(), listen.getPort());
        try {
            server = HttpServer.create(bind, 64);
        } catch (IOException e) {
            pool.shutdownNow();
            throw new UncheckedIOException("contract: cannot listen on " + bind + ": " + e.getMessage(), e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
        LOG.info("contract.serving", "address", listen.getHostString() + ":" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void event(String type, ObjectNode body) {
        synchronized (events) {
            ObjectNode e = ContractCodec.JSON.createObjectNode();
            e.put("seq", nextSeq++);
            e.put("type", type);
            e.put("height", contract.height());
            e.set("body", body);
            events.addLast(e);
            while (events.size() > KEEP_EVENTS) events.removeFirst();
            events.notifyAll();
        }
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            try {
                JsonNode out = route(method, path, ex);
                if (out == null) {
                    respond(ex, 404, error("no such route: " + method + " " + HttpGossipTransport.clip(path)));
                } else {
                    respond(ex, 200, out);
                }
            } catch (IllegalArgumentException | IllegalStateException e) {
                respond(ex, 400, error(e.getMessage()));
            }
        } catch (IOException | RuntimeException e) {
            if (closed) return; // a long poll cut by close()
            LOG.warn("contract.request_failed", "remote", String.valueOf(ex.getRemoteAddress()), "error", e.toString());
        }
    }

    private static ObjectNode error(String msg) {
        ObjectNode o = ContractCodec.JSON.createObjectNode();
        o.put("error", msg == null ? "bad request" : msg);
        return o;
    }

    /** The answer to a request, or null for an unknown route. */
    private JsonNode route(String method, String path, HttpExchange ex) throws IOException {
        ObjectNode o = ContractCodec.JSON.createObjectNode();
        if (method.equals("GET") && path.equals("/devnet")) return devnet;
        if (!path.startsWith("/contract/")) return null;
        String[] p = path.substring("/contract/".length()).split("/", -1);
        if (method.equals("GET")) {
            switch (p[0]) {
                case "params":
                    return ContractCodec.params(contract.params());
                case "height":
                    return o.put("height", contract.height());
                case "accepted": {
                    Optional<ContractClient.AcceptedBlock> a = contract.accepted(number(p, "block"));
                    return a.isPresent() ? o.set("block", ContractCodec.accepted(a.get())) : o.putNull("block");
                }
                case "proving": {
                    ArrayNode arr = o.putArray("blocks");
                    for (ContractClient.AcceptedBlock a : contract.proving()) arr.add(ContractCodec.accepted(a));
                    return o;
                }
                case "leading": {
                    var s = contract.leadingScore(number(p, "block"));
                    return s.isPresent() ? o.set("score", ContractCodec.score(s.get())) : o.putNull("score");
                }
                case "registered":
                    return o.put("registered", contract.isRegistered(key(p)));
                case "balance":
                    return o.put("balance", contract.balance(key(p)).toString());
                case "events":
                    return events(ex.getRequestURI().getQuery());
                default:
                    return null;
            }
        }
        if (!method.equals("POST")) return null;
        byte[] body = ex.getRequestBody().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) throw new IllegalArgumentException("request body over " + MAX_BODY + " bytes");
        JsonNode in;
        try {
            in = ContractCodec.JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("request body is not JSON");
        }
        switch (p[0]) {
            case "submit": {
                List<ProofRecord> proofs = new ArrayList<>();
                for (JsonNode h : ContractCodec.array(in, "proofs")) {
                    if (!h.isTextual()) throw new IllegalArgumentException("proofs must be hex strings");
                    proofs.add(RollupRecords.decode(Bytes.parseHex(h.asText(), "proof")));
                }
                ContractClient.SubmitResult r = contract.submitRoot(ContractCodec.integer(in, "block"), ContractCodec.hex(in, "rootId"), proofs,
                        ContractCodec.hex(in, "submitter"));
                return ContractCodec.submitResult(r);
            }
            case "equivocation": {
                ProofRecord a = RollupRecords.decode(ContractCodec.hex(in, "a").toArray());
                ProofRecord b = RollupRecords.decode(ContractCodec.hex(in, "b").toArray());
                return o.put("slashed", contract.reportEquivocation(a, b).toString());
            }
            case "register":
                contract.registerProver(ContractCodec.registration(in), ContractCodec.amount(in, "stake"));
                return o.put("registered", true);
            default:
                return null;
        }
    }

    private static long number(String[] p, String what) {
        if (p.length != 2 || !p[1].matches("[0-9]{1,18}")) throw new IllegalArgumentException(what + " number expected in the path");
        return Long.parseLong(p[1]);
    }

    private static Bytes key(String[] p) {
        if (p.length != 2) throw new IllegalArgumentException("public key (hex) expected in the path");
        return Bytes.of(Bytes.parseHex(p[1], "public key"));
    }

    /**
     * The events after {@code after}, waiting up to 1 s for one or for a height change; without
     * {@code after}, none, only the cursor to start from. Every answer carries the current height.
     */
    private ObjectNode events(String query) {
        long after = Long.MIN_VALUE;
        if (query != null && query.startsWith("after=")) {
            try {
                after = Long.parseLong(query.substring("after=".length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("after must be a number");
            }
        }
        ObjectNode o = ContractCodec.JSON.createObjectNode();
        ArrayNode arr = o.putArray("events");
        synchronized (events) {
            if (after == Long.MIN_VALUE) {
                o.put("next", nextSeq - 1);
                o.put("height", contract.height());
                return o;
            }
            long deadline = System.currentTimeMillis() + 1000, version = heightVersion;
            while (nextSeq - 1 <= after && heightVersion == version) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) break;
                try {
                    events.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            long first = events.isEmpty() ? nextSeq : events.peekFirst().get("seq").asLong();
            if (after + 1 < first) o.put("missed", first - after - 1); // the client polled too late
            for (ObjectNode e : events) if (e.get("seq").asLong() > after) arr.add(e);
            o.put("next", nextSeq - 1);
        }
        o.put("height", contract.height()); // outside the lock: the contract has its own
        return o;
    }

    private static void respond(HttpExchange ex, int code, JsonNode body) throws IOException {
        byte[] b = ContractCodec.JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        pool.shutdownNow();
    }

    /** Wakes the clients' long polls so they see a new L1 height at once (the devnet host calls it when L1 moves). */
    public void heightChanged() {
        synchronized (events) {
            heightVersion++;
            events.notifyAll();
        }
    }
}
