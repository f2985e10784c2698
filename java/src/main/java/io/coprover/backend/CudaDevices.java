package io.coprover.backend;

import java.util.ArrayList;
import java.util.List;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaDeviceProp;

/**
 * CUDA device discovery through JCuda's runtime API (count, name, compute capability, memory).
 * Never throws: without JCuda's natives, a driver or a GPU the result says why and lists nothing.
 */
public final class CudaDevices {
    /** The oldest compute capability the native kernels are built for (sm_80; sm_90 is the other). */
    public static final int MIN_MAJOR = 8;

    private static volatile Discovery cached;

    private CudaDevices() {}

    /**
     * One CUDA device.
     *
     * @param ordinal     the CUDA device number
     * @param name        the device's name
     * @param major       compute capability, major
     * @param minor       compute capability, minor
     * @param totalMemory global memory in bytes
     * @param multiprocessors streaming multiprocessors
     */
    public record Device(int ordinal, String name, int major, int minor, long totalMemory, int multiprocessors) {
        /** Whether the kernels can run here (compute capability 8.0 or newer). */
        public boolean supported() {
            return major >= MIN_MAJOR;
        }

        public String describe() {
            return String.format(
                    "cuda:%d %s, compute capability %d.%d, %.1f GiB, %d SMs",
                    ordinal, name, major, minor, totalMemory / (double) (1L << 30), multiprocessors);
        }
    }

    /**
     * The outcome of a query.
     *
     * @param devices the devices found (empty when none or on error)
     * @param detail  driver/runtime versions, or why no device could be listed
     */
    public record Discovery(List<Device> devices, String detail) {}

    /** Queries once and caches the answer (devices do not come and go while the JVM runs). */
    public static Discovery discover() {
        Discovery d = cached;
        if (d == null) {
            synchronized (CudaDevices.class) {
                if (cached == null) cached = query();
                d = cached;
            }
        }
        return d;
    }

    private static Discovery query() {
        if (Boolean.getBoolean("coprover.cuda.disable")) {
            return new Discovery(List.of(), "CUDA disabled by -Dcoprover.cuda.disable=true");
        }
        try {
            int[] count = {0};
            int rc = JCuda.cudaGetDeviceCount(count);
            if (rc != 0) {
                int[] driver = {0};
                JCuda.cudaDriverGetVersion(driver);
                // 35 with no driver at all is what a machine without an NVIDIA GPU answers: say that plainly
                if (rc == 100 || (rc == 35 && driver[0] == 0))
                    return new Discovery(List.of(), "no CUDA device (no NVIDIA GPU or driver on this machine)");
                return new Discovery(
                        List.of(),
                        "no usable CUDA device: cudaGetDeviceCount failed with error " + rc + " ("
                                + JCuda.cudaGetErrorString(rc) + ", driver " + version(driver[0]) + ")");
            }
            int[] drv = {0}, rt = {0};
            JCuda.cudaDriverGetVersion(drv);
            JCuda.cudaRuntimeGetVersion(rt);
            List<Device> list = new ArrayList<>();
            for (int i = 0; i < count[0]; i++) {
                cudaDeviceProp p = new cudaDeviceProp();
                int e = JCuda.cudaGetDeviceProperties(p, i);
                if (e != 0) {
                    return new Discovery(
                            List.copyOf(list),
                            "cudaGetDeviceProperties(" + i + ") failed with error " + e + " ("
                                    + JCuda.cudaGetErrorString(e) + ")");
                }
                list.add(new Device(i, p.getName().trim(), p.major, p.minor, p.totalGlobalMem, p.multiProcessorCount));
            }
            return new Discovery(
                    List.copyOf(list),
                    count[0] + " CUDA device(s), driver " + version(drv[0]) + ", JCuda runtime " + version(rt[0]));
        } catch (Throwable t) {
            // UnsatisfiedLinkError / NoClassDefFoundError when JCuda's natives or the driver are missing
            return new Discovery(
                    List.of(), "CUDA not available: " + t.getClass().getSimpleName() + ": " + t.getMessage());
        }
    }

    private static String version(int v) {
        return v == 0 ? "none" : (v / 1000) + "." + (v % 1000) / 10;
    }
}
