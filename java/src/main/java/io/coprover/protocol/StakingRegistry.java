package io.coprover.protocol;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stakes of provers and bonds of sequencers, as the rollup contract holds them. Pure state: heights
 * are passed in, nothing reads a clock. Not thread-safe (one contract, one caller).
 *
 * <p>Lifecycle: register (stake ≥ minimum, key valid for the network's VRF suite) → ACTIVE →
 * {@code requestExit(h)} → EXITING, no longer drawn, still slashable → {@code withdraw(h')} with
 * h' ≥ h + withdrawalDelay returns what is left and forgets the key. A sequencer's bond is partly
 * {@code locked} while one of its blocks is being proven (MEV excess and the slash it risks); it
 * cannot withdraw until the lock is released.
 */
public final class StakingRegistry {
    /** Status of a stake. */
    public enum Status {
        ACTIVE,
        EXITING
    }

    /**
     * A prover's stake and the Ed25519 key it signs its proof records with ({@link Registration});
     * {@code signingKey} is null only in ranking-only snapshots ({@link RegistrySnapshot#ofProvers}).
     */
    public record ProverStake(Bytes pk, Role role, BigInteger stake, Status status, long unlockAt, Bytes signingKey) {
        /** A stake without a signing key: for ranking tools, which check no signature. */
        public ProverStake(Bytes pk, Role role, BigInteger stake, Status status, long unlockAt) {
            this(pk, role, stake, status, unlockAt, null);
        }

        ProverStake with(BigInteger newStake, Status newStatus, long newUnlockAt) {
            return new ProverStake(pk, role, newStake, newStatus, newUnlockAt, signingKey);
        }
    }

    /** A sequencer's bond; {@code locked} ≤ {@code bond} is reserved for blocks in flight. */
    public record SequencerStake(
            Bytes pk, BigInteger bond, BigInteger locked, Status status, long unlockAt, Bytes signingKey) {
        public BigInteger free() {
            return bond.subtract(locked);
        }

        SequencerStake with(BigInteger newBond, BigInteger newLocked, Status newStatus, long newUnlockAt) {
            return new SequencerStake(pk, newBond, newLocked, newStatus, newUnlockAt, signingKey);
        }
    }

    private final ProtocolParams params;
    private final Map<Bytes, ProverStake> provers = new LinkedHashMap<>();
    private final Map<Bytes, SequencerStake> sequencers = new LinkedHashMap<>();

    public StakingRegistry(ProtocolParams params) {
        this.params = params;
    }

    public ProtocolParams params() {
        return params;
    }

    private void checkRegistration(Registration reg, boolean sequencer) {
        if (reg == null) throw new IllegalArgumentException("registration required");
        if (reg.sequencer() != sequencer)
            throw new IllegalArgumentException("a " + (sequencer ? "prover" : "sequencer")
                    + " registration cannot register a " + (sequencer ? "sequencer" : "prover"));
        String bad = reg.whyInvalid(params.suite());
        if (bad != null)
            throw new IllegalArgumentException("registration of " + reg.pk().shortHex(16) + ": " + bad);
    }

    /** Registers a prover for its registration's role with {@code amount} ≥ minProverStake; the proofs of possession must verify. */
    public void registerProver(Registration reg, BigInteger amount) {
        checkRegistration(reg, false);
        Bytes pk = reg.pk();
        Role role = reg.role();
        Amounts.check(amount, "prover stake");
        if (provers.containsKey(pk)) throw new IllegalStateException("prover already registered: " + pk.shortHex(16));
        if (amount.compareTo(params.minProverStake()) < 0) {
            throw new IllegalArgumentException("prover stake " + Amounts.formatAzt(amount) + " AZT below the minimum "
                    + Amounts.formatAzt(params.minProverStake()) + " AZT");
        }
        provers.put(pk, new ProverStake(pk, role, amount, Status.ACTIVE, 0, reg.signingKey()));
    }

    /** Registers a sequencer with a bond ≥ minSequencerStake; the proofs of possession must verify. */
    public void registerSequencer(Registration reg, BigInteger amount) {
        checkRegistration(reg, true);
        Bytes pk = reg.pk();
        Amounts.check(amount, "sequencer bond");
        if (sequencers.containsKey(pk))
            throw new IllegalStateException("sequencer already registered: " + pk.shortHex(16));
        if (amount.compareTo(params.minSequencerStake()) < 0) {
            throw new IllegalArgumentException("sequencer bond " + Amounts.formatAzt(amount) + " AZT below the minimum "
                    + Amounts.formatAzt(params.minSequencerStake()) + " AZT");
        }
        sequencers.put(pk, new SequencerStake(pk, amount, BigInteger.ZERO, Status.ACTIVE, 0, reg.signingKey()));
    }

    public ProverStake prover(Bytes pk) {
        ProverStake p = provers.get(pk);
        if (p == null) throw new IllegalArgumentException("unknown prover " + pk.shortHex(16));
        return p;
    }

    public SequencerStake sequencer(Bytes pk) {
        SequencerStake s = sequencers.get(pk);
        if (s == null) throw new IllegalArgumentException("unknown sequencer " + pk.shortHex(16));
        return s;
    }

    /** Starts a prover's exit at height {@code h}: no longer drawn; withdrawable at h + withdrawalDelay. */
    public void requestProverExit(Bytes pk, long h) {
        ProverStake p = prover(pk);
        if (p.status() == Status.EXITING) throw new IllegalStateException("prover already exiting: " + pk.shortHex(16));
        provers.put(pk, p.with(p.stake(), Status.EXITING, h + params.withdrawalDelay()));
    }

    /** Starts a sequencer's exit at height {@code h}. */
    public void requestSequencerExit(Bytes pk, long h) {
        SequencerStake s = sequencer(pk);
        if (s.status() == Status.EXITING)
            throw new IllegalStateException("sequencer already exiting: " + pk.shortHex(16));
        sequencers.put(pk, s.with(s.bond(), s.locked(), Status.EXITING, h + params.withdrawalDelay()));
    }

    /** Withdraws an exiting prover's stake at height {@code h}; returns the amount paid out. */
    public BigInteger withdrawProver(Bytes pk, long h) {
        ProverStake p = prover(pk);
        if (p.status() != Status.EXITING)
            throw new IllegalStateException("prover has not requested exit: " + pk.shortHex(16));
        if (h < p.unlockAt())
            throw new IllegalStateException("prover stake locked until height " + p.unlockAt() + " (now " + h + ")");
        provers.remove(pk);
        return p.stake();
    }

    /** Withdraws an exiting sequencer's bond at height {@code h}; returns the amount paid out. */
    public BigInteger withdrawSequencer(Bytes pk, long h) {
        SequencerStake s = sequencer(pk);
        if (s.status() != Status.EXITING)
            throw new IllegalStateException("sequencer has not requested exit: " + pk.shortHex(16));
        if (h < s.unlockAt())
            throw new IllegalStateException("sequencer bond locked until height " + s.unlockAt() + " (now " + h + ")");
        if (s.locked().signum() > 0) throw new IllegalStateException("sequencer has a block in flight");
        sequencers.remove(pk);
        return s.bond();
    }

    /** Takes up to {@code amount} from a prover's stake; returns what was taken. */
    public BigInteger slashProver(Bytes pk, BigInteger amount) {
        Amounts.check(amount, "slash");
        ProverStake p = prover(pk);
        BigInteger taken = amount.min(p.stake());
        provers.put(pk, p.with(p.stake().subtract(taken), p.status(), p.unlockAt()));
        return taken;
    }

    /** Takes up to {@code amount} from a sequencer's free bond (locked funds excluded); returns what was taken. */
    public BigInteger slashSequencer(Bytes pk, BigInteger amount) {
        Amounts.check(amount, "slash");
        SequencerStake s = sequencer(pk);
        BigInteger taken = amount.min(s.free());
        sequencers.put(pk, s.with(s.bond().subtract(taken), s.locked(), s.status(), s.unlockAt()));
        return taken;
    }

    /** Reserves {@code amount} of a sequencer's free bond; fails if the free bond is smaller. */
    public void lockBond(Bytes pk, BigInteger amount) {
        Amounts.check(amount, "bond lock");
        SequencerStake s = sequencer(pk);
        if (s.free().compareTo(amount) < 0) {
            throw new IllegalStateException("sequencer " + pk.shortHex(16) + " free bond " + Amounts.formatAzt(s.free())
                    + " AZT cannot cover " + Amounts.formatAzt(amount) + " AZT");
        }
        sequencers.put(pk, s.with(s.bond(), s.locked().add(amount), s.status(), s.unlockAt()));
    }

    /** Releases a lock; then takes {@code spend} ≤ released amount out of the bond. Returns {@code spend}. */
    public BigInteger unlockBond(Bytes pk, BigInteger released, BigInteger spend) {
        SequencerStake s = sequencer(pk);
        if (released.compareTo(s.locked()) > 0 || spend.compareTo(released) > 0 || spend.signum() < 0) {
            throw new IllegalStateException(
                    "bad bond unlock: locked " + s.locked() + ", release " + released + ", spend " + spend);
        }
        sequencers.put(pk, s.with(s.bond().subtract(spend), s.locked().subtract(released), s.status(), s.unlockAt()));
        return spend;
    }

    /** Adds to a registered prover's stake (rewards may be restaked). */
    public void addProverStake(Bytes pk, BigInteger amount) {
        Amounts.check(amount, "stake top-up");
        ProverStake p = prover(pk);
        provers.put(pk, p.with(p.stake().add(amount), p.status(), p.unlockAt()));
    }

    /** Sum of every stake and bond held (for conservation checks). */
    public BigInteger totalHeld() {
        BigInteger t = BigInteger.ZERO;
        for (ProverStake p : provers.values()) t = t.add(p.stake());
        for (SequencerStake s : sequencers.values()) t = t.add(s.bond());
        return t;
    }

    /** An immutable view of the current state: the one a block is drawn and validated against. */
    public RegistrySnapshot snapshot() {
        return new RegistrySnapshot(params, provers.values(), sequencers.values());
    }
}
