package io.coprover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.node.config.NodeConfig;
import io.coprover.protocol.vrf.VrfKeyFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NodeCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void initWritesAKeyAndAConfigOnce() throws Exception {
        Path d = dir.resolve("prover-7");
        Run r = run("node", "--init", d.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("config: " + d.resolve("node.yaml")), r.out());
        String pub = VrfKeyFile.load(d.resolve("node.key")).suite().name();
        assertEquals("ECVRF-P256-SHA256-TAI", pub, "the network's default suite");
        assertEquals("prover-7", NodeConfig.load(d.resolve("node.yaml")).name(), "named after the folder");
        Run again = run("node", "--init", d.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("refusing to overwrite"), again.err());
        assertEquals(
                2,
                run("node", "--init", dir.resolve("x").toString(), "--name", "bad name")
                        .code());
    }

    @Test
    void badUsageAndBadConfigsAreClearErrors() throws Exception {
        Run none = run("node");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("give --config FILE"), none.err());
        Path c = dir.resolve("n.yaml");
        Files.writeString(c, "metrics: {port: -1}\n");
        Run bad = run("node", "--config", c.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("n.yaml: metrics.port: expected an integer in 0..65535, got -1"), bad.err());
        Files.writeString(c, "metrics: {enabled: false}\nlisten: 127.0.0.1:0\nkey: missing.key\n");
        Run noKey = run("node", "--config", c.toString());
        assertEquals(1, noKey.code());
        assertTrue(noKey.err().contains("missing.key not found (coprover node --init DIR writes one)"), noKey.err());
        Run badBuilder = run("node", "--config", c.toString(), "--builder", "ftp://pbs.example.org");
        assertEquals(2, badBuilder.code());
        assertTrue(
                badBuilder
                        .err()
                        .contains(
                                "--builder: expected a builder URL such as http://host:7600, got 'ftp://pbs.example.org'"),
                badBuilder.err());
    }
}
