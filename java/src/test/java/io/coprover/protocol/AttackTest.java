package io.coprover.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.protocol.vrf.VrfKeyPair;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The protocol against an adversary (docs/PROTOCOL.md "Threat model"): one test per attack. Each
 * shows the attack now fails, or, where the proposal accepts the behaviour, measures what it costs
 * whom. Value is conserved throughout.
 */
class AttackTest {
    private static final BigInteger AZT = Amounts.ONE_AZT;

    // ---- 1. forged bids ------------------------------------------------------------------------

    /** Anyone with the witness can compute a SNARK in a victim's name with FEE_BURN 100 %: the record is not the victim's, so it does not count. */
    @Test
    void aProofForgedInAnotherProversNameIsRejectedInBothModes() {
        for (VrfMode mode : VrfMode.values()) {
            TreeFixture f = new TreeFixture(7, 4, Collections.nCopies(6, Role.BOTH), mode, 6);
            ProofRecord root = f.proofs.get(f.shape.root()).get(0);
            assertTrue(f.validator.validate(root.id(), f.pool).valid());
            Bytes baseId = root.children().get(0).get(0);
            ProofRecord victim = f.pool.get(baseId);
            // same node, same prover, its (deterministic, public) VRF proof, FEE_BURN 100 %: a valid SNARK for it
            // exists
            ProofRecord forged = new ProofRecord(
                    victim.block(),
                    victim.node(),
                    victim.prover(),
                    victim.vrfProof(),
                    Ppm.ONE,
                    victim.outputs(),
                    victim.children(),
                    null);
            forged = forged.withSnark(TreeFixture.snarkFor(forged.id()));
            SigningKey attacker = SigningKey.generate(new SecureRandom());
            for (ProofRecord attempt : List.of(forged, forged.signedBy(attacker))) {
                Map<Bytes, ProofRecord> pool = new LinkedHashMap<>(f.pool);
                Bytes forgedRoot = TreeFixture.replace(pool, root.id(), baseId, attempt);
                TreeValidation v = f.validator.validate(forgedRoot, pool);
                assertFalse(v.valid(), mode + ": a forged record must not count");
                // every ancestor was rebuilt by its honest prover; the first failure is the forged base record
                assertEquals(Rule.SIGNATURE_INVALID, v.rule(), v.reason());
            }
        }
    }

    /** Registering a victim's VRF key (with one's own signing key, or a copied registration with another role) fails. */
    @Test
    void aVictimsKeyCannotBeRegisteredByAnother() {
        ProtocolParams params = ProtocolParams.defaults();
        RollupContract c = new RollupContract(params, TreeFixture.SNARKS);
        VrfKeyPair victim = TreeFixture.KEY_POOL.get(40);
        Registration real = Registration.prover(victim, Role.BASE);
        SigningKey mine = SigningKey.generate(new SecureRandom());
        // the attacker's own signing key, signing the message that names the victim's key: the VRF proof of possession
        // fails
        Registration hijack =
                new Registration(real.pk(), mine.publicKey(), Role.BASE, real.vrfProof(), Bytes.of(new byte[64]));
        Registration signed = new Registration(
                real.pk(), mine.publicKey(), Role.BASE, real.vrfProof(), Bytes.of(mine.sign(hijack.message())));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> c.stakeProver(signed, params.minProverStake()));
        assertTrue(e.getMessage().contains("proof of possession"), e.getMessage());
        // the victim's own registration replayed under another role: both proofs cover the role
        Registration otherRole =
                new Registration(real.pk(), real.signingKey(), Role.MERGE, real.vrfProof(), real.signature());
        e = assertThrows(IllegalArgumentException.class, () -> c.stakeProver(otherRole, params.minProverStake()));
        assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.registry().prover(real.pk()));
        c.stakeProver(real, params.minProverStake());
        assertEquals(real.signingKey(), c.registry().prover(real.pk()).signingKey());
    }

    // ---- 2. key grinding -----------------------------------------------------------------------

    /**
     * After the RANDAO is known, grind keys, keep the ones that rank first and register them: the
     * block is drawn and validated with the registry frozen an epoch before, which holds none of
     * them.
     */
    @Test
    void keysGroundAfterTheRandomnessIsKnownAreNotInTheBlocksRegistry() {
        ProtocolParams params =
                ProtocolParams.defaults().withMode(VrfMode.PUBLIC).withEligiblePerNode(2).withTiming(40, 4).toBuilder()
                        .epochLength(8)
                        .build();
        RollupContract c = new RollupContract(params, TreeFixture.SNARKS);
        VrfKeyPair seq = TreeFixture.KEY_POOL.get(0);
        c.stakeSequencer(Registration.sequencer(seq), AZT.multiply(BigInteger.valueOf(100_000)));
        for (int i = 1; i < 9; i++)
            c.stakeProver(Registration.prover(TreeFixture.KEY_POOL.get(i), Role.BOTH), params.minProverStake());
        c.fundTreasury(AZT);
        // a first block makes the contract leave genesis
        runEmptyBlock(c, seq, 1, 0);
        c.advanceTo(20);
        byte[] randao = Bytes.sha256("attack/randao".getBytes());
        c.openElection(2, randao);
        // the randomness is public now: grind 300 keys and register the one that ranks best at the only node of a 2-tx
        // block
        BlockCommitment cm =
                new BlockCommitment(2, AZT, TreeFixture.hash("s", 2, 0, 0), TreeFixture.hash("c", 2, 0, 0));
        RollupContract.Bid w = c.bid(Bytes.of(seq.publicKey()), 500_000, null, cm);
        SecureRandom g = new SecureRandom();
        BlockDraw predicted = new BlockDraw(params, randao, w.beta(), 2, TreeShape.forTxs(2));
        long bestU = 0;
        VrfKeyPair bestKey = null;
        for (int i = 0; i < 300; i++) {
            VrfKeyPair k = VrfKeyPair.generate(params.suite(), g);
            long u = Seeds.u(VrfMode.publicBeta(k.publicKey(), predicted.alpha(new NodeId(0, 0))));
            if (Long.compareUnsigned(u, bestU) > 0) {
                bestU = u;
                bestKey = k;
            }
        }
        c.stakeProver(Registration.prover(bestKey, Role.BOTH), params.minProverStake());
        c.closeElection();
        c.acceptBlock(
                new BlockHeader(2, Bytes.of(seq.publicKey()), 500_000, 2, AZT, cm.startStateRoot(), cm.txCommitment()),
                21);
        RegistrySnapshot used = c.snapshot(2);
        assertNotNull(
                used.whyNotStaked(Bytes.of(bestKey.publicKey()), Role.BASE),
                "a key registered after the randomness is not in the block's registry");
        assertEquals(8, used.count(Role.BASE));
        // its proof of the node it would have won is refused
        ProofRecord p = new ProofRecord(
                2,
                new NodeId(0, 0),
                Bytes.of(bestKey.publicKey()),
                null,
                0,
                new PublicOutputs(cm.startStateRoot(), TreeFixture.hash("e", 0, 0, 0), cm.txCommitment(), AZT),
                List.of(),
                null);
        p = p.withSnark(TreeFixture.snarkFor(p.id())).signedBy(SigningKey.derivedFrom(bestKey));
        ProofRecord fp = p;
        TreeValidation v = c.submitRoot(2, p.id(), List.of(p), Bytes.of(new byte[] {1}), 0, BigInteger.ZERO, 21)
                .validation();
        assertEquals(Rule.NOT_STAKED, v.rule(), v.reason());
        // the key counts from the registry frozen after it registered: for randomness revealed LOOKAHEAD epochs later
        long later = (params.epochOf(21) + params.registryLookahead() + 1) * params.epochLength();
        c.advanceTo(later);
        assertEquals(null, c.registryFor(later).whyNotStaked(fp.prover(), Role.BASE));
        assertTrue(c.conservationHolds());
    }

    private static void runEmptyBlock(RollupContract c, VrfKeyPair seq, long block, long height) {
        BlockCommitment cm = new BlockCommitment(
                0, BigInteger.ZERO, TreeFixture.hash("s", block, 9, 9), TreeFixture.hash("c", block, 9, 9));
        c.openElection(block, Bytes.sha256(("randao" + block).getBytes()));
        c.bid(Bytes.of(seq.publicKey()), 0, null, cm);
        c.closeElection();
        c.acceptBlock(
                new BlockHeader(
                        block,
                        Bytes.of(seq.publicKey()),
                        0,
                        0,
                        BigInteger.ZERO,
                        cm.startStateRoot(),
                        cm.txCommitment()),
                height);
    }

    // ---- 3. honest trees that were invalid -----------------------------------------------------

    /** X includes A, B, C and Y includes A, B, D of the same grandchild: the best two child proofs together overfill it. */
    @Test
    void assemblyNeverIncludesTwoChildProofsThatOverfillAGrandchild() {
        TreeFixture f = new TreeFixture(11, 8, Collections.nCopies(8, Role.BOTH), VrfMode.PUBLIC, 8);
        NodeId mid = new NodeId(1, 0), g = new NodeId(0, 0), g2 = new NodeId(0, 1);
        List<ProofRecord> gs = f.proofs.get(g), g2s = f.proofs.get(g2);
        assertTrue(gs.size() >= 4);
        List<Bytes> abc = List.of(gs.get(0).id(), gs.get(1).id(), gs.get(2).id()),
                abd = List.of(gs.get(0).id(), gs.get(1).id(), gs.get(3).id());
        List<Bytes> right = List.of(g2s.get(0).id());
        List<Ranking.Entry> mids = f.ranks.get(mid);
        ProofRecord x = f.make(mid, mids.get(0).pk(), 0, List.of(abc, right));
        ProofRecord y = f.make(mid, mids.get(1).pk(), 0, List.of(abd, right));
        Map<Bytes, ProofRecord> pool = new LinkedHashMap<>(f.pool);
        pool.put(x.id(), x);
        pool.put(y.id(), y);
        TreeAssembler a = new TreeAssembler(
                3,
                pool::get,
                p -> Score.of(
                        Seeds.u(VrfMode.publicBeta(p.prover().toArray(), f.draw.alpha(p.node()))), p.feeBurnPpm()));
        List<ProofRecord> chosen = a.choose(List.of(x, y));
        assertEquals(1, chosen.size(), "X and Y together put 4 proofs at node " + g);
        // and the root including both is what TreeValidator rejects
        NodeId root = f.shape.root();
        ProofRecord bad = f.make(
                root,
                f.ranks.get(root).get(0).pk(),
                0,
                List.of(
                        List.of(x.id(), y.id()),
                        List.of(f.proofs.get(root.right()).get(0).id())));
        pool.put(bad.id(), bad);
        assertEquals(Rule.NODE_OVERFULL, f.validator.validate(bad.id(), pool).rule());
        ProofRecord good = f.make(
                root,
                f.ranks.get(root).get(0).pk(),
                0,
                List.of(
                        List.of(chosen.get(0).id()),
                        List.of(f.proofs.get(root.right()).get(0).id())));
        pool.put(good.id(), good);
        assertTrue(f.validator.validate(good.id(), pool).valid());
    }

    // ---- 4. FEE_SPLIT bound to nothing ----------------------------------------------------------

    /** Bid 10000 % on one block, then publish another with no fees: the contract takes only the committed block, and not publishing is slashed. */
    @Test
    void aBidCommitsToItsBlockAndItsFees() {
        ProtocolParams params = ProtocolParams.defaults().withMode(VrfMode.PUBLIC);
        RollupContract c = new RollupContract(params, TreeFixture.SNARKS);
        VrfKeyPair mev = TreeFixture.KEY_POOL.get(0), honest = TreeFixture.KEY_POOL.get(1);
        c.stakeSequencer(Registration.sequencer(mev), AZT.multiply(BigInteger.valueOf(1_000_000)));
        c.stakeSequencer(Registration.sequencer(honest), AZT.multiply(BigInteger.valueOf(1_000_000)));
        BigInteger fees = AZT.multiply(BigInteger.TEN);
        BlockCommitment cm =
                new BlockCommitment(4, fees, TreeFixture.hash("s", 1, 0, 0), TreeFixture.hash("c", 1, 0, 0));
        c.openElection(1, Bytes.sha256("r".getBytes()));
        c.bid(Bytes.of(mev.publicKey()), 100 * Ppm.ONE, null, cm);
        c.bid(Bytes.of(honest.publicKey()), Ppm.ONE, null, cm);
        RollupContract.Bid w = c.closeElection();
        Bytes wpk = w.sequencer();
        // the 10000 % winner cannot swap in a 0-fee block
        BlockHeader empty =
                new BlockHeader(1, wpk, w.feeSplitPpm(), 4, BigInteger.ZERO, cm.startStateRoot(), cm.txCommitment());
        assertThrows(IllegalArgumentException.class, () -> c.acceptBlock(empty, 1));
        if (w.feeSplitPpm() > Ppm.ONE) {
            // what the 10000 % bid costs its bidder: 99 × the committed pool, locked from its bond at the close
            assertEquals(
                    fees.multiply(BigInteger.valueOf(99)).add(params.sequencerSlash()),
                    c.registry().sequencer(wpk).locked());
        }
        // winning and not publishing: the slot is missed at the next election and the slash taken
        BigInteger bondBefore = c.registry().sequencer(wpk).bond();
        c.openElection(2, Bytes.sha256("r2".getBytes()));
        assertEquals(RollupContract.Phase.MISSED, c.tick(1).get(0).phase());
        assertEquals(
                bondBefore.subtract(params.sequencerSlash()),
                c.registry().sequencer(wpk).bond());
        assertTrue(c.conservationHolds());
    }

    // ---- 5. unprovable blocks -------------------------------------------------------------------

    /** A node no one is eligible for at E: in a later round eligibility widens, a wider prover's tree is valid, and the block finalises. */
    @Test
    void aNodeWithNoEligibleProverIsProvenOnceEligibilityWidens() {
        ProtocolParams params =
                ProtocolParams.defaults().withMode(VrfMode.PUBLIC).withEligiblePerNode(1).withTiming(40, 8).toBuilder()
                        .epochLength(4)
                        .eligibilityRound(2)
                        .build();
        List<VrfKeyPair> provers = TreeFixture.KEY_POOL.subList(1, 21);
        // find a block whose base node has no eligible prover at E = 1 of 20
        for (long block = 1; block < 200; block++) {
            RollupContract c = new RollupContract(params, TreeFixture.SNARKS);
            VrfKeyPair seq = TreeFixture.KEY_POOL.get(0);
            c.stakeSequencer(Registration.sequencer(seq), AZT.multiply(BigInteger.valueOf(100_000)));
            for (VrfKeyPair k : provers) c.stakeProver(Registration.prover(k, Role.BOTH), params.minProverStake());
            BlockCommitment cm =
                    new BlockCommitment(2, AZT, TreeFixture.hash("s", block, 0, 0), TreeFixture.hash("c", block, 0, 0));
            c.openElection(block, Bytes.sha256(("liveness" + block).getBytes()));
            c.bid(Bytes.of(seq.publicKey()), 500_000, null, cm);
            c.closeElection();
            BlockHeader h = new BlockHeader(
                    block, Bytes.of(seq.publicKey()), 500_000, 2, AZT, cm.startStateRoot(), cm.txCommitment());
            BlockDraw d = c.acceptBlock(h, 0);
            NodeId n = new NodeId(0, 0);
            RegistrySnapshot reg = c.snapshot(block);
            VrfKeyPair best = null;
            long bestU = 0;
            boolean anyEligible = false;
            for (VrfKeyPair k : provers) {
                long u = Seeds.u(VrfMode.publicBeta(k.publicKey(), d.alpha(n)));
                anyEligible |= reg.eligibility(Role.BASE, 0).test(u);
                if (Long.compareUnsigned(u, bestU) > 0) {
                    bestU = u;
                    best = k;
                }
            }
            if (anyEligible) continue;
            ProofRecord p = new ProofRecord(
                    block,
                    n,
                    Bytes.of(best.publicKey()),
                    null,
                    0,
                    new PublicOutputs(cm.startStateRoot(), TreeFixture.hash("e", 1, 1, 1), cm.txCommitment(), AZT),
                    List.of(),
                    null);
            p = p.withSnark(TreeFixture.snarkFor(p.id())).signedBy(SigningKey.derivedFrom(best));
            // round 0: no one, this prover included, is eligible
            assertEquals(
                    Rule.NOT_ELIGIBLE,
                    c.submitRoot(block, p.id(), List.of(p), Bytes.of(new byte[] {1}), 0, BigInteger.ZERO, 1)
                            .validation()
                            .rule());
            // the open round (the one holding the deadline): every staked prover is
            TreeValidation late = c.submitRoot(
                            block, p.id(), List.of(p), Bytes.of(new byte[] {1}), 0, BigInteger.ZERO, 8)
                    .validation();
            assertTrue(late.valid(), late.reason());
            assertEquals(RollupContract.Phase.FINALISED, c.tick(9).get(0).phase());
            assertTrue(c.conservationHolds());
            return;
        }
        throw new AssertionError("no block with an empty node among 200 (E = 1 of 20: expected in about 1 block in 3)");
    }

    // ---- 6. the smaller items ------------------------------------------------------------------

    @Test
    void gasRebateClaimsAreCapped() {
        ProtocolParams p = ProtocolParams.defaults();
        BigInteger honest = p.gasRebate(300_000, BigInteger.valueOf(1_000_000_000), 10);
        assertEquals(
                honest,
                p.gasRebate(Long.MAX_VALUE, BigInteger.valueOf(1_000_000_000), 10),
                "gas above the cost of the submission is not rebated");
        assertEquals(
                p.gasRebate(300_000, p.maxRebateGasPriceWei(), 10),
                p.gasRebate(300_000, Amounts.MAX, 10),
                "a price above the cap is paid at the cap");
    }

    @Test
    void aSplitCannotPayOneProverTwiceAtANode() {
        Bytes pk = Bytes.of(new byte[33]), id = Bytes.of(new byte[32]);
        NodeId n = new NodeId(0, 0);
        List<RewardSplit.Included> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) nine.add(new RewardSplit.Included(id, Bytes.of(new byte[] {2, (byte) i}), n, 0));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> RewardSplit.compute(AZT, BigInteger.ZERO, 500_000, Ppm.ONE, 3, 3, nine));
        assertTrue(e.getMessage().contains("more than 3 proofs"), e.getMessage());
        List<RewardSplit.Included> twice =
                List.of(new RewardSplit.Included(id, pk, n, 0), new RewardSplit.Included(id, pk, n, 0));
        e = assertThrows(
                IllegalArgumentException.class,
                () -> RewardSplit.compute(AZT, BigInteger.ZERO, 500_000, Ppm.ONE, 3, 3, twice));
        assertTrue(e.getMessage().contains("paid twice"), e.getMessage());
    }

    /** Two different signed records of one node by one prover: anyone reports them and the prover loses PROVER_SLASH, once. */
    @Test
    void equivocationIsSlashedOnceAndOnlyOnRealEvidence() {
        ProtocolParams params = ProtocolParams.defaults().withMode(VrfMode.PUBLIC);
        RollupContract c = new RollupContract(params, TreeFixture.SNARKS);
        VrfKeyPair k = TreeFixture.KEY_POOL.get(5), other = TreeFixture.KEY_POOL.get(6);
        c.stakeProver(Registration.prover(k, Role.BOTH), params.minProverStake());
        c.stakeProver(Registration.prover(other, Role.BOTH), params.minProverStake());
        SigningKey sk = SigningKey.derivedFrom(k);
        PublicOutputs out = new PublicOutputs(
                TreeFixture.hash("a", 0, 0, 0), TreeFixture.hash("b", 0, 0, 0), TreeFixture.hash("c", 0, 0, 0), AZT);
        ProofRecord a = new ProofRecord(3, new NodeId(0, 1), Bytes.of(k.publicKey()), null, 0, out, List.of(), null)
                .signedBy(sk);
        ProofRecord b = new ProofRecord(
                        3, new NodeId(0, 1), Bytes.of(k.publicKey()), null, 500_000, out, List.of(), null)
                .signedBy(sk);
        // not evidence: the same record, another node, an unsigned or forged second record, another prover
        assertThrows(IllegalArgumentException.class, () -> c.reportEquivocation(a, a));
        ProofRecord elsewhere = new ProofRecord(
                        3, new NodeId(0, 0), Bytes.of(k.publicKey()), null, 0, out, List.of(), null)
                .signedBy(sk);
        assertThrows(IllegalArgumentException.class, () -> c.reportEquivocation(a, elsewhere));
        ProofRecord unsigned =
                new ProofRecord(3, new NodeId(0, 1), Bytes.of(k.publicKey()), null, 7, out, List.of(), null);
        assertThrows(IllegalArgumentException.class, () -> c.reportEquivocation(a, unsigned));
        ProofRecord framed = unsigned.signedBy(SigningKey.derivedFrom(other));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> c.reportEquivocation(a, framed));
        assertTrue(e.getMessage().contains("not by the key registered"), e.getMessage());
        assertEquals(BigInteger.ZERO, c.burned());
        // real evidence
        assertEquals(params.proverSlash(), c.reportEquivocation(a, b));
        assertEquals(
                params.minProverStake().subtract(params.proverSlash()),
                c.registry().prover(Bytes.of(k.publicKey())).stake());
        assertThrows(IllegalArgumentException.class, () -> c.reportEquivocation(b, a), "once per node");
        assertEquals(params.proverSlash(), c.burned());
        assertTrue(c.conservationHolds());
    }

    // ---- attacks the proposal's discussion names --------------------------------------------------

    /**
     * An aggregator that buys VRF slots (the provers hand it their signing keys, an off-chain deal
     * the protocol cannot see) and signs FEE_BURN 0 for them: its records are valid, and the burn
     * the competition would have produced goes to it. Measured: what the aggregator gains is what
     * the burn loses, to the unit.
     */
    @Test
    void anAggregatorThatBuysSlotsCapturesTheBurnItRemoves() {
        TreeFixture f = new TreeFixture(13, 8, Collections.nCopies(8, Role.BOTH), VrfMode.PUBLIC, 8);
        ProofRecord root = f.proofs.get(f.shape.root()).get(0);
        TreeValidation honest = f.validator.validate(root.id(), f.pool);
        assertTrue(honest.valid());
        // the aggregator re-signs every record of the tree at FEE_BURN 0 with the keys it bought (bottom-up: a merge
        // names its children's new ids)
        Map<Bytes, ProofRecord> pool = new LinkedHashMap<>(f.pool);
        Map<Bytes, Bytes> renamed = new java.util.HashMap<>();
        ProofRecord newRoot = null;
        for (List<TreeValidation.ScoredProof> l : honest.byNode().values()) { // TreeMap by NodeId: level 0 first
            for (TreeValidation.ScoredProof sp : l) {
                ProofRecord p = sp.proof();
                List<List<Bytes>> kids = p.children().stream()
                        .map(side -> side.stream().map(renamed::get).toList())
                        .toList();
                ProofRecord zero = f.make(p.node(), p.prover(), 0, kids);
                pool.put(zero.id(), zero);
                renamed.put(p.id(), zero.id());
                if (p.node().equals(f.shape.root())) newRoot = zero;
            }
        }
        TreeValidation agg = f.validator.validate(newRoot.id(), pool);
        assertTrue(agg.valid(), agg.reason());
        RewardSplit before = RewardSplit.forTree(f.params, f.header, honest),
                after = RewardSplit.forTree(f.params, f.header, agg);
        BigInteger gain = after.totalRewards().subtract(before.totalRewards());
        assertEquals(
                before.burnedByFeeBurn().subtract(after.burnedByFeeBurn()),
                gain,
                "the burn removed is exactly what the slot holders gain");
        assertTrue(gain.signum() >= 0);
        System.out.println("AttackTest aggregator: rewards " + Amounts.formatAzt(before.totalRewards()) + " → "
                + Amounts.formatAzt(after.totalRewards()) + " AZT, burn " + Amounts.formatAzt(before.burnedByFeeBurn())
                + " → " + Amounts.formatAzt(after.burnedByFeeBurn()) + " AZT");
    }

    /**
     * An L1 proposer who sees the winning root in its mempool: it cannot change a record (each is
     * signed) nor bid in another's name, so any tree it submits competes on score. What it can do
     * is submit the same tree first and take the gas rebate; measured: the honest submitter loses
     * at most the (capped) rebate, the provers' rewards are unchanged.
     */
    @Test
    void anL1ProposerCanTakeOnlyTheRebateOfTheWinningTree() {
        TreeFixture f = new TreeFixture(17, 4, Collections.nCopies(6, Role.BOTH), VrfMode.PUBLIC, 6);
        ProofRecord root = f.proofs.get(f.shape.root()).get(0);
        // its own tree with its records at FEE_BURN 0: it must be an eligible prover of every node it proves, and signs
        // with its own key
        ProofRecord mine = new ProofRecord(
                root.block(),
                root.node(),
                Bytes.of(TreeFixture.KEY_POOL.get(47).publicKey()),
                null,
                0,
                root.outputs(),
                root.children(),
                null);
        mine = TreeFixture.sign(mine.withSnark(TreeFixture.snarkFor(mine.id())));
        Map<Bytes, ProofRecord> pool = new LinkedHashMap<>(f.pool);
        pool.put(mine.id(), mine);
        assertFalse(
                f.validator.validate(mine.id(), pool).valid(),
                "a proposer that is not a staked, eligible prover cannot put its own root in");
        RootCompetition comp = new RootCompetition();
        TreeValidation v = f.validator.validate(root.id(), pool);
        assertTrue(comp.offer(v, Bytes.of("proposer".getBytes()), 300_000, BigInteger.valueOf(1_000_000_000)));
        assertFalse(
                comp.offer(v, Bytes.of("honest".getBytes()), 300_000, BigInteger.valueOf(1_000_000_000)),
                "the same score does not displace the first");
        assertEquals(Bytes.of("proposer".getBytes()), comp.best().submitter());
        BigInteger lost = f.params.gasRebate(300_000, BigInteger.valueOf(1_000_000_000), v.proofCount());
        assertTrue(lost.compareTo(f.params.gasRebate(Long.MAX_VALUE, f.params.maxRebateGasPriceWei(), v.proofCount()))
                <= 0);
        System.out.println("AttackTest L1 proposer: takes the rebate of " + Amounts.formatAzt(lost)
                + " AZT; the tree, its rewards and burns are the same");
    }
}
