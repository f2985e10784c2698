/* The extern "C" API (coprover_api.h): argument checks, the bases handle table, dispatch to the
 * host or CUDA implementation, and the per-thread error message. No C++ exception crosses it. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

#include "coprover/curve.hpp"
#include "internal.hpp"
#include "parallel.hpp"

namespace coprover {

static thread_local char g_error[1024];

int32_t set_error(int32_t code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g_error, sizeof g_error, fmt, ap);
    va_end(ap);
    return code;
}

int host_threads(int32_t requested) {
    if (requested > 0) return requested;
    unsigned hc = std::thread::hardware_concurrency();
    return hc == 0 ? 1 : (int)hc;
}

/* Variant 1 of the field test entry point lives in portable_check.cpp. */
int32_t field_op_portable(int32_t field, int32_t op, const uint64_t *a, const uint64_t *b, uint64_t *r);

namespace {

struct Bases {
    int device;             // -1 host
    int64_t count;
    std::vector<G1Affine> host;  // host copy (device == -1)
    std::vector<Fq> endo_x;      // host: BETA * x of each point, for the GLV split
    void *dev = nullptr;         // CUDA bases (device >= 0)
    // host fixed-base table (coprover_bases_fixed_build), set once, read under g_mu
    struct Fixed {
        int c;
        int64_t size;  // points of the table: windows x count
        const G1Affine *tab = nullptr;
        const Fq *endo = nullptr;
        // where tab and endo lie: built here, or in a cache file mapped read-only
        std::unique_ptr<G1Affine[]> own_tab;
        std::unique_ptr<Fq[]> own_endo;
        void *map = nullptr;
        size_t map_len = 0;
        ~Fixed() {
            if (map) munmap(map, map_len);
        }
    };
    std::shared_ptr<const Fixed> fixed;
    // device memory goes with the last reference: coprover_bases_free drops the table's, an MSM
    // still running on these bases holds its own until it returns
    ~Bases() {
#ifdef COPROVER_WITH_CUDA
        if (dev) cuda_bases_free(dev);
#endif
    }
};

/* a PLONK round-3 key (host_plonk.cpp), freed with the last reference */
struct PlonkKey {
    void *key = nullptr;
    ~PlonkKey() { if (key) host_plonk_key_free(key); }
};

std::mutex g_mu;
std::map<int64_t, std::shared_ptr<Bases>> g_bases;
std::map<int64_t, std::shared_ptr<PlonkKey>> g_plonk_keys;
int64_t g_next_handle = 1;  // shared by both tables: a handle names one object

const coprover_config kDefault = {-1, 0, 0, 0, 0};

/* Adds an object to a table; returns its new handle. */
template <class T>
int64_t insert(std::map<int64_t, std::shared_ptr<T>> &table, std::shared_ptr<T> obj) {
    std::lock_guard<std::mutex> g(g_mu);
    int64_t h = g_next_handle++;
    table[h] = std::move(obj);
    return h;
}

/* The object a handle names in a table, or null; the caller's reference keeps it alive after a free. */
template <class T>
std::shared_ptr<T> lookup(std::map<int64_t, std::shared_ptr<T>> &table, int64_t handle) {
    std::lock_guard<std::mutex> g(g_mu);
    auto it = table.find(handle);
    return it == table.end() ? nullptr : it->second;
}

/* Removes handle from a table; the object goes with its last reference, outside the lock (a call
 * still using it holds its own). */
template <class T>
int32_t drop(std::map<int64_t, std::shared_ptr<T>> &table, int64_t handle, const char *what) {
    std::shared_ptr<T> keep;
    std::lock_guard<std::mutex> g(g_mu);
    auto it = table.find(handle);
    if (it == table.end()) return set_error(COPROVER_ERR_ARGUMENT, "%s: unknown handle %lld", what, (long long)handle);
    keep = it->second;  // declared before the lock: released after it
    table.erase(it);
    return COPROVER_OK;
}

template <class P>
bool canonical(const uint64_t *l) {
    const uint64_t p[4] = {P::P0, P::P1, P::P2, P::P3};
    for (int i = 3; i >= 0; i--) {
        if (l[i] != p[i]) return l[i] < p[i];
    }
    return false;
}

int32_t check_config(const coprover_config *cfg) {
    if (cfg->threads < 0) return set_error(COPROVER_ERR_ARGUMENT, "config: threads must be >= 0, got %d", cfg->threads);
    if (cfg->window_bits != 0 && (cfg->window_bits < 2 || cfg->window_bits > 20))
        return set_error(COPROVER_ERR_ARGUMENT, "config: window_bits must be 0 (auto) or 2..20, got %d", cfg->window_bits);
    if (cfg->device_mem_limit < 0) return set_error(COPROVER_ERR_ARGUMENT, "config: device_mem_limit must be >= 0");
    if (cfg->device < -1) return set_error(COPROVER_ERR_ARGUMENT, "config: device must be -1 (host) or a CUDA ordinal, got %d", cfg->device);
#ifndef COPROVER_WITH_CUDA
    if (cfg->device >= 0)
        return set_error(COPROVER_ERR_UNSUPPORTED, "this library was built without CUDA (device %d requested)", cfg->device);
#endif
    return COPROVER_OK;
}

template <class F>
int32_t guarded(F f) {
    try {
        return f();
    } catch (const std::bad_alloc &) {
        return set_error(COPROVER_ERR_MEMORY, "out of host memory");
    } catch (const std::exception &e) {
        return set_error(COPROVER_ERR_INTERNAL, "internal error: %s", e.what());
    } catch (...) {
        return set_error(COPROVER_ERR_INTERNAL, "internal error (unknown exception)");
    }
}

/* COPROVER_ERR_ARGUMENT naming the first of count Fr elements that is not canonical */
int32_t check_fr(const char *what, const int64_t *v, int64_t count) {
    for (int64_t i = 0; i < count; i++) {
        if (!canonical<FrParams>(reinterpret_cast<const uint64_t *>(v) + 4 * i))
            return set_error(COPROVER_ERR_ARGUMENT, "%s %lld is not a canonical Fr element", what, (long long)i);
    }
    return COPROVER_OK;
}

}  // namespace
}  // namespace coprover

using namespace coprover;

extern "C" {

int32_t coprover_version(void) { return 2; }

int32_t coprover_has_cuda(void) {
#ifdef COPROVER_WITH_CUDA
    return 1;
#else
    return 0;
#endif
}

const char *coprover_last_error(void) { return g_error; }

int32_t coprover_device_count(int32_t *count) {
    g_error[0] = 0;
    if (!count) return set_error(COPROVER_ERR_ARGUMENT, "device_count: count is NULL");
    *count = 0;
#ifdef COPROVER_WITH_CUDA
    return guarded([&] { return cuda_device_count(count); });
#else
    return COPROVER_OK;
#endif
}

int32_t coprover_ntt(const coprover_config *cfg, int64_t *data, int32_t log_n, int32_t batch, int32_t op,
                     const int64_t *shift) {
    g_error[0] = 0;
    if (!cfg) cfg = &kDefault;
    int32_t rc = check_config(cfg);
    if (rc) return rc;
    if (log_n < 0 || log_n > 28) return set_error(COPROVER_ERR_ARGUMENT, "ntt: log_n must be in 0..28 (Fr's 2-adicity), got %d", log_n);
    if (batch < 0) return set_error(COPROVER_ERR_ARGUMENT, "ntt: batch must be >= 0, got %d", batch);
    if (op < COPROVER_NTT_FORWARD || op > COPROVER_NTT_COSET_INVERSE) return set_error(COPROVER_ERR_ARGUMENT, "ntt: unknown op %d", op);
    if (batch == 0) return COPROVER_OK;
    if (!data) return set_error(COPROVER_ERR_ARGUMENT, "ntt: data is NULL");
    bool coset = op == COPROVER_NTT_COSET_FORWARD || op == COPROVER_NTT_COSET_INVERSE;
    if (coset) {
        if (!shift) return set_error(COPROVER_ERR_ARGUMENT, "ntt: coset shift is NULL");
        const uint64_t *s = reinterpret_cast<const uint64_t *>(shift);
        if (!canonical<FrParams>(s)) return set_error(COPROVER_ERR_ARGUMENT, "ntt: coset shift is not a canonical Fr element");
        if ((s[0] | s[1] | s[2] | s[3]) == 0) return set_error(COPROVER_ERR_ARGUMENT, "ntt: coset shift is zero");
    }
    uint64_t *d = reinterpret_cast<uint64_t *>(data);
    int64_t total = ((int64_t)batch) << log_n;
    for (int64_t i = 0; i < total; i++) {
        if (!canonical<FrParams>(d + 4 * i))
            return set_error(COPROVER_ERR_ARGUMENT, "ntt: element %lld is not a canonical Fr element (limbs >= r)", (long long)i);
    }
    return guarded([&] {
#ifdef COPROVER_WITH_CUDA
        if (cfg->device >= 0) return cuda_ntt(cfg, d, log_n, batch, op, reinterpret_cast<const uint64_t *>(shift));
#endif
        return host_ntt(host_threads(cfg->threads), d, log_n, batch, op, reinterpret_cast<const uint64_t *>(shift));
    });
}

int32_t coprover_bases_load(const coprover_config *cfg, const int64_t *points, int64_t count, int64_t *handle) {
    g_error[0] = 0;
    if (!cfg) cfg = &kDefault;
    int32_t rc = check_config(cfg);
    if (rc) return rc;
    if (!handle) return set_error(COPROVER_ERR_ARGUMENT, "bases_load: handle is NULL");
    if (count < 0 || count > ((int64_t)1 << 31)) return set_error(COPROVER_ERR_ARGUMENT, "bases_load: count must be in 0..2^31, got %lld", (long long)count);
    if (count > 0 && !points) return set_error(COPROVER_ERR_ARGUMENT, "bases_load: points is NULL");
    const G1Affine *p = reinterpret_cast<const G1Affine *>(points);
    // checked on all threads, in chunks; each notes its first bad point, the first of those is reported
    const int threads = host_threads(cfg->threads);
    const int64_t chunk = 1 << 13, tasks = (count + chunk - 1) / chunk;
    std::vector<int64_t> bad((size_t)tasks, -1);
    std::vector<char> off_curve((size_t)tasks, 0);
    parallel_for(tasks, threads, [&](int64_t t) {
        for (int64_t i = t * chunk, e = std::min(count, i + chunk); i < e; i++) {
            const bool range = canonical<FqParams>(p[i].x.l) && canonical<FqParams>(p[i].y.l);
            if (!range || !p[i].on_curve()) {
                bad[(size_t)t] = i;
                off_curve[(size_t)t] = range;
                return;
            }
        }
    });
    for (int64_t t = 0; t < tasks; t++) {
        const long long i = (long long)bad[(size_t)t];
        if (i < 0) continue;
        if (!off_curve[(size_t)t])
            return set_error(COPROVER_ERR_ARGUMENT, "bases_load: point %lld has a coordinate that is not a canonical Fq element", i);
        return set_error(COPROVER_ERR_ARGUMENT, "bases_load: point %lld is not on the curve y^2 = x^3 + 3", i);
    }
    return guarded([&] {
        auto b = std::make_shared<Bases>();
        b->device = cfg->device;
        b->count = count;
        if (cfg->device < 0) {
            b->host.assign(p, p + count);
            b->endo_x.resize((size_t)count);
            parallel_for(tasks, threads, [&](int64_t t) {
                const int64_t lo = t * chunk, e = std::min(count, lo + chunk);
                host_endo_x(reinterpret_cast<const uint64_t *>(p + lo), e - lo, reinterpret_cast<uint64_t *>(b->endo_x.data() + lo));
            });
        } else {
#ifdef COPROVER_WITH_CUDA
            int32_t r = cuda_bases_load(cfg->device, reinterpret_cast<const uint64_t *>(points), count, &b->dev);
            if (r) return r;
#endif
        }
        *handle = insert(g_bases, b);
        return (int32_t)COPROVER_OK;
    });
}

int32_t coprover_bases_free(int64_t handle) {
    g_error[0] = 0;
    return drop(g_bases, handle, "bases_free");
}

namespace {

bool write_all(int fd, const void *p, size_t n) {
    const char *c = static_cast<const char *>(p);
    while (n > 0) {
        ssize_t k = write(fd, c, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return false;
        c += k;
        n -= (size_t)k;
    }
    return true;
}

/* 128-bit checksum of a byte stream (fed in multiples of 32 bytes): four independent
 * multiply-rotate lanes over 64-bit words, mixed at the end with the length. Fast (memory-bound)
 * and good at catching truncation and damaged bytes; not a cryptographic hash: a fixed-base cache
 * is trusted as far as the proving key next to it. */
struct Checksum {
    uint64_t h[4] = {0x243f6a8885a308d3ull, 0x13198a2e03707344ull, 0xa4093822299f31d0ull, 0x082efa98ec4e6c89ull};
    uint64_t bytes = 0;

    void update(const void *data, size_t n) {
        static const uint64_t k[4] = {0x9e3779b97f4a7c15ull, 0xc2b2ae3d27d4eb4full, 0x165667b19e3779f9ull, 0xd6e8feb86659fd93ull};
        const uint64_t *w = reinterpret_cast<const uint64_t *>(data);
        for (size_t i = 0; i + 4 <= n / 8; i += 4) {
            for (int j = 0; j < 4; j++) {
                uint64_t x = (h[j] ^ w[i + j]) * k[j];
                h[j] = (x << 29 | x >> 35) + w[i + j];
            }
        }
        bytes += n;
    }

    void finish(uint64_t out[2]) const {
        auto mix = [](uint64_t z) {
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
            return z ^ (z >> 31);
        };
        out[0] = mix(h[0] ^ mix(h[1] + bytes));
        out[1] = mix(h[2] ^ mix(h[3] + ~bytes));
    }
};

constexpr char kFixedMagic[8] = {'C', 'P', 'F', 'I', 'X', 'B', 'A', 'S'};
constexpr uint32_t kFixedVersion = 2;

/* The cache file: this header, then the table's points (count * windows affine points, 64 bytes
 * each) and their BETA x (32 bytes each), little-endian Montgomery limbs as in memory. */
struct FixedHeader {
    char magic[8];
    uint32_t version, window_bits;
    uint64_t count, windows;
    uint64_t points_sum[2];  // checksum of the bases the table was made from
    uint64_t body_sum[2];    // checksum of everything after the header
};
static_assert(sizeof(FixedHeader) == 64, "cache header layout");

std::shared_ptr<Bases::Fixed> new_fixed(int c, int64_t count) {
    auto f = std::make_shared<Bases::Fixed>();
    f->c = c;
    f->size = host_msm_fixed_windows(c) * count;
    f->own_tab = uninit<G1Affine>((size_t)f->size);
    f->own_endo = uninit<Fq>((size_t)f->size);
    f->tab = f->own_tab.get();
    f->endo = f->own_endo.get();
    return f;
}

std::shared_ptr<Bases::Fixed> build_fixed(int threads, const Bases &b, int c) {
    auto f = new_fixed(c, b.count);
    host_msm_fixed_table(threads, c, reinterpret_cast<const uint64_t *>(b.host.data()), b.count,
                         reinterpret_cast<uint64_t *>(f->own_tab.get()), reinterpret_cast<uint64_t *>(f->own_endo.get()));
    return f;
}

/* Reads a cache file for bases b with window c: the table, or null with *why set (built: no file,
 * stale or corrupt). The file is mapped read-only and used where it lies (its pages come from the
 * page cache: no copy and no new memory, which is most of what a short process pays for 50 MB at
 * 2^16), after its size and checksum are checked; it is written by rename, so a rebuild by another
 * process replaces the name, not these bytes. */
std::shared_ptr<Bases::Fixed> read_fixed(const char *path, const Bases &b, int c, const uint64_t psum[2], int32_t *why) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) { *why = COPROVER_FIXED_BUILT; return nullptr; }
    std::unique_ptr<int, void (*)(int *)> closer(&fd, [](int *f) { close(*f); });
    *why = COPROVER_FIXED_REBUILT_CORRUPT;
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof(FixedHeader)) return nullptr;
    FixedHeader h;
    if (pread(fd, &h, sizeof h, 0) != (ssize_t)sizeof h || memcmp(h.magic, kFixedMagic, 8) != 0) return nullptr;
    if (h.version != kFixedVersion || h.window_bits != (uint32_t)c || h.count != (uint64_t)b.count ||
        h.windows != (uint64_t)host_msm_fixed_windows(c) || h.points_sum[0] != psum[0] || h.points_sum[1] != psum[1]) {
        *why = COPROVER_FIXED_REBUILT_STALE;
        return nullptr;
    }
    auto t = std::make_shared<Bases::Fixed>();
    t->c = c;
    t->size = host_msm_fixed_windows(c) * b.count;
    const size_t tb = (size_t)t->size * sizeof(G1Affine), eb = (size_t)t->size * sizeof(Fq);
    if ((uint64_t)st.st_size != sizeof h + tb + eb) return nullptr;  // truncated or over-long
    void *m = mmap(nullptr, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (m == MAP_FAILED) return nullptr;
    t->map = m;
    t->map_len = (size_t)st.st_size;
    const char *body = static_cast<const char *>(m) + sizeof h;
    Checksum sum;
    sum.update(body, tb + eb);
    uint64_t got[2];
    sum.finish(got);
    if (h.body_sum[0] != got[0] || h.body_sum[1] != got[1]) return nullptr;  // t unmaps it
    t->tab = reinterpret_cast<const G1Affine *>(body);
    t->endo = reinterpret_cast<const Fq *>(body + tb);
    return t;
}

}  // namespace

int32_t coprover_bases_fixed_build(const coprover_config *cfg, int64_t handle, int32_t window_bits) {
    return coprover_bases_fixed_cache(cfg, handle, window_bits, nullptr, nullptr);
}

int32_t coprover_bases_fixed_cache(const coprover_config *cfg, int64_t handle, int32_t window_bits, const char *path,
                                   int32_t *outcome) {
    g_error[0] = 0;
    if (!cfg) cfg = &kDefault;
    int32_t rc = check_config(cfg);
    if (rc) return rc;
    if (window_bits != 0 && (window_bits < 2 || window_bits > 20))
        return set_error(COPROVER_ERR_ARGUMENT, "bases_fixed: window_bits must be 0 (by size) or 2..20, got %d", window_bits);
    if (path && !outcome) return set_error(COPROVER_ERR_ARGUMENT, "bases_fixed_cache: outcome is NULL");
    std::shared_ptr<Bases> b = lookup(g_bases, handle);
    if (!b) return set_error(COPROVER_ERR_ARGUMENT, "bases_fixed: unknown bases handle %lld", (long long)handle);
    if (b->device >= 0) return set_error(COPROVER_ERR_ARGUMENT, "bases_fixed: the bases are on a device");
    if (window_bits == 0) window_bits = host_msm_fixed_window(b->count);
    const int64_t nw = host_msm_fixed_windows(window_bits);
    if (2 * nw * b->count >= ((int64_t)1 << 31)) {
        if (path) { *outcome = COPROVER_FIXED_NONE; return COPROVER_OK; }
        return set_error(COPROVER_ERR_ARGUMENT, "bases_fixed: %lld bases x %lld windows is too many", (long long)b->count, (long long)nw);
    }
    return guarded([&] {
        const int threads = host_threads(cfg->threads);
        std::shared_ptr<Bases::Fixed> f;
        if (!path) {
            f = build_fixed(threads, *b, window_bits);
        } else {
            uint64_t psum[2];
            Checksum ps;
            ps.update(b->host.data(), b->host.size() * sizeof(G1Affine));
            ps.finish(psum);
            int32_t why;
            f = read_fixed(path, *b, window_bits, psum, &why);
            if (f) {
                *outcome = COPROVER_FIXED_LOADED;
            } else {
                // build only where the result can be kept: one build costs more than it saves in a proof
                static std::atomic<uint64_t> seq{0};
                std::string tmp = std::string(path) + ".tmp." + std::to_string((long long)getpid()) + "." + std::to_string(seq++);
                int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
                if (fd < 0) { *outcome = COPROVER_FIXED_NONE; return (int32_t)COPROVER_OK; }
                try {
                    f = build_fixed(threads, *b, window_bits);
                } catch (...) {
                    close(fd);
                    unlink(tmp.c_str());
                    throw;
                }
                FixedHeader h;
                memset(&h, 0, sizeof h);
                memcpy(h.magic, kFixedMagic, 8);
                h.version = kFixedVersion;
                h.window_bits = (uint32_t)window_bits;
                h.count = (uint64_t)b->count;
                h.windows = (uint64_t)nw;
                h.points_sum[0] = psum[0];
                h.points_sum[1] = psum[1];
                const size_t tb = f->size * sizeof(G1Affine), eb = f->size * sizeof(Fq);
                Checksum sum;
                sum.update(f->tab, tb);
                sum.update(f->endo, eb);
                sum.finish(h.body_sum);
                bool ok = write_all(fd, &h, sizeof h) && write_all(fd, f->tab, tb) && write_all(fd, f->endo, eb);
                ok = (close(fd) == 0) && ok;
                ok = ok && rename(tmp.c_str(), path) == 0;
                if (!ok) unlink(tmp.c_str());
                *outcome = ok ? why : COPROVER_FIXED_UNSAVED;
            }
        }
        std::lock_guard<std::mutex> g(g_mu);
        b->fixed = f;
        return (int32_t)COPROVER_OK;
    });
}

int32_t coprover_msm(const coprover_config *cfg, int64_t handle, int64_t start, const int64_t *scalars,
                     int64_t count, int64_t *result) {
    g_error[0] = 0;
    if (!cfg) cfg = &kDefault;
    int32_t rc = check_config(cfg);
    if (rc) return rc;
    if (!result) return set_error(COPROVER_ERR_ARGUMENT, "msm: result is NULL");
    std::shared_ptr<Bases> b = lookup(g_bases, handle);
    if (!b) return set_error(COPROVER_ERR_ARGUMENT, "msm: unknown bases handle %lld", (long long)handle);
    if (start < 0 || count < 0 || start + count > b->count)
        return set_error(COPROVER_ERR_ARGUMENT, "msm: points [%lld, %lld) out of the %lld loaded bases",
                         (long long)start, (long long)(start + count), (long long)b->count);
    if (count > 0 && !scalars) return set_error(COPROVER_ERR_ARGUMENT, "msm: scalars is NULL");
    const uint64_t *s = reinterpret_cast<const uint64_t *>(scalars);
    for (int64_t i = 0; i < count; i++) {
        if (!canonical<FrParams>(s + 4 * i))
            return set_error(COPROVER_ERR_ARGUMENT, "msm: scalar %lld is not a canonical Fr element", (long long)i);
    }
    uint64_t *out = reinterpret_cast<uint64_t *>(result);
    if (count == 0) {
        memset(out, 0, 64);
        return COPROVER_OK;
    }
    std::shared_ptr<const Bases::Fixed> fx;
    {
        std::lock_guard<std::mutex> g(g_mu);
        fx = b->fixed;
    }
    return guarded([&] {
#ifdef COPROVER_WITH_CUDA
        if (b->device >= 0) return cuda_msm(cfg, b->dev, start, s, count, out);
#endif
        // the table's one set of 2^(c-1) buckets pays when the entries (2 nw per point) fill them
        if (fx && cfg->window_bits == 0 && 2 * count * host_msm_fixed_windows(fx->c) >= ((int64_t)1 << (fx->c - 1)))
            return host_msm_fixed(host_threads(cfg->threads), fx->c, reinterpret_cast<const uint64_t *>(fx->tab),
                                  reinterpret_cast<const uint64_t *>(fx->endo), b->count, start, s, count, out);
        return host_msm(host_threads(cfg->threads), cfg->window_bits,
                        reinterpret_cast<const uint64_t *>(b->host.data() + start),
                        reinterpret_cast<const uint64_t *>(b->endo_x.data() + start), s, count, out);
    });
}

namespace {
/* Maps in the pages of [p, p + len) with one call where the kernel can (Linux 5.14+): a mapped
 * file's pages then cost no fault each when first read. Only a hint: any failure is ignored. */
void prefault(const void *p, size_t len) {
#ifdef MADV_POPULATE_READ
    const uintptr_t page = 4096, a = (uintptr_t)p & ~(page - 1), e = ((uintptr_t)p + len + page - 1) & ~(page - 1);
    (void)madvise((void *)a, e - a, MADV_POPULATE_READ);
#else
    (void)p;
    (void)len;
#endif
}

/* plonk_key_load and plonk_key_borrow: in = Qm..S3 and L_1 (NULL: computed; never with load) */
int32_t plonk_key(const char *what, const coprover_config *cfg, int32_t log_n, const int64_t *const in[9], bool borrow,
                  int64_t *handle) {
    g_error[0] = 0;
    if (!cfg) cfg = &kDefault;
    int32_t rc = check_config(cfg);
    if (rc) return rc;
    if (!handle) return set_error(COPROVER_ERR_ARGUMENT, "%s: handle is NULL", what);
    if (log_n < 1 || log_n > 26) return set_error(COPROVER_ERR_ARGUMENT, "%s: log_n must be in 1..26, got %d", what, log_n);
    const uint64_t *fixed[9];
    const int count = in[8] ? 9 : 8;
    const int64_t len = (int64_t)4 << log_n;  // 4n elements each
    for (int k = 0; k < count; k++) {
        if (!in[k]) return set_error(COPROVER_ERR_ARGUMENT, "%s: polynomial %d is NULL", what, k);
        fixed[k] = reinterpret_cast<const uint64_t *>(in[k]);
    }
    // range check on all threads (8 or 9 x 4n elements, read from a mapped file: its page faults
    // too); each chunk notes its first bad element, and the first of those is reported
    const int64_t chunk = std::min<int64_t>(len, (int64_t)1 << 15), per = (len + chunk - 1) / chunk;
    std::vector<int64_t> bad((size_t)(count * per), -1);
    parallel_for(count * per, host_threads(cfg->threads), [&](int64_t t) {
        const int k = (int)(t / per);
        const int64_t lo = (t % per) * chunk, hi = std::min(len, lo + chunk);
        if (borrow) prefault(fixed[k] + 4 * lo, (size_t)(hi - lo) * 32);
        for (int64_t i = lo, e = hi; i < e; i++) {
            uint64_t v[4];  // the input may be unaligned (a mapped file)
            memcpy(v, fixed[k] + 4 * i, sizeof v);
            if (!canonical<FrParams>(v)) { bad[(size_t)t] = i; return; }
        }
    });
    for (int64_t t = 0; t < count * per; t++) {
        if (bad[(size_t)t] >= 0)
            return set_error(COPROVER_ERR_ARGUMENT, "%s: element %lld of polynomial %d is not a canonical Fr element",
                             what, (long long)bad[(size_t)t], (int)(t / per));
    }
    return guarded([&] {
        auto k = std::make_shared<PlonkKey>();
        int32_t r = host_plonk_key(host_threads(cfg->threads), log_n, fixed, in[8] ? fixed[8] : nullptr, borrow, &k->key);
        if (r) return r;
        *handle = insert(g_plonk_keys, k);
        return (int32_t)COPROVER_OK;
    });
}
}  // namespace

int32_t coprover_plonk_key_load(const coprover_config *cfg, int32_t log_n, const int64_t *qm, const int64_t *ql,
                                const int64_t *qr, const int64_t *qo, const int64_t *qc, const int64_t *s1,
                                const int64_t *s2, const int64_t *s3, int64_t *handle) {
    const int64_t *const in[9] = {qm, ql, qr, qo, qc, s1, s2, s3, nullptr};
    return plonk_key("plonk_key_load", cfg, log_n, in, false, handle);
}

int32_t coprover_plonk_key_borrow(const coprover_config *cfg, int32_t log_n, const int64_t *qm, const int64_t *ql,
                                  const int64_t *qr, const int64_t *qo, const int64_t *qc, const int64_t *s1,
                                  const int64_t *s2, const int64_t *s3, const int64_t *l1, int64_t *handle) {
    const int64_t *const in[9] = {qm, ql, qr, qo, qc, s1, s2, s3, l1};
    return plonk_key("plonk_key_borrow", cfg, log_n, in, true, handle);
}

int32_t coprover_plonk_key_free(int64_t handle) {
    g_error[0] = 0;
    return drop(g_plonk_keys, handle, "plonk_key_free");
}

int32_t coprover_plonk_quotient(const coprover_config *cfg, int64_t handle, const int64_t *wires, const int64_t *on_h,
                                const int64_t *pub, int32_t npub, const int64_t *params, int64_t *t) {
    g_error[0] = 0;
    if (!cfg) cfg = &kDefault;
    int32_t rc = check_config(cfg);
    if (rc) return rc;
    std::shared_ptr<PlonkKey> k = lookup(g_plonk_keys, handle);
    if (!k) return set_error(COPROVER_ERR_ARGUMENT, "plonk_quotient: unknown key handle %lld", (long long)handle);
    if (!wires || !params || !t || (npub > 0 && !pub)) return set_error(COPROVER_ERR_ARGUMENT, "plonk_quotient: NULL argument");
    const int64_t n = (int64_t)1 << host_plonk_key_log_n(k->key);
    if (npub < 0 || npub > n) return set_error(COPROVER_ERR_ARGUMENT, "plonk_quotient: npub must be in 0..n, got %d", npub);
    struct { const int64_t *p; int64_t count; const char *what; } in[4] = {
        {wires, 4 * n + 9, "wire coefficient"}, {pub, npub, "public input"}, {params, 5, "parameter"},
        {on_h, on_h ? 4 * n : 0, "value on H"}};
    for (auto &v : in) {
        for (int64_t i = 0; i < v.count; i++) {
            if (!canonical<FrParams>(reinterpret_cast<const uint64_t *>(v.p) + 4 * i))
                return set_error(COPROVER_ERR_ARGUMENT, "plonk_quotient: %s %lld is not a canonical Fr element", v.what, (long long)i);
        }
    }
    return guarded([&] {
        return host_plonk_quotient(host_threads(cfg->threads), k->key, reinterpret_cast<const uint64_t *>(wires),
                                   reinterpret_cast<const uint64_t *>(on_h), reinterpret_cast<const uint64_t *>(pub), npub, reinterpret_cast<const uint64_t *>(params),
                                   reinterpret_cast<uint64_t *>(t));
    });
}

int32_t coprover_plonk_grand_product(const coprover_config *cfg, int64_t handle, const int64_t *cols,
                                     const int64_t *params, int64_t *z) {
    g_error[0] = 0;
    if (!cfg) cfg = &kDefault;
    int32_t rc = check_config(cfg);
    if (rc) return rc;
    std::shared_ptr<PlonkKey> k = lookup(g_plonk_keys, handle);
    if (!k) return set_error(COPROVER_ERR_ARGUMENT, "plonk_grand_product: unknown key handle %lld", (long long)handle);
    if (!cols || !params || !z) return set_error(COPROVER_ERR_ARGUMENT, "plonk_grand_product: NULL argument");
    const int64_t n = (int64_t)1 << host_plonk_key_log_n(k->key);
    rc = check_fr("plonk_grand_product: wire value", cols, 3 * n);
    if (rc) return rc;
    rc = check_fr("plonk_grand_product: parameter", params, 4);
    if (rc) return rc;
    return guarded([&] {
        return host_plonk_grand_product(host_threads(cfg->threads), k->key, reinterpret_cast<const uint64_t *>(cols),
                                        reinterpret_cast<const uint64_t *>(params), reinterpret_cast<uint64_t *>(z));
    });
}

int32_t coprover_fr_poly_eval(const coprover_config *cfg, const int64_t *p, int64_t len, const int64_t *x, int64_t *out) {
    g_error[0] = 0;
    if (!cfg) cfg = &kDefault;
    int32_t rc = check_config(cfg);
    if (rc) return rc;
    if (!p || !x || !out) return set_error(COPROVER_ERR_ARGUMENT, "fr_poly_eval: NULL argument");
    if (len < 0) return set_error(COPROVER_ERR_ARGUMENT, "fr_poly_eval: negative length");
    if ((rc = check_fr("fr_poly_eval: coefficient", p, len)) || (rc = check_fr("fr_poly_eval: point", x, 1))) return rc;
    return guarded([&] {
        host_fr_poly_eval(host_threads(cfg->threads), reinterpret_cast<const uint64_t *>(p), len,
                          reinterpret_cast<const uint64_t *>(x), reinterpret_cast<uint64_t *>(out));
        return (int32_t)COPROVER_OK;
    });
}

int32_t coprover_fr_axpy(const coprover_config *cfg, int64_t *r, const int64_t *p, int64_t len, const int64_t *s) {
    g_error[0] = 0;
    if (!cfg) cfg = &kDefault;
    int32_t rc = check_config(cfg);
    if (rc) return rc;
    if (!r || !p || !s) return set_error(COPROVER_ERR_ARGUMENT, "fr_axpy: NULL argument");
    if (len < 0) return set_error(COPROVER_ERR_ARGUMENT, "fr_axpy: negative length");
    if ((rc = check_fr("fr_axpy: r element", r, len)) || (rc = check_fr("fr_axpy: p element", p, len)) ||
        (rc = check_fr("fr_axpy: scalar", s, 1)))
        return rc;
    return guarded([&] {
        host_fr_axpy(host_threads(cfg->threads), reinterpret_cast<uint64_t *>(r), reinterpret_cast<const uint64_t *>(p),
                     len, reinterpret_cast<const uint64_t *>(s));
        return (int32_t)COPROVER_OK;
    });
}

int32_t coprover_fr_divide_linear(int64_t *p, int64_t len, const int64_t *z, int64_t *rem) {
    g_error[0] = 0;
    if (!p || !z || !rem) return set_error(COPROVER_ERR_ARGUMENT, "fr_divide_linear: NULL argument");
    if (len < 0) return set_error(COPROVER_ERR_ARGUMENT, "fr_divide_linear: negative length");
    int32_t rc;
    if ((rc = check_fr("fr_divide_linear: coefficient", p, len)) || (rc = check_fr("fr_divide_linear: point", z, 1)))
        return rc;
    return guarded([&] {
        host_fr_divide_linear(reinterpret_cast<uint64_t *>(p), len, reinterpret_cast<const uint64_t *>(z),
                              reinterpret_cast<uint64_t *>(rem));
        return (int32_t)COPROVER_OK;
    });
}

int32_t coprover_field_op(int32_t field, int32_t op, int32_t variant, const int64_t *a, const int64_t *b, int64_t *r) {
    g_error[0] = 0;
    if (!a || !r || (op <= 2 && !b)) return set_error(COPROVER_ERR_ARGUMENT, "field_op: NULL operand");
    if (field != 0 && field != 1) return set_error(COPROVER_ERR_ARGUMENT, "field_op: field must be 0 (Fr) or 1 (Fq), got %d", field);
    if (op < 0 || op > 5) return set_error(COPROVER_ERR_ARGUMENT, "field_op: unknown op %d", op);
    const uint64_t *x = reinterpret_cast<const uint64_t *>(a), *y = reinterpret_cast<const uint64_t *>(b);
    uint64_t *z = reinterpret_cast<uint64_t *>(r);
    bool ok = field == 0 ? canonical<FrParams>(x) && (!y || canonical<FrParams>(y))
                         : canonical<FqParams>(x) && (!y || canonical<FqParams>(y));
    if (!ok) return set_error(COPROVER_ERR_ARGUMENT, "field_op: operand is not canonical");
    if (variant == 1) return field_op_portable(field, op, x, y, z);
    if (variant != 0) return set_error(COPROVER_ERR_ARGUMENT, "field_op: variant must be 0 or 1, got %d", variant);
    auto run = [&](auto zero) {
        using F = decltype(zero);
        F u, v, w;
        memcpy(u.l, x, 32);
        if (y) memcpy(v.l, y, 32); else v = F::zero();
        switch (op) {
        case 0: w = u + v; break;
        case 1: w = u - v; break;
        case 2: w = u * v; break;
        case 3: w = u.inverse(); break;
        case 4: w = u.to_mont(); break;
        default: w = u.from_mont(); break;
        }
        memcpy(z, w.l, 32);
    };
    if (field == 0) run(Fr::zero()); else run(Fq::zero());
    return COPROVER_OK;
}

int32_t coprover_constant(int32_t which, int64_t *out) {
    g_error[0] = 0;
    if (!out) return set_error(COPROVER_ERR_ARGUMENT, "constant: out is NULL");
    typedef FrParams R;
    typedef FqParams Q;
    uint64_t v[4];
    switch (which) {
    case 0: { uint64_t t[4] = {R::P0, R::P1, R::P2, R::P3}; memcpy(v, t, 32); break; }
    case 1: { uint64_t t[4] = {R::ONE0, R::ONE1, R::ONE2, R::ONE3}; memcpy(v, t, 32); break; }
    case 2: { uint64_t t[4] = {R::R20, R::R21, R::R22, R::R23}; memcpy(v, t, 32); break; }
    case 3: { uint64_t t[4] = {Q::P0, Q::P1, Q::P2, Q::P3}; memcpy(v, t, 32); break; }
    case 4: { uint64_t t[4] = {Q::ONE0, Q::ONE1, Q::ONE2, Q::ONE3}; memcpy(v, t, 32); break; }
    case 5: { uint64_t t[4] = {Q::R20, Q::R21, Q::R22, Q::R23}; memcpy(v, t, 32); break; }
    case 6: { uint64_t t[4] = {R::OMEGA28_0, R::OMEGA28_1, R::OMEGA28_2, R::OMEGA28_3}; memcpy(v, t, 32); break; }
    case 7: { uint64_t t[4] = {Q::B3_0, Q::B3_1, Q::B3_2, Q::B3_3}; memcpy(v, t, 32); break; }
#define CP_GLV_CASE(i, K) case i: { uint64_t t[4] = {GlvParams::K##0, GlvParams::K##1, GlvParams::K##2, GlvParams::K##3}; memcpy(v, t, 32); break; }
    CP_GLV_CASE(8, BETA_)
    CP_GLV_CASE(9, LAMBDA_)
    CP_GLV_CASE(10, A1_)
    CP_GLV_CASE(11, B1ABS_)
    CP_GLV_CASE(12, A2_)
    CP_GLV_CASE(13, B2_)
    CP_GLV_CASE(14, G1_)
    CP_GLV_CASE(15, G2_)
#undef CP_GLV_CASE
    default: return set_error(COPROVER_ERR_ARGUMENT, "constant: unknown index %d", which);
    }
    memcpy(out, v, 32);
    return COPROVER_OK;
}

}  // extern "C"
