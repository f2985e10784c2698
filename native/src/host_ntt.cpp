/* Host NTT over BN254 Fr, the conventions of io.coprover.backend.ProvingBackend:
 * natural order in and out, omega_n = 5^((r-1)/n) = omega_{2^28}^(2^(28 - log n)).
 *
 * Iterative radix-2 decimation in time (Cooley-Tukey): bit-reversal permutation, then stages with
 * half-size m = 1, 2, ..., n/2 and butterflies (a, b) <- (a + w*b, a - w*b), w = omega_{2m}^j =
 * omega_n^(j*n/2m). The first BLOCK_LOG stages only mix elements inside aligned blocks of
 * 2^BLOCK_LOG (128 KiB, fits L2), so each block runs through all of them at once, one block per
 * task; the remaining stages are split over threads by butterfly ranges, one pass per stage.
 * Inverse: omega^-ij = omega^(n-i)j, so inverse = forward, then i -> n-i, then the 1/n scaling.
 * Coset: x_j <- g^j x_j before the forward transform; the inverse fuses n^-1 g^-j into one pass.
 * The field arithmetic is a template parameter, the x86 assembly where the CPU has it
 * (mont_x86.hpp), as in the MSM. */
#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "coprover/field.hpp"
#include "internal.hpp"
#include "mont_x86.hpp"
#include "parallel.hpp"

namespace coprover {
namespace {

constexpr int BLOCK_LOG = 12;
constexpr int64_t CHUNK = 1 << 14;  // elements per task in element-wise passes

Fr omega(int log_n) {
    Fr w = {{FrParams::OMEGA28_0, FrParams::OMEGA28_1, FrParams::OMEGA28_2, FrParams::OMEGA28_3}};
    for (int k = 28; k > log_n; k--) w = w.sqr();
    return w;
}

/* omega_n^i for i < n/2, shared by every transform of that size (read-only once built). */
std::shared_ptr<const std::vector<Fr>> twiddles(int log_n, int threads) {
    static std::mutex mu;
    static std::map<int, std::shared_ptr<const std::vector<Fr>>> cache;
    {
        std::lock_guard<std::mutex> g(mu);
        auto it = cache.find(log_n);
        if (it != cache.end()) return it->second;
    }
    int64_t half = log_n == 0 ? 0 : (int64_t)1 << (log_n - 1);
    auto tw = std::make_shared<std::vector<Fr>>(half);
    Fr w = omega(log_n);
    int64_t tasks = (half + CHUNK - 1) / CHUNK;
    parallel_for(tasks, threads, [&](int64_t t) {
        int64_t lo = t * CHUNK, hi = std::min(half, lo + CHUNK);
        Fr x = w.pow_u64((uint64_t)lo);
        for (int64_t i = lo; i < hi; i++) { (*tw)[i] = x; x = x * w; }
    });
    std::lock_guard<std::mutex> g(mu);
    auto ins = cache.emplace(log_n, tw);
    return ins.first->second;
}

/* the low `bits` bits of x reversed (1 <= bits <= 63): swaps of ever larger bit groups, then the
 * bytes, then a shift (a loop over the bits cost 1.5 % of a 2^16 proof's CPU) */
inline uint64_t bitrev(uint64_t x, int bits) {
    x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
    x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
    x = ((x >> 4) & 0x0f0f0f0f0f0f0f0full) | ((x & 0x0f0f0f0f0f0f0f0full) << 4);
    return __builtin_bswap64(x) >> (64 - bits);
}

template <class F>
void bit_reverse(F *a, int log_n, int threads) {
    int64_t n = (int64_t)1 << log_n;
    int64_t tasks = (n + CHUNK - 1) / CHUNK;
    parallel_for(tasks, threads, [&](int64_t t) {
        int64_t lo = t * CHUNK, hi = std::min(n, lo + CHUNK);
        for (int64_t i = lo; i < hi; i++) {
            int64_t j = (int64_t)bitrev((uint64_t)i, log_n);
            if (i < j) std::swap(a[i], a[j]);  // each pair is swapped by exactly one task
        }
    });
}

template <class F>
struct Limbs;

/* the field's in-place limb arithmetic: results go straight to their destination (values returned
 * by copy went through the stack, as in the MSM's bucket additions) */
template <class P, class M>
struct Limbs<Fp<P, M>> {
    static inline __attribute__((always_inline)) void mul(uint64_t *r, const uint64_t *a, const uint64_t *b) {
        M::template mul<P>(r, a, b);
    }
    static inline __attribute__((always_inline)) void add(uint64_t *r, const uint64_t *a, const uint64_t *b) {
        M::template add<P>(r, a, b);
    }
    static inline __attribute__((always_inline)) void sub(uint64_t *r, const uint64_t *a, const uint64_t *b) {
        M::template sub<P>(r, a, b);
    }
};

template <class F>
inline __attribute__((always_inline)) void butterfly(F &x, F &y, const F &w, bool unit) {
    typedef Limbs<F> L;
    uint64_t v[4];
    if (unit) {
        v[0] = y.l[0]; v[1] = y.l[1]; v[2] = y.l[2]; v[3] = y.l[3];
    } else {
        L::mul(v, y.l, w.l);
    }
    L::sub(y.l, x.l, v);
    L::add(x.l, x.l, v);
}

template <class F>
void forward(F *a, int log_n, int threads) {
    if (log_n == 0) return;
    int64_t n = (int64_t)1 << log_n;
    auto twp = twiddles(log_n, threads);
    const F *tw = reinterpret_cast<const F *>(twp->data());  // same layout, F's arithmetic
    bit_reverse(a, log_n, threads);
    int bl = std::min(log_n, BLOCK_LOG);
    int64_t bsize = (int64_t)1 << bl;
    // phase 1: stages 1..bl inside each aligned block of 2^bl elements
    parallel_for(n / bsize, threads, [&](int64_t blk) {
        F *b = a + blk * bsize;
        for (int s = 1; s <= bl; s++) {
            int64_t m = (int64_t)1 << (s - 1), stride = (int64_t)1 << (log_n - s);
            for (int64_t k = 0; k < bsize; k += 2 * m)
                for (int64_t j = 0; j < m; j++) butterfly(b[k + j], b[k + j + m], tw[j * stride], j == 0);
        }
    });
    // phase 2: the remaining stages, two per parallel pass (radix-4 groups: stages s and s + 1 on
    // the 4 elements i, i + m, i + 2m, i + 3m), halving the passes over memory; a last odd stage
    // alone
    // (tasks of at most CHUNK groups, but at least 4 per thread: at 2^16 a pass has 2^14 groups,
    // which one task of CHUNK would leave to a single thread)
    int s2 = bl + 1;
    const int64_t groups = n / 4;
    const int64_t gchunk = std::max<int64_t>(1024, std::min<int64_t>(CHUNK, groups / (4 * std::max(threads, 1))));
    for (; s2 + 1 <= log_n; s2 += 2) {
        const int s = s2;
        const int64_t m = (int64_t)1 << (s - 1), stride = (int64_t)1 << (log_n - s), stride2 = stride >> 1;
        const int64_t tasks = (groups + gchunk - 1) / gchunk;
        parallel_for(tasks, threads, [&](int64_t t) {
            int64_t lo = t * gchunk, hi = std::min(groups, lo + gchunk);
            for (int64_t g = lo; g < hi; g++) {
                int64_t j = g & (m - 1), i = ((g >> (s - 1)) << (s + 1)) + j;
                butterfly(a[i], a[i + m], tw[j * stride], j == 0);
                butterfly(a[i + 2 * m], a[i + 3 * m], tw[j * stride], j == 0);
                butterfly(a[i], a[i + 2 * m], tw[j * stride2], j == 0);
                butterfly(a[i + m], a[i + 3 * m], tw[(j + m) * stride2], false);
            }
        });
    }
    for (int s = s2; s <= log_n; s++) {
        int64_t m = (int64_t)1 << (s - 1), stride = (int64_t)1 << (log_n - s);
        int64_t tasks = (n / 2 + 2 * gchunk - 1) / (2 * gchunk);
        parallel_for(tasks, threads, [&](int64_t t) {
            int64_t lo = t * 2 * gchunk, hi = std::min(n / 2, lo + 2 * gchunk);
            for (int64_t b = lo; b < hi; b++) {
                int64_t j = b & (m - 1), i = ((b >> (s - 1)) << s) + j;
                butterfly(a[i], a[i + m], tw[j * stride], j == 0);
            }
        });
    }
}

/* a_j <- base * step^j * a_j */
template <class F>
void scale_powers(F *a, int64_t n, const F &base, const F &step, int threads) {
    int64_t tasks = (n + CHUNK - 1) / CHUNK;
    parallel_for(tasks, threads, [&](int64_t t) {
        int64_t lo = t * CHUNK, hi = std::min(n, lo + CHUNK);
        F x = base * step.pow_u64((uint64_t)lo);
        for (int64_t i = lo; i < hi; i++) { a[i] = a[i] * x; x = x * step; }
    });
}

template <class F>
void reverse_tail(F *a, int64_t n) {
    std::reverse(a + 1, a + n);  // i -> n - i for 1 <= i < n
}

template <class F>
void transform(F *a, int log_n, int op, const F &g, int threads) {
    int64_t n = (int64_t)1 << log_n;
    F n_inv = F{{(uint64_t)n, 0, 0, 0}}.to_mont().inverse();
    switch (op) {
    case COPROVER_NTT_FORWARD:
        forward(a, log_n, threads);
        break;
    case COPROVER_NTT_INVERSE:
        forward(a, log_n, threads);
        reverse_tail(a, n);
        scale_powers(a, n, n_inv, F::one(), threads);
        break;
    case COPROVER_NTT_COSET_FORWARD:
        scale_powers(a, n, F::one(), g, threads);
        forward(a, log_n, threads);
        break;
    case COPROVER_NTT_COSET_INVERSE:
        forward(a, log_n, threads);
        reverse_tail(a, n);
        scale_powers(a, n, n_inv, g.inverse(), threads);
        break;
    }
}

template <class F>
void run(int threads, uint64_t *data, int log_n, int batch, int op, const uint64_t *shift) {
    F g = F::one();
    if (op == COPROVER_NTT_COSET_FORWARD || op == COPROVER_NTT_COSET_INVERSE) {
        for (int i = 0; i < 4; i++) g.l[i] = shift[i];
    }
    F *a = reinterpret_cast<F *>(data);
    int64_t n = (int64_t)1 << log_n;
    if (log_n < BLOCK_LOG && batch > 1 && threads > 1) {
        // small transforms: one polynomial per task
        parallel_for(batch, threads, [&](int64_t b) { transform(a + b * n, log_n, op, g, 1); });
    } else {
        for (int b = 0; b < batch; b++) transform(a + (int64_t)b * n, log_n, op, g, threads);
    }
}

}  // namespace

int32_t host_ntt(int threads, uint64_t *data, int log_n, int batch, int op, const uint64_t *shift) {
#ifdef COPROVER_HAVE_MONT_ADX
    if (cpu_has_adx()) {
        run<Fp<FrParams, MontAdx>>(threads, data, log_n, batch, op, shift);
        return COPROVER_OK;
    }
#endif
    run<Fr>(threads, data, log_n, batch, op, shift);
    return COPROVER_OK;
}

}  // namespace coprover
