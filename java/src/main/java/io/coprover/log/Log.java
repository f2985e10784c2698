package io.coprover.log;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Structured logging over {@code java.util.logging}: one line per event, an event name and
 * key/value pairs, written by {@link LogFormat} as logfmt or JSON.
 *
 * <pre>
 * Log log = Log.get("node");
 * log.info("block.accepted", "block", 7, "txs", 32);
 * // ts=2026-11-24T13:51:40.123Z level=info logger=node event=block.accepted block=7 txs=32
 * </pre>
 * The key/value pairs travel as the record's parameters, so other JUL handlers still see them.
 */
public final class Log {
    /** Loggers are named {@code coprover.<name>}; {@link #configure} sets up the {@code coprover} parent. */
    public static final String ROOT = "coprover";
    /** Held so the configured parent logger is never collected (JUL keeps loggers weakly). */
    private static final Logger PARENT = Logger.getLogger(ROOT);

    private final Logger logger;

    private Log(Logger logger) {
        this.logger = logger;
    }

    public static Log get(String name) {
        return new Log(Logger.getLogger(ROOT + "." + name));
    }

    public boolean enabled(Level level) {
        return logger.isLoggable(level);
    }

    public void debug(String event, Object... kv) {
        log(Level.FINE, event, null, kv);
    }

    public void info(String event, Object... kv) {
        log(Level.INFO, event, null, kv);
    }

    public void warn(String event, Object... kv) {
        log(Level.WARNING, event, null, kv);
    }

    public void error(String event, Throwable t, Object... kv) {
        log(Level.SEVERE, event, t, kv);
    }

    /**
     * Logs a line that is already logfmt ({@code event=plan block=7 nodes=3}, values optionally
     * double-quoted): its pairs become the record's, its {@code event} the event. A line that is
     * not logfmt, or has no {@code event}, is logged as {@code event=log msg=<line>}.
     */
    public void line(Level level, String logfmt) {
        if (!logger.isLoggable(level)) return;
        java.util.List<String> kv = LogFormat.parseLogfmt(logfmt);
        int ev = -1;
        if (kv != null) for (int i = 0; i < kv.size(); i += 2) if (kv.get(i).equals("event")) ev = i;
        if (ev < 0) {
            log(level, "log", null, "msg", logfmt);
            return;
        }
        String event = kv.get(ev + 1);
        kv.remove(ev + 1);
        kv.remove(ev);
        log(level, event, null, kv.toArray());
    }

    /** {@code v} as a logfmt value: as it is when it can be, else quoted with its quotes and backslashes escaped. */
    public static String value(String v) {
        StringBuilder sb = new StringBuilder(v.length() + 8);
        LogFormat.quote(sb, v);
        return sb.toString();
    }

    /** Logs {@code event} with pairs {@code k1, v1, k2, v2, …} (keys are strings; an odd count is a bug). */
    public void log(Level level, String event, Throwable t, Object... kv) {
        if (kv.length % 2 != 0)
            throw new IllegalArgumentException(
                    "log " + event + ": key/value pairs expected, got " + kv.length + " items");
        if (!logger.isLoggable(level)) return;
        LogRecord r = new LogRecord(level, event);
        r.setLoggerName(logger.getName());
        r.setParameters(kv);
        r.setThrown(t);
        logger.log(r);
    }

    /**
     * Sends every {@code coprover.*} record at {@code level} and above to {@code out}, one line per
     * record in {@code format}, flushed at once; replaces a previous configuration. Returns the handler.
     */
    public static Handler configure(Level level, LogFormat.Style format, OutputStream out) {
        Logger root = PARENT;
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
            h.close();
        }
        StreamHandler h =
                new StreamHandler(
                        out instanceof PrintStream ps ? ps : new PrintStream(out, true), new LogFormat(format)) {
                    @Override
                    public synchronized void publish(LogRecord record) {
                        super.publish(record);
                        flush();
                    }

                    @Override
                    public synchronized void close() {
                        flush(); // never close the stream: it is usually stderr
                    }
                };
        h.setLevel(level);
        root.setLevel(level);
        root.setUseParentHandlers(false);
        root.addHandler(h);
        return h;
    }

    /** Parses debug / info / warn / error (case-insensitive). */
    public static Level parseLevel(String s) {
        return switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "debug" -> Level.FINE;
            case "info" -> Level.INFO;
            case "warn", "warning" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            default ->
                throw new IllegalArgumentException(
                        "unknown log level '" + s + "' (expected debug, info, warn or error)");
        };
    }
}
