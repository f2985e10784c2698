package io.coprover.node.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.log.Log;
import io.coprover.log.LogFormat;
import io.coprover.node.ContractClient;
import io.coprover.node.config.NodeConfig;
import io.coprover.node.config.NodeInit;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.RewardSplit;
import io.coprover.protocol.vrf.Ecvrf;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code coprover node}s in one JVM, talking only over loopback HTTP: a devnet host that
 * proves merges (and serves the contract), a base prover and a second merge prover that join it.
 * One block goes from the sequencer's gossip to a finalised, paid tree: the base proofs cross
 * processes to both root provers, both roots cross back, the better tree wins.
 */
class StandaloneNodeTest {
    @TempDir
    Path dir;

    private final List<StandaloneNode> nodes = new ArrayList<>();

    @BeforeAll
    static void logs() {
        Log.configure(Level.INFO, LogFormat.Style.LOGFMT, System.err);
    }

    @AfterEach
    void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) nodes.get(i).close();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private NodeConfig config(String name, String yaml) throws Exception {
        NodeInit.Result r = NodeInit.init(dir.resolve(name), Ecvrf.P256_SHA256_TAI, name, new SecureRandom());
        Files.writeString(r.config(), "name: " + name + "\n" + yaml);
        return NodeConfig.load(r.config());
    }

    /** Who made the proofs of {@code block} that node {@code n} verified (its own included). */
    static Set<Bytes> provers(StandaloneNode n, long block) {
        Set<Bytes> s = new HashSet<>();
        for (ProofRecord p : n.prover().proofs(block)) s.add(p.prover());
        return s;
    }

    static double metric(int port, String sample) throws Exception {
        String body = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** The reward total from the three exact parts of the metrics: azt·10^18 + nanoazt·10^9 + units_rem. */
    static BigInteger rewardUnits(int port) throws Exception {
        BigInteger billion = BigInteger.TEN.pow(9);
        return BigInteger.valueOf((long) metric(port, "coprover_rewards_azt"))
                .multiply(billion)
                .multiply(billion)
                .add(BigInteger.valueOf((long) metric(port, "coprover_rewards_nanoazt"))
                        .multiply(billion))
                .add(BigInteger.valueOf((long) metric(port, "coprover_rewards_units_rem")));
    }

    @Test
    void threeNodesOnLoopbackFinaliseABlock() throws Exception {
        int gh = freePort(), g2 = freePort(), g3 = freePort(), contract = freePort();
        String common = "metrics: {port: 0}\nprover: {backends: [java]}\n";
        NodeConfig hostCfg = config(
                "host",
                common + "role: MERGE\nlisten: 127.0.0.1:" + gh + "\npeers: [127.0.0.1:" + g2 + ", 127.0.0.1:" + g3
                        + "]\n" + "chain: {host: true, contract: 127.0.0.1:" + contract
                        + ", depth: 2, window: 1000, txsPerBlock: 4, seed: 7}\n");
        StandaloneNode host = new StandaloneNode(hostCfg);
        nodes.add(host);
        // p2 builds its proving keys from the spec the host serves, as a separate process does (its
        // proofs verify at the host only if they are the host's keys); p3 shares the host's to save a setup
        nodes.add(new StandaloneNode(config(
                "p2",
                common + "role: BASE\nlisten: 127.0.0.1:" + g2 + "\npeers: [127.0.0.1:" + gh + "]\n"
                        + "chain: {contract: 127.0.0.1:" + contract + "}\n")));
        nodes.add(new StandaloneNode(
                config(
                        "p3",
                        common + "role: MERGE\nlisten: 127.0.0.1:" + g3 + "\npeers: [127.0.0.1:" + gh + "]\n"
                                + "chain: {contract: 127.0.0.1:" + contract + "}\n"),
                spec -> {
                    assertEquals(host.host().spec(), spec, "the spec served by the host");
                    return host.host().keys();
                }));
        for (StandaloneNode n : nodes) assertTrue(host.contract().isRegistered(n.publicKey()), "registered over HTTP");

        ContractClient.AcceptedBlock acc = host.produceBlock();
        long block = acc.block();
        // p2 proves both base nodes; the host and p3 each prove the root once both arrived by gossip
        Bytes host1 = host.publicKey(),
                p2 = nodes.get(1).publicKey(),
                p3 = nodes.get(2).publicKey();
        long end = System.currentTimeMillis() + 120_000;
        while (nodes.stream().anyMatch(n -> provers(n, block).size() < 3)) {
            assertTrue(System.currentTimeMillis() < end, "proofs did not reach every node in time");
            Thread.sleep(100);
        }
        for (StandaloneNode n : nodes) {
            assertTrue(n.prover().awaitIdle(60, TimeUnit.SECONDS));
            assertEquals(Set.of(host1, p2, p3), provers(n, block), "every node verified the proofs of all three");
        }
        assertTrue(host.contract().leadingScore(block).isPresent(), "a root was submitted");

        List<ContractClient.Finalised> fin =
                host.advance(acc.deadline() - host.contract().height() + 1);
        assertEquals(1, fin.size());
        ContractClient.Finalised f = fin.get(0);
        assertFalse(f.dropped(), "block finalised with a valid tree");
        assertTrue(host.host().conservationHolds());
        Set<Bytes> paid = new HashSet<>();
        BigInteger hostReward = BigInteger.ZERO;
        for (RewardSplit.Payout p : f.payouts()) {
            paid.add(p.proof().prover());
            if (p.proof().prover().equals(host.publicKey())) hostReward = hostReward.add(p.reward());
        }
        assertTrue(paid.contains(p2), "the base proofs are paid");
        assertTrue(paid.contains(host1) || paid.contains(p3), "a root is paid");
        // the finalisation reached every node (over HTTP for the joiners) and shows in the metrics
        BigInteger hr = hostReward;
        end = System.currentTimeMillis() + 60_000; // returns as soon as it holds; generous for a loaded machine
        while (!rewardUnits(host.metricsPort()).equals(hr)) { // to the unit
            assertTrue(System.currentTimeMillis() < end, "host reward metric");
            Thread.sleep(50);
        }
        for (int i = 1; i < 3; i++) {
            StandaloneNode n = nodes.get(i);
            BigInteger r = BigInteger.ZERO;
            for (RewardSplit.Payout p : f.payouts())
                if (p.proof().prover().equals(n.publicKey())) r = r.add(p.reward());
            BigInteger want = r;
            while (!rewardUnits(n.metricsPort()).equals(want)) { // to the unit
                assertTrue(System.currentTimeMillis() < end, "reward metric of node " + i);
                Thread.sleep(50);
            }
            assertTrue(metric(n.metricsPort(), "coprover_jobs_ended_total{state=\"done\"}") >= 1);
            assertTrue(
                    metric(n.metricsPort(), "coprover_gossip_messages_total{direction=\"in\",topic=\"block\"}") >= 1);
        }
        // the host verified p2's two base proofs and p3's root
        assertEquals(3, metric(host.metricsPort(), "coprover_proofs_checked_total{result=\"verified\"}"));
    }
}
