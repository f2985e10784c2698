package io.coprover.sim;

import io.coprover.protocol.Amounts;
import io.coprover.protocol.Ppm;
import java.io.PrintStream;
import java.math.BigInteger;
import java.util.List;

/**
 * The human-readable output of {@code coprover simulate}: a section per block as it is finalised,
 * then the summary. Everything but the times (marked "s"/"ms") is the same for the same seed.
 */
public final class TextReport implements Devnet.Observer {
    private final PrintStream out;

    public TextReport(PrintStream out) {
        this.out = out;
    }

    /** An amount in AZT with trailing zeros dropped, e.g. {@code 0.0645 AZT}. */
    static String azt(String units) {
        String s = Amounts.formatAzt(new BigInteger(units));
        s = s.replaceAll("0+$", "");
        if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        return s + " AZT";
    }

    static String shortId(String hex) {
        return hex == null ? "-" : hex.substring(0, 12);
    }

    @Override
    public void onSetup(SimResult.Setup s, List<SimResult.ProverInfo> provers, List<SimResult.SequencerInfo> seqs) {
        out.printf(
                "coprover devnet: %d sequencers, %d provers; base circuit %d rows (2^%d), merge %d rows (2^%d); keys set up in %.1f s%n",
                seqs.size(),
                provers.size(),
                s.baseRows(),
                s.baseDomainLog(),
                s.mergeRows(),
                s.mergeDomainLog(),
                s.setupMs() / 1000);
        for (SimResult.ProverInfo p : provers) {
            out.printf(
                    "  %-10s %-5s strategy %-22s devices %-12s key %s%s%n",
                    p.name(),
                    p.role(),
                    p.strategy(),
                    p.backends(),
                    p.pk().substring(0, 16),
                    p.withheld() ? "  (block data withheld)" : "");
        }
        for (SimResult.SequencerInfo q : seqs)
            out.printf(
                    "  %-10s sequencer                                            key %s%n",
                    q.name(), q.pk().substring(0, 16));
        out.println();
        out.flush();
    }

    @Override
    public void onBlock(SimResult.BlockReport b) {
        out.printf(
                "== block %d: %d txs, fees %s units; accepted at L1 %d, finalised at %d after %d rounds (%.1f s)%n",
                b.block(), b.txs(), b.fees(), b.acceptedAt(), b.finalisedAt(), b.rounds(), b.wallMs() / 1000);
        out.println("  sequencer election (score = u·(10^6 + FEE_SPLIT)):");
        for (SimResult.Bid bid : b.election()) {
            out.printf(
                    "    %-8s FEE_SPLIT %-10s u %-20s score %-28s%s%n",
                    bid.sequencer(),
                    Ppm.format(bid.feeSplitPpm()),
                    bid.u(),
                    bid.score(),
                    bid.winner() ? "  <- elected" : "");
        }
        if (!b.withheldFrom().isEmpty())
            out.printf("  %s withholds the block's data from %s%n", b.sequencer(), String.join(", ", b.withheldFrom()));
        out.println(
                "  eligible provers per node, best first (score = u·(10^6 + FEE_BURN)); p = planned, P = proved, I = included:");
        for (SimResult.NodeRanking nr : b.ranking()) {
            if (nr.eligible().isEmpty()) {
                out.printf("    %-7s nobody eligible%n", nr.node());
                continue;
            }
            boolean first = true;
            for (SimResult.RankEntry e : nr.eligible()) {
                out.printf(
                        "    %-7s %d. %-10s FEE_BURN %-8s u %-20s score %-28s %s%s%s%n",
                        first ? nr.node() : "",
                        e.rank(),
                        e.prover(),
                        Ppm.format(e.feeBurnPpm()),
                        e.u(),
                        e.score(),
                        e.planned() ? "p" : "-",
                        e.proved() ? "P" : "-",
                        e.included() ? "I" : "-");
                first = false;
            }
        }
        out.println("  proofs made:");
        for (SimResult.ProofInfo p : b.proofs()) {
            out.printf(
                    "    %-7s %-5s %-10s id %s FEE_BURN %-8s %-10s %s%s  (%.2f s)%n",
                    p.node(),
                    p.kind(),
                    p.prover(),
                    shortId(p.id()),
                    Ppm.format(p.feeBurnPpm()),
                    p.backend(),
                    p.included() ? "included" : "not included",
                    p.reused() ? ", reused" : "",
                    (p.witnessMs() + p.proveMs()) / 1000);
        }
        out.println("  competing roots:");
        if (b.roots().isEmpty()) out.println("    none submitted");
        for (SimResult.RootInfo r : b.roots()) {
            out.printf(
                    "    %-10s root %s score %-30s %s%n",
                    r.submitter(),
                    shortId(r.rootId()),
                    r.score() == null ? "-" : r.score(),
                    r.valid() ? (r.leading() ? "valid, leads" : "valid") : "rejected: " + r.reason());
        }
        if (b.dropped()) {
            out.printf(
                    "  no valid root by the deadline: block dropped, %s slashed %s%n", b.sequencer(), azt(b.slashed()));
        } else {
            out.printf(
                    "  winner: root %s score %s, submitted by %s (gas rebate %s)%n",
                    shortId(b.winnerRoot()), b.winnerScore(), b.winnerSubmitter(), azt(b.rebate()));
            for (SimResult.Payout p : b.payouts()) {
                out.printf(
                        "    %-10s %d proof%s  reward %-26s burned %s%n",
                        p.prover(), p.proofs(), p.proofs() == 1 ? " " : "s", azt(p.reward()), azt(p.burned()));
            }
            out.printf("    %-10s sequencer  reward %s%n", b.sequencer(), azt(b.sequencerReward()));
            out.printf(
                    "    burned: FEE_BURN %s, empty slots %s, dust %s units; value conserved: %s%n",
                    azt(b.burnedByFeeBurn()),
                    azt(b.burnedMissing()),
                    b.dust(),
                    b.conserved() && b.contractConserved() ? "yes" : "NO");
        }
        if (b.rejected() > 0) out.printf("  gossip messages rejected: %d%n", b.rejected());
        out.println();
        out.flush();
    }

    public void summary(SimResult r) {
        SimResult.Summary s = r.summary();
        out.printf(
                "== summary: %d blocks finalised, %d dropped; burned %s, slashed %s; %d retried attempts; %.1f s%n",
                s.finalised(), s.dropped(), azt(s.burned()), azt(s.slashed()), s.retries(), s.wallMs() / 1000);
        out.println("  prover      strategy                reward                      included/made  wasted (time)");
        for (SimResult.ProverSummary p : s.provers()) {
            out.printf(
                    "  %-10s  %-22s  %-26s  %3d/%-3d        %3d  (%.1f s)%n",
                    p.prover(), p.strategy(), azt(p.reward()), p.included(), p.made(), p.wasted(), p.wastedMs() / 1000);
        }
        out.println("  strategy                provers  made  wasted (time)    reward");
        for (SimResult.StrategySummary p : s.strategies()) {
            out.printf(
                    "  %-22s  %7d  %4d  %6d (%.1f s)  %s%n",
                    p.strategy(), p.provers(), p.made(), p.wasted(), p.wastedMs() / 1000, azt(p.reward()));
        }
        out.println("  proof times (witness + prove):");
        for (SimResult.TimeSummary t : s.proofTimes()) {
            out.printf(
                    "    %-5s on %-12s %3d proofs  median %.2f s  min %.2f s  max %.2f s%n",
                    t.kind(), t.backend(), t.count(), t.medianMs() / 1000, t.minMs() / 1000, t.maxMs() / 1000);
        }
        out.flush();
    }
}
