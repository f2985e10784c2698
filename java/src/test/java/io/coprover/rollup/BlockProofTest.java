package io.coprover.rollup;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.protocol.ProofRecord;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Whole blocks of random valid transfers proved and verified with one pairing. */
class BlockProofTest {

    static void proveAndVerify(int txs, long seed) {
        RollupKeys keys = RollupFixture.keys();
        Random rnd = new Random(seed);
        try (StateTree s = RollupFixture.genesis(12)) {
            BlockInputs in = BlockInputs.apply(s, 3, RollupFixture.randomTxs(txs, 12, rnd));
            BlockProver bp = new BlockProver(keys);
            long t = System.nanoTime();
            ProofRecord root = bp.proveAll(in, RollupFixture.ALICE, 250_000);
            long proveNs = System.nanoTime() - t;
            assertEquals(Fr.bytes(in.endRoot()), root.outputs().endStateRoot());
            assertEquals(in.fees(), root.outputs().fees().longValueExact());
            TreeVerifier.Result r = new TreeVerifier(keys.baseVk(), keys.mergeVk())
                    .verify(root.id(), bp.proofs().values(), TreeVerifier.Expected.of(in));
            System.out.printf(
                    "block of %d txs (seed %d): %d base + %d merge proofs in %.1f s (base %.1f s, merge %.1f s); verify %d proofs, %d pairing, %.0f ms%n",
                    txs,
                    seed,
                    bp.baseCount(),
                    bp.mergeCount(),
                    proveNs / 1e9,
                    bp.baseNanos() / 1e9,
                    bp.mergeNanos() / 1e9,
                    r.proofs(),
                    r.pairings(),
                    r.nanos() / 1e6);
            assertTrue(r.valid(), r.reason() + " (seed " + seed + ")");
            assertEquals(2 * in.shape().numBase() - 1, r.proofs());
            assertEquals(1, r.pairings());
        }
    }

    @Test
    void blockOf2() {
        proveAndVerify(2, System.nanoTime());
    }

    /** 7 txs + 1 padding: 4 base + 3 merge proofs. (The block of 4 is TreeRejectionTest's.) */
    @Test
    void blockOf8() {
        proveAndVerify(7, System.nanoTime());
    }

    /** 16 base + 15 merge proofs: about 2.5 minutes here, so excluded by default (-Dgroups=slow runs it). */
    @Test
    @Tag("slow")
    void blockOf32() {
        proveAndVerify(32, System.nanoTime());
    }
}
