package io.coprover.cli;

import io.coprover.backend.Backends;
import io.coprover.backend.CudaBackend;
import io.coprover.backend.ProvingBackend;
import io.coprover.farm.FarmBlock;
import io.coprover.jobs.JobQueue;
import io.coprover.jobs.JobQueues;
import io.coprover.jobs.JobRunner;
import io.coprover.jobs.JobWorker;
import io.coprover.jobs.PostgresJobQueue;
import io.coprover.plonk.Srs;
import io.coprover.plonk.io.SrsFile;
import io.coprover.protocol.Bytes;
import io.coprover.requests.ProofRequests;
import io.coprover.requests.RollupJobs;
import io.coprover.rollup.BlockInputs;
import io.coprover.rollup.RandomBlock;
import io.coprover.rollup.RollupKeys;
import io.coprover.rollup.StateTree;
import io.coprover.rollup.TreeVerifier;
import io.coprover.scheduler.JobKind;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coprover worker}: a proving-farm worker on this machine's backends. */
@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a proving-farm worker: one slot per backend of this machine claims jobs from the queue, "
                    + "keeps their leases alive, proves them and writes the results. SIGTERM (or Ctrl-C) stops claiming, "
                    + "lets running jobs finish for --grace-ms, then gives the rest back to the queue.",
            "Queue: " + JobQueues.FORMS + " (see docs/FARM.md)."
        })
final class WorkerCommand implements Callable<Integer> {
    @Option(names = "--queue", required = true, description = "Job queue: " + JobQueues.FORMS + ".")
    String queue;

    @Option(
            names = "--schema",
            defaultValue = PostgresJobQueue.DEFAULT_SCHEMA,
            description = "PostgreSQL schema of the queue (default: ${DEFAULT-VALUE}).")
    String schema;

    @Option(
            names = "--backend",
            defaultValue = "auto",
            description = "Backend of the slots: auto (one slot per usable GPU; without one, "
                    + "CPU slots on native-host when the native library loads, else on java), or one of "
                    + Backends.NAMES + " (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(
            names = "--slots",
            defaultValue = "0",
            description = "Slots (jobs at once) for a CPU backend; 0 = one per GPU, or 1 (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(
            names = "--kinds",
            split = ",",
            description = "Job kinds to claim (default: every kind this worker can run).")
    List<String> kinds;

    @Option(names = "--id", description = "Worker name shown in job status (default: host-pid).")
    String id;

    @Option(
            names = "--lease-ms",
            defaultValue = "30000",
            description = "Lease length in ms (default: ${DEFAULT-VALUE}).")
    long leaseMs;

    @Option(
            names = "--heartbeat-ms",
            defaultValue = "10000",
            description = "Heartbeat interval in ms (default: ${DEFAULT-VALUE}).")
    long heartbeatMs;

    @Option(
            names = "--poll-ms",
            defaultValue = "500",
            description = "Pause between claims when idle, in ms (default: ${DEFAULT-VALUE}).")
    long pollMs;

    @Option(
            names = "--grace-ms",
            defaultValue = "30000",
            description = "Time running jobs may finish after SIGTERM, in ms (default: ${DEFAULT-VALUE}).")
    long graceMs;

    @Option(
            names = "--progress-s",
            defaultValue = "10",
            description = "Seconds between progress lines; 0 = none (default: ${DEFAULT-VALUE}).")
    int progressS;

    @Option(
            names = "--exit-when-idle",
            description = "Exit once the queue holds no queued or running job (batch runs).")
    boolean exitWhenIdle;

    @Option(
            names = "--depth",
            description =
                    "State tree depth of the rollup's keys, 1..32: the nodes' (default: 4, as the node and the devnet; a deployment uses 32).")
    Integer depth;

    @Option(
            names = "--srs",
            description = "SRS the node's keys were made from (a snarkjs .ptau or a file from `coprover srs new`). "
                    + "Required unless --demo generates one in memory.")
    Path srsFile;

    @Option(
            names = "--devnet-seed",
            description =
                    "Prove for a devnet: its development SRS, derived from the devnet's seed (the host's chain.seed), "
                            + "instead of --srs. Use with the devnet's --depth.")
    Long devnetSeed;

    @Option(
            names = "--demo",
            defaultValue = "0",
            description = "Demo (with --queue mem): prove a random block of N transfers through the queue, "
                    + "level by level, verify every result and the whole tree, then exit.")
    int demo;

    @Override
    public Integer call() throws Exception {
        Consumer<String> log = line -> System.err.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + line);
        String name = id != null ? id : defaultId();
        List<ProvingBackend> backends = backends();
        int d = depth != null ? depth : 4;
        if (d < 1 || d > StateTree.MAX_DEPTH)
            throw new IllegalArgumentException("--depth must be 1.." + StateTree.MAX_DEPTH + ", got " + d);
        if (demo < 0 || demo > 1 << 12)
            throw new IllegalArgumentException("--demo must be 0..4096 transfers, got " + demo);
        if (demo > 0 && srsFile == null && devnetSeed == null && !queue.trim().equals("mem")) {
            throw new IllegalArgumentException(
                    "--demo without --srs generates a private SRS, so it needs --queue mem (other workers could not prove for it)");
        }
        try (JobQueue q = JobQueues.open(queue, schema, backends.size() + 2)) {
            JobWorker.Config cfg = new JobWorker.Config(
                    name,
                    Duration.ofMillis(leaseMs),
                    Duration.ofMillis(heartbeatMs),
                    Duration.ofMillis(pollMs),
                    Duration.ofMillis(graceMs));
            checkKinds();
            Srs srs;
            if (srsFile != null && devnetSeed != null) {
                throw new IllegalArgumentException("give either --srs or --devnet-seed, not both");
            } else if (srsFile != null) {
                srs = SrsFile.load(srsFile, RollupKeys.basePower(d));
            } else if (devnetSeed != null) {
                srs = io.coprover.node.standalone.DevnetHost.srsFor(d, devnetSeed);
            } else if (demo > 0) {
                srs = Srs.generateInsecure(RollupKeys.basePower(d));
                log.accept("srs: generated in memory for this demo - DEVELOPMENT ONLY, INSECURE");
            } else {
                throw new IllegalArgumentException(
                        "rollup jobs need --srs FILE (the SRS the node's keys were made from) or, for a devnet, --devnet-seed SEED");
            }
            // setup once (on the first slot's backend); the keys pool a prover per backend
            RollupKeys keys = new RollupKeys(d, srs, backends.get(0));
            log.accept(String.format("keys: depth %d, setup %.1f s", d, keys.setupNanos / 1e9));
            ProofRequests requests = new ProofRequests(keys);
            Map<String, JobRunner<ProvingBackend>> runners = selectRunners(RollupJobs.runners(requests));
            JobWorker<ProvingBackend> worker = new JobWorker<>(q, backends, ProvingBackend::name, runners, cfg, log);
            AtomicBoolean demoOk = new AtomicBoolean(demo == 0);
            if (demo > 0) startDemo(q, requests, backends.get(0), d, worker, demoOk, log);
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "worker-progress");
                t.setDaemon(true);
                return t;
            });
            long tick = progressS > 0 ? progressS * 1000L : 500L;
            ticker.scheduleAtFixedRate(
                    () -> {
                        try {
                            var counts = q.counts();
                            if (progressS > 0) log.accept("progress: " + worker.stats() + "; queue: " + counts);
                            if (exitWhenIdle && counts.open() == 0) worker.shutdown();
                        } catch (RuntimeException e) {
                            log.accept("progress: queue unreachable: " + e.getMessage());
                        }
                    },
                    tick,
                    tick,
                    TimeUnit.MILLISECONDS);
            try {
                worker.runUntilShutdown();
            } finally {
                ticker.shutdownNow();
                keys.close();
                for (ProvingBackend b : backends) b.close();
            }
            log.accept("worker " + name + ": done; " + worker.stats() + "; queue: " + q.counts());
            return demoOk.get() ? 0 : 1;
        }
    }

    /** Drives a random block's tree through the queue on another thread; stops the worker when done. */
    private void startDemo(
            JobQueue q,
            ProofRequests requests,
            ProvingBackend be,
            int d,
            JobWorker<ProvingBackend> worker,
            AtomicBoolean ok,
            Consumer<String> log) {
        Thread t = new Thread(
                () -> {
                    try (StateTree state = StateTree.inMemory(d)) {
                        Random rnd = new Random(1);
                        long[] slots = RandomBlock.fundedAccounts(state, demo, rnd);
                        BlockInputs block = BlockInputs.apply(state, 1, RandomBlock.transfers(state, slots, demo, rnd));
                        RollupKeys keys = requests.keys();
                        Bytes digest =
                                Bytes.of(Bytes.sha256("coprover worker demo block".getBytes(StandardCharsets.UTF_8)));
                        Bytes prover = Bytes.of("worker-demo".getBytes(StandardCharsets.UTF_8));
                        log.accept("demo: block of " + demo + " transfers, depth " + d + ": "
                                + block.shape().numNodes() + " proof jobs");
                        FarmBlock.Result res = FarmBlock.prove(
                                q,
                                block,
                                digest,
                                prover,
                                0,
                                keys.baseVk(),
                                keys.mergeVk(),
                                2,
                                Duration.ofHours(1),
                                log);
                        TreeVerifier.Result v = new TreeVerifier(keys.baseVk(), keys.mergeVk())
                                .verify(res.root().id(), res.proofs().values(), TreeVerifier.Expected.of(block));
                        log.accept("demo: tree of " + v.proofs() + " proofs "
                                + (v.valid() ? "verifies" : "does NOT verify: " + v.reason()) + " (" + v.pairings()
                                + " pairing)");
                        ok.set(v.valid());
                    } catch (Exception e) {
                        log.accept("demo failed: " + e);
                    } finally {
                        worker.shutdown();
                    }
                },
                "worker-demo");
        t.setDaemon(true);
        t.start();
    }

    /** Fails on an unknown --kinds entry before any SRS or key work. */
    private void checkKinds() {
        if (kinds == null) return;
        List<String> known = new ArrayList<>();
        for (JobKind k : JobKind.values()) known.add(RollupJobs.kind(k));
        for (String k : kinds) {
            if (!known.contains(k.trim()))
                throw new IllegalArgumentException("unknown job kind \"" + k + "\" (this worker runs " + known + ")");
        }
    }

    private Map<String, JobRunner<ProvingBackend>> selectRunners(Map<String, JobRunner<ProvingBackend>> all) {
        if (kinds == null || kinds.isEmpty()) return all;
        Map<String, JobRunner<ProvingBackend>> out = new LinkedHashMap<>();
        for (String k : kinds) {
            JobRunner<ProvingBackend> r = all.get(k.trim());
            if (r == null)
                throw new IllegalArgumentException(
                        "unknown job kind \"" + k + "\" (this worker runs " + all.keySet() + ")");
            out.put(k.trim(), r);
        }
        return out;
    }

    private List<ProvingBackend> backends() {
        if (slots < 0 || slots > 256) throw new IllegalArgumentException("--slots must be 0..256, got " + slots);
        List<ProvingBackend> out = new ArrayList<>();
        if (backend.equalsIgnoreCase("auto")) {
            List<CudaBackend> gpus = Backends.cudaBackends();
            if (!gpus.isEmpty()) {
                System.err.println("coprover: worker slots on " + gpus.size() + " GPU(s)");
                return new ArrayList<>(gpus);
            }
        }
        int n = Math.max(1, slots);
        for (int i = 0; i < n; i++) out.add(Backends.select(backend));
        return out;
    }

    private static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "host";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
