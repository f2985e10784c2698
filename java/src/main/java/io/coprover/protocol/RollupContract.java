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
 * <p>Per block: {@link #openElection} (slot RANDAO) → {@link #bid} by sequencers → {@link #closeElection}
 * (highest u(beta_seq)·(10^6 + FEE_SPLIT), ties by lower SHA-256(pk)) → {@link #acceptBlock} by the
 * winner, which locks the MEV excess and the slash in its bond and freezes the registry → roots
 * via {@link #submitRoot} until the deadline (height ≤ accepted + provingWindow) → {@link #tick}
 * past the deadline finalises: the best tree is paid ({@link RewardSplit}) and its submitter gets
 * the gas rebate from the treasury; with no valid tree the sequencer is slashed and the block
 * dropped (its fees go back to the L2). Several blocks may be proving at once.
 *
 * <p>Value accounting: see {@link #conservationHolds()}.
 */
public final class RollupContract {
    /** Where a block is. */
    public enum Phase { PROVING, FINALISED, DROPPED }

    /** A sequencer's bid for a slot. */
    public record Bid(Bytes sequencer, long feeSplitPpm, Bytes vrfProof, byte[] beta, Score score) {}

    /** What happened at a block's finalisation. */
    public record Finalisation(long block, Phase phase, TreeValidation winner, RewardSplit split, Bytes submitter,
                               BigInteger rebate, BigInteger slashed) {}

    /** Result of a root submission. */
    public record Submission(TreeValidation validation, boolean leading) {}

    private static final class Election {
        final long block;
        final byte[] randao;
        final Map<Bytes, Bid> bids = new LinkedHashMap<>();
        Election(long block, byte[] randao) {
            this.block = block;
            this.randao = randao.clone();
        }
    }

    private static final class Proving {
        BlockHeader header;
        BlockDraw draw;
        TreeValidator validator;
        RegistrySnapshot snapshot;
        long deadline;
        BigInteger locked, excess;
        RootCompetition roots = new RootCompetition();
        Phase phase = Phase.PROVING;
    }

    private final ProtocolParams params;
    private final StakingRegistry registry;
    private final ProofVerifier verifier;
    private final Map<Bytes, BigInteger> balances = new HashMap<>();
    private final Map<Long, Proving> blocks = new TreeMap<>();
    private Election election;
    private Bid elected;
    private long electedBlock = -1;
    private byte[] electedRandao;
    private BigInteger burned = BigInteger.ZERO, treasury = BigInteger.ZERO;
    private BigInteger in = BigInteger.ZERO, out = BigInteger.ZERO, escrowedFees = BigInteger.ZERO;

    public RollupContract(ProtocolParams params, ProofVerifier verifier) {
        this.params = params;
        this.registry = new StakingRegistry(params);
        this.verifier = verifier;
    }

    public ProtocolParams params() { return params; }

    /** The registry (stakes move through {@link #stakeProver} etc. so that value is accounted). */
    public StakingRegistry registry() { return registry; }

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

    // ---- election ------------------------------------------------------------------------------

    /** Opens the sequencer election for {@code block} with the slot's RANDAO. */
    public void openElection(long block, byte[] randao) {
        Seeds.checkRandao(randao);
        Seeds.checkBlock(block);
        if (election != null) throw new IllegalStateException("election for block " + election.block + " still open");
        if (blocks.containsKey(block) || block == electedBlock) throw new IllegalStateException("block " + block + " already elected");
        election = new Election(block, randao);
    }

    /** alpha_seq of the open election. */
    public byte[] electionAlpha() {
        if (election == null) throw new IllegalStateException("no open election");
        return Seeds.sequencerAlpha(election.randao, election.block);
    }

    /**
     * A sequencer's bid; replaces its earlier bid in this election. Rejects (IllegalArgumentException)
     * an unknown or exiting sequencer, a free bond below SEQUENCER_SLASH, a FEE_SPLIT out of range
     * or a VRF proof that does not verify.
     */
    public Bid bid(Bytes sequencer, long feeSplitPpm, Bytes vrfProof) {
        if (election == null) throw new IllegalStateException("no open election");
        StakingRegistry.SequencerStake s = registry.sequencer(sequencer);
        if (s.status() != StakingRegistry.Status.ACTIVE) throw new IllegalArgumentException("sequencer " + sequencer.shortHex(16) + " is exiting");
        if (s.free().compareTo(params.sequencerSlash()) < 0) throw new IllegalArgumentException("sequencer free bond below SEQUENCER_SLASH");
        Ppm.check(feeSplitPpm, params.maxFeeSplitPpm(), "FEE_SPLIT");
        VrfResult r = params.mode().verify(params.suite(), sequencer.toArray(), electionAlpha(),
                vrfProof == null ? new byte[0] : vrfProof.toArray());
        if (!r.valid()) throw new IllegalArgumentException("sequencer VRF: " + r.reason());
        Bid b = new Bid(sequencer, feeSplitPpm, vrfProof, r.beta(), Score.of(Seeds.u(r.beta()), feeSplitPpm));
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
     * The elected sequencer publishes its block at {@code height}: locks its bond for the MEV
     * excess and the slash, escrows the fees, freezes the registry and opens the proving window.
     */
    public BlockDraw acceptBlock(BlockHeader header, long height) {
        if (elected == null || header.block() != electedBlock) throw new IllegalStateException("block " + header.block() + " has no elected sequencer");
        if (!header.sequencer().equals(elected.sequencer())) throw new IllegalArgumentException("block " + header.block() + " was won by another sequencer");
        if (header.feeSplitPpm() != elected.feeSplitPpm()) throw new IllegalArgumentException("FEE_SPLIT differs from the winning bid");
        BigInteger pool = Amounts.check(header.totalFees().add(params.blockReward()), "pool");
        BigInteger network = pool.multiply(BigInteger.valueOf(header.feeSplitPpm())).divide(BigInteger.valueOf(Ppm.ONE));
        BigInteger excess = network.subtract(pool).max(BigInteger.ZERO);
        BigInteger lock = excess.add(params.sequencerSlash());
        registry.lockBond(header.sequencer(), lock);
        Proving p = new Proving();
        p.header = header;
        p.draw = new BlockDraw(params, electedRandao, elected.beta(), header.block(), header.shape());
        p.snapshot = registry.snapshot();
        p.validator = new TreeValidator(p.draw, p.snapshot, header, verifier);
        p.deadline = height + params.provingWindow();
        p.locked = lock;
        p.excess = excess;
        blocks.put(header.block(), p);
        in = in.add(header.totalFees());
        escrowedFees = escrowedFees.add(header.totalFees());
        elected = null;
        electedBlock = -1;
        return p.draw;
    }

    // ---- proving -------------------------------------------------------------------------------

    /** Submits a root with the proofs of its tree, at {@code height}; anyone may submit. */
    public Submission submitRoot(long block, Bytes rootId, Collection<ProofRecord> proofs, Bytes submitter,
                                 long gasUsed, BigInteger gasPrice, long height) {
        Proving p = blocks.get(block);
        if (p == null) throw new IllegalArgumentException("block " + block + " is not known");
        if (p.phase != Phase.PROVING) throw new IllegalStateException("block " + block + " is " + p.phase);
        if (height > p.deadline) throw new IllegalStateException("block " + block + " proving deadline " + p.deadline + " passed (now " + height + ")");
        TreeValidation v = p.validator.validate(rootId, proofs);
        boolean lead = p.roots.offer(v, submitter, gasUsed, gasPrice);
        return new Submission(v, lead);
    }

    /** Finalises every block whose deadline is before {@code height}, in block order. */
    public List<Finalisation> tick(long height) {
        List<Finalisation> done = new ArrayList<>();
        for (Map.Entry<Long, Proving> e : blocks.entrySet()) {
            Proving p = e.getValue();
            if (p.phase == Phase.PROVING && height > p.deadline) done.add(finalise(p));
        }
        return done;
    }

    private Finalisation finalise(Proving p) {
        BlockHeader h = p.header;
        Bytes seq = h.sequencer();
        escrowedFees = escrowedFees.subtract(h.totalFees());
        RootCompetition.Entry best = p.roots.best();
        if (best == null) {
            registry.unlockBond(seq, p.locked, BigInteger.ZERO);
            BigInteger slashed = registry.slashSequencer(seq, params.sequencerSlash());
            burned = burned.add(slashed);
            out = out.add(h.totalFees()); // dropped block: fees return to the L2
            p.phase = Phase.DROPPED;
            return new Finalisation(h.block(), p.phase, null, null, null, BigInteger.ZERO, slashed);
        }
        RewardSplit split = RewardSplit.forTree(params, h, best.tree());
        registry.unlockBond(seq, p.locked, split.fromBond());
        in = in.add(params.blockReward()); // minted
        credit(seq, split.sequencer());
        for (RewardSplit.Payout pay : split.payouts()) credit(pay.proof().prover(), pay.reward());
        burned = burned.add(split.burned());
        BigInteger rebate = params.gasRebate(best.gasUsed(), best.gasPrice()).min(treasury);
        treasury = treasury.subtract(rebate);
        credit(best.submitter(), rebate);
        p.phase = Phase.FINALISED;
        return new Finalisation(h.block(), p.phase, best.tree(), split, best.submitter(), rebate, BigInteger.ZERO);
    }

    private void credit(Bytes who, BigInteger amount) {
        if (amount.signum() > 0) balances.merge(who, amount, BigInteger::add);
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
        return p.roots.best() == null ? null : p.roots.best().tree();
    }

    public BigInteger balance(Bytes account) {
        return balances.getOrDefault(account, BigInteger.ZERO);
    }

    public Map<Bytes, BigInteger> balances() {
        return Collections.unmodifiableMap(balances);
    }

    public BigInteger burned() { return burned; }

    public BigInteger treasury() { return treasury; }

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
