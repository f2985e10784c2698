package io.coprover.scheduler;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link ProofStore} in memory (lost on exit). */
public final class MemoryProofStore implements ProofStore {
    private final Map<JobId, ProofResult> map = new ConcurrentHashMap<>();

    @Override
    public Optional<ProofResult> get(JobId id) {
        return Optional.ofNullable(map.get(id));
    }

    @Override
    public void put(JobId id, ProofResult result) {
        if (id == null || result == null) throw new IllegalArgumentException("proof store: id and result are required");
        map.put(id, result);
    }

    @Override
    public boolean contains(JobId id) {
        return map.containsKey(id);
    }

    public int size() {
        return map.size();
    }
}
