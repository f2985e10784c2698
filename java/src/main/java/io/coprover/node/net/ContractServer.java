package io.coprover.node.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coprover.log.Log;
import io.coprover.net.http.Exchange;
import io.coprover.net.http.HttpError;
import io.coprover.net.http.HttpLimits;
import io.coprover.net.http.HttpService;
import io.coprover.net.http.Reply;
import io.coprover.net.http.SignedRequests;
import io.coprover.node.ContractClient;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProofRecordCodec;
import io.coprover.protocol.Registration;
import io.coprover.rollup.RollupRecords;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Serves a {@link ContractClient} (the devnet host's in-process contract) over HTTP/1.1 with JSON
 * bodies, for {@link HttpContractClient}s in other processes. Routes under {@code /contract/}:
 * {@code GET params}, {@code GET height}, {@code GET accepted/<block>}, {@code GET proving},
 * {@code GET leading/<block>}, {@code GET registered/<pk>}, {@code GET balance/<pk>},
 * {@code POST submit}, {@code POST equivocation}, {@code POST register}, and
 * {@code GET events?after=<seq>}: the contract's notifications (accepted and finalised blocks)
 * after a sequence number, waiting up to 1 s for one (long poll); the last {@link #KEEP_EVENTS} are kept. {@code GET /devnet} returns what the host
 * says about the devnet (state depth, SRS seed) so a joining node builds the same proving keys.
 *
 * <p>Every state change is a transaction signed by the key it acts for, as on an L1: each POST
 * carries {@link SignedRequests} headers (domain {@value #DOMAIN}, signer in
 * {@value #SIGNER}: the hex Ed25519 key), checked before the body is read (headers, window) and in
 * full after (signature, replay). A registration must be signed by the signing key it registers
 * (whose holder also proved the VRF key, {@link io.coprover.protocol.Registration}), and its stake
 * is taken from the signer's balance in the {@link DevnetLedger} — stake cannot be conjured; the
 * devnet's faucet ({@code POST /devnet/faucet}) pays each account once from a finite budget. A
 * submission is signed by its submitter (or the key registered for it) and the gas rebate goes to
 * it. Reads are public.
 *
 * <p>Served by an {@link HttpService}: routed before any body is read, each POST read only up to its
 * own limit ({@link #MAX_BODY} for a submission, {@link #MAX_SMALL_BODY} for a registration); every
 * refusal is an answer with {@code {"error": …}} (bad requests, malformed proofs included, 400;
 * unsigned or mis-signed, 401; a key acting for another, 403) and never reaches the contract. Each
 * answer of the event log carries the server's {@code instance} (random per start), so a client
 * notices a restarted host and reads the chain again.
 */
public final class ContractServer implements AutoCloseable {
    /** Notifications kept for clients that poll late. */
    static final int KEEP_EVENTS = 4096;
    /** Largest submission body (a root submission carries every proof of its tree). */
    static final int MAX_BODY = 64 << 20;
    /** Largest body of a registration (keys, proofs of possession, an amount). */
    static final int MAX_SMALL_BODY = 64 << 10;
    /** Largest equivocation report: two proof records in hex and the JSON around them. */
    static final int MAX_EVIDENCE_BODY = 4 * ProofRecordCodec.MAX_BYTES + 1024;

    private static final Log LOG = Log.get("contract");
    /** What contract transactions are signed for. */
    public static final String DOMAIN = "coprover/contract/v1";
    /** The header naming the signer: its Ed25519 public key, hex. */
    public static final String SIGNER = "X-Coprover-Signer";

    private final ContractClient contract;
    private final DevnetLedger ledger;
    private final SignedRequests auth = new SignedRequests(DOMAIN, SIGNER);
    private final String instance = Bytes.of(Bytes.sha256(java.nio.ByteBuffer.allocate(16)
                    .putLong(System.nanoTime())
                    .putLong(new java.security.SecureRandom().nextLong())
                    .array()))
            .shortHex(16);
    private final ObjectNode devnet;
    private final HttpService server;
    private final Deque<ObjectNode> events = new ArrayDeque<>();
    private long nextSeq, heightVersion;
    private volatile boolean closed;

    /**
     * Serves {@code contract} on {@code listen} with the default HTTP limits and a ledger whose
     * faucet pays twice the minimum prover stake to each of 64 accounts; {@code devnet} is
     * returned by {@code GET /devnet}.
     */
    public ContractServer(ContractClient contract, InetSocketAddress listen, ObjectNode devnet) {
        this(contract, listen, devnet, HttpLimits.defaults(), DevnetLedger.standard(contract.params()));
    }

    /** As above with the given HTTP limits (eight threads serve it: each client holds one in its 1 s long poll) and ledger. */
    public ContractServer(
            ContractClient contract,
            InetSocketAddress listen,
            ObjectNode devnet,
            HttpLimits limits,
            DevnetLedger ledger) {
        this.contract = contract;
        this.ledger = ledger;
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
        server = HttpService.builder("contract")
                .limits(limits.withThreads(8))
                .errorBody((status, msg) -> json(status, error(msg)))
                .errors(t -> t instanceof IllegalStateException ? new HttpError(400, t.getMessage()) : null)
                .onRefused((ex, status, msg) -> {
                    if (!closed)
                        LOG.warn(
                                "contract.refused",
                                "remote",
                                ex.remote(),
                                "method",
                                ex.method(),
                                "path",
                                Exchange.clip(ex.path()),
                                "status",
                                status,
                                "error",
                                msg);
                })
                .get("/devnet", ex -> ok(devnet))
                .get("/contract/params", ex -> ok(ContractCodec.params(contract.params())))
                .get("/contract/height", ex -> ok(object().put("height", contract.height())))
                .get("/contract/accepted/*", ex -> {
                    Optional<ContractClient.AcceptedBlock> a = contract.accepted(number(ex, "block"));
                    return ok(
                            a.isPresent()
                                    ? object().set("block", ContractCodec.accepted(a.get()))
                                    : object().putNull("block"));
                })
                .get("/contract/proving", ex -> {
                    ObjectNode o = object();
                    ArrayNode arr = o.putArray("blocks");
                    for (ContractClient.AcceptedBlock a : contract.proving()) arr.add(ContractCodec.accepted(a));
                    return ok(o);
                })
                .get("/contract/leading/*", ex -> {
                    var s = contract.leadingScore(number(ex, "block"));
                    return ok(
                            s.isPresent()
                                    ? object().set("score", ContractCodec.score(s.get()))
                                    : object().putNull("score"));
                })
                .get("/contract/registered/*", ex -> ok(object().put("registered", contract.isRegistered(key(ex)))))
                .get(
                        "/contract/balance/*",
                        ex -> ok(object().put(
                                        "balance", contract.balance(key(ex)).toString())))
                .get("/contract/events", ex -> ok(events(ex.query())))
                .get("/contract/data/*", ex -> {
                    Optional<byte[]> d = contract.blockData(number(ex, "block"));
                    return ok(
                            d.isPresent()
                                    ? object().put("data", Bytes.of(d.get()).hex())
                                    : object().putNull("data"));
                })
                .get(
                        "/devnet/wallet/*",
                        ex -> ok(object().put("balance", ledger.balance(key(ex)).toString())))
                .post("/devnet/faucet", 0, this::precheck, ex -> {
                    Bytes signer = authenticate(ex);
                    BigInteger paid = ledger.faucet(signer);
                    LOG.info("devnet.faucet", "account", signer.shortHex(16), "amount", paid.toString());
                    return ok(object().put("paid", paid.toString())
                            .put("balance", ledger.balance(signer).toString()));
                })
                .post("/contract/submit", MAX_BODY, this::precheck, ex -> {
                    Bytes signer = authenticate(ex);
                    JsonNode in = body(ex);
                    List<ProofRecord> proofs = new ArrayList<>();
                    int i = 0;
                    for (JsonNode h : ContractCodec.array(in, "proofs")) {
                        if (!h.isTextual()) throw new IllegalArgumentException("proofs must be hex strings");
                        try {
                            proofs.add(RollupRecords.decode(Bytes.parseHex(h.asText(), "proof")));
                        } catch (IllegalArgumentException e) { // WireException, MessageException: the reason
                            throw new IllegalArgumentException("proofs[" + i + "]: " + e.getMessage());
                        }
                        i++;
                    }
                    Bytes submitter = in.hasNonNull("submitter") ? ContractCodec.hex(in, "submitter") : signer;
                    actsFor(signer, submitter, "submit for");
                    ContractClient.SubmitResult r = contract.submitRoot(
                            ContractCodec.integer(in, "block"), ContractCodec.hex(in, "rootId"), proofs, submitter);
                    return ok(ContractCodec.submitResult(r));
                })
                .post("/contract/equivocation", MAX_EVIDENCE_BODY, this::precheck, ex -> {
                    authenticate(ex); // anyone may report; the report is still a signed transaction
                    JsonNode in = body(ex);
                    ProofRecord a =
                            RollupRecords.decode(ContractCodec.hex(in, "a").toArray());
                    ProofRecord b =
                            RollupRecords.decode(ContractCodec.hex(in, "b").toArray());
                    return ok(object().put(
                                    "slashed", contract.reportEquivocation(a, b).toString()));
                })
                .post("/contract/register", MAX_SMALL_BODY, this::precheck, ex -> {
                    Bytes signer = authenticate(ex);
                    JsonNode in = body(ex);
                    Registration reg = ContractCodec.registration(in);
                    BigInteger stake = ContractCodec.amount(in, "stake");
                    if (!reg.signingKey().equals(signer)) {
                        throw new HttpError(
                                403,
                                "a registration is signed by the signing key it registers ("
                                        + reg.signingKey().shortHex(16) + "), not by " + signer.shortHex(16));
                    }
                    ledger.debit(signer, stake);
                    try {
                        contract.registerProver(reg, stake);
                    } catch (RuntimeException e) {
                        ledger.refund(signer, stake);
                        throw e;
                    }
                    LOG.info(
                            "contract.registered",
                            "prover",
                            reg.pk().shortHex(16),
                            "role",
                            reg.role(),
                            "stake",
                            stake.toString());
                    return ok(object().put("registered", true));
                })
                .start(listen.getHostString(), listen.getPort());
        LOG.info("contract.serving", "address", listen.getHostString() + ":" + port());
    }

    public int port() {
        return server.port();
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

    private static ObjectNode error(String msg) {
        ObjectNode o = ContractCodec.JSON.createObjectNode();
        o.put("error", msg == null ? "bad request" : msg);
        return o;
    }

    private static ObjectNode object() {
        return ContractCodec.JSON.createObjectNode();
    }

    private static Reply ok(JsonNode body) throws IOException {
        return json(200, body);
    }

    private static Reply json(int status, JsonNode body) {
        try {
            return Reply.json(status, ContractCodec.JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("JSON of an answer: " + e, e);
        }
    }

    private static JsonNode body(Exchange ex) {
        try {
            return ContractCodec.JSON.readTree(ex.body());
        } catch (IOException e) {
            throw new IllegalArgumentException("request body is not JSON");
        }
    }

    /** Headers and window, before any body is read. */
    private void precheck(Exchange ex) {
        String id = auth.precheck(ex::header, System.currentTimeMillis());
        if (!id.matches("[0-9a-f]{64}"))
            throw new HttpError(401, "bad " + SIGNER + ": the signer's Ed25519 public key, 64 lowercase hex digits");
    }

    /** The whole check, body included: the signer's key, its signature, no replay. */
    private Bytes authenticate(Exchange ex) {
        Bytes signer = Bytes.fromHex(ex.header(SIGNER));
        String q = ex.query();
        auth.verify(
                ex.method(),
                ex.path() + (q == null ? "" : "?" + q),
                ex::header,
                ex.body(),
                signer,
                System.currentTimeMillis());
        return signer;
    }

    /** {@code signer} may act for {@code actor}: it is the actor's own key, or the key registered for it. */
    private void actsFor(Bytes signer, Bytes actor, String what) {
        if (actor.equals(signer)) return;
        Optional<Bytes> registered = contract.signingKeyOf(actor);
        if (registered.isPresent() && registered.get().equals(signer)) return;
        throw new HttpError(
                403,
                "key " + signer.shortHex(16) + " may not " + what + " " + actor.shortHex(16)
                        + " (not its key, nor the key registered for it)");
    }

    private static long number(Exchange ex, String what) {
        String p = ex.param(0);
        if (!p.matches("[0-9]{1,18}")) throw new IllegalArgumentException(what + " number expected in the path");
        return Long.parseLong(p);
    }

    private static Bytes key(Exchange ex) {
        return Bytes.of(Bytes.parseHex(ex.param(0), "public key"));
    }

    /**
     * The events after {@code after}, waiting up to 1 s for one or for a height change; without
     * {@code after}, none, only the cursor to start from. Every answer carries the current height.
     * A cursor is -1 (before the first event) or more; one ahead of the newest event is taken as
     * the newest (the answer's {@code next} says where the server is), so no arithmetic on it can
     * overflow.
     */
    private ObjectNode events(String query) {
        long after = Long.MIN_VALUE;
        if (query != null && query.startsWith("after=")) {
            String v = query.substring("after=".length());
            if (!v.matches("-?[0-9]{1,19}"))
                throw new IllegalArgumentException(
                        "after must be a sequence number (-1 or more), got '" + Exchange.clip(v) + "'");
            try {
                after = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "after must be a sequence number (-1 or more), got '" + Exchange.clip(v) + "'");
            }
            if (after < -1) throw new IllegalArgumentException("after must be -1 or more, got " + after);
        } else if (query != null && !query.isEmpty()) {
            throw new IllegalArgumentException("unknown query '" + Exchange.clip(query) + "' (expected after=<seq>)");
        }
        ObjectNode o = ContractCodec.JSON.createObjectNode();
        o.put("instance", instance);
        ArrayNode arr = o.putArray("events");
        synchronized (events) {
            if (after == Long.MIN_VALUE) {
                o.put("next", nextSeq - 1);
                o.put("height", contract.height());
                return o;
            }
            after = Math.min(after, nextSeq - 1);
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
            long first =
                    events.isEmpty() ? nextSeq : events.peekFirst().get("seq").asLong();
            if (after + 1 < first) o.put("missed", first - after - 1); // the client polled too late
            for (ObjectNode e : events) if (e.get("seq").asLong() > after) arr.add(e);
            o.put("next", nextSeq - 1);
        }
        o.put("height", contract.height()); // outside the lock: the contract has its own
        return o;
    }

    @Override
    public void close() {
        closed = true;
        heightChanged(); // wakes the long polls, which then answer at once
        server.close();
    }

    /** Wakes the clients' long polls so they see a new L1 height at once (the devnet host calls it when L1 moves). */
    public void heightChanged() {
        synchronized (events) {
            heightVersion++;
            events.notifyAll();
        }
    }
}
