package io.coprover.scheduler;

import io.coprover.protocol.NodeId;
import io.coprover.protocol.Score;
import java.math.BigInteger;

/**
 * A node this prover may prove, with the FEE_BURN its policy picked, the resulting score, the
 * expected rank among the node's eligible provers (1 = best; exact in PUBLIC mode, an estimate in
 * PRIVATE mode) and the reward expected: the share after FEE_BURN when the expected rank is within
 * PROOFS_PER_NODE, else 0.
 */
public record NodeChoice(
        NodeId node,
        JobKind kind,
        long u,
        long feeBurnPpm,
        Score ownScore,
        double expectedRank,
        BigInteger expectedReward) {}
