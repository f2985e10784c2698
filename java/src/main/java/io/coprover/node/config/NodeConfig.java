package io.coprover.node.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.coprover.backend.Backends;
import io.coprover.log.Log;
import io.coprover.log.LogFormat;
import io.coprover.net.http.HttpLimits;
import io.coprover.node.net.NetSettings;
import io.coprover.protocol.Amounts;
import io.coprover.protocol.Role;
import io.coprover.scheduler.JobKind;
import io.coprover.scheduler.Strategy;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;

/**
 * A prover node's config file (YAML; JSON is valid YAML). Every key is optional and has the
 * default written in {@link NodeInit#skeleton}; docs/NODE.md documents each. Relative paths are
 * relative to the config file's folder. Unknown keys and bad values are errors naming the file
 * and the key.
 *
 * @param file         the config file read (null for {@link #defaults})
 * @param name         the node's name on the gossip network
 * @param keyFile      the ECVRF key file ({@code coprover node --init} writes one)
 * @param role         what the node stakes for: BASE, MERGE or BOTH
 * @param stake        units staked at registration
 * @param listen       gossip listen address
 * @param peers        gossip peers (their listen addresses)
 * @param gossip       gossip limits
 * @param http         timeouts and connection bounds of the node's HTTP servers (gossip, metrics, contract)
 * @param metrics      metrics endpoint
 * @param log          log level, format and progress interval
 * @param prover       backends, CPU slots, retries, proof store
 * @param strategy     FEE_BURN policy and node choice
 * @param chain        how the node reaches the rollup contract and blocks
 * @param offload      proof builders the node hands its jobs to (none: it proves everything itself)
 */
public record NodeConfig(
        Path file,
        String name,
        Path keyFile,
        Role role,
        BigInteger stake,
        InetSocketAddress listen,
        List<InetSocketAddress> peers,
        Gossip gossip,
        HttpLimits http,
        Metrics metrics,
        Logging log,
        Prover prover,
        Strategy strategy,
        Chain chain,
        Offload offload) {

    /** Gossip limits (see {@link NetSettings}). */
    public record Gossip(int maxMessageBytes, int queueCapacity, int dedupCapacity, boolean relay, int maxHops) {}

    /** The Prometheus endpoint, {@code http://host:port/metrics}; off when not enabled. */
    public record Metrics(boolean enabled, String host, int port) {}

    /** Log level and format, and how often a long proof prints a progress line. */
    public record Logging(Level level, LogFormat.Style format, int progressSeconds) {}

    /** The devices and the proof store. */
    public record Prover(List<String> backends, int cpuSlots, int maxRetries, Path proofStore) {}

    /**
     * How the node reaches the contract: {@code host} true runs the devnet's contract and sequencer
     * in this process and serves them on {@code contract}; false joins the devnet served there.
     * The rest is the host's: state depth, proving window (L1 blocks), seconds per L1 block and per
     * rollup block, transfers per block, the seed of everything the devnet draws, and the journal
     * that keeps the chain across restarts of the host.
     */
    public record Chain(
            boolean host,
            InetSocketAddress contract,
            int depth,
            int window,
            double l1Seconds,
            int blockSeconds,
            int txsPerBlock,
            long seed,
            Path journal) {}

    /**
     * Proof builders (prover-PBS, {@code coprover builder serve}) tried in order for every job, with
     * local proving as the fallback; every returned proof is verified before it is used. Empty
     * {@code builders}: the node proves everything itself. {@code client} is this prover's client
     * name at the builders, {@code key} its Ed25519 signing key ({@code coprover builder keygen}).
     */
    public record Offload(List<java.net.URI> builders, String client, Path key, int timeoutSeconds) {
        public Offload {
            builders = List.copyOf(builders);
        }

        /** The same settings with other builders (the command line's {@code --builder}). */
        public Offload withBuilders(List<java.net.URI> urls) {
            return new Offload(urls, client, key, timeoutSeconds);
        }
    }

    /** This config with other offload settings. */
    public NodeConfig withOffload(Offload o) {
        return new NodeConfig(
                file, name, keyFile, role, stake, listen, peers, gossip, http, metrics, log, prover, strategy, chain,
                o);
    }

    /** The gossip settings of this config. */
    public NetSettings netSettings() {
        return new NetSettings(
                name,
                listen,
                peers,
                gossip.maxMessageBytes(),
                gossip.queueCapacity(),
                gossip.dedupCapacity(),
                gossip.relay(),
                gossip.maxHops(),
                3,
                3000,
                http);
    }

    /** Every key at its default, paths relative to {@code dir}. */
    public static NodeConfig defaults(Path dir) {
        return parse(null, dir, "defaults", null);
    }

    /** Loads a config file; errors name the file and the key. */
    public static NodeConfig load(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such config file (coprover node --init DIR writes one)");
        }
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null
                            ? ""
                            : " (line " + e.getLocation().getLineNr() + ")"));
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(file, dir, file.getFileName().toString(), root);
    }

    /** Parses a config tree; {@code where} names it in errors. */
    static NodeConfig parse(Path file, Path dir, String where, JsonNode root) {
        ConfigReader r = new ConfigReader(where, "", root == null || root.isMissingNode() ? null : root);
        String name = r.parsed("name", "node", s -> {
            if (!s.matches("[A-Za-z0-9._:-]{1,64}"))
                throw new IllegalArgumentException("must be 1-64 of [A-Za-z0-9._:-], got '" + s + "'");
            return s;
        });
        Path key = dir.resolve(r.string("key", "node.key"));
        Role role = r.parsed("role", "BOTH", Role::parse);
        BigInteger stake = r.parsed("stake", "1000", s -> Amounts.parse(s, "stake"));
        InetSocketAddress listen = r.parsed("listen", "127.0.0.1:7400", NetSettings::parseAddress);
        List<InetSocketAddress> peers = r.list("peers", List.of(), NetSettings::parseAddress);

        ConfigReader g = r.section("gossip");
        Gossip gossip = new Gossip(
                (int) g.integer("maxMessageBytes", 4 << 20, 1024, 1 << 30),
                (int) g.integer("queueCapacity", 1024, 1, 1 << 20),
                (int) g.integer("dedupCapacity", 65536, 1, 1 << 24),
                g.bool("relay", true),
                (int) g.integer("maxHops", 8, 1, 64));
        g.done();

        ConfigReader h = r.section("http");
        HttpLimits defaults = HttpLimits.defaults();
        long idle = h.integer("idleTimeoutMillis", defaults.idleTimeoutMillis(), 100, 3_600_000);
        long minRate = h.integer("minBodyBytesPerSecond", defaults.minBodyBytesPerSecond(), 0, 1L << 30);
        int maxConn = (int) h.integer("maxConnections", defaults.maxConnections(), 1, 1 << 20);
        int perPeer = (int) h.integer("maxConnectionsPerPeer", defaults.maxConnectionsPerPeer(), 1, maxConn);
        HttpLimits http = new HttpLimits(
                idle,
                minRate,
                maxConn,
                perPeer,
                (int) h.integer("maxHeaderBytes", defaults.maxHeaderBytes(), 256, 1 << 20),
                defaults.threads());
        h.done();

        ConfigReader m = r.section("metrics");
        Metrics metrics = new Metrics(
                m.bool("enabled", true), m.string("host", "127.0.0.1"), (int) m.integer("port", 9400, 0, 65535));
        m.done();

        ConfigReader l = r.section("log");
        Logging log = new Logging(
                l.parsed("level", "info", Log::parseLevel), l.parsed("format", "logfmt", LogFormat::parseStyle), (int)
                        l.integer("progressSeconds", 10, 1, 86400));
        l.done();

        ConfigReader p = r.section("prover");
        List<String> backends = p.list("backends", List.of("auto"), NodeConfig::backendName);
        if (backends.isEmpty()) throw p.error("prover.backends", "at least one backend is required (e.g. [auto])");
        Prover prover = new Prover(
                backends,
                (int) p.integer("cpuSlots", 1, 1, 1024),
                (int) p.integer("maxRetries", 2, 0, 100),
                dir.resolve(p.string("proofStore", "proofs")));
        p.done();

        ConfigReader s = r.section("strategy");
        String feeBurn = s.string("feeBurn", "fixed:0"), nodes = s.string("nodes", "all");
        ConfigReader e = s.section("estimate");
        Map<JobKind, Long> est = new EnumMap<>(JobKind.class);
        for (JobKind k : JobKind.values()) {
            long t = e.integer(k.name().toLowerCase(Locale.ROOT), 0, 0, Long.MAX_VALUE);
            if (t > 0) est.put(k, t);
        }
        e.done();
        Strategy strategy;
        try {
            strategy = Strategy.prover(feeBurn, nodes, est);
        } catch (IllegalArgumentException x) {
            throw s.error("strategy", x.getMessage());
        }
        s.done();

        ConfigReader c = r.section("chain");
        Chain chain = new Chain(
                c.bool("host", false),
                c.parsed("contract", "127.0.0.1:7500", NetSettings::parseAddress),
                (int) c.integer("depth", 4, 1, 32),
                (int) c.integer("window", 60, 2, 100_000),
                c.parsed("l1Seconds", "1", NodeConfig::seconds),
                (int) c.integer("blockSeconds", 20, 1, 86400),
                (int) c.integer("txsPerBlock", 4, 1, 1 << 16),
                c.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE),
                dir.resolve(c.string("journal", "chain.journal")));
        c.done();

        ConfigReader o = r.section("offload");
        Offload offload = new Offload(
                o.list("builders", List.of(), NodeConfig::builderUrl),
                o.string("client", name),
                dir.resolve(o.string("key", "builder-client.key")),
                (int) o.integer("timeoutSeconds", 120, 1, 86400));
        o.done();
        r.done();
        return new NodeConfig(
                file,
                name,
                key,
                role,
                stake,
                listen,
                List.copyOf(peers),
                gossip,
                http,
                metrics,
                log,
                prover,
                strategy,
                chain,
                offload);
    }

    /** A proof builder's base URL: http or https with a host. */
    public static java.net.URI builderUrl(String s) {
        java.net.URI u;
        try {
            u = new java.net.URI(s.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: '" + s + "'");
        }
        if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null)
            throw new IllegalArgumentException("expected a builder URL such as http://host:7600, got '" + s + "'");
        return u;
    }

    private static double seconds(String s) {
        double v;
        try {
            v = Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected seconds (e.g. 1 or 0.5), got '" + s + "'");
        }
        if (!(v >= 0.01 && v <= 3600)) throw new IllegalArgumentException("expected seconds in 0.01..3600, got " + s);
        return v;
    }

    /** Checks a backend name against {@link Backends#NAMES} (whether it is usable is known at start). */
    static String backendName(String s) {
        String b = s.strip().toLowerCase(Locale.ROOT);
        if (b.equals("auto")
                || b.equals("cuda")
                || b.equals("java")
                || b.equals("native-host")
                || b.matches("cuda:[0-9]{1,3}")) return b;
        throw new IllegalArgumentException("unknown backend '" + s + "' (expected " + Backends.NAMES + ")");
    }
}
