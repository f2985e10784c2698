package io.coprover.requests;

import io.coprover.backend.ProvingBackend;
import io.coprover.jobs.JobQueue;
import io.coprover.jobs.JobRunner;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProofRecordCodec;
import io.coprover.rollup.InvalidProofException;
import io.coprover.rollup.RollupRecords;
import io.coprover.scheduler.JobKind;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Rollup proof jobs in a {@link JobQueue}, the same for the farm's queue and the builder's. The payload is a {@link ProofRequest} in its canonical encoding
 * (every input the circuit needs, so a worker needs no state), the result the proved
 * {@link ProofRecord} in {@link ProofRecordCodec}'s encoding. Kinds {@code rollup.base},
 * {@code rollup.merge} and {@code rollup.root} let a farm route jobs (merges need little memory,
 * bases a large domain). A job's idempotency key is the request id (SHA-256 of its encoding), so
 * submitting the same request twice queues it once. A farm worker can therefore drain a builder's
 * PostgreSQL queue, and the builder's provers are the same runners.
 */
public final class RollupJobs {
    private RollupJobs() {}

    /** The job kind of a rollup node kind. */
    public static String kind(JobKind k) {
        return "rollup." + k.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Submits {@code req}; an equal request already in the queue is not queued again.
     *
     * @return the job id
     */
    public static long submit(JobQueue q, ProofRequest req, int maxRetries) {
        return q.submit(key(req.id()), kind(req.kind()), req.encode(), maxRetries);
    }

    /** The idempotency key of the request with id {@code requestId}. */
    public static String key(io.coprover.protocol.Bytes requestId) {
        return "rollup:" + requestId.hex();
    }

    /** The request id a job key names, or null for a key of another form. */
    public static io.coprover.protocol.Bytes requestId(String key) {
        if (key == null || !key.matches("rollup:[0-9a-f]{64}")) return null;
        return io.coprover.protocol.Bytes.fromHex(key.substring("rollup:".length()));
    }

    /** The proved record of a DONE job, decoded (strictly: points on the curve, canonical fields). */
    public static Optional<ProofRecord> result(JobQueue q, long jobId) {
        return q.result(jobId).map(RollupRecords::decode);
    }

    /**
     * One runner for every rollup kind: decodes and checks the request ({@link ProofRequests#prove}
     * checks witnesses and child proofs before proving), proves it on the slot's backend with the
     * shared keys, and returns the encoded record. A request that cannot be proved (malformed, wrong
     * witnesses, child proofs that do not verify) fails its job without retries: no attempt mends it.
     *
     * @param requests keys of the queue's state depth and SRS (the node's)
     */
    public static Map<String, JobRunner<ProvingBackend>> runners(ProofRequests requests) {
        Map<String, JobRunner<ProvingBackend>> out = new LinkedHashMap<>();
        for (JobKind k : JobKind.values()) {
            String kind = kind(k);
            out.put(kind, (payload, ctx) -> {
                ProofRequest req;
                long t0 = System.nanoTime();
                ProofRecord r;
                try {
                    req = ProofRequest.decode(payload, ProofRequest.MAX_BYTES);
                    if (req.kind() != k)
                        throw new IllegalArgumentException(
                                "job of kind " + kind + " carries a " + req.kind() + " request");
                    ctx.checkCancelled();
                    r = requests.prove(req, ctx.slot());
                } catch (IllegalArgumentException | InvalidProofException e) {
                    throw new JobRunner.PermanentFailure("unprovable: " + e.getMessage(), e);
                }
                ctx.log(String.format(
                        "%s block %d node %s proved on %s in %.0f ms",
                        req.kind(), req.block(), req.node(), ctx.slot().name(), (System.nanoTime() - t0) / 1e6));
                return ProofRecordCodec.encode(r);
            });
        }
        return out;
    }
}
