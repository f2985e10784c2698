package io.coprover.jobs;

import java.time.Instant;

/**
 * A snapshot of one job, for status queries and listings.
 *
 * @param id          the job id
 * @param key         the caller's idempotency key, or null
 * @param kind        job kind
 * @param state       current state
 * @param attempts    claims so far (a released claim does not count)
 * @param maxRetries  how many times it may be re-run after its first attempt
 * @param worker      the current or last lease holder, or null if never claimed
 * @param lastError   the reason of the last failed, expired, cancelled or lapsed attempt, or null
 * @param created     when it was submitted
 * @param updated     when its state last changed
 * @param owner       who submitted it (a builder's client), or null
 * @param deadline    after this the job is EXPIRED instead of run, or null for none
 * @param finishedSeq a number from one increasing sequence per queue, given when the job reaches a
 *                    final state (0 before): listings of finished jobs resume after one
 */
public record JobInfo(
        long id,
        String key,
        String kind,
        JobState state,
        int attempts,
        int maxRetries,
        String worker,
        String lastError,
        Instant created,
        Instant updated,
        String owner,
        Instant deadline,
        long finishedSeq) {}
