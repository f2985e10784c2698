package io.coprover.node.config;

import io.coprover.protocol.vrf.Vrf;
import io.coprover.protocol.vrf.VrfKeyFile;
import io.coprover.protocol.vrf.VrfKeyPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * {@code coprover node --init DIR}: a fresh ECVRF key ({@code DIR/node.key}, owner-readable only)
 * and a config file ({@code DIR/node.yaml}) listing every key at its default, with a comment each.
 * Never overwrites either file.
 */
public final class NodeInit {
    private NodeInit() {}

    /** The files written. */
    public record Result(Path config, Path key, VrfKeyPair keyPair) {}

    /** Writes the key and the config into {@code dir} (created if missing). */
    public static Result init(Path dir, Vrf suite, String name, SecureRandom rnd) throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("node.yaml"), key = dir.resolve("node.key");
        if (Files.exists(config))
            throw new FileAlreadyExistsException(config.toString(), null, "refusing to overwrite a config file");
        if (Files.exists(key))
            throw new FileAlreadyExistsException(key.toString(), null, "refusing to overwrite a key file");
        VrfKeyPair kp = VrfKeyPair.generate(suite, rnd);
        VrfKeyFile.save(kp, key);
        Files.writeString(config, skeleton(name), StandardCharsets.UTF_8);
        return new Result(config, key, kp);
    }

    /** The config file with every key at its default (except {@code name}); docs/NODE.md explains each. */
    public static String skeleton(String name) {
        return """
                # coprover prover node (coprover node --config THIS_FILE). Every key shows its default.
                # Relative paths are relative to this file's folder. Amounts: 1000 = 1000 AZT, 1500units = units.

                name: %s                  # name on the gossip network, 1-64 of [A-Za-z0-9._:-]
                key: node.key             # ECVRF key file (suite=..., secret=..., public=...)
                role: BOTH                # what the stake covers: BASE, MERGE or BOTH
                stake: 1000               # staked at registration (at least the protocol's minimum)
                listen: 127.0.0.1:7400    # gossip listen address (host:port; port 0 = any free port)
                peers: []                 # gossip peers, host:port of their listen addresses

                gossip:
                  maxMessageBytes: 4194304  # larger payloads are refused (sent or received)
                  queueCapacity: 1024       # messages waiting per peer and for delivery; beyond: dropped, counted
                  dedupCapacity: 65536      # message hashes remembered to drop repeats
                  relay: true               # forward new messages to the other peers (partial meshes)
                  maxHops: 8                # no forwarding beyond this many hops

                http:                       # every server of this node: gossip, metrics, the contract (host)
                  idleTimeoutMillis: 10000  # a connection or a request body with no byte for this long is cut (408)
                  minBodyBytesPerSecond: 1024 # a slower request body is cut (408); 0 = no minimum
                  maxConnections: 512       # open connections per server; beyond: they wait to be accepted
                  maxConnectionsPerPeer: 32 # open connections from one IP address; beyond: 503 and closed
                  maxHeaderBytes: 8192      # request line and headers; beyond: 431

                metrics:
                  enabled: true
                  host: 127.0.0.1           # Prometheus text format at http://host:port/metrics
                  port: 9400

                log:
                  level: info               # debug, info, warn or error
                  format: logfmt            # logfmt (key=value) or json, one line per event, on stderr
                  progressSeconds: 10       # a running proof prints a progress line at most this often

                prover:
                  backends: [auto]          # auto, cuda, cuda:N, java, native-host; one worker each
                  cpuSlots: 1               # jobs the Java backend runs at once
                  maxRetries: 2             # a failed job is tried again this many times (another worker first)
                  proofStore: proofs        # folder of finished proofs; a restarted node reuses them

                strategy:
                  feeBurn: fixed:0          # fixed:PPM, random:LO:HI[:SEED] or minimal (PUBLIC VRF mode)
                  nodes: all                # all, top, capacity:all or capacity:top
                  estimate:                 # capacity:* only: time of one job per kind, in L1 blocks (the scheduler's clock)
                    base: 0
                    merge: 0
                    root: 0

                chain:
                  host: false               # true: this process runs the devnet contract and sequencer
                  contract: 127.0.0.1:7500  # where the devnet contract is served (host) or reached (others)
                  depth: 4                  # host only: state tree depth (the base circuit grows with it)
                  window: 60                # host only: proving window, in L1 blocks
                  l1Seconds: 1              # host only: one L1 block this often
                  blockSeconds: 20          # host only: a new rollup block this often
                  txsPerBlock: 4            # host only: random valid transfers per block
                  seed: 1                   # host only: seed of the devnet (SRS, accounts, transfers)
                  journal: chain.journal    # host only: every chain input, replayed at start: the chain survives restarts

                offload:
                  builders: []              # proof-builder URLs (http://host:port), tried in order; local proving is the fallback
                  client: %s                # this prover's client name at the builders
                  key: builder-client.key   # its Ed25519 signing key (coprover builder keygen); read only when builders are set
                  timeoutSeconds: 120       # one builder's time for one job, submit to verified proof
                """.formatted(name, name);
    }
}
