/* The CUDA runtime emulated on the CPU for the kernels in cuda/ (header: include/cuda_runtime.h).
 *
 * Execution model. A stream is a queue of operations (kernels, copies, memsets, event records,
 * waits). In eager mode an operation runs when it is queued; in lazy mode it runs only when the
 * host waits for it (stream/event/device synchronisation, a copy to pageable memory, cudaFree),
 * and then only what that wait needs: a stream's queue up to the point, and the work of other
 * streams only through cudaStreamWaitEvent. So a host write into a pinned buffer that a queued
 * copy has not read yet, or a kernel whose input copy sits on another stream without a wait, gives
 * a different answer in lazy mode, and the checks that compare answers see it.
 *
 * A launch runs its blocks one after another (forward, reversed or shuffled) on the calling
 * thread. The threads of a block are fibers (a register switch on x86-64, ucontext elsewhere): each
 * runs until it reaches __syncthreads
 * or returns; when all have stopped, the barrier is checked -- every thread must wait at the same
 * call site with the same number of barriers passed, and none may have returned while others wait
 * -- and all resume. Dynamic shared memory is allocated per block at exactly the launch's size
 * (heap under AddressSanitizer, else against a guard page) and filled with poison, as are device
 * and pinned allocations. Launch limits are CUDA's (compute capability 9.0). */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "cp_emu.h"
#include "cuda_runtime.h"

#if defined(__SANITIZE_ADDRESS__)
#define CP_EMU_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CP_EMU_ASAN 1
#endif
#endif
#ifdef CP_EMU_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

struct CUstream_st {
    struct Op {
        uint64_t seq;
        const char *what;
        std::function<void()> run;
    };
    std::deque<Op> queue;
    uint64_t done = 0;  // sequence number of the last operation run
};
struct CUevent_st {
    CUstream_st *stream = nullptr;  // where it was last recorded
    uint64_t seq = 0;
};

namespace cp_emu {

thread_local uint3 t_thread_idx, t_block_idx;
thread_local dim3 t_block_dim, t_grid_dim;

namespace {

constexpr size_t kSharedDefault = 48 << 10;     // without cudaFuncSetAttribute
constexpr size_t kSharedOptIn = 227 << 10;      // sm_90 opt-in maximum per block
constexpr unsigned kMaxThreads = 1024;
constexpr unsigned char kPoison = 0xfb;         // 0xfbfb... is no canonical field element

std::recursive_mutex g_mu;
bool g_lazy = false;
int g_order = 0;
uint64_t g_seed = 1;
size_t g_device_mem = (size_t)80 << 30;
int g_fail_host = 0;
bool g_quiet = false;
uint64_t g_errors = 0;
cudaError_t g_sticky = cudaSuccess;
thread_local cudaError_t t_last = cudaSuccess;
uint64_t g_seq = 0;
CUstream_st g_null_stream;

struct Alloc {
    size_t bytes;
    bool pinned;
};
std::map<uintptr_t, Alloc> g_allocs;
size_t g_used[2], g_count[2];  // [device, pinned]
std::map<const void *, size_t> g_shared_limit;
std::map<std::string, cp_emu_work> g_work;

struct Init {
    Init() {
        const char *v;
        if ((v = getenv("CP_EMU_LAZY"))) g_lazy = atoi(v) != 0;
        if ((v = getenv("CP_EMU_ORDER"))) {
            std::string o = v;
            g_order = o == "reverse" ? 1 : o == "random" ? 2 : 0;
            if (o != "forward" && o != "reverse" && o != "random") {
                fprintf(stderr, "CP_EMU_ORDER must be forward, reverse or random, got %s\n", v);
                exit(2);
            }
        }
        if ((v = getenv("CP_EMU_SEED"))) g_seed = strtoull(v, nullptr, 10);
        if ((v = getenv("CP_EMU_DEVICE_MEM"))) g_device_mem = strtoull(v, nullptr, 10);
        if ((v = getenv("CP_EMU_FAIL_HOST_ALLOC"))) g_fail_host = atoi(v);
        if ((v = getenv("CP_EMU_QUIET"))) g_quiet = atoi(v) != 0;
    }
} g_init;

/* ---------- fibers ---------- */

#if defined(__x86_64__)
/* Saves the callee-saved registers, MXCSR and the x87 control word on the current stack, stores the
 * stack pointer in *from and continues from the stack pointer `to` (saved the same way, or made by
 * fiber_stack). No system call, unlike swapcontext, which saves the signal mask each time. */
extern "C" void cp_emu_switch(void **from, void *to);
asm(R"(
    .text
    .globl cp_emu_switch
    .type cp_emu_switch, @function
cp_emu_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size cp_emu_switch, .-cp_emu_switch
)");
struct Context {
    void *sp = nullptr;
};
/* a fresh stack whose first switch-in "returns" into entry with the alignment of a call */
void fiber_stack(Context &c, char *stack, size_t size, void (*entry)()) {
    void **sp = reinterpret_cast<void **>(reinterpret_cast<uintptr_t>(stack + size) & ~(uintptr_t)15);
    *--sp = nullptr;                           // entry's return address slot: it never returns
    *--sp = reinterpret_cast<void *>(entry);   // taken by ret
    for (int i = 0; i < 6; i++) *--sp = nullptr;  // rbp rbx r12..r15
    --sp;
    uint32_t mxcsr;
    uint16_t cw;
    asm volatile("stmxcsr %0" : "=m"(mxcsr));
    asm volatile("fnstcw %0" : "=m"(cw));
    memcpy(sp, &mxcsr, 4);
    memcpy(reinterpret_cast<char *>(sp) + 4, &cw, 2);
    c.sp = sp;
}
inline void switch_to(Context &from, Context &to) { cp_emu_switch(&from.sp, to.sp); }
#else
struct Context {
    ucontext_t uc;
};
void fiber_stack(Context &c, char *stack, size_t size, void (*entry)()) {
    getcontext(&c.uc);
    c.uc.uc_stack.ss_sp = stack;
    c.uc.uc_stack.ss_size = size;
    c.uc.uc_link = nullptr;
    makecontext(&c.uc, entry, 0);
}
inline void switch_to(Context &from, Context &to) { swapcontext(&from.uc, &to.uc); }
#endif

/* ---------- the block scheduler ---------- */

enum FiberState { kReady, kAtBarrier, kDone };

struct Fiber {
    Context ctx;
    char *stack = nullptr;
    FiberState state = kReady;
    const char *bar_file = nullptr;
    int bar_line = 0;
    unsigned barriers = 0;
    uint3 tid;
    uint64_t ticks = 0;
#ifdef CP_EMU_ASAN
    void *fake = nullptr;
#endif
};

#ifdef CP_EMU_ASAN
constexpr size_t kStack = 512 << 10;
#else
constexpr size_t kStack = 128 << 10;
#endif

struct Block {
    std::vector<Fiber> fibers;
    std::vector<char *> stacks;  // kept across launches
    Context sched;
    Fiber *cur = nullptr;
    const std::function<void()> *body = nullptr;
    void *shared = nullptr;
    const char *kernel = "";
#ifdef CP_EMU_ASAN
    const void *sched_bottom = nullptr;
    size_t sched_size = 0;
    void *sched_fake = nullptr;
#endif
};
Block g_block;
bool g_in_kernel = false;

char *shared_region = nullptr;  // non-ASan: [region, guard) usable, guard page after it
char *shared_guard = nullptr;

void segv_handler(int sig, siginfo_t *si, void *) {
    char *a = static_cast<char *>(si->si_addr);
    if (shared_guard && a >= shared_guard && a < shared_guard + 4096) {
        char buf[512];
        int n = snprintf(buf, sizeof buf,
                         "cuda emulation: kernel %s block (%u,%u,%u) thread (%u,%u,%u) accessed shared memory past "
                         "the end of the launch's dynamic allocation\n",
                         g_block.kernel, t_block_idx.x, t_block_idx.y, t_block_idx.z, t_thread_idx.x, t_thread_idx.y,
                         t_thread_idx.z);
        if (write(2, buf, (size_t)n) < 0) {}
        _exit(86);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

void fiber_main() {
    Block &b = g_block;
#ifdef CP_EMU_ASAN
    __sanitizer_finish_switch_fiber(nullptr, &b.sched_bottom, &b.sched_size);
#endif
    (*b.body)();
    b.cur->state = kDone;
#ifdef CP_EMU_ASAN
    __sanitizer_start_switch_fiber(nullptr, b.sched_bottom, b.sched_size);
#endif
    switch_to(b.cur->ctx, b.sched);  // never resumed
    abort();
}

void resume(Fiber &f) {
    Block &b = g_block;
    b.cur = &f;
    t_thread_idx = f.tid;
#ifdef CP_EMU_ASAN
    __sanitizer_start_switch_fiber(&b.sched_fake, f.stack, kStack);
#endif
    switch_to(b.sched, f.ctx);
#ifdef CP_EMU_ASAN
    __sanitizer_finish_switch_fiber(b.sched_fake, nullptr, nullptr);
#endif
}

std::vector<uint64_t> order_of(uint64_t n, std::mt19937_64 &rng) {
    std::vector<uint64_t> o(n);
    for (uint64_t i = 0; i < n; i++) o[i] = g_order == 1 ? n - 1 - i : i;
    if (g_order == 2) std::shuffle(o.begin(), o.end(), rng);
    return o;
}

void *alloc_shared(size_t bytes) {
#ifdef CP_EMU_ASAN
    void *p = malloc(bytes ? bytes : 1);
    if (bytes == 0) ASAN_POISON_MEMORY_REGION(p, 1);
    memset(p, kPoison, bytes);
    return p;
#else
    if (!shared_region) {
        size_t usable = (kSharedOptIn + 4095) & ~(size_t)4095;
        char *m = static_cast<char *>(mmap(nullptr, usable + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
        if (m == MAP_FAILED) { perror("mmap"); abort(); }
        shared_region = m;
        shared_guard = m + usable;
        mprotect(shared_guard, 4096, PROT_NONE);
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = segv_handler;
        sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigaction(SIGSEGV, &sa, nullptr);
    }
    char *p = shared_guard - ((bytes + 15) & ~(size_t)15);
    memset(p, kPoison, bytes);
    return p;
#endif
}

void free_shared(void *p) {
#ifdef CP_EMU_ASAN
    free(p);
#else
    (void)p;
#endif
}

const char *site(const char *file) {
    const char *s = strrchr(file, '/');
    return s ? s + 1 : file;
}

/* Runs one kernel launch to the end; false after a reported error. */
bool run_kernel(const char *name, dim3 grid, dim3 block, size_t shared, const std::function<void()> &body) {
    Block &b = g_block;
    const unsigned nt = block.x * block.y * block.z;
    while (b.stacks.size() < nt) {
        char *s = static_cast<char *>(mmap(nullptr, kStack + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
        if (s == MAP_FAILED) { perror("mmap"); abort(); }
        mprotect(s, 4096, PROT_NONE);  // stack overflow faults instead of corrupting the next stack
        b.stacks.push_back(s + 4096);
    }
    b.fibers.assign(nt, Fiber());
    b.body = &body;
    b.kernel = name;
    t_grid_dim = grid;
    t_block_dim = block;
    std::mt19937_64 rng(g_seed ^ g_seq);
    const uint64_t nblocks = (uint64_t)grid.x * grid.y * grid.z;
    cp_emu_work &w = g_work[name];
    w.launches++;
    g_in_kernel = true;
    bool ok = true;
    for (uint64_t bi : order_of(nblocks, rng)) {
        t_block_idx = uint3{(unsigned)(bi % grid.x), (unsigned)(bi / grid.x % grid.y), (unsigned)(bi / grid.x / grid.y)};
        b.shared = alloc_shared(shared);
        for (unsigned t = 0; t < nt; t++) {
            Fiber &f = b.fibers[t];
            f = Fiber();
            f.stack = b.stacks[t];
            f.tid = uint3{t % block.x, t / block.x % block.y, t / block.x / block.y};
            fiber_stack(f.ctx, f.stack, kStack, fiber_main);
        }
        for (;;) {
            for (uint64_t t : order_of(nt, rng))
                if (b.fibers[t].state == kReady) resume(b.fibers[t]);
            unsigned waiting = 0, done = 0;
            const Fiber *first = nullptr;
            for (auto &f : b.fibers) {
                if (f.state == kAtBarrier) {
                    waiting++;
                    if (!first) first = &f;
                } else {
                    done++;
                }
            }
            if (waiting == 0) break;
            if (done > 0) {
                report("kernel %s block (%u,%u,%u): %u threads wait at __syncthreads (%s:%d, barrier %u) while %u threads "
                       "of the block have returned (divergent barrier)",
                       name, t_block_idx.x, t_block_idx.y, t_block_idx.z, waiting, site(first->bar_file), first->bar_line,
                       first->barriers, done);
                ok = false;
                break;
            }
            for (auto &f : b.fibers) {
                if (f.bar_line != first->bar_line || f.bar_file != first->bar_file || f.barriers != first->barriers) {
                    report("kernel %s block (%u,%u,%u): thread (%u,%u,%u) waits at %s:%d (barrier %u), thread (%u,%u,%u) at "
                           "%s:%d (barrier %u) (divergent barrier)",
                           name, t_block_idx.x, t_block_idx.y, t_block_idx.z, first->tid.x, first->tid.y, first->tid.z,
                           site(first->bar_file), first->bar_line, first->barriers, f.tid.x, f.tid.y, f.tid.z,
                           site(f.bar_file), f.bar_line, f.barriers);
                    ok = false;
                    break;
                }
            }
            if (!ok) break;
            for (auto &f : b.fibers) f.state = kReady;
        }
        free_shared(b.shared);
        b.shared = nullptr;
        for (auto &f : b.fibers) {
            w.threads++;
            w.total += f.ticks;
            if (f.ticks) w.active++;
            if (f.ticks > w.max) w.max = f.ticks;
        }
        if (!ok) break;
    }
    g_in_kernel = false;
    return ok;
}

/* ---------- queues ---------- */

CUstream_st *stream_of(cudaStream_t s) { return s ? s : &g_null_stream; }

void run_until(CUstream_st *s, uint64_t seq) {
    while (!s->queue.empty() && s->queue.front().seq <= seq) {
        CUstream_st::Op op = std::move(s->queue.front());
        s->queue.pop_front();
        op.run();
        s->done = op.seq;
    }
}

std::vector<CUstream_st *> g_streams;

/* a destroyed stream ran all its work first, so whatever waited for it has nothing left to wait for */
bool alive(CUstream_st *s) {
    return s == &g_null_stream || std::find(g_streams.begin(), g_streams.end(), s) != g_streams.end();
}

void run_all() {
    run_until(&g_null_stream, UINT64_MAX);
    for (size_t i = 0; i < g_streams.size(); i++) run_until(g_streams[i], UINT64_MAX);
}

uint64_t enqueue(CUstream_st *s, const char *what, std::function<void()> run) {
    uint64_t seq = ++g_seq;
    s->queue.push_back(CUstream_st::Op{seq, what, std::move(run)});
    if (!g_lazy) run_until(s, seq);
    return seq;
}

cudaError_t fail(cudaError_t e) {
    t_last = e;
    return e;
}

/* the allocation holding [p, p + bytes), or null */
const Alloc *find(const void *p, size_t bytes, uintptr_t *base) {
    uintptr_t a = (uintptr_t)p;
    auto it = g_allocs.upper_bound(a);
    if (it == g_allocs.begin()) return nullptr;
    --it;
    if (a + bytes > it->first + it->second.bytes || a < it->first) return nullptr;
    if (base) *base = it->first;
    return &it->second;
}

bool is_device(const void *p, size_t bytes) {
    const Alloc *a = find(p, bytes, nullptr);
    return a && !a->pinned;
}
bool is_pinned(const void *p, size_t bytes) {
    const Alloc *a = find(p, bytes, nullptr);
    return a && a->pinned;
}
bool inside_any_device(const void *p) {
    const Alloc *a = find(p, 1, nullptr);
    return a && !a->pinned;
}

cudaError_t allocate(void **p, size_t bytes, bool pinned) {
    if (!p) return fail(cudaErrorInvalidValue);
    *p = nullptr;
    if (bytes == 0) return cudaSuccess;
    if (!pinned && g_used[0] + bytes > g_device_mem) return fail(cudaErrorMemoryAllocation);
    if (pinned && g_fail_host > 0) {
        g_fail_host--;
        return fail(cudaErrorMemoryAllocation);
    }
    void *m = nullptr;
    if (posix_memalign(&m, 256, bytes) != 0) return fail(cudaErrorMemoryAllocation);
    memset(m, kPoison, bytes);
    g_allocs[(uintptr_t)m] = Alloc{bytes, pinned};
    g_used[pinned] += bytes;
    g_count[pinned]++;
    *p = m;
    return cudaSuccess;
}

cudaError_t release(void *p, bool pinned) {
    if (!p) return cudaSuccess;
    run_all();  // cudaFree and cudaFreeHost wait for the device
    auto it = g_allocs.find((uintptr_t)p);
    if (it == g_allocs.end() || it->second.pinned != pinned) {
        report("%s(%p): not a pointer returned by %s", pinned ? "cudaFreeHost" : "cudaFree", p,
               pinned ? "cudaHostAlloc" : "cudaMalloc");
        return fail(cudaErrorInvalidValue);
    }
    g_used[pinned] -= it->second.bytes;
    g_count[pinned]--;
    g_allocs.erase(it);
    free(p);
    return cudaSuccess;
}

}  // namespace

void report(const char *fmt, ...) {
    std::lock_guard<std::recursive_mutex> g(g_mu);
    g_errors++;
    if (g_in_kernel) g_sticky = cudaErrorLaunchFailure;  // a fault in a kernel is sticky, as on a GPU
    if (g_quiet) return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "cuda emulation: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
}

void syncthreads(const char *file, int line) {
    Block &b = g_block;
    Fiber *f = b.cur;
    f->state = kAtBarrier;
    f->bar_file = file;
    f->bar_line = line;
    f->barriers++;
#ifdef CP_EMU_ASAN
    __sanitizer_start_switch_fiber(&f->fake, b.sched_bottom, b.sched_size);
#endif
    switch_to(f->ctx, b.sched);
#ifdef CP_EMU_ASAN
    __sanitizer_finish_switch_fiber(f->fake, &b.sched_bottom, &b.sched_size);
#endif
}

void *dynamic_shared() { return g_block.shared; }

void work_tick() {
    if (g_in_kernel && g_block.cur) g_block.cur->ticks++;
}

bool device_range(const void *p, size_t bytes) {
    std::lock_guard<std::recursive_mutex> g(g_mu);
    return bytes == 0 || is_device(p, bytes);
}

cudaError_t enqueue_host_op(cudaStream_t s, const char *what, std::function<void()> op) {
    std::lock_guard<std::recursive_mutex> g(g_mu);
    if (g_sticky) return g_sticky;
    enqueue(stream_of(s), what, std::move(op));
    return cudaSuccess;
}

cudaError_t func_set_attribute(const void *fn, cudaFuncAttribute attr, int value) {
    std::lock_guard<std::recursive_mutex> g(g_mu);
    if (attr != cudaFuncAttributeMaxDynamicSharedMemorySize || value < 0 || (size_t)value > kSharedOptIn)
        return fail(cudaErrorInvalidValue);
    g_shared_limit[fn] = (size_t)value;
    return cudaSuccess;
}

cudaError_t launch(const void *fn, const char *name, const char *file, int line, dim3 grid, dim3 block, size_t shared,
                   cudaStream_t s, std::function<void()> body) {
    std::lock_guard<std::recursive_mutex> g(g_mu);
    const uint64_t threads = (uint64_t)block.x * block.y * block.z;
    const char *why = nullptr;
    cudaError_t e = cudaErrorInvalidConfiguration;
    if (grid.x == 0 || grid.y == 0 || grid.z == 0 || block.x == 0 || block.y == 0 || block.z == 0) why = "a zero dimension";
    else if (grid.x > 0x7fffffffu || grid.y > 65535 || grid.z > 65535) why = "grid dimensions above (2^31-1, 65535, 65535)";
    else if (block.x > 1024 || block.y > 1024 || block.z > 64) why = "block dimensions above (1024, 1024, 64)";
    else if (threads > kMaxThreads) why = "more than 1024 threads per block";
    else {
        auto it = g_shared_limit.find(fn);
        size_t limit = it == g_shared_limit.end() ? kSharedDefault : std::max(kSharedDefault, it->second);
        if (shared > limit) {
            why = it == g_shared_limit.end() ? "dynamic shared memory above 48 KiB without cudaFuncSetAttribute"
                                             : "dynamic shared memory above the cudaFuncSetAttribute maximum";
            e = cudaErrorInvalidValue;
        }
    }
    if (why) {
        report("launch of %s at %s:%d: grid (%u,%u,%u) block (%u,%u,%u) shared %zu: %s", name, site(file), line, grid.x,
               grid.y, grid.z, block.x, block.y, block.z, shared, why);
        return fail(e);
    }
    if (g_sticky) return fail(g_sticky);
    std::string nm = name;
    enqueue(stream_of(s), name, [nm, grid, block, shared, body]() {
        if (g_sticky) return;  // the device is in error: later work does not run
        run_kernel(nm.c_str(), grid, block, shared, body);
    });
    return cudaSuccess;
}

}  // namespace cp_emu

using namespace cp_emu;

#define LOCK std::lock_guard<std::recursive_mutex> lock_(g_mu)

cudaError_t cudaGetDeviceCount(int *count) {
    if (!count) return fail(cudaErrorInvalidValue);
    *count = 1;
    return cudaSuccess;
}
cudaError_t cudaSetDevice(int device) { return device == 0 ? cudaSuccess : fail(cudaErrorInvalidDevice); }
cudaError_t cudaGetDevice(int *device) {
    if (device) *device = 0;
    return cudaSuccess;
}
cudaError_t cudaGetLastError(void) {
    LOCK;
    cudaError_t e = g_sticky ? g_sticky : t_last;
    t_last = cudaSuccess;
    return e;
}
cudaError_t cudaPeekAtLastError(void) {
    LOCK;
    return g_sticky ? g_sticky : t_last;
}
const char *cudaGetErrorName(cudaError_t e) {
    switch (e) {
    case cudaSuccess: return "cudaSuccess";
    case cudaErrorInvalidValue: return "cudaErrorInvalidValue";
    case cudaErrorMemoryAllocation: return "cudaErrorMemoryAllocation";
    case cudaErrorInvalidConfiguration: return "cudaErrorInvalidConfiguration";
    case cudaErrorInvalidDevice: return "cudaErrorInvalidDevice";
    case cudaErrorLaunchFailure: return "cudaErrorLaunchFailure";
    case cudaErrorInvalidResourceHandle: return "cudaErrorInvalidResourceHandle";
    default: return "cudaError";
    }
}
const char *cudaGetErrorString(cudaError_t e) {
    switch (e) {
    case cudaSuccess: return "no error";
    case cudaErrorInvalidValue: return "invalid argument";
    case cudaErrorMemoryAllocation: return "out of memory";
    case cudaErrorInvalidConfiguration: return "invalid configuration argument";
    case cudaErrorInvalidDevice: return "invalid device ordinal";
    case cudaErrorLaunchFailure: return "unspecified launch failure (emulation: see the message above)";
    default: return "emulated CUDA error";
    }
}
cudaError_t cudaDeviceSynchronize(void) {
    LOCK;
    run_all();
    return g_sticky;
}
cudaError_t cudaMemGetInfo(size_t *free_bytes, size_t *total_bytes) {
    LOCK;
    if (free_bytes) *free_bytes = g_device_mem - g_used[0];
    if (total_bytes) *total_bytes = g_device_mem;
    return g_sticky;
}
cudaError_t cudaMalloc(void **p, size_t bytes) {
    LOCK;
    if (g_sticky) return g_sticky;
    return allocate(p, bytes, false);
}
cudaError_t cudaFree(void *p) {
    LOCK;
    cudaError_t e = release(p, false);
    return e ? e : g_sticky;
}
cudaError_t cudaHostAlloc(void **p, size_t bytes, unsigned) {
    LOCK;
    if (g_sticky) return g_sticky;
    return allocate(p, bytes, true);
}
cudaError_t cudaMallocHost(void **p, size_t bytes) { return cudaHostAlloc(p, bytes, 0); }
cudaError_t cudaFreeHost(void *p) {
    LOCK;
    cudaError_t e = release(p, true);
    return e ? e : g_sticky;
}

cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t bytes, cudaMemcpyKind kind, cudaStream_t s) {
    LOCK;
    if (g_sticky) return g_sticky;
    if (bytes == 0) return cudaSuccess;
    bool dst_dev = kind == cudaMemcpyHostToDevice || kind == cudaMemcpyDeviceToDevice;
    bool src_dev = kind == cudaMemcpyDeviceToHost || kind == cudaMemcpyDeviceToDevice;
    if (kind == cudaMemcpyDefault) {
        dst_dev = inside_any_device(dst);
        src_dev = inside_any_device(src);
    }
    if ((dst_dev && !is_device(dst, bytes)) || (src_dev && !is_device(src, bytes)) ||
        (!dst_dev && inside_any_device(dst)) || (!src_dev && inside_any_device(src))) {
        report("cudaMemcpyAsync(%p, %p, %zu, kind %d): a range is not %s memory of that size", dst, src, bytes, (int)kind,
               "the kind's");
        return fail(cudaErrorInvalidValue);
    }
    CUstream_st *st = stream_of(s);
    const bool src_pageable = !src_dev && !is_pinned(src, bytes);
    const bool dst_pageable = !dst_dev && !is_pinned(dst, bytes);
    if (src_pageable) {
        // pageable source: the stream's earlier work completes, then the data is staged at once
        run_until(st, UINT64_MAX);
        uint64_t seq = enqueue(st, "cudaMemcpyAsync", [=]() { memmove(dst, src, bytes); });
        run_until(st, seq);
        return cudaSuccess;
    }
    uint64_t seq = enqueue(st, "cudaMemcpyAsync", [=]() { memmove(dst, src, bytes); });
    if (dst_pageable) run_until(st, seq);  // to pageable memory the call returns once the copy is done
    return g_sticky;
}
cudaError_t cudaMemcpy(void *dst, const void *src, size_t bytes, cudaMemcpyKind kind) {
    LOCK;
    cudaError_t e = cudaMemcpyAsync(dst, src, bytes, kind, 0);
    if (e) return e;
    run_all();
    return g_sticky;
}
cudaError_t cudaMemsetAsync(void *p, int value, size_t bytes, cudaStream_t s) {
    LOCK;
    if (g_sticky) return g_sticky;
    if (bytes == 0) return cudaSuccess;
    if (!is_device(p, bytes)) {
        report("cudaMemsetAsync(%p, %d, %zu): not device memory of that size", p, value, bytes);
        return fail(cudaErrorInvalidValue);
    }
    enqueue(stream_of(s), "cudaMemsetAsync", [=]() { memset(p, value, bytes); });
    return cudaSuccess;
}
cudaError_t cudaMemset(void *p, int value, size_t bytes) {
    LOCK;
    cudaError_t e = cudaMemsetAsync(p, value, bytes, 0);
    if (e) return e;
    run_all();
    return g_sticky;
}

cudaError_t cudaStreamCreateWithFlags(cudaStream_t *s, unsigned) {
    LOCK;
    if (!s) return fail(cudaErrorInvalidValue);
    *s = new CUstream_st();
    g_streams.push_back(*s);
    return cudaSuccess;
}
cudaError_t cudaStreamCreate(cudaStream_t *s) { return cudaStreamCreateWithFlags(s, 0); }
cudaError_t cudaStreamDestroy(cudaStream_t s) {
    LOCK;
    auto it = std::find(g_streams.begin(), g_streams.end(), s);
    if (!s || it == g_streams.end()) return fail(cudaErrorInvalidResourceHandle);
    run_until(s, UINT64_MAX);  // queued work still completes
    g_streams.erase(it);
    delete s;
    return cudaSuccess;
}
cudaError_t cudaStreamSynchronize(cudaStream_t s) {
    LOCK;
    run_until(stream_of(s), UINT64_MAX);
    return g_sticky;
}
cudaError_t cudaStreamWaitEvent(cudaStream_t s, cudaEvent_t e, unsigned) {
    LOCK;
    if (!e) return fail(cudaErrorInvalidResourceHandle);
    if (g_sticky) return g_sticky;
    if (!e->stream) return cudaSuccess;  // never recorded: nothing to wait for
    CUstream_st *on = e->stream;
    uint64_t seq = e->seq;
    enqueue(stream_of(s), "cudaStreamWaitEvent", [on, seq]() {
        if (alive(on)) run_until(on, seq);
    });
    return cudaSuccess;
}
cudaError_t cudaEventCreateWithFlags(cudaEvent_t *e, unsigned) {
    if (!e) return fail(cudaErrorInvalidValue);
    *e = new CUevent_st();
    return cudaSuccess;
}
cudaError_t cudaEventCreate(cudaEvent_t *e) { return cudaEventCreateWithFlags(e, 0); }
cudaError_t cudaEventDestroy(cudaEvent_t e) {
    delete e;
    return cudaSuccess;
}
cudaError_t cudaEventRecord(cudaEvent_t e, cudaStream_t s) {
    LOCK;
    if (!e) return fail(cudaErrorInvalidResourceHandle);
    if (g_sticky) return g_sticky;
    e->stream = stream_of(s);
    e->seq = enqueue(e->stream, "cudaEventRecord", []() {});
    return cudaSuccess;
}
cudaError_t cudaEventSynchronize(cudaEvent_t e) {
    LOCK;
    if (!e) return fail(cudaErrorInvalidResourceHandle);
    if (e->stream && alive(e->stream)) run_until(e->stream, e->seq);
    return g_sticky;
}
cudaError_t cudaEventQuery(cudaEvent_t e) {
    LOCK;
    if (!e) return fail(cudaErrorInvalidResourceHandle);
    if (g_sticky) return g_sticky;
    return !e->stream || !alive(e->stream) || e->stream->done >= e->seq ? cudaSuccess : cudaErrorNotReady;
}

extern "C" {

int cp_emu_kernel_work(const char *kernel, cp_emu_work *out) {
    LOCK;
    auto it = g_work.find(kernel);
    if (it == g_work.end() || it->second.launches == 0) return 0;
    *out = it->second;
    return 1;
}
void cp_emu_reset_work(void) {
    LOCK;
    for (auto &kv : g_work) kv.second = cp_emu_work();
}
void cp_emu_memory(size_t *device_bytes, size_t *device_allocs, size_t *pinned_bytes, size_t *pinned_allocs) {
    LOCK;
    if (device_bytes) *device_bytes = g_used[0];
    if (device_allocs) *device_allocs = g_count[0];
    if (pinned_bytes) *pinned_bytes = g_used[1];
    if (pinned_allocs) *pinned_allocs = g_count[1];
}
void cp_emu_fail_host_allocs(int n) {
    LOCK;
    g_fail_host = n;
}
void cp_emu_set_lazy(int lazy) {
    LOCK;
    run_all();
    g_lazy = lazy != 0;
}
void cp_emu_set_order(int order, uint64_t seed) {
    LOCK;
    g_order = order;
    g_seed = seed;
}
uint64_t cp_emu_errors(void) {
    LOCK;
    return g_errors;
}
const char *cp_emu_mode(void) {
    static thread_local char buf[128];
    LOCK;
    snprintf(buf, sizeof buf, "%s, %s order (seed %llu), %s", g_lazy ? "lazy" : "eager",
             g_order == 1 ? "reverse" : g_order == 2 ? "random" : "forward", (unsigned long long)g_seed,
#ifdef CP_EMU_ASAN
             "AddressSanitizer"
#else
             "guard pages"
#endif
    );
    return buf;
}

}  // extern "C"
