package io.coprover.jobs;

import java.time.Instant;

/**
 * A worker's claim on one job: the job's input and the fencing token that every later call for
 * this attempt must present. The queue increments the token at each claim, so a worker whose lease
 * expired and whose job was claimed again can no longer heartbeat, complete or fail it.
 *
 * @param jobId     the job
 * @param kind      the job kind (selects the {@link JobRunner})
 * @param payload   the job's input bytes
 * @param attempt   1 for the first claim, 2 for the first retry, …
 * @param token     fencing token of this attempt
 * @param workerId  who holds the lease
 * @param expiresAt when the lease lapses unless extended by {@link JobQueue#heartbeat}
 */
public record Lease(
        long jobId, String kind, byte[] payload, int attempt, long token, String workerId, Instant expiresAt) {
    @Override
    public String toString() {
        return "job " + jobId + " (" + kind + ", attempt " + attempt + ", token " + token + ", " + workerId + ")";
    }
}
