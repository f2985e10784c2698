package io.coprover.rollup;

import io.coprover.backend.JavaBackend;
import io.coprover.plonk.Srs;
import io.coprover.protocol.Bytes;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Proving keys shared by every proving test (setup once per circuit shape, per JVM). */
final class RollupFixture {
    static final int DEPTH = 4;
    static final Bytes ALICE = Bytes.of("prover-alice-key".getBytes());
    static final Bytes BOB = Bytes.of("prover-bob-key".getBytes());
    private static RollupKeys keys;

    private RollupFixture() {}

    static synchronized RollupKeys keys() {
        if (keys == null) {
            long t = System.nanoTime();
            Srs srs = Srs.generateInsecure(RollupKeys.basePower(DEPTH), new Random(7));
            keys = new RollupKeys(DEPTH, srs, new JavaBackend());
            System.out.printf(
                    "rollup keys depth %d: base 2^%d (%d rows), merge 2^%d (%d rows), srs+setup %.1f s%n",
                    DEPTH,
                    keys.baseShape.power,
                    keys.baseShape.nGates,
                    keys.mergeShape.power,
                    keys.mergeShape.nGates,
                    (System.nanoTime() - t) / 1e9);
        }
        return keys;
    }

    /** A genesis state with funded accounts 0..accounts-1. */
    static StateTree genesis(int accounts) {
        StateTree t = StateTree.inMemory(DEPTH);
        for (long i = 0; i < accounts; i++) t.put(i, new Account(BigInteger.valueOf(1_000 + i), 1_000_000, 0));
        return t;
    }

    /** n random valid transfers among accounts 0..accounts-1 (nonces tracked). */
    static List<Transfer> randomTxs(int n, int accounts, Random rnd) {
        long[] nonce = new long[accounts];
        List<Transfer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int from = rnd.nextInt(accounts), to = rnd.nextInt(accounts);
            out.add(Transfer.of(from, to, 1 + rnd.nextInt(1000), rnd.nextInt(50), nonce[from]++));
        }
        return out;
    }
}
