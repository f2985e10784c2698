package io.coprover.plonk.io;

import io.coprover.math.Field;
import io.coprover.plonk.Circuit;
import io.coprover.plonk.ExtEvaluations;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Reader for snarkjs PLONK proving keys ({@code .zkey} version 1): section 1 protocol id (2 =
 * PLONK), 2 header, 3 additions, 4–6 wire maps, 7–11 selectors, 12 permutation polynomials,
 * 13 Lagrange polynomials (L_1's evaluations mapped for a native round 3), 14 the SRS points
 * [τ^i]_1, i = 0..n+5. Scalars and coordinates are little-endian Montgomery.
 *
 * <p>Every polynomial section stores n coefficients then 4n evaluations at the 4n-th roots of
 * unity; evaluation 4i is the value at ω^i. Sections are memory-mapped and decoded straight into
 * flat arrays, except those evaluations, which stay mapped ({@link ExtEvaluations}).
 */
public final class ZkeyFile {
    private static final Field FR = Field.FR, FQ = Field.FQ;
    public int nVars, nPublic, n, power, nAdditions, nConstraints;
    /** k1, k2: 4 longs Montgomery each. */
    public long[] k1 = new long[4], k2 = new long[4];
    /** Header commitments, G1 affine (8 longs each): Qm, Ql, Qr, Qo, Qc, S1, S2, S3. */
    public long[][] commitments = new long[8][];
    /** [τ]_2: x.c0, x.c1, y.c0, y.c1 (16 longs Montgomery). */
    public long[] x2 = new long[16];
    /** Additions: wire ids and coefficients (Montgomery). */
    public int[] addS1, addS2;

    public long[] addL1, addL2;
    public int[] aMap, bMap, cMap;
    /** Coefficients (n each): Qm, Ql, Qr, Qo, Qc, S1, S2, S3. */
    public long[][] coefficients = new long[8][];
    /** S1, S2, S3 on H: σ labels (n each). */
    public long[][] sigma = new long[3][];
    /**
     * Qm, Ql, Qr, Qo, Qc, S1, S2, S3 at the 4n-th roots of unity (4n each, natural order), as
     * mapped from the file: decoded only by the Java prover; a native backend copies the bytes.
     */
    public ExtEvaluations evaluations4n;
    /** [τ^i]_1, i = 0..n+5, affine (8 longs each). */
    public long[] tauG1;

    private ZkeyFile() {}

    /** Reads a PLONK zkey; clear errors for other protocols, curves and truncated files. */
    public static ZkeyFile read(Path path) throws IOException {
        try (BinFile f = BinFile.open(path, "zkey", 1)) {
            ByteBuffer p = f.section(1, 4);
            int protocol = p.getInt();
            if (protocol != 2) {
                String name = protocol == 1 ? "Groth16" : protocol == 10 ? "FFLONK" : "unknown protocol " + protocol;
                throw new IOException(
                        path + ": this is a " + name + " zkey; a PLONK zkey (snarkjs plonk setup) is needed");
            }
            ZkeyFile z = new ZkeyFile();
            try {
                z.readHeader(f, path);
                z.readBody(f);
            } catch (IllegalArgumentException e) {
                throw new IOException(path + ": " + e.getMessage(), e);
            }
            return z;
        }
    }

    private void readHeader(BinFile f, Path path) throws IOException {
        ByteBuffer h = f.map(2, 0, Math.min(f.size(2), 4));
        int n8q = h.getInt();
        if (n8q != 32)
            throw new IOException(path + ": base field has " + n8q + "-byte elements; only BN254 is supported");
        h = f.section(2, 796);
        h.getInt();
        BigInteger q = BinFile.readBigLE(h, 32);
        int n8r = h.getInt();
        BigInteger r = BinFile.readBigLE(h, 32);
        if (!q.equals(FQ.modulus) || n8r != 32 || !r.equals(FR.modulus)) {
            throw new IOException(path + ": the zkey is not over BN254 (q = " + q + ")");
        }
        nVars = h.getInt();
        nPublic = h.getInt();
        n = h.getInt();
        nAdditions = h.getInt();
        nConstraints = h.getInt();
        if (n < 8 || Integer.bitCount(n) != 1 || n > (1 << 28)) throw new IOException(path + ": bad domain size " + n);
        power = Integer.numberOfTrailingZeros(n);
        if (nConstraints > n || nConstraints < nPublic || nAdditions < 0 || nAdditions > nVars || nPublic < 0) {
            throw new IOException(path + ": inconsistent header (nConstraints " + nConstraints + ", domain " + n
                    + ", nPublic " + nPublic + ", nAdditions " + nAdditions + ", nVars " + nVars + ")");
        }
        BinFile.readMont(h, FR, 1, k1, 0);
        BinFile.readMont(h, FR, 1, k2, 0);
        for (int i = 0; i < 8; i++) {
            commitments[i] = new long[8];
            BinFile.readMont(h, FQ, 2, commitments[i], 0);
            Points.checkG1(commitments[i], 0, path + ": header commitment " + i);
        }
        BinFile.readMont(h, FQ, 4, x2, 0);
    }

    private void readBody(BinFile f) throws IOException {
        ByteBuffer a = f.section(3, 72L * nAdditions);
        addS1 = new int[nAdditions];
        addS2 = new int[nAdditions];
        addL1 = FR.newVector(nAdditions);
        addL2 = FR.newVector(nAdditions);
        for (int i = 0; i < nAdditions; i++) {
            addS1[i] = a.getInt();
            addS2[i] = a.getInt();
            BinFile.readMont(a, FR, 1, addL1, 4 * i);
            BinFile.readMont(a, FR, 1, addL2, 4 * i);
            if (addS1[i] < 0 || addS1[i] >= nVars || addS2[i] < 0 || addS2[i] >= nVars) {
                throw new IOException(f.path() + ": addition " + i + " references a wire out of range");
            }
        }
        aMap = readMap(f, 4);
        bMap = readMap(f, 5);
        cMap = readMap(f, 6);
        long polyBytes = 5L * n * 32;
        f.section(12, 3 * polyBytes);
        long ptBytes = (n + 6L) * 64;
        if (f.size(14) < ptBytes) {
            throw new IOException(f.path() + ": section 14 has " + f.size(14) + " bytes, need " + ptBytes + " for "
                    + (n + 6) + " SRS points (truncated?)");
        }
        tauG1 = new long[8 * (n + 6)];
        ByteBuffer[] ext = new ByteBuffer[8];
        // the 8 polynomials (sections 7..11, and 12 holding three) and the SRS points are
        // independent: read and checked in parallel (tasks 0..7 the polynomials, 8.. the points)
        final int pointTasks = 8;
        final int pointsPerTask = (n + 6 + pointTasks - 1) / pointTasks;
        java.util.concurrent.atomic.AtomicReference<Exception> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.stream.IntStream.range(0, 8 + pointTasks).parallel().forEach(task -> {
            try {
                if (task < 8) {
                    ByteBuffer s =
                            task < 5 ? f.section(7 + task, polyBytes) : f.map(12, (task - 5) * polyBytes, polyBytes);
                    coefficients[task] = FR.newVector(n);
                    BinFile.readMont(s, FR, n, coefficients[task], 0);
                    ext[task] = s.position(32 * n).slice().order(ByteOrder.LITTLE_ENDIAN);
                } else {
                    int from = (task - 8) * pointsPerTask, to = Math.min(n + 6, from + pointsPerTask);
                    if (from >= to) return;
                    // range-checked here; every backend's loadBases checks that they lie on the curve
                    BinFile.readMont(f.map(14, 64L * from, 64L * (to - from)), FQ, 2 * (to - from), tauG1, 8 * from);
                }
            } catch (IOException | IllegalArgumentException e) {
                failure.compareAndSet(null, e); // rethrown below as it is, not wrapped by the stream
            }
        });
        Exception e = failure.get();
        if (e instanceof IOException) throw (IOException) e;
        if (e != null) throw (IllegalArgumentException) e;
        // L_1 on H_4n (section 13's first block, after its n coefficients), for a native round 3
        ByteBuffer[] withL1 = ext;
        if (f.has(13) && f.size(13) >= polyBytes) {
            withL1 = java.util.Arrays.copyOf(ext, 9);
            withL1[8] = f.map(13, 32L * n, 128L * n).order(ByteOrder.LITTLE_ENDIAN);
        }
        evaluations4n = ExtEvaluations.mapped(withL1, 4 * n);
        // values on H: evaluation 4i of the 4n block is the value at ω^i
        for (int k = 0; k < 3; k++) sigma[k] = evaluations4n.every(5 + k, 0, 4, n);
    }

    /** The gate system of this zkey as a {@link Circuit} (padding rows use wire 0). */
    public Circuit circuit() {
        int[] a = java.util.Arrays.copyOf(aMap, n),
                b = java.util.Arrays.copyOf(bMap, n),
                c = java.util.Arrays.copyOf(cMap, n);
        long[][] sel = new long[5][];
        for (int k = 0; k < 5; k++) sel[k] = evaluations4n.every(k, 0, 4, n); // the selector columns on H
        return new Circuit(power, nPublic, nConstraints, nVars, sel[0], sel[1], sel[2], sel[3], sel[4], a, b, c);
    }

    private int[] readMap(BinFile f, int id) throws IOException {
        ByteBuffer b = f.section(id, 4L * nConstraints);
        int[] m = new int[nConstraints];
        for (int i = 0; i < nConstraints; i++) {
            m[i] = b.getInt();
            if (m[i] < 0 || m[i] >= nVars)
                throw new IOException(
                        f.path() + ": wire map " + id + " row " + i + " names wire " + m[i] + " of " + nVars);
        }
        return m;
    }

    /** Number of values a matching .wtns must have: nVars − nAdditions. */
    public int witnessLength() {
        return nVars - nAdditions;
    }

    /**
     * The full wire assignment from a .wtns: wire 0 set to 0 (as snarkjs; every use of it has
     * coefficient 0), then the additions in file order.
     */
    public long[] extendWitness(long[] wtns) {
        if (wtns.length != 4 * witnessLength()) {
            throw new IllegalArgumentException("invalid witness length: the zkey needs " + witnessLength()
                    + " values, the witness has " + wtns.length / 4);
        }
        long[] w = FR.newVector(nVars);
        System.arraycopy(wtns, 0, w, 0, wtns.length);
        FR.setZero(w, 0);
        int base = witnessLength();
        long[] t = new long[4];
        for (int j = 0; j < nAdditions; j++) {
            int o = 4 * (base + j);
            FR.mul(addL1, 4 * j, w, 4 * addS1[j], w, o);
            FR.mul(addL2, 4 * j, w, 4 * addS2[j], t, 0);
            FR.add(w, o, t, 0, w, o);
        }
        return w;
    }

    /** The snarkjs zkey as a proving key (witnesses are extended with {@link #extendWitness}). */
    public io.coprover.plonk.ProvingKey provingKey() {
        ZkeyFile z = this;
        io.coprover.plonk.VerificationKey vk =
                new io.coprover.plonk.VerificationKey(z.power, z.nPublic, z.k1, z.k2, z.commitments, z.x2);
        long[][] sel = java.util.Arrays.copyOf(z.coefficients, 5);
        long[][] sc = java.util.Arrays.copyOfRange(z.coefficients, 5, 8);
        int[] a = java.util.Arrays.copyOf(z.aMap, z.n),
                b = java.util.Arrays.copyOf(z.bMap, z.n),
                c = java.util.Arrays.copyOf(z.cMap, z.n);
        return new io.coprover.plonk.ProvingKey(
                z.power, z.nPublic, z.nVars, z.k1, z.k2, sel, sc, z.sigma, a, b, c, z.tauG1, vk, z.evaluations4n);
    }
}
