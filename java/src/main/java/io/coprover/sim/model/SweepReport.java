package io.coprover.sim.model;

import io.coprover.protocol.Amounts;
import io.coprover.protocol.Ppm;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.RewardSplit;
import io.coprover.protocol.Score;
import io.coprover.protocol.TreeShape;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The sweep's HTML report: one self-contained page (inline CSS and SVG, no script, nothing
 * fetched). Points are named P1, P2, … on the axes and spelled out in a table, so no label has to
 * fit inside a chart; every chart shows the mean across seeds with its 95 % confidence band;
 * labels are rounded, the exact figures are in the tables and in each mark's tooltip. Then the
 * proposal's two worked examples, computed with the protocol's own classes.
 */
public final class SweepReport {
    private static final String[] COLORS = {
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"
    };
    private static final int W = 720, H = 240, LEFT = 64, RIGHT = 16, TOP = 14, BOTTOM = 34;

    private SweepReport() {}

    static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A number for a label: 3 significant digits, no exponent for ordinary sizes. */
    static String round(double v) {
        if (Double.isNaN(v)) return "–";
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1000) return String.format(Locale.ROOT, "%,.0f", v);
        if (a >= 1) return strip(String.format(Locale.ROOT, "%.2f", v));
        if (a >= 0.001) return strip(String.format(Locale.ROOT, "%.3f", v));
        return String.format(Locale.ROOT, "%.2e", v);
    }

    private static String strip(String s) {
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static final Map<String, String> TITLES = Map.of(
            "dropRate",
            "Blocks dropped (share)",
            "burnShare",
            "Burned share of the block value",
            "gini",
            "Gini coefficient of operators' rewards",
            "nakamoto",
            "Nakamoto coefficient (operators holding > 50 % of rewards)",
            "wastedShare",
            "Wasted proving time (share)",
            "latencyMeanS",
            "Time to the first valid root, mean (s)",
            "latencyP95S",
            "Time to the first valid root, 95th percentile (s)",
            "forgedRejected",
            "Forged root submissions refused per run",
            "groundKeys",
            "Ground keys staked per run",
            "unusableProofs",
            "Proofs refused by the network per run");

    public static String render(Sweep.Result r, ModelConfig base) {
        StringBuilder h = new StringBuilder();
        h.append(
                        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>coprover simulate sweep</title><style>")
                .append(
                        "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}")
                .append(
                        "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;font-size:12px;vertical-align:top}")
                .append(
                        "th{background:#f3f3f3}.mono{font-family:monospace}svg{background:#fafafa;border:1px solid #ddd;display:block}svg text{font-size:11px;fill:#333}")
                .append(
                        ".legend span{display:inline-block;margin-right:1em}.sw{display:inline-block;width:10px;height:10px;margin-right:4px}")
                .append("</style></head><body><h1>coprover simulate sweep</h1>");
        h.append("<p>")
                .append(r.points().size())
                .append(" points × ")
                .append(r.seeds())
                .append(" seeds = ")
                .append(r.runs().size())
                .append(" modelled runs in ")
                .append(f(r.wallMs() / 1000))
                .append(" s. Base settings: ")
                .append(esc(base.blocks() + " blocks, "
                        + base.provers() + " provers, " + base.sequencers() + " sequencers, " + base.txs()
                        + " txs per block, VRF " + base.mode()
                        + ", E = " + base.eligible() + ", window " + base.window() + " L1 blocks of " + base.l1Ms()
                        + " ms, gossip " + base.gossipMs()
                        + "+" + base.jitterMs() + " ms, devices " + String.join(";", base.devices())))
                .append(". Bands are 95 % confidence intervals of the mean across seeds.</p>");
        h.append("<h2>Points</h2><table><tr><th>point</th>");
        for (Sweep.Axis a : r.axes()) h.append("<th>").append(esc(a.name())).append("</th>");
        h.append("</tr>");
        for (int i = 0; i < r.points().size(); i++) {
            h.append("<tr><td>P").append(i + 1).append("</td>");
            for (Sweep.Axis a : r.axes())
                h.append("<td class=mono>")
                        .append(esc(r.points().get(i).params().get(a.name())))
                        .append("</td>");
            h.append("</tr>");
        }
        h.append("</table>");
        h.append("<h2>Reward share per agent type</h2>")
                .append(legend(labels(r, true)))
                .append(grouped(r, true));
        h.append("<h2>Sequencer profit per block (AZT, incl. MEV, less the excess paid from the bond)</h2>")
                .append(legend(labels(r, false)))
                .append(grouped(r, false));
        for (String m : Sweep.METRICS) {
            h.append("<h2>").append(esc(TITLES.get(m))).append("</h2>").append(line(r, m));
        }
        h.append("<h2>Every point, exactly</h2><table><tr><th>metric</th>");
        for (int i = 0; i < r.points().size(); i++)
            h.append("<th>P").append(i + 1).append("</th>");
        h.append("</tr>");
        for (String m : Sweep.METRICS) {
            h.append("<tr><td>").append(m).append("</td>");
            for (Sweep.Point p : r.points())
                h.append("<td class=mono>").append(exact(p.metrics().get(m))).append("</td>");
            h.append("</tr>");
        }
        h.append("</table>");
        h.append(workedExamples());
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String exact(Sweep.Stat s) {
        if (s == null || s.n() == 0) return "–";
        return s.mean() + (s.n() > 1 ? " [" + s.lo() + ", " + s.hi() + "]" : "");
    }

    private static List<String> labels(Sweep.Result r, boolean rewards) {
        TreeSet<String> l = new TreeSet<>();
        for (Sweep.Point p : r.points()) l.addAll((rewards ? p.rewardShare() : p.sequencerProfitAzt()).keySet());
        return List.copyOf(l);
    }

    private static String legend(List<String> labels) {
        StringBuilder s = new StringBuilder("<p class=legend>");
        for (int i = 0; i < labels.size(); i++) {
            s.append("<span><i class=sw style=\"background:")
                    .append(COLORS[i % COLORS.length])
                    .append("\"></i><span class=mono>")
                    .append(esc(labels.get(i)))
                    .append("</span></span>");
        }
        return s.append("</p>").toString();
    }

    /** y axis ticks 0..max (or min..max) with rounded labels; returns the svg so far. */
    private static StringBuilder frame(double lo, double hi, int points) {
        StringBuilder s = new StringBuilder(
                "<svg width=\"" + W + "\" height=\"" + H + "\" viewBox=\"0 0 " + W + " " + H + "\" role=\"img\">");
        double plotH = H - TOP - BOTTOM;
        for (int t = 0; t <= 4; t++) {
            double v = lo + (hi - lo) * t / 4, y = TOP + plotH * (1 - t / 4.0);
            s.append("<line x1=\"")
                    .append(LEFT)
                    .append("\" x2=\"")
                    .append(W - RIGHT)
                    .append("\" y1=\"")
                    .append(f(y))
                    .append("\" y2=\"")
                    .append(f(y))
                    .append("\" stroke=\"#ddd\"/><text x=\"")
                    .append(LEFT - 6)
                    .append("\" y=\"")
                    .append(f(y + 4))
                    .append("\" text-anchor=\"end\">")
                    .append(esc(round(v)))
                    .append("</text>");
        }
        double colW = (W - LEFT - RIGHT) / (double) Math.max(1, points);
        for (int i = 0; i < points; i++) {
            s.append("<text x=\"")
                    .append(f(LEFT + colW * (i + 0.5)))
                    .append("\" y=\"")
                    .append(H - 12)
                    .append("\" text-anchor=\"middle\">P")
                    .append(i + 1)
                    .append("</text>");
        }
        return s;
    }

    private static double y(double v, double lo, double hi) {
        double plotH = H - TOP - BOTTOM;
        return TOP + plotH * (1 - (hi == lo ? 0.5 : (v - lo) / (hi - lo)));
    }

    /** The axis: from a round number at or below the lowest value (and 0) to one at or above the highest, in 4 equal round steps. */
    private static double[] range(List<Sweep.Stat> stats) {
        double lo = 0, hi = 0;
        for (Sweep.Stat s : stats) {
            if (s == null || s.n() == 0) continue;
            lo = Math.min(lo, s.lo());
            hi = Math.max(hi, s.hi());
        }
        if (hi == lo) hi = lo + 1;
        double raw = (hi - lo) / 4, mag = Math.pow(10, Math.floor(Math.log10(raw))), step = mag;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            step = m * mag;
            if (step >= raw) break;
        }
        lo = Math.floor(lo / step) * step;
        while (lo + 4 * step < hi) step = step * 2; // keep 4 steps: widen the step until they cover the top
        return new double[] {lo, lo + 4 * step};
    }

    /** A metric across points: mean (dots and line) with its confidence band. */
    private static String line(Sweep.Result r, String metric) {
        List<Sweep.Stat> st =
                r.points().stream().map(p -> p.metrics().get(metric)).toList();
        double[] rg = range(st);
        StringBuilder s = frame(rg[0], rg[1], st.size());
        double colW = (W - LEFT - RIGHT) / (double) Math.max(1, st.size());
        StringBuilder band = new StringBuilder(),
                upper = new StringBuilder(),
                lower = new StringBuilder(),
                path = new StringBuilder();
        for (int i = 0; i < st.size(); i++) {
            Sweep.Stat x = st.get(i);
            if (x.n() == 0) continue;
            double cx = LEFT + colW * (i + 0.5);
            upper.append(upper.length() == 0 ? "M" : "L")
                    .append(f(cx))
                    .append(' ')
                    .append(f(y(x.hi(), rg[0], rg[1])));
            lower.insert(0, "L" + f(cx) + " " + f(y(x.lo(), rg[0], rg[1])));
            path.append(path.length() == 0 ? "M" : "L")
                    .append(f(cx))
                    .append(' ')
                    .append(f(y(x.mean(), rg[0], rg[1])));
        }
        if (upper.length() > 0)
            band.append("<path d=\"")
                    .append(upper)
                    .append(lower)
                    .append("Z\" fill=\"#4e79a7\" fill-opacity=\"0.18\" stroke=\"none\"/>");
        s.append(band);
        if (path.length() > 0)
            s.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#4e79a7\" stroke-width=\"2\"/>");
        for (int i = 0; i < st.size(); i++) {
            Sweep.Stat x = st.get(i);
            if (x.n() == 0) continue;
            double cx = LEFT + colW * (i + 0.5);
            s.append("<circle cx=\"")
                    .append(f(cx))
                    .append("\" cy=\"")
                    .append(f(y(x.mean(), rg[0], rg[1])))
                    .append("\" r=\"4\" fill=\"#4e79a7\"><title>P")
                    .append(i + 1)
                    .append(' ')
                    .append(esc(metric))
                    .append(": ")
                    .append(esc(exact(x)))
                    .append("</title></circle>");
        }
        return s.append("</svg>").toString();
    }

    /** Per point, one bar per agent type (mean) with a whisker for its confidence interval. */
    private static String grouped(Sweep.Result r, boolean rewards) {
        List<String> labels = labels(r, rewards);
        List<Sweep.Stat> all = new ArrayList<>();
        for (Sweep.Point p : r.points()) all.addAll((rewards ? p.rewardShare() : p.sequencerProfitAzt()).values());
        double[] rg = range(all);
        StringBuilder s = frame(rg[0], rg[1], r.points().size());
        double colW = (W - LEFT - RIGHT) / (double) Math.max(1, r.points().size());
        double barW = Math.max(2, (colW - 12) / Math.max(1, labels.size()));
        for (int i = 0; i < r.points().size(); i++) {
            Map<String, Sweep.Stat> m = rewards
                    ? r.points().get(i).rewardShare()
                    : r.points().get(i).sequencerProfitAzt();
            for (int k = 0; k < labels.size(); k++) {
                Sweep.Stat x = m.get(labels.get(k));
                if (x == null || x.n() == 0) continue;
                double bx = LEFT + colW * i + 6 + barW * k, y0 = y(0, rg[0], rg[1]), ym = y(x.mean(), rg[0], rg[1]);
                s.append("<rect x=\"")
                        .append(f(bx))
                        .append("\" y=\"")
                        .append(f(Math.min(y0, ym)))
                        .append("\" width=\"")
                        .append(f(barW - 1))
                        .append("\" height=\"")
                        .append(f(Math.abs(y0 - ym)))
                        .append("\" fill=\"")
                        .append(COLORS[k % COLORS.length])
                        .append("\"><title>P")
                        .append(i + 1)
                        .append(' ')
                        .append(esc(labels.get(k)))
                        .append(": ")
                        .append(esc(exact(x)))
                        .append("</title></rect>");
                if (x.n() > 1) {
                    double cx = bx + (barW - 1) / 2;
                    s.append("<line x1=\"")
                            .append(f(cx))
                            .append("\" x2=\"")
                            .append(f(cx))
                            .append("\" y1=\"")
                            .append(f(y(x.lo(), rg[0], rg[1])))
                            .append("\" y2=\"")
                            .append(f(y(x.hi(), rg[0], rg[1])))
                            .append("\" stroke=\"#222\"/>");
                }
            }
        }
        return s.append("</svg>").toString();
    }

    /** The proposal's reward split and tree score examples, computed with RewardSplit and Score. */
    static String workedExamples() {
        StringBuilder h = new StringBuilder("<h2>The proposal's worked examples</h2>");
        BigInteger fees = Amounts.ONE_AZT.multiply(BigInteger.valueOf(1000));
        RewardSplit s = RewardSplit.uniform(
                fees,
                BigInteger.ZERO,
                800_000,
                ProtocolParams.defaults().maxFeeSplitPpm(),
                TreeShape.forTxs(32),
                3,
                400_000);
        h.append(
                "<p>Reward split: 1000 AZT of fees, 32 txs (31 nodes, 93 slots, 91 proofs: the root has one), FEE_SPLIT 80 %, FEE_BURN 40 % "
                        + "(<span class=mono>RewardSplit.uniform</span>, as <span class=mono>coprover rewards --total-fees 1000 --txs 32 --fee-split 80% --fee-burn 40%</span>):</p>");
        h.append("<table><tr><th></th><th>AZT</th><th>units</th></tr>");
        BigInteger reward = s.payouts().get(0).reward(),
                burn = s.payouts().get(0).burned();
        Object[][] rows = {
            {"pool", s.pool()},
            {"network (80 %)", s.network()},
            {"sequencer", s.sequencer()},
            {"share = network / 93", s.share()},
            {"reward per proof (FEE_BURN 40 %)", reward},
            {"burn per proof", burn},
            {"91 proofs' rewards", s.totalRewards()},
            {"burned: FEE_BURN", s.burnedByFeeBurn()},
            {"burned: 2 missing root slots", s.burnedMissing()},
            {"burned: dust", s.dust()}
        };
        for (Object[] row : rows) {
            BigInteger v = (BigInteger) row[1];
            h.append("<tr><td>")
                    .append(row[0])
                    .append("</td><td class=mono>")
                    .append(Amounts.formatAzt(v))
                    .append("</td><td class=mono>")
                    .append(v)
                    .append("</td></tr>");
        }
        h.append("</table><p>Value conserved: ")
                .append(s.conserved() ? "yes" : "NO")
                .append(".</p>");
        // tree score: R1 (60) with G1..G3 and B1, B2 against R2 (40) with G1..G3 and B1..B3 (B3 = 30)
        long[] g = {50, 45, 35}, b = {25, 20};
        Score common = Score.ZERO;
        for (long v : g) common = common.plus(Score.product(v, 1));
        for (long v : b) common = common.plus(Score.product(v, 1));
        Score t1 = common.plus(Score.product(60, 1)),
                t2 = common.plus(Score.product(40, 1)).plus(Score.product(30, 1));
        h.append(
                        "<p>Tree score: root R1 (score 60) over G1..G3 and B1, B2 against root R2 (40) over G1..G3 and B1..B3 with B3 = 30 "
                                + "(the G and B scores are the same in both trees; here G = 50, 45, 35 and B1, B2 = 25, 20, summed with <span class=mono>Score.plus</span>): "
                                + "score(R1's tree) = ")
                .append(t1)
                .append(", score(R2's tree) = ")
                .append(t2)
                .append(", difference S(R2) + S(B3) − S(R1) = 40 + 30 − 60 = ")
                .append(t2.toBigInteger().subtract(t1.toBigInteger()))
                .append(": R2's tree wins with the lower root score. FEE_SPLIT bounds: ")
                .append(Ppm.format(ProtocolParams.defaults().maxFeeSplitPpm()))
                .append(" at most.</p>");
        return h.toString();
    }
}
