package io.coprover.rollup;

import io.coprover.math.G1;
import io.coprover.plonk.Proof;
import io.coprover.protocol.Bytes;

/**
 * The bytes a rollup proof record carries as its SNARK: the PLONK proof (9 G1 points as 64-byte
 * EIP-196 encodings, then 6 Fr evaluations as 32-byte big-endian = 768 bytes) and, for a merge
 * proof, the accumulator it folded ({@link Accumulator#BYTES} more). The accumulator travels with
 * the record; the merge proof's public inputs bind its hash.
 */
public record RollupSnark(Proof proof, Accumulator accumulator) {
    public static final int PROOF_BYTES = 9 * 64 + 6 * 32;

    public Bytes encode() {
        byte[] out = new byte[PROOF_BYTES + (accumulator == null ? 0 : Accumulator.BYTES)];
        for (int i = 0; i < 9; i++) System.arraycopy(G1.encode(proof.points[i], 0), 0, out, 64 * i, 64);
        for (int i = 0; i < 6; i++) Fr.F.toBytesBE(proof.evals[i], 0, out, 9 * 64 + 32 * i);
        if (accumulator != null) System.arraycopy(accumulator.encode(), 0, out, PROOF_BYTES, Accumulator.BYTES);
        return Bytes.of(out);
    }

    /**
     * Decodes a SNARK; {@code merge} says whether an accumulator must follow.
     *
     * @throws IllegalArgumentException naming what is malformed
     */
    public static RollupSnark decode(Bytes b, boolean merge) {
        byte[] in = b.toArray();
        int want = PROOF_BYTES + (merge ? Accumulator.BYTES : 0);
        if (in.length != want) {
            throw new IllegalArgumentException("SNARK must be " + want + " bytes for a " + (merge ? "merge" : "base")
                    + " proof, got " + in.length);
        }
        long[][] pts = new long[9][];
        long[][] ev = new long[6][];
        for (int i = 0; i < 9; i++) pts[i] = G1.decode(in, 64 * i);
        for (int i = 0; i < 6; i++) {
            ev[i] = new long[4];
            Fr.F.fromBytesBE(in, 9 * 64 + 32 * i, ev[i], 0);
        }
        Accumulator acc = merge ? Accumulator.decode(in, PROOF_BYTES) : null;
        return new RollupSnark(new Proof(pts, ev), acc);
    }
}
