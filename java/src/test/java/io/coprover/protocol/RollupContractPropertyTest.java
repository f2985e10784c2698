package io.coprover.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.protocol.vrf.VrfKeyPair;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Many random blocks through the contract (PUBLIC mode, every prover eligible): random splits
 * (some above 100%), fees, block sizes, roots or none, stake exits. After every step value is
 * conserved to the unit, and each finalised block pays its best-scoring submitted tree.
 */
class RollupContractPropertyTest {
    private static final BigInteger AZT = Amounts.ONE_AZT;

    @Test
    void randomBlocksConserveValue() {
        long seed = new Random().nextLong();
        System.out.println("RollupContractPropertyTest seed " + seed);
        Random r = new Random(seed);
        ProtocolParams params = ProtocolParams.defaults()
                .withMode(VrfMode.PUBLIC)
                .withEligiblePerNode(1000)
                .withBlockReward(AZT.multiply(BigInteger.valueOf(2)))
                .withTiming(4, 2);
        RollupContract c = new RollupContract(params, TreeFixture.SNARKS);
        List<VrfKeyPair> seqs = TreeFixture.KEY_POOL.subList(0, 4),
                provers = new ArrayList<>(TreeFixture.KEY_POOL.subList(4, 16));
        for (VrfKeyPair k : seqs)
            c.stakeSequencer(Registration.sequencer(k), AZT.multiply(BigInteger.valueOf(1_000_000)));
        for (VrfKeyPair k : provers) c.stakeProver(Registration.prover(k, Role.BOTH), params.minProverStake());
        c.fundTreasury(AZT.multiply(BigInteger.valueOf(5)));
        long height = 0;
        int finalised = 0, dropped = 0, missed = 0, equivocations = 0;
        Map<Bytes, SigningKey> signers = new HashMap<>();
        for (VrfKeyPair k : provers) signers.put(Bytes.of(k.publicKey()), SigningKey.derivedFrom(k));
        for (long block = 1; block <= 300; block++) {
            byte[] randao = new byte[32];
            r.nextBytes(randao);
            int txs = r.nextInt(17);
            BigInteger fees = new BigInteger(70, r);
            Bytes start = TreeFixture.hash("s", block, 0, 0), txc = TreeFixture.hash("c", block, 0, 0);
            BlockCommitment cm = new BlockCommitment(txs, fees, start, txc);
            c.openElection(block, randao);
            Map<Bytes, Long> splits = new HashMap<>();
            for (VrfKeyPair k : seqs) {
                long split = r.nextInt(5) == 0 ? 1_000_000 + r.nextInt(3_000_000) : r.nextInt(1_000_001);
                splits.put(Bytes.of(k.publicKey()), split);
                c.bid(Bytes.of(k.publicKey()), split, null, cm);
            }
            RollupContract.Bid w = c.closeElection();
            if (r.nextInt(12) == 0) {
                // an adversarial winner does not publish: its slot is missed at the next election, its bond slashed
                height += 3;
                c.tick(height);
                missed++;
                assertTrue(c.conservationHolds(), "seed " + seed + " block " + block);
                continue;
            }
            BlockDraw d = c.acceptBlock(
                    new BlockHeader(block, w.sequencer(), splits.get(w.sequencer()), txs, fees, start, txc), height);
            // an honest tree: node outputs chain from the header's start root; fees all in base node 0
            TreeShape shape = d.shape();
            Map<NodeId, List<ProofRecord>> byNode = new HashMap<>();
            List<ProofRecord> pool = new ArrayList<>();
            for (NodeId n : shape.nodes()) {
                if (n.equals(shape.root())) break;
                byNode.put(
                        n,
                        proofs(d, n, outputs(block, n, shape, start, txc, fees), provers, r, 1 + r.nextInt(3), byNode));
                pool.addAll(byNode.get(n));
            }
            int roots = r.nextInt(4); // 0: no root, the block is dropped
            List<TreeValidation> submitted = new ArrayList<>();
            List<ProofRecord> rootProofs = proofs(
                    d, shape.root(), outputs(block, shape.root(), shape, start, txc, fees), provers, r, roots, byNode);
            pool.addAll(rootProofs);
            long at = height;
            for (ProofRecord root : rootProofs) {
                at = Math.min(height + 2, at + r.nextInt(2)); // L1 heights never go back
                RollupContract.Submission s = c.submitRoot(
                        block,
                        root.id(),
                        pool,
                        Bytes.of(new byte[] {(byte) r.nextInt(4)}),
                        r.nextInt(500_000),
                        BigInteger.valueOf(r.nextInt(100)),
                        at);
                assertTrue(
                        s.validation().valid(),
                        "seed " + seed + ": " + s.validation().reason());
                submitted.add(s.validation());
            }
            if (!pool.isEmpty() && provers.size() > 6 && r.nextInt(8) == 0) {
                // an equivocating prover: a second record of a node it proved, other FEE_BURN, signed; anyone reports
                // it
                ProofRecord first = pool.get(r.nextInt(pool.size()));
                ProofRecord second = new ProofRecord(
                                first.block(),
                                first.node(),
                                first.prover(),
                                first.vrfProof(),
                                (first.feeBurnPpm() + 1) % 1_000_001,
                                first.outputs(),
                                first.children(),
                                first.snark())
                        .signedBy(signers.get(first.prover()));
                BigInteger burnedBefore = c.burned();
                BigInteger taken = c.reportEquivocation(first, second);
                assertEquals(burnedBefore.add(taken), c.burned());
                assertThrows(
                        IllegalArgumentException.class,
                        () -> c.reportEquivocation(second, first),
                        "slashed once per node");
                equivocations++;
                // below the minimum stake now: it drops out of the registries frozen from here on, so no later tree
                // uses it
                provers.removeIf(k -> Bytes.of(k.publicKey()).equals(first.prover()));
            }
            height += 3;
            List<RollupContract.Finalisation> all = c.tick(height);
            List<RollupContract.Finalisation> fin = all.stream()
                    .filter(x -> x.phase() != RollupContract.Phase.MISSED)
                    .toList();
            assertEquals(1, fin.size());
            RollupContract.Finalisation f = fin.get(0);
            if (roots == 0) {
                assertEquals(RollupContract.Phase.DROPPED, f.phase());
                dropped++;
            } else {
                finalised++;
                Score max = submitted.stream()
                        .map(TreeValidation::score)
                        .max(Score::compareTo)
                        .orElseThrow();
                assertEquals(max, f.winner().score());
                assertTrue(f.split().conserved());
            }
            assertTrue(c.conservationHolds(), "seed " + seed + " block " + block);
            if (r.nextInt(10) == 0) {
                Bytes claimer = Bytes.of(provers.get(r.nextInt(provers.size())).publicKey());
                c.claim(claimer);
                assertTrue(c.conservationHolds());
            }
        }
        assertTrue(
                finalised > 0 && dropped > 0 && missed > 0 && equivocations > 0,
                finalised + " " + dropped + " " + missed + " " + equivocations);
        assertTrue(
                c.blocks().size() <= RollupContract.KEEP_FINISHED,
                "the contract forgets old blocks: " + c.blocks().size() + " kept");
    }

    /** Honest outputs of node n when all fees sit in the first base node. */
    private static PublicOutputs outputs(
            long block, NodeId n, TreeShape shape, Bytes start, Bytes txc, BigInteger fees) {
        int span = 2 << n.level(), from = n.index() * span;
        Bytes s = from == 0 ? start : TreeFixture.hash("s", block, from, 0);
        Bytes e = TreeFixture.hash("s", block, from + span, 0);
        if (n.equals(shape.root())) return new PublicOutputs(start, e, txc, fees);
        return new PublicOutputs(
                s, e, TreeFixture.hash("c", block, n.level(), n.index()), from == 0 ? fees : BigInteger.ZERO);
    }

    /** k proofs of node n by distinct random provers, each including every proof of both children. */
    private static List<ProofRecord> proofs(
            BlockDraw d,
            NodeId n,
            PublicOutputs out,
            List<VrfKeyPair> provers,
            Random r,
            int k,
            Map<NodeId, List<ProofRecord>> byNode) {
        List<VrfKeyPair> ps = new ArrayList<>(provers);
        Collections.shuffle(ps, r);
        List<List<Bytes>> kids = n.level() == 0
                ? List.of()
                : List.of(
                        byNode.get(n.left()).stream().map(ProofRecord::id).toList(),
                        byNode.get(n.right()).stream().map(ProofRecord::id).toList());
        List<ProofRecord> l = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            ProofRecord p = new ProofRecord(
                    d.block(), n, Bytes.of(ps.get(i).publicKey()), null, r.nextInt(1_000_001), out, kids, null);
            l.add(TreeFixture.sign(p.withSnark(TreeFixture.snarkFor(p.id()))));
        }
        return l;
    }
}
