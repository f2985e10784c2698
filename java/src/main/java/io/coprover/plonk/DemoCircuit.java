package io.coprover.plonk;

import io.coprover.math.Field;
import java.math.BigInteger;

/**
 * The benchmark circuit of {@code coprover plonk demo}: a Poseidon hash chain
 * h_{i+1} = Poseidon(h_i, s) from a private seed s (h_0 = s), then a chain of multiplications
 * x_{k+1} = x_k·h to fill the requested row count exactly; the last value is the one public input.
 */
public final class DemoCircuit {
    private DemoCircuit() {}

    /** Rows of one chain link (one 2-input Poseidon). */
    public static int gatesPerHash() {
        return PoseidonGadget.gateCount(2);
    }

    /**
     * A circuit of exactly {@code rows} rows (≥ 2), built with its witness.
     *
     * @return the builder; {@link CircuitBuilder#build()} gives the circuit
     */
    public static CircuitBuilder build(int rows, long seed) {
        if (rows < 2) throw new IllegalArgumentException("the demo circuit needs at least 2 rows, got " + rows);
        CircuitBuilder cb = new CircuitBuilder();
        int s = cb.newWire(Field.FR.fromBigInteger(BigInteger.valueOf(seed)));
        int h = s;
        int perHash = gatesPerHash();
        // rows = 1 public row + hashes·perHash + fill (one gate each)
        int hashes = (rows - 1) / perHash;
        for (int i = 0; i < hashes; i++) h = PoseidonGadget.hash(cb, h, s);
        int x = h;
        while (cb.numRows() < rows - 1) x = Gadgets.mul(cb, x, h);
        int out = cb.publicInput(cb.value(x));
        cb.assertEqual(out, x);
        return cb;
    }

    /** Number of Poseidon hashes {@link #build} uses for {@code rows}. */
    public static int hashes(int rows) {
        return Math.max(0, (rows - 1) / gatesPerHash());
    }
}
