package io.coprover.builder;

import io.coprover.node.RollupNodeProver;
import io.coprover.plonk.VerificationKey;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.requests.ProofRequest;
import io.coprover.requests.ProofRequests;
import io.coprover.rollup.BlockInputs;
import io.coprover.rollup.RollupKeys;
import io.coprover.scheduler.JobContext;
import io.coprover.scheduler.JobInputs;
import io.coprover.scheduler.JobKind;
import io.coprover.scheduler.NodeProver;
import io.coprover.scheduler.ProofResult;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A {@link NodeProver} that hands jobs to proof builders (in the order given) and proves locally
 * whenever they cannot help, so that offloading never costs a deadline:
 * <ul>
 *   <li>A builder must prove with the node's SRS and depth (else none of its proofs verify here):
 *       {@link #over} asks every builder ({@code GET /v1/info}) at start and refuses to start on a
 *       mismatch, naming both SRS digests and how to give the builder the node's SRS; a builder
 *       that is down then is asked before its first job, and dropped on a mismatch.</li>
 *   <li>A builder that fails (down, refuses, fails the job, does not finish within the timeout, or
 *       returns a proof that does not verify) is backed off: skipped for {@link Backoff#initial},
 *       doubling with each failure in a row up to {@link Backoff#max}; its next success resets it.
 *       While every builder is backed off, jobs are proved locally at once. Each switch between
 *       offloading and proving locally is logged ({@code event=offload_switch}).</li>
 *   <li>Every returned proof is verified before it is used ({@link ProofRequests#verifyResult}: same
 *       block, node, prover, VRF proof, FEE_BURN, children and outputs as asked, and the SNARK with
 *       its subtree checked with one pairing).</li>
 * </ul>
 *
 * <p>For {@code coprover node --builder URL...}: {@link #over}.
 */
public final class OffloadingNodeProver implements NodeProver {
    private static final io.coprover.log.Log LOG = io.coprover.log.Log.get("builder.client");

    /** Where the prover finds a block's witnesses and the proofs below a merge's children. */
    public interface Source {
        /** The inputs of {@code block} with tx commitment {@code digest}, or null. */
        BlockInputs inputs(long block, Bytes digest);

        /** A verified proof record by id, or null. */
        ProofRecord proof(Bytes id);
    }

    /**
     * How long a failing builder is skipped: {@code initial} after one failure, doubling with each
     * further failure in a row, at most {@code max}.
     */
    public record Backoff(Duration initial, Duration max) {
        public Backoff {
            if (initial == null || initial.isNegative() || initial.isZero())
                throw new IllegalArgumentException("back-off must be positive, got " + initial);
            if (max == null || max.compareTo(initial) < 0)
                throw new IllegalArgumentException("back-off cap " + max + " is below the initial " + initial);
        }

        /** 10 s after a failure, up to 10 min. */
        public static Backoff defaults() {
            return new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(10));
        }

        /** The pause after {@code failures} (≥ 1) failures in a row. */
        long nanosAfter(int failures) {
            long d = initial.toNanos();
            for (int i = 1; i < failures && d < max.toNanos(); i++) d *= 2;
            return Math.min(d, max.toNanos());
        }
    }

    /** One builder and what this node knows of it. Guarded by its own lock. */
    private static final class Target {
        final BuilderClient client;
        boolean checked; // its info matched ours
        String refused; // why it is never used (a mismatch), or null
        int failures; // in a row
        long retryAtNanos; // skipped until then

        Target(BuilderClient client) {
            this.client = client;
        }
    }

    private final List<Target> targets;
    private final NodeProver local;
    private final Source source;
    private final VerificationKey baseVk, mergeVk;
    private final BuilderInfo expected;
    private final Duration timeout;
    private final Backoff backoff;
    private final LongSupplier nanos;
    private final AtomicLong offloaded = new AtomicLong(), fellBack = new AtomicLong(), rejected = new AtomicLong();
    /** Whether the last job was proved locally while builders are configured (for logging switches). */
    private boolean provingLocally;

    /**
     * @param builders clients of the builders to try, in order
     * @param local    the fallback (the node's own prover)
     * @param source   block inputs and known proofs
     * @param keys     the keys whose verification keys check every returned proof, and whose SRS
     *                 and depth a builder must have
     * @param timeout  how long one builder may take for one job (submit to verified proof)
     */
    public OffloadingNodeProver(
            List<BuilderClient> builders, NodeProver local, Source source, RollupKeys keys, Duration timeout) {
        this(builders, local, source, keys, timeout, Backoff.defaults(), System::nanoTime);
    }

    /** As above, with the back-off and the clock it is measured on ({@link System#nanoTime} but in tests). */
    public OffloadingNodeProver(
            List<BuilderClient> builders,
            NodeProver local,
            Source source,
            RollupKeys keys,
            Duration timeout,
            Backoff backoff,
            LongSupplier nanos) {
        if (local == null || source == null || keys == null)
            throw new IllegalArgumentException("offloading prover: local prover, source and keys are required");
        List<Target> t = new ArrayList<>();
        for (BuilderClient b : builders) t.add(new Target(b));
        this.targets = List.copyOf(t);
        this.local = local;
        this.source = source;
        this.baseVk = keys.baseVk();
        this.mergeVk = keys.mergeVk();
        this.expected = BuilderInfo.of(keys);
        this.timeout = timeout;
        this.backoff = backoff;
        this.nanos = nanos;
    }

    /**
     * The node's prover with offloading to the builders at {@code urls}, as
     * {@code --builder URL} (repeatable) configures it: {@code client} is this prover's client name
     * at the builders and {@code key} its registered signing key ({@link ClientKey#load}). Every
     * builder is checked now ({@link #checkBuilders}).
     *
     * @throws IllegalStateException when a builder proves with another SRS or depth than the node
     */
    public static OffloadingNodeProver over(
            RollupNodeProver local,
            RollupNodeProver.Source source,
            List<URI> urls,
            String client,
            ClientKey key,
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
        OffloadingNodeProver p = new OffloadingNodeProver(l, local, s, local.keys(), timeout);
        p.checkBuilders();
        return p;
    }

    /**
     * Asks every builder what it proves with. A builder that answers with another SRS or depth is
     * an error (the node must not start with it); one that cannot be reached is backed off and asked
     * again before its first job.
     *
     * @throws IllegalStateException on a mismatch, or a builder that does not advertise its SRS
     */
    public void checkBuilders() {
        for (Target t : targets) {
            synchronized (t) {
                try {
                    check(t);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(
                            "interrupted while asking builder " + t.client.base() + " for its SRS", e);
                } catch (IOException e) {
                    failed(t, "cannot ask it for its SRS: " + e, "builder_unreachable");
                }
                if (t.refused != null) throw new IllegalStateException(t.refused);
            }
        }
    }

    /** Compares the builder's info with ours; sets {@code checked} or {@code refused}. Caller holds t's lock. */
    private void check(Target t) throws IOException, InterruptedException {
        BuilderInfo theirs;
        try {
            theirs = t.client.info();
        } catch (BuilderClient.BuilderException e) {
            if (e.status >= 500) throw e; // a failing builder: back off, ask again later
            t.refused = "builder " + t.client.base() + " does not say which SRS it proves with (GET /v1/info answered "
                    + e.status + ": " + e.getMessage()
                    + "); its proofs may not verify here. Upgrade it, or remove it from offload.builders";
            return;
        }
        if (theirs.matches(expected)) {
            t.checked = true;
            return;
        }
        t.refused = "builder " + t.client.base() + " proves with " + theirs.describe() + ", but this node's keys use "
                + expected.describe()
                + ": none of its proofs would verify here. Start the builder with the node's SRS and depth: `coprover builder serve --srs FILE --depth "
                + expected.depth()
                + "` with the SRS file the node was given, or, for a devnet (whose SRS comes from its seed), `coprover builder serve"
                + " --devnet-seed SEED --depth " + expected.depth()
                + "` with the seed the devnet host logs (event devnet.ready seed=...)";
    }

    /** Jobs proved by a builder, jobs proved locally after all builders failed or were backed off, and returned proofs refused. */
    public long[] counters() {
        return new long[] {offloaded.get(), fellBack.get(), rejected.get()};
    }

    /** How long builder {@code i} (in the order given) is still skipped, in ms (0: it is tried). */
    public long backoffRemainingMillis(int i) {
        Target t = targets.get(i);
        synchronized (t) {
            return Math.max(0, (t.retryAtNanos - nanos.getAsLong()) / 1_000_000);
        }
    }

    /** Failures in a row of builder {@code i}. */
    public int failuresInARow(int i) {
        Target t = targets.get(i);
        synchronized (t) {
            return t.failures;
        }
    }

    @Override
    public ProofResult prove(JobInputs in, JobContext ctx) throws Exception {
        if (targets.isEmpty()) return local.prove(in, ctx);
        ProofRequest req = null;
        String why;
        try {
            req = request(in);
            why = "every builder failed or is backed off";
        } catch (RuntimeException e) {
            why = "no request could be made: " + e.getMessage();
            LOG.warn("offload_skipped", "job", ctx.id(), "reason", e.getMessage());
        }
        if (req != null) {
            for (Target t : targets) {
                ctx.checkCancelled();
                if (!usable(t)) continue;
                ProofResult r = offload(t, req, ctx);
                if (r != null) {
                    switchTo(false, "builder " + t.client.base() + " proved job " + ctx.id());
                    return r;
                }
            }
        }
        fellBack.incrementAndGet();
        switchTo(true, why);
        return local.prove(in, ctx);
    }

    /** Whether {@code t} is to be tried now: not refused, not backed off, its SRS known to match (asked now if not yet). */
    private boolean usable(Target t) throws InterruptedException {
        synchronized (t) {
            if (t.refused != null) return false;
            if (nanos.getAsLong() - t.retryAtNanos < 0) return false;
            if (t.checked) return true;
            try {
                check(t);
            } catch (IOException e) {
                failed(t, "cannot ask it for its SRS: " + e, "builder_unreachable");
                return false;
            }
            if (t.refused != null) {
                LOG.error("builder_refused", null, "builder", t.client.base(), "reason", t.refused);
                return false;
            }
            return true;
        }
    }

    /** One offload to {@code t}: the verified proof, or null after backing it off. */
    private ProofResult offload(Target t, ProofRequest req, JobContext ctx) throws Exception {
        BuilderClient b = t.client;
        long t0 = System.nanoTime();
        Bytes id = req.id();
        try {
            ctx.progress(0.05, "offload");
            b.submit(req);
            ProofRecord r = awaitUnlessCancelled(b, id, ctx, t0 + timeout.toNanos());
            ctx.progress(0.95, "verify");
            try {
                ProofRequests.verifyResult(req, r, baseVk, mergeVk);
            } catch (RuntimeException bad) {
                rejected.incrementAndGet();
                LOG.warn("builder_proof_rejected", "builder", b.base(), "job", ctx.id(), "reason", bad.getMessage());
                synchronized (t) {
                    failed(
                            t,
                            "its proof of job " + ctx.id() + " did not verify: " + bad.getMessage(),
                            "builder_backoff");
                }
                return null;
            }
            synchronized (t) {
                if (t.failures > 0) LOG.info("builder_recovered", "builder", b.base(), "after_failures", t.failures);
                t.failures = 0;
                t.retryAtNanos = 0;
            }
            offloaded.incrementAndGet();
            return new ProofResult(r, 0, System.nanoTime() - t0, "builder:" + b.base());
        } catch (CancellationException | InterruptedException c) {
            throw c;
        } catch (Exception e) {
            synchronized (t) {
                failed(t, "job " + ctx.id() + ": " + e, "builder_backoff");
            }
            try {
                b.cancel(id); // best effort: do not leave it running for nothing
            } catch (Exception ignored) {
                // the builder is down or the job is gone
            }
            return null;
        }
    }

    /** Counts a failure of {@code t} and backs it off. Caller holds t's lock. */
    private void failed(Target t, String reason, String event) {
        t.failures++;
        long pause = backoff.nanosAfter(t.failures);
        t.retryAtNanos = nanos.getAsLong() + pause;
        LOG.warn(
                event,
                "builder",
                t.client.base(),
                "failures",
                t.failures,
                "backoff_ms",
                pause / 1_000_000,
                "reason",
                reason);
    }

    /** Logs a switch between offloading and proving locally (not every job: only when it changes). */
    private synchronized void switchTo(boolean locally, String why) {
        if (locally == provingLocally) return;
        provingLocally = locally;
        LOG.log(
                locally ? java.util.logging.Level.WARNING : java.util.logging.Level.INFO,
                "offload_switch",
                null,
                "to",
                locally ? "local" : "builder",
                "reason",
                why);
    }

    private static ProofRecord awaitUnlessCancelled(BuilderClient b, Bytes id, JobContext ctx, long deadlineNanos)
            throws Exception {
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
