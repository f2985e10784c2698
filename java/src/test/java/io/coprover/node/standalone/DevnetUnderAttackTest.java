package io.coprover.node.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.log.Log;
import io.coprover.log.LogFormat;
import io.coprover.net.http.RawHttp;
import io.coprover.net.http.SignedRequests;
import io.coprover.node.ContractClient;
import io.coprover.node.config.NodeConfig;
import io.coprover.node.config.NodeInit;
import io.coprover.node.net.ContractServer;
import io.coprover.node.net.HttpContractClient;
import io.coprover.node.net.NetSettings;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.Registration;
import io.coprover.protocol.Role;
import io.coprover.protocol.SigningKey;
import io.coprover.protocol.vrf.Ecvrf;
import io.coprover.protocol.vrf.VrfKeyPair;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loopback devnet (a host and a joining prover, separate nodes over HTTP) under the attacks of
 * the operator issue while it proves a block: sybil registrations until the faucet runs dry and
 * registrations with no stake behind them, another's key registered, unsigned and replayed
 * contract calls, slow connections held against the contract and the gossip port, and junk
 * gossip. Every attack fails, and the block still finalises with a valid, paid tree.
 */
class DevnetUnderAttackTest {
    @TempDir
    Path dir;

    private final List<StandaloneNode> nodes = new ArrayList<>();
    private final List<Socket> slow = new ArrayList<>();

    @BeforeAll
    static void logs() {
        Log.configure(Level.INFO, LogFormat.Style.LOGFMT, System.err);
    }

    @AfterEach
    void close() {
        RawHttp.closeAll(slow);
        for (int i = nodes.size() - 1; i >= 0; i--) nodes.get(i).close();
    }

    private NodeConfig config(String name, String yaml) throws Exception {
        NodeInit.Result r = NodeInit.init(dir.resolve(name), Ecvrf.P256_SHA256_TAI, name, new SecureRandom());
        Files.writeString(r.config(), "name: " + name + "\n" + yaml);
        return NodeConfig.load(r.config());
    }

    @Test
    void hostileTrafficDoesNotStopTheChain() throws Exception {
        int gh = StandaloneNodeTest.freePort(),
                g2 = StandaloneNodeTest.freePort(),
                contract = StandaloneNodeTest.freePort();
        String common =
                "metrics: {port: 0}\nprover: {backends: [java]}\nhttp: {idleTimeoutMillis: 2000, maxConnectionsPerPeer: 256}\n";
        // (every client here shares 127.0.0.1, and each short-lived sybil client leaves a pooled
        // connection open until the idle timeout: the per-address cap is not what this test is about)
        StandaloneNode host = new StandaloneNode(config(
                "host",
                common + "role: MERGE\nlisten: 127.0.0.1:" + gh + "\npeers: [127.0.0.1:" + g2 + "]\n"
                        + "chain: {host: true, contract: 127.0.0.1:" + contract
                        + ", depth: 2, window: 1000, txsPerBlock: 4, seed: 9}\n"));
        nodes.add(host);
        StandaloneNode p2 = new StandaloneNode(
                config(
                        "p2",
                        common + "role: BASE\nlisten: 127.0.0.1:" + g2 + "\npeers: [127.0.0.1:" + gh + "]\n"
                                + "chain: {contract: 127.0.0.1:" + contract + "}\n"),
                spec -> host.host().keys());
        nodes.add(p2);
        ContractClient.AcceptedBlock acc = host.produceBlock();
        long block = acc.block();
        int registeredBefore = acc.registry().provers().size();

        // slow connections held against the contract and p2's gossip port for the whole block
        // (with well-formed headers, so the servers go on to read the bodies that never come)
        SigningKey slowKey = SigningKey.generate(new SecureRandom());
        slow.addAll(RawHttp.hold(
                "127.0.0.1",
                contract,
                12,
                RawHttp.slowBody(
                        "POST",
                        "/contract/submit",
                        lines(new SignedRequests(ContractServer.DOMAIN, ContractServer.SIGNER)
                                .sign(
                                        slowKey.publicKey().hex(),
                                        slowKey,
                                        "POST",
                                        "/contract/submit",
                                        new byte[0],
                                        System.currentTimeMillis())))));
        slow.addAll(RawHttp.hold(
                "127.0.0.1",
                g2,
                12,
                RawHttp.slowBody(
                        "POST",
                        "/gossip/proof",
                        lines(io.coprover.node.net.HttpGossipTransport.envelope(
                                io.coprover.node.GossipTransport.Topic.PROOF, new byte[100], "slow", slowKey)))));

        // sybils: fresh keys, each funded once by the faucet, until it runs dry; then a stake from nothing
        SecureRandom rnd = new SecureRandom();
        int sybils = 0;
        String dry = null;
        for (int i = 0; i < 80 && dry == null; i++) {
            VrfKeyPair k = VrfKeyPair.generate(Ecvrf.P256_SHA256_TAI, rnd);
            try (HttpContractClient c = new HttpContractClient(
                    NetSettings.parseAddress("127.0.0.1:" + contract), SigningKey.derivedFrom(k), Duration.ZERO)) {
                try {
                    c.faucet();
                } catch (IllegalArgumentException e) {
                    dry = e.getMessage();
                    IllegalArgumentException none = org.junit.jupiter.api.Assertions.assertThrows(
                            IllegalArgumentException.class,
                            () -> c.registerProver(
                                    Registration.prover(k, Role.BOTH),
                                    host.contract().params().minProverStake()));
                    assertTrue(none.getMessage().contains("holds 0.000000000000000000 AZT"), none.getMessage());
                    break;
                }
                c.registerProver(
                        Registration.prover(k, Role.BOTH),
                        host.contract().params().minProverStake());
                sybils++;
            }
        }
        assertTrue(dry != null && dry.contains("dry"), "the faucet runs dry: " + dry);
        assertTrue(sybils < 64, sybils + " sybils at most, all paid for with faucet money");
        assertEquals(
                registeredBefore,
                host.contract()
                        .accepted(block)
                        .orElseThrow()
                        .registry()
                        .provers()
                        .size(),
                "registrations after the block's randomness are not in its registry");

        // a victim's key registered by another, unsigned calls, a replayed signed call
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + contract;
        VrfKeyPair victim = VrfKeyPair.generate(Ecvrf.P256_SHA256_TAI, rnd);
        SigningKey mallory = SigningKey.generate(rnd);
        String regBody = "{\"pk\": \"" + Bytes.of(victim.publicKey()).hex() + "\", \"signingKey\": \""
                + mallory.publicKey().hex()
                + "\", \"role\": \"BOTH\", \"vrfProof\": \"00\", \"signature\": \"00\", \"stake\": \"1\"}";
        assertEquals(
                403,
                http.send(
                                signed(base, "/contract/register", regBody, SigningKey.derivedFrom(victim)),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode());
        assertEquals(
                401,
                http.send(
                                HttpRequest.newBuilder(URI.create(base + "/contract/register"))
                                        .POST(HttpRequest.BodyPublishers.ofString(regBody))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode());
        HttpRequest once = signed(base, "/devnet/faucet", "", mallory);
        http.send(once, HttpResponse.BodyHandlers.ofString());
        assertEquals(401, http.send(once, HttpResponse.BodyHandlers.ofString()).statusCode(), "replayed");
        assertFalse(host.contract().isRegistered(Bytes.of(victim.publicKey())));

        // junk gossip to p2 in a valid envelope: refused there, never relayed to the host; the sender is banned
        for (int i = 0; i < 8; i++) {
            byte[] junk = ("not a proof record " + i).getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> r = http.send(gossip(g2, junk, mallory), HttpResponse.BodyHandlers.ofString());
            assertTrue(r.statusCode() == 202 || r.statusCode() == 403, r.statusCode() + " " + r.body());
        }

        // the block is proven and finalised through all of it
        long end = System.currentTimeMillis() + 240_000;
        while (host.contract().leadingScore(block).isEmpty()) {
            assertTrue(System.currentTimeMillis() < end, "a root despite the attacks");
            Thread.sleep(100);
        }
        for (StandaloneNode n : nodes) assertTrue(n.prover().awaitIdle(120, TimeUnit.SECONDS));
        List<ContractClient.Finalised> fin =
                host.advance(acc.deadline() - host.contract().height() + 1);
        assertEquals(1, fin.size());
        assertFalse(fin.get(0).dropped(), "the block finalised with a valid tree");
        assertTrue(host.host().conservationHolds());
        assertTrue(
                fin.get(0).payouts().stream().anyMatch(p -> p.proof().prover().equals(p2.publicKey())),
                "the honest base prover is paid");
        assertEquals(
                0,
                StandaloneNodeTest.metric(host.metricsPort(), "coprover_proofs_checked_total{result=\"rejected\"}"),
                "no junk was relayed to the host");
        assertTrue(
                StandaloneNodeTest.metric(p2.metricsPort(), "coprover_proofs_checked_total{result=\"rejected\"}") >= 1,
                "p2 refused the junk");
        HttpResponse<String> banned = http.send(
                gossip(g2, "after the ban".getBytes(StandardCharsets.UTF_8), mallory),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, banned.statusCode(), banned.body());
        for (ProofRecord p : host.prover().proofs(block)) assertTrue(p.signed());
    }

    private static String lines(Map<String, String> headers) {
        StringBuilder b = new StringBuilder();
        headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
        return b.toString();
    }

    private static HttpRequest signed(String base, String path, String body, SigningKey key) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body));
        new SignedRequests(ContractServer.DOMAIN, ContractServer.SIGNER)
                .sign(
                        key.publicKey().hex(),
                        key,
                        "POST",
                        path,
                        body.getBytes(StandardCharsets.UTF_8),
                        System.currentTimeMillis())
                .forEach(b::header);
        return b.build();
    }

    /** A PROOF gossip message with valid envelopes signed by {@code key} (origin and sender both). */
    private static HttpRequest gossip(int port, byte[] payload, SigningKey key) {
        Map<String, String> h = io.coprover.node.net.HttpGossipTransport.envelope(
                io.coprover.node.GossipTransport.Topic.PROOF, payload, "mallory", key);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/gossip/proof"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        h.forEach(b::header);
        return b.build();
    }
}
