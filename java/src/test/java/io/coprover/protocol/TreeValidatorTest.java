package io.coprover.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tree validity: honest trees pass, each rule broken once is rejected naming that rule. */
class TreeValidatorTest {

    private static List<Role> roles(int n, Role r) {
        return Collections.nCopies(n, r);
    }

    /** A PRIVATE-mode block of 8 txs (4 base, 2 merge, root) where all 8 provers are eligible. */
    private static TreeFixture privateFixture() {
        return new TreeFixture(7, 8, roles(8, Role.BOTH), VrfMode.PRIVATE, 8);
    }

    private static void assertRejected(TreeFixture f, Bytes root, Map<Bytes, ProofRecord> pool, Rule rule) {
        TreeValidation v = f.validator.validate(root, pool);
        assertFalse(v.valid(), "expected rejection for " + rule);
        assertEquals(rule, v.rule(), v.reason());
        assertTrue(v.reason().startsWith(rule.name()), v.reason());
        // every record judged ahead with its children as the pool gives them: the same verdict
        TreeValidator ahead = new TreeValidator(f.draw, f.snapshot, f.header, TreeFixture.SNARKS);
        for (ProofRecord p : pool.values()) ahead.precheck(p, pool::get);
        assertEquals(v, ahead.validate(root, pool));
    }

    @Test
    void honestTreeIsValidAndScored() {
        TreeFixture f = privateFixture();
        ProofRecord root = f.proofs.get(f.shape.root()).get(0);
        TreeValidation v = f.validator.validate(root.id(), f.pool);
        assertTrue(v.valid(), v.reason());
        // independent score: each reachable proof once, S = u·(1e6 + FEE_BURN) from the ranking
        Score expect = Score.ZERO;
        int count = 0;
        for (NodeId n : f.shape.nodes()) {
            Set<Bytes> ids = idsInTree(f, root, n);
            for (Ranking.Entry e : f.ranks.get(n)) {
                for (ProofRecord p : f.proofs.get(n)) {
                    if (p.prover().equals(e.pk()) && ids.contains(p.id())) {
                        expect = expect.plus(e.score());
                        count++;
                    }
                }
            }
        }
        assertEquals(expect, v.score());
        assertEquals(count, v.proofCount());
    }

    private static Set<Bytes> idsInTree(TreeFixture f, ProofRecord root, NodeId node) {
        Set<Bytes> out = new HashSet<>();
        List<ProofRecord> frontier = List.of(root);
        while (!frontier.isEmpty()) {
            List<ProofRecord> next = new ArrayList<>();
            for (ProofRecord p : frontier) {
                if (p.node().equals(node)) out.add(p.id());
                for (List<Bytes> l : p.children()) for (Bytes id : l) next.add(f.pool.get(id));
            }
            frontier = next;
        }
        return out;
    }

    @Test
    void eachRuleBrokenOnceIsRejectedNamingIt() {
        TreeFixture f = privateFixture();
        ProofRecord root = f.proofs.get(f.shape.root()).get(0);
        NodeId left = f.shape.root().left(); // level 1
        NodeId base = left.left(); // level 0
        Bytes leftId = root.children().get(0).get(0);
        ProofRecord leftP = f.pool.get(leftId);
        Bytes baseId = leftP.children().get(0).get(0);
        ProofRecord baseP = f.pool.get(baseId);
        assertTrue(f.validator.validate(root.id(), f.pool).valid());

        // MISSING_PROOF
        Map<Bytes, ProofRecord> pool = new LinkedHashMap<>(f.pool);
        pool.remove(baseId);
        assertRejected(f, root.id(), pool, Rule.MISSING_PROOF);

        // WRONG_BLOCK
        pool = new LinkedHashMap<>(f.pool);
        ProofRecord wb =
                f.make(f.draw.block() + 1, base, baseP.prover(), baseP.feeBurnPpm(), baseP.outputs(), List.of());
        assertRejected(f, TreeFixture.replace(pool, root.id(), baseId, wb), pool, Rule.WRONG_BLOCK);

        // WRONG_NODE: left and right child lists swapped
        pool = new LinkedHashMap<>(f.pool);
        ProofRecord swapped = f.make(
                root.node(),
                root.prover(),
                root.feeBurnPpm(),
                List.of(root.children().get(1), root.children().get(0)));
        pool.put(swapped.id(), swapped);
        assertRejected(f, swapped.id(), pool, Rule.WRONG_NODE);
        // WRONG_NODE: a merge proof submitted as the root
        assertRejected(f, leftId, f.pool, Rule.WRONG_NODE);

        // CHILD_COUNT: an empty child list; and a base proof with children
        pool = new LinkedHashMap<>(f.pool);
        ProofRecord empty = f.make(
                root.node(),
                root.prover(),
                root.feeBurnPpm(),
                List.of(List.of(), root.children().get(1)));
        pool.put(empty.id(), empty);
        assertRejected(f, empty.id(), pool, Rule.CHILD_COUNT);
        pool = new LinkedHashMap<>(f.pool);
        ProofRecord baseKids = f.make(base, baseP.prover(), baseP.feeBurnPpm(), List.of(List.of(), List.of()));
        assertRejected(f, TreeFixture.replace(pool, root.id(), baseId, baseKids), pool, Rule.CHILD_COUNT);
        // CHILD_COUNT: four proofs of one child
        pool = new LinkedHashMap<>(f.pool);
        List<Bytes> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) four.add(f.proofs.get(left).get(i).id());
        ProofRecord fat = f.make(
                root.node(),
                root.prover(),
                root.feeBurnPpm(),
                List.of(four, root.children().get(1)));
        pool.put(fat.id(), fat);
        assertRejected(f, fat.id(), pool, Rule.CHILD_COUNT);

        // DUPLICATE_PROVER: the same proof twice in a list; two proofs of one prover (different FEE_BURN)
        pool = new LinkedHashMap<>(f.pool);
        ProofRecord dup = f.make(
                root.node(),
                root.prover(),
                root.feeBurnPpm(),
                List.of(List.of(leftId, leftId), root.children().get(1)));
        pool.put(dup.id(), dup);
        assertRejected(f, dup.id(), pool, Rule.DUPLICATE_PROVER);
        pool = new LinkedHashMap<>(f.pool);
        ProofRecord twin = f.make(left, leftP.prover(), (leftP.feeBurnPpm() + 1) % 1_000_001, leftP.children());
        pool.put(twin.id(), twin);
        ProofRecord dup2 = f.make(
                root.node(),
                root.prover(),
                root.feeBurnPpm(),
                List.of(List.of(leftId, twin.id()), root.children().get(1)));
        pool.put(dup2.id(), dup2);
        assertRejected(f, dup2.id(), pool, Rule.DUPLICATE_PROVER);

        // OUTPUTS_MISMATCH: one of two left proofs commits to other txs (roots and fees still chain)
        pool = new LinkedHashMap<>(f.pool);
        ProofRecord other = f.proofs.get(left).stream()
                .filter(p -> !p.id().equals(leftId))
                .findFirst()
                .orElseThrow();
        PublicOutputs o = other.outputs();
        ProofRecord odd = f.make(
                f.draw.block(),
                left,
                other.prover(),
                other.feeBurnPpm(),
                new PublicOutputs(o.startStateRoot(), o.endStateRoot(), TreeFixture.hash("other", 1, 2, 3), o.fees()),
                other.children());
        pool.put(odd.id(), odd);
        ProofRecord mixed = f.make(
                root.node(),
                root.prover(),
                root.feeBurnPpm(),
                List.of(List.of(leftId, odd.id()), root.children().get(1)));
        pool.put(mixed.id(), mixed);
        assertRejected(f, mixed.id(), pool, Rule.OUTPUTS_MISMATCH);

        // OUTPUTS_CHAIN: the root claims another end state
        pool = new LinkedHashMap<>(f.pool);
        PublicOutputs ro = root.outputs();
        ProofRecord badEnd = f.make(
                f.draw.block(),
                root.node(),
                root.prover(),
                root.feeBurnPpm(),
                new PublicOutputs(
                        ro.startStateRoot(), TreeFixture.hash("elsewhere", 0, 0, 0), ro.txCommitment(), ro.fees()),
                root.children());
        pool.put(badEnd.id(), badEnd);
        assertRejected(f, badEnd.id(), pool, Rule.OUTPUTS_CHAIN);

        // NODE_OVERFULL: a second left proof including three other base proofs
        pool = new LinkedHashMap<>(f.pool);
        Set<Bytes> used = new HashSet<>(leftP.children().get(0));
        List<Bytes> others = new ArrayList<>();
        for (ProofRecord p : f.proofs.get(base)) if (!used.contains(p.id()) && others.size() < 3) others.add(p.id());
        Bytes otherLeftProver = f.proofs.get(left).stream()
                .map(ProofRecord::prover)
                .filter(pk -> !pk.equals(leftP.prover()))
                .findFirst()
                .orElseThrow();
        ProofRecord alt = f.make(
                left, otherLeftProver, 0, List.of(others, leftP.children().get(1)));
        pool.put(alt.id(), alt);
        ProofRecord over = f.make(
                root.node(),
                root.prover(),
                root.feeBurnPpm(),
                List.of(List.of(leftId, alt.id()), root.children().get(1)));
        pool.put(over.id(), over);
        assertRejected(f, over.id(), pool, Rule.NODE_OVERFULL);

        // ROOT_OUTPUTS: the root commits to other txs than the header
        pool = new LinkedHashMap<>(f.pool);
        ProofRecord badTxs = f.make(
                f.draw.block(),
                root.node(),
                root.prover(),
                root.feeBurnPpm(),
                new PublicOutputs(ro.startStateRoot(), ro.endStateRoot(), TreeFixture.hash("txs", 9, 9, 9), ro.fees()),
                root.children());
        pool.put(badTxs.id(), badTxs);
        assertRejected(f, badTxs.id(), pool, Rule.ROOT_OUTPUTS);

        // FEE_BURN_RANGE
        pool = new LinkedHashMap<>(f.pool);
        ProofRecord greedy = f.make(base, baseP.prover(), 1_000_001, List.of());
        assertRejected(f, TreeFixture.replace(pool, root.id(), baseId, greedy), pool, Rule.FEE_BURN_RANGE);
        pool = new LinkedHashMap<>(f.pool);
        ProofRecord negative = f.make(base, baseP.prover(), -1, List.of());
        assertRejected(f, TreeFixture.replace(pool, root.id(), baseId, negative), pool, Rule.FEE_BURN_RANGE);

        // NOT_STAKED: an unregistered key
        pool = new LinkedHashMap<>(f.pool);
        io.coprover.protocol.vrf.VrfKeyPair stranger = TreeFixture.KEY_POOL.stream()
                .filter(k -> !f.keys.containsKey(Bytes.of(k.publicKey())))
                .findFirst()
                .orElseThrow();
        f.keys.put(Bytes.of(stranger.publicKey()), stranger);
        ProofRecord unk = f.make(base, Bytes.of(stranger.publicKey()), 0, List.of());
        assertRejected(f, TreeFixture.replace(pool, root.id(), baseId, unk), pool, Rule.NOT_STAKED);

        // VRF_INVALID: a VRF proof for another node
        pool = new LinkedHashMap<>(f.pool);
        byte[] wrongPi = f.keys.get(baseP.prover()).prove(f.draw.alpha(base.parent()));
        ProofRecord badVrf = new ProofRecord(
                f.draw.block(),
                base,
                baseP.prover(),
                Bytes.of(wrongPi),
                baseP.feeBurnPpm(),
                baseP.outputs(),
                List.of(),
                null);
        badVrf = TreeFixture.sign(badVrf.withSnark(TreeFixture.snarkFor(badVrf.id())));
        assertRejected(f, TreeFixture.replace(pool, root.id(), baseId, badVrf), pool, Rule.VRF_INVALID);

        // SNARK_INVALID: a SNARK for another statement (signed by its prover)
        pool = new LinkedHashMap<>(f.pool);
        pool.put(baseId, TreeFixture.sign(baseP.withSnark(TreeFixture.snarkFor(leftId))));
        assertRejected(f, root.id(), pool, Rule.SNARK_INVALID);

        // SIGNATURE_INVALID: unsigned; signed by another key (a forger holding the witness); a flipped signature bit
        pool = new LinkedHashMap<>(f.pool);
        pool.put(baseId, baseP.withSnark(baseP.snark()));
        assertRejected(f, root.id(), pool, Rule.SIGNATURE_INVALID);
        pool = new LinkedHashMap<>(f.pool);
        pool.put(baseId, baseP.signedBy(SigningKey.generate(new java.security.SecureRandom())));
        assertRejected(f, root.id(), pool, Rule.SIGNATURE_INVALID);
        pool = new LinkedHashMap<>(f.pool);
        byte[] sig = baseP.signature().toArray();
        sig[7] ^= 1;
        pool.put(baseId, baseP.withSignature(baseP.signer(), Bytes.of(sig)));
        assertRejected(f, root.id(), pool, Rule.SIGNATURE_INVALID);

        // the fixture's pool is untouched: the honest tree is still valid
        assertTrue(f.validator.validate(root.id(), f.pool).valid());
    }

    /** The first complete tree of 6 BASE-only and 6 MERGE-only provers, depth 4, PRIVATE mode, E = {@code e}. */
    private static TreeFixture splitRoles(int e) {
        List<Role> rs = new ArrayList<>(roles(6, Role.BASE));
        rs.addAll(roles(6, Role.MERGE));
        TreeFixture f = null;
        for (long seed = 1; f == null || !f.complete(); seed++) f = new TreeFixture(seed, 4, rs, VrfMode.PRIVATE, e);
        return f;
    }

    @Test
    void roleAndEligibilityAreEnforced() {
        // 6 BASE-only and 6 MERGE-only provers, E = 2: most provers are not eligible for a node
        TreeFixture f = splitRoles(2);
        ProofRecord root = f.proofs.get(f.shape.root()).get(0);
        assertTrue(f.validator.validate(root.id(), f.pool).valid());
        NodeId base = f.shape.root().left();
        Bytes baseId = root.children().get(0).get(0);
        // a MERGE-only prover on a base node
        Bytes merger = f.snapshot.provers().stream()
                .filter(p -> p.role() == Role.MERGE)
                .findFirst()
                .orElseThrow()
                .pk();
        Map<Bytes, ProofRecord> pool = new LinkedHashMap<>(f.pool);
        Bytes r1 = TreeFixture.replace(pool, root.id(), baseId, f.make(base, merger, 0, List.of()));
        assertRejected(f, r1, pool, Rule.NOT_STAKED);
        // a BASE prover that is not eligible for this node
        Set<Bytes> eligible = new HashSet<>();
        for (Ranking.Entry e : f.ranks.get(base)) eligible.add(e.pk());
        Bytes outsider = f.snapshot.provers().stream()
                .filter(p -> p.role() == Role.BASE && !eligible.contains(p.pk()))
                .findFirst()
                .orElseThrow()
                .pk();
        pool = new LinkedHashMap<>(f.pool);
        Bytes r2 = TreeFixture.replace(pool, root.id(), baseId, f.make(base, outsider, 0, List.of()));
        assertRejected(f, r2, pool, Rule.NOT_ELIGIBLE);
    }

    @Test
    void publicModeRejectsAVrfProof() {
        TreeFixture f = new TreeFixture(3, 2, roles(4, Role.BOTH), VrfMode.PUBLIC, 4);
        ProofRecord root = f.proofs.get(f.shape.root()).get(0);
        assertTrue(f.validator.validate(root.id(), f.pool).valid());
        ProofRecord withPi = new ProofRecord(
                root.block(),
                root.node(),
                root.prover(),
                Bytes.of(new byte[81]),
                root.feeBurnPpm(),
                root.outputs(),
                root.children(),
                null);
        withPi = TreeFixture.sign(withPi.withSnark(TreeFixture.snarkFor(withPi.id())));
        Map<Bytes, ProofRecord> pool = new LinkedHashMap<>(f.pool);
        pool.put(withPi.id(), withPi);
        assertRejected(f, withPi.id(), pool, Rule.VRF_INVALID);
    }

    /**
     * Thousands of random PUBLIC-mode blocks: every honest root is valid, its score is the sum of
     * its proofs' scores, the competition's winner has the maximal score (earliest on a tie), and
     * the winner's reward split conserves value to the unit.
     */
    @Test
    void randomBlocks() {
        long seed = new Random().nextLong();
        System.out.println("TreeValidatorTest.randomBlocks seed " + seed);
        Random r = new Random(seed);
        int blocks = 0, incomplete = 0;
        while (blocks < 800) {
            int n = 4 + r.nextInt(14);
            List<Role> rs = new ArrayList<>();
            for (int i = 0; i < n; i++) rs.add(Role.values()[r.nextInt(3)]);
            TreeFixture f = new TreeFixture(r.nextLong(), r.nextInt(24), rs, VrfMode.PUBLIC, 2 + r.nextInt(n));
            if (!f.complete()) {
                incomplete++;
                continue;
            }
            blocks++;
            RootCompetition comp = new RootCompetition();
            List<TreeValidation> valid = new ArrayList<>();
            for (ProofRecord root : f.roots(4)) {
                TreeValidation v = f.validator.validate(root.id(), f.pool);
                assertTrue(v.valid(), "seed " + seed + ": " + v.reason());
                Score sum = Score.ZERO;
                for (List<TreeValidation.ScoredProof> l : v.byNode().values()) {
                    assertTrue(l.size() <= 3);
                    for (TreeValidation.ScoredProof sp : l) {
                        assertEquals(
                                Score.of(
                                        Seeds.u(VrfMode.publicBeta(
                                                sp.proof().prover().toArray(),
                                                f.draw.alpha(sp.proof().node()))),
                                        sp.proof().feeBurnPpm()),
                                sp.score());
                        sum = sum.plus(sp.score());
                    }
                }
                assertEquals(sum, v.score());
                comp.offer(v, Bytes.of(new byte[] {1}), 0, BigInteger.ZERO);
                valid.add(v);
            }
            TreeValidation best = comp.best().tree();
            for (TreeValidation v : valid) assertTrue(best.score().compareTo(v.score()) >= 0);
            TreeValidation firstMax = valid.stream()
                    .filter(v -> v.score().equals(best.score()))
                    .findFirst()
                    .orElseThrow();
            assertEquals(firstMax.rootId(), best.rootId(), "tie goes to the earlier root");
            RewardSplit split = RewardSplit.forTree(f.params, f.header, best);
            assertTrue(split.conserved(), "seed " + seed);
            assertNotNull(split.share());
        }
        assertTrue(incomplete < blocks, "too many blocks without an eligible prover somewhere: " + incomplete);
    }

    private static TreeValidator fresh(TreeFixture f, ProofVerifier verifier) {
        return new TreeValidator(f.draw, f.snapshot, f.header, verifier);
    }

    /** The fixture's pool with the first base proof under {@code root} given a bad SNARK, or else a bad signature. */
    private static Map<Bytes, ProofRecord> badBase(TreeFixture f, ProofRecord root, boolean snark) {
        Bytes baseId =
                f.pool.get(root.children().get(0).get(0)).children().get(0).get(0);
        ProofRecord baseP = f.pool.get(baseId);
        Map<Bytes, ProofRecord> pool = new LinkedHashMap<>(f.pool);
        if (snark) {
            pool.put(baseId, TreeFixture.sign(baseP.withSnark(TreeFixture.snarkFor(root.id()))));
        } else {
            byte[] sig = baseP.signature().toArray();
            sig[5] ^= 1;
            pool.put(baseId, baseP.withSignature(baseP.signer(), Bytes.of(sig)));
        }
        return pool;
    }

    /** A validator that has seen the records before answers as a fresh one does, pass or fail. */
    @Test
    void verdictsKeptPerRecordAnswerAsAFreshValidator() {
        TreeFixture f = privateFixture();
        ProofRecord root = f.proofs.get(f.shape.root()).get(0);
        Map<Bytes, ProofRecord> badSig = badBase(f, root, false), badSnark = badBase(f, root, true);
        List<Map<Bytes, ProofRecord>> pools =
                List.of(f.pool, badSig, f.pool, badSig, badSnark, badSnark, f.pool, new LinkedHashMap<>(f.pool));
        for (Map<Bytes, ProofRecord> pool : pools) {
            TreeValidation again = f.validator.validate(root.id(), pool);
            assertEquals(fresh(f, TreeFixture.SNARKS).validate(root.id(), pool), again);
            // the same records as a collection, in another order
            List<ProofRecord> l = new ArrayList<>(pool.values());
            Collections.reverse(l);
            assertEquals(again, f.validator.validate(root.id(), l));
        }
        assertEquals(
                Rule.SIGNATURE_INVALID, f.validator.validate(root.id(), badSig).rule());
        assertEquals(
                Rule.SNARK_INVALID, f.validator.validate(root.id(), badSnark).rule());
        assertTrue(f.validator.validate(root.id(), f.pool).valid());
    }

    /**
     * Records judged ahead ({@link TreeValidator#precheck}, every record of the pool, good or bad,
     * on their own or with their children, as the pool gives them or as another pool does)
     * leave every validation as a fresh validator's: a bad signature, a bad SNARK, a wrong block,
     * FEE_BURN out of range and a base proof with children are still refused, naming the rule.
     * ({@code assertRejected} does the same for every rule of {@link #eachRuleBrokenOnceIsRejectedNamingIt}.)
     */
    @Test
    void recordsJudgedAheadAnswerAsAFreshValidator() {
        TreeFixture f = privateFixture();
        ProofRecord root = f.proofs.get(f.shape.root()).get(0);
        Bytes baseId =
                f.pool.get(root.children().get(0).get(0)).children().get(0).get(0);
        ProofRecord baseP = f.pool.get(baseId);
        NodeId base = baseP.node();
        Map<Bytes, ProofRecord> badSig = badBase(f, root, false), badSnark = badBase(f, root, true);
        List<Map<Bytes, ProofRecord>> pools = new ArrayList<>(List.of(f.pool, badSig, badSnark));
        List<Bytes> roots = new ArrayList<>(List.of(root.id(), root.id(), root.id()));
        List<ProofRecord> bad = List.of(
                f.make(f.draw.block() + 1, base, baseP.prover(), baseP.feeBurnPpm(), baseP.outputs(), List.of()),
                f.make(base, baseP.prover(), 1_000_001, List.of()),
                f.make(base, baseP.prover(), baseP.feeBurnPpm(), List.of(List.of(), List.of())));
        for (ProofRecord b : bad) {
            Map<Bytes, ProofRecord> pool = new LinkedHashMap<>(f.pool);
            roots.add(TreeFixture.replace(pool, root.id(), baseId, b));
            pools.add(pool);
        }
        List<Rule> want = new ArrayList<>();
        for (int i = 0; i < pools.size(); i++) {
            Map<Bytes, ProofRecord> pool = pools.get(i);
            TreeValidation v = fresh(f, TreeFixture.SNARKS).validate(roots.get(i), pool);
            // on their own; with their children as this pool gives them; with the honest pool's
            // children (a bad record has an honest one's id: its parent was judged with the other)
            List<java.util.function.Function<Bytes, ProofRecord>> kids = new ArrayList<>();
            kids.add(null);
            kids.add(pool::get);
            kids.add(f.pool::get);
            for (java.util.function.Function<Bytes, ProofRecord> k : kids) {
                TreeValidator ahead = fresh(f, TreeFixture.SNARKS);
                for (ProofRecord p : pool.values()) {
                    if (k == null) ahead.precheck(p);
                    else ahead.precheck(p, k);
                }
                assertEquals(v, ahead.validate(roots.get(i), pool));
                // and again, now with its own verdicts too
                assertEquals(v, ahead.validate(roots.get(i), pool));
            }
            want.add(v.rule());
        }
        assertEquals(
                java.util.Arrays.asList(
                        null,
                        Rule.SIGNATURE_INVALID,
                        Rule.SNARK_INVALID,
                        Rule.WRONG_BLOCK,
                        Rule.FEE_BURN_RANGE,
                        Rule.CHILD_COUNT),
                want);
    }

    /**
     * Records judged ahead with children the caller does not know: their child rules and SNARKs
     * are left to the validation (a verifier that looks each child up is never handed a missing
     * one), which answers as a fresh validator's.
     */
    @Test
    void recordsJudgedAheadWithoutTheirChildrenLeaveThemToTheValidation() {
        TreeFixture f = privateFixture();
        ProofRecord root = f.proofs.get(f.shape.root()).get(0);
        ProofVerifier strict = (p, lookup) -> {
            for (List<Bytes> side : p.children())
                for (Bytes id : side) assertNotNull(lookup.apply(id), "a child the verifier looked up is missing");
            return TreeFixture.SNARKS.check(p, lookup);
        };
        TreeValidator ahead = fresh(f, strict);
        NullPointerException none = assertThrows(NullPointerException.class, () -> ahead.precheck(root, null));
        assertTrue(none.getMessage().startsWith("children"), none.getMessage());
        for (ProofRecord p : f.pool.values()) ahead.precheck(p, id -> null);
        TreeValidation v = ahead.validate(root.id(), f.pool);
        assertTrue(v.valid(), v.reason());
        assertEquals(fresh(f, TreeFixture.SNARKS).validate(root.id(), f.pool), v);
    }

    /** Eligibility is judged in each submission's round: a record kept from another round is judged again. */
    @Test
    void eligibilityIsJudgedPerRound() {
        TreeFixture f = splitRoles(1);
        ProofRecord root = f.proofs.get(f.shape.root()).get(0);
        NodeId base = f.shape.root().left();
        Bytes baseId = root.children().get(0).get(0);
        Set<Bytes> eligible = new HashSet<>();
        for (Ranking.Entry e : f.ranks.get(base)) eligible.add(e.pk());
        int outsiders = 0;
        for (StakingRegistry.ProverStake s : f.snapshot.provers()) {
            if (s.role() != Role.BASE || eligible.contains(s.pk())) continue;
            Map<Bytes, ProofRecord> pool = new LinkedHashMap<>(f.pool);
            Bytes r = TreeFixture.replace(pool, root.id(), baseId, f.make(base, s.pk(), 0, List.of()));
            TreeValidator v = fresh(f, TreeFixture.SNARKS);
            int[] rounds = {0, 3, 1, 0, 2, f.params.openRound(), 0, 1};
            outsiders++;
            for (int round : rounds) {
                TreeValidation kept = v.validate(r, pool, round);
                assertEquals(fresh(f, TreeFixture.SNARKS).validate(r, pool, round), kept, "round " + round);
                if (round == 0) assertEquals(Rule.NOT_ELIGIBLE, kept.rule(), kept.reason());
                if (round == f.params.openRound()) assertTrue(kept.valid(), kept.reason());
            }
        }
        assertTrue(outsiders > 0);
    }

    /**
     * A SNARK verdict that looked up other proofs is reused only while the pool gives the very same
     * proofs: a child replaced by another record with its id is looked up again.
     */
    @Test
    void snarkVerdictFollowsWhatItLookedUp() {
        TreeFixture f = privateFixture();
        ProofRecord root = f.proofs.get(f.shape.root()).get(0);
        Bytes leftId = root.children().get(0).get(0);
        ProofRecord leftP = f.pool.get(leftId);
        Bytes marked = Bytes.of(new byte[] {42});
        // a merge proof's SNARK fails when its first left child carries the marked SNARK
        ProofVerifier v = (p, lookup) -> p.children().isEmpty()
                        || !lookup.apply(p.children().get(0).get(0)).snark().equals(marked)
                ? null
                : "child's SNARK is marked";
        Map<Bytes, ProofRecord> markedPool = new LinkedHashMap<>(f.pool);
        markedPool.put(leftId, TreeFixture.sign(leftP.withSnark(marked)));
        TreeValidator kept = fresh(f, v);
        for (Map<Bytes, ProofRecord> pool : List.of(f.pool, markedPool, f.pool, markedPool)) {
            TreeValidation t = kept.validate(root.id(), pool, 0);
            assertEquals(fresh(f, v).validate(root.id(), pool, 0), t);
            assertEquals(pool == f.pool, t.valid(), t.reason());
        }
    }
}
