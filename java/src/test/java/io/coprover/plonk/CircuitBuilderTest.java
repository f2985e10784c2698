package io.coprover.plonk;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.math.Field;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Gadget witnesses satisfy their gates; wrong witnesses do not. */
class CircuitBuilderTest {
    private static final Field F = Field.FR;

    @Test
    void poseidonGadgetMatchesNative() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int k = 1; k <= 6; k++) {
            CircuitBuilder cb = new CircuitBuilder();
            long[] flat = F.newVector(k);
            int[] in = new int[k];
            for (int i = 0; i < k; i++) {
                F.random(rnd, flat, 4 * i);
                in[i] = cb.newWire(flat, 4 * i);
            }
            int out = PoseidonGadget.hash(cb, in);
            assertArrayEquals(Poseidon.hash(flat, 0, k), cb.value(out), "seed " + seed + ", " + k + " inputs");
            Circuit c = cb.build();
            assertEquals(-1, c.firstUnsatisfiedRow(cb.witness()), "seed " + seed);
            assertEquals(PoseidonGadget.gateCount(k), cb.numGates());
            System.out.println("Poseidon gadget, " + k + " inputs: " + cb.numGates() + " gates");
        }
    }

    @Test
    void gadgetsAndWrongWitness() {
        CircuitBuilder cb = new CircuitBuilder();
        int x = cb.newWire(BigInteger.valueOf(1000));
        int y = cb.newWire(BigInteger.valueOf(1000));
        int z = cb.newWire(BigInteger.valueOf(7));
        int[] bits = Gadgets.rangeCheck(cb, x, 10);
        assertEquals(10, bits.length);
        int eq = Gadgets.isEqual(cb, x, y);
        int ne = Gadgets.isEqual(cb, x, z);
        int sel = Gadgets.select(cb, eq, z, x);
        int pub = cb.publicInput(cb.value(sel));
        cb.assertEqual(pub, sel);
        assertEquals(BigInteger.ONE, F.toBigInteger(cb.value(eq), 0));
        assertEquals(BigInteger.ZERO, F.toBigInteger(cb.value(ne), 0));
        assertEquals(BigInteger.valueOf(7), F.toBigInteger(cb.value(sel), 0));
        Circuit c = cb.build();
        long[] w = cb.witness();
        assertEquals(-1, c.firstUnsatisfiedRow(w));
        // changing any input, bit or gadget output breaks some row (the inverse hint of an
        // isZero on a zero input is legitimately free, so it is not in this list)
        int[] check = {x, y, z, eq, ne, sel, bits[0], bits[5], bits[9]};
        for (int wire : check) {
            long[] bad = w.clone();
            F.add(bad, 4 * wire, F.one(), 0, bad, 4 * wire);
            assertNotEquals(-1, c.firstUnsatisfiedRow(bad), "wire " + wire);
        }
        assertThrows(IllegalArgumentException.class, () -> Gadgets.rangeCheck(cb, x, 9));
    }
}
