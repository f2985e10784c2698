package io.coprover.scheduler;

import io.coprover.protocol.Score;
import java.math.BigInteger;

/**
 * What a job is worth and until when: the reward expected if its proof is included (units), the
 * deadline (in the scheduler's clock, e.g. L1 height or milliseconds) after which it can no longer
 * be included, and the score its proof will have (to tell when 3 better proofs of its node exist).
 */
public record JobTerms(BigInteger expectedReward, long deadline, Score ownScore) {
    public JobTerms {
        if (expectedReward == null || expectedReward.signum() < 0)
            throw new IllegalArgumentException("job terms: expected reward must be ≥ 0");
        if (ownScore == null) throw new IllegalArgumentException("job terms: own score is required");
    }
}
