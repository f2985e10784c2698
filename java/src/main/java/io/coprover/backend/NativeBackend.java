package io.coprover.backend;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The calls shared by {@link NativeHostBackend} and {@link CudaBackend}: both run the native
 * library's C API, differing only in the {@code device} field of the config (−1 host, else a CUDA
 * ordinal). Java checks array lengths before every call (the C side cannot see them); the library
 * checks values (canonical elements, points on the curve) and reports errors by code and message,
 * turned here into {@link IllegalArgumentException} or {@link NativeLibrary.NativeException}.
 */
abstract class NativeBackend implements ProvingBackend {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final int OP_FORWARD = 0, OP_INVERSE = 1, OP_COSET_FORWARD = 2, OP_COSET_INVERSE = 3;

    private final int device;
    private final int threads;
    private final int windowBits;
    private final long deviceMemLimit;

    NativeBackend(int device, int threads, int windowBits, long deviceMemLimit) {
        NativeLibrary.Status st = NativeLibrary.load();
        if (!st.loaded()) throw new IllegalStateException("native library not available: " + st.detail());
        if (threads < 0) throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + threads);
        if (windowBits != 0 && (windowBits < 2 || windowBits > 20)) {
            throw new IllegalArgumentException("MSM window bits must be 0 (auto) or 2..20, got " + windowBits);
        }
        this.device = device;
        this.threads = threads;
        this.windowBits = windowBits;
        this.deviceMemLimit = deviceMemLimit;
    }

    private CoproverLib.Config config() {
        return new CoproverLib.Config().device(device).threads(threads).windowBits(windowBits)
                .deviceMemLimit(deviceMemLimit);
    }

    @Override
    public void ntt(long[] data, int logN, int batch) {
        run(data, logN, batch, OP_FORWARD, null);
    }

    @Override
    public void intt(long[] data, int logN, int batch) {
        run(data, logN, batch, OP_INVERSE, null);
    }

    @Override
    public void cosetNtt(long[] data, int logN, int batch, long[] shift) {
        run(data, logN, batch, OP_COSET_FORWARD, checkShift(shift));
    }

    @Override
    public void cosetIntt(long[] data, int logN, int batch, long[] shift) {
        run(data, logN, batch, OP_COSET_INVERSE, checkShift(shift));
    }

    private static long[] checkShift(long[] shift) {
        if (shift == null || shift.length < 4) {
            throw new IllegalArgumentException("NTT: coset shift must be an Fr element (4 longs), got "
                    + (shift == null ? "null" : shift.length + " longs"));
        }
        return shift;
    }

    private void run(long[] data, int logN, int batch, int op, long[] shift) {
        if (logN < 0 || logN > 28) throw new IllegalArgumentException("NTT: logN must be in 0..28 (Fr's 2-adicity), got " + logN);
        if (batch < 0) throw new IllegalArgumentException("NTT: batch must be >= 0, got " + batch);
        if (data == null) throw new IllegalArgumentException("NTT: data is null");
        long need = 4L * batch << logN;
        if (need > data.length) {
            throw new IllegalArgumentException("NTT: " + batch + " polynomials of 2^" + logN + " need " + need
                    + " longs, array has " + data.length);
        }
        if (batch == 0) return;
        try (CoproverLib.Config cfg = config()) {
            NativeLibrary.check(CoproverLib.coprover_ntt(cfg, data, logN, batch, op, shift), name() + " NTT");
        }
    }

    @Override
    public MsmBases loadBases(long[] points, int count) {
        if (points == null) throw new IllegalArgumentException("MSM bases: points is null");
        if (count < 0 || 8L * count > points.length) {
            throw new IllegalArgumentException("MSM bases: " + count + " points need " + 8L * count
                    + " longs, array has " + points.length);
        }
        long[] handle = new long[1];
        try (CoproverLib.Config cfg = config()) {
            NativeLibrary.check(CoproverLib.coprover_bases_load(cfg, points, count, handle), name() + " MSM bases");
        }
        return new Bases(this, handle[0], count);
    }

    @Override
    public long[] msm(MsmBases bases, int start, long[] scalars, int count) {
        if (!(bases instanceof Bases) || ((Bases) bases).owner != this) {
            throw new IllegalArgumentException("MSM: bases were not loaded by this backend (" + name() + ")");
        }
        Bases b = (Bases) bases;
        if (b.closed.get()) throw new IllegalStateException("MSM: bases handle is closed");
        if (scalars == null) throw new IllegalArgumentException("MSM: scalars is null");
        if (start < 0 || count < 0 || (long) start + count > b.count) {
            throw new IllegalArgumentException("MSM: points [" + start + ", " + ((long) start + count)
                    + ") out of the " + b.count + " loaded bases");
        }
        if (4L * count > scalars.length) {
            throw new IllegalArgumentException("MSM: " + count + " scalars need " + 4L * count + " longs, array has " + scalars.length);
        }
        long[] result = new long[8];
        try (CoproverLib.Config cfg = config()) {
            NativeLibrary.check(CoproverLib.coprover_msm(cfg, b.handle, start, scalars, count, result), name() + " MSM");
        }
        return result;
    }

    /** A native bases handle; freed on close, or by the cleaner if the caller forgets. */
    private static final class Bases implements MsmBases {
        final NativeBackend owner;
        final long handle;
        final int count;
        final AtomicBoolean closed = new AtomicBoolean();
        private final Cleaner.Cleanable cleanable;

        Bases(NativeBackend owner, long handle, int count) {
            this.owner = owner;
            this.handle = handle;
            this.count = count;
            AtomicBoolean flag = closed;
            this.cleanable = CLEANER.register(this, () -> {
                if (flag.compareAndSet(false, true)) CoproverLib.coprover_bases_free(handle);
            });
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public void close() {
            cleanable.clean();
        }
    }
}
