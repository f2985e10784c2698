package io.coprover.protocol;

import io.coprover.protocol.vrf.VrfResult;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The L1 side of the network as a deterministic state machine. Heights are passed in by the
 * caller (the simulator's L1 clock, a test); nothing reads a clock or does I/O.
 *
 * <p>Per block: {@link #openElection} (slot RANDAO; the registry used is the one frozen
 * {@code registryLookahead} epochs before) → {@link #bid} by sequencers, each committing to the
 * block it will publish ({@link BlockCommitment}) → {@link #closeElection} (highest
 * u(beta_seq)·(10^6 + FEE_SPLIT), ties by lower SHA-256(pk)), which locks the winner's MEV excess
 * and SEQUENCER_SLASH in its bond → {@link #acceptBlock} of exactly the committed block (else, at
 * the next election, the slot is MISSED and the slash taken) → roots via {@link #submitRoot} until
 * the deadline (height ≤ accepted + provingWindow), eligibility widening round by round →
 * {@link #tick} past the deadline finalises: the best tree is paid ({@link RewardSplit}) and its
 * submitter gets the (capped) gas rebate from the treasury; with no valid tree the block is
 * dropped, its fees go back to the L2 and no one is slashed (the provers failed, not the
 * sequencer, which published its data). Several blocks may be proving at once.
 *
 * <p>Stake changes take effect at epoch boundaries ({@link #advanceTo}); before the first election
 * the contract is at genesis and registrations count at once. Anyone may submit evidence that a
 * prover signed two different records of one node ({@link #reportEquivocation}); the prover loses
 * PROVER_SLASH, burned.
 *
 * <p>Value accounting: see {@link #conservationHolds()}.
 */
public final class RollupContract {
    /** Where a block is. */
    public enum Phase {
        PROVING,
        FINALISED,
        DROPPED,
        MISSED
    }

    /** A sequencer's bid for a slot, with the block it commits to. */
    public record Bid(
            Bytes sequencer, long feeSplitPpm, Bytes vrfProof, byte[] beta, Score score, BlockCommitment commitment) {}

    /** What happened at a block's finalisation. */
    public record Finalisation(
            long block,
            Phase phase,
            TreeValidation winner,
            RewardSplit split,
            Bytes submitter,
            BigInteger rebate,
            BigInteger slashed) {}

    /** Result of a root submission. */
    public record Submission(TreeValidation validation, boolean leading) {}

    private static final class Election {
        final long block;
        final byte[] randao;
        final RegistrySnapshot registry;
        final Map<Bytes, Bid> bids = new LinkedHashMap<>();

        Election(long block, byte[] randao, RegistrySnapshot registry) {
            this.block = block;
            this.randao = randao.clone();
            this.registry = registry;
        }
    }

    private static final class Proving {
        BlockHeader header;
        BlockDraw draw;
        TreeValidator validator;
        RegistrySnapshot snapshot;
        long deadline, acceptedAt;
        BigInteger locked, excess;
        RootCompetition roots = new RootCompetition();
        /** The winning tree once finalised (the competition itself is dropped then). */
        TreeValidation winner;

        Phase phase = Phase.PROVING;
    }

    private final ProtocolParams params;
    private final StakingRegistry registry;
    private final ProofVerifier verifier;
    /** Finished (finalised or dropped) blocks kept for their views by default; older ones are forgotten. */
    public static final int KEEP_FINISHED = 256;

    private final int keepFinished;

    private final java.util.ArrayDeque<Long> finishedOrder = new java.util.ArrayDeque<>();
    private final Map<Bytes, BigInteger> balances = new HashMap<>();
    private final Map<Long, Proving> blocks = new TreeMap<>();
    private Election election;
    private Bid elected;
    private long electedBlock = -1;
    private byte[] electedRandao;
    private RegistrySnapshot electedRegistry;
    private BigInteger electedLock = BigInteger.ZERO;
    /** The current L1 height (the highest seen) and the registry frozen at each epoch start after genesis. */
    private long now;

    private final TreeMap<Long, RegistrySnapshot> frozen = new TreeMap<>();
    private RegistrySnapshot genesis;
    /** Finalisations produced outside {@link #tick} (missed slots), reported by the next tick. */
    private final List<Finalisation> pendingFinalisations = new ArrayList<>();
    /** (prover, block, node) already slashed for equivocation. */
    private final java.util.Set<String> slashedEvidence = new java.util.HashSet<>();

    private BigInteger burned = BigInteger.ZERO, treasury = BigInteger.ZERO;
    private BigInteger in = BigInteger.ZERO, out = BigInteger.ZERO, escrowedFees = BigInteger.ZERO;

    public RollupContract(ProtocolParams params, ProofVerifier verifier) {
        this(params, verifier, KEEP_FINISHED);
    }

    /**
     * A contract that keeps the views of the last {@code keepFinished} finished blocks (a simulator
     * that reads each finalisation as it happens keeps few, so its memory stays flat).
     */
    public RollupContract(ProtocolParams params, ProofVerifier verifier, int keepFinished) {
        if (keepFinished < 1) throw new IllegalArgumentException("keepFinished must be ≥ 1, got " + keepFinished);
        this.keepFinished = keepFinished;
        this.params = params;
        this.registry = new StakingRegistry(params);
        this.verifier = verifier;
    }

    public ProtocolParams params() {
        return params;
    }

    /** The registry (stakes move through {@link #stakeProver} etc. so that value is accounted). */
    public StakingRegistry registry() {
        return registry;
    }

    // ---- stake ---------------------------------------------------------------------------------

    /** Deposits a prover stake for a registration whose proofs of possession verify. */
    public void stakeProver(Registration reg, BigInteger amount) {
        registry.registerProver(reg, amount);
        in = in.add(amount);
    }

    /** Deposits a sequencer bond for a registration whose proofs of possession verify. */
    public void stakeSequencer(Registration reg, BigInteger amount) {
        registry.registerSequencer(reg, amount);
        in = in.add(amount);
    }

    /** Withdraws an exiting prover's stake at {@code height}. */
    public BigInteger withdrawProver(Bytes pk, long height) {
        BigInteger a = registry.withdrawProver(pk, height);
        out = out.add(a);
        return a;
    }

    /** Withdraws an exiting sequencer's bond at {@code height}. */
    public BigInteger withdrawSequencer(Bytes pk, long height) {
        BigInteger a = registry.withdrawSequencer(pk, height);
        out = out.add(a);
        return a;
    }

    /** Adds to the treasury that pays gas rebates. */
    public void fundTreasury(BigInteger amount) {
        Amounts.check(amount, "treasury funding");
        treasury = treasury.add(amount);
        in = in.add(amount);
    }

    /** Pays out an account's balance (rewards, rebates). */
    public BigInteger claim(Bytes account) {
        BigInteger b = balances.getOrDefault(account, BigInteger.ZERO);
        balances.remove(account);
        out = out.add(b);
        return b;
    }

    // ---- time and the frozen registry -----------------------------------------------------------

    /**
     * Moves the contract's clock to L1 height {@code height} (never back). Crossing into a new epoch
     * freezes the registry as it is: that snapshot holds every stake change made before the epoch
     * started, and is what draws use {@code registryLookahead} epochs later.
     */
    public void advanceTo(long height) {
        if (height < now)
            throw new IllegalStateException("height " + height + " is before the contract's height " + now);
        long from = params.epochOf(now), to = params.epochOf(height);
        if (to > from && genesis != null) {
            // the state now is the state at the start of every epoch from + 1 .. to: no change was made in between
            frozen.put(from + 1, registry.snapshot());
            // keep what a lookup can still need: the newest snapshot at or before the oldest epoch in use
            Long keepFrom = frozen.floorKey(to - params.registryLookahead());
            if (keepFrom != null) frozen.headMap(keepFrom).clear();
        }
        now = height;
    }

    /** The contract's L1 height (the highest passed to it). */
    public long height() {
        return now;
    }

    /**
     * The registry that randomness revealed at {@code height} is used with: frozen at the start of
     * epoch {@code epoch(height) − registryLookahead}; before any snapshot that old exists, the
     * genesis registry (as it stood when the first election opened); before genesis, the live one.
     */
    public RegistrySnapshot registryFor(long height) {
        if (genesis == null) return registry.snapshot();
        Map.Entry<Long, RegistrySnapshot> e = frozen.floorEntry(params.epochOf(height) - params.registryLookahead());
        return e == null ? genesis : e.getValue();
    }

    // ---- election ------------------------------------------------------------------------------

    /**
     * Opens the sequencer election for {@code block} with the slot's RANDAO, at the contract's
     * height. A winner of the previous election that never published its block has missed its
     * slot: SEQUENCER_SLASH is taken from its locked bond (reported by the next {@link #tick}).
     */
    public void openElection(long block, byte[] randao) {
        Seeds.checkRandao(randao);
        Seeds.checkBlock(block);
        if (election != null) throw new IllegalStateException("election for block " + election.block + " still open");
        if (blocks.containsKey(block) || block == electedBlock)
            throw new IllegalStateException("block " + block + " already elected");
        if (elected != null) missSlot();
        if (genesis == null) genesis = registry.snapshot();
        election = new Election(block, randao, registryFor(now));
    }

    private void missSlot() {
        Bytes seq = elected.sequencer();
        registry.unlockBond(seq, electedLock, BigInteger.ZERO);
        BigInteger slashed = registry.slashSequencer(seq, params.sequencerSlash());
        burned = burned.add(slashed);
        pendingFinalisations.add(
                new Finalisation(electedBlock, Phase.MISSED, null, null, null, BigInteger.ZERO, slashed));
        elected = null;
        electedBlock = -1;
        electedLock = BigInteger.ZERO;
    }

    /** alpha_seq of the open election. */
    public byte[] electionAlpha() {
        if (election == null) throw new IllegalStateException("no open election");
        return Seeds.sequencerAlpha(election.randao, election.block);
    }

    /**
     * A sequencer's bid, committing to the block it will publish; replaces its earlier bid in this
     * election. Rejects (IllegalArgumentException) a sequencer not in the election's frozen registry
     * or exiting, a free bond that cannot cover SEQUENCER_SLASH plus the MEV excess its FEE_SPLIT
     * promises on the committed fees, a FEE_SPLIT out of range or a VRF proof that does not verify.
     */
    public Bid bid(Bytes sequencer, long feeSplitPpm, Bytes vrfProof, BlockCommitment commitment) {
        if (election == null) throw new IllegalStateException("no open election");
        if (commitment == null) throw new IllegalArgumentException("a bid commits to its block");
        StakingRegistry.SequencerStake frozenStake = election.registry.sequencer(sequencer);
        if (frozenStake == null || frozenStake.status() != StakingRegistry.Status.ACTIVE) {
            throw new IllegalArgumentException(
                    "sequencer " + sequencer.shortHex(16) + " is not an active sequencer of this election's registry"
                            + " (frozen " + params.registryLookahead() + " epoch(s) before the randomness)");
        }
        StakingRegistry.SequencerStake s = registry.sequencer(sequencer);
        if (s.status() != StakingRegistry.Status.ACTIVE)
            throw new IllegalArgumentException("sequencer " + sequencer.shortHex(16) + " is exiting");
        Ppm.check(feeSplitPpm, params.maxFeeSplitPpm(), "FEE_SPLIT");
        BigInteger need = params.sequencerSlash().add(commitment.excess(params.blockReward(), feeSplitPpm));
        if (s.free().compareTo(need) < 0) {
            throw new IllegalArgumentException("sequencer free bond " + Amounts.formatAzt(s.free())
                    + " AZT cannot cover SEQUENCER_SLASH plus the MEV excess of this bid (" + Amounts.formatAzt(need)
                    + " AZT)");
        }
        VrfResult r = params.mode()
                .verify(
                        params.suite(),
                        sequencer.toArray(),
                        electionAlpha(),
                        vrfProof == null ? new byte[0] : vrfProof.toArray());
        if (!r.valid()) throw new IllegalArgumentException("sequencer VRF: " + r.reason());
        Bid b = new Bid(
                sequencer, feeSplitPpm, vrfProof, r.beta(), Score.of(Seeds.u(r.beta()), feeSplitPpm), commitment);
        election.bids.put(sequencer, b);
        return b;
    }

    /** Closes the election; returns the winning bid, or null if no one bid (the slot stays empty). */
    public Bid closeElection() {
        if (election == null) throw new IllegalStateException("no open election");
        Bid best = null;
        for (Bid b : election.bids.values()) {
            if (best == null || beats(b, best)) best = b;
        }
        if (best != null) {
            elected = best;
            electedBlock = election.block;
            electedRandao = election.randao;
            electedRegistry = election.registry;
            electedLock =
                    params.sequencerSlash().add(best.commitment().excess(params.blockReward(), best.feeSplitPpm()));
            registry.lockBond(best.sequencer(), electedLock);
        }
        election = null;
        return best;
    }

    /** Whether bid {@code a} beats {@code b}: higher score, or equal score and lower SHA-256(pk). */
    static boolean beats(Bid a, Bid b) {
        int c = a.score().compareTo(b.score());
        return c > 0 || (c == 0 && a.sequencer().hash().compareTo(b.sequencer().hash()) < 0);
    }

    /**
     * The elected sequencer publishes its block at {@code height}: it must be exactly the block its
     * bid committed to. Its bond stays locked for the MEV excess (the slash part is released),
     * the fees are escrowed, and the proving window opens with the election's frozen registry.
     */
    public BlockDraw acceptBlock(BlockHeader header, long height) {
        advanceTo(height);
        if (elected == null || header.block() != electedBlock)
            throw new IllegalStateException("block " + header.block() + " has no elected sequencer");
        if (!header.sequencer().equals(elected.sequencer()))
            throw new IllegalArgumentException("block " + header.block() + " was won by another sequencer");
        if (header.feeSplitPpm() != elected.feeSplitPpm())
            throw new IllegalArgumentException("FEE_SPLIT differs from the winning bid");
        String differs = elected.commitment().whyNot(header);
        if (differs != null)
            throw new IllegalArgumentException(
                    "block " + header.block() + " is not the block its bid committed to: " + differs);
        BigInteger excess = elected.commitment().excess(params.blockReward(), header.feeSplitPpm());
        registry.unlockBond(header.sequencer(), electedLock.subtract(excess), BigInteger.ZERO);
        Proving p = new Proving();
        p.header = header;
        p.draw = new BlockDraw(params, electedRandao, elected.beta(), header.block(), header.shape());
        p.snapshot = electedRegistry;
        p.validator = new TreeValidator(p.draw, p.snapshot, header, verifier);
        p.acceptedAt = height;
        p.deadline = height + params.provingWindow();
        p.locked = excess;
        p.excess = excess;
        blocks.put(header.block(), p);
        in = in.add(header.totalFees());
        escrowedFees = escrowedFees.add(header.totalFees());
        elected = null;
        electedBlock = -1;
        electedLock = BigInteger.ZERO;
        return p.draw;
    }

    // ---- proving -------------------------------------------------------------------------------

    /**
     * Submits a root with the proofs of its tree, at {@code height}; anyone may submit. Eligibility
     * is judged in the liveness round of {@code height}; the gas claim is capped when rebated.
     */
    public Submission submitRoot(
            long block,
            Bytes rootId,
            Collection<ProofRecord> proofs,
            Bytes submitter,
            long gasUsed,
            BigInteger gasPrice,
            long height) {
        Proving p = blocks.get(block);
        if (p == null) throw new IllegalArgumentException("block " + block + " is not known");
        if (p.phase != Phase.PROVING) throw new IllegalStateException("block " + block + " is " + p.phase);
        if (height > p.deadline)
            throw new IllegalStateException(
                    "block " + block + " proving deadline " + p.deadline + " passed (now " + height + ")");
        advanceTo(height);
        TreeValidation v = p.validator.validate(rootId, proofs, params.roundAt(p.acceptedAt, height));
        boolean lead = p.roots.offer(v, submitter, gasUsed, gasPrice);
        return new Submission(v, lead);
    }

    /**
     * The {@link TreeValidator#precheck(ProofRecord, java.util.function.Function)} of a block in
     * proving: a record judged with it ahead of its submission (with its children as the function
     * gives them by id) is not judged again by this contract's validations of the block while
     * their pools give the same records (a cache: the verdicts are the same). The function may be
     * called from any thread, and is taken here, on the contract's, so that no other thread reads
     * the contract's state.
     */
    public java.util.function.BiConsumer<ProofRecord, java.util.function.Function<Bytes, ProofRecord>> prechecker(
            long block) {
        Proving p = blocks.get(block);
        if (p == null) throw new IllegalArgumentException("block " + block + " is not known");
        if (p.phase != Phase.PROVING) throw new IllegalStateException("block " + block + " is " + p.phase);
        return p.validator::precheck;
    }

    /** The liveness round of a block in proving at the contract's height (what eligibility is judged with now). */
    public int round(long block) {
        Proving p = blocks.get(block);
        if (p == null) throw new IllegalArgumentException("block " + block + " is not known");
        return params.roundAt(p.acceptedAt, now);
    }

    /**
     * Finalises every block whose deadline is before {@code height}, in block order, after any
     * slot missed since the last tick.
     */
    public List<Finalisation> tick(long height) {
        advanceTo(height);
        List<Finalisation> done = new ArrayList<>(pendingFinalisations);
        pendingFinalisations.clear();
        for (Map.Entry<Long, Proving> e : blocks.entrySet()) {
            Proving p = e.getValue();
            if (p.phase == Phase.PROVING && height > p.deadline) {
                done.add(finalise(p));
                // what only a proving block needs (trees offered, the validator) goes at once
                p.validator = null;
                p.roots = null;
                finishedOrder.add(e.getKey());
            }
        }
        // the contract remembers the last keepFinished finished blocks: its memory does not grow with the chain
        while (finishedOrder.size() > keepFinished) blocks.remove(finishedOrder.removeFirst());
        return done;
    }

    private Finalisation finalise(Proving p) {
        BlockHeader h = p.header;
        Bytes seq = h.sequencer();
        escrowedFees = escrowedFees.subtract(h.totalFees());
        RootCompetition.Entry best = p.roots.best();
        if (best == null) {
            // the sequencer published its committed block; the provers did not prove it: no slash
            registry.unlockBond(seq, p.locked, BigInteger.ZERO);
            out = out.add(h.totalFees()); // dropped block: fees return to the L2
            p.phase = Phase.DROPPED;
            return new Finalisation(h.block(), p.phase, null, null, null, BigInteger.ZERO, BigInteger.ZERO);
        }
        RewardSplit split = RewardSplit.forTree(params, h, best.tree());
        registry.unlockBond(seq, p.locked, split.fromBond());
        in = in.add(params.blockReward()); // minted
        credit(seq, split.sequencer());
        for (RewardSplit.Payout pay : split.payouts()) credit(pay.proof().prover(), pay.reward());
        burned = burned.add(split.burned());
        BigInteger rebate = params.gasRebate(
                        best.gasUsed(), best.gasPrice(), best.tree().proofCount())
                .min(treasury);
        treasury = treasury.subtract(rebate);
        credit(best.submitter(), rebate);
        p.phase = Phase.FINALISED;
        p.winner = best.tree();
        return new Finalisation(h.block(), p.phase, best.tree(), split, best.submitter(), rebate, BigInteger.ZERO);
    }

    private void credit(Bytes who, BigInteger amount) {
        if (amount.signum() > 0) balances.merge(who, amount, BigInteger::add);
    }

    // ---- equivocation --------------------------------------------------------------------------

    /**
     * Evidence that a prover signed two different records (different ids) of one node of one
     * block: both signatures must verify under the signing key registered for the prover now.
     * Slashes PROVER_SLASH (at most the stake left), burned; the same (prover, block, node) is
     * slashed once. Anyone may report.
     *
     * @return the amount slashed
     * @throws IllegalArgumentException naming why the evidence does not hold
     */
    public BigInteger reportEquivocation(ProofRecord a, ProofRecord b) {
        if (a == null || b == null) throw new IllegalArgumentException("equivocation: two records required");
        if (!a.prover().equals(b.prover()))
            throw new IllegalArgumentException("equivocation: the records are by different provers");
        if (a.block() != b.block() || !a.node().equals(b.node()))
            throw new IllegalArgumentException("equivocation: the records are for different nodes");
        if (a.id().equals(b.id()))
            throw new IllegalArgumentException("equivocation: the records are the same record (same id)");
        StakingRegistry.ProverStake s = registry.prover(a.prover());
        RegistrySnapshot now = registry.snapshot();
        for (ProofRecord r : List.of(a, b)) {
            String why = now.whyBadSignature(r);
            if (why != null)
                throw new IllegalArgumentException("equivocation: record " + r.id().shortHex(12) + ": " + why);
        }
        String key = a.prover().hex() + "/" + a.block() + "/" + a.node();
        if (!slashedEvidence.add(key))
            throw new IllegalArgumentException("equivocation: prover "
                    + a.prover().shortHex(16) + " was already slashed for block " + a.block() + " node " + a.node());
        BigInteger taken = registry.slashProver(s.pk(), params.proverSlash());
        burned = burned.add(taken);
        return taken;
    }

    // ---- views ---------------------------------------------------------------------------------

    public Phase phase(long block) {
        Proving p = blocks.get(block);
        if (p == null) throw new IllegalArgumentException("block " + block + " is not known");
        return p.phase;
    }

    /** The draw of an accepted block (what provers rank themselves with). */
    public BlockDraw draw(long block) {
        Proving p = blocks.get(block);
        if (p == null) throw new IllegalArgumentException("block " + block + " is not known");
        return p.draw;
    }

    /** The numbers of every accepted block, in order. */
    public List<Long> blocks() {
        return List.copyOf(blocks.keySet());
    }

    /** The registry snapshot an accepted block is drawn and validated with. */
    public RegistrySnapshot snapshot(long block) {
        Proving p = blocks.get(block);
        if (p == null) throw new IllegalArgumentException("block " + block + " is not known");
        return p.snapshot;
    }

    /** The header of an accepted block. */
    public BlockHeader header(long block) {
        Proving p = blocks.get(block);
        if (p == null) throw new IllegalArgumentException("block " + block + " is not known");
        return p.header;
    }

    public long deadline(long block) {
        Proving p = blocks.get(block);
        if (p == null) throw new IllegalArgumentException("block " + block + " is not known");
        return p.deadline;
    }

    /** The leading valid tree of a block in proving, or null. */
    public TreeValidation leader(long block) {
        Proving p = blocks.get(block);
        if (p == null) throw new IllegalArgumentException("block " + block + " is not known");
        if (p.roots == null) return p.winner;
        return p.roots.best() == null ? null : p.roots.best().tree();
    }

    public BigInteger balance(Bytes account) {
        return balances.getOrDefault(account, BigInteger.ZERO);
    }

    public Map<Bytes, BigInteger> balances() {
        return Collections.unmodifiableMap(balances);
    }

    public BigInteger burned() {
        return burned;
    }

    public BigInteger treasury() {
        return treasury;
    }

    /**
     * Value is conserved: everything that came in (stakes, bonds, treasury funding, escrowed fees,
     * minted block rewards) equals what is held (stakes, bonds, balances, treasury, escrowed fees)
     * plus what went out (withdrawals, claims, refunded fees) plus what was burned.
     */
    public boolean conservationHolds() {
        BigInteger held = registry.totalHeld().add(treasury).add(escrowedFees);
        for (BigInteger b : balances.values()) held = held.add(b);
        return in.equals(held.add(out).add(burned));
    }
}
