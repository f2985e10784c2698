package io.coprover.node.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coprover.log.Log;
import io.coprover.net.http.SignedRequests;
import io.coprover.node.ContractClient;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProofRecordCodec;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.Registration;
import io.coprover.protocol.Score;
import io.coprover.protocol.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ContractClient} for a node joining a devnet: the calls go to a {@link ContractServer}
 * over HTTP; notifications come from one thread that long-polls the server's event log and calls
 * the listeners in L1 order. The network's parameters are read once, at construction, which waits
 * for the host with back-off (a joiner started with its host may find it still setting up) and
 * fails with a clear message only when the host stays unreachable past the patience given.
 *
 * <p>Every state change (registration, submission, evidence, faucet) is signed with the node's
 * Ed25519 key ({@link SignedRequests}, {@link ContractServer#DOMAIN}). When the host restarts (its
 * event log's {@code instance} changes), the client reads the proving blocks again and hands the
 * ones its listeners have not seen to them.
 *
 * <p>A call that cannot reach the host throws {@link UncheckedIOException} naming it; a call the
 * host refuses throws {@link IllegalArgumentException} with the host's reason. The event thread
 * survives an unreachable host (it logs once and retries every second).
 */
public final class HttpContractClient implements ContractClient, AutoCloseable {
    private static final Log LOG = Log.get("contract");
    private final URI base;
    private final HttpClient http;
    private final SigningKey signer;
    private final SignedRequests signing = new SignedRequests(ContractServer.DOMAIN, ContractServer.SIGNER);
    private volatile String instance;
    private final ProtocolParams params;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean closed;
    private long cursor;
    /** The L1 height as of the last poll (the scheduler reads it on every dispatch: no call per read). */
    private volatile long height;
    /** The last height passed to the listeners' {@code onHeight} (only the poller thread touches it). */
    private long notifiedHeight = -1;

    /** A client that only reads (its state changes are refused): connects at once or fails. */
    public HttpContractClient(InetSocketAddress host) {
        this(host, null, Duration.ZERO);
    }

    /**
     * Connects to the contract served at {@code host}, waiting up to {@code patience} for it to
     * answer (back-off from 0.5 s to 8 s, a log line each try), and signs state changes with
     * {@code signer}.
     */
    public HttpContractClient(InetSocketAddress host, SigningKey signer, Duration patience) {
        String h = host.getHostString().contains(":") ? "[" + host.getHostString() + "]" : host.getHostString();
        this.base = URI.create("http://" + h + ":" + host.getPort() + "/");
        this.signer = signer;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        this.params = ContractCodec.params(waitForHost(patience));
        JsonNode start = get("contract/events");
        this.cursor = start.get("next").asLong();
        this.height = start.get("height").asLong();
        this.instance = start.path("instance").asText(null);
        this.poller = new Thread(this::poll, "contract-events");
        poller.setDaemon(true);
        poller.start();
    }

    private JsonNode waitForHost(Duration patience) {
        long end = System.nanoTime() + patience.toNanos(), backoff = 500;
        for (int attempt = 1; ; attempt++) {
            try {
                JsonNode p = get("contract/params");
                if (attempt > 1) LOG.info("contract.reachable", "host", base.toString(), "attempts", attempt);
                return p;
            } catch (UncheckedIOException e) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new UncheckedIOException(
                            "contract host " + base + " unreachable after " + attempt + " attempt(s) over "
                                    + patience.toSeconds()
                                    + " s: is the devnet host running (coprover node --devnet-host) and chain.contract its address?",
                            e.getCause());
                }
                long wait = Math.min(backoff, left / 1_000_000);
                LOG.warn(
                        "contract.waiting",
                        "host",
                        base.toString(),
                        "attempt",
                        attempt,
                        "retry_in_ms",
                        wait,
                        "error",
                        e.getMessage());
                try {
                    Thread.sleep(Math.max(1, wait));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the contract host", ie);
                }
                backoff = Math.min(8000, backoff * 2);
            }
        }
    }

    /** What the host says about the devnet ({@code GET /devnet}). */
    public JsonNode devnet() {
        return get("devnet");
    }

    private JsonNode get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build());
    }

    private JsonNode post(String path, JsonNode body) {
        if (signer == null) throw new IllegalStateException("this contract client has no signing key: it only reads");
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : ContractCodec.JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        signing.sign(signer.publicKey().hex(), signer, "POST", "/" + path, bytes, System.currentTimeMillis())
                .forEach(b::header);
        return send(b.build());
    }

    /** Devnet: asks the faucet for this client's account (once per account); returns the account's balance. */
    public BigInteger faucet() {
        return new BigInteger(post("devnet/faucet", null).get("balance").asText());
    }

    /** Devnet: this client's token balance (what a registration's stake is taken from). */
    public BigInteger wallet() {
        if (signer == null) return BigInteger.ZERO;
        return new BigInteger(
                get("devnet/wallet/" + signer.publicKey().hex()).get("balance").asText());
    }

    @Override
    public Optional<byte[]> blockData(long block) {
        JsonNode d = get("contract/data/" + block).get("data");
        return d == null || d.isNull() ? Optional.empty() : Optional.of(Bytes.parseHex(d.asText(), "block data"));
    }

    private JsonNode send(HttpRequest req) {
        HttpResponse<byte[]> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("contract host " + base + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the contract host", e);
        }
        JsonNode body;
        try {
            body = ContractCodec.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "contract host " + base + " answered " + r.statusCode() + " with a body that is not JSON");
        }
        if (r.statusCode() != 200) {
            String why =
                    body != null && body.hasNonNull("error") ? body.get("error").asText() : "status " + r.statusCode();
            throw new IllegalArgumentException(
                    "contract host refused " + req.method() + " " + req.uri().getPath() + ": " + why);
        }
        return body;
    }

    private void poll() {
        boolean down = false;
        while (!closed) {
            try {
                JsonNode r = get("contract/events?after=" + cursor);
                if (down) {
                    down = false;
                    LOG.info("contract.reachable", "host", base.toString());
                }
                height = r.get("height").asLong();
                String inst = r.path("instance").asText(null);
                if (inst != null && instance != null && !inst.equals(instance)) {
                    // the host restarted: its event log began again; read the chain as it stands
                    instance = inst;
                    cursor = r.get("next").asLong();
                    LOG.warn("contract.host_restarted", "host", base.toString(), "height", height);
                    List<AcceptedBlock> now = proving();
                    for (AcceptedBlock a : now) for (Listener l : listeners) l.onAccepted(a);
                    LOG.info("contract.resynced", "proving", now.size());
                    continue;
                }
                instance = inst;
                if (r.hasNonNull("missed"))
                    LOG.warn("contract.events_missed", "count", r.get("missed").asLong());
                for (JsonNode e : r.get("events")) {
                    long seq = e.get("seq").asLong();
                    if (seq <= cursor) continue;
                    cursor = seq;
                    if (e.hasNonNull("height"))
                        height = Math.max(height, e.get("height").asLong());
                    deliver(e);
                }
                heightMoved();
            } catch (RuntimeException e) {
                if (closed) return;
                if (!down) {
                    down = true;
                    LOG.warn("contract.unreachable", "host", base.toString(), "error", e.getMessage());
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Tells the listeners the height moved (the liveness rounds of a node widen on it), once per new height. */
    private void heightMoved() {
        long h = height;
        if (h <= notifiedHeight) return;
        notifiedHeight = h;
        for (Listener l : listeners) {
            try {
                l.onHeight(h);
            } catch (RuntimeException x) {
                LOG.error("contract.listener_failed", x, "event", "height", "height", h);
            }
        }
    }

    private void deliver(JsonNode e) {
        String type = e.get("type").asText();
        try {
            if (type.equals("accepted")) {
                AcceptedBlock a = ContractCodec.accepted(e.get("body"), params);
                for (Listener l : listeners) l.onAccepted(a);
            } else if (type.equals("finalised")) {
                Finalised f = ContractCodec.finalised(e.get("body"));
                for (Listener l : listeners) l.onFinalised(f);
            }
        } catch (RuntimeException x) {
            LOG.error(
                    "contract.event_failed",
                    x,
                    "type",
                    type,
                    "seq",
                    e.get("seq").asLong());
        }
    }

    @Override
    public ProtocolParams params() {
        return params;
    }

    /**
     * The L1 height as of the last event poll: at most one long-poll behind the host (the host
     * wakes pollers when its height moves, so in practice a loopback round trip).
     */
    @Override
    public long height() {
        return height;
    }

    @Override
    public Optional<AcceptedBlock> accepted(long block) {
        JsonNode b = get("contract/accepted/" + block).get("block");
        return b == null || b.isNull() ? Optional.empty() : Optional.of(ContractCodec.accepted(b, params));
    }

    @Override
    public List<AcceptedBlock> proving() {
        List<AcceptedBlock> out = new ArrayList<>();
        for (JsonNode b : get("contract/proving").get("blocks")) out.add(ContractCodec.accepted(b, params));
        return out;
    }

    @Override
    public SubmitResult submitRoot(long block, Bytes rootId, Collection<ProofRecord> proofs, Bytes submitter) {
        ObjectNode o = ContractCodec.JSON.createObjectNode();
        o.put("block", block);
        o.put("rootId", rootId.hex());
        o.put("submitter", submitter.hex());
        ArrayNode ps = o.putArray("proofs");
        for (ProofRecord p : proofs) ps.add(HexFormat.of().formatHex(ProofRecordCodec.encode(p)));
        try {
            return ContractCodec.submitResult(post("contract/submit", o));
        } catch (IllegalArgumentException e) {
            return new SubmitResult(
                    false, e.getMessage(), null, false); // the interface: never throws for an invalid tree
        }
    }

    @Override
    public Optional<Score> leadingScore(long block) {
        JsonNode s = get("contract/leading/" + block).get("score");
        return s == null || s.isNull() ? Optional.empty() : Optional.of(ContractCodec.score(s));
    }

    @Override
    public boolean isRegistered(Bytes pk) {
        return get("contract/registered/" + pk.hex()).get("registered").asBoolean();
    }

    @Override
    public void registerProver(Registration registration, BigInteger stake) {
        post("contract/register", ContractCodec.registration(registration, stake));
    }

    @Override
    public BigInteger reportEquivocation(ProofRecord a, ProofRecord b) {
        ObjectNode o = ContractCodec.JSON.createObjectNode();
        o.put("a", HexFormat.of().formatHex(ProofRecordCodec.encode(a)));
        o.put("b", HexFormat.of().formatHex(ProofRecordCodec.encode(b)));
        return new BigInteger(post("contract/equivocation", o).get("slashed").asText());
    }

    @Override
    public BigInteger balance(Bytes account) {
        return new BigInteger(
                get("contract/balance/" + account.hex()).get("balance").asText());
    }

    @Override
    public void subscribe(Listener l) {
        listeners.add(l);
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
    }
}
