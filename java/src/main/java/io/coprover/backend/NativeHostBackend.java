package io.coprover.backend;

/**
 * The native library's CPU implementation: the same C++ field code as the CUDA kernels, compiled
 * for the host (with mulx/adcx/adox assembly where the CPU has them), NTT, Pippenger MSM (GLV
 * split, signed digits, bucket-sorted schedule, batch-affine accumulation; native/src/host_msm.cpp)
 * and PLONK round 3 ({@link PlonkKernels}) on {@code std::thread}s: the fastest CPU backend, which
 * {@code auto} takes when no GPU is usable. Bases are copied into native memory by
 * {@link #loadBases}. Thread-safe.
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
