package io.coprover.rollup;

import java.nio.file.Path;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The rollup state: a sparse Poseidon Merkle tree of {@link Account}s with 2^depth slots.
 *
 * <p>Leaf ℓ = 0 is {@link Account#leafHash}; node = Poseidon(left, right) (circomlib, 2 inputs).
 * Only nodes that differ from the empty subtree of their level are stored; the empty roots
 * {@code E_0 = Poseidon(0,0,0)}, {@code E_{ℓ+1} = Poseidon(E_ℓ, E_ℓ)} are computed once per level.
 * An update rehashes the {@code depth} nodes on the leaf's path.
 *
 * <p>Storage is an H2 MVStore (a small, maintained, pure-Java, crash-safe log-structured
 * key-value store): map {@code nodes} (key level·2^32 + index → 32-byte big-endian hash), map
 * {@code accounts} (index → 48 bytes) and {@code meta} (the depth). {@link #commit} makes the
 * updates durable; reopening the file gives the same root. Without a path the store lives in memory.
 * Not thread-safe: one writer (the sequencer or the block prover) owns a tree.
 */
public final class StateTree implements AutoCloseable {
    /** Production depth: 2^32 accounts. */
    public static final int DEFAULT_DEPTH = 32;

    public static final int MAX_DEPTH = 32;

    private final int depth;
    private final long[][] empty;
    private final MVStore store;
    private final MVMap<Long, byte[]> nodes;
    private final MVMap<Long, byte[]> accounts;

    private StateTree(MVStore store, int depth) {
        this.store = store;
        this.nodes = store.openMap("nodes");
        this.accounts = store.openMap("accounts");
        MVMap<String, Integer> meta = store.openMap("meta");
        Integer stored = meta.get("depth");
        if (stored == null) {
            meta.put("depth", depth);
        } else if (depth > 0 && stored != depth) {
            store.close();
            throw new IllegalArgumentException("state store has depth " + stored + ", asked for " + depth);
        }
        this.depth = stored == null ? depth : stored;
        if (this.depth < 1 || this.depth > MAX_DEPTH) {
            store.close();
            throw new IllegalArgumentException("state tree depth must be 1.." + MAX_DEPTH + ", got " + this.depth);
        }
        this.empty = emptyHashes(this.depth);
    }

    /** A tree held in memory only. */
    public static StateTree inMemory(int depth) {
        if (depth < 1 || depth > MAX_DEPTH)
            throw new IllegalArgumentException("state tree depth must be 1.." + MAX_DEPTH + ", got " + depth);
        return new StateTree(new MVStore.Builder().open(), depth);
    }

    /**
     * Opens (or creates) the tree stored in {@code file}. {@code depth} must match a stored tree's
     * depth; 0 means "whatever is stored" (and is an error for a new file).
     */
    public static StateTree open(Path file, int depth) {
        if (depth < 0 || depth > MAX_DEPTH)
            throw new IllegalArgumentException(
                    "state tree depth must be 1.." + MAX_DEPTH + " (or 0 = stored), got " + depth);
        return new StateTree(new MVStore.Builder().fileName(file.toString()).open(), depth);
    }

    /** E_0 = Poseidon(0, 0, 0) (the empty account), E_{ℓ+1} = Poseidon(E_ℓ, E_ℓ); depth + 1 entries. */
    public static long[][] emptyHashes(int depth) {
        long[][] e = new long[depth + 1][];
        e[0] = Account.EMPTY.leafHash();
        for (int l = 0; l < depth; l++) e[l + 1] = Fr.poseidon(e[l], e[l]);
        return e;
    }

    public int depth() {
        return depth;
    }

    public long capacity() {
        return 1L << depth;
    }

    public long[] root() {
        return node(depth, 0);
    }

    private static long key(int level, long index) {
        return ((long) level << 32) | index;
    }

    private long[] node(int level, long index) {
        byte[] b = nodes.get(key(level, index));
        return b == null ? empty[level].clone() : Fr.F.fromBytesBE(b);
    }

    private void checkIndex(long index) {
        if (index < 0 || index >= capacity()) {
            throw new IllegalArgumentException("account index " + index + " out of range [0, 2^" + depth + ")");
        }
    }

    public Account get(long index) {
        checkIndex(index);
        byte[] b = accounts.get(index);
        return b == null ? Account.EMPTY : Account.decode(b);
    }

    /** Writes an account and rehashes its path (depth Poseidon hashes). */
    public void put(long index, Account a) {
        checkIndex(index);
        if (a.equals(Account.EMPTY)) accounts.remove(index);
        else accounts.put(index, a.encode());
        long[] cur = a.leafHash();
        long idx = index;
        for (int l = 0; l <= depth; l++) {
            if (Fr.eq(cur, empty[l])) nodes.remove(key(l, idx));
            else nodes.put(key(l, idx), Fr.F.toBytesBE(cur, 0));
            if (l == depth) break;
            long[] sib = node(l, idx ^ 1);
            cur = (idx & 1) == 0 ? Fr.poseidon(cur, sib) : Fr.poseidon(sib, cur);
            idx >>>= 1;
        }
    }

    /** The authentication path of {@code index} in the current state. */
    public MerkleWitness witness(long index) {
        checkIndex(index);
        long[] sib = new long[4 * depth];
        long idx = index;
        for (int l = 0; l < depth; l++) {
            System.arraycopy(node(l, idx ^ 1), 0, sib, 4 * l, 4);
            idx >>>= 1;
        }
        return new MerkleWitness(index, depth, sib);
    }

    /** Number of non-empty accounts. */
    public long accountCount() {
        return accounts.sizeAsLong();
    }

    /** Makes every update so far durable (a no-op for an in-memory tree). */
    public void commit() {
        store.commit();
    }

    /** Commits and closes the store. */
    @Override
    public void close() {
        if (!store.isClosed()) store.close();
    }
}
