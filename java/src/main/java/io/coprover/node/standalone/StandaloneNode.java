package io.coprover.node.standalone;

import io.coprover.backend.Backends;
import io.coprover.backend.ProvingBackend;
import io.coprover.log.Log;
import io.coprover.metrics.MetricsServer;
import io.coprover.node.ContractClient;
import io.coprover.node.GossipTransport;
import io.coprover.node.NodeListener;
import io.coprover.node.ProverNode;
import io.coprover.node.RollupNodeProver;
import io.coprover.node.SignGuard;
import io.coprover.node.config.NodeConfig;
import io.coprover.node.net.ContractServer;
import io.coprover.node.net.GossipEvents;
import io.coprover.node.net.HttpContractClient;
import io.coprover.node.net.HttpGossipTransport;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.SigningKey;
import io.coprover.protocol.vrf.VrfKeyFile;
import io.coprover.protocol.vrf.VrfKeyPair;
import io.coprover.rollup.RollupKeys;
import io.coprover.scheduler.DirectoryProofStore;
import io.coprover.scheduler.SchedulerConfig;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

/**
 * One prover node of {@code coprover node}, put together from its {@link NodeConfig}: its key, a
 * {@link ProverNode} over the configured backends and strategy with a {@link DirectoryProofStore},
 * network gossip ({@link HttpGossipTransport}), metrics ({@link NodeMetrics}, served when enabled),
 * job logs ({@link JobLog}), and the contract: a devnet host ({@code chain.host: true}) runs a
 * {@link DevnetHost} in this process and serves it with a {@link ContractServer}; other nodes join
 * with an {@link HttpContractClient} and build the same proving keys from the host's spec.
 *
 * <p>The host's clock and blocks are driven by {@link #startDevnetClock()} (the command) or by
 * hand with {@link #produceBlock()} and {@link #advance} (tests).
 */
public final class StandaloneNode implements AutoCloseable {
    private static final Log LOG = Log.get("node");

    /** How long a joining node waits for its devnet host to answer before giving up. */
    static final java.time.Duration JOIN_PATIENCE = java.time.Duration.ofMinutes(2);

    private final NodeConfig cfg;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final NodeMetrics metrics = new NodeMetrics();
    private final MetricsServer metricsServer;
    private final HttpGossipTransport gossip;
    private final LocalTee tee;
    private final DevnetHost host;
    private final ContractServer contractServer;
    private final ContractClient contract;
    private final ProverNode node;
    private ScheduledExecutorService clock;

    /** Starts everything the config names; on a failure, what was started is closed again. */
    public StandaloneNode(NodeConfig cfg) throws IOException {
        this(cfg, null);
    }

    /**
     * As above, a joining node taking its proving keys from {@code keysFor} when given, and not
     * closing them (tests with several nodes in one JVM share one set; the keys are a pure
     * function of the spec).
     */
    StandaloneNode(NodeConfig cfg, java.util.function.Function<DevnetHost.Spec, RollupKeys> keysFor)
            throws IOException {
        this.cfg = cfg;
        try {
            VrfKeyPair key = loadKey(cfg);
            metricsServer = cfg.metrics().enabled()
                    ? own(MetricsServer.start(
                            metrics.registry(),
                            cfg.metrics().host(),
                            cfg.metrics().port(),
                            cfg.http().withThreads(2)))
                    : null;
            if (metricsServer != null)
                LOG.info(
                        "metrics.serving",
                        "url",
                        "http://" + cfg.metrics().host() + ":" + metricsServer.port() + "/metrics");
            gossip = own(new HttpGossipTransport(
                    cfg.netSettings(), gossipEvents(metrics), SigningKey.derivedFrom(key), System::currentTimeMillis));
            tee = new LocalTee(gossip);
            RollupKeys keys;
            if (cfg.chain().host()) {
                NodeConfig.Chain c = cfg.chain();
                host = own(new DevnetHost(
                        new DevnetHost.Spec(c.depth(), c.txsPerBlock(), c.window(), c.seed()), c.journal()));
                contractServer =
                        own(new ContractServer(host.client(), c.contract(), host.info(), cfg.http(), host.ledger()));
                contract = host.client();
                keys = host.keys();
            } else {
                host = null;
                contractServer = null;
                HttpContractClient client =
                        own(new HttpContractClient(cfg.chain().contract(), SigningKey.derivedFrom(key), JOIN_PATIENCE));
                contract = client;
                Bytes pk = Bytes.of(key.publicKey());
                if (!client.isRegistered(pk) && client.wallet().compareTo(cfg.stake()) < 0) {
                    // a devnet's stake comes from its faucet, once per account
                    BigInteger balance = client.faucet();
                    LOG.info(
                            "devnet.faucet",
                            "account",
                            SigningKey.derivedFrom(key).publicKey().shortHex(16),
                            "balance",
                            balance.toString());
                }
                DevnetHost.Spec spec = DevnetHost.Spec.fromJson(client.devnet());
                LOG.info(
                        "devnet.joining",
                        "contract",
                        cfg.chain().contract().getHostString() + ":"
                                + cfg.chain().contract().getPort(),
                        "depth",
                        spec.depth(),
                        "seed",
                        spec.seed());
                keys = keysFor != null ? keysFor.apply(spec) : own(DevnetHost.keysFor(spec));
            }
            List<ProvingBackend> backends = new ArrayList<>();
            for (String b : cfg.prover().backends()) backends.add(own(Backends.select(b)));
            Files.createDirectories(cfg.prover().proofStore());
            SchedulerConfig sc = SchedulerConfig.defaults()
                    .withMaxRetries(cfg.prover().maxRetries())
                    .withCpuSlots(cfg.prover().cpuSlots());
            Log nodeLog = Log.get("prover");
            node = own(ProverNode.builder()
                    .name(cfg.name())
                    .key(key)
                    .role(cfg.role())
                    .stake(cfg.stake())
                    .transport(tee)
                    .contract(contract)
                    .keys(keys)
                    .backends(backends)
                    .feeBurn(cfg.strategy().feeBurnPolicy())
                    .selection(cfg.strategy()
                            .selection(slots(backends, cfg.prover().cpuSlots()), contract::height))
                    .store(new DirectoryProofStore(cfg.prover().proofStore()))
                    .scheduler(sc)
                    .signGuard(SignGuard.file(cfg.prover().proofStore().resolve("signed.log")))
                    .jobListener(metrics)
                    .jobListener(
                            new JobLog(Log.get("jobs"), cfg.log().progressSeconds() * 1000L, System::currentTimeMillis))
                    .listener(nodeListener(metrics))
                    .log(line -> nodeLog.line(line.contains("event=reject ") ? Level.WARNING : Level.INFO, line))
                    .wrapProver(offload(cfg.offload()))
                    .build());
            node.scheduler().workerNames().forEach(metrics::registerWorker);
            node.start();
            LOG.info(
                    "node.started",
                    "name",
                    cfg.name(),
                    "prover",
                    node.publicKey().shortHex(16),
                    "role",
                    cfg.role(),
                    "gossip",
                    cfg.listen().getHostString() + ":" + gossip.port(),
                    "peers",
                    cfg.peers().size(),
                    "workers",
                    String.join(",", node.scheduler().workerNames()),
                    "devnet_host",
                    host != null);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * With builders configured, the node's prover offloads each job to them in order and proves
     * locally when all fail or time out; every returned proof is verified first
     * ({@link io.coprover.builder.OffloadingNodeProver}). The client key is read here, so a missing
     * or bad key stops the node at start, not at its first job.
     */
    static java.util.function.BiFunction<RollupNodeProver, RollupNodeProver.Source, io.coprover.scheduler.NodeProver>
            offload(NodeConfig.Offload o) throws IOException {
        if (o.builders().isEmpty()) return null;
        io.coprover.builder.ClientKey key;
        try {
            key = io.coprover.builder.ClientKey.load(o.key());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "offload.key: cannot read the builder client key " + o.key() + ": " + e.getMessage()
                            + " (write one with coprover builder keygen)",
                    e);
        }
        LOG.info(
                "node.offload",
                "builders",
                o.builders().toString(),
                "client",
                o.client(),
                "timeout_s",
                o.timeoutSeconds());
        return (local, source) -> io.coprover.builder.OffloadingNodeProver.over(
                local, source, o.builders(), o.client(), key, java.time.Duration.ofSeconds(o.timeoutSeconds()));
    }

    /** Jobs the node runs at once: one per GPU backend, {@code cpuSlots} per host-CPU backend (as the scheduler runs them). */
    static int slots(List<ProvingBackend> backends, int cpuSlots) {
        int n = 0;
        for (ProvingBackend b : backends) n += b.runsOnHostCpu() ? cpuSlots : 1;
        return n;
    }

    private <T extends AutoCloseable> T own(T c) {
        closing.add(c);
        return c;
    }

    private static VrfKeyPair loadKey(NodeConfig cfg) throws IOException {
        try {
            return VrfKeyFile.load(cfg.keyFile());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(
                    "key file " + cfg.keyFile() + " not found (coprover node --init DIR writes one)");
        }
    }

    /** Gossip traffic into the metrics. */
    static GossipEvents gossipEvents(NodeMetrics m) {
        return new GossipEvents() {
            @Override
            public void received(String topic) {
                m.recordGossip(topic, true);
            }

            @Override
            public void sent(String topic) {
                m.recordGossip(topic, false);
            }

            @Override
            public void rejected(String topic, String reason) {
                m.recordGossipRejected(topic, reason);
            }

            @Override
            public void duplicate(String topic) {
                m.recordGossipDuplicate(topic);
            }
        };
    }

    /** Proof checks and rewards into the metrics. */
    static NodeListener nodeListener(NodeMetrics m) {
        return new NodeListener() {
            @Override
            public void onProofAccepted(String fromPeer, ProofRecord proof) {
                m.recordProofChecked(true);
            }

            @Override
            public void onRejected(GossipTransport.Topic topic, String fromPeer, String reason) {
                if (topic == GossipTransport.Topic.PROOF) m.recordProofChecked(false);
            }

            @Override
            public void onReward(long block, int includedProofs, BigInteger reward, BigInteger burned) {
                m.recordReward(reward);
            }
        };
    }

    public ProverNode prover() {
        return node;
    }

    public NodeMetrics metrics() {
        return metrics;
    }

    /** The metrics port (null when metrics are off). */
    public Integer metricsPort() {
        return metricsServer == null ? null : metricsServer.port();
    }

    public int gossipPort() {
        return gossip.port();
    }

    /** The contract server's port (devnet host only). */
    public int contractPort() {
        requireHost();
        return contractServer.port();
    }

    public ContractClient contract() {
        return contract;
    }

    public DevnetHost host() {
        requireHost();
        return host;
    }

    private void requireHost() {
        if (host == null) throw new IllegalStateException("not a devnet host (chain.host is false)");
    }

    /** Devnet host: the sequencer's next block, its data gossiped to the peers and handed to this node. */
    public ContractClient.AcceptedBlock produceBlock() {
        requireHost();
        return host.produceBlock(tee.sequencer());
    }

    /** Devnet host: L1 moves on {@code n} blocks (finalising what is due) and the joined nodes learn it at once. */
    public List<ContractClient.Finalised> advance(long n) {
        requireHost();
        List<ContractClient.Finalised> f = host.advance(n);
        contractServer.heightChanged();
        return f;
    }

    /** Devnet host: one L1 block every {@code chain.l1Seconds}, a rollup block every {@code chain.blockSeconds}. */
    public synchronized void startDevnetClock() {
        requireHost();
        if (clock != null) return;
        clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "devnet-clock");
            t.setDaemon(true);
            return t;
        });
        long l1 = Math.max(10, Math.round(cfg.chain().l1Seconds() * 1000));
        clock.scheduleAtFixedRate(() -> guarded("devnet.l1_failed", () -> advance(1)), l1, l1, TimeUnit.MILLISECONDS);
        long blocks = cfg.chain().blockSeconds() * 1000L;
        // the first block after one period: provers that join meanwhile are in its registry snapshot
        clock.scheduleAtFixedRate(
                () -> guarded("devnet.block_failed", this::produceBlock), blocks, blocks, TimeUnit.MILLISECONDS);
    }

    private static void guarded(String event, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error(event, e); // a scheduled task that throws would never run again
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (clock != null) clock.shutdownNow();
        }
        for (int i = closing.size() - 1; i >= 0; i--) {
            try {
                closing.get(i).close();
            } catch (Exception e) {
                LOG.warn("node.close_failed", "what", closing.get(i).getClass().getSimpleName(), "error", e.toString());
            }
        }
        closing.clear();
    }

    /** The key of this node's prover, hex. */
    public Bytes publicKey() {
        return node.publicKey();
    }
}
