package io.coprover.backend;

import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacpp.BytePointer;

/**
 * The calls shared by {@link NativeHostBackend} and {@link CudaBackend}: both run the native
 * library's C API, differing only in the {@code device} field of the config (−1 host, else a CUDA
 * ordinal). Java checks array lengths before every call (the C side cannot see them); the library
 * checks values (canonical elements, points on the curve) and reports errors by code and message,
 * turned here into {@link IllegalArgumentException} or {@link NativeLibrary.NativeException}.
 */
abstract class NativeBackend implements ProvingBackend, PlonkKernels {
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
        return new CoproverLib.Config()
                .device(device)
                .threads(threads)
                .windowBits(windowBits)
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
        if (logN < 0 || logN > 28)
            throw new IllegalArgumentException("NTT: logN must be in 0..28 (Fr's 2-adicity), got " + logN);
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
            throw new IllegalArgumentException(
                    "MSM bases: " + count + " points need " + 8L * count + " longs, array has " + points.length);
        }
        long[] handle = new long[1];
        try (CoproverLib.Config cfg = config()) {
            NativeLibrary.check(CoproverLib.coprover_bases_load(cfg, points, count, handle), name() + " MSM bases");
        }
        return new Bases(this, handle[0], count);
    }

    @Override
    public FixedBaseCache useFixedBaseCache(MsmBases bases, java.nio.file.Path file) {
        if (!(bases instanceof Bases) || ((Bases) bases).owner != this) {
            throw new IllegalArgumentException("MSM cache: bases were not loaded by this backend (" + name() + ")");
        }
        Bases b = (Bases) bases;
        if (b.closed.get()) throw new IllegalStateException("MSM cache: bases handle is closed");
        if (file == null) throw new IllegalArgumentException("MSM cache: file is null");
        if (device >= 0) return FixedBaseCache.NONE;
        int[] outcome = new int[1];
        try (CoproverLib.Config cfg = config();
                BytePointer path = new BytePointer(file.toAbsolutePath().toString(), StandardCharsets.UTF_8)) {
            NativeLibrary.check(
                    CoproverLib.coprover_bases_fixed_cache(cfg, b.handle, 0, path, outcome), name() + " MSM cache");
        }
        FixedBaseCache[] all = FixedBaseCache.values();
        if (outcome[0] < 0 || outcome[0] >= all.length)
            throw new IllegalStateException("MSM cache: unknown outcome " + outcome[0]);
        return all[outcome[0]];
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
            throw new IllegalArgumentException("MSM: points [" + start + ", " + ((long) start + count) + ") out of the "
                    + b.count + " loaded bases");
        }
        if (4L * count > scalars.length) {
            throw new IllegalArgumentException(
                    "MSM: " + count + " scalars need " + 4L * count + " longs, array has " + scalars.length);
        }
        long[] result = new long[8];
        try (CoproverLib.Config cfg = config()) {
            NativeLibrary.check(
                    CoproverLib.coprover_msm(cfg, b.handle, start, scalars, count, result), name() + " MSM");
        }
        return result;
    }

    @Override
    public QuotientKey loadQuotientKey(int logN, long[][] fixedOnExt) {
        if (logN < 1 || logN > 26)
            throw new IllegalArgumentException("quotient key: logN must be in 1..26, got " + logN);
        int len = 4 * (4 << logN);
        if (fixedOnExt == null || fixedOnExt.length != 8)
            throw new IllegalArgumentException("quotient key: need 8 polynomials");
        for (int k = 0; k < 8; k++) {
            if (fixedOnExt[k] == null || fixedOnExt[k].length < len) {
                throw new IllegalArgumentException(
                        "quotient key: polynomial " + k + " needs 4n = " + (4 << logN) + " values");
            }
        }
        long[][] f = fixedOnExt;
        long[] handle = new long[1];
        try (CoproverLib.Config cfg = config()) {
            NativeLibrary.check(
                    CoproverLib.coprover_plonk_key_load(
                            cfg, logN, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], handle),
                    name() + " quotient key");
        }
        return new NativeQuotientKey(this, handle[0], logN);
    }

    @Override
    public QuotientKey loadQuotientKey(int logN, java.nio.ByteBuffer[] fixedOnExt) {
        if (logN < 1 || logN > 26)
            throw new IllegalArgumentException("quotient key: logN must be in 1..26, got " + logN);
        long bytes = 32L * (4L << logN);
        if (fixedOnExt == null || (fixedOnExt.length != 8 && fixedOnExt.length != 9))
            throw new IllegalArgumentException("quotient key: need 8 polynomials (and perhaps L_1)");
        org.bytedeco.javacpp.BytePointer[] p = new org.bytedeco.javacpp.BytePointer[9];
        for (int k = 0; k < fixedOnExt.length; k++) {
            java.nio.ByteBuffer b = fixedOnExt[k];
            if (b == null || !b.isDirect() || b.remaining() < bytes) {
                throw new IllegalArgumentException("quotient key: polynomial " + k + " needs a direct buffer of "
                        + bytes + " bytes (4n = " + (4 << logN) + " values)");
            }
            p[k] = new org.bytedeco.javacpp.BytePointer(b.slice()); // the bytes from the buffer's position
        }
        long[] handle = new long[1];
        try (CoproverLib.Config cfg = config()) {
            NativeLibrary.check(
                    CoproverLib.coprover_plonk_key_borrow(
                            cfg, logN, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], handle),
                    name() + " quotient key");
        }
        // the library reads the buffers where they lie for as long as the key lives: the key keeps them
        return new NativeQuotientKey(this, handle[0], logN, fixedOnExt.clone());
    }

    @Override
    public long[] splitQuotient(QuotientKey key, long[] wires, long[] onH, long[] pub, int nPub, long[] params) {
        if (!(key instanceof NativeQuotientKey) || ((NativeQuotientKey) key).owner != this) {
            throw new IllegalArgumentException("quotient: key was not loaded by this backend (" + name() + ")");
        }
        NativeQuotientKey k = (NativeQuotientKey) key;
        if (k.closed.get()) throw new IllegalStateException("quotient: key is closed");
        long n = 1L << k.logN;
        if (wires == null || wires.length < 4 * (4 * n + 9))
            throw new IllegalArgumentException("quotient: wires need 4n + 9 coefficients");
        if (onH != null && onH.length < 16 * n)
            throw new IllegalArgumentException("quotient: the values on H need 4n elements");
        if (nPub < 0 || (nPub > 0 && (pub == null || pub.length < 4L * nPub)))
            throw new IllegalArgumentException("quotient: " + nPub + " public inputs needed");
        if (params == null || params.length < 20)
            throw new IllegalArgumentException("quotient: params need 5 Fr elements");
        long[] t = new long[(int) (4 * (3 * n + 6))];
        try (CoproverLib.Config cfg = config()) {
            NativeLibrary.check(
                    CoproverLib.coprover_plonk_quotient(
                            cfg, k.handle, wires, onH, nPub == 0 ? new long[4] : pub, nPub, params, t),
                    name() + " quotient");
        } finally {
            java.lang.ref.Reference.reachabilityFence(k); // and with it the memory it borrows
        }
        return t;
    }

    @Override
    public long[] grandProduct(QuotientKey key, long[] cols, long[] params) {
        NativeQuotientKey k = nativeKey(key, "grand product");
        long n = 1L << k.logN;
        if (cols == null || cols.length < 12 * n)
            throw new IllegalArgumentException("grand product: cols need 3n = " + 3 * n + " values");
        if (params == null || params.length < 16)
            throw new IllegalArgumentException("grand product: params need 4 Fr elements");
        long[] z = new long[(int) (4 * n)];
        try (CoproverLib.Config cfg = config()) {
            NativeLibrary.check(
                    CoproverLib.coprover_plonk_grand_product(cfg, k.handle, cols, params, z),
                    name() + " grand product");
        } finally {
            java.lang.ref.Reference.reachabilityFence(k);
        }
        return z;
    }

    @Override
    public long[] polyEval(long[] p, int len, long[] x) {
        checkPoly(p, len, "polynomial evaluation");
        checkScalar(x, "polynomial evaluation: point");
        long[] out = new long[4];
        try (CoproverLib.Config cfg = config()) {
            NativeLibrary.check(
                    CoproverLib.coprover_fr_poly_eval(cfg, p, len, x, out), name() + " polynomial evaluation");
        }
        return out;
    }

    @Override
    public void addScaled(long[] r, long[] p, int len, long[] s) {
        checkPoly(p, len, "addScaled");
        checkPoly(r, len, "addScaled: r");
        checkScalar(s, "addScaled: scalar");
        try (CoproverLib.Config cfg = config()) {
            NativeLibrary.check(CoproverLib.coprover_fr_axpy(cfg, r, p, len, s), name() + " addScaled");
        }
    }

    @Override
    public long[] divideByLinear(long[] p, int len, long[] z) {
        checkPoly(p, len, "divideByLinear");
        checkScalar(z, "divideByLinear: point");
        long[] rem = new long[4];
        NativeLibrary.check(CoproverLib.coprover_fr_divide_linear(p, len, z, rem), name() + " divideByLinear");
        return rem;
    }

    private static void checkPoly(long[] p, int len, String what) {
        if (p == null) throw new IllegalArgumentException(what + ": array is null");
        if (len < 0 || 4L * len > p.length) {
            throw new IllegalArgumentException(
                    what + ": " + len + " coefficients need " + 4L * len + " longs, array has " + p.length);
        }
    }

    private static void checkScalar(long[] x, String what) {
        if (x == null || x.length < 4) throw new IllegalArgumentException(what + " must be an Fr element (4 longs)");
    }

    private NativeQuotientKey nativeKey(QuotientKey key, String what) {
        if (!(key instanceof NativeQuotientKey) || ((NativeQuotientKey) key).owner != this) {
            throw new IllegalArgumentException(what + ": key was not loaded by this backend (" + name() + ")");
        }
        NativeQuotientKey k = (NativeQuotientKey) key;
        if (k.closed.get()) throw new IllegalStateException(what + ": key is closed");
        return k;
    }

    /** A handle into the library's tables; freed on close, or by the cleaner if the caller forgets. */
    private abstract static class Handle implements AutoCloseable {
        final NativeBackend owner;
        final long handle;
        final AtomicBoolean closed = new AtomicBoolean();
        private final Cleaner.Cleanable cleanable;

        Handle(NativeBackend owner, long handle, java.util.function.LongConsumer free) {
            this.owner = owner;
            this.handle = handle;
            AtomicBoolean flag = closed;
            this.cleanable = CLEANER.register(this, () -> {
                if (flag.compareAndSet(false, true)) free.accept(handle);
            });
        }

        @Override
        public void close() {
            cleanable.clean();
        }
    }

    /** A native round-3 key. */
    private static final class NativeQuotientKey extends Handle implements QuotientKey {
        final int logN;
        /** The buffers the native key reads in place (kept reachable while the key is), or null. */
        @SuppressWarnings("unused")
        private final java.nio.ByteBuffer[] borrowed;

        NativeQuotientKey(NativeBackend owner, long handle, int logN) {
            this(owner, handle, logN, null);
        }

        NativeQuotientKey(NativeBackend owner, long handle, int logN, java.nio.ByteBuffer[] borrowed) {
            super(owner, handle, CoproverLib::coprover_plonk_key_free);
            this.logN = logN;
            this.borrowed = borrowed;
        }

        @Override
        public int logN() {
            return logN;
        }
    }

    /** Native MSM bases. */
    private static final class Bases extends Handle implements MsmBases {
        final int count;

        Bases(NativeBackend owner, long handle, int count) {
            super(owner, handle, CoproverLib::coprover_bases_free);
            this.count = count;
        }

        @Override
        public int count() {
            return count;
        }
    }
}
