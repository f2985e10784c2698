package io.coprover.node.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coprover.metrics.Log;
import io.coprover.node.ContractClient;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProofRecordCodec;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.Registration;
import io.coprover.protocol.Score;

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
 * the listeners in L1 order. The network's parameters are read once, at construction (which fails
 * with a clear message when the host cannot be reached).
 *
 * <p>A call that cannot reach the host throws {@link UncheckedIOException} naming it; a call the
 * host refuses throws {@link IllegalArgumentException} with the host's reason. The event thread
 * survives an unreachable host (it logs once and retries every second).
 */
public final class HttpContractClient implements ContractClient, AutoCloseable {
    private static final Log LOG = Log.get("contract");
    private final URI base;
    private final HttpClient http;
    private final ProtocolParams params;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean closed;
    private long cursor;
    /** The L1 height as of the last poll (the scheduler reads it on every dispatch: no call per read). */
    private volatile long height;

    /** Connects to the contract served at {@code host}. */
    public HttpContractClient(InetSocketAddress host) {
        String h = host.getHostString().contains(":") ? "[" + host.getHostString() + "]" : host.getHostString();
        this.base = URI.create("http://" + h + ":" + host.getPort() + "/");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
        this.params = ContractCodec.params(get("contract/params"));
        JsonNode start = get("contract/events");
        this.cursor = start.get("next").asLong();
        this.height = start.get("height").asLong();
        this.poller = new Thread(this::poll, "contract-events");
        poller.setDaemon(true);
        poller.start();
    }

    /** What the host says about the devnet ({@code GET /devnet}). */
    public JsonNode devnet() {
        return get("devnet");
    }

    private JsonNode get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    private JsonNode post(String path, JsonNode body) {
        try {
            return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ContractCodec.JSON.writeValueAsBytes(body))).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
            throw new IllegalStateException("contract host " + base + " answered " + r.statusCode() + " with a body that is not JSON");
        }
        if (r.statusCode() != 200) {
            String why = body != null && body.hasNonNull("error") ? body.get("error").asText() : "status " + r.statusCode();
            throw new IllegalArgumentException("contract host refused " + req.method() + " " + req.uri().getPath() + ": " + why);
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
                if (r.hasNonNull("missed")) LOG.warn("contract.events_missed", "count", r.get("missed").asLong());
                for (JsonNode e : r.get("events")) {
                    long seq = e.get("seq").asLong();
                    if (seq <= cursor) continue;
                    cursor = seq;
                    if (e.hasNonNull("height")) height = Math.max(height, e.get("height").asLong());
                    deliver(e);
                }
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
            LOG.error("contract.event_failed", x, "type", type, "seq", e.get("seq").asLong());
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
            return new SubmitResult(false, e.getMessage(), null, false); // the interface: never throws for an invalid tree
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
        return new BigInteger(get("contract/balance/" + account.hex()).get("balance").asText());
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
