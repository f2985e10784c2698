package io.coprover.backend;

/**
 * The CUDA implementation of {@link ProvingBackend} on one GPU (one instance per device): NTT
 * (radix-2^k stages in shared memory, batched, coset) and Pippenger MSM (signed-digit windows,
 * (window, bucket) radix sort, XYZZ buckets, parallel bucket reduction) from {@code cuda/}. MSM
 * bases stay resident in device memory from {@link #loadBases} until their handle is closed. Work
 * that does not fit the device's memory is split into pieces; if even one piece cannot fit, the
 * call fails with a message saying how much memory it needed. Thread-safe (calls on one device
 * are serialised by the library).
 */
public final class CudaBackend extends NativeBackend {
    private final CudaDevices.Device device;

    /**
     * @param device   a device from {@link CudaDevices#discover()}
     * @param memLimit bytes a call may allocate on the device (0 = 90% of the free memory)
     * @throws IllegalStateException when the library is missing or was built without CUDA
     */
    public CudaBackend(CudaDevices.Device device, long memLimit) {
        super(checkDevice(device), 0, 0, memLimit);
        if (!NativeLibrary.load().hasCuda()) {
            throw new IllegalStateException(
                    "the native library was built without CUDA kernels (no nvcc at build time)");
        }
        this.device = device;
    }

    public CudaBackend(CudaDevices.Device device) {
        this(device, 0);
    }

    private static int checkDevice(CudaDevices.Device d) {
        if (d == null) throw new IllegalArgumentException("CUDA backend: device is null");
        if (!d.supported()) {
            throw new IllegalArgumentException("CUDA backend: " + d.describe() + " is older than compute capability "
                    + CudaDevices.MIN_MAJOR + ".0, which the kernels need");
        }
        return d.ordinal();
    }

    /** The device this backend runs on. */
    public CudaDevices.Device device() {
        return device;
    }

    @Override
    public String name() {
        return "cuda:" + device.ordinal();
    }

    @Override
    public String toString() {
        return "CUDA backend on " + device.describe();
    }
}
