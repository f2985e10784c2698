package io.coprover.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.protocol.vrf.VrfKeyPair;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The L1 state machine end to end: election, acceptance, competing roots, finalisation, slashing. */
class RollupContractTest {
    private static final BigInteger AZT = Amounts.ONE_AZT;

    private final ProtocolParams params = ProtocolParams.defaults()
            .withEligiblePerNode(100)
            .withBlockReward(AZT.multiply(BigInteger.TEN))
            .withTiming(7, 4);
    private final RollupContract c = new RollupContract(params, TreeFixture.SNARKS);
    private final List<VrfKeyPair> seqs = new ArrayList<>(), provers = new ArrayList<>();
    private final byte[] randao = new byte[32];

    RollupContractTest() {
        for (int i = 0; i < 3; i++) {
            VrfKeyPair k = TreeFixture.KEY_POOL.get(i);
            seqs.add(k);
            c.stakeSequencer(Registration.sequencer(k), AZT.multiply(BigInteger.valueOf(20_000)));
        }
        for (int i = 3; i < 9; i++) {
            VrfKeyPair k = TreeFixture.KEY_POOL.get(i);
            provers.add(k);
            c.stakeProver(Registration.prover(k, Role.BOTH), params.minProverStake());
        }
        c.fundTreasury(AZT);
        new Random(5).nextBytes(randao);
    }

    /** Runs the election for {@code block}, every sequencer committing to {@code cm}; returns the winner's key. */
    private VrfKeyPair elect(long block, long[] splits, BlockCommitment cm) {
        c.openElection(block, randao);
        for (int i = 0; i < seqs.size(); i++) {
            VrfKeyPair k = seqs.get(i);
            c.bid(Bytes.of(k.publicKey()), splits[i], Bytes.of(k.prove(c.electionAlpha())), cm);
        }
        RollupContract.Bid w = c.closeElection();
        // the winner has the highest u·(1e6 + split)
        Score best = Score.ZERO;
        for (int i = 0; i < seqs.size(); i++) {
            byte[] beta = seqs.get(i).hash(Seeds.sequencerAlpha(randao, block));
            Score s = Score.of(Seeds.u(beta), splits[i]);
            if (s.compareTo(best) > 0) best = s;
        }
        assertEquals(best, w.score());
        return seqs.stream()
                .filter(k -> Bytes.of(k.publicKey()).equals(w.sequencer()))
                .findFirst()
                .orElseThrow();
    }

    private static PublicOutputs out(int from, int to, BigInteger fees) {
        return new PublicOutputs(
                TreeFixture.hash("s", 0, from, 0),
                TreeFixture.hash("s", 0, to, 0),
                TreeFixture.hash("c", 0, from, to),
                fees);
    }

    private static ProofRecord proof(
            BlockDraw d, VrfKeyPair k, NodeId n, long fb, PublicOutputs o, List<List<Bytes>> kids) {
        ProofRecord p = new ProofRecord(
                d.block(), n, Bytes.of(k.publicKey()), Bytes.of(k.prove(d.alpha(n))), fb, o, kids, null);
        return TreeFixture.sign(p.withSnark(TreeFixture.snarkFor(p.id())));
    }

    @Test
    void blockLifecycleWithCompetingRoots() {
        BigInteger before = c.burned();
        BigInteger fees = AZT.multiply(BigInteger.valueOf(3));
        BlockCommitment cm =
                new BlockCommitment(4, fees, TreeFixture.hash("s", 0, 0, 0), TreeFixture.hash("c", 0, 0, 4));
        VrfKeyPair seq = elect(1, new long[] {800_000, 700_000, 900_000}, cm);
        Bytes seqPk = Bytes.of(seq.publicKey());
        long split = new long[] {800_000, 700_000, 900_000}[seqs.indexOf(seq)];
        BlockHeader h = new BlockHeader(
                1, seqPk, split, 4, fees, TreeFixture.hash("s", 0, 0, 0), TreeFixture.hash("c", 0, 0, 4));
        // the winner cannot publish another block than it committed to (fewer fees, other txs)
        IllegalArgumentException notCommitted = assertThrows(
                IllegalArgumentException.class,
                () -> c.acceptBlock(
                        new BlockHeader(1, seqPk, split, 4, BigInteger.ZERO, h.startStateRoot(), h.txCommitment()),
                        10));
        assertTrue(notCommitted.getMessage().contains("committed"), notCommitted.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> c.acceptBlock(
                        new BlockHeader(1, seqPk, split, 4, fees, h.startStateRoot(), TreeFixture.hash("c", 9, 9, 9)),
                        10));
        // another sequencer cannot publish the block; nor can the winner with another split
        Bytes other = Bytes.of(seqs.get((seqs.indexOf(seq) + 1) % 3).publicKey());
        assertThrows(
                IllegalArgumentException.class,
                () -> c.acceptBlock(
                        new BlockHeader(1, other, h.feeSplitPpm(), 4, fees, h.startStateRoot(), h.txCommitment()), 10));
        assertThrows(
                IllegalArgumentException.class,
                () -> c.acceptBlock(
                        new BlockHeader(1, seqPk, h.feeSplitPpm() + 1, 4, fees, h.startStateRoot(), h.txCommitment()),
                        10));
        BlockDraw d = c.acceptBlock(h, 10);
        assertEquals(14, c.deadline(1));
        NodeId g = new NodeId(0, 0), b = new NodeId(0, 1), root = new NodeId(1, 0);
        BigInteger f1 = AZT, f2 = AZT.multiply(BigInteger.TWO);
        List<ProofRecord> gs = new ArrayList<>(), bs = new ArrayList<>();
        for (int i = 0; i < 3; i++) gs.add(proof(d, provers.get(i), g, 100_000 * i, out(0, 2, f1), List.of()));
        for (int i = 0; i < 3; i++) bs.add(proof(d, provers.get(3 + i), b, 0, out(2, 4, f2), List.of()));
        List<Bytes> gIds = gs.stream().map(ProofRecord::id).toList();
        ProofRecord r1 = proof(
                d,
                provers.get(3),
                root,
                0,
                out(0, 4, fees),
                List.of(gIds, List.of(bs.get(0).id())));
        ProofRecord r2 = proof(
                d,
                provers.get(4),
                root,
                1_000_000,
                out(0, 4, fees),
                List.of(gIds, bs.stream().map(ProofRecord::id).toList()));
        List<ProofRecord> all = new ArrayList<>(gs);
        all.addAll(bs);
        all.add(r1);
        all.add(r2);
        Bytes alice = Bytes.of("alice".getBytes()), bob = Bytes.of("bob".getBytes());
        // records judged on their own ahead (a cache: the submissions below are judged the same)
        Map<Bytes, ProofRecord> byId = new HashMap<>();
        for (ProofRecord r : all) byId.put(r.id(), r);
        var ahead = c.prechecker(1);
        all.forEach(r -> ahead.accept(r, byId::get));
        assertThrows(IllegalArgumentException.class, () -> c.prechecker(99));
        RollupContract.Submission s1 =
                c.submitRoot(1, r1.id(), all, alice, 300_000, BigInteger.valueOf(1_000_000_000), 11);
        assertTrue(s1.validation().valid(), s1.validation().reason());
        assertTrue(s1.leading());
        // an invalid root changes nothing
        RollupContract.Submission bad = c.submitRoot(1, gs.get(0).id(), all, bob, 1, BigInteger.ONE, 11);
        assertEquals(Rule.WRONG_NODE, bad.validation().rule());
        RollupContract.Submission s2 =
                c.submitRoot(1, r2.id(), all, bob, 400_000, BigInteger.valueOf(2_000_000_000), 14);
        assertTrue(s2.validation().valid());
        boolean r2Better = s2.validation().score().compareTo(s1.validation().score()) > 0;
        assertEquals(r2Better, s2.leading());
        // past the deadline: refused
        assertThrows(IllegalStateException.class, () -> c.submitRoot(1, r2.id(), all, bob, 1, BigInteger.ONE, 15));
        assertTrue(c.tick(14).isEmpty(), "deadline height itself still accepts roots");
        List<RollupContract.Finalisation> fin = c.tick(15);
        assertThrows(IllegalStateException.class, () -> c.prechecker(1), "a finished block has no validator");
        assertEquals(1, fin.size());
        RollupContract.Finalisation f = fin.get(0);
        assertEquals(RollupContract.Phase.FINALISED, f.phase());
        TreeValidation winner = r2Better ? s2.validation() : s1.validation();
        assertEquals(winner.rootId(), f.winner().rootId());
        RewardSplit split2 = RewardSplit.forTree(params, h, winner);
        assertEquals(split2, f.split());
        assertEquals(split2.sequencer(), c.balance(seqPk));
        BigInteger rebate = params.gasRebate(
                r2Better ? 400_000 : 300_000,
                BigInteger.valueOf(r2Better ? 2_000_000_000 : 1_000_000_000),
                winner.proofCount());
        assertEquals(rebate, f.rebate());
        assertEquals(rebate, c.balance(r2Better ? bob : alice));
        assertEquals(before.add(split2.burned()), c.burned());
        for (RewardSplit.Payout p : split2.payouts())
            assertTrue(c.balance(p.proof().prover()).compareTo(p.reward()) >= 0);
        assertTrue(c.conservationHolds());
        // the sequencer's bond is unlocked again (split ≤ 100%: nothing taken)
        assertEquals(BigInteger.ZERO, c.registry().sequencer(seqPk).locked());
        assertEquals(
                AZT.multiply(BigInteger.valueOf(20_000)),
                c.registry().sequencer(seqPk).bond());
        BigInteger claimed = c.claim(seqPk);
        assertEquals(split2.sequencer(), claimed);
        assertTrue(c.conservationHolds());
    }

    @Test
    void noRootDropsTheBlockAndSlashesNoOne() {
        BlockCommitment cm =
                new BlockCommitment(8, AZT, TreeFixture.hash("s", 1, 0, 0), TreeFixture.hash("c", 1, 0, 0));
        VrfKeyPair seq = elect(2, new long[] {500_000, 500_000, 500_000}, cm);
        Bytes pk = Bytes.of(seq.publicKey());
        c.acceptBlock(
                new BlockHeader(2, pk, 500_000, 8, AZT, TreeFixture.hash("s", 1, 0, 0), TreeFixture.hash("c", 1, 0, 0)),
                100);
        List<RollupContract.Finalisation> fin = c.tick(105);
        assertEquals(RollupContract.Phase.DROPPED, fin.get(0).phase());
        assertEquals(
                BigInteger.ZERO, fin.get(0).slashed(), "the sequencer published its block: the provers failed, not it");
        assertEquals(
                AZT.multiply(BigInteger.valueOf(20_000)),
                c.registry().sequencer(pk).bond());
        assertEquals(BigInteger.ZERO, c.registry().sequencer(pk).locked());
        assertEquals(BigInteger.ZERO, c.burned());
        assertEquals(RollupContract.Phase.DROPPED, c.phase(2));
        assertTrue(c.conservationHolds());
    }

    @Test
    void aWinnerThatDoesNotPublishMissesItsSlotAndIsSlashed() {
        BlockCommitment cm =
                new BlockCommitment(2, AZT, TreeFixture.hash("s", 7, 0, 0), TreeFixture.hash("c", 7, 0, 0));
        VrfKeyPair seq = elect(7, new long[] {500_000, 500_000, 500_000}, cm);
        Bytes pk = Bytes.of(seq.publicKey());
        assertEquals(
                params.sequencerSlash(),
                c.registry().sequencer(pk).locked(),
                "the slash is locked when the election closes");
        // the next election opens without block 7 published
        c.openElection(8, randao);
        List<RollupContract.Finalisation> fin = c.tick(1);
        assertEquals(1, fin.size());
        assertEquals(7, fin.get(0).block());
        assertEquals(RollupContract.Phase.MISSED, fin.get(0).phase());
        assertEquals(params.sequencerSlash(), fin.get(0).slashed());
        assertEquals(
                AZT.multiply(BigInteger.valueOf(20_000)).subtract(params.sequencerSlash()),
                c.registry().sequencer(pk).bond());
        assertEquals(BigInteger.ZERO, c.registry().sequencer(pk).locked());
        assertEquals(params.sequencerSlash(), c.burned());
        assertTrue(c.conservationHolds());
        // and the missed block can no longer be published
        assertThrows(
                IllegalStateException.class,
                () -> c.acceptBlock(
                        new BlockHeader(7, pk, 500_000, 2, AZT, cm.startStateRoot(), cm.txCommitment()), 2));
    }

    @Test
    void feeSplitAboveOneComesFromTheBond() {
        long[] splits = {3_000_000, 3_000_000, 3_000_000};
        BigInteger fees = AZT.multiply(BigInteger.valueOf(5));
        BlockCommitment cm =
                new BlockCommitment(2, fees, TreeFixture.hash("s", 2, 0, 0), TreeFixture.hash("c", 2, 0, 0));
        VrfKeyPair seq = elect(3, splits, cm);
        Bytes pk = Bytes.of(seq.publicKey());
        // pool = 5 + 10 AZT, network = 45 AZT: the excess of 30 AZT is locked with the slash when the election closes
        assertEquals(
                AZT.multiply(BigInteger.valueOf(30)).add(params.sequencerSlash()),
                c.registry().sequencer(pk).locked());
        BlockHeader h = new BlockHeader(
                3, pk, 3_000_000, 2, fees, TreeFixture.hash("s", 2, 0, 0), TreeFixture.hash("c", 2, 0, 0));
        BlockDraw d = c.acceptBlock(h, 0);
        // publishing releases the slash part; the excess stays locked until finalisation
        assertEquals(
                AZT.multiply(BigInteger.valueOf(30)), c.registry().sequencer(pk).locked());
        ProofRecord root = proof(
                d,
                provers.get(0),
                new NodeId(0, 0),
                0,
                new PublicOutputs(h.startStateRoot(), TreeFixture.hash("e", 0, 0, 0), h.txCommitment(), fees),
                List.of());
        assertTrue(c.submitRoot(3, root.id(), List.of(root), pk, 0, BigInteger.ZERO, 1)
                .leading());
        RollupContract.Finalisation f = c.tick(5).get(0);
        assertEquals(AZT.multiply(BigInteger.valueOf(30)), f.split().fromBond());
        assertEquals(BigInteger.ZERO, f.split().sequencer());
        assertEquals(
                AZT.multiply(BigInteger.valueOf(20_000 - 30)),
                c.registry().sequencer(pk).bond());
        assertEquals(BigInteger.ZERO, c.registry().sequencer(pk).locked());
        assertTrue(c.conservationHolds());
    }

    @Test
    void stakesAndBadInput() {
        Bytes p = Bytes.of(provers.get(0).publicKey());
        c.registry().requestProverExit(p, 50);
        assertEquals(7, c.registry().prover(p).unlockAt() - 50);
        assertThrows(IllegalStateException.class, () -> c.withdrawProver(p, 56));
        assertEquals(params.minProverStake(), c.withdrawProver(p, 57));
        assertThrows(IllegalArgumentException.class, () -> c.registry().prover(p));
        assertTrue(c.conservationHolds());
        // below minimum stake, twice registered, key off the curve
        Bytes fresh = Bytes.of(TreeFixture.KEY_POOL.get(30).publicKey());
        Registration freshReg = Registration.prover(TreeFixture.KEY_POOL.get(30), Role.BASE);
        assertThrows(IllegalArgumentException.class, () -> c.stakeProver(freshReg, BigInteger.ONE));
        assertThrows(
                IllegalStateException.class,
                () -> c.stakeProver(Registration.prover(provers.get(1), Role.BASE), params.minProverStake()));
        byte[] off = new byte[33];
        off[0] = 2;
        off[32] = 1;
        Registration offCurve = new Registration(
                Bytes.of(off), freshReg.signingKey(), Role.BASE, freshReg.vrfProof(), freshReg.signature());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> c.stakeProver(offCurve, params.minProverStake()));
        assertTrue(e.getMessage().contains("not a point"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.stakeProver(freshReg, BigInteger.valueOf(-1)));
        // an unknown sequencer, a bad VRF proof, a split beyond the maximum, a bid without a block, a split the bond
        // cannot pay
        c.openElection(9, randao);
        BlockCommitment cm =
                new BlockCommitment(2, AZT, TreeFixture.hash("s", 9, 0, 0), TreeFixture.hash("c", 9, 0, 0));
        e = assertThrows(IllegalArgumentException.class, () -> c.bid(fresh, 0, Bytes.of(new byte[81]), cm));
        assertTrue(e.getMessage().contains("not an active sequencer"), e.getMessage());
        Bytes s0 = Bytes.of(seqs.get(0).publicKey());
        e = assertThrows(IllegalArgumentException.class, () -> c.bid(s0, 0, Bytes.of(new byte[81]), cm));
        assertTrue(e.getMessage().startsWith("sequencer VRF"), e.getMessage());
        Bytes pi = Bytes.of(seqs.get(0).prove(c.electionAlpha()));
        assertThrows(IllegalArgumentException.class, () -> c.bid(s0, params.maxFeeSplitPpm() + 1, pi, cm));
        assertThrows(IllegalArgumentException.class, () -> c.bid(s0, 0, pi, null));
        BlockCommitment rich =
                new BlockCommitment(2, AZT.multiply(BigInteger.valueOf(1000)), cm.startStateRoot(), cm.txCommitment());
        e = assertThrows(IllegalArgumentException.class, () -> c.bid(s0, params.maxFeeSplitPpm(), pi, rich));
        assertTrue(e.getMessage().contains("cannot cover"), e.getMessage());
        assertNull(c.closeElection());
        assertFalse(c.balances().containsKey(s0));
    }

    @Test
    void electionTieGoesToTheLowerKeyHash() {
        Bytes k1 = Bytes.of(new byte[] {1}), k2 = Bytes.of(new byte[] {2});
        Bytes lo = k1.hash().compareTo(k2.hash()) < 0 ? k1 : k2, hi = lo == k1 ? k2 : k1;
        RollupContract.Bid a = new RollupContract.Bid(lo, 0, null, new byte[32], Score.of(5, 0), null);
        RollupContract.Bid b = new RollupContract.Bid(hi, 0, null, new byte[32], Score.of(5, 0), null);
        assertTrue(RollupContract.beats(a, b));
        assertFalse(RollupContract.beats(b, a));
        RollupContract.Bid c2 = new RollupContract.Bid(hi, 0, null, new byte[32], Score.of(6, 0), null);
        assertTrue(RollupContract.beats(c2, a));
    }
}
