package io.coprover.scheduler;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.Ppm;
import io.coprover.protocol.Ranking;
import io.coprover.protocol.Role;
import io.coprover.protocol.Score;
import io.coprover.protocol.VrfMode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Decides, per block, which nodes this prover proves: computes its own VRF draw at every node
 * ({@link OwnDraw#compute}), keeps the nodes it is eligible for, asks the {@link FeeBurnPolicy}
 * for a FEE_BURN, ranks itself, and lets the {@link NodeSelection} choose.
 */
public final class Planner {
    private static final double TWO_64 = 0x1p64;
    private final FeeBurnPolicy burn;
    private final NodeSelection selection;

    public Planner(FeeBurnPolicy burn, NodeSelection selection) {
        if (burn == null || selection == null)
            throw new IllegalArgumentException("planner: policy and selection are required");
        this.burn = burn;
        this.selection = selection;
    }

    /** The nodes to prove in this block, bottom-up. */
    public List<NodeChoice> plan(BlockContext ctx) {
        List<NodeChoice> cands = candidates(ctx, OwnDraw.compute(ctx));
        return selection.select(ctx, cands).stream()
                .sorted(java.util.Comparator.comparing(NodeChoice::node))
                .toList();
    }

    /**
     * The nodes to prove when eligibility has widened to liveness round {@code round}: those this
     * prover is eligible for now, leaving out {@code skip} (nodes already proven or planned), as
     * the selection chooses them, bottom-up.
     */
    public List<NodeChoice> rescue(BlockContext ctx, int round, java.util.Set<io.coprover.protocol.NodeId> skip) {
        List<OwnDraw> draws = OwnDraw.compute(ctx, round).stream()
                .filter(d -> !skip.contains(d.node()))
                .toList();
        List<NodeChoice> cands = candidates(ctx, draws);
        return selection.select(ctx, cands).stream()
                .sorted(java.util.Comparator.comparing(NodeChoice::node))
                .toList();
    }

    /** Every eligible node with its FEE_BURN, score, expected rank and reward. */
    public List<NodeChoice> candidates(BlockContext ctx, List<OwnDraw> draws) {
        List<NodeChoice> out = new ArrayList<>(draws.size());
        boolean exact = ctx.draw().params().mode() == VrfMode.PUBLIC;
        Bytes me = exact ? ctx.prover() : null;
        // a planner asks for the same few values at every node: the reward of the last FEE_BURN
        // (a policy mostly gives one), and the private-mode estimate's constants per role
        long lastFb = -1;
        BigInteger lastReward = null;
        double[] estimate = new double[4]; // base: (N−1)·min(1, E/N), 2^64 − t; then merge's; N ≥ 2
        for (OwnDraw d : draws) {
            if (!d.eligible()) continue;
            OptionalLong b = burn.feeBurn(ctx, d);
            if (b.isEmpty()) continue;
            long fb = b.getAsLong();
            if (fb < 0 || fb > Ppm.ONE) Ppm.check(fb, Ppm.ONE, "FEE_BURN chosen for node " + d.node());
            Score s = Score.of(d.u(), fb);
            double rank = exact ? expectedRank(ctx, d, fb, s, me) : estimatedRank(ctx, d, estimate);
            BigInteger reward = BigInteger.ZERO;
            if (rank <= ctx.proofsPerNode()) {
                if (fb != lastFb) {
                    lastFb = fb;
                    lastReward = ctx.sharePerProof()
                            .multiply(BigInteger.valueOf(Ppm.ONE - fb))
                            .divide(BigInteger.valueOf(Ppm.ONE));
                }
                reward = lastReward;
            }
            out.add(new NodeChoice(d.node(), JobKind.of(ctx.draw().shape(), d.node()), d.u(), fb, s, rank, reward));
        }
        return out;
    }

    /**
     * {@link #expectedRank} in PRIVATE mode, with its constants per role worked out on first use
     * and kept in {@code estimate} (zeros: not yet; the same arithmetic, so the same value).
     */
    private static double estimatedRank(BlockContext ctx, OwnDraw d, double[] estimate) {
        Role role = d.node().role();
        int n = ctx.registry().count(role);
        if (n <= 1) return 1;
        int at = role == Role.BASE ? 0 : 2;
        if (estimate[at + 1] == 0) {
            double pElig = Math.min(1.0, (double) ctx.registry().params().eligiblePerNode() / n);
            estimate[at] = (n - 1) * pElig;
            estimate[at + 1] =
                    TWO_64 - ctx.registry().eligibility(role).threshold().doubleValue();
        }
        double pAbove = (TWO_64 - unsigned(d.u())) / estimate[at + 1];
        return 1 + estimate[at] * Math.min(1.0, Math.max(0.0, pAbove));
    }

    /**
     * PUBLIC mode: 1 + the eligible others ranked above this prover (exact, with the assumed
     * FEE_BURNs of the others). PRIVATE mode, an estimate: the others' u are unknown; each of the
     * N−1 others is eligible with probability min(1, E/N) and then has u uniform on [t, 2^64), and
     * is assumed to burn as much as we do, so it ranks above us with probability
     * (2^64 − u)/(2^64 − t): expected rank = 1 + (N−1)·min(1, E/N)·(2^64 − u)/(2^64 − t).
     */
    static double expectedRank(BlockContext ctx, OwnDraw d, long fb, Score own, Bytes me) {
        if (ctx.draw().params().mode() == VrfMode.PUBLIC) {
            Bytes myHash = me.hash();
            List<Ranking.Entry> others = Ranking.rankNode(
                    ctx.draw(), ctx.registry(), d.node(), ctx.othersFeeBurn(), Ranking.BetaSource.publicMode());
            int above = 0;
            for (Ranking.Entry e : others) {
                if (e.pk().equals(me)) continue;
                int c = e.score().compareTo(own);
                if (c > 0 || (c == 0 && e.pkHash().compareTo(myHash) < 0)) above++;
            }
            return 1 + above;
        }
        Role role = d.node().role();
        int n = ctx.registry().count(role);
        if (n <= 1) return 1;
        double pElig = Math.min(1.0, (double) ctx.registry().params().eligiblePerNode() / n);
        double t = ctx.registry().eligibility(role).threshold().doubleValue();
        double u = unsigned(d.u());
        double pAbove = (TWO_64 - u) / (TWO_64 - t);
        return 1 + (n - 1) * pElig * Math.min(1.0, Math.max(0.0, pAbove));
    }

    private static double unsigned(long v) {
        double d = (double) (v >>> 1) * 2.0;
        return d + (v & 1);
    }
}
