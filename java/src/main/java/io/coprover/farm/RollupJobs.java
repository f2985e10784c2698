package io.coprover.farm;

import io.coprover.builder.ProofRequest;
import io.coprover.builder.ProofRequests;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProofRecordCodec;
import io.coprover.rollup.RollupRecords;
import io.coprover.scheduler.JobKind;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Rollup proof jobs on the farm. The payload is a {@link ProofRequest} in its canonical encoding
 * (every input the circuit needs, so a worker needs no state), the result the proved
 * {@link ProofRecord} in {@link ProofRecordCodec}'s encoding. Kinds {@code rollup.base},
 * {@code rollup.merge} and {@code rollup.root} let a farm route jobs (merges need little memory,
 * bases a large domain). A job's idempotency key is the request id (SHA-256 of its encoding), so
 * submitting the same request twice queues it once.
 */
public final class RollupJobs {
    private RollupJobs() {}

    /** The farm job kind of a rollup node kind. */
    public static String kind(JobKind k) {
        return "rollup." + k.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Submits {@code req}; an equal request already in the queue is not queued again.
     *
     * @return the job id
     */
    public static long submit(JobQueue q, ProofRequest req, int maxRetries) {
        return q.submit("rollup:" + req.id().hex(), kind(req.kind()), req.encode(), maxRetries);
    }

    /** The proved record of a DONE job, decoded (strictly: points on the curve, canonical fields). */
    public static Optional<ProofRecord> result(JobQueue q, long jobId) {
        return q.result(jobId).map(RollupRecords::decode);
    }

    /**
     * One runner for every rollup kind: decodes and checks the request ({@link ProofRequests#prove}
     * checks witnesses and child proofs before proving), proves it on the slot's backend with the
     * shared keys, and returns the encoded record.
     *
     * @param requests keys of the farm's state depth and SRS (the node's)
     */
    public static Map<String, JobRunner> runners(ProofRequests requests) {
        Map<String, JobRunner> out = new LinkedHashMap<>();
        for (JobKind k : JobKind.values()) {
            String kind = kind(k);
            out.put(kind, (payload, ctx) -> {
                ProofRequest req = ProofRequest.decode(payload, ProofRequest.MAX_BYTES);
                if (req.kind() != k) throw new IllegalArgumentException("job of kind " + kind + " carries a " + req.kind() + " request");
                ctx.checkCancelled();
                long t0 = System.nanoTime();
                ProofRecord r = requests.prove(req, ctx.backend());
                ctx.log(String.format("%s block %d node %s proved on %s in %.0f ms", req.kind(), req.block(), req.node(),
                        ctx.backend().name(), (System.nanoTime() - t0) / 1e6));
                return ProofRecordCodec.encode(r);
            });
        }
        return out;
    }
}
