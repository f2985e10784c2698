package io.coprover.builder;

import io.coprover.protocol.Bytes;

/**
 * One accepted proof request as a {@link BuilderQueue} stores it.
 *
 * @param id          the request id (SHA-256 of the encoded request)
 * @param client      the authenticated client that submitted it
 * @param request     the encoded {@link ProofRequest}
 * @param deadline    the request's deadline, Unix ms
 * @param submitted   when it was accepted, Unix ms
 * @param state       where it is
 * @param attempts    how many times a worker claimed it
 * @param result      the encoded proof record ({@link io.coprover.protocol.ProofRecordCodec}) when DONE, else null
 * @param reason      why it FAILED, was CANCELLED or EXPIRED, else null
 * @param finishedSeq a number from one increasing sequence, given when the job reaches a final state
 *                    (0 before): the result stream resumes after a sequence number
 */
public record BuilderJob(Bytes id, String client, byte[] request, long deadline, long submitted, State state,
                         int attempts, byte[] result, String reason, long finishedSeq) {
    /** QUEUED → RUNNING → DONE | FAILED; QUEUED/RUNNING → CANCELLED | EXPIRED; RUNNING → QUEUED (retry, restart). */
    public enum State {
        QUEUED, RUNNING, DONE, FAILED, CANCELLED, EXPIRED;

        public boolean isFinal() {
            return this != QUEUED && this != RUNNING;
        }
    }

    BuilderJob with(State s, int attempts, byte[] result, String reason, long finishedSeq) {
        return new BuilderJob(id, client, request, deadline, submitted, s, attempts, result, reason, finishedSeq);
    }
}
