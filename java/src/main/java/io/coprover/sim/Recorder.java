package io.coprover.sim;

import io.coprover.node.ContractClient;
import io.coprover.node.GossipTransport;
import io.coprover.node.NodeListener;
import io.coprover.protocol.BlockHeader;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.Ranking;
import io.coprover.protocol.RewardSplit;
import io.coprover.protocol.RollupContract;
import io.coprover.protocol.Seeds;
import io.coprover.protocol.vrf.VrfKeyPair;
import io.coprover.scheduler.JobId;
import io.coprover.scheduler.JobListener;
import io.coprover.scheduler.JobSnapshot;
import io.coprover.scheduler.JobState;
import io.coprover.scheduler.NodeChoice;
import io.coprover.scheduler.ProofResult;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Collects what the devnet's nodes report (plans, own proofs, submissions, rejections, job spans)
 * and turns it into {@link SimResult} records per block and for the whole run. Node callbacks come
 * from several threads: every method is synchronized.
 */
final class Recorder {
    private final SimConfig cfg;
    private final long t0;
    private final Map<Bytes, String> names = new HashMap<>();
    private final Map<String, VrfKeyPair> keys = new LinkedHashMap<>();
    private final Map<String, String> strategies = new LinkedHashMap<>();
    private final List<SimResult.JobSpan> spans = new ArrayList<>();
    private final Map<JobId, double[]> starts = new HashMap<>();
    // per block
    private long block;
    private List<RollupContract.Bid> bids;
    private RollupContract.Bid winner;
    private String seqName;
    private BlockHeader header;
    private final Map<String, List<NodeChoice>> plans = new TreeMap<>();
    private final Map<String, Boolean> haveData = new TreeMap<>();
    private final List<Own> own = new ArrayList<>();
    private final List<SimResult.RootInfo> roots = new ArrayList<>();
    private List<SimResult.NodeRanking> ranking = List.of();
    private int rejected;
    private final List<String> rejections = new ArrayList<>();
    private long retries;

    private record Own(String prover, ProofRecord proof, ProofResult result, boolean reused) {}

    Recorder(SimConfig cfg, long t0) {
        this.cfg = cfg;
        this.t0 = t0;
    }

    synchronized void prover(String name, Bytes pk, VrfKeyPair key, String strategy) {
        names.put(pk, name);
        keys.put(name, key);
        strategies.put(name, strategy);
    }

    synchronized void sequencer(String name, Bytes pk) {
        names.put(pk, name);
    }

    private String name(Bytes pk) {
        return names.getOrDefault(pk, pk.shortHex(12));
    }

    JobListener timeline(String prover) {
        return new JobListener() {
            @Override
            public void onState(JobSnapshot s) {
                span(prover, s);
            }
        };
    }

    private synchronized void span(String prover, JobSnapshot s) {
        double now = Devnet.ms(System.nanoTime() - t0);
        if (s.state() == JobState.RUNNING) {
            starts.put(s.id(), new double[] {now});
            return;
        }
        if (s.state() == JobState.QUEUED && s.attempts() > 0) retries++;
        if (s.state() == JobState.QUEUED && s.attempts() > 0 || s.state().isFinal()) {
            double[] st = starts.remove(s.id());
            if (st == null && !s.reused() && s.state() != JobState.FAILED) return; // cancelled before it ran
            spans.add(new SimResult.JobSpan(
                    prover,
                    prover + "/" + (s.worker() == null ? "store" : s.worker()),
                    s.id().block(),
                    s.id().node().toString(),
                    s.id().kind().name(),
                    s.state() == JobState.QUEUED ? "RETRIED" : s.state().name(),
                    s.attempts(),
                    st == null ? now : st[0],
                    now,
                    s.reason()));
        }
    }

    NodeListener listener(String prover) {
        return new NodeListener() {
            @Override
            public void onPlan(long b, List<NodeChoice> plan, boolean data) {
                synchronized (Recorder.this) {
                    plans.put(prover, plan);
                    haveData.put(prover, data);
                }
            }

            @Override
            public void onOwnProof(ProofRecord proof, ProofResult result, boolean reused) {
                synchronized (Recorder.this) {
                    own.add(new Own(prover, proof, result, reused));
                }
            }

            @Override
            public void onRejected(GossipTransport.Topic topic, String fromPeer, String reason) {
                synchronized (Recorder.this) {
                    rejected++;
                    if (rejections.size() < 20)
                        rejections.add(prover + " rejected " + topic + " from " + fromPeer + ": " + reason);
                }
            }

            @Override
            public void onRootSubmitted(long b, Bytes rootId, ContractClient.SubmitResult r) {
                synchronized (Recorder.this) {
                    int n = 0;
                    roots.add(new SimResult.RootInfo(
                            prover,
                            rootId.hex(),
                            r.score() == null ? null : r.score().toBigInteger().toString(),
                            r.valid(),
                            r.reason(),
                            r.leading(),
                            n));
                }
            }
        };
    }

    synchronized void beginBlock(
            long b, List<RollupContract.Bid> bids, RollupContract.Bid winner, String seqName, BlockHeader header) {
        this.block = b;
        this.bids = bids;
        this.winner = winner;
        this.seqName = seqName;
        this.header = header;
        plans.clear();
        haveData.clear();
        own.clear();
        roots.clear();
        rejected = 0;
        rejections.clear();
    }

    /** Per node: the eligible provers ranked with the FEE_BURN each chose there (PROTOCOL §4). */
    synchronized void ranking(long b, ContractClient.AcceptedBlock acc) {
        Map<NodeId, Map<Bytes, Long>> burns = new HashMap<>();
        Map<NodeId, Set<Bytes>> planned = new HashMap<>();
        for (Map.Entry<String, List<NodeChoice>> e : plans.entrySet()) {
            Bytes pk = Bytes.of(keys.get(e.getKey()).publicKey());
            for (NodeChoice c : e.getValue()) {
                burns.computeIfAbsent(c.node(), n -> new HashMap<>()).put(pk, c.feeBurnPpm());
                planned.computeIfAbsent(c.node(), n -> new HashSet<>()).add(pk);
            }
        }
        Map<Bytes, VrfKeyPair> byPk = new HashMap<>();
        for (VrfKeyPair k : keys.values()) byPk.put(Bytes.of(k.publicKey()), k);
        Ranking.BetaSource betas =
                Ranking.BetaSource.fromKeys(acc.draw().params().mode(), byPk);
        List<SimResult.NodeRanking> out = new ArrayList<>();
        for (NodeId n : acc.draw().shape().nodes()) {
            Map<Bytes, Long> fb = burns.getOrDefault(n, Map.of());
            List<Ranking.Entry> es =
                    Ranking.rankNode(acc.draw(), acc.registry(), n, pk -> fb.getOrDefault(pk, 0L), betas);
            List<SimResult.RankEntry> rs = new ArrayList<>();
            int rank = 1;
            for (Ranking.Entry e : es) {
                boolean proved = own.stream()
                        .anyMatch(o ->
                                o.proof.node().equals(n) && o.proof.prover().equals(e.pk()));
                rs.add(new SimResult.RankEntry(
                        rank++,
                        name(e.pk()),
                        Long.toUnsignedString(e.u()),
                        e.feeBurnPpm(),
                        e.score().toBigInteger().toString(),
                        planned.getOrDefault(n, Set.of()).contains(e.pk()),
                        proved,
                        false));
            }
            out.add(new SimResult.NodeRanking(n.toString(), rs));
        }
        ranking = out;
    }

    synchronized SimResult.BlockReport endBlock(
            ContractClient.Finalised f,
            long acceptedAt,
            long finalisedAt,
            boolean contractConserved,
            int rounds,
            double wallMs) {
        Set<Bytes> included = new HashSet<>();
        Map<String, BigInteger[]> pay = new TreeMap<>(Comparator.comparingInt(Recorder::ordinal));
        Map<String, Integer> count = new HashMap<>();
        for (RewardSplit.Payout p : f.payouts()) {
            included.add(p.proof().proofId());
            String n = name(p.proof().prover());
            pay.computeIfAbsent(n, k -> new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
            pay.get(n)[0] = pay.get(n)[0].add(p.reward());
            pay.get(n)[1] = pay.get(n)[1].add(p.burned());
            count.merge(n, 1, Integer::sum);
        }
        List<SimResult.Payout> payouts = new ArrayList<>();
        for (Map.Entry<String, BigInteger[]> e : pay.entrySet()) {
            payouts.add(new SimResult.Payout(
                    e.getKey(), count.get(e.getKey()), e.getValue()[0].toString(), e.getValue()[1].toString()));
        }
        List<SimResult.ProofInfo> proofs = new ArrayList<>();
        List<Own> sorted = new ArrayList<>(own);
        sorted.sort(Comparator.comparing((Own o) -> o.proof.node()).thenComparing(o -> ordinal(o.prover)));
        for (Own o : sorted) {
            proofs.add(new SimResult.ProofInfo(
                    o.prover,
                    o.proof.node().toString(),
                    io.coprover.scheduler.JobKind.of(header.shape(), o.proof.node())
                            .name(),
                    o.proof.id().hex(),
                    o.proof.feeBurnPpm(),
                    o.result.backend(),
                    Devnet.ms(o.result.witnessNanos()),
                    Devnet.ms(o.result.proveNanos()),
                    o.reused,
                    included.contains(o.proof.id())));
        }
        List<SimResult.NodeRanking> rk = new ArrayList<>();
        for (SimResult.NodeRanking nr : ranking) {
            List<SimResult.RankEntry> es = new ArrayList<>();
            for (SimResult.RankEntry e : nr.eligible()) {
                boolean inc = proofs.stream()
                        .anyMatch(p -> p.included()
                                && p.node().equals(nr.node())
                                && p.prover().equals(e.prover()));
                es.add(new SimResult.RankEntry(
                        e.rank(), e.prover(), e.u(), e.feeBurnPpm(), e.score(), e.planned(), e.proved(), inc));
            }
            rk.add(new SimResult.NodeRanking(nr.node(), es));
        }
        List<SimResult.Bid> election = new ArrayList<>();
        for (RollupContract.Bid b : bids) {
            election.add(new SimResult.Bid(
                    name(b.sequencer()),
                    b.feeSplitPpm(),
                    Long.toUnsignedString(Seeds.u(b.beta())),
                    b.score().toBigInteger().toString(),
                    b.sequencer().equals(winner.sequencer())));
        }
        List<String> withheld = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : haveData.entrySet())
            if (cfg.withholds(seqName, e.getKey())) withheld.add(e.getKey());
        withheld.sort(Comparator.comparingInt(Recorder::ordinal));
        RewardSplit s = f.split();
        return new SimResult.BlockReport(
                block,
                acceptedAt,
                finalisedAt,
                election,
                seqName,
                winner.feeSplitPpm(),
                header.txCount(),
                header.totalFees().toString(),
                withheld,
                rk,
                proofs,
                List.copyOf(roots),
                f.winningRoot() == null ? null : f.winningRoot().hex(),
                f.score() == null ? null : f.score().toBigInteger().toString(),
                f.submitter() == null ? null : name(f.submitter()),
                f.rebate().toString(),
                f.dropped(),
                f.slashed().toString(),
                payouts,
                s == null ? "0" : s.sequencer().toString(),
                s == null ? "0" : s.burnedByFeeBurn().toString(),
                s == null ? "0" : s.burnedMissing().toString(),
                s == null ? "0" : s.dust().toString(),
                s == null || s.conserved(),
                contractConserved,
                rejected,
                rounds,
                wallMs);
    }

    synchronized List<String> rejections() {
        return List.copyOf(rejections);
    }

    static int ordinal(String name) {
        int dash = name.lastIndexOf('-');
        try {
            return Integer.parseInt(name.substring(dash + 1));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    synchronized List<SimResult.JobSpan> jobs() {
        List<SimResult.JobSpan> out = new ArrayList<>(spans);
        out.sort(Comparator.comparingDouble(SimResult.JobSpan::startMs));
        return out;
    }

    synchronized SimResult.Summary summary(List<SimResult.BlockReport> blocks, double wallMs) {
        Map<String, BigInteger> reward = new LinkedHashMap<>();
        Map<String, int[]> made = new LinkedHashMap<>(); // made, included, wasted
        Map<String, Double> wastedMs = new LinkedHashMap<>();
        for (String p : keys.keySet()) {
            reward.put(p, BigInteger.ZERO);
            made.put(p, new int[3]);
            wastedMs.put(p, 0.0);
        }
        Map<String, List<Double>> times = new TreeMap<>();
        BigInteger burned = BigInteger.ZERO, slashed = BigInteger.ZERO;
        int fin = 0, dropped = 0;
        for (SimResult.BlockReport b : blocks) {
            if (b.dropped()) dropped++;
            else fin++;
            slashed = slashed.add(new BigInteger(b.slashed()));
            burned = burned.add(new BigInteger(b.burnedByFeeBurn()))
                    .add(new BigInteger(b.burnedMissing()))
                    .add(new BigInteger(b.dust()));
            for (SimResult.Payout p : b.payouts())
                reward.merge(p.prover(), new BigInteger(p.reward()), BigInteger::add);
            for (SimResult.ProofInfo p : b.proofs()) {
                if (p.reused()) continue;
                int[] m = made.get(p.prover());
                m[0]++;
                if (p.included()) m[1]++;
                else {
                    m[2]++;
                    wastedMs.merge(p.prover(), p.witnessMs() + p.proveMs(), Double::sum);
                }
                times.computeIfAbsent(p.kind() + " " + p.backend(), k -> new ArrayList<>())
                        .add(p.witnessMs() + p.proveMs());
            }
        }
        List<SimResult.ProverSummary> ps = new ArrayList<>();
        Map<String, Object[]> byStrategy = new LinkedHashMap<>();
        for (String p : keys.keySet()) {
            int[] m = made.get(p);
            ps.add(new SimResult.ProverSummary(
                    p, strategies.get(p), reward.get(p).toString(), m[1], m[0], m[2], round(wastedMs.get(p))));
            Object[] agg =
                    byStrategy.computeIfAbsent(strategies.get(p), k -> new Object[] {0, 0, 0, 0.0, BigInteger.ZERO});
            agg[0] = (int) agg[0] + 1;
            agg[1] = (int) agg[1] + m[0];
            agg[2] = (int) agg[2] + m[2];
            agg[3] = (double) agg[3] + wastedMs.get(p);
            agg[4] = ((BigInteger) agg[4]).add(reward.get(p));
        }
        List<SimResult.StrategySummary> ss = new ArrayList<>();
        byStrategy.forEach((k, a) -> ss.add(new SimResult.StrategySummary(
                k, (int) a[0], (int) a[1], (int) a[2], round((double) a[3]), a[4].toString())));
        List<SimResult.TimeSummary> ts = new ArrayList<>();
        times.forEach((k, l) -> {
            l.sort(null);
            String[] kb = k.split(" ", 2);
            ts.add(new SimResult.TimeSummary(
                    kb[0], kb[1], l.size(), round(l.get(l.size() / 2)), round(l.get(0)), round(l.get(l.size() - 1))));
        });
        return new SimResult.Summary(ps, ss, ts, fin, dropped, burned.toString(), slashed.toString(), retries, wallMs);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
