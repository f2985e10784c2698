package io.coprover.rollup;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.backend.JavaBackend;
import io.coprover.math.G1;
import io.coprover.plonk.CircuitBuilder;
import io.coprover.plonk.Gadgets;
import io.coprover.plonk.Proof;
import io.coprover.plonk.Prover;
import io.coprover.plonk.ProvingKey;
import io.coprover.plonk.Setup;
import io.coprover.plonk.Srs;
import io.coprover.plonk.Verifier;
import io.coprover.protocol.Bytes;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Folding PLONK pairing checks: valid folds pass one pairing, any false member fails it. */
class AccumulatorTest {

    @Test
    void foldOfValidProofsPassesAndOneBadMemberFailsIt() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        Srs srs = Srs.generateInsecure(6, rnd);
        try (JavaBackend be = new JavaBackend()) {
            CircuitBuilder cb0 = circuit(3);
            ProvingKey pk = Setup.run(cb0.build(), srs, be);
            List<Accumulator.Item> items = new ArrayList<>();
            long[][] pubs = new long[3][];
            Proof[] proofs = new Proof[3];
            try (Prover p = new Prover(pk, be)) {
                for (int i = 0; i < 3; i++) {
                    CircuitBuilder cb = circuit(5 + i);
                    Prover.Result r = p.prove(cb.witness());
                    pubs[i] = r.publicInputs();
                    proofs[i] = r.proof();
                    long[][] pq = Verifier.pairingInputs(pk.vk, r.publicInputs(), r.proof());
                    // the pair holds exactly when verify says so
                    assertTrue(Verifier.verify(pk.vk, r.publicInputs(), r.proof()));
                    assertTrue(Accumulator.fold(List.of(new Accumulator.Item(id(i), pq, Accumulator.EMPTY)))
                            .check(srs.x2));
                    items.add(new Accumulator.Item(id(i), pq, Accumulator.EMPTY));
                }
            }
            Accumulator acc = Accumulator.fold(items);
            assertTrue(acc.check(srs.x2), "seed " + seed);
            assertTrue(Accumulator.EMPTY.check(srs.x2));
            // nesting: an accumulator carried by an item
            Accumulator nested = Accumulator.fold(
                    List.of(new Accumulator.Item(id(9), items.get(0).pair(), acc)));
            assertTrue(nested.check(srs.x2));
            // one proof checked against a wrong public input: its pair is false, so is every fold holding it
            long[] wrongPub = pubs[1].clone();
            Fr.F.add(wrongPub, 0, Fr.F.one(), 0, wrongPub, 0);
            long[][] bad = Verifier.pairingInputs(pk.vk, wrongPub, proofs[1]);
            assertFalse(Verifier.verify(pk.vk, wrongPub, proofs[1]));
            List<Accumulator.Item> withBad = new ArrayList<>(items);
            withBad.set(1, new Accumulator.Item(id(1), bad, Accumulator.EMPTY));
            assertFalse(Accumulator.fold(withBad).check(srs.x2));
            assertFalse(Accumulator.fold(
                            List.of(new Accumulator.Item(id(9), items.get(0).pair(), Accumulator.fold(withBad))))
                    .check(srs.x2));
            // a tampered accumulator (doubled P) fails, and encoding round-trips
            Accumulator doubled = new Accumulator(G1.dbl(acc.p(), 0), acc.q());
            assertFalse(doubled.check(srs.x2));
            assertTrue(Accumulator.decode(acc.encode(), 0).sameAs(acc));
            assertFalse(Fr.eq(acc.hash(), doubled.hash()));
        }
    }

    private static Bytes id(int i) {
        byte[] b = new byte[32];
        b[31] = (byte) i;
        return Bytes.of(b);
    }

    /** out = x·x + x with x private, out public. */
    private static CircuitBuilder circuit(long x) {
        CircuitBuilder cb = new CircuitBuilder();
        int w = cb.newWire(BigInteger.valueOf(x));
        int sq = Gadgets.mul(cb, w, w);
        int out = Gadgets.add(cb, sq, w);
        cb.assertEqual(cb.publicInput(cb.value(out)), out);
        return cb;
    }
}
