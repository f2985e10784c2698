package io.coprover.plonk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coprover.backend.JavaBackend;
import io.coprover.backend.PlonkKernels;
import io.coprover.backend.ProvingBackend;
import io.coprover.math.Field;
import io.coprover.math.Ntt;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The H_{4n} quotient ({@link SplitQuotient}) against the coset quotient ({@link Quotient}): t is
 * unique, so with the same blinding scalars both must give the identical proof, for circuits with
 * public inputs on both sides of {@link SplitQuotient#PI_DIRECT_MAX}. Any key works: its fixed
 * polynomials' H_{4n} evaluations are made here by plain NTTs.
 */
class SplitQuotientTest {
    private static final Field FR = Field.FR;

    /** L_j on H_{4n} by the formula equals the NTT of L_j's coefficients (INTT of the unit vector e_j). */
    @Test
    void lagrangeFormulaMatchesNtt() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int power : new int[] {3, 5, 11}) {
            int n = 1 << power;
            for (int j : new int[] {0, 1, n - 1, rnd.nextInt(n)}) {
                long[] c = FR.random(rnd);
                long[] coeffs = FR.newVector(4 * n);
                Field.copy(c, 0, coeffs, 4 * j);
                Ntt.inverse(coeffs, 0, power);
                Ntt.forward(coeffs, 0, power + 2);
                long[] got = FR.newVector(4 * n);
                SplitQuotient.addLagrange(got, power, j, c, 0);
                assertArrayEquals(coeffs, got, "seed " + seed + " power " + power + " j " + j);
            }
        }
    }

    @Test
    void sameProofAsCosetQuotient() {
        sameProofAsCosetQuotient(new JavaBackend());
    }

    /** The native round-3 kernel ({@link io.coprover.backend.PlonkKernels}) in place of SplitQuotient. */
    @Test
    void nativeKernelGivesTheSameProof() {
        io.coprover.backend.NativeLibrary.Status st = io.coprover.backend.NativeLibrary.load();
        org.junit.jupiter.api.Assumptions.assumeTrue(st.loaded(), "native library not available: " + st.detail());
        sameProofAsCosetQuotient(new io.coprover.backend.NativeHostBackend(2));
    }

    /** The native round-3 kernel without the values on H: its quotient then makes every transform itself. */
    @Test
    void nativeKernelWithoutValuesOnHGivesTheSameProof() {
        io.coprover.backend.NativeLibrary.Status st = io.coprover.backend.NativeLibrary.load();
        org.junit.jupiter.api.Assumptions.assumeTrue(st.loaded(), "native library not available: " + st.detail());
        sameProofAsCosetQuotient(new WithoutValuesOnH(new io.coprover.backend.NativeHostBackend(2)));
    }

    /**
     * The native kernel reading the key where it lies (direct buffers, at addresses 4 bytes off
     * 8-byte alignment, as in a mapped zkey): computing L_1 itself, and borrowing it too.
     */
    @Test
    void nativeKernelOnBorrowedUnalignedKeyGivesTheSameProof() {
        io.coprover.backend.NativeLibrary.Status st = io.coprover.backend.NativeLibrary.load();
        org.junit.jupiter.api.Assumptions.assumeTrue(st.loaded(), "native library not available: " + st.detail());
        sameProofAsCosetQuotient(new io.coprover.backend.NativeHostBackend(2), Key.BUFFERS);
        sameProofAsCosetQuotient(new io.coprover.backend.NativeHostBackend(2), Key.BUFFERS_WITH_L1);
    }

    /** A borrowed L_1 with a value that is not a canonical Fr element is refused by name. */
    @Test
    void borrowedKeyWithNonCanonicalL1IsRefused() {
        io.coprover.backend.NativeLibrary.Status st = io.coprover.backend.NativeLibrary.load();
        org.junit.jupiter.api.Assumptions.assumeTrue(st.loaded(), "native library not available: " + st.detail());
        int power = 3, count = 4 << power;
        java.nio.ByteBuffer[] b = new java.nio.ByteBuffer[9];
        for (int k = 0; k < 9; k++) b[k] = unaligned(FR.newVector(count));
        b[8].putLong(32 * 5 + 24, -1L); // value 5's top limb: far above r
        try (io.coprover.backend.NativeHostBackend be = new io.coprover.backend.NativeHostBackend(2)) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> be.loadQuotientKey(power, b));
            assertTrue(e.getMessage().contains("element 5 of polynomial 8"), e.getMessage());
        }
    }

    /** How the split key hands its H_{4n} evaluations to the prover. */
    private enum Key {
        ARRAYS,
        BUFFERS,
        BUFFERS_WITH_L1
    }

    /** The values' little-endian bytes in a direct buffer whose first byte is 4 past an 8-byte boundary. */
    private static java.nio.ByteBuffer unaligned(long[] v) {
        java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocateDirect(8 * v.length + 12);
        int off = 0;
        while ((new org.bytedeco.javacpp.Pointer(raw.position(off).slice()).address() & 7) != 4) off++;
        java.nio.ByteBuffer b = raw.position(off).slice().limit(8 * v.length);
        b = b.slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < v.length; i++) b.putLong(8 * i, v[i]);
        return b;
    }

    /** A native backend whose round-3 kernel is never given the values on H. */
    private static final class WithoutValuesOnH implements ProvingBackend, PlonkKernels {
        private final io.coprover.backend.NativeHostBackend be;

        WithoutValuesOnH(io.coprover.backend.NativeHostBackend be) {
            this.be = be;
        }

        @Override
        public String name() {
            return be.name() + " (no values on H)";
        }

        @Override
        public void ntt(long[] data, int logN, int batch) {
            be.ntt(data, logN, batch);
        }

        @Override
        public void intt(long[] data, int logN, int batch) {
            be.intt(data, logN, batch);
        }

        @Override
        public void cosetNtt(long[] data, int logN, int batch, long[] shift) {
            be.cosetNtt(data, logN, batch, shift);
        }

        @Override
        public void cosetIntt(long[] data, int logN, int batch, long[] shift) {
            be.cosetIntt(data, logN, batch, shift);
        }

        @Override
        public MsmBases loadBases(long[] points, int count) {
            return be.loadBases(points, count);
        }

        @Override
        public long[] msm(MsmBases bases, int start, long[] scalars, int count) {
            return be.msm(bases, start, scalars, count);
        }

        @Override
        public QuotientKey loadQuotientKey(int logN, long[][] fixedOnExt) {
            return be.loadQuotientKey(logN, fixedOnExt);
        }

        @Override
        public QuotientKey loadQuotientKey(int logN, java.nio.ByteBuffer[] fixedOnExt) {
            return be.loadQuotientKey(logN, fixedOnExt);
        }

        @Override
        public long[] splitQuotient(QuotientKey key, long[] wires, long[] onH, long[] pub, int nPub, long[] params) {
            return be.splitQuotient(key, wires, null, pub, nPub, params);
        }

        @Override
        public long[] grandProduct(QuotientKey key, long[] cols, long[] params) {
            return be.grandProduct(key, cols, params);
        }

        @Override
        public long[] polyEval(long[] p, int len, long[] x) {
            return be.polyEval(p, len, x);
        }

        @Override
        public void addScaled(long[] r, long[] p, int len, long[] s) {
            be.addScaled(r, p, len, s);
        }

        @Override
        public long[] divideByLinear(long[] p, int len, long[] z) {
            return be.divideByLinear(p, len, z);
        }

        @Override
        public void close() {
            be.close();
        }
    }

    private static void sameProofAsCosetQuotient(ProvingBackend splitBackend) {
        sameProofAsCosetQuotient(splitBackend, Key.ARRAYS);
    }

    private static void sameProofAsCosetQuotient(ProvingBackend splitBackend, Key keyForm) {
        long seed = System.nanoTime();
        System.out.println("SplitQuotientTest seed " + seed + ", " + splitBackend + ", key as " + keyForm);
        Srs srs = Srs.generateInsecure(8, new Random(seed));
        try (ProvingBackend be = new JavaBackend();
                ProvingBackend sb = splitBackend) {
            // coset shifts k1, k2: snarkjs's 2, 3, and 5, 7 (the native kernel has a shortcut for 2, 3)
            int[][] cases = {{0, 2}, {1, 2}, {SplitQuotient.PI_DIRECT_MAX + 1, 2}, {1, 5}};
            for (int[] cs : cases) {
                int pubs = cs[0];
                long[] k1 = FR.fromLong(cs[1]), k2 = FR.fromLong(cs[1] == 2 ? 3 : 7);
                CircuitBuilder cb = new CircuitBuilder();
                int acc = cb.newWire(BigInteger.valueOf(3 + pubs));
                for (int k = 0; k < pubs; k++) {
                    int p = cb.publicInput(FR.fromLong(5 + k));
                    acc = Gadgets.mul(cb, acc, p);
                }
                for (int k = 0; k < 20; k++) acc = Gadgets.add(cb, Gadgets.mul(cb, acc, acc), acc);
                ProvingKey coset = Setup.run(cb.build(), srs, be, k1, k2);
                long[][] ext = new long[8][];
                for (int k = 0; k < 8; k++) {
                    long[] d = FR.newVector(4 * coset.n);
                    System.arraycopy(k < 5 ? coset.selectors[k] : coset.sigmaCoefficients[k - 5], 0, d, 0, 4 * coset.n);
                    Ntt.forward(d, 0, coset.power + 2);
                    ext[k] = d;
                }
                ExtEvaluations extEvals = ExtEvaluations.of(ext, 4 * coset.n);
                if (keyForm != Key.ARRAYS) {
                    java.nio.ByteBuffer[] b = new java.nio.ByteBuffer[keyForm == Key.BUFFERS ? 8 : 9];
                    for (int k = 0; k < 8; k++) b[k] = unaligned(ext[k]);
                    if (keyForm == Key.BUFFERS_WITH_L1) {
                        long[] l1 = FR.newVector(4 * coset.n);
                        SplitQuotient.addLagrange(l1, coset.power, 0, FR.one(), 0);
                        b[8] = unaligned(l1);
                    }
                    extEvals = ExtEvaluations.mapped(b, 4 * coset.n);
                }
                ProvingKey split = new ProvingKey(
                        coset.power,
                        coset.nPublic,
                        coset.nVars,
                        coset.k1,
                        coset.k2,
                        coset.selectors,
                        coset.sigmaCoefficients,
                        coset.sigmaValues,
                        coset.aMap,
                        coset.bMap,
                        coset.cMap,
                        coset.srsG1,
                        coset.vk,
                        extEvals);
                assertEquals(pubs, split.nPublic);
                long[] w = cb.witness();
                long s = new Random(seed + pubs).nextLong();
                Prover.Result rs, rc;
                try (Prover p = new Prover(split, sb, new Random(s))) {
                    rs = p.prove(w);
                    long[] bad = w.clone();
                    int wire = split.cMap[split.nPublic + 1];
                    FR.add(bad, 4 * wire, FR.one(), 0, bad, 4 * wire);
                    IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.prove(bad));
                    assertTrue(e.getMessage().contains("does not satisfy"), e.getMessage());
                }
                try (Prover p = new Prover(coset, be, new Random(s))) {
                    rc = p.prove(w);
                }
                for (int k = 0; k < rs.proof().points.length; k++) {
                    assertArrayEquals(
                            rc.proof().points[k],
                            rs.proof().points[k],
                            "seed " + seed + ", " + pubs + " public, point " + k);
                }
                for (int k = 0; k < rs.proof().evals.length; k++) {
                    assertArrayEquals(
                            rc.proof().evals[k],
                            rs.proof().evals[k],
                            "seed " + seed + ", " + pubs + " public, eval " + k);
                }
                assertTrue(Verifier.verify(split.vk, rs.publicInputs(), rs.proof()));
            }
        }
    }
}
