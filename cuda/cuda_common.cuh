/* CUDA plumbing shared by the kernels' host code: error checks that name the failing call,
 * RAII owners for device/pinned memory, streams and events, and the per-device state (a lock
 * serialising calls on one device, cached twiddle tables, pinned staging buffers). */
#ifndef COPROVER_CUDA_COMMON_CUH
#define COPROVER_CUDA_COMMON_CUH

#include <cuda_runtime.h>
#include <stdint.h>
#include <string.h>

#include <map>
#include <mutex>

#include "internal.hpp"

namespace coprover {

inline const char *base_name(const char *path) {
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

inline int32_t cuda_fail(cudaError_t e, const char *expr, const char *file, int line) {
    cudaGetLastError();  // clear a non-sticky error so the next call starts clean
    int32_t code = e == cudaErrorMemoryAllocation ? COPROVER_ERR_MEMORY
                 : (e == cudaErrorNoDevice || e == cudaErrorInvalidDevice || e == cudaErrorInsufficientDriver)
                       ? COPROVER_ERR_NO_DEVICE : COPROVER_ERR_CUDA;
    return set_error(code, "%s failed: %s (%s) at %s:%d", expr, cudaGetErrorName(e), cudaGetErrorString(e),
                     base_name(file), line);
}

/* Evaluates a CUDA runtime call; on failure returns the error code from the enclosing function. */
#define CP_CUDA(expr)                                                         \
    do {                                                                      \
        cudaError_t e_ = (expr);                                              \
        if (e_ != cudaSuccess) return cuda_fail(e_, #expr, __FILE__, __LINE__); \
    } while (0)

/* After a kernel launch: reports launch-configuration errors at once. */
#define CP_LAUNCHED() CP_CUDA(cudaGetLastError())

struct DeviceBuffer {
    void *p = nullptr;
    size_t bytes = 0;
    DeviceBuffer() = default;
    DeviceBuffer(const DeviceBuffer &) = delete;
    DeviceBuffer &operator=(const DeviceBuffer &) = delete;
    ~DeviceBuffer() { release(); }
    void release() {
        if (p) cudaFree(p);
        p = nullptr;
        bytes = 0;
    }
    int32_t alloc(size_t n, const char *what) {
        release();
        cudaError_t e = cudaMalloc(&p, n);
        if (e != cudaSuccess) {
            p = nullptr;
            cudaGetLastError();
            return set_error(e == cudaErrorMemoryAllocation ? COPROVER_ERR_MEMORY : COPROVER_ERR_CUDA,
                             "cudaMalloc of %zu bytes for %s failed: %s", n, what, cudaGetErrorString(e));
        }
        bytes = n;
        return COPROVER_OK;
    }
    template <class T> T *as() const { return static_cast<T *>(p); }
};

struct PinnedBuffer {
    void *p = nullptr;
    size_t bytes = 0;
    PinnedBuffer() = default;
    PinnedBuffer(const PinnedBuffer &) = delete;
    PinnedBuffer &operator=(const PinnedBuffer &) = delete;
    ~PinnedBuffer() { release(); }
    void release() {
        if (p) cudaFreeHost(p);
        p = nullptr;
        bytes = 0;
    }
    /* grows to at least n bytes (contents not kept) */
    int32_t reserve(size_t n, const char *what) {
        if (bytes >= n) return COPROVER_OK;
        release();
        cudaError_t e = cudaHostAlloc(&p, n, cudaHostAllocDefault);
        if (e != cudaSuccess) {
            p = nullptr;
            cudaGetLastError();
            return set_error(COPROVER_ERR_MEMORY, "cudaHostAlloc of %zu pinned bytes for %s failed: %s", n, what,
                             cudaGetErrorString(e));
        }
        bytes = n;
        return COPROVER_OK;
    }
};

struct Stream {
    cudaStream_t s = nullptr;
    Stream() = default;
    Stream(const Stream &) = delete;
    Stream &operator=(const Stream &) = delete;
    ~Stream() {
        if (s) cudaStreamDestroy(s);
    }
    int32_t create() {
        CP_CUDA(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
        return COPROVER_OK;
    }
};

struct Event {
    cudaEvent_t e = nullptr;
    Event() = default;
    Event(const Event &) = delete;
    Event &operator=(const Event &) = delete;
    ~Event() {
        if (e) cudaEventDestroy(e);
    }
    int32_t create() {
        CP_CUDA(cudaEventCreateWithFlags(&e, cudaEventDisableTiming));
        return COPROVER_OK;
    }
};

/* Twiddle tables of at most this many NTT sizes stay on a device between calls (a PLONK prover
 * uses two: n and 4n); the least recently used goes first. */
constexpr size_t TWIDDLE_SIZES_KEPT = 2;
/* Pinned staging kept between calls: at most 64 MiB per buffer, and at most 1/16 of the call's
 * device budget; larger buffers are released when the call ends. */
constexpr size_t STAGING_KEPT = (size_t)64 << 20;

/* State kept per device for the life of the process. All use happens under `mu`. */
struct DeviceState {
    std::mutex mu;
    Stream stream[2];          // NTT pipeline (two polynomials in flight); stream[0] also runs MSM
    Stream copy;               // MSM scalar uploads, overlapped with the digit kernel
    PinnedBuffer staging[2];   // pinned host buffers for asynchronous copies
    std::map<int, DeviceBuffer *> twiddles;  // log n -> omega^i, i < n/2 (device)
    std::map<int, uint64_t> twiddle_used;    // log n -> use stamp (least recently used goes first)
    uint64_t uses = 0;
    bool ready = false;
    ~DeviceState() { drop_twiddles(-1); }

    /* frees every cached twiddle table but keep's */
    void drop_twiddles(int keep) {
        for (auto it = twiddles.begin(); it != twiddles.end();) {
            if (it->first == keep) { ++it; continue; }
            delete it->second;
            twiddle_used.erase(it->first);
            it = twiddles.erase(it);
        }
    }
    /* after a call: releases staging above the kept size (device work on them has finished) */
    void trim_staging(size_t budget) {
        size_t keep = budget / 16 < STAGING_KEPT ? budget / 16 : STAGING_KEPT;
        for (auto &b : staging)
            if (b.bytes > keep) b.release();
    }
};

/* Reserves n bytes of pinned staging; false when pinned memory is not to be had (the caller then
 * copies from pageable memory, slower but correct). Other errors are not expected here. */
inline bool staging_ready(PinnedBuffer &b, size_t n, const char *what) {
    if (b.reserve(n, what) == COPROVER_OK) return true;
    set_error(COPROVER_OK, "%s", "");  // the fallback is no error
    return false;
}

/* Locks the device's state, makes it current for this thread and creates its streams on first
 * use. Returns an error code (the lock is released on error). */
int32_t acquire_device(int device, DeviceState **out, std::unique_lock<std::mutex> *lock);

/* Bytes this call may allocate: the config's limit, or 90% of the device's free memory. */
int32_t device_budget(const coprover_config *cfg, size_t *budget);

}  // namespace coprover

#endif
