package io.coprover.plonk;

import io.coprover.math.Field;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds a PLONK circuit and its witness together: every wire is created with its value, every
 * gate is added with the wires it reads, so after the last gadget the witness is complete.
 *
 * <p>A gate is {@code qL·a + qR·b + qO·c + qM·a·b + qC = 0} over three wires. Using the same wire
 * in several positions copy-constrains them; {@link #assertEqual} merges two wires into one copy
 * class. Public inputs get rows 0..ℓ−1 in the order they were declared (snarkjs's convention:
 * {@code a} = the input, {@code qL = 1}, other selectors 0), whenever they are declared.
 *
 * <p>Selectors are Montgomery Fr elements (4 longs); helpers accept {@code long} constants.
 * Gadgets live in {@link Gadgets} and {@link PoseidonGadget}.
 */
public final class CircuitBuilder {
    private static final Field F = Field.FR;
    /** Wire 0: fills empty slots and padding, value 0; never used with a nonzero coefficient. */
    public static final int DUMMY = 0;

    private long[] values = new long[4 * 64];
    private int nVars;
    private int[] parent = new int[64];
    private int[] wa = new int[64], wb = new int[64], wc = new int[64];
    private long[] sel = new long[5 * 4 * 64]; // per gate: qM qL qR qO qC
    private int nGates;
    private int[] publics = new int[8];
    private int nPublic;
    private final Map<BigInteger, Integer> constants = new HashMap<>();

    public CircuitBuilder() {
        newWire(new long[4]); // DUMMY
    }

    // ------------------------------------------------------------------ wires

    /** A new private wire holding {@code value} (Montgomery, 4 longs at 0). */
    public int newWire(long[] value) {
        return newWire(value, 0);
    }

    public int newWire(long[] value, int off) {
        if (4 * (nVars + 1) > values.length) values = Arrays.copyOf(values, values.length * 2);
        if (nVars + 1 > parent.length) parent = Arrays.copyOf(parent, parent.length * 2);
        Field.copy(value, off, values, 4 * nVars);
        parent[nVars] = nVars;
        return nVars++;
    }

    /** A new private wire holding the integer {@code v} (reduced mod r). */
    public int newWire(BigInteger v) {
        return newWire(F.fromBigInteger(v));
    }

    /** A new public input holding {@code value}; its row is placed among rows 0..ℓ−1. */
    public int publicInput(long[] value) {
        int w = newWire(value);
        if (nPublic == publics.length) publics = Arrays.copyOf(publics, nPublic * 2);
        publics[nPublic++] = w;
        return w;
    }

    /** The current value of wire {@code w} (a copy). */
    public long[] value(int w) {
        checkWire(w);
        return Arrays.copyOfRange(values, 4 * w, 4 * w + 4);
    }

    /**
     * A wire constrained to equal the constant {@code v} (one gate {@code a − v = 0}); repeated
     * requests for the same constant return the same wire.
     */
    public int constant(BigInteger v) {
        BigInteger key = v.mod(F.modulus);
        Integer w = constants.get(key);
        if (w != null) return w;
        long[] val = F.fromBigInteger(key);
        int x = newWire(val);
        long[] negV = new long[4];
        F.neg(val, 0, negV, 0);
        gate(x, DUMMY, DUMMY, F.one(), ZERO, ZERO, ZERO, negV);
        constants.put(key, x);
        return x;
    }

    public int numWires() {
        return nVars;
    }

    public int numGates() {
        return nGates;
    }

    /** Rows the circuit occupies: public rows + gates. */
    public int numRows() {
        return nPublic + nGates;
    }

    // ------------------------------------------------------------------ gates

    static final long[] ZERO = new long[4];

    /** Adds the gate {@code qL·a + qR·b + qO·c + qM·a·b + qC = 0} (selectors Montgomery). */
    public void gate(int a, int b, int c, long[] qL, long[] qR, long[] qO, long[] qM, long[] qC) {
        checkWire(a);
        checkWire(b);
        checkWire(c);
        if (nGates == wa.length) {
            int cap = nGates * 2;
            wa = Arrays.copyOf(wa, cap);
            wb = Arrays.copyOf(wb, cap);
            wc = Arrays.copyOf(wc, cap);
            sel = Arrays.copyOf(sel, 20 * cap);
        }
        wa[nGates] = a;
        wb[nGates] = b;
        wc[nGates] = c;
        int s = 20 * nGates;
        Field.copy(qM, 0, sel, s);
        Field.copy(qL, 0, sel, s + 4);
        Field.copy(qR, 0, sel, s + 8);
        Field.copy(qO, 0, sel, s + 12);
        Field.copy(qC, 0, sel, s + 16);
        nGates++;
    }

    /** {@link #gate} with small integer selectors. */
    public void gate(int a, int b, int c, long qL, long qR, long qO, long qM, long qC) {
        gate(a, b, c, F.fromLong(qL), F.fromLong(qR), F.fromLong(qO), F.fromLong(qM), F.fromLong(qC));
    }

    /** Copy constraint: wires {@code x} and {@code y} must hold the same value. */
    public void assertEqual(int x, int y) {
        checkWire(x);
        checkWire(y);
        int rx = find(x), ry = find(y);
        if (rx != ry) parent[Math.max(rx, ry)] = Math.min(rx, ry);
    }

    private int find(int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    private void checkWire(int w) {
        if (w < 0 || w >= nVars) throw new IllegalArgumentException("no wire " + w + " (have " + nVars + ")");
    }

    // ------------------------------------------------------------------ output

    /**
     * Compiles the gates into a circuit over the smallest power-of-two domain (≥ 8, and ≥
     * {@code 2^minPower}). Copy classes made by {@link #assertEqual} are resolved by giving
     * every wire of a class the class's representative id; {@link #witness()} matches.
     */
    public Circuit build(int minPower) {
        int rows = numRows();
        int power = Math.max(minPower, Circuit.powerFor(rows));
        int n = 1 << power;
        long[][] q = new long[5][4 * n];
        int[] am = new int[n], bm = new int[n], cm = new int[n];
        long[] one = F.one();
        for (int j = 0; j < nPublic; j++) {
            am[j] = find(publics[j]);
            Field.copy(one, 0, q[1], 4 * j);
        }
        for (int g = 0; g < nGates; g++) {
            int row = nPublic + g;
            am[row] = find(wa[g]);
            bm[row] = find(wb[g]);
            cm[row] = find(wc[g]);
            for (int k = 0; k < 5; k++) Field.copy(sel, 20 * g + 4 * k, q[k], 4 * row);
        }
        return new Circuit(power, nPublic, rows, nVars, q[0], q[1], q[2], q[3], q[4], am, bm, cm);
    }

    public Circuit build() {
        return build(3);
    }

    /**
     * The witness for {@link #build}: nVars values (Montgomery). A wire merged into a copy class
     * is read through its representative, so a value that breaks an {@link #assertEqual} shows up
     * as an unsatisfied gate, not as a silently repaired witness.
     */
    public long[] witness() {
        return Arrays.copyOf(values, 4 * nVars);
    }

    /** The public inputs in declaration order (Montgomery, flat). */
    public long[] publicValues() {
        long[] x = F.newVector(nPublic);
        for (int j = 0; j < nPublic; j++) Field.copy(values, 4 * publics[j], x, 4 * j);
        return x;
    }
}
