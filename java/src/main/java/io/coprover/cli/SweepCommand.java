package io.coprover.cli;

import io.coprover.sim.model.ModelConfig;
import io.coprover.sim.model.ModelParams;
import io.coprover.sim.model.Sweep;
import io.coprover.sim.model.SweepReport;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coprover simulate sweep}: modelled runs over the cross product of settings, with seeds; CSV, JSON and an HTML report. */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the modelled network for every combination of the --param values, each with --seeds seeds, on all cores, and writes "
                    + "sweep.csv (one row per run), sweep.json (per point: mean and 95%% confidence interval of every metric) and report.html (charts with confidence bands).",
            "Settings: "
                    + "blocks, provers, sequencers, txs, vrf-mode, eligible, roles, strategies, sequencer-strategies, devices, gossip-ms, jitter-ms, "
                    + "l1-ms, window, block-reward, tx-fee; a list value separates its entries with ';'."
        })
public final class SweepCommand implements Callable<Integer> {
    @Option(
            names = "--param",
            paramLabel = "NAME=V1,V2,...",
            description = "A setting and its values (repeat for more settings; one value fixes it).")
    List<String> params = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds per point (default: 5).")
    int seeds = 5;

    @Option(names = "--seed", paramLabel = "N", description = "The first seed (default: 1).")
    long seed = 1;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where to write sweep.csv, sweep.json and report.html (default: sweep).")
    Path out = Path.of("sweep");

    @Option(names = "--threads", paramLabel = "T", description = "Runs at once (default: the number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(
            names = "--profiles",
            paramLabel = "FILE",
            description = "A JSON file of device profiles added to the shipped ones.")
    Path profiles;

    @Override
    public Integer call() throws Exception {
        ModelParams base = new ModelParams(ModelConfig.defaults());
        base.set("seed", Long.toString(seed));
        List<Sweep.Axis> axes = new ArrayList<>();
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq < 1) throw new IllegalArgumentException("--param needs NAME=V1,V2,..., got '" + p + "'");
            String name = p.substring(0, eq).strip();
            List<String> values = Arrays.stream(p.substring(eq + 1).split(","))
                    .map(String::strip)
                    .filter(v -> !v.isEmpty())
                    .toList();
            if (values.size() == 1) base.set(name, values.get(0));
            else axes.add(new Sweep.Axis(name, values));
        }
        ModelConfig cfg = base.build();
        PrintStream o =
                new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        Sweep.Result r = Sweep.run(
                cfg, ModelledRun.profiles(profiles), axes, seeds, threads, line -> System.err.println("  " + line));
        Files.createDirectories(out);
        Sweep.writeCsv(r, out.resolve("sweep.csv"));
        Files.writeString(
                out.resolve("sweep.json"),
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(r));
        Files.writeString(out.resolve("report.html"), SweepReport.render(r, cfg));
        for (int i = 0; i < r.points().size(); i++) {
            Sweep.Point p = r.points().get(i);
            o.printf("P%d %s%n", i + 1, p.params());
            for (String m : Sweep.METRICS) {
                Sweep.Stat s = p.metrics().get(m);
                o.printf(
                        "    %-16s %s%n",
                        m,
                        s.n() == 0
                                ? "-"
                                : s.n() > 1
                                        ? String.format("%.4g [%.4g, %.4g]", s.mean(), s.lo(), s.hi())
                                        : String.format("%.4g", s.mean()));
            }
            p.rewardShare()
                    .forEach((k, s) ->
                            o.printf("    reward share %-40s %.4g [%.4g, %.4g]%n", k, s.mean(), s.lo(), s.hi()));
        }
        o.printf(
                "%d runs in %.1f s; wrote %s, %s, %s%n",
                r.runs().size(),
                r.wallMs() / 1000,
                out.resolve("sweep.csv"),
                out.resolve("sweep.json"),
                out.resolve("report.html"));
        return r.runs().stream().allMatch(Sweep.Row::conserved) ? 0 : 1;
    }
}
