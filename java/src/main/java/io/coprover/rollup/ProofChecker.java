package io.coprover.rollup;

import io.coprover.plonk.VerificationKey;
import io.coprover.plonk.Verifier;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.PublicOutputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reduces rollup proof records to folded pairing checks, memoised per proof id: for each record
 * the public inputs are derived from the record ({@link PublicInputs}), the SNARK decoded, the
 * PLONK verifier run up to its pairing ({@link Verifier#pairingInputs}: transcript, field work,
 * one MSM), and for a merge record the children are reduced first, their outputs checked to chain,
 * and the carried accumulator checked to equal the fold of the children's pairs and accumulators.
 * No pairing is computed here: see {@link TreeVerifier}.
 */
public final class ProofChecker {
    private final VerificationKey baseVk, mergeVk;
    private final Function<Bytes, ProofRecord> lookup;
    private final Map<Bytes, Reduced> memo = new HashMap<>();

    /** A record reduced to its own pairing pair and the accumulator it carries (EMPTY for a base proof). */
    public record Reduced(ProofRecord record, long[][] pair, Accumulator carried, long[] publicInputs) {
        public Accumulator.Item item() {
            return new Accumulator.Item(record.id(), pair, carried);
        }

        /** The subtree's checks folded with this proof's own: holds iff every proof of the subtree is valid. */
        public Accumulator subtree() {
            return Accumulator.fold(List.of(item()));
        }
    }

    public ProofChecker(VerificationKey baseVk, VerificationKey mergeVk, Function<Bytes, ProofRecord> lookup) {
        if (!Arrays.equals(baseVk.x2, mergeVk.x2))
            throw new IllegalArgumentException("base and merge keys must share one SRS ([tau]_2 differs)");
        this.baseVk = baseVk;
        this.mergeVk = mergeVk;
        this.lookup = lookup;
    }

    /** The record with this id, or null. */
    public ProofRecord lookup(Bytes id) {
        return lookup.apply(id);
    }

    /** Number of proofs reduced so far. */
    public int reducedCount() {
        return memo.size();
    }

    public Reduced reduce(ProofRecord r) {
        Reduced m = memo.get(r.id());
        if (m != null && m.record.snark().equals(r.snark())) return m;
        Reduced out = r.node().level() == 0 ? reduceBase(r) : reduceMerge(r);
        memo.put(r.id(), out);
        return out;
    }

    private static String who(ProofRecord r) {
        return "proof " + r.id().shortHex(12) + " at node " + r.node();
    }

    private Reduced reduceBase(ProofRecord r) {
        if (!r.children().isEmpty()) throw new InvalidProofException(who(r) + ": a base proof has no children");
        RollupSnark s = decode(r, false);
        long[] pub;
        try {
            pub = PublicInputs.base(r);
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException(who(r) + ": bad public outputs: " + e.getMessage(), e);
        }
        return new Reduced(r, pair(r, baseVk, pub, s), Accumulator.EMPTY, pub);
    }

    private Reduced reduceMerge(ProofRecord r) {
        if (r.children().size() != 2)
            throw new InvalidProofException(who(r) + ": a merge proof needs 2 child lists, has "
                    + r.children().size());
        List<Accumulator.Item> items = new ArrayList<>();
        ProofRecord[] first = new ProofRecord[2];
        for (int side = 0; side < 2; side++) {
            List<Bytes> ids = r.children().get(side);
            if (ids.isEmpty() || ids.size() > 3)
                throw new InvalidProofException(
                        who(r) + ": child list " + side + " must hold 1..3 proofs, has " + ids.size());
            NodeId want = r.node().child(side);
            for (Bytes id : ids) {
                ProofRecord c = lookup.apply(id);
                if (c == null)
                    throw new InvalidProofException(who(r) + ": included proof " + id.shortHex(12) + " is missing");
                if (!c.node().equals(want)) {
                    throw new InvalidProofException(who(r) + ": included proof " + id.shortHex(12) + " is for node "
                            + c.node() + ", expected " + want);
                }
                if (c.block() != r.block())
                    throw new InvalidProofException(
                            who(r) + ": included proof " + id.shortHex(12) + " is for block " + c.block());
                if (first[side] == null) first[side] = c;
                else if (!first[side].outputs().equals(c.outputs())) {
                    throw new InvalidProofException(
                            who(r) + ": included proofs of node " + want + " have different outputs");
                }
                items.add(reduce(c).item());
            }
        }
        checkChain(who(r), r.outputs(), first[0].outputs(), first[1].outputs());
        Accumulator folded = Accumulator.fold(items);
        RollupSnark s = decode(r, true);
        if (!s.accumulator().sameAs(folded)) {
            throw new InvalidProofException(
                    who(r)
                            + ": carried accumulator does not equal the fold of its included children's checks (tampered accumulator or changed children)");
        }
        long[] pub;
        try {
            pub = PublicInputs.merge(r, first[0], first[1], s.accumulator());
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException(who(r) + ": bad public outputs: " + e.getMessage(), e);
        }
        return new Reduced(r, pair(r, mergeVk, pub, s), s.accumulator(), pub);
    }

    /**
     * The merge rules between a merge's outputs {@code o} (null: only the children's own chaining)
     * and its children's outputs; throws naming the first broken one.
     */
    static void checkChain(String who, PublicOutputs o, PublicOutputs l, PublicOutputs rt) {
        if (!l.endStateRoot().equals(rt.startStateRoot()))
            throw new InvalidProofException(who + ": children do not chain (left end root != right start root)");
        if (o == null) return;
        if (!o.startStateRoot().equals(l.startStateRoot()))
            throw new InvalidProofException(who + ": start root differs from the left child's");
        if (!o.endStateRoot().equals(rt.endStateRoot()))
            throw new InvalidProofException(who + ": end root differs from the right child's");
        if (!o.fees().equals(l.fees().add(rt.fees())))
            throw new InvalidProofException(who + ": fees are not the children's sum");
        long[] c = Rollup.combine(
                Fr.fromBytes(l.txCommitment(), "left commitment"), Fr.fromBytes(rt.txCommitment(), "right commitment"));
        if (!Fr.bytes(c).equals(o.txCommitment()))
            throw new InvalidProofException(who + ": tx commitment is not Poseidon(left, right)");
    }

    private static RollupSnark decode(ProofRecord r, boolean merge) {
        try {
            return RollupSnark.decode(r.snark(), merge);
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException(who(r) + ": malformed SNARK: " + e.getMessage(), e);
        }
    }

    private static long[][] pair(ProofRecord r, VerificationKey vk, long[] pub, RollupSnark s) {
        long[][] pq;
        try {
            pq = Verifier.pairingInputs(vk, pub, s.proof());
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException(who(r) + ": malformed SNARK: " + e.getMessage(), e);
        }
        if (pq == null) throw new InvalidProofException(who(r) + ": SNARK not checkable (challenge in the domain)");
        return pq;
    }
}
