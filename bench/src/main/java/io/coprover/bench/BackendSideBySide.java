package io.coprover.bench;

import io.coprover.backend.Backends;
import io.coprover.backend.ProvingBackend;
import io.coprover.math.Field;
import io.coprover.math.G1;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * MSM and NTT on several backends, interleaved: every repetition runs each backend once in turn,
 * so a change in the machine's load hits all of them alike (on a shared machine JMH's one
 * benchmark after the other does not). Prints the median wall time and the median process CPU
 * time per call, and checks that all backends return the same MSM result.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.coprover.bench.BackendSideBySide [log2 size = 16] [reps = 9] [backends = java,native-host]</pre>
 */
public final class BackendSideBySide {
    private BackendSideBySide() {}

    public static void main(String[] args) {
        int log = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        String[] names = (args.length > 2 ? args[2] : "java,native-host").split(",");
        int n = 1 << log;
        Random rnd = new Random(7);
        long[] scalars = Field.FR.newVector(n);
        for (int i = 0; i < n; i++) Field.FR.random(rnd, scalars, 4 * i);
        long[] q = G1.mulFr(G1.generator(), 0, Field.FR.random(rnd), 0), p = G1.generator();
        long[] pts = new long[8 * n];
        for (int i = 0; i < n; i++) { // P_{i+1} = P_i + Q: distinct points
            System.arraycopy(p, 0, pts, 8 * i, 8);
            p = G1.add(p, 0, q, 0);
        }
        long[] nttIn = Field.FR.newVector(n);
        for (int i = 0; i < n; i++) Field.FR.random(rnd, nttIn, 4 * i);

        List<ProvingBackend> bes = new ArrayList<>();
        List<ProvingBackend.MsmBases> bases = new ArrayList<>();
        for (String name : names) {
            ProvingBackend be = Backends.select(name);
            bes.add(be);
            bases.add(be.loadBases(pts, n));
        }
        int k = bes.size();
        double[][] msmWall = new double[k][reps],
                msmCpu = new double[k][reps],
                nttWall = new double[k][reps],
                nttCpu = new double[k][reps];
        long[] ref = null;
        for (int r = -2; r < reps; r++) { // two untimed warm-up rounds
            for (int b = 0; b < k; b++) {
                long c0 = cpu(), t0 = System.nanoTime();
                long[] res = bes.get(b).msm(bases.get(b), 0, scalars, n);
                long t1 = System.nanoTime(), c1 = cpu();
                if (ref == null) ref = res;
                else if (!Arrays.equals(ref, res))
                    throw new IllegalStateException(names[b] + ": MSM result differs from " + names[0]);
                long[] d = nttIn.clone();
                long c2 = cpu(), t2 = System.nanoTime();
                bes.get(b).ntt(d, log, 1);
                long t3 = System.nanoTime(), c3 = cpu();
                if (r >= 0) {
                    msmWall[b][r] = (t1 - t0) / 1e6;
                    msmCpu[b][r] = (c1 - c0) / 1e6;
                    nttWall[b][r] = (t3 - t2) / 1e6;
                    nttCpu[b][r] = (c3 - c2) / 1e6;
                }
            }
        }
        System.out.printf(
                "2^%d, %d interleaved repetitions, %d cores, load average %s%n",
                log,
                reps,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println(
                "| backend | MSM wall median (ms) | MSM CPU median (ms) | NTT wall median (ms) | NTT CPU median (ms) |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int b = 0; b < k; b++) {
            System.out.printf(
                    "| %s | %.1f | %.1f | %.2f | %.2f |%n",
                    names[b], median(msmWall[b]), median(msmCpu[b]), median(nttWall[b]), median(nttCpu[b]));
        }
        for (int b = 0; b < k; b++) {
            bases.get(b).close();
            bes.get(b).close();
        }
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
