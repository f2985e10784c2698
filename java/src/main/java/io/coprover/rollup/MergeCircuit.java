package io.coprover.rollup;

import io.coprover.plonk.CircuitBuilder;
import io.coprover.plonk.Gadgets;
import io.coprover.plonk.PoseidonGadget;

/**
 * The merge rollup circuit: combines the public outputs of two adjacent nodes.
 *
 * <p>Public inputs, in order: {@code startRoot, endRoot, txCommitment, fees, binding,
 * childDigest, accumulatorHash}. Private: the children's outputs
 * {@code (start, end, commitment, fees)} for left L and right R, and the Poseidon hashes of the
 * included child proof ids per side ({@code idsL}, {@code idsR}). Constraints:
 * <pre>
 * L.end = R.start, startRoot = L.start, endRoot = R.end,
 * txCommitment = Poseidon(L.commitment, R.commitment), fees = L.fees + R.fees,
 * childDigest = Poseidon(Poseidon(L.start, L.end, L.commitment, L.fees),
 *                        Poseidon(R.start, R.end, R.commitment, R.fees), idsL, idsR)
 * </pre>
 * {@code binding} and {@code accumulatorHash} are carried (bound by the PLONK transcript). The
 * circuit does <b>not</b> verify the children's PLONK proofs (no in-circuit BN254 pairing):
 * the tree verifier checks every proof through the folded accumulator (docs/PROOFS.md).
 */
public final class MergeCircuit {
    public static final int PUBLIC_INPUTS = 7;

    private MergeCircuit() {}

    /**
     * @param left  the left child's public inputs (at least the first 4: start, end, commitment, fees)
     * @param right the right child's
     */
    public static CircuitBuilder build(
            long[][] left, long[][] right, long[] idsL, long[] idsR, long[] binding, long[] accumulatorHash) {
        CircuitBuilder cb = new CircuitBuilder();
        int[] l = new int[4], r = new int[4];
        for (int i = 0; i < 4; i++) {
            l[i] = cb.newWire(left[i]);
            r[i] = cb.newWire(right[i]);
        }
        int il = cb.newWire(idsL), ir = cb.newWire(idsR);
        cb.assertEqual(l[1], r[0]);
        int commitment = PoseidonGadget.hash(cb, l[2], r[2]);
        int fees = Gadgets.add(cb, l[3], r[3]);
        int dl = PoseidonGadget.hash(cb, l);
        int dr = PoseidonGadget.hash(cb, r);
        int digest = PoseidonGadget.hash(cb, dl, dr, il, ir);
        int[] pub = {l[0], r[1], commitment, fees};
        for (int w : pub) cb.assertEqual(cb.publicInput(cb.value(w)), w);
        cb.publicInput(binding);
        cb.assertEqual(cb.publicInput(cb.value(digest)), digest);
        cb.publicInput(accumulatorHash);
        return cb;
    }

    /** childDigest as the circuit computes it, natively (the verifier's side). */
    public static long[] childDigest(long[][] left, long[][] right, long[] idsL, long[] idsR) {
        long[] dl = Fr.poseidon(left[0], left[1], left[2], left[3]);
        long[] dr = Fr.poseidon(right[0], right[1], right[2], right[3]);
        return Fr.poseidon(dl, dr, idsL, idsR);
    }
}
