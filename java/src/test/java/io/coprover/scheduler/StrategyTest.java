package io.coprover.scheduler;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.protocol.BlockDraw;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.Ranking;
import io.coprover.protocol.Registration;
import io.coprover.protocol.RegistrySnapshot;
import io.coprover.protocol.Role;
import io.coprover.protocol.Score;
import io.coprover.protocol.StakingRegistry;
import io.coprover.protocol.TreeShape;
import io.coprover.protocol.VrfMode;
import io.coprover.protocol.vrf.Ecvrf;
import io.coprover.protocol.vrf.VrfKeyPair;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StrategyTest {
    static final long SEED = 0x5eed_2026L;
    static final List<VrfKeyPair> KEYS = new ArrayList<>();

    static {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(SEED);
            for (int i = 0; i < 16; i++) KEYS.add(VrfKeyPair.generate(Ecvrf.P256_SHA256_TAI, r));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** 16 provers (12 BOTH, 2 BASE, 2 MERGE), E = 8, 64 txs (63 nodes), random others' FEE_BURN. */
    static final class World {
        final ProtocolParams params;
        final RegistrySnapshot reg;
        final BlockDraw draw;
        final Map<Bytes, Long> burns = new HashMap<>();

        World(VrfMode mode, long seed) {
            Random rnd = new Random(seed);
            params = ProtocolParams.defaults().withMode(mode).withEligiblePerNode(8);
            StakingRegistry r = new StakingRegistry(params);
            for (int i = 0; i < KEYS.size(); i++) {
                Bytes pk = Bytes.of(KEYS.get(i).publicKey());
                r.registerProver(
                        Registration.prover(KEYS.get(i), i < 12 ? Role.BOTH : i < 14 ? Role.BASE : Role.MERGE),
                        params.minProverStake());
                burns.put(pk, (long) rnd.nextInt(300_001));
            }
            reg = r.snapshot();
            byte[] randao = new byte[32], beta = new byte[32];
            rnd.nextBytes(randao);
            rnd.nextBytes(beta);
            draw = new BlockDraw(params, randao, beta, 11, TreeShape.forTxs(64));
        }

        BlockContext ctx(int me, long deadline) {
            return new BlockContext(draw, reg, KEYS.get(me), BigInteger.valueOf(1_000_000_000L), deadline, burns::get);
        }

        /** Position (0 = best) of {@code me} at the node with FEE_BURN b, others as assumed; -1 if not eligible. */
        int position(NodeId n, Bytes me, long b) {
            ToLongFunction<Bytes> f = pk -> pk.equals(me) ? b : burns.get(pk);
            List<Ranking.Entry> r = Ranking.rankNode(draw, reg, n, f, Ranking.BetaSource.publicMode());
            for (int i = 0; i < r.size(); i++) if (r.get(i).pk().equals(me)) return i;
            return -1;
        }
    }

    @Test
    void minimalBurnIsTheLeastThatKeepsTopThree() {
        System.out.println("StrategyTest seed " + SEED);
        for (long seed = SEED; seed < SEED + 3; seed++) {
            World w = new World(VrfMode.PUBLIC, seed);
            int found = 0, none = 0;
            for (int me = 0; me < KEYS.size(); me++) {
                BlockContext ctx = w.ctx(me, 0);
                Bytes pk = ctx.prover();
                for (OwnDraw d : OwnDraw.compute(ctx)) {
                    assertEquals(
                            d.eligible(),
                            w.position(d.node(), pk, 0) >= 0,
                            "own eligibility agrees with the ranking at " + d.node());
                    if (!d.eligible()) continue;
                    OptionalLong b = FeeBurnPolicy.minimalTopK().feeBurn(ctx, d);
                    if (b.isPresent()) {
                        found++;
                        assertTrue(w.position(d.node(), pk, b.getAsLong()) < 3, "top 3 with the minimal burn");
                        if (b.getAsLong() > 0)
                            assertTrue(w.position(d.node(), pk, b.getAsLong() - 1) >= 3, "one ppm less drops out");
                    } else {
                        none++;
                        assertTrue(w.position(d.node(), pk, 1_000_000) >= 3, "even 100% is not enough");
                    }
                }
            }
            assertTrue(found > 100 && none > 10, "both outcomes exercised: " + found + " / " + none);
        }
    }

    @Test
    void minimalBurnExactOnTies() {
        Bytes low = Bytes.of(new byte[32]), high = Bytes.fromHex("ff".repeat(32));
        long u = 1_000_003;
        // the 3rd other's score is exactly u·(10^6 + 777): equal score wins only with the lower key hash
        Score c = Score.of(u, 777);
        List<Ranking.Entry> others = List.of(
                entry(Score.of(u, 900_000)),
                entry(Score.of(u, 800_000)),
                new Ranking.Entry(null, u, 777, c, Bytes.fromHex("80" + "00".repeat(31))));
        assertEquals(OptionalLong.of(777), FeeBurnPolicy.minimalBurn(u, low, others, 3));
        assertEquals(OptionalLong.of(778), FeeBurnPolicy.minimalBurn(u, high, others, 3));
        assertEquals(OptionalLong.of(0), FeeBurnPolicy.minimalBurn(u, high, others.subList(0, 2), 3));
        // a 3rd score above u·2·10^6 cannot be reached
        List<Ranking.Entry> strong =
                List.of(entry(Score.of(-1L, 0)), entry(Score.of(-1L, 0)), entry(Score.of(3 * u, 0)));
        assertTrue(FeeBurnPolicy.minimalBurn(u, low, strong, 3).isEmpty());
        assertTrue(FeeBurnPolicy.minimalBurn(0, low, strong, 3).isEmpty());
        // unsigned u above 2^63
        long big = 0xF000_0000_0000_0000L;
        List<Ranking.Entry> near = List.of(entry(Score.of(-1L, 0)), entry(Score.of(-1L, 0)), entry(Score.of(big, 5)));
        assertEquals(OptionalLong.of(6), FeeBurnPolicy.minimalBurn(big, high, near, 3));
    }

    static Ranking.Entry entry(Score s) {
        return new Ranking.Entry(null, 0, 0, s, Bytes.of(new byte[32]));
    }

    @Test
    void expectedTopKKeepsExactlyTheNodesWithinTopThree() {
        World w = new World(VrfMode.PUBLIC, SEED);
        for (int me = 0; me < KEYS.size(); me += 3) {
            BlockContext ctx = w.ctx(me, 0);
            Bytes pk = ctx.prover();
            long fb = 100_000;
            List<NodeChoice> all = new Planner(FeeBurnPolicy.fixed(fb), NodeSelection.all()).plan(ctx);
            List<NodeChoice> top = new Planner(FeeBurnPolicy.fixed(fb), NodeSelection.expectedTopK()).plan(ctx);
            Set<NodeId> eligible = OwnDraw.compute(ctx).stream()
                    .filter(OwnDraw::eligible)
                    .map(OwnDraw::node)
                    .collect(Collectors.toSet());
            assertEquals(eligible, all.stream().map(NodeChoice::node).collect(Collectors.toSet()));
            for (NodeChoice c : all) {
                int pos = w.position(c.node(), pk, fb);
                assertEquals(pos + 1, (int) c.expectedRank(), "exact rank in PUBLIC mode at " + c.node());
                assertEquals(pos < 3, top.contains(c));
                assertEquals(pos < 3 ? BigInteger.valueOf(900_000_000L) : BigInteger.ZERO, c.expectedReward());
                assertEquals(Score.of(c.u(), fb), c.ownScore());
            }
        }
    }

    @Test
    void randomAndFixedPolicies() {
        World w = new World(VrfMode.PUBLIC, SEED);
        BlockContext ctx = w.ctx(0, 0);
        List<OwnDraw> draws = OwnDraw.compute(ctx);
        FeeBurnPolicy r1 = FeeBurnPolicy.random(1000, 5000, 42), r2 = FeeBurnPolicy.random(1000, 5000, 42);
        Set<Long> seen = new java.util.HashSet<>();
        for (OwnDraw d : draws) {
            long b = r1.feeBurn(ctx, d).getAsLong();
            assertEquals(b, r2.feeBurn(ctx, d).getAsLong(), "reproducible per seed");
            assertTrue(b >= 1000 && b <= 5000);
            seen.add(b);
            assertEquals(123, FeeBurnPolicy.fixed(123).feeBurn(ctx, d).getAsLong());
        }
        assertTrue(seen.size() > draws.size() / 2, "varies across nodes");
        assertThrows(IllegalArgumentException.class, () -> FeeBurnPolicy.fixed(1_000_001));
        assertThrows(IllegalArgumentException.class, () -> FeeBurnPolicy.random(5, 4, 0));
    }

    @Test
    void capacityAwareKeepsTheBestRewardsThatFit() {
        World w = new World(VrfMode.PUBLIC, SEED);
        BlockContext ctx = w.ctx(1, 1000);
        NodeSelection inner = (c, cands) -> cands;
        List<NodeChoice> cands = new ArrayList<>();
        cands.add(pick(new NodeId(0, 0), JobKind.BASE, 50));
        cands.add(pick(new NodeId(0, 1), JobKind.BASE, 90));
        cands.add(pick(new NodeId(1, 0), JobKind.MERGE, 70));
        cands.add(pick(new NodeId(0, 2), JobKind.BASE, 10));
        // 2 slots × (1000 − 900) = 200 time units; BASE 60, MERGE 100 → 90 (60), 70 (100), 50 would need 220: skipped,
        // 10 none either
        NodeSelection sel = NodeSelection.capacityAware(
                inner, Map.of(JobKind.BASE, 60L, JobKind.MERGE, 100L, JobKind.ROOT, 100L), 2, () -> 900);
        assertEquals(
                List.of(new NodeId(0, 1), new NodeId(1, 0)),
                sel.select(ctx, cands).stream().map(NodeChoice::node).toList());
        NodeSelection roomy = NodeSelection.capacityAware(
                inner, Map.of(JobKind.BASE, 60L, JobKind.MERGE, 100L, JobKind.ROOT, 100L), 2, () -> 800);
        assertEquals(4, roomy.select(ctx, cands).size());
        NodeSelection late = NodeSelection.capacityAware(
                inner, Map.of(JobKind.BASE, 60L, JobKind.MERGE, 100L, JobKind.ROOT, 100L), 2, () -> 2000);
        assertEquals(0, late.select(ctx, cands).size());
        assertThrows(
                IllegalArgumentException.class,
                () -> NodeSelection.capacityAware(inner, Map.of(JobKind.BASE, 60L), 1, () -> 0));
    }

    static NodeChoice pick(NodeId n, JobKind k, long reward) {
        return new NodeChoice(n, k, 1, 0, Score.of(1, 0), 1, BigInteger.valueOf(reward));
    }

    @Test
    void privateModeEstimatesRankAndRefusesMinimalBurn() {
        World w = new World(VrfMode.PRIVATE, SEED);
        BlockContext ctx = w.ctx(2, 0);
        List<OwnDraw> draws = OwnDraw.compute(ctx);
        Map<Bytes, VrfKeyPair> keys = new HashMap<>();
        for (VrfKeyPair k : KEYS) keys.put(Bytes.of(k.publicKey()), k);
        for (OwnDraw d : draws) {
            boolean inRanking = Ranking.rankNode(
                            w.draw, w.reg, d.node(), pk -> 0, Ranking.BetaSource.fromKeys(VrfMode.PRIVATE, keys))
                    .stream()
                    .anyMatch(e -> e.pk().equals(ctx.prover()));
            assertEquals(inRanking, d.eligible(), "own PRIVATE-mode eligibility at " + d.node());
        }
        List<NodeChoice> c = new Planner(FeeBurnPolicy.fixed(0), NodeSelection.all()).plan(ctx);
        assertFalse(c.isEmpty());
        for (NodeChoice n : c)
            assertTrue(
                    n.expectedRank() >= 1
                            && n.expectedRank() <= w.reg.count(n.node().role()),
                    n.toString());
        OwnDraw any = draws.stream().filter(OwnDraw::eligible).findFirst().orElseThrow();
        assertThrows(
                IllegalStateException.class, () -> FeeBurnPolicy.minimalTopK().feeBurn(ctx, any));
    }
}
