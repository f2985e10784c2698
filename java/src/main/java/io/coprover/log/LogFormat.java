package io.coprover.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Formats a record as one line: {@code ts}, {@code level}, {@code logger}, {@code event}, then the
 * record's key/value parameters (see {@link Log}), then {@code error} and {@code stack} when it
 * carries an exception. A record not made by {@link Log} (no pairs) gets its message as {@code msg}.
 *
 * <p>logfmt: {@code key=value}, a value quoted ({@code "…"} with {@code \" \\ \n} escaped) when it
 * is empty or holds a space, '=', a quote or a control character. JSON: one object per line.
 */
public final class LogFormat extends Formatter {
    public enum Style {
        LOGFMT,
        JSON
    }

    /** Jackson's generator factory, created when a JSON line is first written (logfmt needs none). */
    private static final class Json {
        static final JsonFactory FACTORY = new JsonFactory();
    }
    /** UTC, always with milliseconds (Instant.toString drops zero fractions: lines would not align or sort as text). */
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Style style;

    public LogFormat(Style style) {
        this.style = style;
    }

    /** Parses logfmt / json (case-insensitive). */
    public static Style parseStyle(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "logfmt" -> Style.LOGFMT;
            case "json" -> Style.JSON;
            default -> throw new IllegalArgumentException("unknown log format '" + s + "' (expected logfmt or json)");
        };
    }

    static String level(Level l) {
        int v = l.intValue();
        if (v >= Level.SEVERE.intValue()) return "error";
        if (v >= Level.WARNING.intValue()) return "warn";
        if (v >= Level.INFO.intValue()) return "info";
        return "debug";
    }

    @Override
    public String format(LogRecord r) {
        Object[] p = r.getParameters();
        boolean structured = p != null && p.length % 2 == 0;
        String name = r.getLoggerName() == null ? "" : r.getLoggerName();
        if (name.startsWith(Log.ROOT + ".")) name = name.substring(Log.ROOT.length() + 1);
        String[] keys, values;
        int n = structured ? p.length / 2 : 1;
        Throwable t = r.getThrown();
        int extra = t == null ? 0 : 2;
        keys = new String[4 + n + extra];
        values = new String[keys.length];
        int i = 0;
        keys[i] = "ts";
        values[i++] = TS.format(r.getInstant());
        keys[i] = "level";
        values[i++] = level(r.getLevel());
        keys[i] = "logger";
        values[i++] = name;
        if (structured) {
            keys[i] = "event";
            values[i++] = r.getMessage();
            for (int k = 0; k < p.length; k += 2) {
                keys[i] = String.valueOf(p[k]);
                values[i++] = String.valueOf(p[k + 1]);
            }
        } else {
            keys[i] = "event";
            values[i++] = "log";
            keys[i] = "msg";
            values[i++] = formatMessage(r);
        }
        if (t != null) {
            keys[i] = "error";
            values[i++] = t.toString();
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            keys[i] = "stack";
            values[i++] = sw.toString().strip();
        }
        return style == Style.JSON ? json(keys, values, i) : logfmt(keys, values, i);
    }

    private static String logfmt(String[] keys, String[] values, int n) {
        StringBuilder sb = new StringBuilder(128);
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(' ');
            sb.append(keys[i]).append('=');
            quote(sb, values[i]);
        }
        return sb.append('\n').toString();
    }

    /** Appends {@code v}, quoted and escaped when logfmt needs it. */
    static void quote(StringBuilder sb, String v) {
        boolean plain = !v.isEmpty();
        for (int i = 0; i < v.length() && plain; i++) {
            char c = v.charAt(i);
            plain = c > ' ' && c != '=' && c != '"' && c != '\\' && c != 0x7f;
        }
        if (plain) {
            sb.append(v);
            return;
        }
        sb.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < ' ' || c == 0x7f) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    /**
     * Splits a logfmt line into keys and values ({@code k1, v1, k2, v2, …}); quoted values may hold
     * spaces and the escapes {@link #quote} writes. Null when the line is not logfmt.
     */
    static java.util.List<String> parseLogfmt(String line) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int i = 0, n = line.length();
        while (true) {
            while (i < n && line.charAt(i) == ' ') i++;
            if (i >= n) return out;
            int k = i;
            while (i < n && line.charAt(i) != '=' && line.charAt(i) != ' ') i++;
            if (i >= n || line.charAt(i) != '=' || i == k) return null;
            out.add(line.substring(k, i++));
            StringBuilder v = new StringBuilder();
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) return null; // unterminated quote
                    char c = line.charAt(i++);
                    if (c == '"') break;
                    if (c == '\\' && i < n) {
                        char e = line.charAt(i++);
                        v.append(
                                switch (e) {
                                    case 'n' -> '\n';
                                    case 'r' -> '\r';
                                    case 't' -> '\t';
                                    default -> e;
                                });
                    } else {
                        v.append(c);
                    }
                }
                if (i < n && line.charAt(i) != ' ') return null;
            } else {
                while (i < n && line.charAt(i) != ' ') v.append(line.charAt(i++));
            }
            out.add(v.toString());
        }
    }

    private static String json(String[] keys, String[] values, int n) {
        StringWriter w = new StringWriter(160);
        try (JsonGenerator g = Json.FACTORY.createGenerator(w)) {
            g.writeStartObject();
            for (int i = 0; i < n; i++) g.writeStringField(keys[i], values[i]);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.append('\n').toString();
    }
}
