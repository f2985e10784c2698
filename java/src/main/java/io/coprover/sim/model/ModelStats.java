package io.coprover.sim.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a modelled run measured: one {@link Line} per block (streamed as JSON Lines, never held)
 * and running totals per agent type (a strategy as written) and per operator, so memory stays flat
 * in the number of blocks. Amounts are exact integers in units; shares are computed at the end.
 */
public final class ModelStats {
    /** Per agent type, in one block or the whole run. */
    static final class Agent {
        BigInteger reward = BigInteger.ZERO,
                rebate = BigInteger.ZERO,
                sequencerReward = BigInteger.ZERO,
                fromBond = BigInteger.ZERO,
                mev = BigInteger.ZERO;
        long made, included, dropped, provingMs, wastedMs, rejected, wins;

        void add(Agent o) {
            reward = reward.add(o.reward);
            rebate = rebate.add(o.rebate);
            sequencerReward = sequencerReward.add(o.sequencerReward);
            fromBond = fromBond.add(o.fromBond);
            mev = mev.add(o.mev);
            made += o.made;
            included += o.included;
            dropped += o.dropped;
            provingMs += o.provingMs;
            wastedMs += o.wastedMs;
            rejected += o.rejected;
            wins += o.wins;
        }
    }

    /** One block's figures, filled while it runs. */
    static final class Block {
        final Map<String, Agent> agents = new TreeMap<>();
        /** Every proof made in the block, each once. */
        final List<BlockRun.Rec> made = new java.util.ArrayList<>();

        Agent agent(String label) {
            return agents.computeIfAbsent(label, k -> new Agent());
        }

        void made(BlockRun.Rec r) {
            made.add(r);
        }

        void dropped(Actors.Prover p) {
            agent(p.label()).dropped++;
        }

        void late(Actors.Prover p, long ms) {
            Agent a = agent(p.label());
            a.provingMs += ms;
            a.wastedMs += ms;
        }
    }

    /** The JSON Lines record of one block. */
    public record Line(
            long block,
            String sequencer,
            String sequencerType,
            long feeSplitPpm,
            int txs,
            String fees,
            boolean dropped,
            long acceptedAt,
            long firstRootMs,
            int widenedTo,
            String submitterType,
            String rebate,
            String sequencerReward,
            String fromBond,
            String burnedFeeBurn,
            String burnedMissing,
            String dust,
            int proofsMade,
            int proofsIncluded,
            int unusable,
            int forgedRejected,
            int groundKeys,
            boolean conserved,
            Map<String, AgentLine> agents) {}

    /** One agent type's figures in a block. */
    public record AgentLine(String reward, long made, long included, long provingMs, long wastedMs, String rebate) {}

    /** The run's summary: shares in ppm-free decimals (0..1), amounts in units. */
    public record Summary(
            long blocks,
            long finalised,
            long dropped,
            double dropRate,
            String pool,
            String burned,
            double burnShare,
            double gini,
            int nakamoto,
            long operators,
            double wastedShare,
            double latencyMeanMs,
            double latencyMedianMs,
            double latencyP95Ms,
            long forgedRejected,
            long groundKeys,
            long unusable,
            Map<String, AgentSummary> agents) {}

    public record AgentSummary(
            int provers,
            String reward,
            double rewardShare,
            long made,
            long included,
            long provingMs,
            long wastedMs,
            String rebate,
            long wins,
            String sequencerProfit) {}

    private final Map<String, Agent> agents = new TreeMap<>();
    private final Map<String, Integer> provers = new LinkedHashMap<>();
    private final BigInteger[] byOperator;
    private BigInteger pool = BigInteger.ZERO, burned = BigInteger.ZERO;
    private long blocks, dropped, forged, ground, unusable, latencyN;
    private double latencySum;
    private final long[] latencyHist = new long[1000];
    private long latencyMax = 1;

    ModelStats(int operators, Map<String, Integer> proverCounts, long windowMs) {
        byOperator = new BigInteger[operators];
        Arrays.fill(byOperator, BigInteger.ZERO);
        provers.putAll(proverCounts);
        latencyMax = Math.max(1, windowMs);
    }

    void addOperatorReward(int op, BigInteger r) {
        byOperator[op] = byOperator[op].add(r);
    }

    void add(Line l, Block b, BigInteger blockPool, BigInteger blockBurned) {
        blocks++;
        if (l.dropped()) dropped++;
        pool = pool.add(blockPool);
        burned = burned.add(blockBurned);
        forged += l.forgedRejected();
        ground += l.groundKeys();
        unusable += l.unusable();
        if (l.firstRootMs() >= 0) {
            latencyN++;
            latencySum += l.firstRootMs();
            latencyHist[(int) Math.min(latencyHist.length - 1, l.firstRootMs() * latencyHist.length / latencyMax)]++;
        }
        b.agents.forEach((k, v) -> agents.computeIfAbsent(k, x -> new Agent()).add(v));
    }

    public Summary summary() {
        BigInteger total = BigInteger.ZERO;
        long proving = 0, wasted = 0;
        for (Agent a : agents.values()) {
            total = total.add(a.reward);
            proving += a.provingMs;
            wasted += a.wastedMs;
        }
        Map<String, AgentSummary> out = new LinkedHashMap<>();
        for (Map.Entry<String, Agent> e : agents.entrySet()) {
            Agent a = e.getValue();
            out.put(
                    e.getKey(),
                    new AgentSummary(
                            provers.getOrDefault(e.getKey(), 0),
                            a.reward.toString(),
                            ratio(a.reward, total),
                            a.made,
                            a.included,
                            a.provingMs,
                            a.wastedMs,
                            a.rebate.toString(),
                            a.wins,
                            a.sequencerReward.subtract(a.fromBond).add(a.mev).toString()));
        }
        return new Summary(
                blocks,
                blocks - dropped,
                dropped,
                blocks == 0 ? 0 : (double) dropped / blocks,
                pool.toString(),
                burned.toString(),
                ratio(burned, pool),
                gini(byOperator),
                nakamoto(byOperator),
                byOperator.length,
                proving == 0 ? 0 : (double) wasted / proving,
                latencyN == 0 ? -1 : latencySum / latencyN,
                quantile(0.5),
                quantile(0.95),
                forged,
                ground,
                unusable,
                out);
    }

    private double quantile(double q) {
        if (latencyN == 0) return -1;
        long want = (long) Math.ceil(q * latencyN), seen = 0;
        for (int i = 0; i < latencyHist.length; i++) {
            seen += latencyHist[i];
            if (seen >= want) return (i + 0.5) * latencyMax / latencyHist.length;
        }
        return latencyMax;
    }

    static double ratio(BigInteger a, BigInteger b) {
        if (b.signum() == 0) return 0;
        return new BigDecimal(a)
                .divide(new BigDecimal(b), MathContext.DECIMAL64)
                .doubleValue();
    }

    /** Gini coefficient of the rewards: Σ_i Σ_j |x_i − x_j| / (2 n Σ x), from the sorted values. */
    static double gini(BigInteger[] xs) {
        BigInteger[] s = xs.clone();
        Arrays.sort(s);
        BigInteger sum = BigInteger.ZERO, weighted = BigInteger.ZERO;
        int n = s.length;
        for (int i = 0; i < n; i++) {
            sum = sum.add(s[i]);
            weighted = weighted.add(s[i].multiply(BigInteger.valueOf(2L * (i + 1) - n - 1)));
        }
        if (sum.signum() == 0 || n == 0) return 0;
        return ratio(weighted, sum.multiply(BigInteger.valueOf(n)));
    }

    /** Nakamoto coefficient: the fewest operators that together earned more than half of all rewards (0 if none earned). */
    static int nakamoto(BigInteger[] xs) {
        BigInteger[] s = xs.clone();
        Arrays.sort(s, java.util.Collections.reverseOrder());
        BigInteger sum = BigInteger.ZERO;
        for (BigInteger x : s) sum = sum.add(x);
        if (sum.signum() == 0) return 0;
        BigInteger acc = BigInteger.ZERO;
        for (int i = 0; i < s.length; i++) {
            acc = acc.add(s[i]);
            if (acc.shiftLeft(1).compareTo(sum) > 0) return i + 1;
        }
        return s.length;
    }

    static AgentLine line(Agent a) {
        return new AgentLine(a.reward.toString(), a.made, a.included, a.provingMs, a.wastedMs, a.rebate.toString());
    }

    static List<String> labels(Map<String, ?> m) {
        return List.copyOf(m.keySet());
    }
}
