package io.coprover.sim;

import io.coprover.protocol.Ppm;
import io.coprover.protocol.VrfMode;
import io.coprover.scheduler.FeeBurnPolicy;
import io.coprover.scheduler.JobKind;
import io.coprover.scheduler.NodeSelection;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A prover's strategy in the simulator, written {@code BURN/SELECTION}:
 * <ul>
 *   <li>BURN: {@code fixed:P} (FEE_BURN P, e.g. {@code fixed:10%}), {@code random:LO-HI}
 *       (uniform per block and node, e.g. {@code random:0%-30%}), {@code minimal} (the least
 *       FEE_BURN that still ranks in the top PROOFS_PER_NODE; PUBLIC mode only);</li>
 *   <li>SELECTION: {@code all} (every eligible node), {@code topk} (only where the expected rank
 *       is within PROOFS_PER_NODE), {@code capacity:N} (what fits N proofs per round until the
 *       deadline, from the {@code all} choice, best expected reward first).</li>
 * </ul>
 */
public record Strategy(String text, FeeBurnPolicy burn, NodeSelection selection) {

    /** Parses {@code text}; {@code seed} makes a random policy reproducible; {@code clock} is L1 height. */
    public static Strategy parse(String text, long seed, VrfMode mode, LongSupplier clock) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("strategy: empty (expected BURN/SELECTION, e.g. fixed:10%/all)");
        String t = text.trim();
        String[] parts = t.split("/", -1);
        if (parts.length != 2) throw new IllegalArgumentException("strategy '" + t + "': expected BURN/SELECTION, e.g. fixed:10%/all");
        return new Strategy(t, burn(parts[0], seed, mode, t), selection(parts[1], clock, t));
    }

    private static FeeBurnPolicy burn(String b, long seed, VrfMode mode, String whole) {
        if (b.equals("minimal")) {
            if (mode != VrfMode.PUBLIC) throw new IllegalArgumentException("strategy '" + whole + "': minimal FEE_BURN needs --vrf-mode PUBLIC (in PRIVATE mode others' ranks are unknown)");
            return FeeBurnPolicy.minimalTopK();
        }
        if (b.startsWith("fixed:")) return FeeBurnPolicy.fixed(Ppm.check(Ppm.parse(b.substring(6), "strategy '" + whole + "' FEE_BURN"), Ppm.ONE, "FEE_BURN"));
        if (b.startsWith("random:")) {
            String r = b.substring(7);
            int dash = r.indexOf('-');
            if (dash < 0) throw new IllegalArgumentException("strategy '" + whole + "': random needs LO-HI, e.g. random:0%-30%");
            long lo = Ppm.check(Ppm.parse(r.substring(0, dash), "strategy '" + whole + "' low FEE_BURN"), Ppm.ONE, "FEE_BURN");
            long hi = Ppm.check(Ppm.parse(r.substring(dash + 1), "strategy '" + whole + "' high FEE_BURN"), Ppm.ONE, "FEE_BURN");
            if (lo > hi) throw new IllegalArgumentException("strategy '" + whole + "': low FEE_BURN above high");
            return FeeBurnPolicy.random(lo, hi, seed);
        }
        throw new IllegalArgumentException("strategy '" + whole + "': unknown FEE_BURN policy '" + b + "' (fixed:P, random:LO-HI, minimal)");
    }

    private static NodeSelection selection(String s, LongSupplier clock, String whole) {
        switch (s) {
            case "all": return NodeSelection.all();
            case "topk": return NodeSelection.expectedTopK();
            default:
                if (s.startsWith("capacity:")) {
                    int n;
                    try {
                        n = Integer.parseInt(s.substring(9));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("strategy '" + whole + "': capacity:N needs a number of proofs per round");
                    }
                    if (n < 1) throw new IllegalArgumentException("strategy '" + whole + "': capacity must be ≥ 1");
                    // one round per proof of any kind: N proofs fit in each round left before the deadline
                    return NodeSelection.capacityAware(NodeSelection.all(), Map.of(JobKind.BASE, 1L, JobKind.MERGE, 1L, JobKind.ROOT, 1L), n, clock);
                }
                throw new IllegalArgumentException("strategy '" + whole + "': unknown selection '" + s + "' (all, topk, capacity:N)");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
