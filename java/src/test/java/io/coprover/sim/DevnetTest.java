package io.coprover.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.backend.JavaBackend;
import io.coprover.node.ContractClient;
import io.coprover.plonk.Srs;
import io.coprover.protocol.Amounts;
import io.coprover.protocol.BlockHeader;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.Role;
import io.coprover.protocol.TreeValidation;
import io.coprover.protocol.VrfMode;
import io.coprover.rollup.Fr;
import io.coprover.rollup.RollupKeys;
import io.coprover.rollup.TreeVerifier;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whole devnet runs with real proofs (state depth 1, so a base proof is a 2^14 PLONK proof): value
 * conservation per block, the finalised tree is the best valid one submitted, every included
 * proof verifies (checked again here with the tree verifier, one pairing, and proof by proof),
 * withholding the block data changes who proves, and the same seed gives the same results.
 */
class DevnetTest {
    static final long SEED = 7;
    static SimResult normal;
    /** One setup for every run here: the keys a run would derive from its seed. */
    static RollupKeys keys;

    static final List<Object[]> trees = new ArrayList<>();

    static SimConfig config(int blocks, Set<String> withhold) {
        return new SimConfig(
                blocks,
                3,
                2,
                4,
                1,
                VrfMode.PRIVATE,
                2,
                List.of(Role.BOTH, Role.BOTH, Role.MERGE),
                List.of("fixed:0%/all", "random:0%-30%/all", "fixed:20%/all"),
                List.of("java"),
                SEED,
                1,
                0,
                withhold,
                "all",
                8,
                600_000,
                1_000_000,
                Amounts.ONE_AZT);
    }

    static SimResult run(SimConfig c, Devnet.Observer obs) throws InterruptedException {
        long t = System.nanoTime();
        SimResult r = new Devnet(c, null, List.of(), keys).run(obs);
        System.out.printf(
                "devnet seed %d, %d blocks, withhold %s: %.1f s%n",
                c.seed(), c.blocks(), c.withhold(), (System.nanoTime() - t) / 1e9);
        return r;
    }

    @BeforeAll
    static void runNormal() throws InterruptedException {
        keys = new RollupKeys(1, Srs.generateInsecure(RollupKeys.basePower(1), new Random(SEED)), new JavaBackend());
        normal = run(config(2, Set.of()), new Devnet.Observer() {
            @Override
            public void onTree(BlockHeader header, ContractClient.Finalised f) {
                trees.add(new Object[] {header, f});
            }
        });
    }

    @Test
    void everyBlockConservesValueAndPaysTheBestSubmittedTree() {
        assertEquals(2, normal.blocks().size());
        for (SimResult.BlockReport b : normal.blocks()) {
            assertFalse(b.dropped(), "block " + b.block() + " dropped");
            assertTrue(b.conserved(), "block " + b.block() + ": reward split not conserved");
            assertTrue(b.contractConserved(), "block " + b.block() + ": contract value not conserved");
            // to the unit: sequencer + rewards + burned == pool (FEE_SPLIT ≤ 100 %: nothing from the bond)
            BigInteger rewards =
                    b.payouts().stream().map(p -> new BigInteger(p.reward())).reduce(BigInteger.ZERO, BigInteger::add);
            BigInteger pool = new BigInteger(b.fees()).add(Amounts.ONE_AZT);
            BigInteger burnedByProvers =
                    b.payouts().stream().map(p -> new BigInteger(p.burned())).reduce(BigInteger.ZERO, BigInteger::add);
            assertEquals(new BigInteger(b.burnedByFeeBurn()), burnedByProvers);
            assertEquals(
                    pool,
                    new BigInteger(b.sequencerReward())
                            .add(rewards)
                            .add(new BigInteger(b.burnedByFeeBurn()))
                            .add(new BigInteger(b.burnedMissing()))
                            .add(new BigInteger(b.dust())),
                    "block " + b.block());
            BigInteger best = b.roots().stream()
                    .filter(SimResult.RootInfo::valid)
                    .map(r -> new BigInteger(r.score()))
                    .max(BigInteger::compareTo)
                    .orElseThrow();
            assertEquals(
                    best.toString(),
                    b.winnerScore(),
                    "block " + b.block() + ": the finalised tree is not the best valid one submitted");
            assertTrue(b.roots().stream().anyMatch(r -> r.rootId().equals(b.winnerRoot()) && r.valid()));
            int includedProofs =
                    b.payouts().stream().mapToInt(SimResult.Payout::proofs).sum();
            assertEquals(
                    includedProofs,
                    b.proofs().stream().filter(SimResult.ProofInfo::included).count());
        }
    }

    @AfterAll
    static void close() {
        keys.close();
    }

    @Test
    void everyIncludedProofVerifies() {
        {
            TreeVerifier v = new TreeVerifier(keys.baseVk(), keys.mergeVk());
            assertEquals(2, trees.size());
            for (Object[] t : trees) {
                BlockHeader h = (BlockHeader) t[0];
                ContractClient.Finalised f = (ContractClient.Finalised) t[1];
                TreeValidation tree = f.tree();
                assertNotNull(tree);
                List<ProofRecord> proofs = tree.byNode().values().stream()
                        .flatMap(List::stream)
                        .map(TreeValidation.ScoredProof::proof)
                        .toList();
                Map<io.coprover.protocol.Bytes, ProofRecord> byId = new HashMap<>();
                for (ProofRecord p : proofs) byId.put(p.id(), p);
                TreeVerifier.Result r = v.verify(
                        f.winningRoot(),
                        proofs,
                        new TreeVerifier.Expected(
                                h.block(),
                                h.txCount(),
                                Fr.fromBytes(h.startStateRoot(), "start"),
                                Fr.fromBytes(h.txCommitment(), "commitment"),
                                h.totalFees().longValueExact()));
                assertTrue(r.valid(), "block " + h.block() + ": " + r.reason());
                for (ProofRecord p : proofs) assertNull(v.asProofVerifier().check(p, byId::get), p.toString());
                // a flipped SNARK byte in any included proof breaks the tree
                ProofRecord victim = proofs.get(proofs.size() - 1);
                byte[] s = victim.snark().toArray();
                s[100] ^= 1;
                List<ProofRecord> bad = new ArrayList<>(proofs);
                bad.set(bad.size() - 1, victim.withSnark(io.coprover.protocol.Bytes.of(s)));
                assertFalse(v.verify(
                                f.winningRoot(),
                                bad,
                                new TreeVerifier.Expected(
                                        h.block(),
                                        h.txCount(),
                                        Fr.fromBytes(h.startStateRoot(), "start"),
                                        Fr.fromBytes(h.txCommitment(), "commitment"),
                                        h.totalFees().longValueExact()))
                        .valid());
            }
        }
    }

    private static Set<String> baseProvers(SimResult.BlockReport b) {
        return b.proofs().stream()
                .filter(p -> p.kind().equals("BASE"))
                .map(SimResult.ProofInfo::prover)
                .collect(Collectors.toSet());
    }

    @Test
    void withholdingTheDataChangesWhoProves() throws InterruptedException {
        SimResult w = run(config(1, Set.of("prover-1")), new Devnet.Observer() {});
        SimResult.BlockReport n1 = normal.blocks().get(0), w1 = w.blocks().get(0);
        assertTrue(
                baseProvers(n1).contains("prover-1"), "with the data prover-1 proves base nodes: " + baseProvers(n1));
        assertFalse(
                baseProvers(w1).contains("prover-1"),
                "without the data prover-1 cannot prove a base node: " + baseProvers(w1));
        assertEquals(List.of("prover-1"), w1.withheldFrom());
        // it still proves the merge above (merge provers need no chain state) and the block is still finalised
        boolean eligibleAtRoot = w1.ranking().stream()
                .filter(r -> r.node().equals("(1,0)"))
                .anyMatch(r -> r.eligible().stream().anyMatch(e -> e.prover().equals("prover-1")));
        assertEquals(
                eligibleAtRoot,
                w1.proofs().stream()
                        .anyMatch(p -> p.prover().equals("prover-1") && p.kind().equals("ROOT")));
        assertFalse(w1.dropped());
        assertTrue(w1.conserved() && w1.contractConserved());
    }

    /** Everything but times: election, rankings, proofs, roots, winner, payouts. */
    static String deterministic(SimResult.BlockReport b) {
        StringBuilder s = new StringBuilder();
        s.append(b.election())
                .append(b.sequencer())
                .append(b.fees())
                .append(b.ranking())
                .append(b.roots())
                .append(b.winnerRoot())
                .append(b.winnerScore())
                .append(b.winnerSubmitter())
                .append(b.payouts())
                .append(b.sequencerReward())
                .append(b.burnedMissing());
        for (SimResult.ProofInfo p : b.proofs())
            s.append(p.prover())
                    .append(p.node())
                    .append(p.id())
                    .append(p.feeBurnPpm())
                    .append(p.included());
        return s.toString();
    }

    @Test
    void theSameSeedGivesTheSameResults() throws InterruptedException {
        SimResult again = run(config(1, Set.of()), new Devnet.Observer() {});
        assertEquals(
                deterministic(normal.blocks().get(0)),
                deterministic(again.blocks().get(0)));
    }
}
