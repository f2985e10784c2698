package io.coprover.sim.model;

import io.coprover.protocol.Bytes;

/**
 * A set of ids sized once for at most a known number of them: open addressing on the ids' own
 * (cached) hash codes, no entry objects. What a block's finalisation asks of its included proofs
 * thousands of times.
 */
final class IdSet {
    private final Bytes[] slots;
    private final int mask;

    IdSet(int most) {
        int n = Integer.highestOneBit(Math.max(4, most) * 2 - 1) << 1; // at most half full
        slots = new Bytes[n];
        mask = n - 1;
    }

    private int start(Bytes id) {
        int h = id.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    /** Adds {@code id}; false if it was there. */
    boolean add(Bytes id) {
        for (int i = start(id); ; i = (i + 1) & mask) {
            Bytes s = slots[i];
            if (s == null) {
                slots[i] = id;
                return true;
            }
            if (s.equals(id)) return false;
        }
    }

    boolean contains(Bytes id) {
        for (int i = start(id); ; i = (i + 1) & mask) {
            Bytes s = slots[i];
            if (s == null) return false;
            if (s.equals(id)) return true;
        }
    }
}
