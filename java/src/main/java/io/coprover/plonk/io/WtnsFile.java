package io.coprover.plonk.io;

import io.coprover.math.Field;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reader for circom/snarkjs witness files ({@code .wtns}, versions 1 and 2): section 1 holds
 * u32 n8, the prime (n8 bytes LE) and u32 nWitness; section 2 the values, n8 bytes each,
 * little-endian plain (not Montgomery). witness[0] is the constant 1.
 */
public final class WtnsFile {
    private WtnsFile() {}

    /**
     * Reads all values into Montgomery Fr form (4 longs each).
     *
     * @throws IOException for a wrong magic or curve, a truncated file, or a value ≥ r
     */
    public static long[] read(Path path) throws IOException {
        try (BinFile f = BinFile.open(path, "wtns", 2)) {
            ByteBuffer h = f.map(1, 0, f.size(1));
            if (h.remaining() < 4) throw new IOException(path + ": witness header is truncated");
            int n8 = h.getInt();
            if (n8 != 32 || h.remaining() < n8 + 4) {
                throw new IOException(
                        path + ": witness field has " + n8 + "-byte elements; only BN254 (32 bytes) is supported");
            }
            BigInteger prime = BinFile.readBigLE(h, n8);
            if (!prime.equals(Field.FR.modulus)) {
                throw new IOException(path + ": witness is over the prime " + prime + ", not the BN254 scalar field");
            }
            int count = h.getInt();
            if (count < 1) throw new IOException(path + ": witness has " + count + " values");
            long need = (long) count * n8;
            if (f.size(2) < need) {
                throw new IOException(
                        path + ": truncated: " + count + " values need " + need + " bytes, section 2 has " + f.size(2));
            }
            long[] out = Field.FR.newVector(count);
            ByteBuffer d = f.map(2, 0, need);
            try {
                BinFile.readPlain(d, Field.FR, count, out, 0);
            } catch (IllegalArgumentException e) {
                throw new IOException(path + ": " + e.getMessage());
            }
            return out;
        }
    }
}
