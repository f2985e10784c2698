package io.coprover.backend;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.CriticalRegion;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * JavaCPP binding of the native library's C API, {@code native/include/coprover_api.h} (the one
 * header it reads; see there for each function's contract). Arrays are the flat {@code long[]}
 * layouts of {@link ProvingBackend}, passed without per-element conversion. The calls that move
 * large arrays are {@link CriticalRegion}s: the native code reads and writes the Java arrays in
 * place (JNI's critical access) instead of a copy in and out of each one; no such call calls back
 * into Java, and the garbage collector waits for it to return.
 *
 * <p>Do not touch this class directly: {@link NativeLibrary#load()} loads it and reports failure
 * with its cause; the methods are usable only after a successful load.
 */
@Platform(include = "coprover_api.h", link = "coprover")
final class CoproverLib {
    private CoproverLib() {}

    /** {@code coprover_config}: the settings of one call (see the header). */
    @Name("coprover_config")
    static final class Config extends Pointer {
        Config() {
            allocate();
        }

        private native void allocate();

        native int device();

        native Config device(int v);

        native int threads();

        native Config threads(int v);

        @Name("window_bits")
        native int windowBits();

        @Name("window_bits")
        native Config windowBits(int v);

        @Name("device_mem_limit")
        native long deviceMemLimit();

        @Name("device_mem_limit")
        native Config deviceMemLimit(long v);
    }

    static native int coprover_version();

    static native int coprover_has_cuda();

    static native int coprover_device_count(@Cast("int32_t*") int[] count);

    static native @Cast("const char*") BytePointer coprover_last_error();

    @CriticalRegion
    static native int coprover_ntt(
            @Const Config cfg,
            @Cast("int64_t*") long[] data,
            int logN,
            int batch,
            int op,
            @Cast("const int64_t*") long[] shift);

    @CriticalRegion
    static native int coprover_bases_load(
            @Const Config cfg, @Cast("const int64_t*") long[] points, long count, @Cast("int64_t*") long[] handle);

    static native int coprover_bases_free(long handle);

    static native int coprover_bases_fixed_cache(
            @Const Config cfg,
            long handle,
            int windowBits,
            @Cast("const char*") BytePointer path,
            @Cast("int32_t*") int[] outcome);

    @CriticalRegion
    static native int coprover_msm(
            @Const Config cfg,
            long handle,
            long start,
            @Cast("const int64_t*") long[] scalars,
            long count,
            @Cast("int64_t*") long[] result);

    @CriticalRegion
    static native int coprover_plonk_key_load(
            @Const Config cfg,
            int logN,
            @Cast("const int64_t*") long[] qm,
            @Cast("const int64_t*") long[] ql,
            @Cast("const int64_t*") long[] qr,
            @Cast("const int64_t*") long[] qo,
            @Cast("const int64_t*") long[] qc,
            @Cast("const int64_t*") long[] s1,
            @Cast("const int64_t*") long[] s2,
            @Cast("const int64_t*") long[] s3,
            @Cast("int64_t*") long[] handle);

    /**
     * The polynomials (and L_1, or null) from native memory (direct buffers), unaligned allowed,
     * read in place: the caller keeps them alive until the key is freed.
     */
    static native int coprover_plonk_key_borrow(
            @Const Config cfg,
            int logN,
            @Cast("const int64_t*") Pointer qm,
            @Cast("const int64_t*") Pointer ql,
            @Cast("const int64_t*") Pointer qr,
            @Cast("const int64_t*") Pointer qo,
            @Cast("const int64_t*") Pointer qc,
            @Cast("const int64_t*") Pointer s1,
            @Cast("const int64_t*") Pointer s2,
            @Cast("const int64_t*") Pointer s3,
            @Cast("const int64_t*") Pointer l1,
            @Cast("int64_t*") long[] handle);

    static native int coprover_plonk_key_free(long handle);

    @CriticalRegion
    static native int coprover_plonk_quotient(
            @Const Config cfg,
            long handle,
            @Cast("const int64_t*") long[] wires,
            @Cast("const int64_t*") long[] onH,
            @Cast("const int64_t*") long[] pub,
            int npub,
            @Cast("const int64_t*") long[] params,
            @Cast("int64_t*") long[] t);

    @CriticalRegion
    static native int coprover_plonk_grand_product(
            @Const Config cfg,
            long handle,
            @Cast("const int64_t*") long[] cols,
            @Cast("const int64_t*") long[] params,
            @Cast("int64_t*") long[] z);

    @CriticalRegion
    static native int coprover_fr_poly_eval(
            @Const Config cfg,
            @Cast("const int64_t*") long[] p,
            long len,
            @Cast("const int64_t*") long[] x,
            @Cast("int64_t*") long[] out);

    @CriticalRegion
    static native int coprover_fr_axpy(
            @Const Config cfg,
            @Cast("int64_t*") long[] r,
            @Cast("const int64_t*") long[] p,
            long len,
            @Cast("const int64_t*") long[] s);

    @CriticalRegion
    static native int coprover_fr_divide_linear(
            @Cast("int64_t*") long[] p, long len, @Cast("const int64_t*") long[] z, @Cast("int64_t*") long[] rem);

    static native int coprover_field_op(
            int field,
            int op,
            int variant,
            @Cast("const int64_t*") long[] a,
            @Cast("const int64_t*") long[] b,
            @Cast("int64_t*") long[] r);

    static native int coprover_constant(int which, @Cast("int64_t*") long[] out);
}
