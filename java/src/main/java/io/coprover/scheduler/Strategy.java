package io.coprover.scheduler;

import io.coprover.protocol.Amounts;
import io.coprover.protocol.Ppm;
import io.coprover.protocol.VrfMode;
import java.math.BigInteger;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The one strategy grammar of coprover: how an actor behaves, written as one string of
 * {@code /}-separated terms. The prover node's config ({@code strategy: {feeBurn, nodes}}) and the
 * simulator ({@code --strategies}, {@code --sequencer-strategies}) both parse it here.
 *
 * <pre>
 * prover     BURN/SELECTION[/TRAIT]...
 *   BURN       fixed:R | random:LO-HI | random:LO:HI[:SEED] | minimal
 *   SELECTION  all | topk | capacity | capacity:all | capacity:topk | capacity:N
 *   TRAIT      offline:P%xB | sells:R | aggregator | colludes | grinder:K | l1:P%      (simulator agents)
 * sequencer  bid:LO-HI[/TRAIT]...
 *   TRAIT      withhold:P% | colludes | mev:AMOUNT                                     (simulator agents)
 * </pre>
 * R, LO, HI, P: a ratio, {@code 10%} or {@code 100000ppm}; a bare integer is ppm (as node configs
 * write it). {@code top} is accepted for {@code topk}.
 * <ul>
 *   <li>{@code fixed:R} burns R everywhere; {@code random} draws uniformly per block and node
 *       (reproducible from the seed); {@code minimal} burns the least that still ranks in the top
 *       PROOFS_PER_NODE (PUBLIC VRF mode only: elsewhere others' ranks are unknown).</li>
 *   <li>{@code all} proves every eligible node, {@code topk} only where the expected rank is within
 *       PROOFS_PER_NODE; {@code capacity[:INNER]} keeps, best expected reward first, what the
 *       devices can prove before the deadline (job times from the node's {@code estimate} or the
 *       simulator's device profile); {@code capacity:N} counts one clock unit per job on N slots.</li>
 *   <li>Prover agents: {@code offline:5%x20} goes offline with probability 5 % per block for 20
 *       blocks; {@code sells:50%} hands its VRF slots (its signing key) to the aggregator for 50 %
 *       of what they earn; {@code aggregator} proves its own and the bought slots on its own
 *       devices with its own FEE_BURN; {@code colludes} gets the colluding sequencer's block data
 *       first and alone; {@code grinder:K} tries K fresh keys per block after the randomness is
 *       known and stakes the luckiest; {@code l1:P} proposes P of the L1 blocks and puts its own
 *       submissions first in them.</li>
 *   <li>Sequencer agents: {@code bid:LO-HI} draws its FEE_SPLIT there (above 100 %: MEV forwarded
 *       from its bond); {@code withhold:P} never sends its block data to P of the provers;
 *       {@code colludes} sends it only to the colluding provers; {@code mev:A} earns A AZT off
 *       chain per block it wins.</li>
 * </ul>
 *
 * @param text      the strategy as written
 * @param sequencer true for a sequencer strategy (bid), false for a prover's
 * @param burn      FEE_BURN policy (provers)
 * @param selection node choice (provers)
 * @param bidLo     lowest FEE_SPLIT bid, ppm (sequencers)
 * @param bidHi     highest FEE_SPLIT bid, ppm (sequencers)
 * @param traits    simulator agent behaviour (none for a plain node)
 */
public record Strategy(
        String text, boolean sequencer, Burn burn, Selection selection, long bidLo, long bidHi, Traits traits) {

    /** A FEE_BURN policy as written: FIXED (lo), RANDOM (lo..hi, seed or none) or MINIMAL. */
    public record Burn(String kind, long lo, long hi, Long seed) {
        /** The policy; {@code seed} is used for a random policy written without one. */
        public FeeBurnPolicy policy(long defaultSeed) {
            return switch (kind) {
                case "fixed" -> FeeBurnPolicy.fixed(lo);
                case "random" -> FeeBurnPolicy.random(lo, hi, seed == null ? defaultSeed : seed);
                default -> FeeBurnPolicy.minimalTopK();
            };
        }
    }

    /**
     * A node choice as written: {@code all} or {@code topk}, optionally capacity-bound.
     *
     * @param slots    for {@code capacity:N}: N slots of one clock unit per job (0: slots and
     *                 estimates come from the host)
     * @param estimate job time per kind in the clock's units (node config; may be empty)
     */
    public record Selection(boolean topk, boolean capacity, int slots, Map<JobKind, Long> estimate) {
        public Selection {
            estimate = Map.copyOf(estimate);
        }

        /**
         * The selection; for {@code capacity}: {@code hostSlots} jobs at once and {@code hostEstimate}
         * per kind (used when the strategy itself gives none), in the units of {@code clock}.
         */
        public NodeSelection build(int hostSlots, Map<JobKind, Long> hostEstimate, LongSupplier clock) {
            NodeSelection inner = topk ? NodeSelection.expectedTopK() : NodeSelection.all();
            if (!capacity) return inner;
            if (slots > 0) {
                Map<JobKind, Long> one = new EnumMap<>(JobKind.class);
                for (JobKind k : JobKind.values()) one.put(k, 1L);
                return NodeSelection.capacityAware(inner, one, slots, clock);
            }
            return NodeSelection.capacityAware(inner, estimate.isEmpty() ? hostEstimate : estimate, hostSlots, clock);
        }
    }

    /**
     * Simulator agent behaviour; zero / false / null for none.
     *
     * @param offlinePpm    probability per block of going offline
     * @param offlineBlocks blocks it then stays offline
     * @param sellsPpm      share of the bought slots' rewards the seller is paid (−1: sells nothing)
     * @param withholdPpm   share of the provers a sequencer withholds its data from
     * @param l1Ppm         share of L1 blocks this actor proposes
     * @param mev           MEV earned off chain per block won (units), null if none
     */
    public record Traits(
            long offlinePpm,
            int offlineBlocks,
            long sellsPpm,
            boolean aggregator,
            boolean colludes,
            int grinderKeys,
            long l1Ppm,
            long withholdPpm,
            BigInteger mev) {
        public static final Traits NONE = new Traits(0, 0, -1, false, false, 0, 0, 0, null);

        public boolean any() {
            return !equals(NONE);
        }
    }

    /** Parses a prover or sequencer strategy (a sequencer's starts with {@code bid:}). */
    public static Strategy parse(String text) {
        if (text == null || text.isBlank())
            throw new IllegalArgumentException(
                    "strategy: empty (expected BURN/SELECTION, e.g. fixed:10%/all, or bid:LO-HI)");
        String t = text.strip();
        String[] parts = t.split("/", -1);
        boolean seq = parts[0].toLowerCase(Locale.ROOT).startsWith("bid:");
        long lo = 0, hi = 0;
        Burn burn = null;
        Selection sel = null;
        int first;
        if (seq) {
            long[] r = range(parts[0].substring(4), t, "bid", 1000 * Ppm.ONE);
            lo = r[0];
            hi = r[1];
            first = 1;
        } else {
            if (parts.length < 2)
                throw new IllegalArgumentException("strategy '" + t + "': expected BURN/SELECTION, e.g. fixed:10%/all");
            burn = burn(parts[0], t);
            sel = selection(parts[1], Map.of(), t);
            first = 2;
        }
        Traits tr = traits(List.of(parts).subList(first, parts.length), seq, t);
        return new Strategy(t, seq, burn, sel, lo, hi, tr);
    }

    /**
     * A prover strategy from the node config's two keys, {@code feeBurn} and {@code nodes}, with the
     * job times per kind of {@code estimate} (for {@code capacity}); a node takes no agent traits.
     */
    public static Strategy prover(String feeBurn, String nodes, Map<JobKind, Long> estimate) {
        String t = feeBurn.strip() + "/" + nodes.strip();
        Burn b = burn(feeBurn.strip(), t);
        Selection s = selection(nodes.strip(), estimate, t);
        if (s.capacity() && s.slots() == 0) {
            for (JobKind k : JobKind.values()) {
                Long e = estimate.get(k);
                if (e == null || e <= 0)
                    throw new IllegalArgumentException("node choice " + nodes + " needs a positive estimate for "
                            + k.name().toLowerCase(Locale.ROOT));
            }
        }
        return new Strategy(t, false, b, s, 0, 0, Traits.NONE);
    }

    /** Checks that the strategy can run in a network of {@code mode} (minimal FEE_BURN needs PUBLIC). */
    public Strategy checkMode(VrfMode mode) {
        if (burn != null && burn.kind().equals("minimal") && mode != VrfMode.PUBLIC) {
            throw new IllegalArgumentException("strategy '" + text
                    + "': minimal FEE_BURN needs VRF mode PUBLIC (in PRIVATE mode others' ranks are unknown)");
        }
        return this;
    }

    // ---- what the node config reads --------------------------------------------------------------

    /** The FEE_BURN policy (a random one without a seed uses seed 0). */
    public FeeBurnPolicy feeBurnPolicy() {
        return burn.policy(0);
    }

    /** The node choice; {@code slots} and {@code clock} serve {@code capacity} with the config's estimate. */
    public NodeSelection selection(int slots, LongSupplier clock) {
        return selection.build(slots, selection.estimate(), clock);
    }

    /** The config's job time estimate per kind (empty when not given). */
    public Map<JobKind, Long> estimate() {
        return selection == null ? Map.of() : selection.estimate();
    }

    @Override
    public String toString() {
        return text;
    }

    // ---- parsing ---------------------------------------------------------------------------------

    private static Burn burn(String b, String whole) {
        String s = b.strip().toLowerCase(Locale.ROOT);
        if (s.equals("minimal")) return new Burn("minimal", 0, 0, null);
        if (s.startsWith("fixed:")) return new Burn("fixed", feeBurn(s.substring(6), whole), 0, null);
        if (s.startsWith("random:")) {
            String r = s.substring(7);
            String[] c = r.split(":");
            if (c.length == 3 || c.length == 2 && !r.contains("-")) {
                long lo = feeBurn(c[0], whole), hi = feeBurn(c[1], whole);
                if (lo > hi) throw new IllegalArgumentException("strategy '" + whole + "': low FEE_BURN above high");
                Long seed = null;
                if (c.length == 3) {
                    try {
                        seed = Long.parseLong(c[2]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(
                                "strategy '" + whole + "': random seed is not a number: " + c[2]);
                    }
                }
                return new Burn("random", lo, hi, seed);
            }
            long[] lh = range(r, whole, "FEE_BURN", Ppm.ONE);
            return new Burn("random", lh[0], lh[1], null);
        }
        throw new IllegalArgumentException(
                "strategy '" + whole + "': unknown FEE_BURN policy '" + b + "' (fixed:R, random:LO-HI, minimal)");
    }

    private static Selection selection(String s, Map<JobKind, Long> estimate, String whole) {
        String n = s.strip().toLowerCase(Locale.ROOT);
        boolean cap = n.equals("capacity") || n.startsWith("capacity:");
        String inner = n.equals("capacity") ? "all" : cap ? n.substring(9) : n;
        if (cap && inner.matches("[0-9]+")) {
            int slots;
            try {
                slots = Integer.parseInt(inner);
            } catch (NumberFormatException e) {
                slots = 0;
            }
            if (slots < 1 || slots > 1_000_000)
                throw new IllegalArgumentException("strategy '" + whole + "': capacity:N needs N in 1..1000000");
            return new Selection(false, true, slots, estimate);
        }
        return switch (inner) {
            case "all" -> new Selection(false, cap, 0, estimate);
            case "topk", "top" -> new Selection(true, cap, 0, estimate);
            default ->
                throw new IllegalArgumentException("strategy '" + whole + "': unknown node choice '" + s
                        + "' (all, topk, capacity, capacity:all, capacity:topk or capacity:N)");
        };
    }

    private static Traits traits(List<String> terms, boolean seq, String whole) {
        long offP = 0, sells = -1, l1 = 0, withhold = 0;
        int offB = 0, grinder = 0;
        boolean agg = false, coll = false;
        BigInteger mev = null;
        for (String raw : terms) {
            String term = raw.strip().toLowerCase(Locale.ROOT);
            int c = term.indexOf(':');
            String name = c < 0 ? term : term.substring(0, c), arg = c < 0 ? "" : term.substring(c + 1);
            boolean proverOnly = !seq, ok = true;
            switch (name) {
                case "colludes" -> coll = true;
                case "offline" -> {
                    ok = proverOnly;
                    int x = arg.indexOf('x');
                    if (x < 0)
                        throw new IllegalArgumentException(
                                "strategy '" + whole + "': offline needs P%xB, e.g. offline:5%x20");
                    offP = ratio(arg.substring(0, x), whole, "offline probability", Ppm.ONE);
                    offB = count(arg.substring(x + 1), whole, "offline blocks");
                }
                case "sells" -> {
                    ok = proverOnly;
                    sells = ratio(arg, whole, "seller's price", Ppm.ONE);
                }
                case "aggregator" -> {
                    ok = proverOnly;
                    agg = true;
                }
                case "grinder" -> {
                    ok = proverOnly;
                    grinder = count(arg, whole, "keys tried per block");
                }
                case "l1" -> {
                    ok = proverOnly;
                    l1 = ratio(arg, whole, "share of L1 blocks", Ppm.ONE);
                }
                case "withhold" -> {
                    ok = seq;
                    withhold = ratio(arg, whole, "share of provers withheld from", Ppm.ONE);
                }
                case "mev" -> {
                    ok = seq;
                    mev = Amounts.parse(arg, "strategy '" + whole + "' MEV per block");
                }
                default ->
                    throw new IllegalArgumentException("strategy '" + whole + "': unknown term '" + raw + "' ("
                            + (seq
                                    ? "sequencer terms: withhold:P%, colludes, mev:AMOUNT"
                                    : "prover agents: offline:P%xB, sells:R, aggregator, colludes, grinder:K, l1:P%")
                            + ")");
            }
            if (!ok)
                throw new IllegalArgumentException(
                        "strategy '" + whole + "': '" + raw + "' is a " + (seq ? "prover" : "sequencer") + " term");
        }
        if (agg && sells >= 0)
            throw new IllegalArgumentException("strategy '" + whole + "': an aggregator does not sell its slots");
        return new Traits(offP, offB, sells, agg, coll, grinder, l1, withhold, mev);
    }

    private static long[] range(String r, String whole, String what, long max) {
        int dash = r.indexOf('-');
        if (dash < 0)
            throw new IllegalArgumentException("strategy '" + whole + "': " + what + " needs LO-HI, e.g. 0%-30%");
        long lo = ratio(r.substring(0, dash), whole, "low " + what, max),
                hi = ratio(r.substring(dash + 1), whole, "high " + what, max);
        if (lo > hi) throw new IllegalArgumentException("strategy '" + whole + "': low " + what + " above high");
        return new long[] {lo, hi};
    }

    private static long feeBurn(String s, String whole) {
        return ratio(s, whole, "FEE_BURN", Ppm.ONE);
    }

    /** A ratio: 10%, 100000ppm, or a bare integer in ppm; checked against {@code max}. */
    private static long ratio(String s, String whole, String what, long max) {
        String v = s.strip();
        long ppm;
        if (v.matches("[0-9]{1,18}")) ppm = Long.parseLong(v);
        else ppm = Ppm.parse(v, "strategy '" + whole + "' " + what);
        if (what.equals("FEE_BURN")) return Ppm.check(ppm, max, "FEE_BURN");
        return Ppm.check(ppm, max, "strategy '" + whole + "' " + what);
    }

    private static int count(String s, String whole, String what) {
        try {
            int n = Integer.parseInt(s.strip());
            if (n >= 1 && n <= 1_000_000) return n;
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(
                "strategy '" + whole + "': " + what + " must be a whole number in 1..1000000, got '" + s + "'");
    }
}
