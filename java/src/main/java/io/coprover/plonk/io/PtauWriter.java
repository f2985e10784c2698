package io.coprover.plonk.io;

import io.coprover.math.Field;
import io.coprover.math.G2;
import io.coprover.plonk.Domain;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * Writes a PLONK-only snarkjs {@code .ptau} for a known τ (development only): section 1 header
 * (n8, q, power, ceremonyPower = power), section 2 the 2^(power+1) − 1 points [τ^i]_1, section 3
 * the 2^power points [τ^i]_2, and section 12 the Lagrange blocks [L_j^{(2^k)}(τ)]_1 for
 * k = 0..power, block k at point index 2^k − 1 (spec §6.5). These are exactly the sections
 * {@code snarkjs plonk setup} reads. The Groth16 sections (4–7, 13–15) are absent, so the file is
 * not usable for Groth16 and fails {@code snarkjs powersoftau verify}.
 */
public final class PtauWriter {
    private static final Field FR = Field.FR;

    private PtauWriter() {}

    /**
     * @param g1Mul computes [s_i]_1 for a vector of Montgomery Fr scalars (count given), affine
     */
    public static void write(Path path, int power, long[] tau, BiFunction<long[], Integer, long[]> g1Mul)
            throws IOException {
        int nG1 = (1 << (power + 1)) - 1, nG2 = 1 << power;
        long[] pw = FR.newVector(nG1);
        FR.setOne(pw, 0);
        for (int i = 1; i < nG1; i++) FR.mul(pw, 4 * (i - 1), tau, 0, pw, 4 * i);
        long[] tauG1 = g1Mul.apply(pw, nG1);
        // Lagrange scalars: L_j(τ) = (τ^m − 1)/m · ω^j/(τ − ω^j) for m = 2^k
        long[] lag = FR.newVector(nG1);
        long[] one = FR.one();
        for (int k = 0; k <= power; k++) {
            int m = 1 << k, base = m - 1;
            long[] w = Domain.rootOfUnity(k), wj = FR.one();
            long[] den = FR.newVector(m);
            for (int j = 0; j < m; j++) {
                FR.sub(tau, 0, wj, 0, den, 4 * j);
                Field.copy(wj, 0, lag, 4 * (base + j));
                FR.mul(wj, 0, w, 0, wj, 0);
            }
            FR.batchInverse(den, 0, m, new long[4 * m]);
            long[] c = new long[4], mInv = new long[4];
            FR.sub(pw, 4 * m, one, 0, c, 0);
            FR.inverse(FR.fromLong(m), 0, mInv, 0);
            FR.mul(c, 0, mInv, 0, c, 0);
            for (int j = 0; j < m; j++) {
                int o = 4 * (base + j);
                FR.mul(lag, o, den, 4 * j, lag, o);
                FR.mul(lag, o, c, 0, lag, o);
            }
        }
        long[] lagG1 = g1Mul.apply(lag, nG1);
        long[] tauG2 = g2Powers(pw, nG2);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            out.write(le(12).put("ptau".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .putInt(1)
                    .putInt(4)
                    .array());
            ByteBuffer h = le(4 + 32 + 8);
            h.putInt(32);
            byte[] q = Field.FQ.modulus.toByteArray();
            for (int i = 0; i < 32; i++) h.put(i < q.length ? q[q.length - 1 - i] : 0);
            h.putInt(power).putInt(power);
            section(out, 1, h.array().length);
            out.write(h.array());
            writeLongs(out, 2, tauG1);
            writeLongs(out, 3, tauG2);
            writeLongs(out, 12, lagG1);
        }
        java.util.Arrays.fill(pw, 0L);
        java.util.Arrays.fill(lag, 0L);
    }

    /**
     * [s_i]_2 for the first {@code count} scalars by fixed-base windowing over the G2 generator:
     * a table of d·2^(8j)·G2 (32 byte positions, d = 1..255), then at most 32 additions per point.
     */
    public static long[] g2Powers(long[] scalars, int count) {
        final int W = 32, D = 255, J = G2.JACOBIAN;
        long[] table = new long[W * D * J];
        long[] base = new long[J], t = new long[G2.SCRATCH];
        G2.fromAffine(G2.GENERATOR, 0, base, 0);
        for (int w = 0; w < W; w++) {
            System.arraycopy(base, 0, table, w * D * J, J);
            for (int d = 1; d < D; d++) G2.add(table, (w * D + d - 1) * J, base, 0, table, (w * D + d) * J, t);
            for (int k = 0; k < 8; k++) G2.dbl(base, 0, base, 0, t);
        }
        long[] out = new long[16 * count];
        java.util.stream.IntStream.range(0, count).parallel().forEach(i -> {
            long[] acc = new long[J], tt = new long[G2.SCRATCH], raw = new long[4];
            FR.fromMont(scalars, 4 * i, raw, 0);
            for (int w = 0; w < W; w++) {
                int d = (int) (raw[w >> 3] >>> (8 * (w & 7))) & 0xFF;
                if (d != 0) G2.add(acc, 0, table, (w * D + d - 1) * J, acc, 0, tt);
            }
            G2.toAffine(acc, 0, out, 16 * i);
        });
        return out;
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void section(OutputStream out, int id, long len) throws IOException {
        out.write(le(12).putInt(id).putLong(len).array());
    }

    private static void writeLongs(OutputStream out, int id, long[] v) throws IOException {
        section(out, id, 8L * v.length);
        ByteBuffer buf = le(1 << 16);
        for (long l : v) {
            buf.putLong(l);
            if (!buf.hasRemaining()) {
                out.write(buf.array());
                buf.clear();
            }
        }
        out.write(buf.array(), 0, buf.position());
    }

    /**
     * Writes a development (insecure) PLONK-only snarkjs .ptau of the given power for a fresh τ
     * (see {@link #write}); snarkjs {@code plonk setup} accepts it.
     */
    public static void writeInsecure(int power, Path out, java.util.Random rnd) throws IOException {
        if (power < 1 || power > 24) throw new IllegalArgumentException("ptau power must be 1..24, got " + power);
        long[] tau = io.coprover.math.Field.FR.random(rnd);
        try {
            write(out, power, tau, io.coprover.plonk.Srs::mulGenerator);
        } finally {
            io.coprover.math.Field.FR.setZero(tau, 0);
        }
    }
}
