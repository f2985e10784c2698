package io.coprover.scheduler;

import io.coprover.backend.ProvingBackend;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.PublicOutputs;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic {@link NodeProver} for tests: outputs chain like a real rollup (state root j =
 * SHA-256("state" ‖ digest ‖ j) before tx j, fees of base i = i + 1 units, merge fees and roots
 * chained from the included children), SNARK = SHA-256("snark" ‖ proof id). Hooks: a gate the
 * first jobs wait on, a backend it fails on, a per-job delay, and a record of calls.
 */
final class FakeNodeProver implements NodeProver {
    final List<JobId> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger count = new AtomicInteger();
    final Set<ProvingBackend> failOn = ConcurrentHashMap.newKeySet();
    volatile CountDownLatch gate;
    volatile long delayMillis;
    volatile boolean reportProgress;

    static Bytes h(String tag, Bytes digest, long j) {
        return Bytes.of(Bytes.sha256(
                tag.getBytes(),
                digest.toArray(),
                ByteBuffer.allocate(8).putLong(j).array()));
    }

    /** The outputs an honest prover produces for a node. */
    static PublicOutputs outputs(JobInputs in) {
        NodeId n = in.node();
        if (n.level() == 0) {
            int i = n.index();
            return new PublicOutputs(
                    h("state", in.blockDigest(), 2L * i),
                    h("state", in.blockDigest(), 2L * i + 2),
                    h("txs", in.blockDigest(), i),
                    BigInteger.valueOf(i + 1));
        }
        PublicOutputs l = in.left().get(0).outputs(), r = in.right().get(0).outputs();
        Bytes txc = Bytes.of(
                Bytes.sha256(l.txCommitment().toArray(), r.txCommitment().toArray()));
        return new PublicOutputs(
                l.startStateRoot(), r.endStateRoot(), txc, l.fees().add(r.fees()));
    }

    static ProofRecord record(JobInputs in) {
        List<List<Bytes>> ch = in.node().level() == 0
                ? List.of()
                : List.of(
                        in.left().stream().map(ProofRecord::id).toList(),
                        in.right().stream().map(ProofRecord::id).toList());
        ProofRecord p = new ProofRecord(
                in.block(), in.node(), in.prover(), in.vrfProof(), in.feeBurnPpm(), outputs(in), ch, null);
        return p.withSnark(Bytes.of(Bytes.sha256("snark".getBytes(), p.id().toArray())));
    }

    @Override
    public ProofResult prove(JobInputs in, JobContext ctx) throws Exception {
        count.incrementAndGet();
        calls.add(ctx.id());
        CountDownLatch g = gate;
        if (g != null && !g.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("gate never opened");
        if (failOn.contains(ctx.backend()))
            throw new IllegalStateException("device error on " + ctx.backend().name());
        long t0 = System.nanoTime();
        if (reportProgress) ctx.progress(0.5, "witness");
        if (delayMillis > 0) {
            long end = System.currentTimeMillis() + delayMillis;
            while (System.currentTimeMillis() < end) {
                ctx.checkCancelled();
                Thread.sleep(2);
            }
        }
        ProofRecord p = record(in);
        if (reportProgress) ctx.progress(1.0, "prove");
        return new ProofResult(p, 0, System.nanoTime() - t0, ctx.backend().name());
    }
}
