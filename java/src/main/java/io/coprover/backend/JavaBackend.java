package io.coprover.backend;

import io.coprover.math.G1;
import io.coprover.math.Glv;
import io.coprover.math.Msm;
import io.coprover.math.Ntt;

/**
 * The pure-Java {@link ProvingBackend}: always available, and the reference the native and CUDA
 * backends are compared against. NTTs run on {@link Ntt}, MSMs on {@link Msm} (Pippenger over
 * GLV-split scalars with signed digits and batch-affine buckets), both on
 * {@link JavaBackendConfig#threads()} threads. {@link #loadBases} builds the GLV table of the bases
 * once (the points and their endomorphism images, twice the bases' memory), so repeated MSMs on
 * the same key do not rebuild it. Thread-safe.
 */
public final class JavaBackend implements ProvingBackend {
    private final JavaBackendConfig config;

    public JavaBackend() {
        this(JavaBackendConfig.defaults());
    }

    public JavaBackend(JavaBackendConfig config) {
        if (config == null) throw new IllegalArgumentException("Java backend: config is null");
        this.config = config;
    }

    public JavaBackendConfig config() {
        return config;
    }

    @Override
    public boolean runsOnHostCpu() {
        return true;
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public void ntt(long[] data, int logN, int batch) {
        Ntt.batch(Ntt.Op.FORWARD, data, 0, logN, batch, null, config.threads());
    }

    @Override
    public void intt(long[] data, int logN, int batch) {
        Ntt.batch(Ntt.Op.INVERSE, data, 0, logN, batch, null, config.threads());
    }

    @Override
    public void cosetNtt(long[] data, int logN, int batch, long[] shift) {
        Ntt.batch(Ntt.Op.COSET_FORWARD, data, 0, logN, batch, shift, config.threads());
    }

    @Override
    public void cosetIntt(long[] data, int logN, int batch, long[] shift) {
        Ntt.batch(Ntt.Op.COSET_INVERSE, data, 0, logN, batch, shift, config.threads());
    }

    @Override
    public MsmBases loadBases(long[] points, int count) {
        if (points == null) throw new IllegalArgumentException("MSM bases: points is null");
        if (count < 0 || (long) count * G1.SIZE > points.length) {
            throw new IllegalArgumentException("MSM bases: " + count + " points need " + (long) count * G1.SIZE
                    + " longs, array has " + points.length);
        }
        for (int i = 0; i < count; i++) {
            if (!io.coprover.math.Field.FQ.isCanonical(points, G1.SIZE * i)
                    || !io.coprover.math.Field.FQ.isCanonical(points, G1.SIZE * i + 4)) {
                throw new IllegalArgumentException(
                        "MSM bases: point " + i + " has a coordinate that is not a canonical Fq element");
            }
            if (!G1.isOnCurve(points, G1.SIZE * i))
                throw new IllegalArgumentException("MSM bases: point " + i + " is not on the BN254 G1 curve");
        }
        return new Bases(Glv.table(points, 0, count), count);
    }

    @Override
    public long[] msm(MsmBases bases, int start, long[] scalars, int count) {
        if (!(bases instanceof Bases)) {
            throw new IllegalArgumentException("MSM: bases were not loaded by the java backend");
        }
        if (scalars == null) throw new IllegalArgumentException("MSM: scalars is null");
        Bases b = (Bases) bases;
        if (b.closed) throw new IllegalStateException("MSM: bases handle is closed");
        if (start < 0 || count < 0 || (long) start + count > b.count) {
            throw new IllegalArgumentException("MSM: points [" + start + ", " + ((long) start + count) + ") out of the "
                    + b.count + " loaded bases");
        }
        return Msm.msmGlv(b.table, start, scalars, count, config.threads());
    }

    @Override
    public String toString() {
        return "java backend (" + config.threads() + " threads)";
    }

    private static final class Bases implements MsmBases {
        final long[] table; // Glv.table of the bases
        final int count;
        volatile boolean closed;

        Bases(long[] table, int count) {
            this.table = table;
            this.count = count;
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
