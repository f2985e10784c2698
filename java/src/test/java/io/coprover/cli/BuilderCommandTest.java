package io.coprover.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.builder.ClientKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coprover builder keygen}, and the serve command's refusal of a missing clients file. */
class BuilderCommandTest {
    private static int run(StringWriter out, String... args) {
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    @Test
    void keygenWritesAKeyAndPrintsItsPublicKey(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("client.key");
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, "builder", "keygen", "--out", key.toString()));
        assertEquals(ClientKey.load(key).publicKey().hex(), out.toString().trim());
        StringWriter refused = new StringWriter();
        assertEquals(2, run(refused, "builder", "keygen", "--out", key.toString()), "never overwrites a key");
        assertEquals(ClientKey.load(key).publicKey().hex(), out.toString().trim(), "the key is untouched");
        assertNotEquals(
                0,
                run(
                        new StringWriter(),
                        "builder",
                        "serve",
                        "--clients",
                        dir.resolve("none.json").toString(),
                        "--queue",
                        dir.resolve("q.mv").toString(),
                        "--srs",
                        dir.resolve("none.ptau").toString()));
    }

    @Test
    void serveNeedsExactlyOneSrs(@TempDir Path dir) {
        for (String[] srs : new String[][] {{}, {"--srs", dir.resolve("s.ptau").toString(), "--devnet-seed", "1"}}) {
            var cl = Main.commandLine();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(new StringWriter()));
            cl.setErr(new PrintWriter(err));
            String[] args = new String[6 + srs.length];
            System.arraycopy(
                    new String[] {
                        "builder",
                        "serve",
                        "--clients",
                        dir.resolve("c.json").toString(),
                        "--queue",
                        dir.resolve("q.mv").toString()
                    },
                    0,
                    args,
                    0,
                    6);
            System.arraycopy(srs, 0, args, 6, srs.length);
            assertEquals(2, cl.execute(args));
            assertTrue(err.toString().contains("either --srs FILE or --devnet-seed SEED"), err.toString());
        }
    }
}
