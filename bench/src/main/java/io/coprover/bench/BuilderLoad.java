package io.coprover.bench;

import io.coprover.backend.JavaBackend;
import io.coprover.backend.ProvingBackend;
import io.coprover.builder.BuilderClient;
import io.coprover.builder.BuilderService;
import io.coprover.builder.ClientKey;
import io.coprover.builder.Clients;
import io.coprover.jobs.JobQueue;
import io.coprover.jobs.JobState;
import io.coprover.jobs.MemoryJobQueue;
import io.coprover.plonk.Srs;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.requests.ProofRequest;
import io.coprover.requests.ProofRequests;
import io.coprover.rollup.BlockInputs;
import io.coprover.rollup.RandomBlock;
import io.coprover.rollup.RollupKeys;
import io.coprover.rollup.StateTree;
import io.coprover.scheduler.JobInputs;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A bounded load loop against a builder on loopback: {@code clients} threads, each a registered
 * client with its own key, submit {@code perClient} distinct base requests (a depth-D block's
 * nodes with distinct deadlines, so distinct ids) as fast as the builder answers. Each submission is
 * the full accept path: Ed25519 verification, replay and quota checks, strict decoding, the
 * witnesses recomputed (4·D Poseidon hashes per tx) and the job written and synced to the queue
 * file. Proving is off (an accept-only builder); {@code --prove N} instead runs N jobs one at a
 * time end to end on a proving builder and reports their latency (submit to verified result).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.coprover.bench.BuilderLoad [--depth 4] [--clients 8] [--per-client 200] [--prove 0]
 * </pre>
 */
public final class BuilderLoad {
    public static void main(String[] args) throws Exception {
        int code = 0;
        try {
            run(args);
        } catch (Throwable t) {
            t.printStackTrace();
            code = 1;
        }
        System.exit(code); // HTTP client threads must not keep a finished run alive
    }

    static void run(String[] args) throws Exception {
        int depth = 4, clients = 8, perClient = 200, prove = 0;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--depth" -> depth = Integer.parseInt(args[i + 1]);
                case "--clients" -> clients = Integer.parseInt(args[i + 1]);
                case "--per-client" -> perClient = Integer.parseInt(args[i + 1]);
                case "--prove" -> prove = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long t0 = System.nanoTime();
        ProvingBackend be = new JavaBackend();
        RollupKeys keys = new RollupKeys(depth, Srs.generateInsecure(RollupKeys.basePower(depth), new Random(1)), be);
        System.out.printf("keys depth %d: %.1f s%n", depth, (System.nanoTime() - t0) / 1e9);
        BlockInputs block;
        try (StateTree s = StateTree.inMemory(depth)) {
            Random rnd = new Random(2);
            long[] slots = RandomBlock.slots(depth, Math.min(16, 1 << depth));
            RandomBlock.genesis(s, slots, rnd);
            block = BlockInputs.apply(s, 1, RandomBlock.transfers(s, slots, 16, rnd));
        }
        List<ClientKey> keysOf = new ArrayList<>();
        List<Clients.Client> reg = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            ClientKey k = ClientKey.generate(new SecureRandom());
            keysOf.add(k);
            reg.add(new Clients.Client("c" + c, prover(c), k.publicKey(), perClient + prove + 100, 1_000_000));
        }
        Path dir = Files.createTempDirectory("builder-load");
        try (JobQueue q = new MemoryJobQueue(dir.resolve("queue.mv"), java.time.Clock.systemUTC());
                BuilderService svc = new BuilderService(
                                BuilderService.Config.defaults().withMaxRequestBytes(1 << 20),
                                new Clients(reg),
                                q,
                                new ProofRequests(keys),
                                prove > 0 ? List.of(be) : List.of(),
                                System::currentTimeMillis)
                        .start()) {
            URI url = URI.create("http://127.0.0.1:" + svc.port());
            final BlockInputs blk = block;
            final int pc = perClient;
            if (prove > 0) {
                endToEnd(url, keysOf.get(0), keys, blk, prove);
                return;
            }
            // warm-up: 50 submissions from client 0 (JIT, connections), not counted
            BuilderClient warm = new BuilderClient(url, "c0", keysOf.get(0), Duration.ofSeconds(30));
            for (int i = 0; i < 50; i++) warm.submit(request(blk, 0, 1_000_000 + i));
            ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
                Thread t = new Thread(r, "load-client");
                t.setDaemon(true);
                return t;
            });
            List<Future<long[]>> fs = new ArrayList<>();
            long start = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                final int cc = c;
                fs.add(pool.submit(() -> {
                    BuilderClient bc = new BuilderClient(url, "c" + cc, keysOf.get(cc), Duration.ofSeconds(30));
                    long[] lat = new long[pc];
                    for (int i = 0; i < pc; i++) {
                        ProofRequest r = request(blk, cc, i);
                        long t = System.nanoTime();
                        BuilderClient.Status s = bc.submit(r);
                        lat[i] = System.nanoTime() - t;
                        if (s.state() != JobState.QUEUED && s.state() != JobState.RUNNING)
                            throw new IllegalStateException("unexpected " + s);
                    }
                    return lat;
                }));
            }
            long[] all = new long[clients * perClient];
            int n = 0;
            for (Future<long[]> f : fs) for (long l : f.get()) all[n++] = l;
            long wall = System.nanoTime() - start;
            pool.shutdown();
            Arrays.sort(all);
            System.out.printf(
                    "submissions: %d (%d clients x %d), depth %d, request %d bytes%n",
                    n, clients, perClient, depth, request(blk, 0, 0).encode().length);
            System.out.printf("throughput: %.0f submissions/s (wall %.2f s)%n", n / (wall / 1e9), wall / 1e9);
            System.out.printf(
                    "latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n",
                    pct(all, 50), pct(all, 90), pct(all, 99), all[n - 1] / 1e6);
            long[] counters = svc.counters();
            System.out.printf("service: accepted %d, refused %d%n", counters[0], counters[1]);
        }
    }

    /** N jobs one at a time on an idle builder: submit, prove, fetch, verify. */
    static void endToEnd(URI url, ClientKey key, RollupKeys keys, BlockInputs blk, int prove) throws Exception {
        BuilderClient bc = new BuilderClient(url, "c0", key, Duration.ofSeconds(60));
        long[] lat = new long[prove];
        long ps = System.nanoTime();
        for (int i = 0; i < prove; i++) {
            ProofRequest r = request(blk, 0, 2_000_000 + i);
            long t = System.nanoTime();
            bc.submit(r);
            var rec = bc.await(r.id(), System.nanoTime() + 600_000_000_000L);
            ProofRequests.verifyResult(r, rec, keys.baseVk(), keys.mergeVk());
            lat[i] = System.nanoTime() - t;
        }
        Arrays.sort(lat);
        System.out.printf(
                "end to end (submit, prove, fetch, verify), %d jobs one at a time: p50 %.0f ms, max %.0f ms, %.2f proofs/s%n",
                prove, pct(lat, 50), lat[prove - 1] / 1e6, prove / ((System.nanoTime() - ps) / 1e9));
    }

    static Bytes prover(int c) {
        return Bytes.of(("load-client-" + c).getBytes());
    }

    /** Base node {@code i mod numBase} of the block for client {@code c}, made distinct by its deadline. */
    static ProofRequest request(BlockInputs b, int c, int i) {
        JobInputs job = new JobInputs(
                b.block(),
                Bytes.of(new byte[32]),
                b.shape(),
                new NodeId(0, i % b.shape().numBase()),
                prover(c),
                null,
                0,
                null,
                null);
        return ProofRequests.base(job, b, System.currentTimeMillis() + 3_600_000L + i);
    }

    static double pct(long[] sorted, int p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
    }
}
