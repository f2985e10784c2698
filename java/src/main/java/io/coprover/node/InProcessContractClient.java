package io.coprover.node;

import io.coprover.protocol.BlockDraw;
import io.coprover.protocol.BlockHeader;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.Registration;
import io.coprover.protocol.RollupContract;
import io.coprover.protocol.Score;
import io.coprover.protocol.TreeValidation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ContractClient} over an in-process {@link RollupContract}: the L1 of the simulator, the
 * tests and a single-machine node. The owner drives L1 ({@link #setHeight}, {@link #acceptBlock},
 * {@link #tick}); every node holding this client sees the same contract. Calls are serialised (the
 * contract is a plain state machine); listeners are called on the caller's thread, after the
 * contract changed and outside the lock.
 *
 * <p>Each root submission is charged {@link #GAS_PER_SUBMISSION} gas at {@link #GAS_PRICE_WEI}
 * (the gas rebate the winning submitter receives from the treasury).
 */
public final class InProcessContractClient implements ContractClient {
    /** Gas a root submission is charged in this model. */
    public static final long GAS_PER_SUBMISSION = 300_000;
    /** 1 gwei. */
    public static final BigInteger GAS_PRICE_WEI = BigInteger.valueOf(1_000_000_000L);

    private final RollupContract contract;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private long height;
    /** Published block data of blocks still proving. */
    private final java.util.Map<Long, byte[]> data = new java.util.HashMap<>();

    public InProcessContractClient(RollupContract contract, long height) {
        if (contract == null) throw new IllegalArgumentException("contract is required");
        this.contract = contract;
        this.height = height;
        if (contract.height() < height) contract.advanceTo(height);
    }

    /** The contract itself (elections, stakes, balances: the L1 side the owner drives). */
    public RollupContract contract() {
        return contract;
    }

    @Override
    public ProtocolParams params() {
        return contract.params();
    }

    @Override
    public synchronized long height() {
        return height;
    }

    /** Moves L1 to {@code h} (never backwards); listeners learn the new height. */
    public void setHeight(long h) {
        synchronized (this) {
            if (h < height) throw new IllegalArgumentException("L1 height cannot go back from " + height + " to " + h);
            if (h == height) return;
            height = h;
            contract.advanceTo(h);
        }
        for (Listener l : listeners) l.onHeight(h);
    }

    /** The elected sequencer's block is accepted at the current height; listeners learn of it. */
    public AcceptedBlock acceptBlock(BlockHeader header) {
        AcceptedBlock a;
        synchronized (this) {
            BlockDraw d = contract.acceptBlock(header, height);
            a = new AcceptedBlock(header, d, contract.snapshot(header.block()), contract.deadline(header.block()));
        }
        for (Listener l : listeners) l.onAccepted(a);
        return a;
    }

    /** The sequencer publishes its block's data with the block (kept while the block is proving). */
    public synchronized void publishData(long block, byte[] blockMessage) {
        data.put(block, blockMessage.clone());
    }

    @Override
    public synchronized Optional<byte[]> blockData(long block) {
        byte[] d = data.get(block);
        return d == null ? Optional.empty() : Optional.of(d.clone());
    }

    /** Finalises every block past its deadline at the current height; listeners learn of each. */
    public List<Finalised> tick() {
        List<Finalised> out = new ArrayList<>();
        synchronized (this) {
            for (RollupContract.Finalisation f : contract.tick(height)) {
                data.remove(f.block());
                TreeValidation w = f.winner();
                out.add(new Finalised(
                        f.block(),
                        f.phase() != RollupContract.Phase.FINALISED,
                        w == null ? null : w.rootId(),
                        w == null ? null : w.score(),
                        w,
                        f.split(),
                        f.submitter(),
                        f.rebate(),
                        f.slashed()));
            }
        }
        for (Finalised f : out) for (Listener l : listeners) l.onFinalised(f);
        return out;
    }

    @Override
    public synchronized Optional<AcceptedBlock> accepted(long block) {
        try {
            return Optional.of(new AcceptedBlock(
                    contract.header(block), contract.draw(block), contract.snapshot(block), contract.deadline(block)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized List<AcceptedBlock> proving() {
        List<AcceptedBlock> out = new ArrayList<>();
        for (long b : contract.blocks()) {
            if (contract.phase(b) == RollupContract.Phase.PROVING) accepted(b).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public synchronized SubmitResult submitRoot(
            long block, Bytes rootId, Collection<ProofRecord> proofs, Bytes submitter) {
        try {
            RollupContract.Submission s =
                    contract.submitRoot(block, rootId, proofs, submitter, GAS_PER_SUBMISSION, GAS_PRICE_WEI, height);
            return new SubmitResult(
                    s.validation().valid(),
                    s.validation().reason(),
                    s.validation().score(),
                    s.leading());
        } catch (IllegalArgumentException | IllegalStateException e) {
            return new SubmitResult(false, e.getMessage(), null, false);
        }
    }

    @Override
    public synchronized Optional<Score> leadingScore(long block) {
        try {
            TreeValidation l = contract.leader(block);
            return l == null ? Optional.empty() : Optional.of(l.score());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized boolean isRegistered(Bytes pk) {
        try {
            contract.registry().prover(pk);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public synchronized Optional<Bytes> signingKeyOf(Bytes identity) {
        try {
            return Optional.ofNullable(contract.registry().prover(identity).signingKey());
        } catch (IllegalArgumentException notAProver) {
            try {
                return Optional.ofNullable(
                        contract.registry().sequencer(identity).signingKey());
            } catch (IllegalArgumentException notASequencer) {
                return Optional.empty();
            }
        }
    }

    @Override
    public synchronized void registerProver(Registration registration, BigInteger stake) {
        contract.stakeProver(registration, stake);
    }

    @Override
    public synchronized BigInteger reportEquivocation(ProofRecord a, ProofRecord b) {
        return contract.reportEquivocation(a, b);
    }

    @Override
    public synchronized BigInteger balance(Bytes account) {
        return contract.balance(account);
    }

    @Override
    public void subscribe(Listener l) {
        listeners.add(l);
    }
}
