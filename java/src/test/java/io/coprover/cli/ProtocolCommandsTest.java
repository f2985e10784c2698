package io.coprover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coprover rewards} and {@code coprover rank}: output and errors. */
class ProtocolCommandsTest {
    private static final String RANDAO = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void rewardsProposalExample() {
        Run r = run("rewards", "--total-fees", "1000", "--txs", "32", "--fee-split", "80%", "--fee-burn", "40%");
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out().matches("(?s).*share per slot\\s+8\\.602150537634408602\\s+8602150537634408602\\n.*"), r.out());
        assertTrue(
                r.out().matches("(?s).*reward per proof\\s+5\\.161290322580645161\\s+5161290322580645161\\n.*"),
                r.out());
        assertTrue(r.out().contains(": OK"));
        // the same in units and ppm
        Run u = run(
                "rewards",
                "--total-fees",
                "1000000000000000000000units",
                "--block-reward",
                "0units",
                "--txs",
                "32",
                "--fee-split",
                "800000ppm",
                "--fee-burn",
                "400000ppm");
        assertEquals(r.out(), u.out());
    }

    @Test
    void rewardsBadInput() {
        Run r = run("rewards", "--total-fees", "1000", "--txs", "32", "--fee-split", "80%", "--fee-burn", "140%");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--fee-burn"), r.err());
        r = run("rewards", "--total-fees", "-5", "--txs", "32", "--fee-split", "80%");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("negative"), r.err());
        r = run("rewards", "--total-fees", "1" + "0".repeat(80), "--txs", "32", "--fee-split", "80%");
        assertTrue(r.err().contains("overflows"), r.err());
        r = run("rewards", "--total-fees", "10", "--txs", "32", "--fee-split", "80");
        assertTrue(r.err().contains("needs a unit"), r.err());
        assertNotEquals(0, run("rewards", "--txs", "32", "--fee-split", "80%").code());
        r = run("rewards", "--total-fees", "10", "--txs", "4", "--fee-split", "600%");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*from sequencer bond \\(FEE_SPLIT>100%\\)\\s+50\\.0+\\s.*"), r.out());
    }

    private static Path sample() {
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("docs/provers-sample.json");
            if (Files.exists(c)) return c;
        }
        throw new IllegalStateException("docs/provers-sample.json not found");
    }

    @Test
    void rankSample() {
        Run r = run("rank", "--randao", RANDAO, "--block", "5", "--provers", sample().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out().contains("alpha_seq ed20a4dd78f766743c83180fa2d3df84617a7aa520855797077a318143efbc5b"),
                r.out());
        assertTrue(r.out().contains("node (2,0) MERGE (root)"), r.out());
        assertTrue(r.out().contains("not drawn: judy (prover"), r.out());
        Run top = run(
                "rank",
                "--randao",
                RANDAO,
                "--block",
                "5",
                "--provers",
                sample().toString(),
                "--top",
                "1",
                "--txs",
                "2");
        assertEquals(0, top.code(), top.err());
        assertTrue(top.out().contains("node (0,0) BASE (root)"), top.out());
    }

    @Test
    void rankPrivateModeAndErrors(@TempDir Path dir) throws IOException {
        String text = Files.readString(sample());
        Path priv = dir.resolve("private.json");
        Files.writeString(priv, text.replace("\"PUBLIC\"", "\"PRIVATE\""));
        Run r = run("rank", "--randao", RANDAO, "--block", "5", "--provers", priv.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("PRIVATE mode"));
        Path unknown = dir.resolve("unknown.json");
        Files.writeString(unknown, text.replace("\"fee_burn\": \"40%\"", "\"fee_brun\": \"40%\""));
        r = run("rank", "--randao", RANDAO, "--block", "5", "--provers", unknown.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("unknown field 'fee_brun'"), r.err());
        Path offCurve = dir.resolve("off.json");
        Files.writeString(
                offCurve,
                "{\"beta_seq\": \"" + "00".repeat(32) + "\", \"provers\": [{\"pk\": \"02" + "00".repeat(31)
                        + "01\"}]}");
        r = run("rank", "--randao", RANDAO, "--block", "5", "--provers", offCurve.toString());
        assertTrue(r.err().contains("not a point"), r.err());
        Path burn = dir.resolve("burn.json");
        Files.writeString(burn, text.replace("\"fee_burn\": \"40%\"", "\"fee_burn\": \"101%\""));
        r = run("rank", "--randao", RANDAO, "--block", "5", "--provers", burn.toString());
        assertTrue(r.err().contains("fee_burn"), r.err());
        r = run("rank", "--randao", "00ff", "--block", "5", "--provers", sample().toString());
        assertTrue(r.err().contains("randao must be 32 bytes"), r.err());
    }
}
