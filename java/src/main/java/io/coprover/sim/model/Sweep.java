package io.coprover.sim.model;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * {@code coprover simulate sweep}: every combination of the given settings ({@link ModelParams}),
 * each run with N seeds, on a pool of threads; per point the mean of each metric across seeds and
 * its 95 % confidence interval (Student's t), written as CSV (one row per run), JSON and an HTML
 * report ({@link SweepReport}).
 */
public final class Sweep {
    /** One swept setting and its values. */
    public record Axis(String name, List<String> values) {}

    /** Mean and 95 % confidence interval across seeds (lo = hi = mean for one seed). */
    public record Stat(double mean, double lo, double hi, int n) {}

    /** One combination of settings: its metrics across seeds. */
    public record Point(
            Map<String, String> params,
            Map<String, Stat> metrics,
            Map<String, Stat> rewardShare,
            Map<String, Stat> sequencerProfitAzt) {}

    /** One run. */
    public record Row(
            Map<String, String> params,
            long seed,
            Map<String, Double> metrics,
            Map<String, Double> rewardShare,
            Map<String, Double> sequencerProfitAzt,
            boolean conserved) {}

    public record Result(List<Axis> axes, int seeds, List<Point> points, List<Row> runs, double wallMs) {}

    /** The metrics of every run, in report order. */
    public static final List<String> METRICS = List.of(
            "dropRate",
            "burnShare",
            "gini",
            "nakamoto",
            "wastedShare",
            "latencyMeanS",
            "latencyP95S",
            "forgedRejected",
            "groundKeys",
            "unusableProofs");

    private Sweep() {}

    /**
     * Runs the cross product of {@code axes} over {@code base}, seeds base.seed .. base.seed + seeds − 1.
     *
     * @param progress gets a line per finished run (may be null)
     */
    public static Result run(
            ModelConfig base,
            DeviceProfiles profiles,
            List<Axis> axes,
            int seeds,
            int threads,
            Consumer<String> progress)
            throws InterruptedException {
        if (seeds < 1) throw new IllegalArgumentException("--seeds must be ≥ 1");
        for (Axis a : axes) {
            if (!ModelParams.NAMES.contains(a.name()))
                throw new IllegalArgumentException("--param: unknown setting '" + a.name() + "' (known: "
                        + String.join(", ", ModelParams.NAMES) + ")");
            if (a.name().equals("seed"))
                throw new IllegalArgumentException("--param seed: use --seeds N (seeds are the sweep's replicates)");
            if (a.values().isEmpty()) throw new IllegalArgumentException("--param " + a.name() + ": no values");
        }
        List<Map<String, String>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Axis a : axes) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> p : points) {
                for (String v : a.values()) {
                    Map<String, String> q = new LinkedHashMap<>(p);
                    q.put(a.name(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        List<ModelConfig> configs = new ArrayList<>();
        for (Map<String, String> p : points) {
            for (int s = 0; s < seeds; s++) {
                ModelParams mp = new ModelParams(base);
                p.forEach(mp::set);
                mp.set("seed", Long.toString(base.seed() + s));
                configs.add(mp.build()); // every setting checked before anything runs
            }
        }
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        List<Future<ModelNet.Result>> futures = new ArrayList<>();
        try {
            for (ModelConfig c : configs) {
                futures.add(pool.submit(() -> {
                    ModelNet.Result r = new ModelNet(c, profiles).run(null);
                    if (progress != null)
                        progress.accept(String.format(
                                "run done: seed %d, %d blocks, %.1f s", c.seed(), c.blocks(), r.wallMs() / 1000));
                    return r;
                }));
            }
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                ModelNet.Result r;
                try {
                    r = futures.get(i).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("sweep run " + (i + 1) + " failed: " + e.getCause(), e.getCause());
                }
                rows.add(row(points.get(i / seeds), configs.get(i), r));
            }
            List<Point> out = new ArrayList<>();
            for (int p = 0; p < points.size(); p++)
                out.add(point(points.get(p), rows.subList(p * seeds, (p + 1) * seeds)));
            return new Result(List.copyOf(axes), seeds, out, rows, (System.nanoTime() - t0) / 1e6);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One run as a sweep of one point and one seed (for its report). */
    public static Result single(ModelNet.Result r) {
        Row row = row(Map.of(), r.config(), r);
        return new Result(List.of(), 1, List.of(point(Map.of(), List.of(row))), List.of(row), r.wallMs());
    }

    static Row row(Map<String, String> point, ModelConfig c, ModelNet.Result r) {
        ModelStats.Summary s = r.summary();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("dropRate", s.dropRate());
        m.put("burnShare", s.burnShare());
        m.put("gini", s.gini());
        m.put("nakamoto", (double) s.nakamoto());
        m.put("wastedShare", s.wastedShare());
        m.put("latencyMeanS", s.latencyMeanMs() < 0 ? Double.NaN : s.latencyMeanMs() / 1000);
        m.put("latencyP95S", s.latencyP95Ms() < 0 ? Double.NaN : s.latencyP95Ms() / 1000);
        m.put("forgedRejected", (double) s.forgedRejected());
        m.put("groundKeys", (double) s.groundKeys());
        m.put("unusableProofs", (double) s.unusable());
        Map<String, Double> share = new LinkedHashMap<>(), profit = new LinkedHashMap<>();
        s.agents().forEach((label, a) -> {
            if (a.provers() > 0) share.put(label, a.rewardShare());
            if (a.wins() > 0 || label.startsWith("bid:")) {
                profit.put(
                        label,
                        new BigDecimal(new BigInteger(a.sequencerProfit()))
                                        .movePointLeft(18)
                                        .doubleValue()
                                / Math.max(1, s.blocks()));
            }
        });
        return new Row(point, c.seed(), m, share, profit, r.conserved());
    }

    static Point point(Map<String, String> params, List<Row> rows) {
        Map<String, Stat> m = new LinkedHashMap<>();
        for (String k : METRICS)
            m.put(k, stat(rows.stream().map(r -> r.metrics().get(k)).toList()));
        return new Point(params, m, stats(rows, Row::rewardShare), stats(rows, Row::sequencerProfitAzt));
    }

    private static Map<String, Stat> stats(List<Row> rows, java.util.function.Function<Row, Map<String, Double>> f) {
        TreeSet<String> labels = new TreeSet<>();
        for (Row r : rows) labels.addAll(f.apply(r).keySet());
        Map<String, Stat> out = new LinkedHashMap<>();
        for (String l : labels)
            out.put(
                    l,
                    stat(rows.stream().map(r -> f.apply(r).getOrDefault(l, 0.0)).toList()));
        return out;
    }

    /** Mean and the 95 % t-interval of the values that are numbers. */
    static Stat stat(List<Double> values) {
        List<Double> v = values.stream().filter(d -> d != null && !d.isNaN()).toList();
        int n = v.size();
        if (n == 0) return new Stat(Double.NaN, Double.NaN, Double.NaN, 0);
        double mean = v.stream().mapToDouble(Double::doubleValue).sum() / n;
        if (n == 1) return new Stat(mean, mean, mean, 1);
        double ss = 0;
        for (double x : v) ss += (x - mean) * (x - mean);
        double half = t975(n - 1) * Math.sqrt(ss / (n - 1) / n);
        return new Stat(mean, mean - half, mean + half, n);
    }

    /** Student's t quantile 0.975 for {@code df} degrees of freedom (table to 30, then the normal's 1.96 with a 1/df correction). */
    static double t975(int df) {
        double[] t = {
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
            2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042
        };
        return df <= 30 ? t[df - 1] : 1.96 + 2.4 / df;
    }

    /** One row per run: the swept settings, the seed, every metric, reward shares and sequencer profit per agent type. */
    public static void writeCsv(Result r, Path file) throws IOException {
        TreeSet<String> shares = new TreeSet<>(), profits = new TreeSet<>();
        for (Row row : r.runs()) {
            shares.addAll(row.rewardShare().keySet());
            profits.addAll(row.sequencerProfitAzt().keySet());
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            List<String> head = new ArrayList<>();
            for (Axis a : r.axes()) head.add(a.name());
            head.add("seed");
            head.addAll(METRICS);
            for (String s : shares) head.add("rewardShare[" + s + "]");
            for (String s : profits) head.add("sequencerProfitAztPerBlock[" + s + "]");
            head.add("conserved");
            w.write(csvLine(head));
            for (Row row : r.runs()) {
                List<String> cells = new ArrayList<>();
                for (Axis a : r.axes()) cells.add(row.params().get(a.name()));
                cells.add(Long.toString(row.seed()));
                for (String k : METRICS) cells.add(num(row.metrics().get(k)));
                for (String s : shares) cells.add(num(row.rewardShare().getOrDefault(s, 0.0)));
                for (String s : profits) cells.add(num(row.sequencerProfitAzt().getOrDefault(s, 0.0)));
                cells.add(Boolean.toString(row.conserved()));
                w.write(csvLine(cells));
            }
        }
    }

    private static String num(Double d) {
        return d == null || d.isNaN() ? "" : Double.toString(d);
    }

    private static String csvLine(List<String> cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) b.append(',');
            String c = cells.get(i) == null ? "" : cells.get(i);
            b.append(
                    c.contains(",") || c.contains("\"") || c.contains(";") ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
        }
        return b.append('\n').toString();
    }
}
