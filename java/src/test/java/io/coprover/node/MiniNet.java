package io.coprover.node;

import io.coprover.backend.JavaBackend;
import io.coprover.plonk.Srs;
import io.coprover.protocol.BlockCommitment;
import io.coprover.protocol.BlockHeader;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.Registration;
import io.coprover.protocol.RollupContract;
import io.coprover.protocol.VrfMode;
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
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A hand-driven network for node tests: the rollup contract behind an {@link InProcessContractClient},
 * a {@link SimBus}, one sequencer and an L2 state of depth 1 (base proofs are 2^14 PLONK proofs).
 * Proving keys are made once per JVM.
 */
final class MiniNet implements AutoCloseable {
    static final int DEPTH = 1;
    private static RollupKeys keys;

    final ProtocolParams params = ProtocolParams.defaults()
            .withMode(VrfMode.PRIVATE)
            .withEligiblePerNode(16)
            .withTiming(100, 8);
    final RollupContract contract;
    final InProcessContractClient l1;
    final SimBus bus = new SimBus(1, 1, 0, System.out::println);
    final VrfKeyPair seqKey;
    final GossipTransport seq;
    final StateTree state = StateTree.inMemory(DEPTH);
    final long[] slots = RandomBlock.slots(DEPTH, 2);
    final Random rnd = new Random(5);

    static synchronized RollupKeys keys() {
        if (keys == null)
            keys = new RollupKeys(
                    DEPTH, Srs.generateInsecure(RollupKeys.basePower(DEPTH), new Random(3)), new JavaBackend());
        return keys;
    }

    MiniNet() {
        contract = new RollupContract(params, new TreeVerifier(keys().baseVk(), keys().mergeVk()).asProofVerifier());
        l1 = new InProcessContractClient(contract, 1);
        seqKey = key("seq");
        contract.stakeSequencer(Registration.sequencer(seqKey), params.minSequencerStake());
        seq = bus.endpoint("seq");
        RandomBlock.genesis(state, slots, rnd);
    }

    VrfKeyPair key(String name) {
        return VrfKeyPair.of(params.suite(), Bytes.sha256(("mininet/" + name).getBytes(StandardCharsets.UTF_8)));
    }

    ProverNode.Builder node(String name) {
        return ProverNode.builder()
                .name(name)
                .key(key(name))
                .transport(bus.endpoint(name))
                .contract(l1)
                .keys(keys())
                .autoSubmit(false);
    }

    /** Elects the sequencer, applies {@code txs} random transfers and has the contract accept the block. */
    BlockInputs block(long block, int txs) {
        BlockInputs in = BlockInputs.apply(state, block, RandomBlock.transfers(state, slots, txs, rnd));
        contract.openElection(block, Bytes.sha256(("randao" + block).getBytes(StandardCharsets.UTF_8)));
        contract.bid(
                Bytes.of(seqKey.publicKey()),
                800_000,
                Bytes.of(params.mode().draw(seqKey, contract.electionAlpha()).proof()),
                BlockCommitment.of(header(in)));
        contract.closeElection();
        l1.acceptBlock(header(in));
        l1.publishData(
                block, BlockMessage.encode(in)); // with the block, on L1 (nodes that miss the gossip read it there)
        return in;
    }

    BlockHeader header(BlockInputs in) {
        return new BlockHeader(
                in.block(),
                Bytes.of(seqKey.publicKey()),
                800_000,
                in.shape().txs(),
                BigInteger.valueOf(in.fees()),
                Fr.bytes(in.startRoot()),
                Fr.bytes(in.txCommitment()));
    }

    void publishData(BlockInputs in) {
        seq.publish(GossipTransport.Topic.BLOCK, BlockMessage.encode(in));
    }

    /** One round: L1 and the bus move one step, gossip due is delivered, every node works until idle. */
    void round(List<ProverNode> nodes) throws InterruptedException {
        l1.setHeight(l1.height() + 1);
        bus.setRound(l1.height());
        for (ProverNode n : nodes) n.deferObservations();
        bus.deliver();
        for (ProverNode n : nodes) n.releaseObservations();
        for (ProverNode n : nodes)
            if (!n.awaitIdle(5, TimeUnit.MINUTES)) throw new IllegalStateException(n.name() + " not idle");
    }

    @Override
    public void close() {
        state.close();
    }
}
