package io.coprover.farm;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** A JobQueue that forwards every call, for tests that change one behaviour. */
class ForwardingJobQueue implements JobQueue {
    private final JobQueue q;

    ForwardingJobQueue(JobQueue q) {
        this.q = q;
    }

    @Override public long submit(String key, String kind, byte[] payload, int maxRetries) { return q.submit(key, kind, payload, maxRetries); }
    @Override public Optional<Lease> claim(String workerId, Set<String> kinds, Duration lease) { return q.claim(workerId, kinds, lease); }
    @Override public boolean heartbeat(Lease lease, Duration extend) { return q.heartbeat(lease, extend); }
    @Override public boolean complete(Lease lease, byte[] result) { return q.complete(lease, result); }
    @Override public boolean fail(Lease lease, String reason) { return q.fail(lease, reason); }
    @Override public boolean release(Lease lease, String reason) { return q.release(lease, reason); }
    @Override public int requeueExpired() { return q.requeueExpired(); }
    @Override public Optional<JobInfo> status(long jobId) { return q.status(jobId); }
    @Override public Optional<byte[]> result(long jobId) { return q.result(jobId); }
    @Override public Optional<Long> findByKey(String key) { return q.findByKey(key); }
    @Override public QueueCounts counts() { return q.counts(); }
    @Override public String describe() { return q.describe(); }
    @Override public void close() { /* the test closes the real queue */ }
}
