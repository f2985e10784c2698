package io.coprover.node.standalone;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.builder.ClientKey;
import io.coprover.node.config.NodeConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's offload settings: no builders, no wrapper; builders need a readable client key, checked at start. */
class StandaloneOffloadTest {
    @TempDir
    Path dir;

    @Test
    void noBuildersProvesLocally() throws Exception {
        assertNull(StandaloneNode.offload(new NodeConfig.Offload(List.of(), "p", dir.resolve("none.key"), 120)));
    }

    @Test
    void buildersNeedTheClientKeyAtStart() throws Exception {
        List<URI> urls = List.of(URI.create("http://127.0.0.1:1"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> StandaloneNode.offload(new NodeConfig.Offload(urls, "p", dir.resolve("missing.key"), 120)));
        assertTrue(
                e.getMessage().contains("offload.key") && e.getMessage().contains("coprover builder keygen"),
                e.getMessage());
        Path bad = dir.resolve("bad.key");
        Files.writeString(bad, "not a key");
        assertThrows(
                IllegalArgumentException.class,
                () -> StandaloneNode.offload(new NodeConfig.Offload(urls, "p", bad, 120)));
        Path good = dir.resolve("client.key");
        ClientKey.generate(new SecureRandom()).save(good);
        assertNotNull(StandaloneNode.offload(new NodeConfig.Offload(urls, "p", good, 120)));
    }
}
