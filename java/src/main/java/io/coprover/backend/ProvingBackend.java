package io.coprover.backend;

/**
 * The heavy operations of a PLONK prover, implemented by the pure-Java backend, the native host
 * library and the CUDA library. Every prover calls these and nothing lower, so the same prover
 * runs on any backend.
 *
 * <h2>Data conventions (shared by every implementation)</h2>
 * <ul>
 *   <li>Fr vectors: flat {@code long[]}, 4 limbs per element, least significant first, in
 *       Montgomery form ({@code a·2^256 mod r}), exactly as {@link io.coprover.math.Field#FR}.</li>
 *   <li>G1 affine points: 8 longs per point, x then y, each an Fq element in Montgomery form.
 *       The point at infinity is all zeros ((0,0) is not on y² = x³ + 3).</li>
 *   <li>G1 results: affine, same layout (all zeros for infinity).</li>
 *   <li>NTT: size {@code n = 2^logN}, natural order in and out, ω = 5^((r−1)/n) (the root
 *       ffjavascript and snarkjs use). {@code batch} polynomials lie back to back.</li>
 * </ul>
 * Implementations are thread-safe unless they say otherwise.
 */
public interface ProvingBackend extends AutoCloseable {

    /** Short name shown to users: {@code java}, {@code native-host}, {@code cuda:0}, … */
    String name();

    /**
     * Whether this backend computes on the host's CPU cores (the Java and native-host backends):
     * several jobs then share those cores, and a scheduler gives it as many slots as it has CPU
     * slots; a GPU backend runs one job at a time on its device.
     */
    default boolean runsOnHostCpu() {
        return false;
    }

    /**
     * In-place forward NTT of {@code batch} polynomials of size 2^logN stored back to back from
     * offset 0: coefficients → evaluations at ω^i.
     */
    void ntt(long[] data, int logN, int batch);

    /** In-place inverse NTT (evaluations at ω^i → coefficients), including the 1/n scaling. */
    void intt(long[] data, int logN, int batch);

    /**
     * In-place coset NTT: coefficients of p → evaluations p(g·ω^i), where g is the Montgomery Fr
     * element {@code shift} (4 longs).
     */
    void cosetNtt(long[] data, int logN, int batch, long[] shift);

    /** In-place inverse coset NTT: evaluations p(g·ω^i) → coefficients of p. */
    void cosetIntt(long[] data, int logN, int batch, long[] shift);

    /**
     * Makes a set of G1 affine bases available for repeated MSMs (on a GPU they stay resident in
     * device memory until the handle is closed).
     *
     * @param points {@code 8·count} longs, layout as above
     */
    MsmBases loadBases(long[] points, int count);

    /**
     * Σ scalars[i]·bases[start + i] for i &lt; count, scalars in Montgomery Fr form (4 longs each).
     *
     * @return the sum as an affine point (8 longs; all zero for infinity)
     */
    long[] msm(MsmBases bases, int start, long[] scalars, int count);

    /** What {@link #useFixedBaseCache} did. */
    enum FixedBaseCache {
        /** no table: this backend has none, or the cache file cannot be written */
        NONE,
        /** the table was read from the cache file */
        LOADED,
        /** built and saved (there was no cache file) */
        BUILT,
        /** the file was made for other bases, window or format version: rebuilt and replaced */
        REBUILT_STALE,
        /** the file was truncated or damaged: rebuilt and replaced */
        REBUILT_CORRUPT,
        /** built and used, but writing the file failed */
        UNSAVED
    }

    /**
     * Gives {@code bases} a fixed-base MSM table (shifted copies of every point, so one bucket pass
     * serves all windows) read from, or built into, the cache file {@code file}. The file's header
     * binds it to these exact points, the window and the format version, and a checksum covers the
     * table, so a stale, foreign or damaged file is rebuilt, never used. Where the file cannot be
     * written nothing is built (one build costs more than one proof saves). Backends without such
     * tables return {@link FixedBaseCache#NONE}.
     */
    default FixedBaseCache useFixedBaseCache(MsmBases bases, java.nio.file.Path file) {
        return FixedBaseCache.NONE;
    }

    /** A set of bases loaded by {@link #loadBases}. Closing releases any device memory. */
    interface MsmBases extends AutoCloseable {
        int count();

        @Override
        void close();
    }

    @Override
    default void close() {}
}
