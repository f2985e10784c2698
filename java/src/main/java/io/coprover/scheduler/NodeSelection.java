package io.coprover.scheduler;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Which of the nodes this prover is eligible for it proves (from {@link Planner}'s candidates). */
@FunctionalInterface
public interface NodeSelection {
    List<NodeChoice> select(BlockContext ctx, List<NodeChoice> candidates);

    /** Every eligible node. */
    static NodeSelection all() {
        return (ctx, c) -> List.copyOf(c);
    }

    /** Only nodes where the expected rank is at most PROOFS_PER_NODE (the proof can be included). */
    static NodeSelection expectedTopK() {
        return (ctx, c) ->
                c.stream().filter(n -> n.expectedRank() <= ctx.proofsPerNode()).toList();
    }

    /**
     * What fits: from {@code inner}'s choice, best expected reward first (closer to the root on
     * ties), keeps nodes while the estimated proving time of everything kept fits in
     * {@code slots × timeLeft}, where timeLeft = deadline − now in the scheduler's clock units and
     * {@code estimate} gives the expected time of one job of each kind in the same units.
     */
    static NodeSelection capacityAware(
            NodeSelection inner, Map<JobKind, Long> estimate, int slots, java.util.function.LongSupplier clock) {
        Map<JobKind, Long> est = new EnumMap<>(JobKind.class);
        for (JobKind k : JobKind.values()) {
            Long t = estimate.get(k);
            if (t == null || t <= 0)
                throw new IllegalArgumentException(
                        "capacity-aware selection: a positive time estimate for " + k + " is required");
            est.put(k, t);
        }
        if (slots < 1) throw new IllegalArgumentException("capacity-aware selection: slots must be ≥ 1: " + slots);
        return (ctx, c) -> {
            List<NodeChoice> pick = new ArrayList<>(inner.select(ctx, c));
            pick.sort(Comparator.comparing(NodeChoice::expectedReward, Comparator.<BigInteger>reverseOrder())
                    .thenComparing(n -> -n.node().level())
                    .thenComparing(NodeChoice::node));
            long budget = Math.multiplyExact((long) slots, Math.max(0, ctx.deadline() - clock.getAsLong()));
            long used = 0;
            List<NodeChoice> out = new ArrayList<>();
            for (NodeChoice n : pick) {
                long t = est.get(n.kind());
                if (used + t > budget) continue; // a cheaper kind may still fit
                used += t;
                out.add(n);
            }
            return out;
        };
    }
}
