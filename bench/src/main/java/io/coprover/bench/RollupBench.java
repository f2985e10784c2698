package io.coprover.bench;

import io.coprover.backend.JavaBackend;
import io.coprover.backend.ProvingBackend;
import io.coprover.plonk.CircuitBuilder;
import io.coprover.plonk.Srs;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.rollup.BaseCircuit;
import io.coprover.rollup.BlockInputs;
import io.coprover.rollup.BlockProver;
import io.coprover.rollup.RandomBlock;
import io.coprover.rollup.RollupKeys;
import io.coprover.rollup.StateTree;
import io.coprover.rollup.TreeVerifier;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rollup proving on the Java backend: one base proof (2 txs, witness generation included), one
 * merge proof (children check with one pairing included), and the tree verifier over a block of
 * 8 txs (7 proofs, one pairing). Setup and SRS are outside the measurement. Whole-block prove times
 * come from {@code coprover block prove}, which prints them (bench/results/rollup-java.md).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar RollupBench -p depth=4}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx8g"})
public class RollupBench {
    @Param({"4", "16"})
    public int depth;

    private static final Bytes PROVER = Bytes.of("bench-prover".getBytes());
    private ProvingBackend backend;
    private RollupKeys keys;
    private BlockInputs block;
    private ProofRecord b0, b1, root;
    private BlockProver prover;
    private List<ProofRecord> tree;

    @Setup(Level.Trial)
    public void setup() {
        backend = new JavaBackend();
        keys = new RollupKeys(depth, Srs.generateInsecure(RollupKeys.basePower(depth), new Random(1)), backend);
        Random rnd = new Random(2);
        try (StateTree s = StateTree.inMemory(depth)) {
            long[] slots = RandomBlock.slots(depth, 8);
            RandomBlock.genesis(s, slots, rnd);
            block = BlockInputs.apply(s, 1, RandomBlock.transfers(s, slots, 8, rnd));
        }
        prover = new BlockProver(keys);
        root = prover.proveAll(block, PROVER, 0);
        tree = List.copyOf(prover.proofs().values());
        b0 = tree.get(0);
        b1 = tree.get(1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        keys.close();
        backend.close();
    }

    @Benchmark
    public Object baseProof() {
        return keys.proveBase(BaseCircuit.build(
                depth, block.witnesses().get(0), block.witnesses().get(1), new long[4]));
    }

    @Benchmark
    public ProofRecord mergeProof() {
        return prover.proveMerge(block.block(), new NodeId(1, 0), List.of(b0), List.of(b1), PROVER, 0);
    }

    @Benchmark
    public TreeVerifier.Result verifyBlockOf8() {
        TreeVerifier.Result r = new TreeVerifier(keys.baseVk(), keys.mergeVk())
                .verify(root.id(), tree, TreeVerifier.Expected.of(block));
        if (!r.valid()) throw new IllegalStateException(r.reason());
        return r;
    }

    /** Circuit + witness generation alone (no proving), for the share of the base proof it takes. */
    @Benchmark
    public CircuitBuilder baseWitness() {
        return BaseCircuit.build(
                depth, block.witnesses().get(0), block.witnesses().get(1), new long[4]);
    }
}
