package io.coprover.protocol;

import io.coprover.protocol.StakingRegistry.ProverStake;
import io.coprover.protocol.StakingRegistry.SequencerStake;
import io.coprover.protocol.StakingRegistry.Status;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry frozen at a block's acceptance: the draw and the validation of that block's trees
 * use it, so stake moves during the proving window change nothing for the block.
 *
 * <p>Every key in a snapshot is a valid public key of the network's VRF suite (checked at
 * registration), so validators need not check it again.
 *
 * <p>A prover counts for a role (and may prove its nodes) when it is ACTIVE, its role covers the
 * node's role and its stake is at least the minimum (a slashed prover can fall below).
 */
public final class RegistrySnapshot {
    private final ProtocolParams params;
    private final Map<Bytes, ProverStake> provers;
    private final Map<Bytes, SequencerStake> sequencers;
    private final int nBase, nMerge;
    /** Eligibility per role and liveness round before the open round, made once each. */
    private final Eligibility[] baseRule = new Eligibility[32], mergeRule = new Eligibility[32];

    private Eligibility baseOpen, mergeOpen;

    RegistrySnapshot(ProtocolParams params, Collection<ProverStake> provers, Collection<SequencerStake> sequencers) {
        this.params = params;
        Map<Bytes, ProverStake> p = new LinkedHashMap<>();
        int b = 0, m = 0;
        for (ProverStake s : provers) {
            p.put(s.pk(), s);
            if (counts(s)) {
                if (s.role().covers(Role.BASE)) b++;
                if (s.role().covers(Role.MERGE)) m++;
            }
        }
        Map<Bytes, SequencerStake> q = new LinkedHashMap<>();
        for (SequencerStake s : sequencers) q.put(s.pk(), s);
        this.provers = Collections.unmodifiableMap(p);
        this.sequencers = Collections.unmodifiableMap(q);
        this.nBase = b;
        this.nMerge = m;
    }

    /**
     * A snapshot of the given provers (no sequencers): for ranking tools and tests. Every key must
     * be a valid public key of the network's suite, as registration requires.
     */
    public static RegistrySnapshot ofProvers(ProtocolParams params, List<ProverStake> provers) {
        for (ProverStake p : provers) {
            String bad = params.suite().validatePublicKey(p.pk().toArray());
            if (bad != null) throw new IllegalArgumentException("prover " + p.pk().shortHex(16) + ": " + bad);
        }
        return new RegistrySnapshot(params, provers, List.of());
    }

    private boolean counts(ProverStake s) {
        return s.status() == Status.ACTIVE && s.stake().compareTo(params.minProverStake()) >= 0;
    }

    /** N_role: provers that may prove nodes needing {@code nodeRole} (BASE or MERGE). */
    public int count(Role nodeRole) {
        return nodeRole == Role.BASE ? nBase : nodeRole == Role.MERGE ? nMerge : illegal(nodeRole);
    }

    private static int illegal(Role r) {
        throw new IllegalArgumentException("a node needs BASE or MERGE, not " + r);
    }

    /** The eligibility rule for nodes needing {@code nodeRole} in the first round. */
    public Eligibility eligibility(Role nodeRole) {
        return eligibility(nodeRole, 0);
    }

    /**
     * The eligibility rule in liveness round {@code round} (PROTOCOL "Liveness"): E·2^round
     * expected provers, and every staked prover of the role from {@link ProtocolParams#openRound()}.
     */
    public Eligibility eligibility(Role nodeRole, int round) {
        if (round < 0) throw new IllegalArgumentException("round must be non-negative: " + round);
        int n = count(nodeRole);
        boolean base = nodeRole == Role.BASE;
        // made once per role and round (the snapshot never changes; a race only makes one twice)
        if (round >= params.openRound()) {
            Eligibility e = base ? baseOpen : mergeOpen;
            if (e == null) {
                e = Eligibility.of(n, n);
                if (base) baseOpen = e;
                else mergeOpen = e;
            }
            return e;
        }
        Eligibility[] memo = base ? baseRule : mergeRule;
        int slot = Math.min(round, memo.length - 1); // E·2^round saturates from round 31
        Eligibility e = memo[slot];
        if (e == null) memo[slot] = e = expected(params.eligiblePerNode(), slot, n);
        return e;
    }

    private static Eligibility expected(int perNode, int round, int n) {
        long e = (long) perNode << Math.min(round, 31);
        return Eligibility.of((int) Math.min(e, Integer.MAX_VALUE), n);
    }

    /** Null if {@code pk} may prove nodes needing {@code nodeRole}; else why not. */
    public String whyNotStaked(Bytes pk, Role nodeRole) {
        ProverStake s = provers.get(pk);
        if (s == null) return "unknown prover " + pk.shortHex(16);
        if (s.status() != Status.ACTIVE) return "prover " + pk.shortHex(16) + " is exiting";
        if (!s.role().covers(nodeRole))
            return "prover " + pk.shortHex(16) + " is staked for " + s.role() + ", node needs " + nodeRole;
        if (s.stake().compareTo(params.minProverStake()) < 0)
            return "prover " + pk.shortHex(16) + " stake below the minimum";
        return null;
    }

    /**
     * Null if {@code p} is signed by the key registered for its prover and the signature verifies,
     * else why not (PROTOCOL "Signed records"). Never throws.
     */
    public String whyBadSignature(ProofRecord p) {
        if (!p.signed()) return "record is not signed";
        ProverStake s = provers.get(p.prover());
        if (s == null) return "unknown prover " + p.prover().shortHex(16);
        if (s.signingKey() == null) return "prover " + p.prover().shortHex(16) + " has no registered signing key";
        if (!s.signingKey().equals(p.signer()))
            return "signed by " + p.signer().shortHex(16) + ", not by the key registered for prover "
                    + p.prover().shortHex(16);
        if (!p.signatureValid(params.signatures())) return "signature does not verify";
        return null;
    }

    /** Every prover in the snapshot, in registration order. */
    public Collection<ProverStake> provers() {
        return provers.values();
    }

    /** A sequencer's bond, or null if unknown. */
    public SequencerStake sequencer(Bytes pk) {
        return sequencers.get(pk);
    }

    public ProtocolParams params() {
        return params;
    }
}
