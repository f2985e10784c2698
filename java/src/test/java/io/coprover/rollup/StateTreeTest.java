package io.coprover.rollup;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sparse Poseidon state tree against a dense reference, witnesses, persistence. */
class StateTreeTest {

    /** Root of a dense tree over 2^depth leaves, computed level by level. */
    static long[] denseRoot(int depth, Map<Long, Account> accounts) {
        long[][] level = new long[1 << depth][];
        for (int i = 0; i < level.length; i++)
            level[i] = accounts.getOrDefault((long) i, Account.EMPTY).leafHash();
        for (int n = level.length; n > 1; n /= 2) {
            for (int i = 0; i < n / 2; i++) level[i] = Fr.poseidon(level[2 * i], level[2 * i + 1]);
        }
        return level[0];
    }

    @Test
    void sparseTreeMatchesDenseReferenceAndWitnessesOpen() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        int depth = 6;
        Map<Long, Account> ref = new HashMap<>();
        try (StateTree t = StateTree.inMemory(depth)) {
            assertArrayEquals(StateTree.emptyHashes(depth)[depth], t.root(), "empty root");
            assertArrayEquals(denseRoot(depth, ref), t.root(), "empty tree vs dense");
            for (int k = 0; k < 40; k++) {
                long idx = rnd.nextInt(1 << depth);
                Account a = rnd.nextInt(5) == 0
                        ? Account.EMPTY
                        : new Account(new BigInteger(200, rnd), rnd.nextLong() >>> 1, rnd.nextInt(1000));
                t.put(idx, a);
                if (a.equals(Account.EMPTY)) ref.remove(idx);
                else ref.put(idx, a);
                assertEquals(a, t.get(idx));
            }
            assertArrayEquals(denseRoot(depth, ref), t.root(), "seed " + seed);
            for (long i = 0; i < (1 << depth); i += 5) {
                MerkleWitness w = t.witness(i);
                assertArrayEquals(t.root(), w.rootFor(t.get(i).leafHash()), "witness " + i + " seed " + seed);
                assertFalse(Fr.eq(t.root(), w.rootFor(new Account(BigInteger.ONE, 1, 0).leafHash())));
            }
        }
    }

    @Test
    void emptyLeafIsPoseidonOfZeros() {
        // circomlib Poseidon(0,0,0): the all-zero 3-input case of the circomlibjs vectors (poseidon_bn254.json)
        assertEquals(
                "0x0bc188d27dcceadc1dcfb6af0a7af08fe2864eecec96c5ae7cee6db31ba599aa", Fr.hex(Account.EMPTY.leafHash()));
    }

    @Test
    void persistsAcrossRestartWithTheSameRoot(@TempDir Path dir) {
        Path f = dir.resolve("state.mv");
        long[] root;
        try (StateTree t = StateTree.open(f, 16)) {
            for (long i = 0; i < 20; i++) t.put(i * 997, new Account(BigInteger.valueOf(i + 1), 1000 * i, i));
            t.commit();
            root = t.root();
        }
        try (StateTree t = StateTree.open(f, 0)) {
            assertEquals(16, t.depth());
            assertArrayEquals(root, t.root());
            assertEquals(20, t.accountCount());
            assertEquals(new Account(BigInteger.valueOf(4), 3000, 3), t.get(3 * 997));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateTree.open(f, 8));
        assertTrue(e.getMessage().contains("depth 16"), e.getMessage());
    }

    @Test
    void productionDepthWorks() {
        try (StateTree t = StateTree.inMemory(StateTree.DEFAULT_DEPTH)) {
            long idx = (1L << 32) - 1;
            t.put(idx, new Account(BigInteger.TEN, 5, 0));
            assertArrayEquals(t.root(), t.witness(idx).rootFor(t.get(idx).leafHash()));
            assertThrows(IllegalArgumentException.class, () -> t.get(1L << 32));
        }
        assertThrows(IllegalArgumentException.class, () -> StateTree.inMemory(33));
        assertThrows(IllegalArgumentException.class, () -> new Account(BigInteger.ONE, -1, 0));
    }
}
