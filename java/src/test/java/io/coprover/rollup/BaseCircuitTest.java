package io.coprover.rollup;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.plonk.Circuit;
import io.coprover.plonk.CircuitBuilder;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The base and merge circuits without proving: satisfiability, layout, rejected witnesses. */
class BaseCircuitTest {
    static final int DEPTH = 4;

    static StateTree genesis(int depth) {
        StateTree t = StateTree.inMemory(depth);
        for (long i = 0; i < 6; i++) t.put(i, new Account(BigInteger.valueOf(1000 + i), 1_000_000, 0));
        return t;
    }

    @Test
    void validTxsSatisfyTheCircuitWithTheTemplateLayout() {
        Circuit shape = RollupKeys.baseTemplate(DEPTH).build();
        System.out.printf("base circuit depth %d: %d rows, domain 2^%d%n", DEPTH, shape.nGates, shape.power);
        try (StateTree s = genesis(DEPTH)) {
            long[] start = s.root();
            List<TxWitness> w =
                    Rollup.applyBlock(s, List.of(Transfer.of(1, 2, 500, 7, 0), Transfer.of(2, 2, 10, 3, 0)));
            CircuitBuilder cb = BaseCircuit.build(DEPTH, w.get(0), w.get(1), Fr.of(99));
            Circuit c = cb.build();
            assertEquals(-1, c.firstUnsatisfiedRow(cb.witness()));
            assertArrayEquals(shape.aMap, c.aMap);
            assertArrayEquals(shape.cMap, c.cMap);
            long[] pub = cb.publicValues();
            assertArrayEquals(start, java.util.Arrays.copyOfRange(pub, 0, 4));
            assertArrayEquals(s.root(), java.util.Arrays.copyOfRange(pub, 4, 8));
            long[] commit = Rollup.combine(
                    Transfer.of(1, 2, 500, 7, 0).hash(),
                    Transfer.of(2, 2, 10, 3, 0).hash());
            assertArrayEquals(commit, java.util.Arrays.copyOfRange(pub, 8, 12));
            assertEquals(BigInteger.TEN, Fr.F.toBigInteger(pub, 12));
            assertEquals(1_000_000 - 507, s.get(1).balance());
            assertEquals(1, s.get(1).nonce());
            assertEquals(1_000_000 + 500 - 3, s.get(2).balance()); // tx 1 is a self-transfer: it costs only its fee
        }
    }

    @Test
    void paddingIsANoOpWithZeroHash() {
        try (StateTree s = genesis(DEPTH)) {
            long[] start = s.root();
            List<TxWitness> w = Rollup.applyBlock(s, List.of(Transfer.of(3, 4, 1, 1, 0)));
            assertEquals(2, w.size());
            assertTrue(w.get(1).tx().padding());
            CircuitBuilder cb = BaseCircuit.build(DEPTH, w.get(0), w.get(1), new long[4]);
            assertEquals(-1, cb.build().firstUnsatisfiedRow(cb.witness()));
            assertArrayEquals(
                    Rollup.combine(Transfer.of(3, 4, 1, 1, 0).hash(), new long[4]),
                    java.util.Arrays.copyOfRange(cb.publicValues(), 8, 12));
            assertFalse(Fr.eq(start, s.root()));
        }
    }

    @Test
    void sequencerRulesRejectWithReasons() {
        try (StateTree s = genesis(DEPTH)) {
            assertTrue(assertThrows(
                            IllegalArgumentException.class, () -> Rollup.apply(s, Transfer.of(1, 2, 1_000_000, 1, 0)))
                    .getMessage()
                    .contains("overdraft"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Rollup.apply(s, Transfer.of(1, 2, 5, 1, 3)))
                    .getMessage()
                    .contains("bad nonce"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Rollup.apply(s, Transfer.of(9, 2, 5, 1, 0)))
                    .getMessage()
                    .contains("does not exist"));
            assertTrue(assertThrows(
                            IllegalArgumentException.class,
                            () -> Rollup.applyBlock(s, List.of(Transfer.of(1, 2, 5, 1, 0), Transfer.of(1, 2, 5, 1, 0))))
                    .getMessage()
                    .startsWith("tx 1: "));
        }
    }

    /** Witnesses that bypass the sequencer's checks are refused by the circuit itself. */
    @Test
    void circuitRejectsOverdraftBadNonceMissingSenderAndWrongRoot() {
        try (StateTree s = genesis(DEPTH)) {
            Account a1 = s.get(1), a2 = s.get(2);
            TxWitness pad = Rollup.apply(s, Transfer.PADDING);
            // overdraft: amount + fee > balance
            TxWitness over = new TxWitness(Transfer.of(1, 2, 1_000_000, 1, 0), a1, s.witness(1), a2, s.witness(2));
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> BaseCircuit.build(DEPTH, over, pad, new long[4]));
            assertTrue(e.getMessage().contains("overdraft"), e.getMessage());
            // bad nonce: the tx's nonce is copy-constrained to the sender's
            TxWitness nonce = new TxWitness(Transfer.of(1, 2, 5, 1, 7), a1, s.witness(1), a2, s.witness(2));
            CircuitBuilder cb = BaseCircuit.build(DEPTH, nonce, pad, new long[4]);
            assertTrue(cb.build().firstUnsatisfiedRow(cb.witness()) >= 0, "bad nonce must break a gate");
            // sender that does not exist (empty slot 9), even moving nothing
            TxWitness ghost = new TxWitness(Transfer.of(9, 2, 0, 0, 0), s.get(9), s.witness(9), a2, s.witness(2));
            CircuitBuilder cb3 = BaseCircuit.build(DEPTH, ghost, pad, new long[4]);
            assertTrue(cb3.build().firstUnsatisfiedRow(cb3.witness()) >= 0, "an empty sender must break a gate");
            // wrong root: a sibling that is not in the tree
            MerkleWitness good = s.witness(1);
            long[] sib = good.siblings().clone();
            sib[0] ^= 1;
            TxWitness wrong =
                    new TxWitness(Transfer.of(1, 2, 5, 1, 0), a1, new MerkleWitness(1, DEPTH, sib), a2, s.witness(2));
            CircuitBuilder cb2 = BaseCircuit.build(DEPTH, pad, wrong, new long[4]);
            assertTrue(
                    cb2.build().firstUnsatisfiedRow(cb2.witness()) >= 0, "tx 1 off the chained root must break a gate");
        }
    }

    @Test
    void mergeCircuitChainsAndRefusesMismatchedChildren() {
        long[][] l = {Fr.of(1), Fr.of(2), Fr.of(3), Fr.of(4)}, r = {Fr.of(2), Fr.of(5), Fr.of(6), Fr.of(7)};
        CircuitBuilder cb = MergeCircuit.build(l, r, Fr.of(8), Fr.of(9), Fr.of(10), Fr.of(11));
        Circuit c = cb.build();
        System.out.printf("merge circuit: %d rows, domain 2^%d%n", c.nGates, c.power);
        assertEquals(-1, c.firstUnsatisfiedRow(cb.witness()));
        long[] pub = cb.publicValues();
        assertArrayEquals(Rollup.combine(Fr.of(3), Fr.of(6)), java.util.Arrays.copyOfRange(pub, 8, 12));
        assertEquals(BigInteger.valueOf(11), Fr.F.toBigInteger(pub, 12));
        assertArrayEquals(
                MergeCircuit.childDigest(l, r, Fr.of(8), Fr.of(9)), java.util.Arrays.copyOfRange(pub, 20, 24));
        long[][] bad = {Fr.of(3), Fr.of(5), Fr.of(6), Fr.of(7)};
        CircuitBuilder cb2 = MergeCircuit.build(l, bad, Fr.of(8), Fr.of(9), Fr.of(10), Fr.of(11));
        assertTrue(cb2.build().firstUnsatisfiedRow(cb2.witness()) >= 0, "left end != right start must break a gate");
    }
}
