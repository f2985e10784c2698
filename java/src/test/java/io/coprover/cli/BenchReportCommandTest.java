package io.coprover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code coprover bench report}: tiny sizes on the java backend give both files with every section; bad usage exits 2. */
class BenchReportCommandTest {

    private static String run(int expectedCode, String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        assertEquals(expectedCode, code, "exit code of " + String.join(" ", args) + "; stderr: " + err);
        return out + "\n" + err;
    }

    @Test
    void writesMarkdownAndOfflineHtml(@TempDir Path dir) throws Exception {
        run(
                0,
                "bench",
                "report",
                "--msm",
                "3,4",
                "--ntt",
                "3..5",
                "--plonk",
                "3",
                "--backends",
                "java",
                "--reps",
                "2",
                "--warmup",
                "0",
                "--out",
                dir.toString());
        String md = Files.readString(dir.resolve("report.md"));
        for (String s : new String[] {
            "## Machine",
            "| CPU |",
            "## Backends",
            "| java | yes |",
            "## Peers installed",
            "| snarkjs |",
            "## MSM",
            "## NTT",
            "## PLONK prove",
            "| size | java |"
        }) {
            assertTrue(md.contains(s), s + " missing from:\n" + md);
        }
        // every requested size has a row with a median and its spread
        for (String s : new String[] {"| 2^3 | ", "| 2^4 | ", "| 2^5 | "})
            assertTrue(md.contains(s), s + " missing from:\n" + md);
        assertTrue(
                md.lines()
                        .filter(l -> l.startsWith("| 2^"))
                        .allMatch(l -> l.matches("\\| 2\\^\\d+ \\| [0-9.]+ \\([0-9.]+-[0-9.]+\\) \\|")),
                md);
        assertEquals(6, md.lines().filter(l -> l.startsWith("| 2^")).count(), md);
        String html = Files.readString(dir.resolve("report.html"));
        assertEquals(3, html.split("<svg ", -1).length - 1, "one chart per operation");
        assertTrue(html.contains("<polyline"), "a line through the medians");
        assertFalse(
                html.contains("<script") || html.contains(" src=") || html.contains(" href="),
                "offline: nothing to fetch");
    }

    @Test
    void badUsageExitsWithTwo(@TempDir Path dir) {
        run(2, "bench", "report", "--ops", "fft", "--out", dir.toString());
        run(2, "bench", "report", "--msm", "30", "--out", dir.toString());
        run(2, "bench", "report", "--backends", "nosuch", "--ops", "ntt", "--ntt", "3", "--out", dir.toString());
        run(2, "bench", "report", "--reps", "0", "--out", dir.toString());
    }
}
