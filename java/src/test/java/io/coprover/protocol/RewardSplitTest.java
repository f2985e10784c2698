package io.coprover.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RewardSplitTest {
    private static final BigInteger AZT = Amounts.ONE_AZT;

    /** The proposal's example: 1000 AZT, 32 txs, FEE_SPLIT 80%, FEE_BURN 40%. */
    @Test
    void proposalRewardExample() {
        TreeShape shape = TreeShape.forTxs(32);
        assertEquals(31, shape.numNodes());
        RewardSplit s = RewardSplit.uniform(
                AZT.multiply(BigInteger.valueOf(1000)), BigInteger.ZERO, 800_000, 100 * Ppm.ONE, shape, 3, 400_000);
        assertEquals("800.000000000000000000", Amounts.formatAzt(s.network()));
        assertEquals("200.000000000000000000", Amounts.formatAzt(s.sequencer()));
        assertEquals(93, s.slots());
        assertEquals("8.602150537634408602", Amounts.formatAzt(s.share()));
        assertEquals(
                "5.161290322580645161", Amounts.formatAzt(s.payouts().get(0).reward()));
        assertEquals(new BigInteger("8602150537634408602"), s.share());
        assertEquals(91, s.payouts().size()); // 30 nodes × 3 + the root's 1
        assertTrue(s.conserved());
        // missing slots: the root's 2
        assertEquals(s.share().multiply(BigInteger.TWO), s.burnedMissing());
        // dust: 800e18 − 93·share
        assertEquals(
                AZT.multiply(BigInteger.valueOf(800)).subtract(s.share().multiply(BigInteger.valueOf(93))), s.dust());
    }

    /** Same numbers through the parsers the CLI uses. */
    @Test
    void proposalExampleFromText() {
        RewardSplit s = RewardSplit.uniform(
                Amounts.parse("1000", "fees"),
                Amounts.parse("0units", "reward"),
                Ppm.parse("80%", "split"),
                100 * Ppm.ONE,
                TreeShape.forTxs(32),
                3,
                Ppm.parse("400000ppm", "burn"));
        assertEquals(
                "5.161290322580645161", Amounts.formatAzt(s.payouts().get(0).reward()));
    }

    @Test
    void feeSplitAboveOneIsPaidFromTheBond() {
        // MEV forwarding: split 6 (600%) of 10 AZT fees → 60 AZT to provers, 50 from the bond
        RewardSplit s = RewardSplit.uniform(
                AZT.multiply(BigInteger.TEN), BigInteger.ZERO, 6 * Ppm.ONE, 100 * Ppm.ONE, TreeShape.forTxs(4), 3, 0);
        assertEquals(AZT.multiply(BigInteger.valueOf(60)), s.network());
        assertEquals(AZT.multiply(BigInteger.valueOf(50)), s.fromBond());
        assertEquals(BigInteger.ZERO, s.sequencer());
        assertTrue(s.conserved());
    }

    @Test
    void valueIsConservedToTheUnit() {
        long seed = new Random().nextLong();
        System.out.println("RewardSplitTest seed " + seed);
        Random r = new Random(seed);
        for (int t = 0; t < 5000; t++) {
            BigInteger fees = new BigInteger(1 + r.nextInt(100), r);
            BigInteger reward = r.nextBoolean() ? BigInteger.ZERO : new BigInteger(1 + r.nextInt(90), r);
            long split = r.nextInt(4) == 0 ? r.nextInt(10 * 1_000_000) : r.nextInt(1_000_001);
            TreeShape shape = TreeShape.forTxs(r.nextInt(300));
            List<RewardSplit.Included> inc = new ArrayList<>();
            for (NodeId n : shape.nodes()) {
                int k = n.equals(shape.root()) ? 1 : r.nextInt(4);
                for (int i = 0; i < k; i++) {
                    inc.add(new RewardSplit.Included(
                            Bytes.of(new byte[32]), Bytes.of(new byte[] {(byte) i}), n, r.nextInt(1_000_001)));
                }
            }
            RewardSplit s = RewardSplit.compute(fees, reward, split, 100 * Ppm.ONE, shape.numNodes(), 3, inc);
            assertTrue(s.conserved(), "seed " + seed + " case " + t);
            assertEquals(
                    s.sequencer().add(s.totalRewards()).add(s.burned()),
                    fees.add(reward).add(s.fromBond()));
            assertTrue(s.dust().compareTo(BigInteger.valueOf(s.slots() + 1)) < 0, "dust below slots + 1 units");
            for (RewardSplit.Payout p : s.payouts()) {
                assertEquals(s.share(), p.reward().add(p.burned()));
                assertTrue(p.reward().signum() >= 0 && p.burned().signum() >= 0);
            }
        }
    }

    @Test
    void badInputs() {
        TreeShape shape = TreeShape.forTxs(4);
        List<RewardSplit.Included> none = List.of();
        assertThrows(
                IllegalArgumentException.class,
                () -> RewardSplit.compute(BigInteger.valueOf(-1), BigInteger.ZERO, 0, Ppm.ONE, 3, 3, none));
        assertThrows(
                IllegalArgumentException.class,
                () -> RewardSplit.compute(Amounts.MAX, BigInteger.ONE, 0, Ppm.ONE, 3, 3, none));
        assertThrows(
                IllegalArgumentException.class,
                () -> RewardSplit.compute(BigInteger.ONE, BigInteger.ZERO, 2 * Ppm.ONE, Ppm.ONE, 3, 3, none));
        assertThrows(
                IllegalArgumentException.class,
                () -> RewardSplit.compute(BigInteger.ONE, BigInteger.ZERO, -1, Ppm.ONE, 3, 3, none));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> RewardSplit.uniform(BigInteger.ONE, BigInteger.ZERO, 0, Ppm.ONE, shape, 3, 1_000_001));
        assertTrue(e.getMessage().contains("FEE_BURN"), e.getMessage());
        List<RewardSplit.Included> tooMany = new ArrayList<>();
        for (int i = 0; i < 10; i++)
            tooMany.add(new RewardSplit.Included(Bytes.of(new byte[32]), Bytes.of(new byte[1]), new NodeId(0, 0), 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> RewardSplit.compute(BigInteger.ONE, BigInteger.ZERO, 0, Ppm.ONE, 3, 3, tooMany));
    }

    /** Proofs sharing a FEE_BURN are each paid by the formula; a node holds PROOFS_PER_NODE, a prover one payout per node. */
    @Test
    void payoutsPerProofAndPerNodeLimits() {
        TreeShape shape = TreeShape.forTxs(8);
        List<RewardSplit.Included> inc = new ArrayList<>();
        long[] burns = {0, 250_000, 0, 1_000_000, 250_000, 0};
        for (int i = 0; i < burns.length; i++) {
            inc.add(new RewardSplit.Included(
                    Bytes.of(new byte[32]), Bytes.of(new byte[] {(byte) i}), new NodeId(0, i % 4), burns[i]));
        }
        BigInteger fees = BigInteger.valueOf(987_654_321_987L);
        RewardSplit s = RewardSplit.compute(fees, BigInteger.valueOf(55), 600_000, Ppm.ONE, 7, 3, inc);
        assertTrue(s.conserved());
        BigInteger burnt = BigInteger.ZERO;
        for (int i = 0; i < burns.length; i++) {
            RewardSplit.Payout p = s.payouts().get(i);
            assertEquals(inc.get(i), p.proof());
            BigInteger want =
                    s.share().multiply(BigInteger.valueOf(Ppm.ONE - burns[i])).divide(BigInteger.valueOf(Ppm.ONE));
            assertEquals(want, p.reward());
            assertEquals(s.share().subtract(want), p.burned());
            burnt = burnt.add(p.burned());
        }
        assertEquals(burnt, s.burnedByFeeBurn());

        List<RewardSplit.Included> twice = new ArrayList<>(inc);
        twice.add(new RewardSplit.Included(Bytes.of(new byte[32]), Bytes.of(new byte[] {1}), new NodeId(0, 1), 7));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> RewardSplit.compute(fees, BigInteger.ONE, 0, Ppm.ONE, 7, 3, twice));
        assertEquals("prover 01 is paid twice at node (0,1)", e.getMessage());
        List<RewardSplit.Included> four = new ArrayList<>(inc);
        for (int i = 0; i < 2; i++)
            four.add(new RewardSplit.Included(
                    Bytes.of(new byte[32]), Bytes.of(new byte[] {(byte) (9 + i)}), new NodeId(0, 0), 0));
        e = assertThrows(
                IllegalArgumentException.class,
                () -> RewardSplit.compute(fees, BigInteger.ONE, 0, Ppm.ONE, 7, 3, four));
        assertEquals("more than 3 proofs at node (0,0)", e.getMessage());
        List<RewardSplit.Included> greedy =
                List.of(new RewardSplit.Included(Bytes.of(new byte[32]), Bytes.of(new byte[1]), new NodeId(0, 0), -1));
        e = assertThrows(
                IllegalArgumentException.class,
                () -> RewardSplit.compute(fees, BigInteger.ONE, 0, Ppm.ONE, 7, 3, greedy));
        assertTrue(e.getMessage().startsWith("FEE_BURN of proof "), e.getMessage());
    }
}
