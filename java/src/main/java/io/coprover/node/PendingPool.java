package io.coprover.node;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The proofs of one block that passed every cheap check (signature, VRF, eligibility) but wait
 * for their children before their SNARK can be checked: bounded in total, per prover and per peer,
 * so a flood from one source never blocks the others' proofs.
 *
 * <p>A proof is refused when its peer or its prover already has its quota waiting. When the pool
 * is full, room is made by evicting the longest-waiting proof of the peer holding the most: a
 * flooder evicts its own proofs first, and an honest peer's proof is evicted only if it holds the
 * largest share. Proofs are kept in arrival order; one id is held once.
 */
final class PendingPool {
    record Parked(String from, ProofRecord proof) {}

    private final int total, perPeer, perProver;
    private final LinkedHashMap<Bytes, Parked> byId = new LinkedHashMap<>();
    private final Map<String, Integer> peers = new HashMap<>();
    private final Map<Bytes, Integer> provers = new HashMap<>();

    PendingPool(int total, int perPeer, int perProver) {
        if (total < 1 || perPeer < 1 || perProver < 1)
            throw new IllegalArgumentException("pending pool: bounds must be positive");
        this.total = total;
        this.perPeer = perPeer;
        this.perProver = perProver;
    }

    /**
     * Parks {@code p} received from {@code from}; returns the proof evicted to make room, if any.
     *
     * @throws MessageException naming the quota when the peer or the prover has its share waiting
     */
    Parked add(String from, ProofRecord p) {
        if (byId.containsKey(p.id())) return null;
        if (peers.getOrDefault(from, 0) >= perPeer) {
            throw new MessageException("proof " + p.id().shortHex(12) + ": peer " + from + " already has " + perPeer
                    + " proofs waiting for their children");
        }
        if (provers.getOrDefault(p.prover(), 0) >= perProver) {
            throw new MessageException("proof " + p.id().shortHex(12) + ": prover "
                    + p.prover().shortHex(12) + " already has " + perProver + " proofs waiting for their children");
        }
        Parked evicted = null;
        if (byId.size() >= total) {
            String heaviest = null;
            for (Map.Entry<String, Integer> e : peers.entrySet()) {
                if (heaviest == null || e.getValue() > peers.get(heaviest)) heaviest = e.getKey();
            }
            for (Parked q : byId.values()) {
                if (q.from().equals(heaviest)) {
                    evicted = q;
                    break;
                }
            }
            remove(evicted.proof().id());
        }
        byId.put(p.id(), new Parked(from, p));
        peers.merge(from, 1, Integer::sum);
        provers.merge(p.prover(), 1, Integer::sum);
        return evicted;
    }

    /** Removes a parked proof (its children arrived, or it was evicted). */
    void remove(Bytes id) {
        Parked q = byId.remove(id);
        if (q == null) return;
        if (peers.merge(q.from(), -1, Integer::sum) == 0) peers.remove(q.from());
        if (provers.merge(q.proof().prover(), -1, Integer::sum) == 0)
            provers.remove(q.proof().prover());
    }

    /** The parked proofs in arrival order (a copy). */
    List<Parked> all() {
        return new ArrayList<>(byId.values());
    }

    int size() {
        return byId.size();
    }

    int ofPeer(String peer) {
        return peers.getOrDefault(peer, 0);
    }
}
