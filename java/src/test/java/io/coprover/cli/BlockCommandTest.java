package io.coprover.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coprover.plonk.io.SnarkjsJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coprover block prove|verify} end to end on a small tree; snarkjs checks a proof when installed. */
class BlockCommandTest {
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
    void proveVerifyAndRejectATamperedRecord(@TempDir Path dir) throws Exception {
        Run p = run("block", "prove", "--txs", "2", "--depth", "4", "--seed", "5", "--out", dir.toString());
        System.out.print(p.out());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("base (2 txs, depth 4)"), p.out());
        assertTrue(p.out().contains("verify: OK (1 proofs, 1 pairing"), p.out());
        Run v = run("block", "verify", dir.toString());
        System.out.print(v.out());
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().contains("= the proved end root"), v.out());

        Path proofDir;
        try (Stream<Path> s = Files.list(dir.resolve("proofs"))) {
            proofDir = s.findFirst().orElseThrow();
        }
        snarkjsAgrees(proofDir);
        // a tampered snarkjs export beside a valid tree is refused, naming the file
        Path pub = proofDir.resolve("public.json");
        String original = Files.readString(pub);
        Files.writeString(pub, original.replaceFirst("\"[0-9]", "\"9"));
        Run exported = run("block", "verify", dir.toString());
        assertEquals(1, exported.code(), exported.out());
        assertTrue(exported.out().contains("public.json is not what its verified record gives"), exported.out());
        Files.writeString(pub, original);
        // another block's proof folder in the same directory is refused
        Path stray = dir.resolve("proofs").resolve("0-0-000000000000");
        Files.createDirectories(stray);
        Run extra = run("block", "verify", dir.toString());
        assertEquals(1, extra.code(), extra.out());
        assertTrue(extra.out().contains("is not in the manifest"), extra.out());
        Files.delete(stray);
        assertEquals(0, run("block", "verify", dir.toString()).code());
        // proving into a folder that holds a block needs --force
        Run again = run("block", "prove", "--txs", "2", "--seed", "5", "--out", dir.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("is not empty"), again.err());

        // another prover's name on the record: the stated id no longer matches
        Path rec = proofDir.resolve("record.json");
        ObjectNode o = (ObjectNode) SnarkjsJson.readTree(rec);
        byte[] enc = java.util.HexFormat.of().parseHex(o.get("encoding").asText());
        enc[51] ^= 1; // the last byte of FEE_BURN (tag 17, block 8, node 5, key 2 + 10, VRF proof 2, FEE_BURN 8)
        o.put("encoding", java.util.HexFormat.of().formatHex(enc));
        SnarkjsJson.write(rec, o);
        Run bad = run("block", "verify", dir.toString());
        assertNotEquals(0, bad.code());
        assertTrue(bad.err().contains("is not the record's id"), bad.err());
        // with a consistent id it is the SNARK that fails
        o.remove("id");
        SnarkjsJson.write(rec, o);
        Run bad2 = run("block", "verify", dir.toString());
        assertEquals(1, bad2.code());
        assertTrue(bad2.out().contains("REJECTED"), bad2.out());
        // --force replaces the block
        Run forced = run("block", "prove", "--txs", "2", "--seed", "6", "--out", dir.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        assertEquals(0, run("block", "verify", dir.toString()).code());
    }

    /** `snarkjs plonk verify` on the per-proof files, when tools/snarkjs is installed. */
    private static void snarkjsAgrees(Path d) throws Exception {
        Path exe = null;
        for (Path x = Paths.get("").toAbsolutePath(); x != null; x = x.getParent()) {
            Path c = x.resolve("tools/snarkjs/node_modules/.bin/snarkjs");
            if (Files.isExecutable(c)) {
                exe = c;
                break;
            }
        }
        if (System.getenv("COPROVER_SNARKJS") != null) exe = Paths.get(System.getenv("COPROVER_SNARKJS"));
        if (exe == null) {
            System.out.println("snarkjs not installed: skipping the independent check");
            return;
        }
        Process pr = new ProcessBuilder(
                        exe.toString(),
                        "plonk",
                        "verify",
                        d.resolve("verification_key.json").toString(),
                        d.resolve("public.json").toString(),
                        d.resolve("proof.json").toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(pr.getInputStream().readAllBytes());
        assertTrue(pr.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, pr.exitValue(), out);
        assertTrue(out.contains("OK"), out);
    }
}
