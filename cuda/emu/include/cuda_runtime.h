/* The subset of the CUDA runtime API that cuda/*.cu use, emulated on the CPU (cuda/emu/runtime.cpp).
 *
 * The kernels compile with the host compiler against this header. A launch runs its blocks one at
 * a time on the calling host thread; the threads of a block are fibers that meet at every
 * __syncthreads. Device and pinned memory are host allocations of exactly the requested size,
 * filled with poison bytes; dynamic shared memory is allocated per block at exactly the launch's
 * size. Streams are queues; in lazy mode (CP_EMU_LAZY=1) queued work runs only when the host
 * synchronises, so host races on pinned buffers and missing cross-stream waits change results.
 * See docs/GPU-EMULATION.md for everything it checks and what it cannot. */
#ifndef CP_EMU_CUDA_RUNTIME_H
#define CP_EMU_CUDA_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>

#define CP_EMU 1
#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __noinline__
#define __launch_bounds__(...)
#define __restrict__ __restrict
/* static __shared__ arrays: blocks run one at a time on one host thread, so a function-local
 * static is exactly one block's copy (uninitialised memory is not modelled for these) */
#define __shared__ static

struct dim3 {
    unsigned x, y, z;
    constexpr dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
};
struct uint3 {
    unsigned x, y, z;
};

enum cudaError {
    cudaSuccess = 0,
    cudaErrorInvalidValue = 1,
    cudaErrorMemoryAllocation = 2,
    cudaErrorInitializationError = 3,
    cudaErrorInvalidConfiguration = 9,
    cudaErrorInsufficientDriver = 35,
    cudaErrorNoDevice = 100,
    cudaErrorInvalidDevice = 101,
    cudaErrorInvalidResourceHandle = 400,
    cudaErrorNotReady = 600,
    cudaErrorIllegalAddress = 700,
    cudaErrorLaunchOutOfResources = 701,
    cudaErrorLaunchFailure = 719,
    cudaErrorSystemDriverMismatch = 803,
    cudaErrorCompatNotSupportedOnDevice = 804,
};
typedef enum cudaError cudaError_t;

enum cudaMemcpyKind {
    cudaMemcpyHostToHost = 0,
    cudaMemcpyHostToDevice = 1,
    cudaMemcpyDeviceToHost = 2,
    cudaMemcpyDeviceToDevice = 3,
    cudaMemcpyDefault = 4,
};
enum cudaFuncAttribute { cudaFuncAttributeMaxDynamicSharedMemorySize = 8 };

typedef struct CUstream_st *cudaStream_t;
typedef struct CUevent_st *cudaEvent_t;

#define cudaStreamDefault 0x0
#define cudaStreamNonBlocking 0x1
#define cudaEventDefault 0x0
#define cudaEventDisableTiming 0x2
#define cudaHostAllocDefault 0x0

cudaError_t cudaGetDeviceCount(int *count);
cudaError_t cudaSetDevice(int device);
cudaError_t cudaGetDevice(int *device);
cudaError_t cudaGetLastError(void);
cudaError_t cudaPeekAtLastError(void);
const char *cudaGetErrorName(cudaError_t e);
const char *cudaGetErrorString(cudaError_t e);
cudaError_t cudaDeviceSynchronize(void);
cudaError_t cudaMemGetInfo(size_t *free_bytes, size_t *total_bytes);

cudaError_t cudaMalloc(void **p, size_t bytes);
cudaError_t cudaFree(void *p);
cudaError_t cudaHostAlloc(void **p, size_t bytes, unsigned flags);
cudaError_t cudaMallocHost(void **p, size_t bytes);
cudaError_t cudaFreeHost(void *p);
cudaError_t cudaMemcpy(void *dst, const void *src, size_t bytes, cudaMemcpyKind kind);
cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t bytes, cudaMemcpyKind kind, cudaStream_t s = 0);
cudaError_t cudaMemset(void *p, int value, size_t bytes);
cudaError_t cudaMemsetAsync(void *p, int value, size_t bytes, cudaStream_t s = 0);

cudaError_t cudaStreamCreate(cudaStream_t *s);
cudaError_t cudaStreamCreateWithFlags(cudaStream_t *s, unsigned flags);
cudaError_t cudaStreamDestroy(cudaStream_t s);
cudaError_t cudaStreamSynchronize(cudaStream_t s);
cudaError_t cudaStreamWaitEvent(cudaStream_t s, cudaEvent_t e, unsigned flags = 0);
cudaError_t cudaEventCreate(cudaEvent_t *e);
cudaError_t cudaEventCreateWithFlags(cudaEvent_t *e, unsigned flags);
cudaError_t cudaEventDestroy(cudaEvent_t e);
cudaError_t cudaEventRecord(cudaEvent_t e, cudaStream_t s = 0);
cudaError_t cudaEventSynchronize(cudaEvent_t e);
cudaError_t cudaEventQuery(cudaEvent_t e);

namespace cp_emu {

/* the running thread's coordinates; set by the block scheduler before it resumes a fiber */
extern thread_local uint3 t_thread_idx, t_block_idx;
extern thread_local dim3 t_block_dim, t_grid_dim;

void syncthreads(const char *file, int line);
/* an error the emulation found: printed, counted, and sticky when raised inside a kernel */
void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *dynamic_shared();
void work_tick();

cudaError_t func_set_attribute(const void *fn, cudaFuncAttribute attr, int value);

/* A kernel with its arguments bound, run by the queue of its stream. */
cudaError_t launch(const void *fn, const char *name, const char *file, int line, dim3 grid, dim3 block,
                   size_t shared, cudaStream_t s, std::function<void()> body);

template <class R, class... P>
struct Launcher {
    void (*fn)(P...);
    const char *name, *file;
    int line;
    dim3 grid, block;
    size_t shared;
    cudaStream_t stream;
    template <class... A>
    void operator()(A &&...a) const {
        // arguments are copied at launch, as the driver copies the parameter buffer
        std::tuple<typename std::decay<P>::type...> args(std::forward<A>(a)...);
        auto f = fn;
        launch(reinterpret_cast<const void *>(fn), name, file, line, grid, block, shared, stream,
               [f, args]() { std::apply(f, args); });
    }
};

template <class... P>
Launcher<void, P...> make_launcher(void (*fn)(P...), const char *name, const char *file, int line, dim3 grid,
                                   dim3 block, size_t shared = 0, cudaStream_t s = 0) {
    return Launcher<void, P...>{fn, name, file, line, grid, block, shared, s};
}

}  // namespace cp_emu

template <class T>
cudaError_t cudaFuncSetAttribute(T *fn, cudaFuncAttribute attr, int value) {
    return cp_emu::func_set_attribute(reinterpret_cast<const void *>(fn), attr, value);
}

/* `k<<<grid, block, shared, stream>>>(args)` reaches the compiler as
 * `CP_EMU_LAUNCH(k, grid, block, shared, stream)(args)` (cuda/emu/translate.cmake) */
#define CP_EMU_LAUNCH(k, ...) ::cp_emu::make_launcher(k, #k, __FILE__, __LINE__, __VA_ARGS__)
/* `extern __shared__ T name[];` reaches it as `T *const name = CP_EMU_DYNAMIC_SHARED(T);` */
#define CP_EMU_DYNAMIC_SHARED(T) static_cast<T *>(::cp_emu::dynamic_shared())

#define threadIdx (::cp_emu::t_thread_idx)
#define blockIdx (::cp_emu::t_block_idx)
#define blockDim (::cp_emu::t_block_dim)
#define gridDim (::cp_emu::t_grid_dim)
#define warpSize 32
#define __syncthreads() ::cp_emu::syncthreads(__FILE__, __LINE__)
/* one unit of work (a point addition, coprover/curve.hpp) of the running thread, for load-balance checks */
#define CP_WORK_TICK() ::cp_emu::work_tick()

/* device intrinsics */
inline unsigned __brev(unsigned x) {
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
    x = ((x >> 8) & 0x00ff00ffu) | ((x & 0x00ff00ffu) << 8);
    return (x >> 16) | (x << 16);
}
inline unsigned long long __umul64hi(unsigned long long a, unsigned long long b) {
    return (unsigned long long)(((unsigned __int128)a * b) >> 64);
}
inline int __clz(int x) { return x == 0 ? 32 : __builtin_clz((unsigned)x); }
inline int __clzll(long long x) { return x == 0 ? 64 : __builtin_clzll((unsigned long long)x); }
inline int __popc(unsigned x) { return __builtin_popcount(x); }
inline int __popcll(unsigned long long x) { return __builtin_popcountll(x); }
inline int __ffs(int x) { return __builtin_ffs(x); }

/* Atomics: one host thread runs a launch and a fiber switches only at a barrier, so a plain
 * read-modify-write is atomic with respect to the other emulated threads. */
template <class T> inline T atomicAdd(T *p, T v) { T o = *p; *p = o + v; return o; }
template <class T> inline T atomicSub(T *p, T v) { T o = *p; *p = o - v; return o; }
template <class T> inline T atomicMax(T *p, T v) { T o = *p; if (v > o) *p = v; return o; }
template <class T> inline T atomicMin(T *p, T v) { T o = *p; if (v < o) *p = v; return o; }
template <class T> inline T atomicExch(T *p, T v) { T o = *p; *p = v; return o; }
template <class T> inline T atomicCAS(T *p, T cmp, T v) { T o = *p; if (o == cmp) *p = v; return o; }
template <class T> inline T atomicOr(T *p, T v) { T o = *p; *p = o | v; return o; }
template <class T> inline T atomicAnd(T *p, T v) { T o = *p; *p = o & v; return o; }
inline void __threadfence() {}

#endif
