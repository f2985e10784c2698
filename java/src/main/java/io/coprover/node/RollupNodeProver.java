package io.coprover.node;

import io.coprover.backend.ProvingBackend;
import io.coprover.plonk.CircuitBuilder;
import io.coprover.plonk.Prover;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.PublicOutputs;
import io.coprover.rollup.Accumulator;
import io.coprover.rollup.BaseCircuit;
import io.coprover.rollup.BlockInputs;
import io.coprover.rollup.InvalidProofException;
import io.coprover.rollup.MergeCircuit;
import io.coprover.rollup.ProofChecker;
import io.coprover.rollup.PublicInputs;
import io.coprover.rollup.RollupKeys;
import io.coprover.rollup.RollupSnark;
import io.coprover.rollup.TxWitness;
import io.coprover.scheduler.JobContext;
import io.coprover.scheduler.JobInputs;
import io.coprover.scheduler.JobKind;
import io.coprover.scheduler.NodeProver;
import io.coprover.scheduler.ProofResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's {@link NodeProver} over the rollup circuits: a BASE job proves two txs of the
 * block with {@link BaseCircuit}, a MERGE or ROOT job proves {@link MergeCircuit} over the job's
 * included child proofs (the root is a merge of the top node). The record carries the job's VRF
 * proof (PRIVATE mode) and FEE_BURN, and the SNARK binds prover, FEE_BURN, block and node
 * (docs/PROOFS.md §6).
 *
 * <p>Phases, each reported as progress and separated by {@link JobContext#checkCancelled()}:
 * {@code children} (merge: the included children reduced and their fold checked with one pairing,
 * so a wrong child never gets a parent), {@code witness} (circuit and witness), {@code prove}
 * (PLONK, all NTTs and MSMs on the worker's backend through {@link RollupKeys#proveBase(CircuitBuilder, ProvingBackend)}).
 *
 * <p>Thread-safe: no mutable state of its own; provers are pooled per backend by {@link RollupKeys}.
 */
public final class RollupNodeProver implements NodeProver {

    /** Where the prover finds a block's data and the records of proofs below a merge's children. */
    public interface Source {
        /** The checked inputs of {@code block} whose tx commitment is {@code digest}, or null if this node has no data. */
        BlockInputs inputs(long block, Bytes digest);

        /** A verified proof record by id, or null (a merge's children's own children are looked up here). */
        ProofRecord proof(Bytes id);
    }

    private final RollupKeys keys;
    private final Source source;

    /** Where this prover reads block inputs and child proofs. */
    public Source source() {
        return source;
    }

    public RollupNodeProver(RollupKeys keys, Source source) {
        if (keys == null || source == null)
            throw new IllegalArgumentException("rollup node prover: keys and source are required");
        this.keys = keys;
        this.source = source;
    }

    public RollupKeys keys() {
        return keys;
    }

    @Override
    public ProofResult prove(JobInputs in, JobContext ctx) {
        ProvingBackend be = ctx.backend();
        return in.kind() == JobKind.BASE && in.node().level() == 0 ? base(in, ctx, be) : merge(in, ctx, be);
    }

    private ProofResult base(JobInputs in, JobContext ctx, ProvingBackend be) {
        BlockInputs data = source.inputs(in.block(), in.blockDigest());
        if (data == null)
            throw new IllegalStateException("no tx data for block " + in.block() + " (withheld or not yet received)");
        if (data.depth() != keys.depth)
            throw new IllegalStateException(
                    "block " + in.block() + " has depth " + data.depth() + ", the keys are for " + keys.depth);
        int index = in.node().index();
        ctx.progress(0.0, "witness");
        long t0 = System.nanoTime();
        TxWitness w0 = data.witnesses().get(2 * index), w1 = data.witnesses().get(2 * index + 1);
        long[] binding = PublicInputs.binding(in.prover(), in.feeBurnPpm(), in.block(), in.node());
        CircuitBuilder cb = BaseCircuit.build(data.depth(), w0, w1, binding);
        long t1 = System.nanoTime();
        ctx.checkCancelled();
        ctx.progress(0.1, "prove");
        Prover.Result res = keys.proveBase(cb, be);
        long t2 = System.nanoTime();
        ctx.checkCancelled();
        ProofRecord r = new ProofRecord(
                in.block(),
                in.node(),
                in.prover(),
                in.vrfProof(),
                in.feeBurnPpm(),
                outputs(res.publicInputs()),
                List.of(),
                new RollupSnark(res.proof(), null).encode());
        ctx.progress(1.0, "done");
        return new ProofResult(r, t1 - t0, t2 - t1, be.name());
    }

    private ProofResult merge(JobInputs in, JobContext ctx, ProvingBackend be) {
        NodeId node = in.node();
        String who = "merge " + node + " of block " + in.block();
        ctx.progress(0.0, "children");
        long t0 = System.nanoTime();
        Map<Bytes, ProofRecord> local = new HashMap<>();
        for (ProofRecord c : in.left()) local.put(c.id(), c);
        for (ProofRecord c : in.right()) local.put(c.id(), c);
        ProofChecker checker = new ProofChecker(keys.baseVk(), keys.mergeVk(), id -> {
            ProofRecord r = local.get(id);
            return r != null ? r : source.proof(id);
        });
        for (List<ProofRecord> side : List.of(in.left(), in.right())) {
            for (ProofRecord c : side) {
                if (!c.outputs().equals(side.get(0).outputs()))
                    throw new InvalidProofException(
                            who + ": included proofs of node " + c.node() + " have different outputs");
            }
        }
        PublicOutputs lo = in.left().get(0).outputs(), ro = in.right().get(0).outputs();
        if (!lo.endStateRoot().equals(ro.startStateRoot()))
            throw new InvalidProofException(who + ": children do not chain (left end root != right start root)");
        List<Accumulator.Item> items = new ArrayList<>();
        for (ProofRecord c : in.left()) items.add(checker.reduce(c).item());
        for (ProofRecord c : in.right()) items.add(checker.reduce(c).item());
        Accumulator acc = Accumulator.fold(items);
        if (!acc.check(keys.srs.x2))
            throw new InvalidProofException(who + ": the included children's proofs do not verify");
        ctx.checkCancelled();
        ctx.progress(0.2, "witness");
        List<Bytes> idsL = in.left().stream().map(ProofRecord::id).toList(),
                idsR = in.right().stream().map(ProofRecord::id).toList();
        long[] binding = PublicInputs.binding(in.prover(), in.feeBurnPpm(), in.block(), node);
        CircuitBuilder cb = MergeCircuit.build(
                PublicInputs.outputs(lo),
                PublicInputs.outputs(ro),
                PublicInputs.idsHash(idsL),
                PublicInputs.idsHash(idsR),
                binding,
                acc.hash());
        long t1 = System.nanoTime();
        ctx.checkCancelled();
        ctx.progress(0.3, "prove");
        Prover.Result res = keys.proveMerge(cb, be);
        long t2 = System.nanoTime();
        ctx.checkCancelled();
        ProofRecord r = new ProofRecord(
                in.block(),
                node,
                in.prover(),
                in.vrfProof(),
                in.feeBurnPpm(),
                outputs(res.publicInputs()),
                List.of(idsL, idsR),
                new RollupSnark(res.proof(), acc).encode());
        ctx.progress(1.0, "done");
        return new ProofResult(r, t1 - t0, t2 - t1, be.name());
    }

    private static PublicOutputs outputs(long[] pub) {
        return PublicInputs.toOutputs(slice(pub, 0), slice(pub, 1), slice(pub, 2), slice(pub, 3));
    }

    private static long[] slice(long[] flat, int i) {
        return Arrays.copyOfRange(flat, 4 * i, 4 * i + 4);
    }
}
