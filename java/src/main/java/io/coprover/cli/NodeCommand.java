package io.coprover.cli;

import io.coprover.log.Log;
import io.coprover.node.config.NodeConfig;
import io.coprover.node.config.NodeInit;
import io.coprover.node.standalone.StandaloneNode;
import io.coprover.protocol.ProtocolParams;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code coprover node}: runs one prover node from its config file (docs/NODE.md), or writes a
 * fresh key and config with {@code --init DIR}.
 */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        description = {
            "Runs one prover node: its key and stake, the scheduler over its devices, gossip with its peers, the devnet contract, metrics (Prometheus) and structured logs. Config keys: docs/NODE.md.",
            "  coprover node --init DIR                 fresh ECVRF key + config skeleton in DIR",
            "  coprover node --config DIR/node.yaml     run it (--devnet-host: also run the devnet's contract and sequencer)"
        })
public final class NodeCommand implements Callable<Integer> {
    @Option(
            names = "--init",
            paramLabel = "DIR",
            description =
                    "Write DIR/node.key (a new ECVRF key) and DIR/node.yaml (every key at its default), then exit.")
    Path init;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "With --init: the node's name (default: the folder's name).")
    String name;

    @Option(names = "--config", paramLabel = "FILE", description = "The node's config file (YAML).")
    Path config;

    @Option(
            names = "--devnet-host",
            description = "Run the devnet's contract and sequencer in this process (chain.host: true).")
    boolean devnetHost;

    @Option(
            names = "--builder",
            paramLabel = "URL",
            description =
                    "A proof builder to offload jobs to (repeatable, tried in order; replaces offload.builders). Local proving is the fallback; every returned proof is verified.")
    java.util.List<String> builders;

    @Option(
            names = "--duration",
            paramLabel = "SECONDS",
            description = "Stop after this many seconds (default: run until interrupted).")
    long duration;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (init != null) {
            if (config != null || devnetHost)
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--init writes a config: give it alone (with --name)");
            String n = name != null
                    ? name
                    : init.toAbsolutePath().normalize().getFileName().toString();
            if (!n.matches("[A-Za-z0-9._:-]{1,64}")) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "node name must be 1-64 of [A-Za-z0-9._:-]: '" + n + "' (use --name)");
            }
            // the network's suite: a key of another suite could not register
            NodeInit.Result r = NodeInit.init(init, ProtocolParams.defaults().suite(), n, new SecureRandom());
            var out = spec.commandLine().getOut();
            out.println("key:    " + r.key() + " (" + r.keyPair().suite().name() + ", keep it secret)");
            out.println("public: "
                    + io.coprover.protocol.Bytes.of(r.keyPair().publicKey()).hex());
            out.println("config: " + r.config());
            out.println("run:    coprover node --config " + r.config());
            out.flush();
            return 0;
        }
        if (config == null)
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "give --config FILE (or --init DIR to write one)");
        if (duration < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--duration must be ≥ 0");
        NodeConfig cfg = NodeConfig.load(config);
        if (devnetHost && !cfg.chain().host()) {
            NodeConfig.Chain c = cfg.chain();
            cfg = new NodeConfig(
                    cfg.file(),
                    cfg.name(),
                    cfg.keyFile(),
                    cfg.role(),
                    cfg.stake(),
                    cfg.listen(),
                    cfg.peers(),
                    cfg.gossip(),
                    cfg.http(),
                    cfg.metrics(),
                    cfg.log(),
                    cfg.prover(),
                    cfg.strategy(),
                    new NodeConfig.Chain(
                            true,
                            c.contract(),
                            c.depth(),
                            c.window(),
                            c.l1Seconds(),
                            c.blockSeconds(),
                            c.txsPerBlock(),
                            c.seed(),
                            c.journal()),
                    cfg.offload());
        }
        if (builders != null) {
            java.util.List<java.net.URI> urls = new java.util.ArrayList<>();
            for (String b : builders) {
                try {
                    urls.add(NodeConfig.builderUrl(b));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--builder: " + e.getMessage());
                }
            }
            cfg = cfg.withOffload(cfg.offload().withBuilders(urls));
        }
        Log.configure(cfg.log().level(), cfg.log().format(), System.err);
        CountDownLatch stop = new CountDownLatch(1), closed = new CountDownLatch(1);
        // SIGTERM / Ctrl-C: wake the main thread and let it close everything before the JVM halts
        java.util.concurrent.atomic.AtomicBoolean signalled = new java.util.concurrent.atomic.AtomicBoolean();
        Thread hook = new Thread(
                () -> {
                    signalled.set(true);
                    stop.countDown();
                    try {
                        closed.await(15, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "node-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Log log = Log.get("node");
        try {
            try (StandaloneNode node = new StandaloneNode(cfg)) {
                if (cfg.chain().host()) node.startDevnetClock();
                if (duration > 0) stop.await(duration, TimeUnit.SECONDS);
                else stop.await();
                log.info("node.stopping", "name", cfg.name(), "reason", signalled.get() ? "signal" : "duration");
            }
            // logged before the shutdown hook lets the JVM halt
            log.info("node.stopped", "name", cfg.name());
        } finally {
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
        return 0;
    }
}
