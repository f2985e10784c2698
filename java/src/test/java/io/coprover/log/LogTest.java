package io.coprover.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coprover.node.standalone.JobLog;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.Score;
import io.coprover.scheduler.JobId;
import io.coprover.scheduler.JobKind;
import io.coprover.scheduler.JobSnapshot;
import io.coprover.scheduler.JobState;
import io.coprover.scheduler.JobTerms;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private List<String> lines() {
        String s = out.toString(StandardCharsets.UTF_8);
        return s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }

    @AfterEach
    void reset() {
        Log.configure(Level.INFO, LogFormat.Style.LOGFMT, System.err);
    }

    @Test
    void logfmtQuotesWhatNeedsIt() {
        Log.configure(Level.INFO, LogFormat.Style.LOGFMT, out);
        Log log = Log.get("test");
        log.info("peer.rejected", "peer", "127.0.0.1:9000", "reason", "bad \"magic\" = x\\y\nz", "empty", "", "n", 42);
        log.debug("hidden", "a", 1);
        List<String> l = lines();
        assertEquals(1, l.size(), String.valueOf(l));
        String line = l.get(0);
        assertTrue(
                line.matches(
                        "ts=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z level=info logger=test event=peer.rejected .*"),
                line);
        assertTrue(
                line.endsWith(" peer=127.0.0.1:9000 reason=\"bad \\\"magic\\\" = x\\\\y\\nz\" empty=\"\" n=42"), line);
        assertThrows(IllegalArgumentException.class, () -> log.info("odd", "key-without-value"));
    }

    @Test
    void jsonIsOneObjectPerLineWithTheError() throws Exception {
        Log.configure(Level.FINE, LogFormat.Style.JSON, out);
        Log log = Log.get("net");
        log.debug("dbg", "k", "v");
        log.error("listen.failed", new IllegalStateException("port 1 in use"), "port", 1);
        List<String> l = lines();
        assertEquals(2, l.size());
        JsonNode a = new ObjectMapper().readTree(l.get(0)), b = new ObjectMapper().readTree(l.get(1));
        assertEquals("debug", a.get("level").asText());
        assertEquals("v", a.get("k").asText());
        assertEquals("error", b.get("level").asText());
        assertEquals("net", b.get("logger").asText());
        assertEquals("listen.failed", b.get("event").asText());
        assertEquals("1", b.get("port").asText());
        assertEquals(
                "java.lang.IllegalStateException: port 1 in use", b.get("error").asText());
        assertTrue(b.get("stack").asText().contains("LogTest"));
    }

    @Test
    void logfmtLinesFromOtherCodeBecomeRecords() {
        Log.configure(Level.INFO, LogFormat.Style.LOGFMT, out);
        Log log = Log.get("node");
        log.line(Level.INFO, "node=p1 event=reject topic=PROOF reason=\"bad \\\"x\\\" y\" n=3");
        log.line(Level.INFO, "no pairs here");
        log.line(Level.INFO, "k=\"unterminated");
        List<String> l = lines();
        assertEquals(3, l.size(), String.valueOf(l));
        assertTrue(
                l.get(0).endsWith("logger=node event=reject node=p1 topic=PROOF reason=\"bad \\\"x\\\" y\" n=3"),
                l.get(0));
        assertTrue(l.get(1).endsWith("event=log msg=\"no pairs here\""), l.get(1));
        assertTrue(l.get(2).endsWith("event=log msg=\"k=\\\"unterminated\""), l.get(2));
        assertEquals(List.of("a", "1", "b", "x y", "c", ""), LogFormat.parseLogfmt("a=1  b=\"x y\" c="));
    }

    @Test
    void levelsAndStylesParse() {
        assertEquals(Level.FINE, Log.parseLevel("DEBUG"));
        assertEquals(Level.WARNING, Log.parseLevel("warn"));
        assertEquals(LogFormat.Style.JSON, LogFormat.parseStyle("Json"));
        assertThrows(IllegalArgumentException.class, () -> Log.parseLevel("loud"));
        assertThrows(IllegalArgumentException.class, () -> LogFormat.parseStyle("xml"));
    }

    @Test
    void jobLogWritesStatesAndRateLimitedProgress() {
        Log.configure(Level.INFO, LogFormat.Style.LOGFMT, out);
        AtomicLong ms = new AtomicLong(0);
        JobLog jl = new JobLog(Log.get("jobs"), 10_000, ms::get);
        JobId id = new JobId(5, new NodeId(0, 1), JobKind.BASE, "0123456789abcdef");
        JobTerms t = new JobTerms(BigInteger.ONE, 100, Score.of(1, 0));
        jl.onState(new JobSnapshot(id, JobState.QUEUED, 0, null, 0, null, null, false, t)); // debug: hidden
        jl.onState(new JobSnapshot(id, JobState.RUNNING, 1, "java", 0, null, null, false, t));
        for (int s = 1; s <= 35; s++) { // a report every second for 35 s: lines at 10, 20, 30 s
            ms.set(s * 1000L);
            jl.onProgress(id, "java", s / 40.0, "quotient");
        }
        ms.set(36_000);
        jl.onState(new JobSnapshot(id, JobState.DONE, 1, "java", 1, "prove", null, false, t));
        jl.onProgress(id, "java", 1, "late"); // after DONE: ignored
        List<String> l = lines();
        assertEquals(5, l.size(), String.valueOf(l));
        assertTrue(
                l.get(0).contains("event=job.running id=5:0.1:BASE:0123456789abcdef worker=java attempt=1"), l.get(0));
        assertTrue(
                l.get(1)
                        .endsWith(
                                "event=job.progress id=5:0.1:BASE:0123456789abcdef worker=java percent=25 phase=quotient seconds=10.000"),
                l.get(1));
        assertTrue(l.get(3).contains("percent=75") && l.get(3).contains("seconds=30.000"), l.get(3));
        assertTrue(
                l.get(4).endsWith("event=job.done id=5:0.1:BASE:0123456789abcdef worker=java seconds=36.000"),
                l.get(4));
    }
}
