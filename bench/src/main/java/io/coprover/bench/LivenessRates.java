package io.coprover.bench;

import io.coprover.protocol.BlockDraw;
import io.coprover.protocol.Eligibility;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.Seeds;
import io.coprover.protocol.TreeShape;
import io.coprover.protocol.VrfMode;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * How often a block would be unprovable for want of an eligible prover (PROTOCOL "Liveness"):
 * for N provers (all staked for both roles) and trees of M nodes, draws real PUBLIC-mode betas
 * (SHA-256(pk ‖ alpha) over the protocol's alphas, fresh RANDAO and beta_seq per block) and counts
 * the blocks in which some node has no eligible prover with E = 8 (the rule without widening), and
 * in each widening round E·2^k; the open round makes every staked prover eligible, so with N ≥ 1
 * no block is unprovable for this reason.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar io.coprover.bench.LivenessRates [blocks-per-case]}
 */
public final class LivenessRates {
    private LivenessRates() {}

    public static void main(String[] args) {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        ProtocolParams params = ProtocolParams.defaults().withMode(VrfMode.PUBLIC);
        System.out.println(
                "| provers N | tree nodes M | blocks | some node with no eligible prover, E = 8 (no widening) | still after round 1 (E = 16) | still after round 2 (E = 32) | after the open round |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (int n : new int[] {100, 1000}) {
            for (int txs : new int[] {32, 256, 1024}) {
                TreeShape shape = TreeShape.forTxs(txs);
                int[] stuck = new int[3];
                Random r = new Random(20261206L ^ n ^ txs);
                byte[][] pks = new byte[n][33];
                for (byte[] pk : pks) {
                    r.nextBytes(pk);
                    pk[0] = 2;
                }
                for (int b = 0; b < blocks; b++) {
                    byte[] randao = new byte[32], beta = new byte[32];
                    r.nextBytes(randao);
                    r.nextBytes(beta);
                    BlockDraw draw = new BlockDraw(params, randao, beta, b + 1, shape);
                    NodeId[] nodes = shape.nodes().toArray(new NodeId[0]);
                    // the round each node first has an eligible prover (3 = only the open round)
                    int worst = IntStream.range(0, nodes.length)
                            .parallel()
                            .map(i -> firstRound(draw, nodes[i], pks))
                            .max()
                            .orElse(0);
                    for (int k = 0; k < 3; k++) if (worst > k) stuck[k]++;
                }
                System.out.printf(
                        "| %d | %d | %d | %s | %s | %s | 0 |%n",
                        n,
                        shape.numNodes(),
                        blocks,
                        pct(stuck[0], blocks),
                        pct(stuck[1], blocks),
                        pct(stuck[2], blocks));
            }
        }
    }

    private static int firstRound(BlockDraw draw, NodeId node, byte[][] pks) {
        byte[] alpha = draw.alpha(node);
        long best = 0; // the largest u: the prover that passes the lowest threshold first
        for (byte[] pk : pks) {
            long u = Seeds.u(VrfMode.publicBeta(pk, alpha));
            if (Long.compareUnsigned(u, best) > 0) best = u;
        }
        for (int k = 0; k < 3; k++) if (Eligibility.of(8 << k, pks.length).test(best)) return k;
        return 3;
    }

    private static String pct(int k, int of) {
        return String.format("%d (%.2f %%)", k, 100.0 * k / of);
    }
}
