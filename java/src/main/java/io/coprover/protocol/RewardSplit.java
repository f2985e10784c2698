package io.coprover.protocol;

import io.coprover.protocol.TreeValidation.ScoredProof;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a finalised block's value is divided (PROTOCOL §6), in exact integer units:
 * <pre>
 * pool      = TOTAL_TX_FEES + BLOCK_REWARD
 * network   = floor(pool · FEE_SPLIT / 10^6)                       (may exceed pool when FEE_SPLIT &gt; 100%)
 * sequencer = floor(pool · (10^6 − FEE_SPLIT) / 10^6), 0 when FEE_SPLIT ≥ 100%
 * fromBond  = max(0, network − pool)                               (paid by the sequencer's bond)
 * slots     = NUM_NODES · PROOFS_PER_NODE
 * share     = floor(network / slots)
 * reward(P) = floor(share · (10^6 − FEE_BURN(P)) / 10^6);  burn(P) = share − reward(P)
 * missing   = share · (slots − proofs in the tree)                 (the root's 2 empty slots included)
 * dust      = (pool + fromBond − sequencer − network) + (network − share · slots)
 * </pre>
 * Everything not paid is burned, so {@code sequencer + Σ reward + Σ burn + missing + dust ==
 * pool + fromBond} exactly ({@link #conserved()}).
 */
public record RewardSplit(
        BigInteger pool,
        long feeSplitPpm,
        BigInteger network,
        BigInteger sequencer,
        BigInteger fromBond,
        BigInteger share,
        int slots,
        List<Payout> payouts,
        BigInteger burnedByFeeBurn,
        BigInteger burnedMissing,
        BigInteger dust) {

    /** An included proof for the split: who proved which node, with what FEE_BURN. */
    public record Included(Bytes proofId, Bytes prover, NodeId node, long feeBurnPpm) {}

    /** What one included proof earns and burns. */
    public record Payout(Included proof, BigInteger reward, BigInteger burned) {}

    private static final BigInteger MILLION = BigInteger.valueOf(Ppm.ONE);
    /** The placeholder prover of {@link #uniform}'s model tree (its slots have no real provers). */
    private static final Bytes NO_PROVER = Bytes.of(new byte[32]);

    /**
     * The split for {@code included} proofs of a tree with {@code numNodes} nodes.
     *
     * @throws IllegalArgumentException for negative or overflowing amounts, FEE_SPLIT outside
     *     [0, maxFeeSplitPpm], FEE_BURN outside [0, 100%], more proofs than slots, more than
     *     PROOFS_PER_NODE proofs at one node, or two payouts to one prover at one node
     */
    public static RewardSplit compute(
            BigInteger totalFees,
            BigInteger blockReward,
            long feeSplitPpm,
            long maxFeeSplitPpm,
            int numNodes,
            int proofsPerNode,
            List<Included> included) {
        Amounts.check(totalFees, "total fees");
        Amounts.check(blockReward, "block reward");
        Ppm.check(feeSplitPpm, maxFeeSplitPpm, "FEE_SPLIT");
        if (numNodes < 1 || proofsPerNode < 1)
            throw new IllegalArgumentException("numNodes and proofsPerNode must be positive");
        BigInteger pool = Amounts.check(totalFees.add(blockReward), "total fees + block reward");
        int slots = Math.multiplyExact(numNodes, proofsPerNode);
        if (included.size() > slots)
            throw new IllegalArgumentException(included.size() + " proofs for " + slots + " slots");
        // proofs per node, and the provers paid at each (in the order given)
        Map<NodeId, Included[]> atNode = new HashMap<>(included.size() * 4 / 3 + 1);
        for (Included p : included) {
            Included[] here = atNode.get(p.node());
            if (here == null) atNode.put(p.node(), here = new Included[proofsPerNode]);
            int n = 0;
            while (n < proofsPerNode && here[n] != null) n++;
            if (n == proofsPerNode) {
                throw new IllegalArgumentException("more than " + proofsPerNode + " proofs at node " + p.node());
            }
            if (!p.prover().equals(NO_PROVER)) {
                for (int i = 0; i < n; i++) {
                    if (here[i].prover().equals(p.prover()))
                        throw new IllegalArgumentException(
                                "prover " + p.prover().shortHex(16) + " is paid twice at node " + p.node());
                }
            }
            here[n] = p;
        }
        BigInteger network = pool.multiply(BigInteger.valueOf(feeSplitPpm)).divide(MILLION);
        Amounts.check(network, "prover network reward");
        BigInteger sequencer = feeSplitPpm >= Ppm.ONE
                ? BigInteger.ZERO
                : pool.multiply(BigInteger.valueOf(Ppm.ONE - feeSplitPpm)).divide(MILLION);
        BigInteger fromBond = network.subtract(pool).max(BigInteger.ZERO);
        BigInteger share = network.divide(BigInteger.valueOf(slots));
        List<Payout> payouts = new ArrayList<>(included.size());
        BigInteger burnFb = BigInteger.ZERO;
        // a tree's proofs bid few distinct FEE_BURNs: each one's reward and burn is worked out once
        Map<Long, BigInteger[]> byBurn = new HashMap<>();
        for (Included p : included) {
            long fb = p.feeBurnPpm();
            if (fb < 0 || fb > Ppm.ONE)
                Ppm.check(fb, Ppm.ONE, "FEE_BURN of proof " + p.proofId().shortHex(12));
            BigInteger[] rb = byBurn.get(fb);
            if (rb == null) {
                BigInteger reward =
                        share.multiply(BigInteger.valueOf(Ppm.ONE - fb)).divide(MILLION);
                byBurn.put(fb, rb = new BigInteger[] {reward, share.subtract(reward)});
            }
            if (rb[1].signum() != 0) burnFb = burnFb.add(rb[1]);
            payouts.add(new Payout(p, rb[0], rb[1]));
        }
        BigInteger missing = share.multiply(BigInteger.valueOf(slots - included.size()));
        BigInteger dust = pool.add(fromBond)
                .subtract(sequencer)
                .subtract(network)
                .add(network.subtract(share.multiply(BigInteger.valueOf(slots))));
        return new RewardSplit(
                pool,
                feeSplitPpm,
                network,
                sequencer,
                fromBond,
                share,
                slots,
                List.copyOf(payouts),
                burnFb,
                missing,
                dust);
    }

    /** The split of a validated winning tree of {@code header}'s block. */
    public static RewardSplit forTree(ProtocolParams params, BlockHeader header, TreeValidation tree) {
        if (!tree.valid()) throw new IllegalArgumentException("cannot pay an invalid tree: " + tree.reason());
        List<Included> inc = new ArrayList<>(tree.byNode().size() * 3);
        for (List<ScoredProof> l : tree.byNode().values()) {
            for (ScoredProof s : l) {
                ProofRecord p = s.proof();
                inc.add(new Included(p.id(), p.prover(), p.node(), p.feeBurnPpm()));
            }
        }
        return compute(
                header.totalFees(),
                params.blockReward(),
                header.feeSplitPpm(),
                params.maxFeeSplitPpm(),
                header.shape().numNodes(),
                params.proofsPerNode(),
                inc);
    }

    /**
     * The split of a full tree in which every proof bids the same FEE_BURN: every slot filled
     * except the root's (PROOFS_PER_NODE − 1), as in the proposal's example.
     */
    public static RewardSplit uniform(
            BigInteger totalFees,
            BigInteger blockReward,
            long feeSplitPpm,
            long maxFeeSplitPpm,
            TreeShape shape,
            int proofsPerNode,
            long feeBurnPpm) {
        List<Included> inc = new ArrayList<>();
        for (NodeId n : shape.nodes()) {
            int k = n.equals(shape.root()) ? 1 : proofsPerNode;
            for (int i = 0; i < k; i++) inc.add(new Included(NO_PROVER, NO_PROVER, n, feeBurnPpm));
        }
        return compute(totalFees, blockReward, feeSplitPpm, maxFeeSplitPpm, shape.numNodes(), proofsPerNode, inc);
    }

    public BigInteger totalRewards() {
        return payouts.stream().map(Payout::reward).reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** Everything burned: FEE_BURN shares, missing slots and dust. */
    public BigInteger burned() {
        return burnedByFeeBurn.add(burnedMissing).add(dust);
    }

    /** sequencer + rewards + burned == pool + fromBond. */
    public boolean conserved() {
        return sequencer.add(totalRewards()).add(burned()).equals(pool.add(fromBond)) && dust.signum() >= 0;
    }
}
