package io.coprover.plonk;

import io.coprover.math.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Qm, Ql, Qr, Qo, Qc, S1, S2, S3 evaluated on H_{4n} (4n Montgomery Fr values each, natural
 * order): either arrays, or the little-endian Montgomery bytes of a snarkjs zkey as mapped from
 * the file. A native backend copies mapped bytes straight into its round-3 key; the Java code
 * decodes them (checking every value) the first time it asks for {@link #values()}.
 */
public final class ExtEvaluations {
    private static final Field F = Field.FR;

    private final int count;
    private final ByteBuffer[] mapped;
    private long[][] values;

    private ExtEvaluations(int count, long[][] values, ByteBuffer[] mapped) {
        this.count = count;
        this.values = values;
        this.mapped = mapped;
    }

    /** The 8 polynomials as arrays of {@code 4·count} longs ({@code count} = 4n values each). */
    public static ExtEvaluations of(long[][] values, int count) {
        if (values == null || values.length != 8)
            throw new IllegalArgumentException(
                    "extEvaluations: need 8 polynomials, got " + (values == null ? "none" : values.length));
        for (long[] e : values) {
            if (e == null || e.length != 4L * count)
                throw new IllegalArgumentException("extEvaluations: each polynomial needs 4n = " + count + " values");
        }
        return new ExtEvaluations(count, values.clone(), null);
    }

    /**
     * The 8 polynomials as byte buffers of exactly {@code 32·count} bytes each (little-endian
     * Montgomery limbs, as a zkey stores them), decoded only on demand; optionally a ninth, L_1 on
     * H_{4n} (a zkey's section 13), which a native round 3 then reads instead of computing it.
     */
    public static ExtEvaluations mapped(ByteBuffer[] buffers, int count) {
        if (buffers == null || (buffers.length != 8 && buffers.length != 9))
            throw new IllegalArgumentException("extEvaluations: need 8 buffers (and perhaps L_1)");
        ByteBuffer[] own = new ByteBuffer[buffers.length];
        for (int k = 0; k < buffers.length; k++) {
            if (buffers[k] == null || buffers[k].remaining() != 32L * count)
                throw new IllegalArgumentException("extEvaluations: buffer " + k + " needs " + 32L * count
                        + " bytes for 4n = " + count + " values");
            own[k] = buffers[k].slice().order(ByteOrder.LITTLE_ENDIAN);
        }
        return new ExtEvaluations(count, null, own);
    }

    /** Number of values per polynomial (4n). */
    public int count() {
        return count;
    }

    /**
     * The byte buffers (direct, position 0, little-endian; fresh views, so callers may move their
     * positions): the 8 polynomials, then L_1 where it was given; or null when the values came as
     * arrays.
     */
    public ByteBuffer[] mapped() {
        if (mapped == null) return null;
        ByteBuffer[] out = new ByteBuffer[mapped.length];
        for (int k = 0; k < mapped.length; k++) out[k] = mapped[k].duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return out;
    }

    /**
     * The values as arrays (decoded from the bytes on the first call).
     *
     * @throws IllegalArgumentException when a value is not a canonical Fr element
     */
    public synchronized long[][] values() {
        if (values == null) {
            long[][] v = new long[8][];
            for (int k = 0; k < 8; k++) {
                v[k] = F.newVector(count);
                mapped[k]
                        .duplicate()
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asLongBuffer()
                        .get(v[k]);
                for (int i = 0; i < count; i++) {
                    if (!F.isCanonical(v[k], 4 * i))
                        throw new IllegalArgumentException(
                                "fixed polynomial " + k + " on H_4n: value " + i + " is not a canonical Fr element");
                }
            }
            values = v;
        }
        return values.clone();
    }

    /**
     * Every {@code step}-th value of polynomial k from {@code first} on ({@code out.length / 4}
     * values), e.g. the values on H (step 4).
     *
     * @throws IllegalArgumentException when a value is not a canonical Fr element
     */
    public long[] every(int k, int first, int step, int howMany) {
        long[] out = F.newVector(howMany);
        if (mapped == null) {
            long[] src = values[k];
            for (int i = 0; i < howMany; i++) System.arraycopy(src, 4 * (first + step * i), out, 4 * i, 4);
            return out;
        }
        ByteBuffer b = mapped[k];
        for (int i = 0; i < howMany; i++) {
            int at = 32 * (first + step * i);
            for (int l = 0; l < 4; l++) out[4 * i + l] = b.getLong(at + 8 * l);
            if (!F.isCanonical(out, 4 * i))
                throw new IllegalArgumentException("fixed polynomial " + k + " on H_4n: value " + (first + step * i)
                        + " is not a canonical Fr element");
        }
        return out;
    }
}
