package io.coprover.cli;

import io.coprover.backend.Backends;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The two forms of {@code coprover bench report}: Markdown, and a self-contained HTML page (no
 * script, no external resource) with one log-log chart per operation as inline SVG: time against
 * size, one line per backend through the medians, a bar over each from the fastest to the slowest run.
 */
final class BenchReportWriter {
    private BenchReportWriter() {}

    /** Series colours, one per backend in order (colour-blind-safe palette). */
    private static final String[] COLOURS = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"};

    static String markdown(
            BenchReportCommand.Machine m,
            List<String> backends,
            List<String> ops,
            List<BenchReportCommand.Row> rows,
            int reps) {
        StringBuilder s = new StringBuilder();
        s.append("# coprover bench report\n\n");
        s.append("Generated ")
                .append(m.when())
                .append(" by `coprover ")
                .append(m.args())
                .append("` in ")
                .append(m.seconds())
                .append(" s.\n\n## Machine\n\n| | |\n|---|---|\n");
        for (String[] kv : machineRows(m))
            s.append("| ").append(kv[0]).append(" | ").append(md(kv[1])).append(" |\n");
        s.append("\n## Backends\n\n| backend | usable | detail |\n|---|---|---|\n");
        for (Backends.Candidate c : m.backends()) {
            s.append("| ")
                    .append(c.name())
                    .append(" | ")
                    .append(c.usable() ? "yes" : "no")
                    .append(" | ")
                    .append(md(c.reason()))
                    .append(" |\n");
        }
        s.append("\n## Peers installed\n\n| peer | version | where |\n|---|---|---|\n");
        for (String[] p : m.peers())
            s.append("| ")
                    .append(p[0])
                    .append(" | ")
                    .append(md(p[1]))
                    .append(" | ")
                    .append(md(p[2]))
                    .append(" |\n");
        for (String op : ops) {
            s.append("\n## ").append(BenchReportCommand.TITLES.get(op)).append("\n\n");
            s.append("Median of ")
                    .append(reps)
                    .append(" timed run")
                    .append(reps == 1 ? "" : "s")
                    .append(" in ms, with the fastest and slowest in brackets.\n\n| size |");
            for (String b : backends) s.append(' ').append(b).append(" |");
            s.append("\n|---|");
            for (int i = 0; i < backends.size(); i++) s.append("---|");
            s.append('\n');
            for (int log : logs(rows, op)) {
                s.append("| 2^").append(log).append(" |");
                for (String b : backends)
                    s.append(' ').append(cell(find(rows, op, b, log))).append(" |");
                s.append('\n');
            }
        }
        return s.toString();
    }

    static String html(
            BenchReportCommand.Machine m,
            List<String> backends,
            List<String> ops,
            List<BenchReportCommand.Row> rows,
            int reps) {
        StringBuilder s = new StringBuilder();
        s.append(
                        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>coprover bench report</title>\n<style>")
                .append("body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222}")
                .append(
                        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
                .append("td:first-child,th:first-child{text-align:left}svg{background:#fff;border:1px solid #ddd}")
                .append("</style></head><body>\n<h1>coprover bench report</h1>\n<p>Generated ")
                .append(esc(m.when()))
                .append(" by <code>coprover ")
                .append(esc(m.args()))
                .append("</code> in ")
                .append(m.seconds())
                .append(" s.</p>\n<h2>Machine</h2>\n<table>");
        for (String[] kv : machineRows(m))
            s.append("<tr><td>")
                    .append(esc(kv[0]))
                    .append("</td><td>")
                    .append(esc(kv[1]))
                    .append("</td></tr>");
        s.append("</table>\n<h2>Backends</h2>\n<table><tr><th>backend</th><th>usable</th><th>detail</th></tr>");
        for (Backends.Candidate c : m.backends()) {
            s.append("<tr><td>")
                    .append(esc(c.name()))
                    .append("</td><td>")
                    .append(c.usable() ? "yes" : "no")
                    .append("</td><td>")
                    .append(esc(c.reason()))
                    .append("</td></tr>");
        }
        s.append("</table>\n<h2>Peers installed</h2>\n<table><tr><th>peer</th><th>version</th><th>where</th></tr>");
        for (String[] p : m.peers()) {
            s.append("<tr><td>")
                    .append(esc(p[0]))
                    .append("</td><td>")
                    .append(esc(p[1]))
                    .append("</td><td>")
                    .append(esc(p[2]))
                    .append("</td></tr>");
        }
        s.append("</table>\n");
        for (String op : ops) {
            s.append("<h2>").append(esc(BenchReportCommand.TITLES.get(op))).append("</h2>\n");
            s.append(chart(op, backends, rows));
            s.append("<p>Median of ")
                    .append(reps)
                    .append(" timed run")
                    .append(reps == 1 ? "" : "s")
                    .append(" in ms, with the fastest and slowest in brackets.</p>\n<table><tr><th>size</th>");
            for (String b : backends) s.append("<th>").append(esc(b)).append("</th>");
            s.append("</tr>");
            for (int log : logs(rows, op)) {
                s.append("<tr><td>2^").append(log).append("</td>");
                for (String b : backends)
                    s.append("<td>").append(esc(cell(find(rows, op, b, log)))).append("</td>");
                s.append("</tr>");
            }
            s.append("</table>\n");
        }
        return s.append("</body></html>\n").toString();
    }

    /** A log-log chart: x = log2 size, y = time (ms) on a log10 scale. */
    static String chart(String op, List<String> backends, List<BenchReportCommand.Row> rows) {
        List<BenchReportCommand.Row> mine = new ArrayList<>();
        for (BenchReportCommand.Row r : rows) if (r.op().equals(op)) mine.add(r);
        if (mine.isEmpty()) return "<p>(no runs)</p>\n";
        final int w = 640, h = 320, left = 64, right = 150, top = 16, bottom = 40;
        int x0 = Integer.MAX_VALUE, x1 = Integer.MIN_VALUE;
        double y0 = Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (BenchReportCommand.Row r : mine) {
            x0 = Math.min(x0, r.log());
            x1 = Math.max(x1, r.log());
            y0 = Math.min(y0, Math.log10(Math.max(r.min(), 1e-4)));
            y1 = Math.max(y1, Math.log10(Math.max(r.max(), 1e-4)));
        }
        y0 = Math.floor(y0);
        y1 = Math.max(Math.ceil(y1), y0 + 1);
        if (x1 == x0) x1 = x0 + 1;
        final double fx0 = x0, fx1 = x1, fy0 = y0, fy1 = y1;
        java.util.function.DoubleUnaryOperator px = x -> left + (x - fx0) / (fx1 - fx0) * (w - left - right);
        java.util.function.DoubleUnaryOperator py =
                y -> top + (fy1 - Math.log10(Math.max(y, 1e-4))) / (fy1 - fy0) * (h - top - bottom);
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" "
                        + "aria-label=\"%s time against size\">\n",
                w,
                h,
                esc(op)));
        for (int e = (int) y0; e <= (int) y1; e++) { // horizontal grid at powers of ten
            double y = py.applyAsDouble(Math.pow(10, e));
            s.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s ms</text>\n",
                    left,
                    y,
                    w - right,
                    y,
                    left - 6,
                    y + 4,
                    tick(Math.pow(10, e))));
        }
        for (int x = x0; x <= x1; x++) {
            s.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">2^%d</text>\n",
                    px.applyAsDouble(x),
                    h - bottom + 16,
                    x));
        }
        s.append(String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">size</text>\n",
                (double) (left + w - right) / 2,
                h - 6));
        int k = 0;
        for (String b : backends) {
            String colour = COLOURS[k % COLOURS.length];
            StringBuilder line = new StringBuilder();
            for (BenchReportCommand.Row r : mine) {
                if (!r.backend().equals(b)) continue;
                double x = px.applyAsDouble(r.log());
                line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, py.applyAsDouble(r.median())));
                s.append(String.format(
                        Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>"
                                + "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s 2^%d: %s</title></circle>\n",
                        x,
                        py.applyAsDouble(r.min()),
                        x,
                        py.applyAsDouble(r.max()),
                        colour,
                        x,
                        py.applyAsDouble(r.median()),
                        colour,
                        esc(b),
                        r.log(),
                        esc(cell(r))));
            }
            if (line.length() > 0) {
                s.append("<polyline fill=\"none\" stroke=\"")
                        .append(colour)
                        .append("\" stroke-width=\"1.5\" points=\"")
                        .append(line.toString().trim())
                        .append("\"/>\n");
                s.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>"
                                + "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>\n",
                        w - right + 14,
                        top + 8 + 18 * k,
                        colour,
                        w - right + 30,
                        top + 13 + 18 * k,
                        esc(b)));
            }
            k++;
        }
        return s.append("</svg>\n").toString();
    }

    private static List<String[]> machineRows(BenchReportCommand.Machine m) {
        List<String[]> r = new ArrayList<>();
        r.add(new String[] {"CPU", m.cpu()});
        r.add(new String[] {"cores (available to the JVM)", Integer.toString(m.cores())});
        r.add(new String[] {
            "memory",
            m.memoryBytes() > 0 ? String.format(Locale.ROOT, "%.1f GiB", m.memoryBytes() / 1073741824.0) : "unknown"
        });
        r.add(new String[] {"GPUs", gpus(m)});
        r.add(new String[] {"OS", m.os()});
        r.add(new String[] {"JVM", m.jvm()});
        r.add(new String[] {
            "load average (1 min), start and end", String.format(Locale.ROOT, "%.2f, %.2f", m.load0(), m.load1())
        });
        return r;
    }

    private static String gpus(BenchReportCommand.Machine m) {
        List<String> g = new ArrayList<>();
        for (Backends.Candidate c : m.backends()) {
            if (c.name().startsWith("cuda:")) g.add(c.name() + ": " + c.reason());
            else if (c.name().equals("cuda")) g.add("none usable: " + c.reason());
        }
        return g.isEmpty() ? "none" : String.join("; ", g);
    }

    private static TreeSet<Integer> logs(List<BenchReportCommand.Row> rows, String op) {
        TreeSet<Integer> t = new TreeSet<>();
        for (BenchReportCommand.Row r : rows) if (r.op().equals(op)) t.add(r.log());
        return t;
    }

    private static BenchReportCommand.Row find(List<BenchReportCommand.Row> rows, String op, String b, int log) {
        for (BenchReportCommand.Row r : rows)
            if (r.op().equals(op) && r.backend().equals(b) && r.log() == log) return r;
        return null;
    }

    static String cell(BenchReportCommand.Row r) {
        if (r == null) return "-";
        return String.format(Locale.ROOT, "%s (%s-%s)", num(r.median()), num(r.min()), num(r.max()));
    }

    private static String num(double ms) {
        return ms >= 100
                ? String.format(Locale.ROOT, "%.0f", ms)
                : ms >= 1 ? String.format(Locale.ROOT, "%.2f", ms) : String.format(Locale.ROOT, "%.3f", ms);
    }

    private static String tick(double v) {
        return v >= 1 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%s", v);
    }

    private static String md(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
