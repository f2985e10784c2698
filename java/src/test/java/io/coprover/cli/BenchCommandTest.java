package io.coprover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code coprover bench}: runs, prints one row per size and thread count, rejects bad usage with exit code 2. */
class BenchCommandTest {

    private static String[] run(int expectedCode, String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        assertEquals(expectedCode, code, "exit code of " + String.join(" ", args) + "; stderr: " + err);
        return new String[] {out.toString(), err.toString()};
    }

    @Test
    void nttAndMsmPrintRows() {
        String out = run(
                0,
                "bench",
                "ntt",
                "--sizes",
                "3..4,6",
                "--threads",
                "1,2",
                "--reps",
                "1",
                "--warmup",
                "0",
                "--format",
                "csv")[0];
        long rows = out.lines().filter(l -> l.startsWith("ntt,")).count();
        assertEquals(6, rows, out);
        assertTrue(out.contains("ntt,6,2,1,"), out);
        out = run(0, "bench", "msm", "-s", "3", "-r", "1", "-w", "0")[0];
        assertTrue(out.lines().anyMatch(l -> l.startsWith("msm") && l.contains("2^3") && l.contains("points/s")), out);
    }

    @Test
    void badUsageExitsWithTwo() {
        run(2, "bench", "ntt", "--sizes", "x");
        run(2, "bench", "ntt", "--sizes", "29");
        run(2, "bench", "ntt", "--sizes", "5..3");
        run(2, "bench", "msm", "--threads", "0");
        run(2, "bench", "ntt", "--reps", "0");
        run(2, "bench", "nosuch");
        assertTrue(run(0, "bench", "--help")[0].contains("msm"));
        assertTrue(run(0, "bench", "ntt", "--help")[0].contains("--sizes"));
    }
}
