package io.coprover.plonk;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.backend.JavaBackend;
import io.coprover.backend.ProvingBackend;
import io.coprover.math.Field;
import io.coprover.plonk.io.WtnsFile;
import io.coprover.plonk.io.ZkeyFile;
import io.coprover.testutil.Vectors;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Completeness and soundness of our prover + verifier on several circuits. */
class PlonkProverTest {
    private static final Field FR = Field.FR;
    static ProvingBackend backend;
    static Srs srs;
    static long seed = System.nanoTime();

    @BeforeAll
    static void init() {
        backend = new JavaBackend();
        System.out.println("PlonkProverTest seed " + seed);
        srs = Srs.generateInsecure(10, new Random(seed));
    }

    @AfterAll
    static void done() {
        backend.close();
    }

    /** A circuit with every gadget, two public inputs and a Poseidon hash. */
    static CircuitBuilder gadgetCircuit(long x0) {
        CircuitBuilder cb = new CircuitBuilder();
        int x = cb.newWire(BigInteger.valueOf(x0));
        int y = cb.newWire(BigInteger.valueOf(x0 + 3));
        Gadgets.rangeCheck(cb, x, 16);
        int eq = Gadgets.isEqual(cb, x, y);
        Gadgets.assertBool(cb, eq);
        int s = Gadgets.select(cb, eq, x, y);
        int h = PoseidonGadget.hash(cb, s, x);
        int pubH = cb.publicInput(cb.value(h));
        cb.assertEqual(pubH, h);
        int prod = Gadgets.mul(cb, x, y);
        int pubP = cb.publicInput(cb.value(prod));
        cb.assertEqual(pubP, prod);
        cb.constant(BigInteger.valueOf(42));
        return cb;
    }

    static Prover.Result proveAndCheck(CircuitBuilder cb) {
        Circuit c = cb.build();
        ProvingKey pk = Setup.run(c, srs, backend);
        try (Prover p = new Prover(pk, backend, new Random(seed))) {
            Prover.Result r = p.prove(cb.witness());
            assertArrayEquals(cb.publicValues(), r.publicInputs());
            assertTrue(Verifier.verify(pk.vk, r.publicInputs(), r.proof()), "seed " + seed);
            return r;
        }
    }

    @Test
    void gadgetCircuitProvesAndTamperingIsRejected() {
        CircuitBuilder cb = gadgetCircuit(1234);
        Circuit c = cb.build();
        ProvingKey pk = Setup.run(c, srs, backend);
        try (Prover p = new Prover(pk, backend)) {
            Prover.Result r = p.prove(cb.witness());
            assertTrue(Verifier.verify(pk.vk, r.publicInputs(), r.proof()));
            PlonkVectorsTest.assertAllTamperingRejected(pk.vk, r.publicInputs(), r.proof(), "gadgets");
            // a second proof of the same statement differs (fresh blinding) and also verifies
            Prover.Result r2 = p.prove(cb.witness());
            assertFalse(java.util.Arrays.equals(r.proof().points[0], r2.proof().points[0]));
            assertTrue(Verifier.verify(pk.vk, r2.publicInputs(), r2.proof()));
        }
    }

    @Test
    void wrongWitnessIsRefused() {
        CircuitBuilder cb = gadgetCircuit(77);
        Circuit c = cb.build();
        ProvingKey pk = Setup.run(c, srs, backend);
        long[] w = cb.witness();
        Random rnd = new Random(seed);
        try (Prover p = new Prover(pk, backend)) {
            for (int k = 0; k < 3; k++) {
                int wire = c.aMap[c.nPublic + rnd.nextInt(c.nGates - c.nPublic)];
                if (wire == 0) continue;
                long[] bad = w.clone();
                FR.add(bad, 4 * wire, FR.one(), 0, bad, 4 * wire);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.prove(bad), "wire " + wire);
                assertTrue(e.getMessage().contains("does not satisfy"), e.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> p.prove(java.util.Arrays.copyOf(w, w.length - 4)));
        }
    }

    @Test
    void noPublicInputsAndFullDomain() {
        // no public inputs
        CircuitBuilder cb = new CircuitBuilder();
        int a = cb.newWire(BigInteger.valueOf(3));
        int b = Gadgets.mul(cb, a, a);
        Gadgets.add(cb, a, b);
        proveAndCheck(cb);
        // exactly 16 rows: a full domain, no padding
        CircuitBuilder full = new CircuitBuilder();
        int x = full.publicInput(FR.fromLong(5));
        int acc = x;
        while (full.numRows() < 16) acc = Gadgets.mul(full, acc, x);
        assertEquals(16, full.numRows());
        assertEquals(4, full.build().power);
        proveAndCheck(full);
    }

    @Test
    void provesSnarkjsZkeys() throws IOException {
        Path dir = Vectors.file("plonk");
        for (String name : io.coprover.plonk.io.ZkeyVectorsTest.names()) {
            ZkeyFile z = ZkeyFile.read(dir.resolve(name + ".zkey"));
            ProvingKey pk = z.provingKey();
            long[] w = z.extendWitness(WtnsFile.read(dir.resolve(name + ".wtns")));
            try (Prover p = new Prover(pk, backend)) {
                Prover.Result r = p.prove(w);
                assertTrue(Verifier.verify(pk.vk, r.publicInputs(), r.proof()), name);
            }
        }
    }

    /**
     * A zkey carries its fixed polynomials on H_4n, so its quotient is computed on H_4n
     * (SplitQuotient); the same key without them takes the coset path (Quotient). t is unique, so
     * with the same blinding scalars both paths must give the very same proof. A witness changed
     * in one place (consistently in every row that uses the wire, so only gates break) is refused.
     */
    @Test
    void splitQuotientMatchesCosetQuotientOnZkeys() throws IOException {
        Path dir = Vectors.file("plonk");
        for (String name : io.coprover.plonk.io.ZkeyVectorsTest.names()) {
            ZkeyFile z = ZkeyFile.read(dir.resolve(name + ".zkey"));
            ProvingKey split = z.provingKey();
            assertNotNull(split.extEvaluations, name);
            ProvingKey coset = new ProvingKey(
                    split.power,
                    split.nPublic,
                    split.nVars,
                    split.k1,
                    split.k2,
                    split.selectors,
                    split.sigmaCoefficients,
                    split.sigmaValues,
                    split.aMap,
                    split.bMap,
                    split.cMap,
                    split.srsG1,
                    split.vk);
            long[] w = z.extendWitness(WtnsFile.read(dir.resolve(name + ".wtns")));
            long seed = new Random().nextLong();
            Proof ps, pc;
            try (Prover p = new Prover(split, backend, new Random(seed))) {
                ps = p.prove(w).proof();
                long[] bad = w.clone();
                int wire = split.cMap[split.nPublic + 1];
                FR.add(bad, 4 * wire, FR.one(), 0, bad, 4 * wire);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.prove(bad), name);
                assertTrue(e.getMessage().contains("does not satisfy"), e.getMessage());
            }
            try (Prover p = new Prover(coset, backend, new Random(seed))) {
                pc = p.prove(w).proof();
            }
            for (int k = 0; k < ps.points.length; k++)
                assertArrayEquals(pc.points[k], ps.points[k], name + " seed " + seed + " point " + k);
            for (int k = 0; k < ps.evals.length; k++)
                assertArrayEquals(pc.evals[k], ps.evals[k], name + " seed " + seed + " eval " + k);
            assertTrue(Verifier.verify(split.vk, publicOf(split, w), ps), name);
        }
    }

    private static long[] publicOf(ProvingKey pk, long[] w) {
        long[] pub = FR.newVector(pk.nPublic);
        for (int j = 0; j < pk.nPublic; j++) Field.copy(w, 4 * pk.aMap[j], pub, 4 * j);
        return pub;
    }
}
