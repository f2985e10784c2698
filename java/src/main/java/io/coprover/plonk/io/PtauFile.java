package io.coprover.plonk.io;

import io.coprover.math.Field;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;

/**
 * Reader for snarkjs powers-of-tau files ({@code .ptau}): section 1 holds u32 n8, q (n8 bytes
 * LE), u32 power, u32 ceremonyPower; section 2 the 2^(power+1) − 1 points [τ^i]_1 and section 3
 * the 2^power points [τ^i]_2, affine little-endian Montgomery. Only what PLONK needs is read.
 */
public final class PtauFile {
    private PtauFile() {}

    /** Power of the file (its tauG1 section holds 2^(power+1) − 1 points). */
    public static int power(BinFile f) throws IOException {
        ByteBuffer h = f.map(1, 0, Math.min(f.size(1), 4));
        if (h.remaining() < 4) throw new IOException(f.path() + ": ptau header is truncated");
        int n8 = h.getInt();
        if (n8 != 32)
            throw new IOException(
                    f.path() + ": ptau base field has " + n8 + "-byte elements; only BN254 (bn128) is supported");
        h = f.map(1, 0, f.size(1));
        if (h.remaining() < 4 + 32 + 8) throw new IOException(f.path() + ": ptau header is truncated");
        h.getInt();
        BigInteger q = BinFile.readBigLE(h, 32);
        if (!q.equals(Field.FQ.modulus)) throw new IOException(f.path() + ": ptau is not over BN254 (q = " + q + ")");
        int power = h.getInt();
        if (power < 1 || power > 28) throw new IOException(f.path() + ": bad ptau power " + power);
        return power;
    }

    /**
     * Reads {@code count} points [τ^i]_1 (i = 0..count−1) and [τ]_2.
     *
     * @return {g1 (8·count longs), g2 (16 longs: x.c0, x.c1, y.c0, y.c1)}
     */
    public static long[][] read(BinFile f, int count) throws IOException {
        int power = power(f);
        long avail = (1L << (power + 1)) - 1;
        if (count > avail) {
            int need = power;
            while ((1L << (need + 1)) - 1 < count) need++;
            throw new IOException(f.path() + ": ptau of power " + power + " is too small: it holds " + avail
                    + " G1 powers, " + count + " are needed (use a ptau of power >= " + need + ")");
        }
        if (f.size(2) < avail * 64)
            throw new IOException(
                    f.path() + ": truncated: tauG1 section has " + f.size(2) + " bytes, expected " + avail * 64);
        if (f.size(3) < 2 * 128)
            throw new IOException(f.path() + ": truncated: tauG2 section has " + f.size(3) + " bytes");
        long[] g1 = new long[8 * count];
        BinFile.readMont(f.map(2, 0, 64L * count), Field.FQ, 2 * count, g1, 0);
        for (int i = 0; i < count; i++) Points.checkG1(g1, 8 * i, f.path() + ": tauG1 point " + i);
        long[] g2 = new long[16];
        BinFile.readMont(f.map(3, 128, 128), Field.FQ, 4, g2, 0);
        return new long[][] {g1, g2};
    }
}
