package io.coprover.node.config;

import io.coprover.protocol.Ppm;
import io.coprover.scheduler.FeeBurnPolicy;
import io.coprover.scheduler.JobKind;
import io.coprover.scheduler.NodeSelection;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A prover's strategy as written in the config: the FEE_BURN policy and the node choice.
 *
 * <ul>
 *   <li>{@code feeBurn}: {@code fixed:PPM} (e.g. {@code fixed:0}), {@code random:LO:HI[:SEED]} (ppm,
 *       uniform, reproducible per seed, block and node) or {@code minimal} (least burn that stays
 *       in the top PROOFS_PER_NODE; PUBLIC VRF mode only).</li>
 *   <li>{@code nodes}: {@code all} (every eligible node), {@code top} (only where the expected rank
 *       is within PROOFS_PER_NODE), or either prefixed {@code capacity:} (keep the best expected
 *       reward first while the estimated work fits before the deadline; needs
 *       {@code estimate} times per job kind, in the scheduler clock's units).</li>
 * </ul>
 *
 * @param feeBurn  the FEE_BURN spec as written
 * @param nodes    the node-choice spec as written
 * @param estimate expected time of one job per kind (only for {@code capacity:})
 */
public record Strategy(String feeBurn, String nodes, Map<JobKind, Long> estimate) {
    public Strategy {
        estimate = Map.copyOf(estimate);
        feeBurnPolicy(feeBurn); // validate now, so a bad config fails at start
        String n = nodes.strip().toLowerCase(Locale.ROOT);
        String inner = n.startsWith("capacity:") ? n.substring("capacity:".length()) : n;
        if (!inner.equals("all") && !inner.equals("top")) {
            throw new IllegalArgumentException("unknown node choice '" + nodes + "' (expected all, top, capacity:all or capacity:top)");
        }
        if (n.startsWith("capacity:")) {
            for (JobKind k : JobKind.values()) {
                Long t = estimate.get(k);
                if (t == null || t <= 0) throw new IllegalArgumentException("node choice " + nodes + " needs a positive estimate for " + k.name().toLowerCase(Locale.ROOT));
            }
        }
    }

    /** The FEE_BURN policy of {@code spec}. */
    public static FeeBurnPolicy feeBurnPolicy(String spec) {
        String[] p = spec.strip().toLowerCase(Locale.ROOT).split(":");
        try {
            switch (p[0]) {
                case "fixed":
                    if (p.length == 2) return FeeBurnPolicy.fixed(ppm(p[1]));
                    break;
                case "random":
                    if (p.length == 3 || p.length == 4) return FeeBurnPolicy.random(ppm(p[1]), ppm(p[2]), p.length == 4 ? Long.parseLong(p[3]) : 0);
                    break;
                case "minimal":
                    if (p.length == 1) return FeeBurnPolicy.minimalTopK();
                    break;
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("FEE_BURN policy '" + spec + "': not a number: " + e.getMessage());
        }
        throw new IllegalArgumentException("unknown FEE_BURN policy '" + spec + "' (expected fixed:PPM, random:LO:HI[:SEED] or minimal)");
    }

    private static long ppm(String s) {
        long v = Long.parseLong(s);
        Ppm.check(v, Ppm.ONE, "FEE_BURN");
        return v;
    }

    public FeeBurnPolicy feeBurnPolicy() {
        return feeBurnPolicy(feeBurn);
    }

    /** The node choice; {@code slots} and {@code clock} serve {@code capacity:} (jobs at once, the scheduler's clock). */
    public NodeSelection selection(int slots, LongSupplier clock) {
        String n = nodes.strip().toLowerCase(Locale.ROOT);
        boolean capacity = n.startsWith("capacity:");
        String inner = capacity ? n.substring("capacity:".length()) : n;
        NodeSelection s = inner.equals("all") ? NodeSelection.all() : NodeSelection.expectedTopK();
        return capacity ? NodeSelection.capacityAware(s, new EnumMap<>(estimate), slots, clock) : s;
    }
}
