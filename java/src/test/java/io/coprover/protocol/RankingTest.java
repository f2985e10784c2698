package io.coprover.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.protocol.StakingRegistry.ProverStake;
import io.coprover.protocol.vrf.Ecvrf;
import io.coprover.protocol.vrf.VrfKeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RankingTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Known answers computed with Python's hashlib from the formulas of PROTOCOL §3. */
    @Test
    void seedsKnownAnswers() {
        byte[] randao = new byte[32];
        for (int i = 0; i < 32; i++) randao[i] = (byte) i;
        assertEquals(
                "ed20a4dd78f766743c83180fa2d3df84617a7aa520855797077a318143efbc5b",
                HEX.formatHex(Seeds.sequencerAlpha(randao, 5)));
        byte[] beta = new byte[32];
        java.util.Arrays.fill(beta, (byte) 0xab);
        byte[] alpha = Seeds.proverAlpha(randao, beta, 5, new NodeId(2, 3));
        assertEquals("9058c466bdafc96435b59dda0cc02e50b705fc41411d1fcde0fd30a62323c279", HEX.formatHex(alpha));
        byte[] pk = HEX.parseHex("0360fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6");
        byte[] pub = VrfMode.publicBeta(pk, alpha);
        assertEquals("03c4bf43a0a226bf25475235c4b5cae99552cc2163de1a6d2830957ba7062ea7", HEX.formatHex(pub));
        assertEquals(271552174727767743L, Seeds.u(pub));
        assertThrows(IllegalArgumentException.class, () -> Seeds.sequencerAlpha(new byte[31], 1));
        assertThrows(IllegalArgumentException.class, () -> Seeds.sequencerAlpha(randao, -1));
    }

    @Test
    void orderIsTotal() {
        long seed = new Random().nextLong();
        System.out.println("RankingTest.orderIsTotal seed " + seed);
        Random r = new Random(seed);
        List<Ranking.Entry> es = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            byte[] pk = new byte[33];
            r.nextBytes(pk);
            long u = r.nextInt(4); // few distinct values: many exact ties
            long fb = r.nextInt(2) * 500_000L;
            es.add(new Ranking.Entry(
                    Bytes.of(pk), u, fb, Score.of(u, fb), Bytes.of(pk).hash()));
        }
        for (Ranking.Entry a : es) {
            for (Ranking.Entry b : es) {
                int ab = Ranking.ORDER.compare(a, b), ba = Ranking.ORDER.compare(b, a);
                assertEquals(Integer.signum(ab), -Integer.signum(ba), "antisymmetric");
                assertEquals(ab == 0, a.pk().equals(b.pk()), "equal only for the same key");
            }
        }
        List<Ranking.Entry> sorted = new ArrayList<>(es);
        sorted.sort(Ranking.ORDER);
        for (int i = 0; i + 1 < sorted.size(); i++) {
            Ranking.Entry a = sorted.get(i), b = sorted.get(i + 1);
            int c = a.score().compareTo(b.score());
            assertTrue(c > 0 || (c == 0 && a.pkHash().compareTo(b.pkHash()) < 0), "strictly decreasing");
        }
        // the order of the input does not matter
        List<Ranking.Entry> shuffled = new ArrayList<>(es);
        java.util.Collections.shuffle(shuffled, r);
        shuffled.sort(Ranking.ORDER);
        assertEquals(sorted, shuffled);
    }

    /** 1000 keys for the large ranking test. */
    private static final List<VrfKeyPair> BIG_POOL = new ArrayList<>();

    static {
        java.security.SecureRandom sr = TreeFixture.deterministic(77);
        for (int i = 0; i < 1000; i++) BIG_POOL.add(VrfKeyPair.generate(Ecvrf.P256_SHA256_TAI, sr));
    }

    private static RegistrySnapshot registry(ProtocolParams params, int n, Random r, Map<Bytes, VrfKeyPair> keys) {
        List<ProverStake> ps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            VrfKeyPair k = i < TreeFixture.KEY_POOL.size() ? TreeFixture.KEY_POOL.get(i) : BIG_POOL.get(i);
            Bytes pk = Bytes.of(k.publicKey());
            keys.put(pk, k);
            ps.add(new ProverStake(
                    pk, Role.values()[r.nextInt(3)], params.minProverStake(), StakingRegistry.Status.ACTIVE, 0));
        }
        return RegistrySnapshot.ofProvers(params, ps);
    }

    @Test
    void rankAllMatchesPerNodeRankingAndExpectedEligibleCount() {
        Random r = new Random(42);
        ProtocolParams params = ProtocolParams.defaults().withMode(VrfMode.PUBLIC);
        RegistrySnapshot reg = registry(params, 1000, r, new HashMap<>());
        byte[] randao = new byte[32], beta = new byte[32];
        r.nextBytes(randao);
        r.nextBytes(beta);
        BlockDraw d = new BlockDraw(params, randao, beta, 77, TreeShape.forTxs(1024));
        Map<Bytes, Long> fb = new HashMap<>();
        for (ProverStake p : reg.provers()) fb.put(p.pk(), (long) r.nextInt(1_000_001));
        List<List<Ranking.Entry>> all = Ranking.rankAllPublic(d, reg, fb::get);
        List<List<Ranking.Entry>> slow = Ranking.rankAll(d, reg, fb::get, Ranking.BetaSource.publicMode());
        assertEquals(1023, all.size());
        assertEquals(all, slow);
        long total = 0;
        for (NodeId n : List.of(new NodeId(0, 0), new NodeId(3, 5), d.shape().root())) {
            assertEquals(
                    Ranking.rankNode(d, reg, n, fb::get, Ranking.BetaSource.publicMode()),
                    all.get(d.shape().ordinal(n)));
        }
        for (List<Ranking.Entry> l : all) total += l.size();
        double mean = total / 1023.0;
        assertTrue(mean > 7 && mean < 9, "about E = 8 eligible per node, got " + mean);
        // eligibility does not depend on FEE_BURN; ranking does
        Map<Bytes, Long> zero = new HashMap<>();
        for (ProverStake p : reg.provers()) zero.put(p.pk(), 0L);
        List<List<Ranking.Entry>> noBurn = Ranking.rankAllPublic(d, reg, zero::get);
        boolean orderChanged = false;
        for (int i = 0; i < all.size(); i++) {
            Set<Bytes> a = new HashSet<>(), b = new HashSet<>();
            all.get(i).forEach(e -> a.add(e.pk()));
            noBurn.get(i).forEach(e -> b.add(e.pk()));
            assertEquals(a, b);
            List<Bytes> oa = all.get(i).stream().map(Ranking.Entry::pk).toList();
            List<Bytes> ob = noBurn.get(i).stream().map(Ranking.Entry::pk).toList();
            orderChanged |= !oa.equals(ob);
        }
        assertTrue(orderChanged, "FEE_BURN should reorder some node");
        // nodes need their role
        for (int i = 0; i < all.size(); i++) {
            NodeId n = d.shape().nodes().get(i);
            for (Ranking.Entry e : all.get(i)) {
                Role role = reg.provers().stream()
                        .filter(p -> p.pk().equals(e.pk()))
                        .findFirst()
                        .orElseThrow()
                        .role();
                assertTrue(role.covers(n.role()));
            }
        }
    }

    @Test
    void privateModeRanksByVerifiableBetas() {
        Random r = new Random(9);
        ProtocolParams params = ProtocolParams.defaults().withEligiblePerNode(40);
        Map<Bytes, VrfKeyPair> keys = new HashMap<>();
        RegistrySnapshot reg = registry(params, 20, r, keys);
        byte[] randao = new byte[32], beta = new byte[32];
        r.nextBytes(randao);
        BlockDraw d = new BlockDraw(params, randao, beta, 3, TreeShape.forTxs(4));
        NodeId n = new NodeId(0, 1);
        List<Ranking.Entry> l =
                Ranking.rankNode(d, reg, n, pk -> 100_000, Ranking.BetaSource.fromKeys(VrfMode.PRIVATE, keys));
        assertTrue(l.size() > 0);
        for (Ranking.Entry e : l) {
            VrfKeyPair k = keys.get(e.pk());
            VrfMode.Draw dr = VrfMode.PRIVATE.draw(k, d.alpha(n));
            var v = VrfMode.PRIVATE.verify(Ecvrf.P256_SHA256_TAI, k.publicKey(), d.alpha(n), dr.proof());
            assertTrue(v.valid());
            assertEquals(e.u(), Seeds.u(v.beta()));
            assertArrayEquals(dr.beta(), v.beta());
            // PRIVATE beta differs from the PUBLIC one
            assertNotEquals(e.u(), Seeds.u(VrfMode.publicBeta(k.publicKey(), d.alpha(n))));
        }
        // a prover without a secret key cannot be ranked in PRIVATE mode
        Map<Bytes, VrfKeyPair> partial = new HashMap<>(keys);
        partial.remove(l.get(0).pk());
        assertThrows(
                IllegalArgumentException.class,
                () -> Ranking.rankNode(d, reg, n, pk -> 0, Ranking.BetaSource.fromKeys(VrfMode.PRIVATE, partial)));
        // FEE_BURN above 100% is refused
        assertThrows(
                IllegalArgumentException.class,
                () -> Ranking.rankNode(d, reg, n, pk -> 1_000_001, Ranking.BetaSource.publicMode()));
    }
}
