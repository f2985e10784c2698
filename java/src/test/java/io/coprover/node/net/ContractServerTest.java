package io.coprover.node.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.net.http.HttpLimits;
import io.coprover.net.http.RawHttp;
import io.coprover.net.http.SignedRequests;
import io.coprover.node.ContractClient;
import io.coprover.node.InProcessContractClient;
import io.coprover.protocol.Amounts;
import io.coprover.protocol.BlockCommitment;
import io.coprover.protocol.BlockHeader;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.Registration;
import io.coprover.protocol.RewardSplit;
import io.coprover.protocol.Role;
import io.coprover.protocol.RollupContract;
import io.coprover.protocol.Score;
import io.coprover.protocol.SigningKey;
import io.coprover.protocol.VrfMode;
import io.coprover.protocol.vrf.VrfKeyPair;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The devnet contract over HTTP: every call and notification as the in-process client gives it; bad requests refused. */
class ContractServerTest {
    static final SecureRandom RND = new SecureRandom();

    @Test
    void remoteClientSeesWhatTheInProcessClientSees() throws Exception {
        ProtocolParams params = ProtocolParams.defaults()
                .withMode(VrfMode.PRIVATE)
                .withTiming(100, 5)
                .withBlockReward(Amounts.ONE_AZT);
        RollupContract contract = new RollupContract(params, (p, lookup) -> "no proofs in this test");
        InProcessContractClient l1 = new InProcessContractClient(contract, 1);
        VrfKeyPair seq = VrfKeyPair.generate(params.suite(), RND);
        contract.stakeSequencer(Registration.sequencer(seq), params.minSequencerStake());
        VrfKeyPair proverKey = VrfKeyPair.generate(params.suite(), RND);
        SigningKey signer = SigningKey.derivedFrom(proverKey);
        try (ContractServer server = new ContractServer(l1, NetSettings.parseAddress("127.0.0.1:0"), null);
                HttpContractClient remote = new HttpContractClient(
                        NetSettings.parseAddress("127.0.0.1:" + server.port()), signer, Duration.ZERO)) {
            assertEquals(params, remote.params());
            List<ContractClient.AcceptedBlock> accepted = new CopyOnWriteArrayList<>();
            List<ContractClient.Finalised> finalised = new CopyOnWriteArrayList<>();
            List<Long> heights = new java.util.concurrent.CopyOnWriteArrayList<>();
            remote.subscribe(new ContractClient.Listener() {
                @Override
                public void onAccepted(ContractClient.AcceptedBlock b) {
                    accepted.add(b);
                }

                @Override
                public void onFinalised(ContractClient.Finalised f) {
                    finalised.add(f);
                }

                @Override
                public void onHeight(long h) {
                    heights.add(h);
                }
            });
            Bytes pk = Bytes.of(proverKey.publicKey());
            Registration reg = Registration.prover(proverKey, Role.BASE);
            assertFalse(remote.isRegistered(pk));
            // stake comes from the signer's balance: none yet
            IllegalArgumentException broke = assertThrows(
                    IllegalArgumentException.class, () -> remote.registerProver(reg, params.minProverStake()));
            assertTrue(
                    broke.getMessage().startsWith("contract host refused POST /contract/register: ")
                            && broke.getMessage().contains("faucet"),
                    broke.getMessage());
            BigInteger funded = remote.faucet();
            assertEquals(params.minProverStake().multiply(BigInteger.TWO), funded);
            assertThrows(IllegalArgumentException.class, remote::faucet, "the faucet pays an account once");
            IllegalArgumentException small =
                    assertThrows(IllegalArgumentException.class, () -> remote.registerProver(reg, BigInteger.ONE));
            assertTrue(small.getMessage().contains("below the minimum"), small.getMessage());
            assertEquals(funded, remote.wallet(), "a refused stake is refunded");
            remote.registerProver(reg, params.minProverStake());
            assertTrue(remote.isRegistered(pk) && l1.isRegistered(pk));
            assertEquals(funded.subtract(params.minProverStake()), remote.wallet());

            // a block: election, acceptance; the remote learns it by its event poll
            byte[] randao = new byte[32];
            new Random(1).nextBytes(randao);
            contract.openElection(1, randao);
            Bytes root = Bytes.of(Bytes.sha256("start".getBytes())), txc = Bytes.of(Bytes.sha256("txs".getBytes()));
            BlockHeader header =
                    new BlockHeader(1, Bytes.of(seq.publicKey()), 1_000_000, 4, BigInteger.valueOf(500), root, txc);
            contract.bid(
                    Bytes.of(seq.publicKey()),
                    1_000_000,
                    Bytes.of(params.mode().draw(seq, contract.electionAlpha()).proof()),
                    BlockCommitment.of(header));
            contract.closeElection();
            ContractClient.AcceptedBlock local = l1.acceptBlock(header);
            long end =
                    System.currentTimeMillis() + 60_000; // returns as soon as it holds; generous for a loaded machine
            while (accepted.isEmpty() && System.currentTimeMillis() < end) Thread.sleep(10);
            assertEquals(1, accepted.size());
            ContractClient.AcceptedBlock got = accepted.get(0);
            assertEquals(local.header(), got.header());
            assertEquals(local.deadline(), got.deadline());
            assertArrayEquals(local.draw().randao(), got.draw().randao());
            assertArrayEquals(local.draw().betaSeq(), got.draw().betaSeq());
            assertArrayEquals(local.draw().alpha(new NodeId(0, 1)), got.draw().alpha(new NodeId(0, 1)));
            assertEquals(
                    List.copyOf(local.registry().provers()),
                    List.copyOf(got.registry().provers()));
            assertEquals(local.header(), remote.accepted(1).orElseThrow().header());
            assertEquals(1, remote.proving().size());
            assertTrue(remote.accepted(2).isEmpty());
            assertTrue(remote.leadingScore(1).isEmpty());

            // an invalid submission is an answer, not an exception
            ContractClient.SubmitResult sr = remote.submitRoot(1, root, List.of(), pk);
            assertFalse(sr.valid());
            assertEquals(l1.submitRoot(1, root, List.of(), pk).reason(), sr.reason());

            // no valid root by the deadline: dropped, the sequencer slashed; the remote sees the height move
            l1.setHeight(local.deadline() + 1);
            server.heightChanged();
            List<ContractClient.Finalised> fin = l1.tick();
            end = System.currentTimeMillis() + 60_000; // returns as soon as it holds; generous for a loaded machine
            while ((finalised.isEmpty() || !heights.contains(local.deadline() + 1)) && System.currentTimeMillis() < end)
                Thread.sleep(10);
            // a remote node hears every new height (its liveness rounds widen on it), never one twice
            assertTrue(heights.contains(local.deadline() + 1), heights.toString());
            assertEquals(heights.stream().distinct().sorted().toList(), heights, "increasing, each once");
            assertEquals(local.deadline() + 1, remote.height());
            assertEquals(fin, finalised);
            assertTrue(finalised.get(0).dropped());
            assertEquals(l1.balance(pk), remote.balance(pk));

            // bad requests are refused with a reason and change nothing
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/contract/submit"))
                            .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode());
            assertTrue(r.body().contains("unsigned request"), r.body());
            r = http.send(signed(base, "/contract/submit", "{not json", signer), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode());
            assertTrue(r.body().contains("not JSON"), r.body());
            r = http.send(
                    signed(base, "/contract/submit", "{\"block\": 1}", signer), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode());
            assertTrue(r.body().contains("missing 'proofs'"), r.body());
            // a key acting for another: submitting in another prover's name, registering another's key
            SigningKey stranger = SigningKey.generate(RND);
            r = http.send(
                    signed(
                            base,
                            "/contract/submit",
                            "{\"block\": 1, \"rootId\": \"" + root.hex() + "\", \"submitter\": \"" + pk.hex()
                                    + "\", \"proofs\": []}",
                            stranger),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, r.statusCode(), r.body());
            VrfKeyPair victim = VrfKeyPair.generate(params.suite(), RND);
            String regBody = ContractCodec.JSON.writeValueAsString(
                    ContractCodec.registration(Registration.prover(victim, Role.BASE), params.minProverStake()));
            r = http.send(signed(base, "/contract/register", regBody, stranger), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, r.statusCode(), r.body());
            assertFalse(l1.isRegistered(Bytes.of(victim.publicKey())));
            // a replayed signed request is refused
            HttpRequest once = signed(base, "/contract/equivocation", "{}", signer);
            assertEquals(
                    400, http.send(once, HttpResponse.BodyHandlers.ofString()).statusCode());
            r = http.send(once, HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode());
            assertTrue(r.body().contains("replayed"), r.body());
            assertEquals(
                    400,
                    http.send(
                                    HttpRequest.newBuilder(URI.create(base + "/contract/accepted/x"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode());
            assertEquals(
                    404,
                    http.send(
                                    HttpRequest.newBuilder(URI.create(base + "/contract/nothing"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode());
        }
    }

    static ContractServer serve(HttpLimits limits) {
        ProtocolParams params =
                ProtocolParams.defaults().withMode(VrfMode.PRIVATE).withTiming(100, 5);
        RollupContract contract = new RollupContract(params, (p, lookup) -> "no proofs in this test");
        return new ContractServer(
                new InProcessContractClient(contract, 1),
                NetSettings.parseAddress("127.0.0.1:0"),
                null,
                limits,
                DevnetLedger.standard(params));
    }

    static final SigningKey TEST_SIGNER = SigningKey.generate(RND);

    /** A signed POST for java.net.http. */
    static HttpRequest signed(String base, String path, String body, SigningKey key) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body));
        new SignedRequests(ContractServer.DOMAIN, ContractServer.SIGNER)
                .sign(
                        key.publicKey().hex(),
                        key,
                        "POST",
                        path,
                        body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        System.currentTimeMillis())
                .forEach(b::header);
        return b.build();
    }

    /** Signature headers for a raw request (CRLF-terminated lines). */
    static String signedHeaders(String path, String body) {
        StringBuilder h = new StringBuilder();
        new SignedRequests(ContractServer.DOMAIN, ContractServer.SIGNER)
                .sign(
                        TEST_SIGNER.publicKey().hex(),
                        TEST_SIGNER,
                        "POST",
                        path,
                        body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        System.currentTimeMillis())
                .forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
        return h.toString();
    }

    static RawHttp.Answer call(int port, String request) throws Exception {
        try (Socket s = RawHttp.open(port)) {
            RawHttp.send(s, request);
            return RawHttp.read(s);
        }
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    }

    @Test
    void malformedProofsAndCursorsAreAnswered400WithAReason() throws Exception {
        try (ContractServer server = serve(HttpLimits.defaults())) {
            int port = server.port();
            String key = "ab".repeat(32);
            String submit = "{\"block\": 1, \"rootId\": \"" + key + "\", \"proofs\": [\"00112233\"]}";
            RawHttp.Answer r = call(port, RawHttp.request("POST", "/contract/submit", "", submit));
            assertEquals(401, r.status(), "unsigned");
            r = call(
                    port,
                    RawHttp.request("POST", "/contract/submit", signedHeaders("/contract/submit", submit), submit));
            assertEquals(400, r.status());
            assertTrue(r.body().contains("proofs[0]: proof record") && r.body().contains("truncated"), r.body());
            // the newest possible cursor: clamped, no overflow into a negative "missed"
            r = call(port, get("/contract/events?after=9223372036854775807"));
            assertEquals(200, r.status());
            assertFalse(r.body().contains("missed"), r.body());
            assertTrue(r.body().contains("\"next\":-1"), r.body());
            for (String bad : new String[] {"-2", "-9223372036854775808", "99999999999999999999", "x"}) {
                r = call(port, get("/contract/events?after=" + bad));
                assertEquals(400, r.status(), bad);
                assertTrue(r.body().contains("after must be"), r.body());
            }
            r = call(port, RawHttp.request("PUT", "/contract/height", "", ""));
            assertEquals(405, r.status());
            assertEquals("GET", r.header("Allow"));
            r = call(port, get("/contract/submit"));
            assertEquals(405, r.status());
            assertEquals("POST", r.header("Allow"));
        }
    }

    @Test
    void bodiesAreReadOnlyUpToTheirRoutesLimit() throws Exception {
        try (ContractServer server = serve(HttpLimits.defaults());
                Socket s = RawHttp.open(server.port())) {
            // 100 KiB declared for a registration (limit 64 KiB): refused before a byte of it is sent
            RawHttp.send(s, "POST /contract/register HTTP/1.1\r\nHost: x\r\nContent-Length: 102400\r\n\r\n");
            RawHttp.Answer r = RawHttp.read(s);
            assertEquals(413, r.status());
            assertTrue(r.body().contains("exceeds the limit of " + ContractServer.MAX_SMALL_BODY), r.body());
            assertTrue(RawHttp.closedByServer(s), "closed after the 413");
            try (Socket big = RawHttp.open(server.port())) {
                RawHttp.send(big, "POST /contract/submit HTTP/1.1\r\nHost: x\r\nContent-Length: 1099511627776\r\n\r\n");
                assertEquals(413, RawHttp.read(big).status());
                assertTrue(RawHttp.closedByServer(big));
            }
        }
    }

    @Test
    void slowClientsAreCutByTheIdleTimeoutAndDelayNoOne() throws Exception {
        try (ContractServer server = serve(HttpLimits.defaults().withIdleTimeoutMillis(1000))) {
            int port = server.port();
            // more than the server's 8 threads: waiting for a body holds none
            List<Socket> slow = RawHttp.hold(
                    "127.0.0.1",
                    port,
                    20,
                    RawHttp.slowBody("POST", "/contract/submit", signedHeaders("/contract/submit", "x")));
            try {
                RawHttp.Answer r = call(port, get("/contract/height"));
                assertEquals(200, r.status(), "an honest call while the slow ones hold");
                for (Socket x : slow) {
                    assertEquals(408, RawHttp.read(x).status());
                    assertTrue(RawHttp.closedByServer(x), "the server closed a slow client");
                }
            } finally {
                RawHttp.closeAll(slow);
            }
        }
    }

    @Test
    void aFloodFromOneAddressLeavesOthersServed() throws Exception {
        try (ContractServer server = serve(HttpLimits.defaults().withConnections(64, 4))) {
            int port = server.port();
            List<Socket> flood = RawHttp.hold("127.0.0.2", port, 4, "GET /contract/height HTTP/1.1\r\n");
            try {
                for (int i = 0; i < 8; i++) {
                    Socket x = RawHttp.open("127.0.0.2", port);
                    flood.add(x);
                    assertTrue(RawHttp.closedByServer(x), "excess connection " + i + " refused");
                }
                assertEquals(200, call(port, get("/contract/height")).status());
            } finally {
                RawHttp.closeAll(flood);
            }
        }
    }

    @Test
    void codecRoundTripsASplitAndRejectsBadFields() {
        RewardSplit.Included in =
                new RewardSplit.Included(Bytes.of(new byte[32]), Bytes.of(new byte[] {2, 3}), new NodeId(1, 0), 5000);
        RewardSplit split = new RewardSplit(
                BigInteger.TEN,
                900_000,
                BigInteger.valueOf(9),
                BigInteger.ONE,
                BigInteger.ZERO,
                BigInteger.valueOf(3),
                3,
                List.of(new RewardSplit.Payout(in, BigInteger.valueOf(3), BigInteger.ZERO)),
                BigInteger.ZERO,
                BigInteger.valueOf(6),
                BigInteger.ZERO);
        ContractClient.Finalised f = new ContractClient.Finalised(
                4,
                false,
                Bytes.of(new byte[] {9}),
                new Score(1, -2),
                null,
                split,
                Bytes.of(new byte[] {7}),
                BigInteger.valueOf(11),
                null);
        assertEquals(f, ContractCodec.finalised(ContractCodec.finalised(f)));
        var o = ContractCodec.finalised(f);
        o.put("block", "four");
        assertThrows(IllegalArgumentException.class, () -> ContractCodec.finalised(o));
        var p = ContractCodec.params(ProtocolParams.defaults());
        p.put("minProverStake", "-1");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ContractCodec.params(p))
                .getMessage()
                .contains("minProverStake"));
    }
}
