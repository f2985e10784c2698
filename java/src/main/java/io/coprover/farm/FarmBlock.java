package io.coprover.farm;

import io.coprover.jobs.JobInfo;
import io.coprover.jobs.JobQueue;
import io.coprover.jobs.JobState;
import io.coprover.plonk.VerificationKey;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.TreeShape;
import io.coprover.requests.ProofRequest;
import io.coprover.requests.ProofRequests;
import io.coprover.requests.RollupJobs;
import io.coprover.rollup.BlockInputs;
import io.coprover.scheduler.JobInputs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Proves a whole block's proof tree through a farm queue, level by level: the base jobs first, then
 * each merge level from the verified proofs below it, up to the root. Every result is checked with
 * {@link ProofRequests#verifyResult} before it is used (a worker is trusted with nothing), so the
 * caller holds a tree whose every proof verifies.
 */
public final class FarmBlock {
    private FarmBlock() {}

    /**
     * @param root   the root proof
     * @param proofs every proof of the tree by id
     * @param jobs   the queue's job ids, bases first
     */
    public record Result(ProofRecord root, Map<Bytes, ProofRecord> proofs, List<Long> jobs) {}

    /**
     * @param digest     the block digest bound into the jobs (32 bytes)
     * @param maxRetries retries per job
     * @param timeout    for the whole tree
     * @throws IllegalStateException when a job FAILED (with its last reason)
     * @throws TimeoutException      when the tree is not done in time (jobs stay queued)
     */
    public static Result prove(
            JobQueue q,
            BlockInputs block,
            Bytes digest,
            Bytes prover,
            long feeBurnPpm,
            VerificationKey baseVk,
            VerificationKey mergeVk,
            int maxRetries,
            Duration timeout,
            Consumer<String> log)
            throws InterruptedException, TimeoutException {
        TreeShape shape = block.shape();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        Map<Bytes, ProofRecord> all = new HashMap<>();
        List<Long> jobIds = new ArrayList<>();
        List<ProofRequest> reqs = new ArrayList<>();
        for (int i = 0; i < shape.numBase(); i++) {
            JobInputs job =
                    new JobInputs(block.block(), digest, shape, new NodeId(0, i), prover, null, feeBurnPpm, null, null);
            reqs.add(ProofRequests.base(job, block, deadline));
        }
        List<ProofRecord> level = run(q, reqs, jobIds, maxRetries, deadline, baseVk, mergeVk, log);
        for (ProofRecord r : level) all.put(r.id(), r);
        for (int l = 1; l <= shape.depth(); l++) {
            reqs.clear();
            for (int i = 0; i < level.size() / 2; i++) {
                JobInputs job = new JobInputs(
                        block.block(),
                        digest,
                        shape,
                        new NodeId(l, i),
                        prover,
                        null,
                        feeBurnPpm,
                        List.of(level.get(2 * i)),
                        List.of(level.get(2 * i + 1)));
                reqs.add(ProofRequests.merge(job, all::get, deadline));
            }
            level = run(q, reqs, jobIds, maxRetries, deadline, baseVk, mergeVk, log);
            for (ProofRecord r : level) all.put(r.id(), r);
        }
        if (level.size() != 1)
            throw new IllegalStateException(
                    "block tree did not end in one root (" + level.size() + " proofs at the top)");
        return new Result(level.get(0), all, jobIds);
    }

    /** Submits one level's requests and waits for every result, verifying each. */
    private static List<ProofRecord> run(
            JobQueue q,
            List<ProofRequest> reqs,
            List<Long> jobIds,
            int maxRetries,
            long deadline,
            VerificationKey baseVk,
            VerificationKey mergeVk,
            Consumer<String> log)
            throws InterruptedException, TimeoutException {
        List<Long> ids = new ArrayList<>();
        for (ProofRequest r : reqs) ids.add(RollupJobs.submit(q, r, maxRetries));
        jobIds.addAll(ids);
        log.accept("farm block: submitted " + ids.size() + " " + reqs.get(0).kind() + " job(s) at level "
                + reqs.get(0).node().level());
        ProofRecord[] out = new ProofRecord[ids.size()];
        int left = ids.size();
        while (left > 0) {
            for (int i = 0; i < ids.size(); i++) {
                if (out[i] != null) continue;
                JobInfo info = q.status(ids.get(i))
                        .orElseThrow(() -> new IllegalStateException("job vanished from the queue"));
                if (info.state().isFinal() && info.state() != JobState.DONE) {
                    throw new IllegalStateException(
                            "job " + info.id() + " (" + reqs.get(i).node() + ") "
                                    + info.state().name().toLowerCase(java.util.Locale.ROOT) + ": " + info.lastError());
                }
                if (info.state() == JobState.DONE) {
                    ProofRecord r = RollupJobs.result(q, ids.get(i)).orElseThrow();
                    ProofRequests.verifyResult(reqs.get(i), r, baseVk, mergeVk);
                    out[i] = r;
                    left--;
                }
            }
            if (left == 0) break;
            if (System.currentTimeMillis() > deadline)
                throw new TimeoutException(left + " job(s) of the block not done in time");
            Thread.sleep(50);
        }
        return List.of(out);
    }
}
