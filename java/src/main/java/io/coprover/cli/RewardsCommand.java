package io.coprover.cli;

import io.coprover.protocol.Amounts;
import io.coprover.protocol.Ppm;
import io.coprover.protocol.RewardSplit;
import io.coprover.protocol.TreeShape;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code coprover rewards}: the reward split of one block (PROTOCOL.md §6) for a full tree in which
 * every proof bids the same FEE_BURN, in AZT (18 decimals) and in units.
 */
@Command(
        name = "rewards",
        mixinStandardHelpOptions = true,
        description = {
            "Prints how a block's fees and reward are split between the sequencer, the provers and the burn.",
            "Assumes a full tree (every node has PROOFS_PER_NODE proofs, the root 1) with the same FEE_BURN on every proof.",
            "Amounts: AZT with up to 18 decimals (1000, 1000.5, 1000.5AZT) or whole units (1500units); 1 AZT = 10^18 units.",
            "Ratios: percent with up to 4 decimals (80%%, 12.3456%%) or parts per million (800000ppm)."
        })
public final class RewardsCommand implements Callable<Integer> {
    @Option(names = "--total-fees", required = true, paramLabel = "AMOUNT", description = "TOTAL_TX_FEES of the block.")
    String totalFees;

    @Option(
            names = "--block-reward",
            defaultValue = "0",
            paramLabel = "AMOUNT",
            description = "BLOCK_REWARD (default: ${DEFAULT-VALUE}).")
    String blockReward;

    @Option(
            names = "--txs",
            required = true,
            paramLabel = "N",
            description = "Number of txs in the block (padded to a power of two ≥ 2).")
    int txs;

    @Option(
            names = "--fee-split",
            required = true,
            paramLabel = "P",
            description = "FEE_SPLIT, the share for provers; above 100%% the excess comes from the sequencer's bond.")
    String feeSplit;

    @Option(
            names = "--fee-burn",
            defaultValue = "0%",
            paramLabel = "P",
            description = "FEE_BURN of every proof, 0..100%% (default: 0%%).")
    String feeBurn;

    @Option(
            names = "--proofs-per-node",
            defaultValue = "3",
            paramLabel = "K",
            description = "PROOFS_PER_NODE (default: ${DEFAULT-VALUE}).")
    int proofsPerNode;

    @Option(
            names = "--max-fee-split",
            defaultValue = "10000%",
            paramLabel = "P",
            description = "Largest FEE_SPLIT accepted (default: 10000%%).")
    String maxFeeSplit;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BigInteger fees = Amounts.parse(totalFees, "--total-fees");
        BigInteger reward = Amounts.parse(blockReward, "--block-reward");
        long split = Ppm.parse(feeSplit, "--fee-split");
        long burn = Ppm.check(Ppm.parse(feeBurn, "--fee-burn"), Ppm.ONE, "--fee-burn");
        long maxSplit = Ppm.parse(maxFeeSplit, "--max-fee-split");
        if (proofsPerNode < 1 || proofsPerNode > 255)
            throw new IllegalArgumentException("--proofs-per-node must be in 1..255, got " + proofsPerNode);
        TreeShape shape = TreeShape.forTxs(txs);
        RewardSplit s = RewardSplit.uniform(fees, reward, split, maxSplit, shape, proofsPerNode, burn);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "block: %d txs, padded to %d: %d base + %d merge = %d nodes, %d slots (%d proofs: the root has 1)%n",
                txs,
                shape.paddedTxs(),
                shape.numBase(),
                shape.numNodes() - shape.numBase(),
                shape.numNodes(),
                s.slots(),
                s.payouts().size());
        out.printf(
                "FEE_SPLIT %s (%d ppm), FEE_BURN %s (%d ppm) on every proof%n%n",
                Ppm.format(split), split, Ppm.format(burn), burn);
        String fmt = "%-36s %32s %34s%n";
        out.printf(fmt, "", "AZT", "units");
        row(out, fmt, "pool (total fees + block reward)", s.pool());
        row(out, fmt, "prover network reward", s.network());
        row(out, fmt, "sequencer", s.sequencer());
        row(out, fmt, "from sequencer bond (FEE_SPLIT>100%)", s.fromBond());
        row(out, fmt, "share per slot", s.share());
        BigInteger per =
                s.payouts().isEmpty() ? BigInteger.ZERO : s.payouts().get(0).reward();
        row(out, fmt, "reward per proof", per);
        row(out, fmt, "burned per proof (FEE_BURN)", s.share().subtract(per));
        row(out, fmt, "total prover rewards (" + s.payouts().size() + " proofs)", s.totalRewards());
        row(out, fmt, "burned: FEE_BURN", s.burnedByFeeBurn());
        row(out, fmt, "burned: missing slots (" + (s.slots() - s.payouts().size()) + ")", s.burnedMissing());
        row(out, fmt, "burned: rounding dust", s.dust());
        row(out, fmt, "burned: total", s.burned());
        out.printf("%ncheck: sequencer + rewards + burned = pool + bond: %s%n", s.conserved() ? "OK" : "FAILED");
        return s.conserved() ? 0 : 1;
    }

    private static void row(PrintWriter out, String fmt, String label, BigInteger units) {
        out.printf(fmt, label, Amounts.formatAzt(units), units.toString());
    }
}
