package io.coprover.protocol;

/**
 * A submission's proofs by id, the first of each id kept: open addressing on the ids' cached hash
 * codes, no entry objects (a tree of thousands of proofs is looked up once per child id).
 */
final class ProofsById {
    private final Bytes[] ids;
    private final ProofRecord[] proofs;
    private final int mask;
    private int size;

    ProofsById(int most) {
        int n = Integer.highestOneBit(Math.max(4, most) * 2 - 1) << 1; // at most half full
        ids = new Bytes[n];
        proofs = new ProofRecord[n];
        mask = n - 1;
    }

    private int start(Bytes id) {
        int h = id.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    /** Adds {@code p} under its id unless a proof with that id is there (at most {@code most} adds). */
    void putIfAbsent(ProofRecord p) {
        Bytes id = p.id();
        for (int i = start(id); ; i = (i + 1) & mask) {
            Bytes s = ids[i];
            if (s == null) {
                ids[i] = id;
                proofs[i] = p;
                size++;
                return;
            }
            if (s.equals(id)) return;
        }
    }

    ProofRecord get(Bytes id) {
        if (id == null) return null;
        for (int i = start(id); ; i = (i + 1) & mask) {
            Bytes s = ids[i];
            if (s == null) return null;
            if (s.equals(id)) return proofs[i];
        }
    }

    int size() {
        return size;
    }
}
