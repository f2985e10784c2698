package io.coprover.sim;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --report FILE.html}: one self-contained page (inline CSS and SVG, no scripts, nothing
 * fetched) with the run's settings, four charts — rewards per prover, score distributions, wasted
 * work per strategy, the timeline of jobs per device — and the per-block tables.
 */
public final class HtmlReport {
    private static final String[] KIND_COLOR = {"#4e79a7", "#f28e2b", "#e15759"};
    private static final MathContext MC = MathContext.DECIMAL64;
    private static final BigDecimal SCORE_SCALE =
            new BigDecimal(BigInteger.ONE.shiftLeft(64)).multiply(BigDecimal.valueOf(1_000_000));

    private HtmlReport() {}

    static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static double aztValue(String units) {
        return new BigDecimal(new BigInteger(units)).movePointLeft(18).doubleValue();
    }

    /** A score as a fraction of the largest possible at 0 % burn, u_max·10^6 = 2^64·10^6. */
    static double normScore(String score) {
        return new BigDecimal(new BigInteger(score)).divide(SCORE_SCALE, MC).doubleValue();
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    public static String render(SimResult r) {
        StringBuilder h = new StringBuilder();
        h.append(
                        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>coprover simulate</title><style>")
                .append(
                        "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}")
                .append(
                        "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;font-size:12px}")
                .append(
                        "th{background:#f3f3f3}.mono{font-family:monospace}svg{background:#fafafa;border:1px solid #ddd}small{color:#666}")
                .append("</style></head><body>");
        SimConfig c = r.config();
        h.append("<h1>coprover devnet</h1><p>")
                .append(c.blocks())
                .append(" blocks, ")
                .append(c.provers())
                .append(" provers, ")
                .append(c.sequencers())
                .append(" sequencers, ")
                .append(c.txs())
                .append(" txs per block, state depth ")
                .append(c.depth())
                .append(", VRF mode ")
                .append(c.mode())
                .append(", E = ")
                .append(c.eligible())
                .append(", seed ")
                .append(c.seed())
                .append(", gossip latency ")
                .append(c.latency())
                .append("+")
                .append(c.jitter())
                .append(" rounds, window ")
                .append(c.window())
                .append(" rounds. ")
                .append(r.summary().finalised())
                .append(" finalised, ")
                .append(r.summary().dropped())
                .append(" dropped, ")
                .append(f(r.summary().wallMs() / 1000))
                .append(" s.</p>");
        h.append("<table><tr><th>prover</th><th>role</th><th>strategy</th><th>devices</th><th>key</th></tr>");
        for (SimResult.ProverInfo p : r.provers()) {
            h.append("<tr><td>")
                    .append(esc(p.name()))
                    .append(p.withheld() ? " <small>(data withheld)</small>" : "")
                    .append("</td><td>")
                    .append(p.role())
                    .append("</td><td>")
                    .append(esc(p.strategy()))
                    .append("</td><td>")
                    .append(esc(p.backends()))
                    .append("</td><td class=mono>")
                    .append(p.pk(), 0, 16)
                    .append("…</td></tr>");
        }
        h.append("</table>");
        h.append("<h2>Rewards per prover</h2>").append(rewards(r));
        h.append(
                        "<h2>Score distributions</h2><p><small>Every eligible prover's score at every node, as a fraction of 2^64·10^6 "
                                + "(u at its maximum, no FEE_BURN); filled = included in the winning tree, ring = proved but not included, "
                                + "dot = eligible but not proved.</small></p>")
                .append(scores(r));
        h.append(
                        "<h2>Wasted work per strategy</h2><p><small>Proofs made (grey) and those not included in any winning tree (red), "
                                + "with the proving time they cost.</small></p>")
                .append(wasted(r));
        h.append("<h2>Timeline of jobs per device</h2><p><small>")
                .append(kindLegend())
                .append("; hatched = failed attempt, pale = cancelled.</small></p>")
                .append(timeline(r));
        h.append("<h2>Blocks</h2>");
        for (SimResult.BlockReport b : r.blocks()) block(h, b);
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String kindLegend() {
        return "<span style=\"color:" + KIND_COLOR[0] + "\">■ base</span> <span style=\"color:" + KIND_COLOR[1]
                + "\">■ merge</span> <span style=\"color:" + KIND_COLOR[2] + "\">■ root</span>";
    }

    /** An amount for a chart label: 4 significant digits (the exact amount is in the tooltip and the tables). */
    static String aztLabel(String units) {
        BigDecimal v = new BigDecimal(new BigInteger(units)).movePointLeft(18);
        if (v.signum() == 0) return "0 AZT";
        return v.round(new MathContext(4)).stripTrailingZeros().toPlainString() + " AZT";
    }

    /** A generous width of a label in the page's 12-14 px sans-serif: 8 px per character. */
    static int textWidth(String s) {
        return 8 * s.length();
    }

    private static String rewards(SimResult r) {
        List<SimResult.ProverSummary> ps = r.summary().provers();
        double max = ps.stream().mapToDouble(p -> aztValue(p.reward())).max().orElse(0);
        List<String> labels = new ArrayList<>();
        for (SimResult.ProverSummary p : ps)
            labels.add(aztLabel(p.reward()) + " · " + p.included() + "/" + p.made() + " included");
        int rowH = 22, w = 760, left = 90;
        int room = labels.stream().mapToInt(HtmlReport::textWidth).max().orElse(0) + 12;
        int barW = Math.max(40, w - left - room);
        StringBuilder s =
                new StringBuilder("<svg width=\"" + w + "\" height=\"" + (ps.size() * rowH + 20) + "\" role=\"img\">");
        for (int i = 0; i < ps.size(); i++) {
            SimResult.ProverSummary p = ps.get(i);
            double v = aztValue(p.reward());
            double bw = max <= 0 ? 0 : barW * v / max;
            int y = 10 + i * rowH;
            s.append("<text x=\"5\" y=\"")
                    .append(y + 14)
                    .append("\">")
                    .append(esc(p.prover()))
                    .append("</text>");
            s.append("<rect x=\"")
                    .append(left)
                    .append("\" y=\"")
                    .append(y + 2)
                    .append("\" width=\"")
                    .append(f(bw))
                    .append("\" height=\"16\" fill=\"#59a14f\"><title>")
                    .append(esc(p.prover() + ": " + TextReport.azt(p.reward()) + " (" + p.reward() + " units)"))
                    .append("</title></rect>");
            s.append("<text x=\"")
                    .append(f(left + bw + 6))
                    .append("\" y=\"")
                    .append(y + 14)
                    .append("\">")
                    .append(esc(labels.get(i)))
                    .append("</text>");
        }
        return s.append("</svg>").toString();
    }

    private static String scores(SimResult r) {
        int w = 900, hgt = 260, left = 50, bottom = 30, top = 10;
        int cols = Math.max(1, r.blocks().size());
        double colW = (w - left - 10.0) / cols;
        StringBuilder s = new StringBuilder("<svg width=\"" + w + "\" height=\"" + hgt + "\" role=\"img\">");
        double plotH = hgt - top - bottom;
        for (int t = 0; t <= 4; t++) {
            double y = top + plotH * (1 - t / 4.0);
            s.append("<line x1=\"")
                    .append(left)
                    .append("\" x2=\"")
                    .append(w - 10)
                    .append("\" y1=\"")
                    .append(f(y))
                    .append("\" y2=\"")
                    .append(f(y))
                    .append("\" stroke=\"#ddd\"/><text x=\"5\" y=\"")
                    .append(f(y + 4))
                    .append("\">")
                    .append(String.format(Locale.ROOT, "%.2f", t / 4.0 * 2))
                    .append("</text>");
        }
        for (int bi = 0; bi < r.blocks().size(); bi++) {
            SimResult.BlockReport b = r.blocks().get(bi);
            double x0 = left + bi * colW;
            int every = Math.max(1, (int) Math.ceil(64 / colW)); // a label needs about 64 px
            if (bi % every == 0) {
                s.append("<text x=\"")
                        .append(f(x0 + colW / 2))
                        .append("\" y=\"")
                        .append(hgt - 8)
                        .append("\" text-anchor=\"middle\">block ")
                        .append(b.block())
                        .append("</text>");
            }
            int k = 0,
                    n =
                            b.ranking().stream()
                                    .mapToInt(nr -> nr.eligible().size())
                                    .sum();
            for (SimResult.NodeRanking nr : b.ranking()) {
                for (SimResult.RankEntry e : nr.eligible()) {
                    double x = x0 + 8 + (colW - 16) * (n <= 1 ? 0.5 : (double) k / (n - 1));
                    double y = top + plotH * (1 - Math.min(2, normScore(e.score())) / 2);
                    String color =
                            KIND_COLOR[nr.node().startsWith("0.") || nr.node().startsWith("(0") ? 0 : 1];
                    String shape = e.included()
                            ? "fill=\"" + color + "\""
                            : e.proved()
                                    ? "fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\""
                                    : "fill=\"#bbb\"";
                    s.append("<circle cx=\"")
                            .append(f(x))
                            .append("\" cy=\"")
                            .append(f(y))
                            .append("\" r=\"")
                            .append(e.proved() ? 5 : 3)
                            .append("\" ")
                            .append(shape)
                            .append("><title>")
                            .append(esc(e.prover() + " at " + nr.node() + ": score " + e.score()))
                            .append("</title></circle>");
                    k++;
                }
            }
        }
        return s.append("</svg>").toString();
    }

    private static String wasted(SimResult r) {
        List<SimResult.StrategySummary> ss = r.summary().strategies();
        int max = Math.max(
                1, ss.stream().mapToInt(SimResult.StrategySummary::made).max().orElse(1));
        int rowH = 26, w = 760, left = 170;
        int room = ss.stream()
                        .mapToInt(st -> textWidth(
                                st.wasted() + " of " + st.made() + " wasted (" + f(st.wastedMs() / 1000) + " s)"))
                        .max()
                        .orElse(0)
                + 12;
        int barW = Math.max(40, w - left - room);
        StringBuilder s =
                new StringBuilder("<svg width=\"" + w + "\" height=\"" + (ss.size() * rowH + 20) + "\" role=\"img\">");
        for (int i = 0; i < ss.size(); i++) {
            SimResult.StrategySummary st = ss.get(i);
            int y = 10 + i * rowH;
            double mw = barW * (double) st.made() / max, ww = barW * (double) st.wasted() / max;
            s.append("<text x=\"5\" y=\"")
                    .append(y + 15)
                    .append("\">")
                    .append(esc(st.strategy()))
                    .append("</text>");
            s.append("<rect x=\"")
                    .append(left)
                    .append("\" y=\"")
                    .append(y + 2)
                    .append("\" width=\"")
                    .append(f(mw))
                    .append("\" height=\"18\" fill=\"#bab0ac\"/>");
            s.append("<rect x=\"")
                    .append(left)
                    .append("\" y=\"")
                    .append(y + 2)
                    .append("\" width=\"")
                    .append(f(ww))
                    .append("\" height=\"18\" fill=\"#e15759\"/>");
            s.append("<text x=\"")
                    .append(f(left + mw + 6))
                    .append("\" y=\"")
                    .append(y + 15)
                    .append("\">")
                    .append(st.wasted())
                    .append(" of ")
                    .append(st.made())
                    .append(" wasted (")
                    .append(f(st.wastedMs() / 1000))
                    .append(" s)</text>");
        }
        return s.append("</svg>").toString();
    }

    private static String timeline(SimResult r) {
        Map<String, List<SimResult.JobSpan>> rows = new LinkedHashMap<>();
        double end = 1;
        for (SimResult.JobSpan j : r.jobs()) {
            rows.computeIfAbsent(j.worker(), k -> new ArrayList<>()).add(j);
            end = Math.max(end, j.endMs());
        }
        double start =
                r.jobs().stream().mapToDouble(SimResult.JobSpan::startMs).min().orElse(0);
        int rowH = 20, w = 1000, left = 150, plotW = w - left - 10;
        int hgt = rows.size() * rowH + 40;
        StringBuilder s = new StringBuilder(
                "<svg width=\"" + w + "\" height=\"" + hgt
                        + "\" role=\"img\"><defs><pattern id=\"hatch\" width=\"6\" height=\"6\" "
                        + "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"3\" height=\"6\" fill=\"#e15759\"/></pattern></defs>");
        double span = Math.max(1, end - start);
        for (int t = 0; t <= 5; t++) {
            double x = left + plotW * t / 5.0;
            s.append("<line x1=\"")
                    .append(f(x))
                    .append("\" x2=\"")
                    .append(f(x))
                    .append("\" y1=\"0\" y2=\"")
                    .append(hgt - 25)
                    .append("\" stroke=\"#ddd\"/>")
                    .append("<text x=\"")
                    .append(f(x))
                    .append("\" y=\"")
                    .append(hgt - 8)
                    .append("\" text-anchor=\"")
                    .append(t == 0 ? "start" : t == 5 ? "end" : "middle")
                    .append("\">")
                    .append(f(span * t / 5 / 1000))
                    .append(" s</text>");
        }
        int i = 0;
        for (Map.Entry<String, List<SimResult.JobSpan>> e : rows.entrySet()) {
            int y = 5 + i++ * rowH;
            s.append("<text x=\"5\" y=\"")
                    .append(y + 13)
                    .append("\">")
                    .append(esc(e.getKey()))
                    .append("</text>");
            for (SimResult.JobSpan j : e.getValue()) {
                double x = left + plotW * (j.startMs() - start) / span,
                        wd = Math.max(1.5, plotW * (j.endMs() - j.startMs()) / span);
                int kind = j.kind().equals("BASE") ? 0 : j.kind().equals("MERGE") ? 1 : 2;
                String fill = j.state().equals("DONE")
                        ? KIND_COLOR[kind]
                        : j.state().equals("CANCELLED") ? "#ddd" : "url(#hatch)";
                s.append("<rect x=\"")
                        .append(f(x))
                        .append("\" y=\"")
                        .append(y + 2)
                        .append("\" width=\"")
                        .append(f(wd))
                        .append("\" height=\"15\" fill=\"")
                        .append(fill)
                        .append("\"><title>")
                        .append(esc("block " + j.block() + " " + j.kind() + " " + j.node() + " " + j.state()
                                + " attempt " + j.attempts() + (j.reason() == null ? "" : ": " + j.reason())))
                        .append("</title></rect>");
            }
        }
        return s.append("</svg>").toString();
    }

    private static void block(StringBuilder h, SimResult.BlockReport b) {
        h.append("<h3>Block ")
                .append(b.block())
                .append("</h3><p>")
                .append(b.txs())
                .append(" txs, sequencer ")
                .append(esc(b.sequencer()))
                .append(" (FEE_SPLIT ")
                .append(io.coprover.protocol.Ppm.format(b.feeSplitPpm()))
                .append(")");
        if (!b.withheldFrom().isEmpty())
            h.append(", data withheld from ").append(esc(String.join(", ", b.withheldFrom())));
        if (b.dropped())
            h.append(". <b>Dropped</b>: no valid root; sequencer slashed ").append(esc(TextReport.azt(b.slashed())));
        else h.append(". Winner ").append(b.winnerRoot(), 0, 12).append("… by ").append(esc(b.winnerSubmitter()));
        h.append(
                ".</p><table><tr><th>node</th><th>kind</th><th>prover</th><th>FEE_BURN</th><th>device</th><th>time</th><th>included</th></tr>");
        for (SimResult.ProofInfo p : b.proofs()) {
            h.append("<tr><td>")
                    .append(p.node())
                    .append("</td><td>")
                    .append(p.kind())
                    .append("</td><td>")
                    .append(esc(p.prover()))
                    .append("</td><td>")
                    .append(io.coprover.protocol.Ppm.format(p.feeBurnPpm()))
                    .append("</td><td>")
                    .append(esc(p.backend()))
                    .append("</td><td>")
                    .append(f((p.witnessMs() + p.proveMs()) / 1000))
                    .append(" s</td><td>")
                    .append(p.included() ? "yes" : "no")
                    .append("</td></tr>");
        }
        h.append("</table><table><tr><th>prover</th><th>proofs</th><th>reward</th><th>burned</th></tr>");
        for (SimResult.Payout p : b.payouts()) {
            h.append("<tr><td>")
                    .append(esc(p.prover()))
                    .append("</td><td>")
                    .append(p.proofs())
                    .append("</td><td>")
                    .append(esc(TextReport.azt(p.reward())))
                    .append("</td><td>")
                    .append(esc(TextReport.azt(p.burned())))
                    .append("</td></tr>");
        }
        h.append("</table>");
    }
}
