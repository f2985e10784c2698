/* coprover_gpu_check: checks and times the CUDA path through the C API, against the host path
 * (which CI verifies against the independent vector files and the Java backend). Needs no JVM, so
 * a GPU machine with only the CUDA toolkit and CMake can run it, under compute-sanitizer too.
 *
 *   coprover_gpu_check check [max_log_ntt=22] [max_log_msm=20] [seed]
 *       NTT (all four operations, batch 1 and 3) and MSM (random and edge scalars, automatic and
 *       forced windows, a memory limit that forces the chunked path) on device 0 vs the host;
 *       exits 1 on any mismatch or error.
 *   coprover_gpu_check selftest [max_log_ntt] [max_log_msm] [seed]
 *       the same harness with the host path on both sides (one thread and forced windows against
 *       all cores): checks the checker where no GPU is present.
 *   coprover_gpu_check bench [logs=16,20,22,24] [reps=10]
 *       median times of GPU NTT (host arrays in and out: copies included) and MSM (bases resident,
 *       scalars uploaded per call), and the host path at the sizes it finishes quickly; prints a
 *       Markdown table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "coprover/curve.hpp"
#include "coprover_api.h"
#ifdef COPROVER_EMU_CHECK
/* built against the CPU emulation of CUDA (cuda/emu): also the checks that need to look inside it */
#include "coprover/msm_common.hpp"
#include "cp_emu.h"
#include "internal.hpp"
#endif

using namespace coprover;

static int failures = 0;
static int device_under_test = 0;  // -1 in selftest mode: the harness itself, host against host

static void fail(const char *what) {
    printf("FAIL %s\n", what);
    failures++;
}

static bool call(int32_t rc, const char *what) {
    if (rc != COPROVER_OK) {
        printf("ERROR %s: code %d: %s\n", what, rc, coprover_last_error());
        failures++;
        return false;
    }
    return true;
}

static Fr random_fr(std::mt19937_64 &rng) {
    for (;;) {  // uniform below r by rejection on 254-bit draws; canonical limbs are a valid Montgomery value
        Fr x;
        for (int i = 0; i < 4; i++) x.l[i] = rng();
        x.l[3] &= (1ull << 62) - 1;
        uint64_t b = 0;
        const uint64_t p[4] = {FrParams::P0, FrParams::P1, FrParams::P2, FrParams::P3};
        for (int i = 0; i < 4; i++) sbb(x.l[i], p[i], b);
        if (b) return x;
    }
}

/* n distinct points P_i = G + i*Q (Q random), normalised with one batch inversion (Montgomery's trick) */
static std::vector<G1Affine> random_points(std::mt19937_64 &rng, int64_t n) {
    G1Affine g = {Fq::one(), Fq::one().dbl()};
    Fr k = random_fr(rng).from_mont();
    G1Xyzz q = G1Xyzz::inf();
    for (int i = 255; i >= 0; i--) {
        q = q.dbl();
        if ((k.l[i >> 6] >> (i & 63)) & 1) q = q.add_affine(g);
    }
    std::vector<G1Xyzz> xs(n);
    G1Xyzz cur = G1Xyzz::from_affine(g);
    for (int64_t i = 0; i < n; i++) { xs[i] = cur; cur = cur.add(q); }
    std::vector<Fq> prefix(n);  // prefix products of ZZ*ZZZ
    Fq acc = Fq::one();
    for (int64_t i = 0; i < n; i++) { prefix[i] = acc; acc = acc * (xs[i].ZZ * xs[i].ZZZ); }
    Fq inv = acc.inverse();
    std::vector<G1Affine> out(n);
    for (int64_t i = n - 1; i >= 0; i--) {
        Fq d = xs[i].ZZ * xs[i].ZZZ, di = inv * prefix[i];  // 1/(ZZ*ZZZ)
        inv = inv * d;
        out[i] = G1Affine{xs[i].X * (di * xs[i].ZZZ), xs[i].Y * (di * xs[i].ZZ)};
    }
    return out;
}

static coprover_config cfg_for(int device) {
    coprover_config c;
    memset(&c, 0, sizeof c);
    c.device = device;
    return c;
}

static void check_ntt(std::mt19937_64 &rng, int max_log) {
    coprover_config host = cfg_for(-1), dev = cfg_for(device_under_test);
    dev.threads = 1;
    Fr g = Fr{{7, 0, 0, 0}}.to_mont();
    for (int log_n = 0; log_n <= max_log; log_n += (log_n < 12 ? 1 : 2)) {
        int batch = log_n <= 12 ? 3 : 1;
        int64_t len = ((int64_t)batch << log_n);
        std::vector<Fr> x(len);
        for (auto &e : x) e = random_fr(rng);
        for (int op = 0; op < 4; op++) {
            std::vector<Fr> a = x, b = x;
            char what[96];
            snprintf(what, sizeof what, "NTT op %d 2^%d batch %d", op, log_n, batch);
            if (!call(coprover_ntt(&dev, (int64_t *)a.data(), log_n, batch, op, (const int64_t *)g.l), what)) continue;
            if (!call(coprover_ntt(&host, (int64_t *)b.data(), log_n, batch, op, (const int64_t *)g.l), what)) continue;
            if (memcmp(a.data(), b.data(), len * 32) != 0) fail(what);
        }
        printf("ntt 2^%d ok so far (%d failures)\n", log_n, failures);
    }
}

static void check_msm(std::mt19937_64 &rng, int max_log) {
    int64_t nmax = (int64_t)1 << max_log;
    std::vector<G1Affine> pts = random_points(rng, nmax);
    pts[1] = G1Affine{Fq::zero(), Fq::zero()};  // one point at infinity
    if (nmax > 3) pts[3] = pts[2];              // a repeated point
    coprover_config host = cfg_for(-1), dev = cfg_for(device_under_test);
    dev.threads = 1;
    int64_t hh, dh;
    if (!call(coprover_bases_load(&host, (const int64_t *)pts.data(), nmax, &hh), "host bases")) return;
    if (!call(coprover_bases_load(&dev, (const int64_t *)pts.data(), nmax, &dh), "device bases")) return;
    std::vector<int64_t> sizes = {1, 2, 3, 100, 1000, 4096, 65536, nmax};
    std::sort(sizes.begin(), sizes.end());
    sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
    for (int64_t n : sizes) {
        if (n > nmax) continue;
        std::vector<Fr> s(n);
        for (auto &e : s) e = random_fr(rng);
        if (n > 4) {
            s[0] = Fr::zero();
            s[2] = Fr::one();
            s[3] = Fr::one().neg();  // r - 1 on a repeated point
            s[4] = s[3];
        }
        int64_t start = nmax - n;
        struct Variant { int window; int64_t limit; const char *name; } vars[] = {
            {0, 0, "auto"}, {8, 0, "c=8"}, {13, 0, "c=13"}, {0, (int64_t)160 << 20, "160 MiB limit (chunked)"}};
        uint64_t want[8], got[8];
        if (!call(coprover_msm(&host, hh, start, (const int64_t *)s.data(), n, (int64_t *)want), "host msm")) continue;
        for (auto &v : vars) {
            if (v.limit && n < 65536) continue;
            coprover_config c = dev;
            c.window_bits = v.window;
            c.device_mem_limit = v.limit;
            char what[96];
            snprintf(what, sizeof what, "MSM n=%lld %s", (long long)n, v.name);
            if (!call(coprover_msm(&c, dh, start, (const int64_t *)s.data(), n, (int64_t *)got), what)) continue;
            if (memcmp(want, got, 64) != 0) fail(what);
        }
        printf("msm n=%lld ok so far (%d failures)\n", (long long)n, failures);
    }
    coprover_bases_free(hh);
    coprover_bases_free(dh);
}

#ifdef COPROVER_EMU_CHECK
/* A chunk's len * nw sorted positions must fit uint32_t and its point indices 31 bits, for every
 * window the GPU uses; the planner must never exceed the cap, at the boundary or far above it. */
static void check_emu_chunk_cap() {
    for (int c = 8; c <= 20; c++) {
        const int nw = msm_windows(c);
        const int64_t cap = cuda_msm_max_chunk(nw);
        char what[96];
        snprintf(what, sizeof what, "MSM chunk cap, window %d (%d windows): %lld points", c, nw, (long long)cap);
        if ((uint64_t)cap * nw > UINT32_MAX || cap > INT32_MAX) fail(what);
        if ((uint64_t)(cap + 1) * nw <= UINT32_MAX && cap < INT32_MAX) fail(what);  // not the largest that fits
        for (int64_t count : {cap, cap + 1, (int64_t)1 << 31}) {
            int64_t chunk = 0;
            size_t temp = 0;
            if (!call(cuda_msm_plan(count, c, (size_t)1 << 50, &chunk, &temp), what)) continue;
            if (chunk > cap || chunk != std::min(count, cap)) fail(what);
        }
    }
    printf("msm chunk cap ok so far (%d failures)\n", failures);
}

/* Skewed scalars (all zero, all one, all r - 1, 90% one value) against the host, and the work of
 * one GPU thread in the bucket accumulation: at most MSM_GPU_UNIT point additions and one more,
 * whatever the scalars (one thread per bucket would do 90% of n when 90% are equal). The mean over
 * the threads that worked is printed beside it: with all scalars equal it equals the maximum under
 * any split, so the bound is the absolute one. */
static void check_emu_skew(std::mt19937_64 &rng, int log_n) {
    const int64_t n = (int64_t)1 << log_n;
    std::vector<G1Affine> pts = random_points(rng, n);
    coprover_config host = cfg_for(-1), dev = cfg_for(device_under_test);
    int64_t hh, dh;
    if (!call(coprover_bases_load(&host, (const int64_t *)pts.data(), n, &hh), "host bases")) return;
    if (!call(coprover_bases_load(&dev, (const int64_t *)pts.data(), n, &dh), "device bases")) return;
    const Fr often = random_fr(rng);
    struct Case { const char *name; int kind; } cases[] = {{"all zero", 0}, {"all one", 1}, {"all r-1", 2}, {"90% equal", 3}};
    for (auto &cs : cases) {
        std::vector<Fr> s(n);
        for (int64_t i = 0; i < n; i++)
            s[i] = cs.kind == 0 ? Fr::zero() : cs.kind == 1 ? Fr::one() : cs.kind == 2 ? Fr::one().neg()
                 : (i % 10 == 9 ? random_fr(rng) : often);
        uint64_t want[8], got[8];
        if (!call(coprover_msm(&host, hh, 0, (const int64_t *)s.data(), n, (int64_t *)want), "host msm")) continue;
        for (int window : {0, 13}) {
            coprover_config c = dev;
            c.window_bits = window;
            char what[128];
            snprintf(what, sizeof what, "MSM skewed n=%lld %s window %d", (long long)n, cs.name, window);
            cp_emu_reset_work();
            if (!call(coprover_msm(&c, dh, 0, (const int64_t *)s.data(), n, (int64_t *)got), what)) continue;
            if (memcmp(want, got, 64) != 0) fail(what);
            cp_emu_work w;
            if (!cp_emu_kernel_work("accumulate_kernel", &w)) { fail(what); continue; }
            uint64_t mean = w.active ? (w.total + w.active - 1) / w.active : 0;
            printf("  %s: accumulation %llu additions, %llu threads worked, max %llu per thread, mean %llu\n", what,
                   (unsigned long long)w.total, (unsigned long long)w.active, (unsigned long long)w.max,
                   (unsigned long long)mean);
            if (w.max > MSM_GPU_UNIT + 1) {
                snprintf(what + strlen(what), sizeof what - strlen(what), ": one thread did %llu additions",
                         (unsigned long long)w.max);
                fail(what);
            }
        }
    }
    coprover_bases_free(hh);
    coprover_bases_free(dh);
    printf("msm skewed scalars ok so far (%d failures)\n", failures);
}

/* Device caches are bounded: after NTTs of many sizes at most TWIDDLE tables of two sizes stay,
 * and pinned staging above 1/16 of a call's device budget is released when the call ends. */
static void check_emu_caches(std::mt19937_64 &rng) {
    coprover_config host = cfg_for(-1), dev = cfg_for(device_under_test);
    for (int log_n = 5; log_n <= 9; log_n++) {
        std::vector<Fr> a(1 << log_n);
        for (auto &e : a) e = random_fr(rng);
        call(coprover_ntt(&dev, (int64_t *)a.data(), log_n, 1, COPROVER_NTT_FORWARD, nullptr), "NTT for the cache check");
    }
    size_t dbytes, dallocs, pbytes, pallocs;
    cp_emu_memory(&dbytes, &dallocs, &pbytes, &pallocs);
    printf("  after NTTs of 2^5..2^9: %zu device allocations, %zu bytes\n", dallocs, dbytes);
    if (dallocs != 2 || dbytes != 32 * ((1 << 7) + (1 << 8))) fail("twiddle cache: tables of 2^8 and 2^9 only");
    const int log_n = 15;
    std::vector<Fr> a(1 << log_n);
    for (auto &e : a) e = random_fr(rng);
    std::vector<Fr> b = a;
    dev.device_mem_limit = 8 << 20;  // keep at most 512 KiB of staging; the 1 MiB polynomial's goes
    if (call(coprover_ntt(&dev, (int64_t *)a.data(), log_n, 1, COPROVER_NTT_INVERSE, nullptr), "NTT 2^15, 8 MiB") &&
        call(coprover_ntt(&host, (int64_t *)b.data(), log_n, 1, COPROVER_NTT_INVERSE, nullptr), "host NTT 2^15") &&
        memcmp(a.data(), b.data(), a.size() * 32) != 0)
        fail("NTT 2^15 inverse under an 8 MiB limit");
    cp_emu_memory(&dbytes, &dallocs, &pbytes, &pallocs);
    printf("  after an NTT of 2^15 under an 8 MiB limit: %zu pinned bytes kept\n", pbytes);
    if (pbytes > (8u << 20) / 16) fail("pinned staging above 1/16 of the budget kept after the call");
    printf("device caches ok so far (%d failures)\n", failures);
}

/* Every pinned allocation fails: bases, NTT and MSM go through pageable copies, same results. */
static void check_emu_pageable(std::mt19937_64 &rng) {
    cp_emu_fail_host_allocs(1000000);
    coprover_config host = cfg_for(-1), dev = cfg_for(device_under_test);
    const int log_n = 13, batch = 2;  // larger than any staging kept so far: it must be allocated
    std::vector<Fr> x((size_t)batch << log_n);
    for (auto &e : x) e = random_fr(rng);
    Fr g = Fr{{5, 0, 0, 0}}.to_mont();
    for (int op = 0; op < 4; op++) {
        std::vector<Fr> a = x, b = x;
        char what[96];
        snprintf(what, sizeof what, "NTT op %d 2^%d batch %d without pinned memory", op, log_n, batch);
        if (call(coprover_ntt(&dev, (int64_t *)a.data(), log_n, batch, op, (const int64_t *)g.l), what) &&
            call(coprover_ntt(&host, (int64_t *)b.data(), log_n, batch, op, (const int64_t *)g.l), what) &&
            memcmp(a.data(), b.data(), a.size() * 32) != 0)
            fail(what);
    }
    const int64_t n = 8192;
    std::vector<G1Affine> pts = random_points(rng, n);
    std::vector<Fr> s(n);
    for (auto &e : s) e = random_fr(rng);
    int64_t hh, dh;
    uint64_t want[8], got[8];
    if (call(coprover_bases_load(&host, (const int64_t *)pts.data(), n, &hh), "host bases")) {
        if (call(coprover_bases_load(&dev, (const int64_t *)pts.data(), n, &dh), "device bases without pinned memory")) {
            if (call(coprover_msm(&host, hh, 0, (const int64_t *)s.data(), n, (int64_t *)want), "host msm") &&
                call(coprover_msm(&dev, dh, 0, (const int64_t *)s.data(), n, (int64_t *)got), "MSM without pinned memory") &&
                memcmp(want, got, 64) != 0)
                fail("MSM n=8192 without pinned memory");
            coprover_bases_free(dh);
        }
        coprover_bases_free(hh);
    }
    cp_emu_fail_host_allocs(0);
    size_t pbytes, pallocs;
    cp_emu_memory(nullptr, nullptr, &pbytes, &pallocs);
    printf("  pinned allocations refused: bases, NTT and MSM ran with %zu pinned bytes held\n", pbytes);
    printf("pageable fallback ok so far (%d failures)\n", failures);
}
#endif

template <class F>
static double median_ms(int reps, F f) {
    std::vector<double> t;
    f();  // warm-up (twiddles, module load, pinned buffers)
    for (int i = 0; i < reps; i++) {
        auto a = std::chrono::steady_clock::now();
        f();
        t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

static void bench(const std::vector<int> &logs, int reps) {
    std::mt19937_64 rng(1);
    int maxlog = *std::max_element(logs.begin(), logs.end());
    int64_t nmax = (int64_t)1 << maxlog;
    // 2^16 distinct points, tiled: the cost of an MSM does not depend on which points repeat
    int64_t distinct = std::min<int64_t>(nmax, 1 << 16);
    std::vector<G1Affine> base = random_points(rng, distinct), pts(nmax);
    for (int64_t i = 0; i < nmax; i++) pts[i] = base[i % distinct];
    std::vector<Fr> s(nmax);
    for (auto &e : s) e = random_fr(rng);
    coprover_config host = cfg_for(-1), dev = cfg_for(0);
    int64_t dh = 0, hh = 0;
    call(coprover_bases_load(&dev, (const int64_t *)pts.data(), nmax, &dh), "device bases");
    call(coprover_bases_load(&host, (const int64_t *)pts.data(), std::min<int64_t>(nmax, 1 << 20), &hh), "host bases");
#ifdef COPROVER_EMU_CHECK
    const char *gpu = "emulated GPU (on the CPU) median ms";
#else
    const char *gpu = "GPU median ms";
#endif
    printf("\n| operation | size | %s | host (native, all cores) median ms |\n|---|---|---|---|\n", gpu);
    for (int lg : logs) {
        int64_t n = (int64_t)1 << lg;
        std::vector<Fr> d(s.begin(), s.begin() + n);
        double g = median_ms(reps, [&] { call(coprover_ntt(&dev, (int64_t *)d.data(), lg, 1, 0, nullptr), "gpu ntt"); });
        std::string h = "-";
        if (lg <= 20) {
            char buf[32];
            snprintf(buf, sizeof buf, "%.2f", median_ms(3, [&] { call(coprover_ntt(&host, (int64_t *)d.data(), lg, 1, 0, nullptr), "host ntt"); }));
            h = buf;
        }
        printf("| NTT forward (copies included) | 2^%d | %.3f | %s |\n", lg, g, h.c_str());
    }
    for (int lg : logs) {
        int64_t n = (int64_t)1 << lg;
        uint64_t r[8];
        double g = median_ms(reps, [&] { call(coprover_msm(&dev, dh, 0, (const int64_t *)s.data(), n, (int64_t *)r), "gpu msm"); });
        std::string h = "-";
        if (lg <= 18) {
            char buf[32];
            snprintf(buf, sizeof buf, "%.2f", median_ms(3, [&] { call(coprover_msm(&host, hh, 0, (const int64_t *)s.data(), n, (int64_t *)r), "host msm"); }));
            h = buf;
        }
        printf("| MSM G1 (bases resident, scalars uploaded) | 2^%d | %.3f | %s |\n", lg, g, h.c_str());
    }
    coprover_bases_free(dh);
    coprover_bases_free(hh);
}

int main(int argc, char **argv) {
    std::string mode = argc > 1 ? argv[1] : "check";
    int32_t count = 0;
    if (!call(coprover_device_count(&count), "device count")) return 1;
    printf("coprover ABI %d, CUDA kernels: %s, CUDA devices: %d\n", coprover_version(),
           coprover_has_cuda() ? "yes" : "no", count);
    if (mode == "selftest") {  // the harness on the host path alone (CI-runnable): 1 thread vs all
        device_under_test = -1;
        mode = "check";
    } else if (!coprover_has_cuda() || count == 0) {
        printf("no CUDA device or library without CUDA: nothing to check\n");
        return 2;
    }
    if (mode == "check") {
        int max_ntt = argc > 2 ? atoi(argv[2]) : 22, max_msm = argc > 3 ? atoi(argv[3]) : 20;
        uint64_t seed = argc > 4 ? strtoull(argv[4], nullptr, 10) : (uint64_t)std::random_device()();
#ifdef COPROVER_EMU_CHECK
        printf("CUDA emulation: %s\n", cp_emu_mode());
#endif
        printf("seed %llu (rerun: coprover_gpu_check check %d %d %llu)\n", (unsigned long long)seed, max_ntt, max_msm,
               (unsigned long long)seed);
        std::mt19937_64 rng(seed);
        check_ntt(rng, max_ntt);
        check_msm(rng, max_msm);
#ifdef COPROVER_EMU_CHECK
        if (device_under_test >= 0) {
            check_emu_chunk_cap();
            check_emu_skew(rng, max_msm < 12 ? max_msm : 12);
            check_emu_caches(rng);
            check_emu_pageable(rng);
            if (cp_emu_errors() != 0) {
                printf("FAIL the CUDA emulation reported %llu errors (see above)\n", (unsigned long long)cp_emu_errors());
                failures++;
            }
        }
#endif
        printf("%s: %d failures\n", failures ? "FAILED" : "PASSED", failures);
        return failures ? 1 : 0;
    }
    if (mode == "bench") {
        std::vector<int> logs;
        std::string spec = argc > 2 ? argv[2] : "16,20,22,24";
        for (size_t p = 0; p < spec.size();) {
            size_t q = spec.find(',', p);
            logs.push_back(atoi(spec.substr(p, q - p).c_str()));
            p = q == std::string::npos ? spec.size() : q + 1;
        }
        bench(logs, argc > 3 ? atoi(argv[3]) : 10);
        return failures ? 1 : 0;
    }
    fprintf(stderr, "usage: coprover_gpu_check check [max_log_ntt] [max_log_msm] [seed] | bench [logs] [reps]\n");
    return 2;
}
