package io.coprover.protocol;

/**
 * A set of ids (by value, as {@link Bytes#equals}): open addressing on the ids' own cached hash
 * codes, no entry objects. For the sets of proof ids made and dropped per tree; not thread-safe.
 */
public final class IdSet {
    private Bytes[] slots;
    private int mask, size;

    /** An empty set sized for {@code expected} ids (it grows past them). */
    public IdSet(int expected) {
        int n = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1; // at most half full
        slots = new Bytes[n];
        mask = n - 1;
    }

    private static int start(Bytes id, int mask) {
        int h = id.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    /** Adds {@code id}; false if it was there. */
    public boolean add(Bytes id) {
        for (int i = start(id, mask); ; i = (i + 1) & mask) {
            Bytes s = slots[i];
            if (s == null) {
                slots[i] = id;
                if (++size > slots.length / 2) grow();
                return true;
            }
            if (s.equals(id)) return false;
        }
    }

    public boolean contains(Bytes id) {
        for (int i = start(id, mask); ; i = (i + 1) & mask) {
            Bytes s = slots[i];
            if (s == null) return false;
            if (s.equals(id)) return true;
        }
    }

    public int size() {
        return size;
    }

    private void grow() {
        Bytes[] old = slots;
        slots = new Bytes[old.length * 2];
        mask = slots.length - 1;
        for (Bytes id : old) {
            if (id == null) continue;
            int i = start(id, mask);
            while (slots[i] != null) i = (i + 1) & mask;
            slots[i] = id;
        }
    }
}
