package io.coprover.cli;

import io.coprover.backend.JavaBackend;
import io.coprover.backend.JavaBackendConfig;
import io.coprover.backend.ProvingBackend;
import io.coprover.math.Field;
import io.coprover.math.G1;
import io.coprover.math.G1Jacobian;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code coprover bench [msm|ntt]}: times the proving backend's MSM and NTT on random inputs and
 * prints, per size and thread count, the median and minimum of the timed repetitions, the process
 * CPU time per repetition, and the throughput (points/s for MSM, butterflies/s = n/2·log2 n per second for NTT). Without a
 * subcommand, a quick run of both.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Times MSM and NTT on the pure-Java backend (random inputs, median of repetitions).",
            "Without a subcommand: a quick run of both (MSM 2^10..2^16, NTT 2^10..2^20; about a minute on 2 cores)."
        },
        subcommands = {BenchCommand.MsmCmd.class, BenchCommand.NttCmd.class, BenchReportCommand.class})
public final class BenchCommand implements Callable<Integer> {

    /** Options shared by every bench command. */
    static final class Common {
        @Option(
                names = {"-t", "--threads"},
                split = ",",
                paramLabel = "N",
                description = "Thread counts to run, comma-separated (default: all available cores).")
        List<Integer> threads;

        @Option(
                names = {"-r", "--reps"},
                defaultValue = "5",
                paramLabel = "N",
                description = "Timed repetitions per size; the median is reported (default: ${DEFAULT-VALUE}).")
        int reps;

        @Option(
                names = {"-w", "--warmup"},
                defaultValue = "2",
                paramLabel = "N",
                description = {
                    "Untimed repetitions before the timed ones (default: ${DEFAULT-VALUE}); with any,",
                    "also about a second of JIT warm-up before an operation's first size. 0: cold runs."
                })
        int warmup;

        @Option(
                names = "--format",
                defaultValue = "table",
                paramLabel = "FMT",
                description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Format format;

        @Option(
                names = "--seed",
                defaultValue = "1",
                paramLabel = "S",
                description = "Seed of the random inputs (default: ${DEFAULT-VALUE}).")
        long seed;

        List<Integer> threadList(CommandLine cl) {
            if (reps < 1) throw new CommandLine.ParameterException(cl, "--reps must be >= 1, got " + reps);
            if (warmup < 0) throw new CommandLine.ParameterException(cl, "--warmup must be >= 0, got " + warmup);
            if (threads == null || threads.isEmpty())
                return List.of(Runtime.getRuntime().availableProcessors());
            for (int t : threads) {
                if (t < 1 || t > 1024)
                    throw new CommandLine.ParameterException(cl, "--threads: " + t + " is not in 1..1024");
            }
            return threads;
        }
    }

    enum Format {
        table,
        csv
    }

    @Mixin
    Common common;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<Integer> threads = common.threadList(spec.commandLine());
        Report report = new Report(spec.commandLine().getOut(), common.format);
        report.header("quick run; see `coprover bench msm --help` and `coprover bench ntt --help` for more");
        runMsm(range(10, 16, 2), threads, common, report);
        runNtt(range(10, 20, 2), threads, common, report);
        return 0;
    }

    @Command(
            name = "msm",
            mixinStandardHelpOptions = true,
            description = "Times G1 multi-scalar multiplication (random points and scalars) on the pure-Java backend.")
    static final class MsmCmd implements Callable<Integer> {
        @Mixin
        Common common;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = {"-s", "--sizes"},
                defaultValue = "10..18",
                paramLabel = "LOGS",
                converter = SizesConverter.class,
                description = "log2 sizes: a list and/or ranges, e.g. 10..18 or 12,16,18 (default: ${DEFAULT-VALUE}).")
        Sizes sizes;

        @Override
        public Integer call() {
            checkSizes(spec.commandLine(), sizes.logs(), 26);
            List<Integer> threads = common.threadList(spec.commandLine());
            Report report = new Report(spec.commandLine().getOut(), common.format);
            report.header(null);
            runMsm(sizes.logs(), threads, common, report);
            return 0;
        }
    }

    @Command(
            name = "ntt",
            mixinStandardHelpOptions = true,
            description =
                    "Times the forward Fr NTT (random coefficients, natural order in and out) on the pure-Java backend.")
    static final class NttCmd implements Callable<Integer> {
        @Mixin
        Common common;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = {"-s", "--sizes"},
                defaultValue = "10..20",
                paramLabel = "LOGS",
                converter = SizesConverter.class,
                description = "log2 sizes: a list and/or ranges, e.g. 10..20 or 16,20 (default: ${DEFAULT-VALUE}).")
        Sizes sizes;

        @Override
        public Integer call() {
            checkSizes(spec.commandLine(), sizes.logs(), 28);
            List<Integer> threads = common.threadList(spec.commandLine());
            Report report = new Report(spec.commandLine().getOut(), common.format);
            report.header(null);
            runNtt(sizes.logs(), threads, common, report);
            return 0;
        }
    }

    // ---------------------------------------------------------------- runs

    static void runMsm(int[] sizes, List<Integer> threads, Common c, Report report) {
        int max = 1 << Arrays.stream(sizes).max().orElse(0);
        Random rnd = new Random(c.seed);
        long[] points = randomPoints(rnd, max);
        long[] scalars = Field.FR.newVector(max);
        for (int i = 0; i < max; i++) Field.FR.random(rnd, scalars, 4 * i);
        for (int t : threads) {
            try (JavaBackend be = new JavaBackend(new JavaBackendConfig(t));
                    ProvingBackend.MsmBases bases = be.loadBases(points, max)) {
                int n0 = 1 << sizes[0];
                if (c.warmup > 0) jitWarmup(() -> be.msm(bases, 0, scalars, n0), 3);
                for (int log : sizes) {
                    int n = 1 << log;
                    Timing ms = time(c, () -> be.msm(bases, 0, scalars, n));
                    report.row("msm", log, t, c.reps, ms, n, "points/s");
                }
            }
        }
    }

    static void runNtt(int[] sizes, List<Integer> threads, Common c, Report report) {
        Random rnd = new Random(c.seed);
        for (int t : threads) {
            JavaBackend be = new JavaBackend(new JavaBackendConfig(t));
            long[] warm = Field.FR.newVector(1 << 12);
            if (c.warmup > 0) jitWarmup(() -> be.ntt(warm, 12, 1), 3);
            for (int log : sizes) {
                int n = 1 << log;
                long[] data = Field.FR.newVector(n);
                for (int i = 0; i < n; i++) Field.FR.random(rnd, data, 4 * i);
                // the transform's cost does not depend on the values, so it runs in place each time
                Timing ms = time(c, () -> be.ntt(data, log, 1));
                report.row("ntt", log, t, c.reps, ms, (double) (n / 2) * log, "butterflies/s");
            }
        }
    }

    /** Untimed runs for at least this long before an operation's first timed size, so the JIT has compiled it. */
    private static final long JIT_WARMUP_NS = 1_000_000_000L;

    /** Runs {@code op} for {@link #JIT_WARMUP_NS} (at least {@code minRuns} times). */
    private static void jitWarmup(Runnable op, int minRuns) {
        long end = System.nanoTime() + JIT_WARMUP_NS;
        for (int i = 0; i < minRuns || System.nanoTime() < end; i++) op.run();
    }

    /** Sorted wall times of the timed runs (ms) and the process CPU time per run (ms; NaN if unknown). */
    record Timing(double[] sortedMs, double cpuMs) {}

    /**
     * Warm-up runs, then {@code reps} timed runs. CPU time is that of all the JVM's threads over
     * the timed runs, divided by their number: on a shared machine, wall time counts other
     * programs' use of the cores and CPU time does not.
     */
    private static Timing time(Common c, Runnable op) {
        for (int i = 0; i < c.warmup; i++) op.run();
        double[] ms = new double[c.reps];
        long cpu0 = processCpuNanos();
        for (int i = 0; i < c.reps; i++) {
            long t0 = System.nanoTime();
            op.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        long cpu1 = processCpuNanos();
        Arrays.sort(ms);
        return new Timing(ms, cpu0 < 0 || cpu1 < 0 ? Double.NaN : (cpu1 - cpu0) / 1e6 / c.reps);
    }

    /**
     * CPU time of every live thread of this JVM, summed (ns precision; the process-wide counter
     * ticks only every 10 ms on common Linux set-ups). The worker pools' threads live for the whole
     * run, so nothing they did is lost between the two readings. −1 if unsupported.
     */
    private static long processCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!mx.isThreadCpuTimeSupported()) return -1;
        if (!mx.isThreadCpuTimeEnabled()) mx.setThreadCpuTimeEnabled(true);
        long sum = 0;
        for (long id : mx.getAllThreadIds()) {
            long t = mx.getThreadCpuTime(id);
            if (t > 0) sum += t;
        }
        return sum;
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * n distinct pseudo-random affine points: P_0 = a·G, Q = b·G for random a, b, P_i = P_{i−1} + Q.
     * Pippenger's cost does not depend on the points' discrete logs, so this stands for real bases.
     */
    static long[] randomPoints(Random rnd, int n) {
        long[] g = G1.generator();
        long[] q = G1.mul(g, 0, new BigInteger(250, rnd).add(BigInteger.ONE));
        long[] jac = new long[n * G1Jacobian.SIZE];
        long[] t = new long[G1Jacobian.SCRATCH];
        G1Jacobian.fromAffine(G1.mul(g, 0, new BigInteger(250, rnd).add(BigInteger.ONE)), 0, jac, 0);
        for (int i = 1; i < n; i++) {
            G1Jacobian.addMixed(jac, (i - 1) * G1Jacobian.SIZE, q, 0, jac, i * G1Jacobian.SIZE, t);
        }
        long[] aff = new long[n * G1.SIZE];
        G1Jacobian.batchToAffine(jac, 0, n, aff, 0);
        return aff;
    }

    // ---------------------------------------------------------------- sizes and output

    static int[] range(int from, int to, int step) {
        List<Integer> l = new ArrayList<>();
        for (int i = from; i <= to; i += step) l.add(i);
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void checkSizes(CommandLine cl, int[] sizes, int max) {
        for (int s : sizes) {
            if (s < 1 || s > max)
                throw new CommandLine.ParameterException(cl, "--sizes: 2^" + s + " is not in 2^1..2^" + max);
        }
    }

    /** A sorted list of log2 sizes without duplicates. */
    record Sizes(int[] logs) {}

    /** Parses "10..18", "12,16,18" or mixes such as "10..14,16". */
    static final class SizesConverter implements CommandLine.ITypeConverter<Sizes> {
        @Override
        public Sizes convert(String value) {
            TreeSet<Integer> out = new TreeSet<>();
            for (String part : value.split(",")) {
                String p = part.trim();
                try {
                    int dots = p.indexOf("..");
                    if (dots >= 0) {
                        int a = Integer.parseInt(p.substring(0, dots).trim()),
                                b = Integer.parseInt(p.substring(dots + 2).trim());
                        if (a > b) throw new CommandLine.TypeConversionException("empty range " + p);
                        for (int i = a; i <= b; i++) out.add(i);
                    } else {
                        out.add(Integer.parseInt(p));
                    }
                } catch (NumberFormatException e) {
                    throw new CommandLine.TypeConversionException(
                            "not a log2 size or range: '" + p + "' (e.g. 10..18 or 12,16)");
                }
            }
            if (out.isEmpty()) throw new CommandLine.TypeConversionException("no sizes given");
            return new Sizes(out.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /** Prints rows as an aligned table or CSV, flushing each so progress shows. */
    static final class Report {
        private final PrintWriter out;
        private final Format format;

        Report(PrintWriter out, Format format) {
            this.out = out;
            this.format = format;
        }

        void header(String note) {
            if (format == Format.csv) {
                out.println("op,log2_size,threads,reps,median_ms,min_ms,cpu_ms,throughput_per_s,unit");
            } else {
                out.printf(
                        "backend: java | cores: %d | %s %s%n",
                        Runtime.getRuntime().availableProcessors(),
                        System.getProperty("java.vm.name"),
                        System.getProperty("java.version"));
                if (note != null) out.println(note);
                out.printf(
                        "%-4s %6s %8s %5s %12s %12s %12s  %s%n",
                        "op", "size", "threads", "reps", "median ms", "min ms", "cpu ms", "throughput (at the median)");
            }
            out.flush();
        }

        void row(String op, int log, int threads, int reps, Timing t, double work, String unit) {
            double med = median(t.sortedMs()), min = t.sortedMs()[0];
            double perSec = work / (med / 1e3);
            if (format == Format.csv) {
                out.printf(
                        "%s,%d,%d,%d,%.4f,%.4f,%.4f,%.1f,%s%n",
                        op, log, threads, reps, med, min, t.cpuMs(), perSec, unit);
            } else {
                out.printf(
                        "%-4s %6s %8d %5d %12.3f %12.3f %12.3f  %.2f M %s%n",
                        op, "2^" + log, threads, reps, med, min, t.cpuMs(), perSec / 1e6, unit);
            }
            out.flush();
        }
    }
}
