package io.coprover.rollup;

import io.coprover.backend.ProvingBackend;
import io.coprover.plonk.CircuitBuilder;
import io.coprover.plonk.Prover;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.PublicOutputs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Proves the nodes of a block's proof tree with {@link RollupKeys} (any backend): base proofs from
 * the block's witnesses, merge proofs from chosen included child proofs. A merge prover reduces
 * its children ({@link ProofChecker}), checks the folded subtree with one pairing before spending
 * time on a proof, and carries the new accumulator in its SNARK.
 */
public final class BlockProver {
    private final RollupKeys keys;
    /** Every proof made or seen, by id (the lookup merge proofs resolve their children with). */
    private final Map<Bytes, ProofRecord> known = new LinkedHashMap<>();

    private final ProofChecker checker;
    private final ProvingBackend backend;
    private long baseNanos, mergeNanos;
    private int baseCount, mergeCount;

    public BlockProver(RollupKeys keys) {
        this(keys, null);
    }

    /**
     * Proves on {@code backend} (null: the backend the keys were set up on); several BlockProvers
     * may share one {@link RollupKeys} from several threads this way.
     */
    public BlockProver(RollupKeys keys, ProvingBackend backend) {
        this.keys = keys;
        this.backend = backend;
        this.checker = new ProofChecker(keys.baseVk(), keys.mergeVk(), known::get);
    }

    /** Makes a proof by someone else known (so merges may include it). */
    public void add(ProofRecord r) {
        known.put(r.id(), r);
    }

    public Map<Bytes, ProofRecord> proofs() {
        return known;
    }

    /** Proves base node {@code index} of the block for {@code prover} with its FEE_BURN. */
    public ProofRecord proveBase(BlockInputs in, int index, Bytes prover, long feeBurnPpm) {
        NodeId node = new NodeId(0, index);
        if (!in.shape().contains(node))
            throw new IllegalArgumentException(
                    "base node " + index + " is not in a block of " + in.txs().size() + " txs");
        return proveBase(
                in.block(),
                in.depth(),
                node,
                in.witnesses().get(2 * index),
                in.witnesses().get(2 * index + 1),
                prover,
                feeBurnPpm);
    }

    /**
     * Proves base node {@code node} of {@code block} from its two tx witnesses (in order, taken from
     * one state of depth {@code depth}): what a proof builder does with a request that carries only
     * this node's witnesses.
     */
    public ProofRecord proveBase(
            long block, int depth, NodeId node, TxWitness w0, TxWitness w1, Bytes prover, long feeBurnPpm) {
        if (node.level() != 0) throw new IllegalArgumentException("base proofs are for level-0 nodes, got " + node);
        long[] binding = PublicInputs.binding(prover, feeBurnPpm, block, node);
        long t = System.nanoTime();
        CircuitBuilder cb = BaseCircuit.build(depth, w0, w1, binding);
        Prover.Result res = backend == null ? keys.proveBase(cb) : keys.proveBase(cb, backend);
        baseNanos += System.nanoTime() - t;
        baseCount++;
        long[] pub = res.publicInputs();
        PublicOutputs out = PublicInputs.toOutputs(slice(pub, 0), slice(pub, 1), slice(pub, 2), slice(pub, 3));
        ProofRecord r = new ProofRecord(
                block, node, prover, null, feeBurnPpm, out, List.of(), new RollupSnark(res.proof(), null).encode());
        add(r);
        return r;
    }

    /**
     * Proves merge node {@code node} over the included proofs {@code left} and {@code right}
     * (1..3 each, of the node's children, one set of outputs per side).
     *
     * @throws InvalidProofException if the children do not form a valid subtree
     */
    public ProofRecord proveMerge(
            long block, NodeId node, List<ProofRecord> left, List<ProofRecord> right, Bytes prover, long feeBurnPpm) {
        for (ProofRecord c : left) add(c);
        for (ProofRecord c : right) add(c);
        String who = "merge " + node;
        for (int side = 0; side < 2; side++) {
            List<ProofRecord> l = side == 0 ? left : right;
            if (l.isEmpty() || l.size() > 3)
                throw new IllegalArgumentException(who + ": 1..3 included proofs per child, got " + l.size());
            for (ProofRecord c : l) {
                if (!c.node().equals(node.child(side)))
                    throw new InvalidProofException(who + ": included proof " + c.id().shortHex(12) + " is for node "
                            + c.node() + ", expected " + node.child(side));
                if (!c.outputs().equals(l.get(0).outputs()))
                    throw new InvalidProofException(
                            who + ": included proofs of node " + c.node() + " have different outputs");
            }
        }
        ProofChecker.checkChain(who, null, left.get(0).outputs(), right.get(0).outputs());
        List<Bytes> idsL = left.stream().map(ProofRecord::id).toList(),
                idsR = right.stream().map(ProofRecord::id).toList();
        // reduce the children (structure, chaining, their accumulators) and fold
        List<Accumulator.Item> items = new ArrayList<>();
        for (ProofRecord c : left) items.add(checker.reduce(c).item());
        for (ProofRecord c : right) items.add(checker.reduce(c).item());
        Accumulator acc = Accumulator.fold(items);
        if (!acc.check(keys.srs.x2))
            throw new InvalidProofException("merge " + node + ": the included children's proofs do not verify");
        long[][] l = PublicInputs.outputs(left.get(0).outputs()),
                r = PublicInputs.outputs(right.get(0).outputs());
        long[] binding = PublicInputs.binding(prover, feeBurnPpm, block, node);
        long t = System.nanoTime();
        CircuitBuilder cb =
                MergeCircuit.build(l, r, PublicInputs.idsHash(idsL), PublicInputs.idsHash(idsR), binding, acc.hash());
        Prover.Result res = backend == null ? keys.proveMerge(cb) : keys.proveMerge(cb, backend);
        mergeNanos += System.nanoTime() - t;
        mergeCount++;
        long[] pub = res.publicInputs();
        PublicOutputs out = PublicInputs.toOutputs(slice(pub, 0), slice(pub, 1), slice(pub, 2), slice(pub, 3));
        ProofRecord rec = new ProofRecord(
                block,
                node,
                prover,
                null,
                feeBurnPpm,
                out,
                List.of(idsL, idsR),
                new RollupSnark(res.proof(), acc).encode());
        add(rec);
        return rec;
    }

    /** One proof per node, all by {@code prover}, bottom-up; returns the root proof. */
    public ProofRecord proveAll(BlockInputs in, Bytes prover, long feeBurnPpm) {
        List<ProofRecord> level = new ArrayList<>();
        for (int i = 0; i < in.shape().numBase(); i++) level.add(proveBase(in, i, prover, feeBurnPpm));
        for (int l = 1; l <= in.shape().depth(); l++) {
            List<ProofRecord> next = new ArrayList<>();
            for (int i = 0; i < level.size() / 2; i++) {
                next.add(proveMerge(
                        in.block(),
                        new NodeId(l, i),
                        List.of(level.get(2 * i)),
                        List.of(level.get(2 * i + 1)),
                        prover,
                        feeBurnPpm));
            }
            level = next;
        }
        return level.get(0);
    }

    public long baseNanos() {
        return baseNanos;
    }

    public long mergeNanos() {
        return mergeNanos;
    }

    public int baseCount() {
        return baseCount;
    }

    public int mergeCount() {
        return mergeCount;
    }

    private static long[] slice(long[] flat, int i) {
        return java.util.Arrays.copyOfRange(flat, 4 * i, 4 * i + 4);
    }
}
