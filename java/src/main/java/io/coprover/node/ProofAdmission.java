package io.coprover.node;

import io.coprover.protocol.Ppm;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.Seeds;
import io.coprover.rollup.InvalidProofException;
import io.coprover.rollup.RollupKeys;

/**
 * The checks a gossiped proof passes before a node keeps or relays it (PROTOCOL §6, docs/NODE.md
 * "Gossip"), in the order of their cost: the rules that need no SNARK work ({@link #whyNot}: in
 * the block's tree, FEE_BURN in range, prover staked for the role, record signed by the prover's
 * registered key, VRF valid and eligible in the current liveness round), then the SNARK of the
 * proof with its subtree's folded accumulator, one pairing ({@link #whyNotVerified}). Pure: the
 * caller holds the node's lock and decides what a failure means.
 */
final class ProofAdmission {
    private final RollupKeys keys;

    ProofAdmission(RollupKeys keys) {
        this.keys = keys;
    }

    /** The liveness round of a block at L1 height {@code height}. */
    static int round(ContractClient.AcceptedBlock acc, long height) {
        ProtocolParams params = acc.draw().params();
        return params.roundAt(acc.deadline() - params.provingWindow(), height);
    }

    /** Why {@code p} is not admissible at L1 height {@code height} without SNARK work; null if it is. */
    String whyNot(BlockState s, ProofRecord p, long height) {
        if (height > s.acc.deadline()) return "block " + p.block() + " is past its proving deadline";
        if (!s.acc.draw().shape().contains(p.node())) return "node outside the block's tree";
        if (p.feeBurnPpm() < 0 || p.feeBurnPpm() > Ppm.ONE) return "FEE_BURN out of range";
        String why = s.acc.registry().whyNotStaked(p.prover(), p.node().role());
        if (why != null) return why;
        why = s.acc.registry().whyBadSignature(p);
        if (why != null) return "signature: " + why;
        ProtocolParams params = s.acc.draw().params();
        var r = params.mode()
                .verify(
                        params.suite(),
                        p.prover().toArray(),
                        s.acc.draw().alpha(p.node()),
                        p.vrfProof().toArray());
        if (!r.valid()) return "VRF: " + r.reason();
        long u = Seeds.u(r.beta());
        int round = round(s.acc, height);
        if (!s.acc.registry().eligibility(p.node().role(), round).test(u))
            return "not eligible (u(beta) below the threshold of round " + round + ")";
        return null;
    }

    /** Why the SNARK of {@code p} (with its verified subtree) fails; null if it verifies. Its children must be verified. */
    String whyNotVerified(BlockState s, ProofRecord p) {
        try {
            return s.checker.reduce(p).subtree().check(keys.srs.x2)
                    ? null
                    : "SNARK does not verify (with its subtree's folded checks)";
        } catch (InvalidProofException e) {
            return e.getMessage();
        }
    }
}
