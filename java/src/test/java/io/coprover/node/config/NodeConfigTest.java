package io.coprover.node.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.log.LogFormat;
import io.coprover.net.http.HttpLimits;
import io.coprover.protocol.Amounts;
import io.coprover.protocol.Role;
import io.coprover.protocol.vrf.Ecvrf;
import io.coprover.protocol.vrf.VrfKeyFile;
import io.coprover.scheduler.JobKind;
import java.math.BigInteger;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {
    @TempDir
    Path dir;

    private NodeConfig parse(String yaml) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, yaml);
        return NodeConfig.load(f);
    }

    private String error(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void initWritesAKeyAndASkeletonThatParsesToTheDefaults() throws Exception {
        NodeInit.Result r = NodeInit.init(dir.resolve("n1"), Ecvrf.P256_SHA256_TAI, "prover-1", new SecureRandom());
        assertArrayEquals(r.keyPair().publicKey(), VrfKeyFile.load(r.key()).publicKey());
        NodeConfig c = NodeConfig.load(r.config());
        NodeConfig d = NodeConfig.defaults(dir.resolve("n1").toAbsolutePath());
        assertEquals("prover-1", c.name());
        assertEquals(d.keyFile(), c.keyFile());
        assertEquals(r.key().toAbsolutePath(), c.keyFile());
        assertEquals(d.role(), c.role());
        assertEquals(d.stake(), c.stake());
        assertEquals(d.listen(), c.listen());
        assertEquals(d.peers(), c.peers());
        assertEquals(d.gossip(), c.gossip());
        assertEquals(d.http(), c.http());
        assertEquals(d.metrics(), c.metrics());
        assertEquals(d.log(), c.log());
        assertEquals(d.prover(), c.prover());
        assertEquals(d.strategy(), c.strategy());
        assertEquals(d.chain(), c.chain());
        assertEquals(
                new NodeConfig.Offload(
                        List.of(),
                        "prover-1",
                        dir.resolve("n1/builder-client.key").toAbsolutePath(),
                        120),
                c.offload());
        // the defaults themselves
        assertEquals(Role.BOTH, d.role());
        assertEquals(Amounts.ONE_AZT.multiply(BigInteger.valueOf(1000)), d.stake());
        assertEquals(9400, d.metrics().port());
        assertEquals(List.of("auto"), d.prover().backends());
        assertEquals(4 << 20, d.netSettings().maxMessageBytes());
        assertEquals(HttpLimits.defaults(), d.http());
        assertEquals(d.http(), d.netSettings().http());
        assertThrows(
                FileAlreadyExistsException.class,
                () -> NodeInit.init(dir.resolve("n1"), Ecvrf.P256_SHA256_TAI, "x", new SecureRandom()));
    }

    @Test
    void aFullConfigIsRead() throws Exception {
        NodeConfig c = parse("""
                name: p2
                key: keys/p2.key
                role: merge
                stake: 1500units
                listen: 0.0.0.0:7401
                peers: [10.0.0.1:7400, "[::1]:7402"]
                gossip: {maxMessageBytes: 65536, relay: false}
                http: {idleTimeoutMillis: 2500, maxConnectionsPerPeer: 8}
                metrics: {enabled: false, port: 0}
                log: {level: debug, format: json, progressSeconds: 3}
                prover: {backends: [cuda:0, cuda:1, java], cpuSlots: 2, maxRetries: 0, proofStore: /var/lib/coprover}
                strategy: {feeBurn: "random:0:50000:7", nodes: capacity:top, estimate: {base: 2000, merge: 3000, root: 3500}}
                chain: {host: true, contract: 0.0.0.0:7500, depth: 6, window: 30, l1Seconds: 0.5, blockSeconds: 5, txsPerBlock: 8, seed: 42}
                """);
        assertEquals(dir.resolve("keys/p2.key").toAbsolutePath(), c.keyFile());
        assertEquals(Role.MERGE, c.role());
        assertEquals(BigInteger.valueOf(1500), c.stake());
        assertEquals(2, c.peers().size());
        assertEquals("::1", c.peers().get(1).getHostString());
        assertEquals(65536, c.gossip().maxMessageBytes());
        assertEquals(1024, c.gossip().queueCapacity());
        assertEquals(HttpLimits.defaults().withIdleTimeoutMillis(2500).withConnections(512, 8), c.http());
        assertTrue(!c.gossip().relay() && !c.metrics().enabled());
        assertEquals(Level.FINE, c.log().level());
        assertEquals(LogFormat.Style.JSON, c.log().format());
        assertEquals(List.of("cuda:0", "cuda:1", "java"), c.prover().backends());
        assertEquals(Path.of("/var/lib/coprover"), c.prover().proofStore());
        assertEquals(
                Map.of(JobKind.BASE, 2000L, JobKind.MERGE, 3000L, JobKind.ROOT, 3500L),
                c.strategy().estimate());
        c.strategy().selection(2, () -> 0); // builds
        assertTrue(c.chain().host());
        assertEquals(42, c.chain().seed());
        assertEquals(6, c.chain().depth());
        assertEquals(0.5, c.chain().l1Seconds());
        // JSON is YAML too
        assertEquals("j", parse("{\"name\": \"j\", \"peers\": []}").name());
    }

    @Test
    void badConfigsFailNamingTheKey() {
        assertTrue(error("metrics:\n  port: 70000\n")
                .contains("c.yaml: metrics.port: expected an integer in 0..65535, got 70000"));
        assertTrue(error("metrics:\n  prot: 1\n")
                .contains("c.yaml: metrics.prot: unknown key (known here: enabled, host, port)"));
        assertTrue(error("peer: [a:1]\n").contains("c.yaml: peer: unknown key"));
        assertTrue(error("role: sometimes\n").contains("c.yaml: role: unknown role 'sometimes'"));
        assertTrue(error("peers: [a:1, nohost]\n").contains("c.yaml: peers[1]: not host:port: 'nohost'"));
        assertTrue(error("prover: {backends: [gpu]}\n").contains("c.yaml: prover.backends[0]: unknown backend 'gpu'"));
        assertTrue(error("prover: {backends: []}\n").contains("at least one backend"));
        assertTrue(error("stake: lots\n").contains("c.yaml: stake: stake: not an amount: 'lots'"));
        assertTrue(error("strategy: {feeBurn: fixed:2000000}\n").contains("c.yaml: strategy: FEE_BURN"));
        assertTrue(error("strategy: {feeBurn: burn-it-all}\n").contains("unknown FEE_BURN policy 'burn-it-all'"));
        assertTrue(error("strategy: {nodes: capacity:all}\n").contains("needs a positive estimate for base"));
        assertTrue(error("chain: {l1Seconds: soon}\n").contains("c.yaml: chain.l1Seconds: expected seconds"));
        assertTrue(error("log: {format: xml}\n").contains("c.yaml: log.format: unknown log format 'xml'"));
        assertTrue(error("http: {maxConnections: 10, maxConnectionsPerPeer: 11}\n")
                .contains("c.yaml: http.maxConnectionsPerPeer: expected an integer in 1..10"));
        assertTrue(error("http: {idleTimeout: 5}\n").contains("c.yaml: http.idleTimeout: unknown key"));
        assertTrue(error("gossip: yes\n").contains("c.yaml: gossip: expected a mapping of keys"));
        assertTrue(error("name: \"two words\"\n").contains("c.yaml: name: must be 1-64"));
        assertTrue(error("name: [a\n").contains("c.yaml: not valid YAML"));
        assertTrue(error("- just\n- a list\n").contains("expected a mapping of keys, got a list"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NodeConfig.load(dir.resolve("missing.yaml")))
                .getMessage()
                .contains("no such config file"));
    }

    @Test
    void offloadBuildersAreCheckedUrls() throws Exception {
        NodeConfig c = parse(
                "name: p7\noffload:\n  builders: [http://10.0.0.5:7600, https://pbs.example.org]\n  key: k/client.key\n  timeoutSeconds: 30\n");
        assertEquals(
                List.of(java.net.URI.create("http://10.0.0.5:7600"), java.net.URI.create("https://pbs.example.org")),
                c.offload().builders());
        assertEquals("p7", c.offload().client());
        assertEquals(
                dir.resolve("k/client.key").toAbsolutePath().normalize(),
                c.offload().key().toAbsolutePath().normalize());
        assertEquals(30, c.offload().timeoutSeconds());
        assertTrue(error("offload:\n  builders: [ftp://x]\n").contains("expected a builder URL"), "scheme");
        assertTrue(error("offload:\n  timeoutSeconds: 0\n").contains("offload.timeoutSeconds"), "range");
        assertTrue(error("offload:\n  bulders: []\n").contains("bulders"), "unknown key");
    }
}
