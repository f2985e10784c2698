package io.coprover.node;

import io.coprover.backend.ProvingBackend;
import io.coprover.node.ContractClient.AcceptedBlock;
import io.coprover.node.GossipTransport.Topic;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.Ppm;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProofRecordCodec;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.Registration;
import io.coprover.protocol.RewardSplit;
import io.coprover.protocol.Role;
import io.coprover.protocol.Score;
import io.coprover.protocol.SigningKey;
import io.coprover.protocol.TreeValidation;
import io.coprover.protocol.TreeValidator;
import io.coprover.protocol.vrf.VrfKeyPair;
import io.coprover.rollup.BlockInputs;
import io.coprover.rollup.RollupKeys;
import io.coprover.rollup.RollupRecords;
import io.coprover.scheduler.BlockContext;
import io.coprover.scheduler.BlockDag;
import io.coprover.scheduler.FeeBurnPolicy;
import io.coprover.scheduler.JobListener;
import io.coprover.scheduler.JobSnapshot;
import io.coprover.scheduler.JobState;
import io.coprover.scheduler.MemoryProofStore;
import io.coprover.scheduler.NodeChoice;
import io.coprover.scheduler.NodeSelection;
import io.coprover.scheduler.Planner;
import io.coprover.scheduler.ProofResult;
import io.coprover.scheduler.ProofStore;
import io.coprover.scheduler.Scheduler;
import io.coprover.scheduler.SchedulerConfig;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One prover of the network: its key and stake, a {@link Scheduler} over its proving backends, a
 * {@link Planner} (FEE_BURN policy and node selection), a gossip transport and a contract client.
 *
 * <p>Per block (PROTOCOL §4–7, docs/SCHEDULER.md): when the contract accepts a block the node
 * plans it (its own VRF at every node, eligibility, FEE_BURN, selection); planned merge and root
 * nodes wait in a {@link BlockDag} for child proofs; planned base nodes start once the block's tx
 * data arrived by gossip and replayed against the header ({@link BlockMessage#check}). Each own
 * proof is published; each gossiped proof is decoded strictly, checked (block accepted and still
 * proving, node in the tree, prover staked, VRF valid and eligible, children known, SNARK with
 * its subtree's folded accumulator: one pairing) and only then observed by the DAG. A bad message
 * is rejected with a logged reason ({@link NodeListener#onRejected}); nothing a peer sends can
 * throw out of a handler. {@link #submitBest} assembles the best valid tree from the verified
 * proofs (each root proof fixes its tree) and submits it when it beats the contract's leader.
 *
 * <p>Restart: with a {@link io.coprover.scheduler.DirectoryProofStore} the same block planned again
 * gives the same job ids, so finished proofs are reused, not proved again ({@link #start} picks up
 * the blocks still in their proving window).
 *
 * <p>Thread-safe: gossip, contract and scheduler callbacks may come from different threads.
 */
public final class ProverNode implements AutoCloseable {
    private static final io.coprover.log.Log LOG = io.coprover.log.Log.get("node");
    /** Blocks whose data arrived before the contract's acceptance reached us, at most this many. */
    static final int MAX_EARLY = 16;

    private final String name;
    private final VrfKeyPair key;
    private final Bytes pk;
    private final SigningKey signingKey;
    private final SignGuard guard;
    private final Role role;
    private final BigInteger stake;
    private final GossipTransport transport;
    private final ContractClient contract;
    private final RollupKeys keys;
    private final ProofStore store;
    private final Planner planner;
    private final ProofAdmission admission;
    private final Scheduler scheduler;
    private final boolean autoSubmit;
    private final List<NodeListener> listeners = new CopyOnWriteArrayList<>();
    private final Consumer<String> log;
    private final Map<Long, BlockState> blocks = new TreeMap<>();
    private final Map<Long, byte[]> early = new LinkedHashMap<>();
    /** The FEE_BURN last seen per other prover (what a PUBLIC-mode policy assumes they bid). */
    private final Map<Bytes, Long> seenFeeBurn = new HashMap<>();
    /** Reject lines: at most 20 a second after a burst of 100. */
    private final io.coprover.log.LogLimiter rejectLines = new io.coprover.log.LogLimiter(20, 100);

    private boolean started, closed;
    /** While set, gossiped proofs are verified at once but reach the DAGs only in {@link #releaseObservations}. */
    private boolean deferring;

    private final Map<Long, List<ProofRecord>> deferred = new TreeMap<>();

    private ProverNode(Builder b) {
        this.name = b.name;
        this.key = b.key;
        this.pk = Bytes.of(b.key.publicKey());
        this.signingKey = SigningKey.derivedFrom(b.key);
        this.guard = b.guard != null ? b.guard : SignGuard.inMemory();
        this.role = b.role;
        this.stake = b.stake;
        this.transport = b.transport;
        this.contract = b.contract;
        this.keys = b.keys;
        this.store = b.store;
        this.planner = new Planner(b.feeBurn, b.selection);
        this.admission = new ProofAdmission(b.keys);
        this.autoSubmit = b.autoSubmit;
        this.log = b.log != null
                ? b.log
                : line -> LOG.line(
                        line.contains("event=reject ") ? java.util.logging.Level.WARNING : java.util.logging.Level.INFO,
                        line);
        this.listeners.addAll(b.listeners);
        RollupNodeProver prover = new RollupNodeProver(keys, new RollupNodeProver.Source() {
            @Override
            public BlockInputs inputs(long block, Bytes digest) {
                return ProverNode.this.inputs(block, digest);
            }

            @Override
            public ProofRecord proof(Bytes id) {
                return ProverNode.this.proof(id);
            }
        });
        SchedulerConfig cfg = b.config
                .withClock(contract::height)
                .withProofsPerNode(contract.params().proofsPerNode());
        io.coprover.scheduler.NodeProver chosen =
                b.prover != null ? b.prover : b.wrap != null ? b.wrap.apply(prover, prover.source()) : prover;
        this.scheduler = new Scheduler(b.backends, new SigningProver(chosen, signingKey, guard), store, cfg);
        scheduler.addListener(new JobListener() {
            @Override
            public void onState(JobSnapshot s) {
                if (s.state() == JobState.DONE) ownProofDone(s);
            }
        });
        for (JobListener l : b.jobListeners) scheduler.addListener(l);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * How a node is put together. Required: {@link #key}, {@link #transport}, {@link #contract},
     * {@link #keys} (the network's rollup proving keys) and at least one backend. Defaults: role
     * BOTH, the contract's minimum stake, FEE_BURN fixed at 0, every eligible node, an in-memory
     * proof store, {@link SchedulerConfig#defaults()} (its clock is replaced by the L1 height),
     * roots submitted automatically when this node's root proof is done.
     */
    public static final class Builder {
        private String name;
        private VrfKeyPair key;
        private Role role = Role.BOTH;
        private BigInteger stake;
        private GossipTransport transport;
        private ContractClient contract;
        private RollupKeys keys;
        private final List<ProvingBackend> backends = new ArrayList<>();
        private io.coprover.scheduler.NodeProver prover;
        private java.util.function.BiFunction<
                        RollupNodeProver, RollupNodeProver.Source, io.coprover.scheduler.NodeProver>
                wrap;
        private FeeBurnPolicy feeBurn = FeeBurnPolicy.fixed(0);
        private NodeSelection selection = NodeSelection.all();
        private ProofStore store = new MemoryProofStore();
        private SchedulerConfig config = SchedulerConfig.defaults();
        private final List<JobListener> jobListeners = new ArrayList<>();
        private final List<NodeListener> listeners = new ArrayList<>();
        private boolean autoSubmit = true;
        private Consumer<String> log;
        private SignGuard guard;

        /** A name for logs (default: the transport's name). */
        public Builder name(String n) {
            this.name = n;
            return this;
        }

        public Builder key(VrfKeyPair k) {
            this.key = k;
            return this;
        }
        /** The role registered when the key is not yet staked (default BOTH). */
        public Builder role(Role r) {
            this.role = r;
            return this;
        }
        /** The stake registered when the key is not yet staked (default the minimum). */
        public Builder stake(BigInteger s) {
            this.stake = s;
            return this;
        }

        public Builder transport(GossipTransport t) {
            this.transport = t;
            return this;
        }

        public Builder contract(ContractClient c) {
            this.contract = c;
            return this;
        }

        public Builder keys(RollupKeys k) {
            this.keys = k;
            return this;
        }
        /** A device worker: one per GPU backend, one CPU pool for a JavaBackend. */
        public Builder backend(ProvingBackend b) {
            this.backends.add(b);
            return this;
        }

        public Builder backends(Collection<? extends ProvingBackend> bs) {
            this.backends.addAll(bs);
            return this;
        }
        /** Replaces the rollup prover (tests: a failing or slow prover). */
        public Builder prover(io.coprover.scheduler.NodeProver p) {
            this.prover = p;
            return this;
        }

        /**
         * Wraps the node's rollup prover (e.g. to offload jobs to proof builders, falling back to
         * it); the function gets the prover and the source of block inputs and proofs it reads.
         */
        public Builder wrapProver(
                java.util.function.BiFunction<
                                RollupNodeProver, RollupNodeProver.Source, io.coprover.scheduler.NodeProver>
                        w) {
            this.wrap = w;
            return this;
        }

        public Builder feeBurn(FeeBurnPolicy p) {
            this.feeBurn = p;
            return this;
        }

        public Builder selection(NodeSelection s) {
            this.selection = s;
            return this;
        }
        /** Where finished proofs are kept; a {@link io.coprover.scheduler.DirectoryProofStore} survives a restart. */
        public Builder store(ProofStore s) {
            this.store = s;
            return this;
        }

        public Builder scheduler(SchedulerConfig c) {
            this.config = c;
            return this;
        }
        /** Receives every job state change and progress report (metrics, progress bars). */
        public Builder jobListener(JobListener l) {
            this.jobListeners.add(l);
            return this;
        }
        /** Receives plans, own proofs, gossip verdicts, submissions and rewards. */
        public Builder listener(NodeListener l) {
            this.listeners.add(l);
            return this;
        }
        /** Whether a finished own root proof is submitted at once (default true); else call {@link ProverNode#submitBest}. */
        public Builder autoSubmit(boolean a) {
            this.autoSubmit = a;
            return this;
        }
        /** Structured log lines ({@code event=... key=value ...}); default: the structured log (logger "node"), rejections at WARN. */
        public Builder log(Consumer<String> l) {
            this.log = l;
            return this;
        }
        /** Slashing protection for this key (default: in memory; a durable node keeps it beside its proof store). */
        public Builder signGuard(SignGuard g) {
            this.guard = g;
            return this;
        }

        public ProverNode build() {
            if (key == null || transport == null || contract == null || keys == null) {
                throw new IllegalArgumentException("prover node: key, transport, contract and keys are required");
            }
            if (backends.isEmpty())
                throw new IllegalArgumentException("prover node: at least one proving backend is required");
            if (!key.suite().name().equals(contract.params().suite().name())) {
                throw new IllegalArgumentException(
                        "prover node: key suite " + key.suite().name() + " differs from the network's "
                                + contract.params().suite().name());
            }
            if (name == null) name = transport.self();
            if (stake == null) stake = contract.params().minProverStake();
            return new ProverNode(this);
        }
    }

    // ---- life cycle ----------------------------------------------------------------------------

    /**
     * Registers the stake if the key is not yet staked, subscribes to gossip and to the contract,
     * and plans every block still in its proving window (a restart picks up where it stopped).
     */
    public void start() {
        synchronized (this) {
            if (started) return;
            started = true;
        }
        if (!contract.isRegistered(pk)) {
            contract.registerProver(Registration.prover(key, role), stake);
            log("event=register prover=" + pk.shortHex(12) + " role=" + role + " stake=" + stake);
        }
        transport.subscribe(Topic.BLOCK, this::onBlockMessage);
        transport.subscribe(Topic.PROOF, this::onProofMessage);
        transport.subscribe(Topic.ROOT, (from, payload) -> GossipTransport.Verdict.IGNORE);
        contract.subscribe(new ContractClient.Listener() {
            @Override
            public void onAccepted(AcceptedBlock b) {
                accepted(b);
            }

            @Override
            public void onFinalised(ContractClient.Finalised f) {
                finalised(f);
            }

            @Override
            public void onHeight(long height) {
                widen(height);
            }
        });
        for (AcceptedBlock b : contract.proving()) {
            accepted(b);
            recover(b);
        }
    }

    /** Waits until the scheduler has nothing queued or running and every callback has run; false on timeout. */
    public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        int jobs;
        do {
            jobs = scheduler.snapshot().size();
            if (!scheduler.awaitIdle(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS)) return false;
        } while (scheduler.snapshot().size() != jobs
                || scheduler.snapshot().stream().anyMatch(s -> !s.state().isFinal()));
        return true;
    }

    /** Stops the node: cancels unfinished jobs, stops the workers and closes the transport. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        scheduler.close();
        transport.close();
        guard.close();
    }

    // ---- accessors -----------------------------------------------------------------------------

    public String name() {
        return name;
    }

    public Bytes publicKey() {
        return pk;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public ProofStore store() {
        return store;
    }

    public void addListener(NodeListener l) {
        listeners.add(l);
    }

    /** The nodes this prover planned for {@code block} (empty if unknown). */
    public synchronized List<NodeChoice> plan(long block) {
        BlockState s = blocks.get(block);
        return s == null ? List.of() : List.copyOf(s.plan);
    }

    /** Every verified proof (own and gossiped) of {@code block}. */
    public synchronized List<ProofRecord> proofs(long block) {
        BlockState s = blocks.get(block);
        return s == null ? List.of() : List.copyOf(s.verified.values());
    }

    /** Whether this node has checked tx data for {@code block}. */
    public synchronized boolean hasData(long block) {
        BlockState s = blocks.get(block);
        return s != null && s.inputs != null;
    }

    synchronized BlockInputs inputs(long block, Bytes digest) {
        BlockState s = blocks.get(block);
        return s == null || s.inputs == null || !s.acc.header().txCommitment().equals(digest) ? null : s.inputs;
    }

    synchronized ProofRecord proof(Bytes id) {
        for (BlockState s : blocks.values()) {
            ProofRecord p = s.verified.get(id);
            if (p != null) return p;
        }
        return null;
    }

    private void log(String line) {
        log.accept("self=" + name + " " + line);
    }

    // ---- blocks --------------------------------------------------------------------------------

    /** The contract accepted a block: plan it, start its merge DAG, and its base DAG if the data is here. */
    void accepted(AcceptedBlock acc) {
        byte[] data;
        synchronized (this) {
            if (closed || blocks.containsKey(acc.block())) return;
            ProtocolParams params = acc.draw().params();
            BigInteger pool = acc.header().totalFees().add(params.blockReward());
            BigInteger network = pool.multiply(BigInteger.valueOf(acc.header().feeSplitPpm()))
                    .divide(BigInteger.valueOf(Ppm.ONE));
            BigInteger share = network.divide(
                    BigInteger.valueOf((long) acc.header().shape().numNodes() * params.proofsPerNode()));
            Map<Bytes, Long> fb = Map.copyOf(seenFeeBurn);
            BlockContext ctx = new BlockContext(
                    acc.draw(), acc.registry(), key, share, acc.deadline(), p -> fb.getOrDefault(p, 0L));
            List<NodeChoice> plan;
            try {
                plan = planner.plan(ctx);
            } catch (RuntimeException e) {
                log("event=plan-failed block=" + acc.block() + " reason="
                        + io.coprover.log.Log.value(String.valueOf(e.getMessage())));
                plan = List.of();
            }
            BlockState s = new BlockState(acc, ctx, plan, keys);
            blocks.put(acc.block(), s);
            List<NodeChoice> merges =
                    plan.stream().filter(c -> c.node().level() > 0).toList();
            if (!merges.isEmpty()) startDag(s, merges);
            data = early.remove(acc.block());
            log("event=plan block=" + acc.block() + " nodes=" + plan.size() + " merges=" + merges.size());
        }
        if (data != null) onBlockMessage(transport.self(), data);
        synchronized (this) {
            BlockState s = blocks.get(acc.block());
            for (NodeListener l : listeners) l.onPlan(acc.block(), s.plan, s.inputs != null);
        }
    }

    private void startDag(BlockState s, List<NodeChoice> choices) {
        BlockDag dag = BlockDag.of(scheduler, s.ctx, s.acc.header().txCommitment(), choices);
        for (ProofRecord p : s.verified.values()) dag.observe(p);
        s.dags.add(dag);
        dag.start();
    }

    /**
     * A block whose BLOCK gossip this node does not have — it was proving before the node started
     * (a restart, a late join), or a whole liveness round passed without it (withheld, lost): its
     * data comes from the contract, where the sequencer published it. The base jobs then start with
     * the same inputs as before, so proofs finished before a restart are reused from the proof
     * store, not proved again.
     */
    private void recover(AcceptedBlock b) {
        boolean need;
        synchronized (this) {
            BlockState s = blocks.get(b.block());
            need = s != null && s.inputs == null && s.plansBase();
        }
        if (!need) {
            log("event=recovered block=" + b.block() + " data=not-needed");
            return;
        }
        Optional<byte[]> d;
        try {
            d = contract.blockData(b.block());
        } catch (RuntimeException e) {
            log("event=recover-failed block=" + b.block() + " reason="
                    + io.coprover.log.Log.value(String.valueOf(e.getMessage())));
            return;
        }
        if (d.isEmpty()) {
            log("event=recover-failed block=" + b.block()
                    + " reason=\"the contract does not hold its data; waiting for gossip\"");
            return;
        }
        onBlockMessage("contract", d.get());
        log("event=recovered block=" + b.block() + " data=contract");
    }

    /**
     * L1 moved on: where eligibility widened to a new liveness round (PROTOCOL "Liveness"), plan the
     * nodes that no one has proven yet and that this prover is now eligible for.
     */
    void widen(long height) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (closed) return;
            for (BlockState s : blocks.values()) {
                if (height > s.acc.deadline()) continue;
                int r = ProofAdmission.round(s.acc, height);
                if (r <= s.round) continue;
                s.round = r;
                // a whole round without the block's data by gossip (withheld, lost): take it from the contract
                if (s.inputs == null && s.plansBase()) after.add(() -> recover(s.acc));
                java.util.Set<NodeId> skip = new java.util.HashSet<>();
                for (NodeChoice c : s.plan) skip.add(c.node());
                for (ProofRecord p : s.verified.values()) skip.add(p.node());
                if (skip.size() == s.acc.draw().shape().numNodes()) continue;
                List<NodeChoice> more;
                try {
                    more = planner.rescue(s.ctx, r, skip);
                } catch (RuntimeException e) {
                    log("event=plan-failed block=" + s.acc.block() + " round=" + r + " reason="
                            + io.coprover.log.Log.value(String.valueOf(e.getMessage())));
                    continue;
                }
                if (more.isEmpty()) continue;
                s.plan.addAll(more);
                List<NodeChoice> start = more.stream()
                        .filter(c -> c.node().level() > 0 || s.inputs != null)
                        .toList();
                if (!start.isEmpty()) startDag(s, start);
                log("event=widen block=" + s.acc.block() + " round=" + r + " nodes=" + more.size() + " started="
                        + start.size());
                long b = s.acc.block();
                List<NodeChoice> plan = List.copyOf(s.plan);
                boolean data = s.inputs != null;
                after.add(() -> {
                    for (NodeListener l : listeners) l.onPlan(b, plan, data);
                });
            }
        }
        after.forEach(Runnable::run);
        for (long b : pendingSubmissions(height)) trySubmit(b);
    }

    /** A BLOCK payload from a peer: decode, check against the accepted header, start the base jobs. */
    GossipTransport.Verdict onBlockMessage(String from, byte[] payload) {
        try {
            BlockMessage.Data d = BlockMessage.decode(payload);
            synchronized (this) {
                if (closed) return GossipTransport.Verdict.IGNORE;
                BlockState s = blocks.get(d.block());
                if (s == null) {
                    Optional<AcceptedBlock> acc = contract.accepted(d.block());
                    if (acc.isEmpty() || acc.get().deadline() >= contract.height()) {
                        // before its header reached us: kept, but not relayed until it can be checked
                        if (early.size() >= MAX_EARLY)
                            early.remove(early.keySet().iterator().next());
                        early.put(d.block(), payload);
                        return GossipTransport.Verdict.IGNORE;
                    }
                    return GossipTransport.Verdict.IGNORE; // no longer proving: stale, not wrong
                }
                if (s.inputs != null) return GossipTransport.Verdict.IGNORE; // already have it
                if (d.depth() != keys.depth)
                    throw new MessageException("block " + d.block() + " has state depth " + d.depth()
                            + ", this network's is " + keys.depth);
                s.inputs = BlockMessage.check(d, s.acc.header());
                List<NodeChoice> bases =
                        s.plan.stream().filter(c -> c.node().level() == 0).toList();
                log("event=block-data block=" + d.block() + " from=" + io.coprover.log.Log.value(from) + " txs="
                        + d.txCount() + " bases=" + bases.size());
                if (!bases.isEmpty()) startDag(s, bases);
                return GossipTransport.Verdict.ACCEPT;
            }
        } catch (IllegalArgumentException e) {
            reject(Topic.BLOCK, from, e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            // our contract could not be asked (its host down): not the sender's fault, and not relayed
            log("event=ignore topic=BLOCK from=" + io.coprover.log.Log.value(from) + " reason="
                    + io.coprover.log.Log.value("contract unreachable: " + e.getMessage()));
            return GossipTransport.Verdict.IGNORE;
        } catch (RuntimeException e) {
            reject(Topic.BLOCK, from, "unexpected: " + e);
        }
        return GossipTransport.Verdict.REJECT;
    }

    // ---- proofs --------------------------------------------------------------------------------

    /** A PROOF payload from a peer: decode, check, verify, then observe. */
    GossipTransport.Verdict onProofMessage(String from, byte[] payload) {
        List<Runnable> after = new ArrayList<>();
        GossipTransport.Verdict verdict = GossipTransport.Verdict.REJECT;
        try {
            ProofRecord p = RollupRecords.decode(payload);
            synchronized (this) {
                if (closed) return GossipTransport.Verdict.IGNORE;
                BlockState s = blocks.get(p.block());
                if (s == null) {
                    // not proving here (stale, or ahead of us): not relayed, not held against the sender
                    log("event=ignore topic=PROOF from=" + from + " reason=\"proof " + p.id().shortHex(12)
                            + " is for block " + p.block() + ", which is not proving here\"");
                    return GossipTransport.Verdict.IGNORE;
                }
                if (s.verified.containsKey(p.id())) return GossipTransport.Verdict.IGNORE; // duplicate
                if (contract.height() > s.acc.deadline())
                    return GossipTransport.Verdict.IGNORE; // past the deadline: stale
                String why = admission.whyNot(s, p, contract.height());
                if (why != null)
                    throw new MessageException("proof " + p.id().shortHex(12) + " at node " + p.node() + ": " + why);
                if (!s.childrenKnown(p)) {
                    PendingPool.Parked evicted = s.parked.add(from, p);
                    if (evicted != null) {
                        String ef = evicted.from(),
                                em =
                                        "proof " + evicted.proof().id().shortHex(12)
                                                + " evicted: the pool of proofs waiting for their children is full";
                        after.add(() -> reject(Topic.PROOF, ef, em));
                    }
                    // its SNARK is not checked yet: not relayed now (nor held against the sender);
                    // this node publishes it itself once its children came and it verified
                    verdict = GossipTransport.Verdict.IGNORE;
                } else {
                    verifyAndAccept(s, from, p, after);
                    verdict = GossipTransport.Verdict.ACCEPT; // signed, staked, eligible, SNARK verified
                }
            }
        } catch (IllegalArgumentException e) {
            reject(Topic.PROOF, from, e.getMessage());
        } catch (RuntimeException e) {
            reject(Topic.PROOF, from, "unexpected: " + e);
        }
        after.forEach(Runnable::run);
        return verdict;
    }

    /** SNARK check of {@code p} and its subtree (one pairing), then accept; retries parked proofs. Caller holds the lock. */
    private void verifyAndAccept(BlockState s, String from, ProofRecord p, List<Runnable> after) {
        String why = admission.whyNotVerified(s, p);
        if (why != null)
            throw new MessageException("proof " + p.id().shortHex(12) + " at node " + p.node() + ": " + why);
        accept(s, p);
        seenFeeBurn.put(p.prover(), p.feeBurnPpm());
        ProofRecord first = s.firstByProverNode.putIfAbsent(p.prover().hex() + "/" + p.node(), p);
        if (first != null && !first.id().equals(p.id())) after.add(() -> reportEquivocation(first, p));
        for (NodeListener l : listeners) after.add(() -> l.onProofAccepted(from, p));
        retryParked(s, after);
    }

    private void retryParked(BlockState s, List<Runnable> after) {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (PendingPool.Parked pp : s.parked.all()) {
                if (!s.childrenKnown(pp.proof())) continue;
                s.parked.remove(pp.proof().id());
                progress = true;
                if (s.verified.containsKey(pp.proof().id())) continue;
                try {
                    verifyAndAccept(s, pp.from(), pp.proof(), after);
                    // held back while parked (onProofMessage): its peers get it now, from here
                    byte[] payload = ProofRecordCodec.encode(pp.proof());
                    after.add(() -> transport.publish(Topic.PROOF, payload));
                } catch (IllegalArgumentException e) {
                    String f = pp.from(), m = e.getMessage();
                    after.add(() -> reject(Topic.PROOF, f, m));
                }
            }
        }
    }

    /** Two different signed records of one prover for one node reached us: anyone may report them (PROTOCOL "Equivocation"). */
    private void reportEquivocation(ProofRecord a, ProofRecord b) {
        try {
            BigInteger slashed = contract.reportEquivocation(a, b);
            log("event=equivocation block=" + a.block() + " node=" + a.node() + " prover="
                    + a.prover().shortHex(12) + " slashed=" + slashed);
        } catch (RuntimeException e) {
            log("event=equivocation-refused block=" + a.block() + " node=" + a.node() + " prover="
                    + a.prover().shortHex(12) + " reason=" + io.coprover.log.Log.value(String.valueOf(e.getMessage())));
        }
    }

    private void accept(BlockState s, ProofRecord p) {
        s.verified.put(p.id(), p);
        if (deferring && !p.prover().equals(pk)) {
            deferred.computeIfAbsent(p.block(), b -> new ArrayList<>()).add(p);
            return;
        }
        for (BlockDag d : s.dags) d.observe(p);
    }

    /**
     * From now on, gossiped proofs are checked and kept as they arrive but reach the block DAGs
     * only at {@link #releaseObservations}, all at once: a merge then includes the best children of
     * the whole batch, independent of arrival order (the simulator delivers one round of gossip
     * this way, which makes runs reproducible).
     */
    public synchronized void deferObservations() {
        deferring = true;
    }

    /** Hands every deferred proof to the DAGs in one batch per block and stops deferring. */
    public synchronized void releaseObservations() {
        deferring = false;
        for (Map.Entry<Long, List<ProofRecord>> e : deferred.entrySet()) {
            BlockState s = blocks.get(e.getKey());
            if (s == null) continue;
            for (BlockDag d : s.dags) d.observeAll(e.getValue());
        }
        deferred.clear();
    }

    private void reject(Topic topic, String from, String reason) {
        long suppressed =
                rejectLines
                        .admit(); // junk from fresh keys must not fill the disk: lines bounded, listeners (metrics) see
        // all
        if (suppressed >= 0) {
            log("event=reject topic=" + topic + " from=" + io.coprover.log.Log.value(from) + " reason="
                    + io.coprover.log.Log.value(reason) + (suppressed > 0 ? " suppressed_before=" + suppressed : ""));
        }
        for (NodeListener l : listeners) {
            try {
                l.onRejected(topic, from, reason);
            } catch (RuntimeException ignored) {
                // a listener must not break the node
            }
        }
    }

    /** One of our jobs finished (or was found in the store): record, publish, maybe submit. */
    private void ownProofDone(JobSnapshot snap) {
        Optional<ProofResult> res = store.get(snap.id());
        if (res.isEmpty()) return;
        ProofRecord p = res.get().proof();
        boolean root;
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            BlockState s = blocks.get(p.block());
            if (s == null || closed) return;
            if (s.verified.containsKey(p.id())) return;
            accept(s, p);
            retryParked(s, after);
            root = p.node().equals(s.acc.draw().shape().root());
        }
        log("event=proof block=" + p.block() + " node=" + p.node() + " id=" + p.id().shortHex(12) + " backend="
                + res.get().backend() + " ms=" + res.get().totalNanos() / 1_000_000
                + (snap.reused() ? " reused=true" : ""));
        transport.publish(Topic.PROOF, ProofRecordCodec.encode(p));
        for (NodeListener l : listeners) l.onOwnProof(p, res.get(), snap.reused());
        after.forEach(Runnable::run);
        if (root && autoSubmit) trySubmit(p.block());
    }

    // ---- roots ---------------------------------------------------------------------------------

    /** A tree this node can submit: its root id, proofs and validation. */
    public record Tree(Bytes rootId, List<ProofRecord> proofs, TreeValidation validation) {}

    /**
     * The best valid tree among the verified proofs of {@code block}: every verified root proof
     * fixes its tree (the proofs reachable through the included ids); each is validated with the
     * protocol's {@link TreeValidator} (SNARKs already verified on arrival) and the highest score
     * wins, ties by lower root id.
     */
    public synchronized Optional<Tree> bestTree(long block) {
        BlockState s = blocks.get(block);
        if (s == null) return Optional.empty();
        NodeId rootNode = s.acc.draw().shape().root();
        TreeValidator v = new TreeValidator(
                s.acc.draw(),
                s.acc.registry(),
                s.acc.header(),
                (p, lookup) -> s.verified.containsKey(p.id()) ? null : "not verified here");
        Tree best = null;
        for (ProofRecord r : s.verified.values()) {
            if (!r.node().equals(rootNode)) continue;
            List<ProofRecord> tree = s.reachable(r);
            TreeValidation tv = v.validate(r.id(), tree, ProofAdmission.round(s.acc, contract.height()));
            if (!tv.valid()) continue;
            if (best == null
                    || tv.score().compareTo(best.validation.score()) > 0
                    || (tv.score().compareTo(best.validation.score()) == 0 && r.id().compareTo(best.rootId) < 0)) {
                best = new Tree(r.id(), tree, tv);
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Submits the best valid tree of {@code block} if it beats the contract's leading score (and
     * was not submitted by this node before). Returns the contract's answer, or empty when there was
     * nothing better to submit.
     */
    public Optional<ContractClient.SubmitResult> submitBest(long block) {
        Tree t;
        synchronized (this) {
            BlockState s = blocks.get(block);
            if (s == null || contract.height() > s.acc.deadline()) return Optional.empty();
            Optional<Tree> best = bestTree(block);
            if (best.isEmpty() || best.get().rootId().equals(s.submitted)) return Optional.empty();
            Optional<Score> lead = contract.leadingScore(block);
            if (lead.isPresent() && lead.get().compareTo(best.get().validation().score()) >= 0) return Optional.empty();
            t = best.get();
            s.submitted = t.rootId();
        }
        ContractClient.SubmitResult r;
        try {
            r = contract.submitRoot(block, t.rootId(), t.proofs(), pk);
        } catch (RuntimeException e) {
            synchronized (this) { // not submitted after all: the next try may send it again
                BlockState s = blocks.get(block);
                if (s != null && t.rootId().equals(s.submitted)) s.submitted = null;
            }
            throw e;
        }
        log("event=submit block=" + block + " root=" + t.rootId().shortHex(12) + " proofs="
                + t.proofs().size() + " score=" + t.validation().score() + " valid=" + r.valid() + " leading="
                + r.leading() + (r.reason() == null ? "" : " reason=" + io.coprover.log.Log.value(r.reason())));
        for (NodeListener l : listeners) l.onRootSubmitted(block, t.rootId(), r);
        return Optional.of(r);
    }

    /**
     * Submits the best tree of {@code block} once an own root proof is done; when the contract
     * cannot be reached (its host restarting, the network down) the block is marked and tried
     * again at each new L1 height until its deadline, so a finished root is never silently lost.
     */
    private void trySubmit(long block) {
        try {
            submitBest(block);
            synchronized (this) {
                BlockState s = blocks.get(block);
                if (s != null) s.submitPending = false;
            }
        } catch (RuntimeException e) {
            boolean first;
            synchronized (this) {
                BlockState s = blocks.get(block);
                if (s == null) return;
                first = !s.submitPending;
                s.submitPending = true;
            }
            if (first)
                log("event=submit-failed block=" + block + " reason="
                        + io.coprover.log.Log.value(String.valueOf(e.getMessage())) + " retry=next-height");
        }
    }

    /** Blocks whose submission failed and that are still in their window at {@code height}. */
    private synchronized List<Long> pendingSubmissions(long height) {
        List<Long> out = new ArrayList<>();
        for (BlockState s : blocks.values()) if (s.submitPending && height <= s.acc.deadline()) out.add(s.block());
        return out;
    }

    /** A block was finalised: report this prover's rewards, then forget the block. */
    void finalised(ContractClient.Finalised f) {
        int n = 0;
        BigInteger reward = BigInteger.ZERO, burned = BigInteger.ZERO;
        for (RewardSplit.Payout p : f.payouts()) {
            if (!p.proof().prover().equals(pk)) continue;
            n++;
            reward = reward.add(p.reward());
            burned = burned.add(p.burned());
        }
        synchronized (this) {
            blocks.remove(f.block());
        }
        scheduler.forget(f.block());
        log("event=finalised block=" + f.block()
                + (f.dropped() ? " dropped=true" : " included=" + n + " reward=" + reward + " burned=" + burned));
        for (NodeListener l : listeners) l.onReward(f.block(), n, reward, burned);
    }
}
