package io.coprover.backend;

/**
 * The native library's CPU implementation: the same C++ field code as the CUDA kernels, compiled
 * for the host, NTT and Pippenger MSM (signed digits, XYZZ buckets) on {@code std::thread}s. Used
 * for testing the native path without a GPU and as a CPU option where it beats the Java backend.
 * Bases are copied into native memory by {@link #loadBases}. Thread-safe.
 */
public final class NativeHostBackend extends NativeBackend {
    private final int threads;

    /** All cores, automatic MSM window. */
    public NativeHostBackend() {
        this(0);
    }

    /**
     * @param threads threads per operation (0 = every core)
     * @throws IllegalStateException when the native library is not available
     */
    public NativeHostBackend(int threads) {
        super(-1, threads, 0, 0);
        this.threads = threads;
    }

    @Override
    public boolean runsOnHostCpu() {
        return true;
    }

    @Override
    public String name() {
        return "native-host";
    }

    @Override
    public String toString() {
        return "native-host backend (" + (threads == 0 ? "all cores" : threads + " threads") + ")";
    }
}
