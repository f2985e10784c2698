package io.coprover.builder;

import io.coprover.backend.JavaBackend;
import io.coprover.backend.ProvingBackend;
import io.coprover.plonk.Srs;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.requests.ProofRequest;
import io.coprover.requests.ProofRequests;
import io.coprover.rollup.Account;
import io.coprover.rollup.BlockInputs;
import io.coprover.rollup.RollupKeys;
import io.coprover.rollup.StateTree;
import io.coprover.rollup.Transfer;
import io.coprover.scheduler.JobInputs;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;

/**
 * Keys and a small block shared by the builder tests: state depth 1 (the smallest base circuit,
 * 2^14 rows, so a proof takes about a second here), a block of 4 txs (2 base nodes, 1 root).
 */
final class BuilderFixture {
    static final int DEPTH = 1;
    static final Bytes ALICE = Bytes.of("prover-alice-key".getBytes());
    static final Bytes MALLORY = Bytes.of("prover-mallory-key".getBytes());
    static final Bytes DIGEST = Bytes.of(new byte[32]);
    static final long BLOCK = 9;
    static final ProvingBackend BACKEND = new JavaBackend();
    private static RollupKeys keys;
    private static BlockInputs block;

    private BuilderFixture() {}

    static synchronized RollupKeys keys() {
        if (keys == null) {
            long t = System.nanoTime();
            keys = new RollupKeys(DEPTH, Srs.generateInsecure(RollupKeys.basePower(DEPTH), new Random(11)), BACKEND);
            System.out.printf("builder test keys depth %d: srs+setup %.1f s%n", DEPTH, (System.nanoTime() - t) / 1e9);
        }
        return keys;
    }

    /** Accounts 0 and 1 funded; 3 transfers + 1 padding. */
    static synchronized BlockInputs block() {
        if (block == null) {
            try (StateTree s = StateTree.inMemory(DEPTH)) {
                s.put(0, new Account(BigInteger.valueOf(1234), 1_000_000, 0));
                s.put(1, new Account(BigInteger.valueOf(5678), 500_000, 0));
                block = BlockInputs.apply(
                        s,
                        BLOCK,
                        List.of(
                                Transfer.of(0, 1, 100, 7, 0),
                                Transfer.of(1, 0, 50, 3, 0),
                                Transfer.of(1, 1, 10, 1, 1)));
            }
        }
        return block;
    }

    private static final ProofRecord[] PROOFS = new ProofRecord[2];

    /**
     * Base proof {@code index} by ALICE, made once per JVM through the request path (encode, decode,
     * check, prove): the children of the root request and the proofs the fakes hand out.
     */
    static synchronized ProofRecord baseProof(int index) {
        if (PROOFS[index] == null) {
            ProofRequest r = ProofRequests.base(baseJob(index, ALICE), block(), deadline());
            PROOFS[index] = ProofRequests.prove(ProofRequest.decode(r.encode(), ProofRequest.MAX_BYTES), keys());
        }
        return PROOFS[index];
    }

    static JobInputs baseJob(int index, Bytes prover) {
        BlockInputs b = block();
        return new JobInputs(BLOCK, DIGEST, b.shape(), new NodeId(0, index), prover, null, 120_000, null, null);
    }

    static JobInputs rootJob(List<ProofRecord> left, List<ProofRecord> right, Bytes prover) {
        BlockInputs b = block();
        return new JobInputs(BLOCK, DIGEST, b.shape(), b.shape().root(), prover, null, 120_000, left, right);
    }

    static long deadline() {
        return System.currentTimeMillis() + 600_000;
    }
}
