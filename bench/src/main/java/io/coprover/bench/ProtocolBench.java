package io.coprover.bench;

import io.coprover.protocol.BlockDraw;
import io.coprover.protocol.BlockHeader;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.Eligibility;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProofRecordCodec;
import io.coprover.protocol.ProofVerifier;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.PublicOutputs;
import io.coprover.protocol.Ranking;
import io.coprover.protocol.RegistrySnapshot;
import io.coprover.protocol.Role;
import io.coprover.protocol.Score;
import io.coprover.protocol.Seeds;
import io.coprover.protocol.SigningKey;
import io.coprover.protocol.StakingRegistry;
import io.coprover.protocol.TreeAssembler;
import io.coprover.protocol.TreeShape;
import io.coprover.protocol.TreeValidation;
import io.coprover.protocol.TreeValidator;
import io.coprover.protocol.VrfMode;
import io.coprover.protocol.vrf.Ecvrf;
import io.coprover.protocol.vrf.Vrf;
import io.coprover.protocol.vrf.VrfKeyPair;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Protocol costs: ECVRF prove / verify / hash per suite (ops/s); ranking every node of a 1024-tx
 * block (1023 nodes) for 1000 PUBLIC-mode provers, optimised ({@code rankAll}: parallel over
 * nodes, one digest per thread, eligibility before sorting) against a naive single-threaded
 * reference ({@code rankAllNaive}: a fresh hash array per prover, every prover scored and sorted);
 * validation of a full tree (3 proofs per node, the root 1) with the SNARK check left out (the
 * circuits plug in through {@link ProofVerifier}), in both VRF modes, with the records' signatures
 * checked before ({@code validateTree}: a node's verified records) and as the contract meets them,
 * decoded from their bytes ({@code validateTreeFromWire}); tree assembly: choosing the root's
 * children among 4 proofs per node, each merge assembled from the child proofs its prover saw
 * ({@code assembleRoot}, every subtree of the 1023-node tree computed once).
 *
 * <p>{@code java -jar bench/target/benchmarks.jar ProtocolBench}
 */
@Fork(
        value = 1,
        jvmArgs = {"-Xmx4g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class ProtocolBench {

    @State(Scope.Benchmark)
    public static class Vrfs {
        @Param({"ECVRF-P256-SHA256-TAI", "ECVRF-EDWARDS25519-SHA512-TAI", "ECVRF-EDWARDS25519-SHA512-ELL2"})
        public String suite;

        Vrf vrf;
        byte[] sk, pk, alpha, pi;

        @Setup
        public void setup() {
            vrf = Ecvrf.byName(suite);
            VrfKeyPair k = VrfKeyPair.generate(vrf, new SecureRandom(new byte[] {1}));
            sk = k.secretKey();
            pk = k.publicKey();
            alpha = Seeds.sequencerAlpha(new byte[32], 1);
            pi = vrf.prove(sk, alpha);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] vrfProve(Vrfs s) {
        return s.vrf.prove(s.sk, s.alpha);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public boolean vrfVerify(Vrfs s) {
        return s.vrf.verify(s.pk, s.alpha, s.pi).valid();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] vrfHash(Vrfs s) {
        return s.vrf.hash(s.sk, s.alpha);
    }

    @State(Scope.Benchmark)
    public static class Block {
        BlockDraw draw;
        RegistrySnapshot reg;
        Map<Bytes, Long> burns = new HashMap<>();

        @Setup
        public void setup() {
            ProtocolParams params = ProtocolParams.defaults().withMode(VrfMode.PUBLIC);
            Random r = new Random(1);
            List<StakingRegistry.ProverStake> ps = new ArrayList<>();
            SecureRandom sr = new SecureRandom(new byte[] {3});
            for (int i = 0; i < 1000; i++) {
                byte[] pk = VrfKeyPair.generate(params.suite(), sr).publicKey();
                ps.add(new StakingRegistry.ProverStake(
                        Bytes.of(pk), Role.values()[i % 3], params.minProverStake(), StakingRegistry.Status.ACTIVE, 0));
                burns.put(Bytes.of(pk), (long) r.nextInt(1_000_001));
            }
            reg = RegistrySnapshot.ofProvers(params, ps);
            byte[] randao = new byte[32], beta = new byte[32];
            r.nextBytes(randao);
            r.nextBytes(beta);
            draw = new BlockDraw(params, randao, beta, 1, TreeShape.forTxs(1024));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<List<Ranking.Entry>> rankAll(Block b) {
        return Ranking.rankAllPublic(b.draw, b.reg, b.burns::get);
    }

    /** Naive reference: one thread, a fresh hash per prover, all provers scored and sorted, then filtered. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<List<Ranking.Entry>> rankAllNaive(Block b) {
        List<List<Ranking.Entry>> out = new ArrayList<>();
        for (NodeId n : b.draw.shape().nodes()) {
            byte[] alpha = b.draw.alpha(n);
            Eligibility el = b.reg.eligibility(n.role());
            List<Ranking.Entry> all = new ArrayList<>();
            for (StakingRegistry.ProverStake p : b.reg.provers()) {
                if (!p.role().covers(n.role())) continue;
                long u = Seeds.u(Bytes.sha256(p.pk().toArray(), alpha));
                long fb = b.burns.get(p.pk());
                all.add(new Ranking.Entry(p.pk(), u, fb, Score.of(u, fb), p.pk().hash()));
            }
            all.sort(Ranking.ORDER);
            all.removeIf(e -> !el.test(e.u()));
            out.add(all);
        }
        return out;
    }

    @State(Scope.Benchmark)
    public static class Tree {
        @Param({"PUBLIC", "PRIVATE"})
        public String mode;

        @Param({"1024"})
        public int txs;

        TreeValidator validator;
        Bytes root;
        Map<Bytes, ProofRecord> pool = new LinkedHashMap<>();

        @Setup
        public void setup() {
            VrfMode m = VrfMode.valueOf(mode);
            ProtocolParams params = ProtocolParams.defaults().withMode(m).withEligiblePerNode(1000);
            SecureRandom sr = new SecureRandom(new byte[] {2});
            List<VrfKeyPair> keys = new ArrayList<>();
            List<SigningKey> signers = new ArrayList<>();
            List<StakingRegistry.ProverStake> ps = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                VrfKeyPair k = VrfKeyPair.generate(params.suite(), sr);
                keys.add(k);
                signers.add(SigningKey.derivedFrom(k));
                ps.add(new StakingRegistry.ProverStake(
                        Bytes.of(k.publicKey()),
                        Role.BOTH,
                        params.minProverStake(),
                        StakingRegistry.Status.ACTIVE,
                        0,
                        signers.get(i).publicKey()));
            }
            RegistrySnapshot reg = RegistrySnapshot.ofProvers(params, ps);
            TreeShape shape = TreeShape.forTxs(txs);
            BlockDraw draw = new BlockDraw(params, new byte[32], new byte[32], 9, shape);
            Map<NodeId, List<Bytes>> ids = new HashMap<>();
            for (NodeId n : shape.nodes()) {
                int count = n.equals(shape.root()) ? 1 : 3;
                List<List<Bytes>> kids = n.level() == 0 ? List.of() : List.of(ids.get(n.left()), ids.get(n.right()));
                List<Bytes> mine = new ArrayList<>();
                for (int j = 0; j < count; j++) {
                    int ki = (n.index() + j + n.level()) % keys.size();
                    VrfKeyPair k = keys.get(ki);
                    Bytes vrf = m == VrfMode.PRIVATE ? Bytes.of(k.prove(draw.alpha(n))) : Bytes.of(new byte[0]);
                    ProofRecord p = new ProofRecord(
                                    9, n, Bytes.of(k.publicKey()), vrf, 100_000L * j, outputs(n), kids, null)
                            .signedBy(signers.get(ki));
                    pool.put(p.id(), p);
                    mine.add(p.id());
                }
                ids.put(n, mine);
            }
            root = ids.get(shape.root()).get(0);
            PublicOutputs ro = outputs(shape.root());
            BlockHeader h = new BlockHeader(
                    9, Bytes.of(new byte[33]), 0, txs, ro.fees(), ro.startStateRoot(), ro.txCommitment());
            ProofVerifier snarkNotMeasured = (p, lookup) -> null;
            validator = new TreeValidator(draw, reg, h, snarkNotMeasured);
            if (!validator.validate(root, pool).valid())
                throw new IllegalStateException(validator.validate(root, pool).reason());
            for (ProofRecord p : pool.values()) wire.add(ProofRecordCodec.encode(p));
        }

        final List<byte[]> wire = new ArrayList<>();

        private static PublicOutputs outputs(NodeId n) {
            int span = 2 << n.level(), from = n.index() * span;
            return new PublicOutputs(
                    state(from),
                    state(from + span),
                    state(-1 - n.index() - (n.level() << 24)),
                    BigInteger.valueOf(span));
        }

        private static Bytes state(int i) {
            return Bytes.of(Bytes.sha256(ByteBuffer.allocate(4).putInt(i).array()));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public TreeValidation validateTree(Tree t) {
        return t.validator.validate(t.root, t.pool);
    }

    /** As the contract meets a submission: every record decoded from its bytes, so every signature is checked again. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public TreeValidation validateTreeFromWire(Tree t) {
        List<ProofRecord> ps = new ArrayList<>(t.wire.size());
        for (byte[] b : t.wire) ps.add(ProofRecordCodec.decode(b));
        return t.validator.validate(t.root, ps);
    }

    @State(Scope.Benchmark)
    public static class Gossip {
        final Map<Bytes, ProofRecord> pool = new HashMap<>();
        final Map<Bytes, Score> scores = new HashMap<>();
        List<ProofRecord> left, right;

        @Setup
        public void setup() {
            Random r = new Random(4);
            TreeShape shape = TreeShape.forTxs(1024);
            TreeAssembler setup = new TreeAssembler(3, pool::get, p -> scores.get(p.id()));
            Map<NodeId, List<ProofRecord>> byNode = new HashMap<>();
            for (NodeId n : shape.nodes()) {
                if (n.equals(shape.root())) break;
                List<ProofRecord> mine = new ArrayList<>();
                for (int j = 0; j < 4; j++) {
                    // each prover saw some of the children's proofs (gossip timing) and assembled from those
                    List<List<Bytes>> kids = n.level() == 0
                            ? List.of()
                            : List.of(pick(byNode.get(n.left()), r, setup), pick(byNode.get(n.right()), r, setup));
                    byte[] pk = new byte[33];
                    pk[0] = 2;
                    pk[1] = (byte) j;
                    ProofRecord p = new ProofRecord(9, n, Bytes.of(pk), null, 0, Tree.outputs(n), kids, null);
                    pool.put(p.id(), p);
                    scores.put(p.id(), Score.of(r.nextLong(), r.nextInt(1_000_001)));
                    mine.add(p);
                }
                byNode.put(n, mine);
            }
            left = byNode.get(shape.root().left());
            right = byNode.get(shape.root().right());
        }

        private static List<Bytes> pick(List<ProofRecord> ps, Random r, TreeAssembler a) {
            List<ProofRecord> c = new ArrayList<>(ps);
            java.util.Collections.shuffle(c, r);
            return a.choose(c.subList(0, 2 + r.nextInt(c.size() - 1))).stream()
                    .map(ProofRecord::id)
                    .toList();
        }
    }

    /** Choosing the root's children in a 1023-node tree: every subtree union computed once (fresh memo). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<List<ProofRecord>> assembleRoot(Gossip g) {
        TreeAssembler a = new TreeAssembler(3, g.pool::get, p -> g.scores.get(p.id()));
        return List.of(a.choose(g.left), a.choose(g.right));
    }
}
