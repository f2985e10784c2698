package io.coprover.builder;

import io.coprover.node.RollupNodeProver;
import io.coprover.plonk.VerificationKey;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.rollup.BlockInputs;
import io.coprover.rollup.RollupKeys;
import io.coprover.scheduler.JobContext;
import io.coprover.scheduler.JobInputs;
import io.coprover.scheduler.JobKind;
import io.coprover.scheduler.NodeProver;
import io.coprover.scheduler.ProofResult;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link NodeProver} that hands jobs to proof builders (in the order given) and falls back to
 * proving locally: on a builder that is down, refuses the job, fails it, or does not finish within
 * the timeout, the next one is tried, then the local prover. Every returned proof is verified
 * before it is used ({@link ProofRequests#verifyResult}: same block, node, prover, VRF proof,
 * FEE_BURN, children and outputs as asked, and the SNARK with its subtree checked with one pairing);
 * a wrong or tampered proof is logged and treated like a failure of that builder.
 *
 * <p>For {@code coprover node --builder URL...}: {@link #over}.
 */
public final class OffloadingNodeProver implements NodeProver {
    private static final System.Logger LOG = System.getLogger("coprover.builder.client");

    /** Where the prover finds a block's witnesses and the proofs below a merge's children. */
    public interface Source {
        /** The inputs of {@code block} with tx commitment {@code digest}, or null. */
        BlockInputs inputs(long block, Bytes digest);

        /** A verified proof record by id, or null. */
        ProofRecord proof(Bytes id);
    }

    private final List<BuilderClient> builders;
    private final NodeProver local;
    private final Source source;
    private final VerificationKey baseVk, mergeVk;
    private final Duration timeout;
    private final AtomicLong offloaded = new AtomicLong(), fellBack = new AtomicLong(), rejected = new AtomicLong();

    /**
     * @param builders clients of the builders to try, in order
     * @param local    the fallback (the node's own prover)
     * @param source   block inputs and known proofs
     * @param keys     the keys whose verification keys check every returned proof
     * @param timeout  how long one builder may take for one job (submit to verified proof)
     */
    public OffloadingNodeProver(List<BuilderClient> builders, NodeProver local, Source source, RollupKeys keys, Duration timeout) {
        if (local == null || source == null || keys == null) throw new IllegalArgumentException("offloading prover: local prover, source and keys are required");
        this.builders = List.copyOf(builders);
        this.local = local;
        this.source = source;
        this.baseVk = keys.baseVk();
        this.mergeVk = keys.mergeVk();
        this.timeout = timeout;
    }

    /**
     * The node's prover with offloading to the builders at {@code urls}, as
     * {@code --builder URL} (repeatable) configures it: {@code client} is this prover's client name
     * at the builders and {@code key} its registered signing key ({@link ClientKey#load}).
     */
    public static OffloadingNodeProver over(RollupNodeProver local, RollupNodeProver.Source source, List<URI> urls, String client, ClientKey key,
                                            Duration timeout) {
        List<BuilderClient> l = new ArrayList<>();
        for (URI u : urls) l.add(new BuilderClient(u, client, key, Duration.ofSeconds(10)));
        Source s = new Source() {
            @Override
            public BlockInputs inputs(long block, Bytes digest) {
                return source.inputs(block, digest);
            }

            @Override
            public ProofRecord proof(Bytes id) {
                return source.proof(id);
            }
        };
        return new OffloadingNodeProver(l, local, s, local.keys(), timeout);
    }

    /** Jobs proved by a builder, jobs proved locally after all builders failed, and returned proofs refused. */
    public long[] counters() {
        return new long[] {offloaded.get(), fellBack.get(), rejected.get()};
    }

    @Override
    public ProofResult prove(JobInputs in, JobContext ctx) throws Exception {
        ProofRequest req = null;
        if (!builders.isEmpty()) {
            try {
                req = request(in);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "event=offload_skipped job={0} reason={1}", ctx.id(), e.getMessage());
            }
        }
        if (req != null) {
            for (BuilderClient b : builders) {
                ctx.checkCancelled();
                long t = System.nanoTime();
                Bytes id = req.id();
                try {
                    ctx.progress(0.05, "offload");
                    b.submit(req);
                    ProofRecord r = awaitUnlessCancelled(b, id, ctx, t + timeout.toNanos());
                    ctx.progress(0.95, "verify");
                    try {
                        ProofRequests.verifyResult(req, r, baseVk, mergeVk);
                    } catch (RuntimeException bad) {
                        rejected.incrementAndGet();
                        LOG.log(System.Logger.Level.WARNING, "event=builder_proof_rejected builder={0} job={1} reason={2}", b.base(), ctx.id(), bad.getMessage());
                        continue;
                    }
                    offloaded.incrementAndGet();
                    return new ProofResult(r, 0, System.nanoTime() - t, "builder:" + b.base());
                } catch (CancellationException c) {
                    throw c;
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, "event=builder_failed builder={0} job={1} reason={2}", b.base(), ctx.id(), e.toString());
                    try {
                        b.cancel(id); // best effort: do not leave it running for nothing
                    } catch (Exception ignored) {
                        // the builder is down or the job is gone
                    }
                }
            }
            fellBack.incrementAndGet();
            LOG.log(System.Logger.Level.INFO, "event=local_fallback job={0}", ctx.id());
        }
        return local.prove(in, ctx);
    }

    private static ProofRecord awaitUnlessCancelled(BuilderClient b, Bytes id, JobContext ctx, long deadlineNanos) throws Exception {
        while (true) {
            if (ctx.isCancelled()) {
                try {
                    b.cancel(id);
                } catch (Exception ignored) {
                    // best effort
                }
                ctx.checkCancelled();
            }
            long slice = Math.min(deadlineNanos, System.nanoTime() + 2_000_000_000L);
            try {
                return b.await(id, slice);
            } catch (java.net.http.HttpTimeoutException e) {
                if (System.nanoTime() >= deadlineNanos) throw e;
            }
        }
    }

    private ProofRequest request(JobInputs in) {
        // the builder may drop the job after this; a minute beyond our own wait so it is not dropped
        // while a slow clock or a queue ahead of it delays the start
        long deadline = System.currentTimeMillis() + timeout.toMillis() + 60_000;
        if (in.kind() == JobKind.BASE) {
            BlockInputs b = source.inputs(in.block(), in.blockDigest());
            if (b == null) throw new IllegalStateException("no tx data for block " + in.block());
            return ProofRequests.base(in, b, deadline);
        }
        return ProofRequests.merge(in, source::proof, deadline);
    }
}
