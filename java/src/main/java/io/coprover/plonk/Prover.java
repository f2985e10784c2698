package io.coprover.plonk;

import io.coprover.backend.PlonkKernels;
import io.coprover.backend.ProvingBackend;
import io.coprover.math.Field;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;

/**
 * The PLONK prover (Gabizon, Williamson, Ciobotaru 2019, rounds 1–5) in the variant snarkjs
 * 0.7.6 verifies: Keccak-256 transcript, public inputs in rows 0..ℓ−1 with PI = −Σ x_j·L_j, the
 * quotient split T1/T2/T3 with two blinding scalars, and no evaluation of the linearisation
 * polynomial R in the proof (its constant r0 is folded into R).
 *
 * <p>Every NTT and MSM goes through {@link ProvingBackend}, so the same prover runs on the
 * Java, native and CUDA backends. The quotient is computed on the coset 7·H_{4n}: evaluate,
 * divide by Z_H pointwise, interpolate t (degree ≤ 3n+5) back; see {@link Quotient}. When the key
 * already holds its fixed polynomials on H_{4n} (a snarkjs zkey), it is computed on H_{4n}
 * instead ({@link SplitQuotient}), which saves the 8 coset NTTs of the key preparation; a backend
 * with {@link PlonkKernels} (the native ones) then runs that step natively.
 *
 * <p>Blinding scalars b1..b11 are fresh for every proof, drawn from {@link SecureRandom} unless
 * the caller supplies a generator (tests only).
 */
public final class Prover implements AutoCloseable {
    private static final Field F = Field.FR;
    /** The coset shift g = 7: a non-residue mod r, so g^n is no 4th root of unity and Z_H ≠ 0 on g·H_{4n}. */
    static final long[] COSET_SHIFT = F.fromLong(7);

    private final ProvingKey pk;
    private final ProvingBackend be;
    private final ProvingBackend.MsmBases bases;
    private final Random rnd;
    private long nttNs, msmNs;
    /** Evaluations of Qm..Qc, S1..S3, L_1 on the quotient's domain (see {@link Quotient#fixedEvaluations}); null with a kernel key. */
    private final long[][] fixed;
    /** The backend's round-3 key when it runs the split quotient natively, else null. */
    private final PlonkKernels.QuotientKey quotientKey;
    /** Rounds 4 and 5's polynomial steps: the backend's kernels with a kernel key, else Java. */
    private final Polys.Ops ops;

    private final long preparationNs;

    /** The result of one proof: the proof, its public inputs (flat Fr) and phase timings. */
    public record Result(Proof proof, long[] publicInputs, Timings timings) {}

    /**
     * Phase timings in nanoseconds: each round, total, and the time spent in backend NTTs and
     * MSMs over the whole proof ("other" = total − ntt − msm).
     */
    public record Timings(
            long round1, long round2, long round3, long round4, long round5, long total, long ntt, long msm) {
        public long other() {
            return total - ntt - msm;
        }
    }

    public Prover(ProvingKey pk, ProvingBackend backend) {
        this(pk, backend, new SecureRandom());
    }

    public Prover(ProvingKey pk, ProvingBackend backend, Random rnd) {
        if (pk.power + Quotient.EXT_LOG > Domain.TWO_ADICITY) {
            throw new IllegalArgumentException("domain 2^" + pk.power + " is too large for the 4n coset");
        }
        this.pk = pk;
        this.be = backend;
        this.rnd = rnd;
        this.bases = backend.loadBases(pk.srsG1, pk.n + 6);
        long t = System.nanoTime();
        if (pk.extEvaluations != null && backend instanceof PlonkKernels) {
            java.nio.ByteBuffer[] mapped = pk.extEvaluations.mapped();
            this.quotientKey = mapped != null
                    ? ((PlonkKernels) backend).loadQuotientKey(pk.power, mapped)
                    : ((PlonkKernels) backend).loadQuotientKey(pk.power, pk.extEvaluations.values());
            this.fixed = null;
        } else {
            this.quotientKey = null;
            this.fixed = pk.extEvaluations != null
                    ? SplitQuotient.fixedEvaluations(pk)
                    : Quotient.fixedEvaluations(pk, this::cosetEval);
        }
        this.ops = quotientKey != null ? Polys.of((PlonkKernels) backend) : Polys.JAVA;
        this.preparationNs = System.nanoTime() - t;
    }

    /**
     * Reads the MSM bases' fixed-base table from {@code file}, or builds and saves it there (see
     * {@link ProvingBackend#useFixedBaseCache}); later commitments of this prover use it.
     */
    public ProvingBackend.FixedBaseCache useFixedBaseCache(java.nio.file.Path file) {
        return be.useFixedBaseCache(bases, file);
    }

    /** Time the constructor spent evaluating the key's polynomials on the coset (once per prover). */
    public long preparationNanos() {
        return preparationNs;
    }

    private long[] commit(long[] coeffs, int count) {
        long t = System.nanoTime();
        long[] r = be.msm(bases, 0, coeffs, count);
        msmNs += System.nanoTime() - t;
        return r;
    }

    private void intt(long[] d, int log, int batch) {
        long t = System.nanoTime();
        be.intt(d, log, batch);
        nttNs += System.nanoTime() - t;
    }

    private long[] plainEval(long[] coeffs, int len, int log) {
        long[] d = new long[4 << log];
        System.arraycopy(coeffs, 0, d, 0, 4 * len);
        long t = System.nanoTime();
        be.ntt(d, log, 1);
        nttNs += System.nanoTime() - t;
        return d;
    }

    private long[] cosetEval(long[] coeffs, int len, int log) {
        long[] d = new long[4 << log];
        System.arraycopy(coeffs, 0, d, 0, 4 * len);
        long t = System.nanoTime();
        be.cosetNtt(d, log, 1, COSET_SHIFT);
        nttNs += System.nanoTime() - t;
        return d;
    }

    /**
     * Proves that {@code witness} (one Montgomery Fr value per wire id, {@link ProvingKey#nVars})
     * satisfies the circuit.
     *
     * @throws IllegalArgumentException if the witness has the wrong length
     * @throws IllegalStateException    if the witness violates a copy constraint or a gate
     */
    public synchronized Result prove(long[] witness) {
        if (witness.length != 4 * pk.nVars) {
            throw new IllegalArgumentException("invalid witness length: " + witness.length / 4
                    + " values, the circuit has " + pk.nVars + " wires");
        }
        nttNs = 0;
        msmNs = 0;
        final int n = pk.n, p = pk.power;
        long start = System.nanoTime();
        long[] bl = F.newVector(12);
        for (int i = 1; i <= 11; i++) F.random(rnd, bl, 4 * i);
        long[] pub = F.newVector(pk.nPublic);
        for (int j = 0; j < pk.nPublic; j++) Field.copy(witness, 4 * pk.aMap[j], pub, 4 * j);

        // ---- Round 1: wire polynomials a, b, c, blinded by (b1 X + b2)·Z_H etc.
        long[] cols = F.newVector(3 * n);
        int[][] maps = {pk.aMap, pk.bMap, pk.cMap};
        for (int k = 0; k < 3; k++) {
            int[] m = maps[k];
            for (int i = 0; i < n; i++) Field.copy(witness, 4 * m[i], cols, 4 * (k * n + i));
        }
        // the values on H stay for round 2 (and, with a native round 3, for its quotient: room for z)
        long[] evalCols = quotientKey != null ? Arrays.copyOf(cols, 16 * n) : cols.clone();
        intt(cols, p, 3);
        long[][] wire = new long[3][];
        long[][] wireCommit = new long[3][];
        for (int k = 0; k < 3; k++) {
            wire[k] = F.newVector(n + 2);
            System.arraycopy(cols, 4 * k * n, wire[k], 0, 4 * n);
            addZhMultiple(wire[k], n, bl, 2 * k + 2, 2 * k + 1, -1); // (b_{2k+1} X + b_{2k+2})·Z_H
            wireCommit[k] = commit(wire[k], n + 2);
        }
        cols = null;
        long r1 = System.nanoTime();

        // ---- Round 2: β, γ and the permutation polynomial z
        Transcript tr = new Transcript();
        for (long[] c : pk.vk.commitments) tr.addPoint(c);
        for (int j = 0; j < pk.nPublic; j++) tr.addScalar(pub, 4 * j);
        for (long[] c : wireCommit) tr.addPoint(c);
        long[] beta = tr.challenge();
        long[] gamma = tr.addScalar(beta).challenge();
        long[] zCol = grandProduct(evalCols, beta, gamma);
        // a, b, c and z on H, for a native round 3 (its quotient then skips those transforms)
        long[] onH = null;
        if (quotientKey != null) {
            onH = evalCols;
            System.arraycopy(zCol, 0, onH, 12 * n, 4 * n);
        }
        evalCols = null;
        intt(zCol, p, 1);
        long[] z = F.newVector(n + 3);
        System.arraycopy(zCol, 0, z, 0, 4 * n);
        addZhMultiple(z, n, bl, 9, 8, 7); // (b7 X² + b8 X + b9)·Z_H
        long[] zCommit = commit(z, n + 3);
        long r2 = System.nanoTime();

        // ---- Round 3: α and the quotient t = N / Z_H on the coset 7·H_{4n}
        long[] alpha = tr.addScalar(beta).addScalar(gamma).addPoint(zCommit).challenge();
        long[] t = quotient(wire, z, onH, pub, alpha, beta, gamma);
        onH = null;
        long[] t1 = F.newVector(n + 1), t2 = F.newVector(n + 1), t3 = F.newVector(n + 6);
        System.arraycopy(t, 0, t1, 0, 4 * n);
        System.arraycopy(t, 4 * n, t2, 0, 4 * n);
        System.arraycopy(t, 8 * n, t3, 0, 4 * (n + 6));
        Field.copy(bl, 40, t1, 4 * n); // T1 = t_lo + b10·Xⁿ
        F.sub(t2, 0, bl, 40, t2, 0); // T2 = t_mid − b10 + b11·Xⁿ
        Field.copy(bl, 44, t2, 4 * n);
        F.sub(t3, 0, bl, 44, t3, 0); // T3 = t_hi − b11
        long[] t1c = commit(t1, n + 1), t2c = commit(t2, n + 1), t3c = commit(t3, n + 6);
        long r3 = System.nanoTime();

        // ---- Round 4: ξ and the evaluations
        long[] xi =
                tr.addScalar(alpha).addPoint(t1c).addPoint(t2c).addPoint(t3c).challenge();
        long[] xiw = new long[4];
        F.mul(xi, 0, pk.vk.omega(), 0, xiw, 0);
        long[] ea = ops.eval(wire[0], n + 2, xi), eb = ops.eval(wire[1], n + 2, xi), ec = ops.eval(wire[2], n + 2, xi);
        long[] es1 = ops.eval(pk.sigmaCoefficients[0], n, xi), es2 = ops.eval(pk.sigmaCoefficients[1], n, xi);
        long[] ezw = ops.eval(z, n + 3, xiw);
        long r4 = System.nanoTime();

        // ---- Round 5: v, the linearisation R and the opening proofs
        long[] v = tr.addScalar(xi)
                .addScalar(ea)
                .addScalar(eb)
                .addScalar(ec)
                .addScalar(es1)
                .addScalar(es2)
                .addScalar(ezw)
                .challenge();
        Linearisation lin = new Linearisation(pk, pub, alpha, beta, gamma, xi, ea, eb, ec, es1, es2, ezw);
        long[] w = lin.openingNumerator(pk, wire, z, t1, t2, t3, v, ops);
        long[] rem = ops.divideByLinear(w, n + 6, xi);
        if (!Field.isZero(rem, 0))
            throw new IllegalStateException("internal error: the linearisation does not vanish at xi");
        long[] wxi = commit(w, n + 5);
        long[] zz = z.clone();
        F.sub(zz, 0, ezw, 0, zz, 0);
        rem = ops.divideByLinear(zz, n + 3, xiw);
        if (!Field.isZero(rem, 0))
            throw new IllegalStateException("internal error: z(X) − z(xi·w) is not divisible by X − xi·w");
        long[] wxiw = commit(zz, n + 2);
        long end = System.nanoTime();

        Proof proof = new Proof(
                new long[][] {wireCommit[0], wireCommit[1], wireCommit[2], zCommit, t1c, t2c, t3c, wxi, wxiw},
                new long[][] {ea, eb, ec, es1, es2, ezw});
        Timings tm = new Timings(r1 - start, r2 - r1, r3 - r2, r4 - r3, end - r4, end - start, nttNs, msmNs);
        return new Result(proof, pub, tm);
    }

    /**
     * poly += (b[c2]·X² + b[c1]·X + b[c0])·(Xⁿ − 1), blinding scalars taken from {@code bl} at the
     * given indices (c2 = −1 for a linear blinder).
     */
    private static void addZhMultiple(long[] poly, int n, long[] bl, int c0, int c1, int c2) {
        int[] idx = c2 < 0 ? new int[] {c0, c1} : new int[] {c0, c1, c2};
        for (int k = 0; k < idx.length; k++) {
            F.sub(poly, 4 * k, bl, 4 * idx[k], poly, 4 * k);
            F.add(poly, 4 * (n + k), bl, 4 * idx[k], poly, 4 * (n + k));
        }
    }

    /** Z_0 = 1, Z_{i+1} = Z_i·f_i/g_i (GWC19 round 2); checks the full product is 1. */
    private long[] grandProduct(long[] cols, long[] beta, long[] gamma) {
        final int n = pk.n;
        if (quotientKey != null) {
            long[] params = F.newVector(4);
            long[][] ps = {beta, gamma, pk.k1, pk.k2};
            for (int k = 0; k < 4; k++) Field.copy(ps[k], 0, params, 4 * k);
            try {
                return ((PlonkKernels) be).grandProduct(quotientKey, cols, params);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(e.getMessage(), e); // as below: the witness is at fault
            }
        }
        long[] omegas = Domain.powers(pk.power);
        long[] num = F.newVector(n), den = F.newVector(n);
        long[] bk1 = new long[4], bk2 = new long[4];
        F.mul(beta, 0, pk.k1, 0, bk1, 0);
        F.mul(beta, 0, pk.k2, 0, bk2, 0);
        Polys.parallel(n, (from, to) -> {
            long[] t = new long[4], u = new long[4], sc = new long[4];
            for (int i = from; i < to; i++) {
                int o = 4 * i;
                factor(cols, o, beta, omegas, o, gamma, num, o, sc);
                factor(cols, 4 * n + o, bk1, omegas, o, gamma, t, 0, sc);
                F.mul(num, o, t, 0, num, o);
                factor(cols, 8 * n + o, bk2, omegas, o, gamma, t, 0, sc);
                F.mul(num, o, t, 0, num, o);
                factor(cols, o, beta, pk.sigmaValues[0], o, gamma, den, o, sc);
                factor(cols, 4 * n + o, beta, pk.sigmaValues[1], o, gamma, u, 0, sc);
                F.mul(den, o, u, 0, den, o);
                factor(cols, 8 * n + o, beta, pk.sigmaValues[2], o, gamma, u, 0, sc);
                F.mul(den, o, u, 0, den, o);
            }
        });
        for (int i = 0; i < n; i++) {
            if (Field.isZero(den, 4 * i))
                throw new IllegalStateException("permutation denominator vanished at row " + i + " (retry the proof)");
        }
        F.batchInverse(den, 0, n, new long[4 * n]);
        long[] z = F.newVector(n);
        F.setOne(z, 0);
        long[] ratio = new long[4];
        for (int i = 0; i < n; i++) {
            F.mul(num, 4 * i, den, 4 * i, ratio, 0);
            if (i + 1 < n) F.mul(z, 4 * i, ratio, 0, z, 4 * (i + 1));
            else {
                F.mul(z, 4 * i, ratio, 0, ratio, 0);
                if (!F.isOne(ratio, 0)) {
                    throw new IllegalStateException(
                            "the witness does not satisfy the circuit: copy constraints do not match");
                }
            }
        }
        return z;
    }

    /** out = w + s·x + γ, with w = col[co], x = xs[xo]; t is 4 longs of scratch. */
    private static void factor(
            long[] col, int co, long[] s, long[] xs, int xo, long[] gamma, long[] out, int oo, long[] t) {
        F.mul(s, 0, xs, xo, t, 0);
        F.add(t, 0, col, co, t, 0);
        F.add(t, 0, gamma, 0, out, oo);
    }

    /** The coefficients of t = N / Z_H (3n+6 used, the rest checked to be zero). */
    private long[] quotient(long[][] wire, long[] z, long[] onH, long[] pub, long[] alpha, long[] beta, long[] gamma) {
        if (quotientKey != null) {
            final int n = pk.n;
            long[] wires = F.newVector(4 * n + 9), params = F.newVector(5);
            for (int k = 0; k < 3; k++) System.arraycopy(wire[k], 0, wires, 4 * k * (n + 2), 4 * (n + 2));
            System.arraycopy(z, 0, wires, 12 * (n + 2), 4 * (n + 3));
            long[][] ps = {alpha, beta, gamma, pk.k1, pk.k2};
            for (int k = 0; k < 5; k++) Field.copy(ps[k], 0, params, 4 * k);
            try {
                return ((PlonkKernels) be)
                        .splitQuotient(quotientKey, wires, onH, pub, pk.nPublic, params); // 3n + 6 coefficients
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(e.getMessage(), e); // as SplitQuotient: the witness is at fault
            }
        }
        if (pk.extEvaluations != null) {
            return new SplitQuotient(pk, this::plainEval, (d, log) -> intt(d, log, 1))
                    .compute(fixed, wire, z, pub, alpha, beta, gamma);
        }
        return new Quotient(
                        pk,
                        this::cosetEval,
                        (d, log) -> {
                            long t = System.nanoTime();
                            be.cosetIntt(d, log, 1, COSET_SHIFT);
                            nttNs += System.nanoTime() - t;
                        },
                        (d, log) -> intt(d, log, 1))
                .compute(fixed, wire, z, pub, alpha, beta, gamma);
    }

    @Override
    public void close() {
        bases.close();
        if (quotientKey != null) quotientKey.close();
    }
}
