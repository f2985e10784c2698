package io.coprover.rollup;

import io.coprover.backend.ProvingBackend;
import io.coprover.plonk.Circuit;
import io.coprover.plonk.CircuitBuilder;
import io.coprover.plonk.Prover;
import io.coprover.plonk.ProvingKey;
import io.coprover.plonk.Setup;
import io.coprover.plonk.Srs;
import io.coprover.plonk.VerificationKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The proving keys of the two rollup circuits for one state depth, made once (setup is the
 * expensive part) and reused for every proof: the gate layout of {@link BaseCircuit} and
 * {@link MergeCircuit} does not depend on the witness. Both keys come from one SRS, so every
 * proof's KZG check is against the same [τ]_2 and all of them fold into one pairing.
 */
public final class RollupKeys implements AutoCloseable {
    public final int depth;
    public final Srs srs;
    public final ProvingKey base, merge;
    public final Circuit baseShape, mergeShape;
    public final long setupNanos;
    private final Prover baseProver, mergeProver;
    private final ProvingBackend setupBackend;
    /**
     * Idle provers per backend (by identity), for {@link #proveBase(CircuitBuilder, ProvingBackend)}:
     * a {@link Prover} holds per-proof buffers and loaded bases, so concurrent proofs each take one
     * and give it back; a backend gets as many as it runs proofs at once.
     */
    private final Map<ProvingBackend, ConcurrentLinkedDeque<Prover>> basePool = new ConcurrentHashMap<>(),
            mergePool = new ConcurrentHashMap<>();

    private final List<Prover> made = java.util.Collections.synchronizedList(new ArrayList<>());

    /** Runs setup for both circuits on {@code backend}; the SRS must cover the base circuit's domain. */
    public RollupKeys(int depth, Srs srs, ProvingBackend backend) {
        long t = System.nanoTime();
        this.depth = depth;
        this.srs = srs;
        this.baseShape = baseTemplate(depth).build();
        this.mergeShape = mergeTemplate().build();
        this.base = Setup.run(baseShape, srs, backend);
        this.merge = Setup.run(mergeShape, srs, backend);
        this.baseProver = new Prover(base, backend);
        this.mergeProver = new Prover(merge, backend);
        this.setupBackend = backend;
        this.setupNanos = System.nanoTime() - t;
    }

    /** The domain power the base circuit of {@code depth} needs (the SRS must have at least this). */
    public static int basePower(int depth) {
        return Circuit.powerFor(baseTemplate(depth).numRows());
    }

    /** Rows (public inputs + gates) of the base circuit for {@code depth}. */
    public static int baseRows(int depth) {
        return baseTemplate(depth).numRows();
    }

    /** Rows of the merge circuit. */
    public static int mergeRows() {
        return mergeTemplate().numRows();
    }

    /** A base circuit over an empty tree with two padding txs: the layout every base proof shares. */
    static CircuitBuilder baseTemplate(int depth) {
        try (StateTree empty = StateTree.inMemory(depth)) {
            TxWitness pad = Rollup.apply(empty, Transfer.PADDING);
            return BaseCircuit.build(depth, pad, pad, new long[4]);
        }
    }

    static CircuitBuilder mergeTemplate() {
        long[][] zero = {new long[4], new long[4], new long[4], new long[4]};
        return MergeCircuit.build(zero, zero, new long[4], new long[4], new long[4], new long[4]);
    }

    public VerificationKey baseVk() {
        return base.vk;
    }

    public VerificationKey mergeVk() {
        return merge.vk;
    }

    /** Proves a base circuit instance; refuses a witness that does not satisfy it, naming the row. */
    public Prover.Result proveBase(CircuitBuilder cb) {
        return prove(cb, baseShape, baseProver, "base");
    }

    public Prover.Result proveMerge(CircuitBuilder cb) {
        return prove(cb, mergeShape, mergeProver, "merge");
    }

    /**
     * Proves a base circuit instance on {@code backend}; thread-safe: concurrent calls (on one
     * backend or several) each use their own {@link Prover}, made on first need and reused.
     */
    public Prover.Result proveBase(CircuitBuilder cb, ProvingBackend backend) {
        return pooled(cb, baseShape, base, basePool, backend, "base");
    }

    /** Proves a merge circuit instance on {@code backend}; thread-safe like {@link #proveBase(CircuitBuilder, ProvingBackend)}. */
    public Prover.Result proveMerge(CircuitBuilder cb, ProvingBackend backend) {
        return pooled(cb, mergeShape, merge, mergePool, backend, "merge");
    }

    private Prover.Result pooled(
            CircuitBuilder cb,
            Circuit shape,
            ProvingKey key,
            Map<ProvingBackend, ConcurrentLinkedDeque<Prover>> pool,
            ProvingBackend backend,
            String kind) {
        if (backend == null) throw new IllegalArgumentException("backend is required");
        ConcurrentLinkedDeque<Prover> idle = pool.computeIfAbsent(backend, b -> new ConcurrentLinkedDeque<>());
        Prover p = idle.pollFirst();
        if (p == null) {
            p = new Prover(key, backend);
            made.add(p);
        }
        try {
            return prove(cb, shape, p, kind);
        } finally {
            idle.addFirst(p);
        }
    }

    /** The backend the keys were set up on. */
    public ProvingBackend setupBackend() {
        return setupBackend;
    }

    private static Prover.Result prove(CircuitBuilder cb, Circuit shape, Prover prover, String kind) {
        Circuit c = cb.build();
        if (c.power != shape.power
                || c.nVars != shape.nVars
                || !Arrays.equals(c.aMap, shape.aMap)
                || !Arrays.equals(c.bMap, shape.bMap)
                || !Arrays.equals(c.cMap, shape.cMap)) {
            throw new IllegalStateException(kind + " circuit instance does not have the proving key's layout");
        }
        long[] w = cb.witness();
        int bad = c.firstUnsatisfiedRow(w);
        if (bad >= 0)
            throw new IllegalArgumentException(
                    "witness does not satisfy the " + kind + " circuit (row " + bad + " of " + c.nGates + ")");
        return prover.prove(w);
    }

    @Override
    public void close() {
        baseProver.close();
        mergeProver.close();
        synchronized (made) {
            for (Prover p : made) p.close();
            made.clear();
        }
    }
}
