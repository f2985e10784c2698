package io.coprover.bench;

import io.coprover.backend.JavaBackend;
import io.coprover.node.BlockMessage;
import io.coprover.node.GossipTransport;
import io.coprover.node.InProcessContractClient;
import io.coprover.node.ProverNode;
import io.coprover.plonk.Srs;
import io.coprover.protocol.BlockCommitment;
import io.coprover.protocol.BlockHeader;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.Registration;
import io.coprover.protocol.RollupContract;
import io.coprover.protocol.vrf.VrfKeyPair;
import io.coprover.rollup.BlockInputs;
import io.coprover.rollup.Fr;
import io.coprover.rollup.RandomBlock;
import io.coprover.rollup.RollupKeys;
import io.coprover.rollup.StateTree;
import io.coprover.rollup.TreeVerifier;
import io.coprover.sim.SimBus;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
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
 * Block latency of one prover node on the Java backend: from the moment the block's txs reach the
 * node (BLOCK gossip delivered) to its root proof being done — decoding and replaying the block
 * data, planning, every base proof, every merge and the root, with the scheduler in between. One
 * prover alone in the network (eligible everywhere, proves every node once), so the figure is the
 * whole tree's proving time on one machine plus the node's overhead. Keys are set up once per
 * trial; each invocation gets a fresh contract, bus, state and node (not timed).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class NodeBench {
    @Param({"4"})
    int depth;

    @Param({"4", "8"})
    int txs;

    RollupKeys keys;
    ProtocolParams params = ProtocolParams.defaults().withTiming(100, 32);
    // per invocation
    StateTree state;
    ProverNode node;
    SimBus bus;
    InProcessContractClient l1;
    long round;

    @Setup(Level.Trial)
    public void keys() {
        keys = new RollupKeys(
                depth, Srs.generateInsecure(RollupKeys.basePower(depth), new Random(1)), new JavaBackend());
    }

    @Setup(Level.Invocation)
    public void block() {
        RollupContract contract =
                new RollupContract(params, new TreeVerifier(keys.baseVk(), keys.mergeVk()).asProofVerifier());
        l1 = new InProcessContractClient(contract, 1);
        bus = new SimBus(1, 1, 0, null);
        VrfKeyPair seq = VrfKeyPair.of(params.suite(), Bytes.sha256("bench/seq".getBytes(StandardCharsets.UTF_8)));
        contract.stakeSequencer(Registration.sequencer(seq), params.minSequencerStake());
        GossipTransport seqBus = bus.endpoint("seq");
        node = ProverNode.builder()
                .name("p")
                .key(VrfKeyPair.of(params.suite(), Bytes.sha256("bench/p".getBytes(StandardCharsets.UTF_8))))
                .transport(bus.endpoint("p"))
                .contract(l1)
                .keys(keys)
                .backend(new JavaBackend())
                .autoSubmit(false)
                .log(l -> {})
                .build();
        node.start();
        state = StateTree.inMemory(depth);
        Random rnd = new Random(2);
        long[] slots = RandomBlock.fundedAccounts(state, txs, rnd);
        BlockInputs in = BlockInputs.apply(state, 1, RandomBlock.transfers(state, slots, txs, rnd));
        BlockHeader header = new BlockHeader(
                1,
                Bytes.of(seq.publicKey()),
                800_000,
                txs,
                BigInteger.valueOf(in.fees()),
                Fr.bytes(in.startRoot()),
                Fr.bytes(in.txCommitment()));
        contract.openElection(1, Bytes.sha256("bench/randao".getBytes(StandardCharsets.UTF_8)));
        contract.bid(
                Bytes.of(seq.publicKey()),
                800_000,
                Bytes.of(params.mode().draw(seq, contract.electionAlpha()).proof()),
                BlockCommitment.of(header));
        contract.closeElection();
        l1.acceptBlock(header);
        seqBus.publish(GossipTransport.Topic.BLOCK, BlockMessage.encode(in));
        round = l1.height() + 1;
    }

    /** Txs known → root proven. */
    @Benchmark
    public Object blockLatency() throws InterruptedException {
        bus.setRound(round);
        bus.deliver();
        if (!node.awaitIdle(30, TimeUnit.MINUTES)) throw new IllegalStateException("node did not finish");
        Object best = node.bestTree(1).orElseThrow(() -> new IllegalStateException("no root proven"));
        return best;
    }

    @TearDown(Level.Invocation)
    public void close() {
        node.close();
        state.close();
    }

    @TearDown(Level.Trial)
    public void closeKeys() {
        keys.close();
    }
}
