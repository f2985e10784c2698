package io.coprover.node;

import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.SigningKey;
import io.coprover.scheduler.JobContext;
import io.coprover.scheduler.JobInputs;
import io.coprover.scheduler.NodeProver;
import io.coprover.scheduler.ProofResult;

/**
 * Signs what another {@link NodeProver} proves (locally or through a proof builder: the builder
 * returns the SNARK, the prover signs), after its {@link SignGuard} allows it. Every record a node
 * publishes or stores passes here, so the node never equivocates and never publishes unsigned.
 */
final class SigningProver implements NodeProver {
    private final NodeProver inner;
    private final SigningKey key;
    private final SignGuard guard;

    SigningProver(NodeProver inner, SigningKey key, SignGuard guard) {
        this.inner = inner;
        this.key = key;
        this.guard = guard;
    }

    @Override
    public ProofResult prove(JobInputs inputs, JobContext context) throws Exception {
        ProofResult r = inner.prove(inputs, context);
        ProofRecord p = r.proof();
        guard.allow(p);
        return new ProofResult(p.signedBy(key), r.witnessNanos(), r.proveNanos(), r.backend());
    }
}
