package io.coprover.rollup;

import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProofRecordCodec;
import io.coprover.protocol.PublicOutputs;
import io.coprover.protocol.Wire;
import io.coprover.protocol.WireException;

/**
 * The rollup's view of a {@link ProofRecord}: the protocol's codec ({@link ProofRecordCodec}) plus
 * what only the rollup knows — its roots, commitment and fees are Fr elements and its SNARK is a
 * {@link RollupSnark}. Whoever takes a rollup record from outside (gossip, contract API, builder,
 * farm) decodes it here, so a record that decodes is well formed before any proof work is spent.
 */
public final class RollupRecords {
    private RollupRecords() {}

    /**
     * Checks that a record is a well-formed rollup record: its roots and commitment are canonical Fr
     * elements (below r, so the record's bytes and its circuit inputs correspond one to one), its
     * fees fit in Fr, and its SNARK decodes for its level (points on the curve, evaluations below r,
     * an accumulator for a merge record).
     *
     * @throws IllegalArgumentException naming the first malformed field
     */
    public static void checkWellFormed(ProofRecord r) {
        PublicOutputs o = r.outputs();
        Fr.fromBytes(o.startStateRoot(), "start state root");
        Fr.fromBytes(o.endStateRoot(), "end state root");
        Fr.fromBytes(o.txCommitment(), "tx commitment");
        if (o.fees().compareTo(Fr.F.modulus) >= 0)
            throw new IllegalArgumentException("fees: not a field element (value >= r)");
        try {
            RollupSnark.decode(r.snark(), r.node().level() > 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SNARK: " + e.getMessage(), e);
        }
    }

    /** Reads one record from {@code in} and checks it ({@link #checkWellFormed}). */
    public static ProofRecord read(Wire.Reader in, String who) {
        int at = in.pos();
        ProofRecord r = ProofRecordCodec.read(in, who);
        try {
            checkWellFormed(r);
        } catch (IllegalArgumentException e) {
            throw new WireException(who + " (record at byte " + at + "): " + e.getMessage(), e);
        }
        return r;
    }

    /** Decodes one record alone and checks it. @throws IllegalArgumentException naming what is malformed */
    public static ProofRecord decode(byte[] b) {
        ProofRecord r = ProofRecordCodec.decode(b);
        try {
            checkWellFormed(r);
        } catch (IllegalArgumentException e) {
            throw new WireException("proof record: " + e.getMessage(), e);
        }
        return r;
    }
}
