package io.coprover.farm;

import java.time.Instant;

/**
 * A snapshot of one job, for status queries.
 *
 * @param id         the job id
 * @param key        the caller's idempotency key, or null
 * @param kind       job kind
 * @param state      current state
 * @param attempts   claims so far
 * @param maxRetries how many times it may be re-run after its first attempt
 * @param worker     the current or last lease holder, or null if never claimed
 * @param lastError  the reason of the last failed or expired attempt, or null
 * @param created    when it was submitted
 * @param updated    when its state last changed
 */
public record JobInfo(long id, String key, String kind, JobState state, int attempts, int maxRetries, String worker,
                      String lastError, Instant created, Instant updated) {
}
