package io.coprover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code coprover worker}: usage errors are clear and early (before any SRS or key work). Running
 * workers are tested in io.coprover.farm (a real worker process killed mid-job, SIGTERM).
 */
class WorkerCommandTest {

    private static String err(int expectedCode, String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        assertEquals(expectedCode, code, "exit code of " + String.join(" ", args) + "; stderr: " + err);
        return err.toString();
    }

    @Test
    void badUsageIsExplained() {
        assertTrue(err(2, "worker").contains("--queue"));
        assertTrue(err(1, "worker", "--queue", "redis://h", "--backend", "java").contains("unknown queue"));
        assertTrue(err(1, "worker", "--queue", "mem", "--backend", "java").contains("--srs"));
        assertTrue(err(1, "worker", "--queue", "file:", "--backend", "java").contains("missing path"));
        assertTrue(err(1, "worker", "--queue", "postgres://u@127.0.0.1:1/d", "--demo", "2", "--backend", "java")
                .contains("--queue mem"));
        assertTrue(
                err(1, "worker", "--queue", "mem", "--heartbeat-ms", "5000", "--lease-ms", "1000", "--backend", "java")
                        .contains("heartbeat"));
        assertTrue(err(1, "worker", "--queue", "mem", "--depth", "33", "--backend", "java")
                .contains("--depth"));
        assertTrue(err(
                        1,
                        "worker",
                        "--queue",
                        "mem",
                        "--demo",
                        "2",
                        "--depth",
                        "1",
                        "--kinds",
                        "nope",
                        "--backend",
                        "java")
                .contains("unknown job kind"));
    }
}
