package io.coprover.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The proposal's tree-score example: a tree of 3 nodes (green and blue base nodes, a root). R1
 * (score 60) includes G1, G2, G3 and B1, B2; R2 (score 40) includes G1, G2, G3 and B1, B2, B3
 * (score 30). R2's tree wins by 10.
 */
class TreeScoreExampleTest {

    /** The example's numbers, through the competition rule. */
    @Test
    void proposalNumbers() {
        Map<String, Score> s = new LinkedHashMap<>();
        s.put("R1", Score.of(BigInteger.valueOf(60)));
        s.put("R2", Score.of(BigInteger.valueOf(40)));
        s.put("G1", Score.of(BigInteger.valueOf(50)));
        s.put("G2", Score.of(BigInteger.valueOf(45)));
        s.put("G3", Score.of(BigInteger.valueOf(20)));
        s.put("B1", Score.of(BigInteger.valueOf(35)));
        s.put("B2", Score.of(BigInteger.valueOf(25)));
        s.put("B3", Score.of(BigInteger.valueOf(30)));
        Score left = sum(s, "R1", "G1", "G2", "G3", "B1", "B2");
        Score right = sum(s, "R2", "G1", "G2", "G3", "B1", "B2", "B3");
        RootCompetition c = new RootCompetition();
        c.offer(tree("R1", left), Bytes.of(new byte[] {1}), 0, BigInteger.ZERO);
        c.offer(tree("R2", right), Bytes.of(new byte[] {2}), 0, BigInteger.ZERO);
        assertEquals(Bytes.of("R2".getBytes()), c.best().tree().rootId());
        assertEquals(BigInteger.TEN, right.toBigInteger().subtract(left.toBigInteger()));
    }

    private static Score sum(Map<String, Score> s, String... names) {
        Score t = Score.ZERO;
        for (String n : names) t = t.plus(s.get(n));
        return t;
    }

    private static TreeValidation tree(String root, Score score) {
        return new TreeValidation(true, null, null, Bytes.of(root.getBytes()), score, Map.of());
    }

    /** The same trees built and validated for real (PRIVATE mode, VRF-drawn scores). */
    @Test
    void realTrees() {
        TreeFixture f = new TreeFixture(11, 4, Collections.nCopies(9, Role.BOTH), VrfMode.PRIVATE, 9);
        NodeId green = new NodeId(0, 0), blue = new NodeId(0, 1), root = f.shape.root();
        List<ProofRecord> g = f.proofs.get(green), b = f.proofs.get(blue), rr = f.proofs.get(root);
        List<Bytes> gs = List.of(g.get(0).id(), g.get(1).id(), g.get(2).id());
        ProofRecord r1 = f.make(
                root,
                rr.get(0).prover(),
                rr.get(0).feeBurnPpm(),
                List.of(gs, List.of(b.get(0).id(), b.get(1).id())));
        ProofRecord r2 = f.make(
                root,
                rr.get(1).prover(),
                rr.get(1).feeBurnPpm(),
                List.of(gs, List.of(b.get(0).id(), b.get(1).id(), b.get(2).id())));
        Map<Bytes, ProofRecord> pool = new LinkedHashMap<>(f.pool);
        pool.put(r1.id(), r1);
        pool.put(r2.id(), r2);
        TreeValidation t1 = f.validator.validate(r1.id(), pool), t2 = f.validator.validate(r2.id(), pool);
        assertTrue(t1.valid(), t1.reason());
        assertTrue(t2.valid(), t2.reason());
        BigInteger sR1 = score(t1, root),
                sR2 = score(t2, root),
                sB3 = scoreOf(t2, blue, b.get(2).id());
        assertEquals(
                sR2.add(sB3).subtract(sR1),
                t2.score().toBigInteger().subtract(t1.score().toBigInteger()));
        RootCompetition c = new RootCompetition();
        c.offer(t1, Bytes.of(new byte[] {1}), 0, BigInteger.ZERO);
        c.offer(t2, Bytes.of(new byte[] {2}), 0, BigInteger.ZERO);
        TreeValidation want = t2.score().compareTo(t1.score()) > 0 ? t2 : t1;
        assertEquals(want.rootId(), c.best().tree().rootId());
        // the tie rule: an equal score later does not displace the leader
        RootCompetition tie = new RootCompetition();
        tie.offer(t1, Bytes.of(new byte[] {1}), 0, BigInteger.ZERO);
        tie.offer(t1, Bytes.of(new byte[] {2}), 0, BigInteger.ZERO);
        assertEquals(Bytes.of(new byte[] {1}), tie.best().submitter());
    }

    private static BigInteger score(TreeValidation t, NodeId n) {
        return t.byNode().get(n).get(0).score().toBigInteger();
    }

    private static BigInteger scoreOf(TreeValidation t, NodeId n, Bytes id) {
        return t.byNode().get(n).stream()
                .filter(sp -> sp.proof().id().equals(id))
                .findFirst()
                .orElseThrow()
                .score()
                .toBigInteger();
    }
}
