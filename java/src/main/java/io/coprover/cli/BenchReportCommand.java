package io.coprover.cli;

import io.coprover.backend.Backends;
import io.coprover.backend.ProvingBackend;
import io.coprover.math.Field;
import io.coprover.plonk.Circuit;
import io.coprover.plonk.CircuitBuilder;
import io.coprover.plonk.DemoCircuit;
import io.coprover.plonk.Prover;
import io.coprover.plonk.ProvingKey;
import io.coprover.plonk.Setup;
import io.coprover.plonk.Srs;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code coprover bench report}: times every usable proving backend of this machine (or the ones
 * named) on MSM, NTT and a PLONK prove of the demo circuit at a list of sizes, and writes
 * {@code report.md} and {@code report.html} (offline, charts as inline SVG): the machine (CPU model,
 * cores, memory, load), every backend with why it can or cannot run (GPUs included), the peers
 * installed (Node.js, snarkjs), and per operation the median of the timed runs with their spread
 * (fastest–slowest) per backend and size.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Times every usable backend (java, native-host, each CUDA GPU) on MSM, NTT and a PLONK prove.",
            "Writes report.md and report.html (offline, with charts): the machine, its backends and peers, the results."
        })
final class BenchReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--msm",
            defaultValue = "10..16",
            converter = BenchCommand.SizesConverter.class,
            paramLabel = "LOGS",
            description = "MSM sizes, log2 (default: ${DEFAULT-VALUE}).")
    BenchCommand.Sizes msm;

    @Option(
            names = "--ntt",
            defaultValue = "10..20",
            converter = BenchCommand.SizesConverter.class,
            paramLabel = "LOGS",
            description = "NTT sizes, log2 (default: ${DEFAULT-VALUE}).")
    BenchCommand.Sizes ntt;

    @Option(
            names = "--plonk",
            defaultValue = "10..14",
            converter = BenchCommand.SizesConverter.class,
            paramLabel = "LOGS",
            description = "PLONK prove sizes, log2 rows of the demo circuit (default: ${DEFAULT-VALUE}).")
    BenchCommand.Sizes plonk;

    @Option(
            names = "--ops",
            defaultValue = "msm,ntt,plonk",
            split = ",",
            paramLabel = "OPS",
            description = "Operations to time: msm, ntt, plonk (default: ${DEFAULT-VALUE}).")
    List<String> ops;

    @Option(
            names = "--backends",
            split = ",",
            paramLabel = "NAMES",
            description = "Backends to time (" + Backends.NAMES + "; default: every usable one).")
    List<String> backends;

    @Option(
            names = {"-r", "--reps"},
            defaultValue = "5",
            description = "Timed runs per size (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(
            names = {"-w", "--warmup"},
            defaultValue = "1",
            description = "Untimed runs before them (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of the random inputs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--out",
            defaultValue = "bench-report",
            description = "Directory for report.md and report.html (default: ${DEFAULT-VALUE}).")
    Path out;

    /** One operation at one size on one backend: the timed runs in ms, sorted. */
    record Row(String op, String backend, int log, double[] sortedMs) {
        double median() {
            return BenchCommand.median(sortedMs);
        }

        double min() {
            return sortedMs[0];
        }

        double max() {
            return sortedMs[sortedMs.length - 1];
        }
    }

    static final Map<String, String> TITLES = new LinkedHashMap<>();

    static {
        TITLES.put("msm", "MSM (G1, random points and scalars, bases loaded once)");
        TITLES.put("ntt", "NTT (forward, Fr, random coefficients, in place)");
        TITLES.put("plonk", "PLONK prove (demo circuit of 2^k rows, development SRS; rounds 1-5)");
    }

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        if (reps < 1) throw new CommandLine.ParameterException(cl, "--reps must be >= 1, got " + reps);
        if (warmup < 0) throw new CommandLine.ParameterException(cl, "--warmup must be >= 0, got " + warmup);
        for (String op : ops) {
            if (!TITLES.containsKey(op))
                throw new CommandLine.ParameterException(cl, "--ops: unknown operation " + op + " (msm, ntt, plonk)");
        }
        check(cl, "--msm", msm.logs(), 1, 24);
        check(cl, "--ntt", ntt.logs(), 1, 26);
        check(cl, "--plonk", plonk.logs(), 2, 20);
        List<Backends.Candidate> survey = Backends.survey();
        List<String> names = new ArrayList<>();
        if (backends == null || backends.isEmpty()) {
            for (Backends.Candidate c : survey) if (c.usable()) names.add(c.name());
        } else {
            names.addAll(backends);
        }
        double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Instant started = Instant.now();
        List<Row> rows = new ArrayList<>();
        var log = cl.getOut();
        for (String name : names) {
            ProvingBackend be;
            try {
                be = Backends.select(name);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "--backends: " + e.getMessage());
            }
            try (be) {
                if (ops.contains("msm")) rows.addAll(timeMsm(be, name));
                if (ops.contains("ntt")) rows.addAll(timeNtt(be, name));
                if (ops.contains("plonk")) rows.addAll(timePlonk(be, name));
            }
            for (Row r : rows) {
                if (r.backend().equals(name))
                    log.printf(Locale.ROOT, "%-12s %-5s 2^%-3d median %10.3f ms%n", name, r.op(), r.log(), r.median());
            }
            log.flush();
        }
        double load1 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long seconds = ChronoUnit.SECONDS.between(started, Instant.now());
        Machine m = Machine.describe(
                survey,
                load0,
                load1,
                seconds,
                String.join(" ", cl.getParseResult().originalArgs()));
        Files.createDirectories(out);
        Path md = out.resolve("report.md"), html = out.resolve("report.html");
        Files.writeString(md, BenchReportWriter.markdown(m, names, ops, rows, reps), StandardCharsets.UTF_8);
        Files.writeString(html, BenchReportWriter.html(m, names, ops, rows, reps), StandardCharsets.UTF_8);
        log.printf("wrote %s and %s%n", md, html);
        return 0;
    }

    private static void check(CommandLine cl, String opt, int[] logs, int min, int max) {
        for (int s : logs) {
            if (s < min || s > max)
                throw new CommandLine.ParameterException(cl, opt + ": 2^" + s + " is not in 2^" + min + "..2^" + max);
        }
    }

    private double[] time(LongSupplier runNanos) {
        for (int i = 0; i < warmup; i++) runNanos.getAsLong();
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) ms[i] = runNanos.getAsLong() / 1e6;
        Arrays.sort(ms);
        return ms;
    }

    private static long wall(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return System.nanoTime() - t0;
    }

    private List<Row> timeMsm(ProvingBackend be, String name) {
        int max = 1 << Arrays.stream(msm.logs()).max().orElse(0);
        Random rnd = new Random(seed);
        long[] points = BenchCommand.randomPoints(rnd, max);
        long[] scalars = Field.FR.newVector(max);
        for (int i = 0; i < max; i++) Field.FR.random(rnd, scalars, 4 * i);
        List<Row> out = new ArrayList<>();
        try (ProvingBackend.MsmBases bases = be.loadBases(points, max)) {
            for (int log : msm.logs()) {
                int n = 1 << log;
                out.add(new Row("msm", name, log, time(() -> wall(() -> be.msm(bases, 0, scalars, n)))));
            }
        }
        return out;
    }

    private List<Row> timeNtt(ProvingBackend be, String name) {
        Random rnd = new Random(seed);
        List<Row> out = new ArrayList<>();
        for (int log : ntt.logs()) {
            int n = 1 << log;
            long[] data = Field.FR.newVector(n);
            for (int i = 0; i < n; i++) Field.FR.random(rnd, data, 4 * i);
            // the transform's cost does not depend on the values, so it runs in place each time
            out.add(new Row("ntt", name, log, time(() -> wall(() -> be.ntt(data, log, 1)))));
        }
        return out;
    }

    private List<Row> timePlonk(ProvingBackend be, String name) {
        List<Row> out = new ArrayList<>();
        for (int log : plonk.logs()) {
            CircuitBuilder cb = DemoCircuit.build(1 << log, seed);
            Circuit c = cb.build();
            ProvingKey pk = Setup.run(c, Srs.generateInsecure(c.power, new Random(seed)), be);
            long[] witness = cb.witness();
            try (Prover p = new Prover(pk, be, new Random(seed))) {
                out.add(new Row(
                        "plonk",
                        name,
                        log,
                        time(() -> p.prove(witness).timings().total())));
            }
        }
        return out;
    }

    /** What the report says about the machine and the run. */
    record Machine(
            String cpu,
            int cores,
            long memoryBytes,
            String os,
            String jvm,
            double load0,
            double load1,
            long seconds,
            String args,
            String when,
            List<Backends.Candidate> backends,
            List<String[]> peers) {

        static Machine describe(
                List<Backends.Candidate> survey, double load0, double load1, long seconds, String args) {
            long mem = -1;
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                mem = os.getTotalMemorySize();
            }
            return new Machine(
                    cpuModel(),
                    Runtime.getRuntime().availableProcessors(),
                    mem,
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                            + System.getProperty("os.arch"),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                    load0,
                    load1,
                    seconds,
                    args,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                    survey.stream()
                            .map(c -> new Backends.Candidate(c.name(), c.usable(), shown(c.reason())))
                            .toList(),
                    findPeers());
        }

        /** A path or message as a published report shows it: the home folder as ~, the working folder as ./ (no user or machine names). */
        static String shown(String s) {
            if (s == null) return null;
            String cwd = Path.of("").toAbsolutePath().toString(), home = System.getProperty("user.home");
            String out = s.replace(cwd + "/", "./");
            return home == null || home.isEmpty() || home.equals("/") ? out : out.replace(home + "/", "~/");
        }

        static String cpuModel() {
            try {
                for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (l.startsWith("model name"))
                        return l.substring(l.indexOf(':') + 1).trim();
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: the architecture below is all there is
            }
            return "unknown (" + System.getProperty("os.arch") + ")";
        }

        /** {name, version, where} of each peer implementation found: Node.js, snarkjs. */
        static List<String[]> findPeers() {
            List<String[]> out = new ArrayList<>();
            String node = command("node", "--version");
            out.add(new String[] {"Node.js", node == null ? "not installed" : node, node == null ? "" : "on PATH"});
            Path found = null;
            for (Path d = Path.of("").toAbsolutePath(); d != null && found == null; d = d.getParent()) {
                Path p = d.resolve("tools/snarkjs/node_modules/snarkjs/package.json");
                if (Files.isRegularFile(p)) found = p;
            }
            String version = null;
            if (found != null) {
                try {
                    Matcher mt =
                            Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(found));
                    if (mt.find()) version = mt.group(1);
                } catch (IOException e) {
                    version = "unreadable: " + e.getMessage();
                }
            }
            out.add(new String[] {
                "snarkjs",
                version == null ? "not installed (npm ci --prefix tools/snarkjs)" : version,
                found == null ? "" : shown(found.getParent().toString())
            });
            return out;
        }

        private static String command(String... cmd) {
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return null;
                }
                String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                return p.exitValue() == 0 && !s.isEmpty()
                        ? s.lines().findFirst().orElse(s)
                        : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
