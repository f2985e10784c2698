package io.coprover.scheduler;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.Score;
import io.coprover.protocol.TreeShape;
import java.math.BigInteger;
import java.util.List;

/** Small builders for scheduler tests. */
final class Jobs {
    private Jobs() {}

    static final Bytes DIGEST = Bytes.of(Bytes.sha256("block digest".getBytes()));
    static final Bytes ME = Bytes.of(Bytes.sha256("my key".getBytes()));
    static final TreeShape SHAPE = TreeShape.forTxs(16); // 8 base, depth 3

    static JobInputs base(int index) {
        return base(index, 0);
    }

    static JobInputs base(int index, long feeBurn) {
        return new JobInputs(7, DIGEST, SHAPE, new NodeId(0, index), ME, null, feeBurn, List.of(), List.of());
    }

    /** A merge job over the honest base proofs of both children (levels 1.. built recursively). */
    static JobInputs merge(NodeId n) {
        return new JobInputs(7, DIGEST, SHAPE, n, ME, null, 0, List.of(proof(n.left())), List.of(proof(n.right())));
    }

    static ProofRecord proof(NodeId n) {
        return FakeNodeProver.record(n.level() == 0 ? base(n.index()) : merge(n));
    }

    static JobTerms terms(long reward, long deadline) {
        return new JobTerms(BigInteger.valueOf(reward), deadline, Score.of(1L << 40, 0));
    }
}
