package io.coprover.cli;

import io.coprover.backend.Backends;
import io.coprover.backend.ProvingBackend;
import io.coprover.builder.BuilderInfo;
import io.coprover.builder.BuilderService;
import io.coprover.builder.ClientKey;
import io.coprover.builder.Clients;
import io.coprover.jobs.JobQueue;
import io.coprover.jobs.JobQueues;
import io.coprover.jobs.MemoryJobQueue;
import io.coprover.net.http.HttpLimits;
import io.coprover.node.standalone.DevnetHost;
import io.coprover.plonk.Srs;
import io.coprover.plonk.io.SrsFile;
import io.coprover.requests.ProofRequests;
import io.coprover.rollup.RollupKeys;
import io.coprover.rollup.StateTree;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coprover builder}: the proof-builder service (docs/BUILDER.md) and its client keys. */
@Command(
        name = "builder",
        mixinStandardHelpOptions = true,
        description = "Proof-builder service (prover-PBS): proves tree nodes for registered provers over HTTP/JSON.",
        subcommands = {BuilderCommand.Serve.class, BuilderCommand.Keygen.class})
public final class BuilderCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "serve",
            mixinStandardHelpOptions = true,
            description =
                    "Serves the builder API until interrupted; accepted jobs are kept in --queue and survive a restart.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--clients",
                required = true,
                description = "Registered clients (JSON: name, prover, auth_key, quotas; docs/BUILDER.md).")
        Path clients;

        @Option(
                names = "--queue",
                required = true,
                description =
                        "The job queue: a file PATH (or file:PATH, an MVStore file created if missing), "
                                + "or postgres://user:pass@host:port/db (a queue that `coprover worker` farm workers can drain too).")
        String queue;

        @Option(
                names = "--schema",
                defaultValue = "coprover_builder",
                description = "PostgreSQL schema of the queue (default: ${DEFAULT-VALUE}).")
        String schema;

        @Option(
                names = "--srs",
                description =
                        "SRS (.ptau or `coprover srs new` file): must be the provers' own, or they refuse the builder "
                                + "(it advertises the SRS digest at GET /v1/info and nodes compare it with theirs at start). Either this or --devnet-seed.")
        Path srs;

        @Option(
                names = "--devnet-seed",
                description =
                        "Prove for a devnet: its development SRS, derived from the devnet's seed (the host's chain.seed; "
                                + "its log line devnet.ready and GET /devnet on its contract port show it). Use with the devnet's --depth.")
        Long devnetSeed;

        @Option(
                names = "--depth",
                defaultValue = "32",
                description = "State tree depth the provers use (default: ${DEFAULT-VALUE}).")
        int depth;

        @Option(
                names = "--host",
                defaultValue = "127.0.0.1",
                description = "Address to listen on (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--port", defaultValue = "8646", description = "TCP port (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(
                names = "--backend",
                defaultValue = "auto",
                split = ",",
                description = "Proving backends, one worker each: " + Backends.NAMES + " (default: ${DEFAULT-VALUE}).")
        List<String> backends;

        @Option(
                names = "--max-request-bytes",
                defaultValue = "8388608",
                description = "Largest accepted request (default: ${DEFAULT-VALUE}).")
        int maxRequestBytes;

        @Option(
                names = "--idle-timeout-ms",
                defaultValue = "10000",
                description =
                        "A connection, or a request body, with no byte for this long is cut (408) (default: ${DEFAULT-VALUE}).")
        long idleTimeoutMs;

        @Option(
                names = "--max-connections",
                defaultValue = "512",
                description =
                        "Open connections in total; beyond it they wait to be accepted (default: ${DEFAULT-VALUE}).")
        int maxConnections;

        @Option(
                names = "--max-connections-per-peer",
                defaultValue = "32",
                description =
                        "Open connections from one IP address; beyond it 503 and closed (default: ${DEFAULT-VALUE}).")
        int maxConnectionsPerPeer;

        @Override
        public Integer call() throws Exception {
            PrintWriter o = spec.commandLine().getOut();
            if (depth < 1 || depth > StateTree.MAX_DEPTH)
                throw new CommandLine.ParameterException(spec.commandLine(), "--depth must be 1..32");
            HttpLimits http;
            try {
                HttpLimits d = HttpLimits.defaults();
                http = new HttpLimits(
                        idleTimeoutMs,
                        d.minBodyBytesPerSecond(),
                        maxConnections,
                        maxConnectionsPerPeer,
                        d.maxHeaderBytes(),
                        d.threads());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            if ((srs == null) == (devnetSeed == null)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "give the provers' SRS: either --srs FILE or --devnet-seed SEED (with the devnet's --depth)");
            }
            Clients cl = Clients.load(clients);
            Srs s = srs != null ? SrsFile.load(srs, RollupKeys.basePower(depth)) : DevnetHost.srsFor(depth, devnetSeed);
            List<ProvingBackend> bes = new ArrayList<>();
            for (String b : backends) bes.add(Backends.select(b));
            RollupKeys keys = new RollupKeys(depth, s, bes.get(0));
            o.printf(
                    "builder: depth %d, %d clients, setup %.1f s, SRS %s (%d points)%s%n",
                    depth,
                    cl.all().size(),
                    keys.setupNanos / 1e9,
                    BuilderInfo.digest(s),
                    s.count(),
                    s.insecure ? ", DEVELOPMENT SRS (insecure)" : "");
            BuilderService.Config cfg = BuilderService.Config.defaults()
                    .withHost(host)
                    .withPort(port)
                    .withMaxRequestBytes(maxRequestBytes)
                    .withHttp(http);
            CountDownLatch stop = new CountDownLatch(1);
            try (JobQueue q = openQueue(queue, schema, bes.size() + 4);
                    BuilderService svc =
                            new BuilderService(cfg, cl, q, new ProofRequests(keys), bes, System::currentTimeMillis)) {
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                svc.start();
                o.printf(
                        "builder: listening on http://%s:%d (%s, %d queued)%n",
                        host, svc.port(), q.describe(), q.counts().queued());
                o.flush();
                stop.await();
            }
            return 0;
        }

        /** A bare path is a queue file, as before the builder shared the farm's queue; other forms as {@link JobQueues#open}. */
        static JobQueue openQueue(String location, String schema, int poolSize) {
            String l = location.trim();
            if (l.equals("mem") || l.startsWith("file:") || l.contains("://") || l.startsWith("jdbc:"))
                return JobQueues.open(l, schema, poolSize);
            return new MemoryJobQueue(Path.of(l), Clock.systemUTC());
        }
    }

    @Command(
            name = "keygen",
            mixinStandardHelpOptions = true,
            description =
                    "Writes a new client signing key (Ed25519) and prints its public key for the builder's clients file.")
    static final class Keygen implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", required = true, description = "Key file to write (refuses to overwrite).")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (Files.exists(out)) {
                // a one-line refusal: the usage text would bury it
                spec.commandLine()
                        .getErr()
                        .println("error: " + out
                                + " exists; keygen never overwrites a key (move it away or choose another --out)");
                return 2;
            }
            ClientKey k = ClientKey.generate(new SecureRandom());
            k.save(out);
            spec.commandLine().getOut().println(k.publicKey().hex());
            return 0;
        }
    }
}
