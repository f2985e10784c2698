/* Controls and observations of the CPU emulation of the CUDA runtime (cuda/emu/runtime.cpp), for
 * the emulated checks. Environment variables set the initial state:
 *   CP_EMU_LAZY=1             queued work runs only when the host synchronises (default: at once)
 *   CP_EMU_ORDER=forward|reverse|random   order of the blocks of a launch and of the threads of
 *                             a block between barriers (default forward)
 *   CP_EMU_SEED=n             seed of the random order (default 1)
 *   CP_EMU_DEVICE_MEM=bytes   device memory reported and enforced (default 80 GiB, an H100's)
 *   CP_EMU_FAIL_HOST_ALLOC=n  the next n pinned allocations fail
 *   CP_EMU_QUIET=1            no per-error message on stderr */
#ifndef CP_EMU_CONTROL_H
#define CP_EMU_CONTROL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cp_emu_work {
    uint64_t launches;  /* launches of the kernel since the last reset */
    uint64_t threads;   /* threads run */
    uint64_t active;    /* threads that did at least one unit of work (a point addition) */
    uint64_t total;     /* units of work of all threads */
    uint64_t max;       /* most units of work done by one thread */
} cp_emu_work;

/* 1 and *out filled when the kernel ran since the last reset, else 0 */
int cp_emu_kernel_work(const char *kernel, cp_emu_work *out);
void cp_emu_reset_work(void);
/* device and pinned memory currently allocated */
void cp_emu_memory(size_t *device_bytes, size_t *device_allocs, size_t *pinned_bytes, size_t *pinned_allocs);
void cp_emu_fail_host_allocs(int n);
void cp_emu_set_lazy(int lazy);
/* 0 forward, 1 reverse, 2 random */
void cp_emu_set_order(int order, uint64_t seed);
/* errors the emulation found (invalid launches, divergent barriers, bad copies...) since start */
uint64_t cp_emu_errors(void);
/* a one-line description of the mode, for logs */
const char *cp_emu_mode(void);

#ifdef __cplusplus
}
#endif

#endif
