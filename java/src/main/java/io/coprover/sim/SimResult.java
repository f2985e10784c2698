package io.coprover.sim;

import java.util.List;

/**
 * Everything a simulated run produced, machine-readable ({@code --json}). Amounts are decimal
 * strings in units (10^-18 AZT), scores decimal strings (128-bit), ratios in ppm, times in
 * milliseconds (times are the only fields that differ between two runs with the same seed).
 */
public record SimResult(
        SimConfig config,
        Setup setup,
        List<ProverInfo> provers,
        List<SequencerInfo> sequencers,
        List<BlockReport> blocks,
        List<JobSpan> jobs,
        Summary summary) {

    /** Key generation and proving-key setup. */
    public record Setup(
            String backend, int baseRows, int baseDomainLog, int mergeRows, int mergeDomainLog, double setupMs) {}

    public record ProverInfo(String name, String pk, String role, String strategy, String backends, boolean withheld) {}

    public record SequencerInfo(String name, String pk) {}

    /** A sequencer's bid: its VRF value, FEE_SPLIT and score u·(10^6 + FEE_SPLIT). */
    public record Bid(String sequencer, long feeSplitPpm, String u, String score, boolean winner) {}

    /** A prover eligible at a node, as ranked with the FEE_BURN it chose there (0 if it did not plan the node). */
    public record RankEntry(
            int rank,
            String prover,
            String u,
            long feeBurnPpm,
            String score,
            boolean planned,
            boolean proved,
            boolean included) {}

    public record NodeRanking(String node, List<RankEntry> eligible) {}

    /** A proof some prover made (its own work; reused = found in its proof store). */
    public record ProofInfo(
            String prover,
            String node,
            String kind,
            String id,
            long feeBurnPpm,
            String backend,
            double witnessMs,
            double proveMs,
            boolean reused,
            boolean included) {}

    /** A root submission and the contract's answer. */
    public record RootInfo(
            String submitter, String rootId, String score, boolean valid, String reason, boolean leading, int proofs) {}

    /** What one prover earned and burned in a block. */
    public record Payout(String prover, int proofs, String reward, String burned) {}

    public record BlockReport(
            long block,
            long acceptedAt,
            long finalisedAt,
            List<Bid> election,
            String sequencer,
            long feeSplitPpm,
            int txs,
            String fees,
            List<String> withheldFrom,
            List<NodeRanking> ranking,
            List<ProofInfo> proofs,
            List<RootInfo> roots,
            String winnerRoot,
            String winnerScore,
            String winnerSubmitter,
            String rebate,
            boolean dropped,
            String slashed,
            List<Payout> payouts,
            String sequencerReward,
            String burnedByFeeBurn,
            String burnedMissing,
            String dust,
            boolean conserved,
            boolean contractConserved,
            int rejected,
            int rounds,
            double wallMs) {}

    /** One job on one device: when it ran (ms since the run started) and how it ended. */
    public record JobSpan(
            String prover,
            String worker,
            long block,
            String node,
            String kind,
            String state,
            int attempts,
            double startMs,
            double endMs,
            String reason) {}

    public record ProverSummary(
            String prover, String strategy, String reward, int included, int made, int wasted, double wastedMs) {}

    public record StrategySummary(String strategy, int provers, int made, int wasted, double wastedMs, String reward) {}

    public record TimeSummary(String kind, String backend, int count, double medianMs, double minMs, double maxMs) {}

    public record Summary(
            List<ProverSummary> provers,
            List<StrategySummary> strategies,
            List<TimeSummary> proofTimes,
            int finalised,
            int dropped,
            String burned,
            String slashed,
            long retries,
            double wallMs) {}
}
