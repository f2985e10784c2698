/* Device discovery, per-device state, memory budget, and resident MSM bases. */
#include <memory>
#include <vector>

#include "coprover/curve.hpp"
#include "cuda_common.cuh"

namespace coprover {

namespace {
std::mutex g_devices_mu;
std::vector<std::unique_ptr<DeviceState>> g_devices;

struct ResidentBases {
    int device;
    int64_t count;
    DeviceBuffer points;  // count affine points, the API layout (8 x uint64 Montgomery)
};
}  // namespace

int32_t cuda_device_count(int32_t *count) {
    int n = 0;  // cudaGetDeviceCount leaves it untouched on error
    cudaError_t e = cudaGetDeviceCount(&n);
    if (e == cudaErrorNoDevice || e == cudaErrorInsufficientDriver || e == cudaErrorInitializationError ||
        e == cudaErrorSystemDriverMismatch || e == cudaErrorCompatNotSupportedOnDevice) {
        cudaGetLastError();
        *count = 0;
        set_error(COPROVER_OK, "no usable CUDA driver or device: %s", cudaGetErrorString(e));
        return COPROVER_OK;
    }
    CP_CUDA(e);
    *count = n;
    return COPROVER_OK;
}

int32_t acquire_device(int device, DeviceState **out, std::unique_lock<std::mutex> *lock) {
    int32_t n = 0;
    int32_t rc = cuda_device_count(&n);
    if (rc) return rc;
    if (device >= n) return set_error(COPROVER_ERR_NO_DEVICE, "CUDA device %d requested, %d present", device, n);
    DeviceState *st;
    {
        std::lock_guard<std::mutex> g(g_devices_mu);
        if ((int)g_devices.size() < n) g_devices.resize(n);
        if (!g_devices[device]) g_devices[device].reset(new DeviceState());
        st = g_devices[device].get();
    }
    std::unique_lock<std::mutex> l(st->mu);
    CP_CUDA(cudaSetDevice(device));
    if (!st->ready) {
        if ((rc = st->stream[0].create()) || (rc = st->stream[1].create()) || (rc = st->copy.create())) return rc;
        st->ready = true;
    }
    *out = st;
    *lock = std::move(l);
    return COPROVER_OK;
}

int32_t device_budget(const coprover_config *cfg, size_t *budget) {
    size_t free_b = 0, total_b = 0;
    CP_CUDA(cudaMemGetInfo(&free_b, &total_b));
    size_t b = free_b / 10 * 9;
    if (cfg->device_mem_limit > 0 && (size_t)cfg->device_mem_limit < b) b = (size_t)cfg->device_mem_limit;
    *budget = b;
    return COPROVER_OK;
}

int32_t cuda_bases_load(int device, const uint64_t *points, int64_t count, void **out) {
    DeviceState *st;
    std::unique_lock<std::mutex> lock;
    int32_t rc = acquire_device(device, &st, &lock);
    if (rc) return rc;
    std::unique_ptr<ResidentBases> b(new ResidentBases());
    b->device = device;
    b->count = count;
    size_t bytes = (size_t)count * sizeof(G1Affine);
    size_t free_b = 0, total_b = 0;
    CP_CUDA(cudaMemGetInfo(&free_b, &total_b));
    if (bytes > free_b)
        return set_error(COPROVER_ERR_MEMORY, "MSM bases: %lld points need %zu bytes of device memory, %zu free of %zu",
                         (long long)count, bytes, free_b, total_b);
    if (bytes > 0) {
        if ((rc = b->points.alloc(bytes, "MSM bases"))) return rc;
        // through pinned staging buffers, in pieces, so copies run asynchronously at full speed;
        // without pinned memory, one synchronous copy from the caller's array
        const size_t piece = bytes < ((size_t)64 << 20) ? bytes : ((size_t)64 << 20);
        if (!staging_ready(st->staging[0], piece, "MSM bases upload") ||
            !staging_ready(st->staging[1], piece, "MSM bases upload")) {
            CP_CUDA(cudaMemcpyAsync(b->points.p, points, bytes, cudaMemcpyHostToDevice, st->stream[0].s));
            CP_CUDA(cudaStreamSynchronize(st->stream[0].s));
            st->trim_staging(free_b);
            *out = b.release();
            return COPROVER_OK;
        }
        Event done[2];
        if ((rc = done[0].create()) || (rc = done[1].create())) return rc;
        const char *src = reinterpret_cast<const char *>(points);
        char *dst = b->points.as<char>();
        int k = 0;
        for (size_t off = 0; off < bytes; off += piece, k ^= 1) {
            size_t len = bytes - off < piece ? bytes - off : piece;
            CP_CUDA(cudaEventSynchronize(done[k].e));  // the previous copy from this buffer finished
            memcpy(st->staging[k].p, src + off, len);
            CP_CUDA(cudaMemcpyAsync(dst + off, st->staging[k].p, len, cudaMemcpyHostToDevice, st->stream[0].s));
            CP_CUDA(cudaEventRecord(done[k].e, st->stream[0].s));
        }
        CP_CUDA(cudaStreamSynchronize(st->stream[0].s));
        st->trim_staging(free_b);
    }
    *out = b.release();
    return COPROVER_OK;
}

int32_t cuda_bases_free(void *p) {
    ResidentBases *b = static_cast<ResidentBases *>(p);
    if (!b) return COPROVER_OK;
    int prev = 0;
    cudaGetDevice(&prev);
    cudaSetDevice(b->device);
    delete b;  // cudaFree on the bases' device
    cudaSetDevice(prev);
    return COPROVER_OK;
}

/* accessors for msm.cu */
const uint64_t *resident_points(void *p, int *device, int64_t *count) {
    ResidentBases *b = static_cast<ResidentBases *>(p);
    *device = b->device;
    *count = b->count;
    return b->points.as<const uint64_t>();
}

}  // namespace coprover
