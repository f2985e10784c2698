package io.coprover.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A JobQueue that forwards every call, for tests that change one behaviour. */
public class ForwardingJobQueue implements JobQueue {
    private final JobQueue q;

    public ForwardingJobQueue(JobQueue q) {
        this.q = q;
    }

    @Override
    public long submit(String key, String kind, byte[] payload, int maxRetries, String owner, Instant deadline) {
        return q.submit(key, kind, payload, maxRetries, owner, deadline);
    }

    @Override
    public Optional<Lease> claim(String workerId, Set<String> kinds, Duration lease) {
        return q.claim(workerId, kinds, lease);
    }

    @Override
    public boolean heartbeat(Lease lease, Duration extend) {
        return q.heartbeat(lease, extend);
    }

    @Override
    public boolean complete(Lease lease, byte[] result) {
        return q.complete(lease, result);
    }

    @Override
    public boolean fail(Lease lease, String reason, boolean retry) {
        return q.fail(lease, reason, retry);
    }

    @Override
    public boolean release(Lease lease, String reason) {
        return q.release(lease, reason);
    }

    @Override
    public boolean cancel(long jobId, String reason) {
        return q.cancel(jobId, reason);
    }

    @Override
    public int requeueExpired() {
        return q.requeueExpired();
    }

    @Override
    public int requeueRunning(String reason) {
        return q.requeueRunning(reason);
    }

    @Override
    public Optional<JobInfo> status(long jobId) {
        return q.status(jobId);
    }

    @Override
    public Optional<byte[]> result(long jobId) {
        return q.result(jobId);
    }

    @Override
    public Optional<byte[]> payload(long jobId) {
        return q.payload(jobId);
    }

    @Override
    public Optional<Long> findByKey(String key) {
        return q.findByKey(key);
    }

    @Override
    public List<JobInfo> finishedAfter(String owner, long afterSeq, int limit) {
        return q.finishedAfter(owner, afterSeq, limit);
    }

    @Override
    public void awaitFinished(long afterSeq, long millis) throws InterruptedException {
        q.awaitFinished(afterSeq, millis);
    }

    @Override
    public QueueCounts counts(String owner) {
        return q.counts(owner);
    }

    @Override
    public boolean shared() {
        return q.shared();
    }

    @Override
    public String describe() {
        return q.describe();
    }

    @Override
    public void close() {
        /* the test closes the real queue */
    }
}
