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
 * (mont_x86.hpp), as in the MSM.
 *
 * Where the CPU has AVX-512 IFMA (ifma.hpp) and n >= 2^9, the butterflies run eight at a time:
 * phase 1 on eight blocks at once, one block per lane (every lane then does the same butterfly
 * with the same twiddle, so the twiddle is broadcast and no lane ever waits on another), the
 * blocks kept in radix 2^52 through all their stages; phase 2 on eight consecutive butterfly
 * groups, whose elements and twiddles are consecutive. The blocks are then smaller than
 * 2^BLOCK_LOG where that gives every thread a group of eight. */
#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "coprover/field.hpp"
#include "ifma.hpp"
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
struct ParamsOf;
template <class P, class M>
struct ParamsOf<Fp<P, M>> {
    typedef P type;
};

#ifdef COPROVER_HAVE_IFMA
namespace vec {
using namespace ifma;

/* (x, y) <- (x + w y, x - w y) on SoA elements at x and y (40 words each), w16 = 16 w */
CP_IFMA_INLINE void butterfly16(const Consts &k, uint64_t *xp, uint64_t *yp, const E &w16) {
    E x, y, v;
    load(xp, x);
    load(yp, y);
    mul16(k, y, w16, v);
    sub(k, x, v, y);
    add(k, x, v, x);
    store(xp, x);
    store(yp, y);
}

/* the same in registers, the twiddles of the eight lanes in w (not shifted) */
CP_IFMA_INLINE void butterfly(const Consts &k, E &x, E &y, const E &w) {
    E v;
    mul(k, y, w, v);
    sub(k, x, v, y);
    add(k, x, v, x);
}

/* phase 1 for the eight consecutive blocks of 2^bl elements at a (Fr words): stages 1..bl of a
 * transform of size 2^log_n; scratch: 40 words per element of a block */
template <class P>
CP_IFMA_FN void blocks8(uint64_t *a, int bl, int log_n, const uint64_t *tw, uint64_t *scratch) {
    const Consts k = consts<P>();
    const int64_t bsize = (int64_t)1 << bl;
    const V lanes = _mm512_set_epi64(28 * bsize, 24 * bsize, 20 * bsize, 16 * bsize, 12 * bsize, 8 * bsize,
                                     4 * bsize, 0);  // word offsets of the eight blocks
    for (int64_t i = 0; i < bsize; i++) {
        E x;
        gather(k, a + 4 * i, lanes, x);
        store(scratch + 40 * i, x);
    }
    for (int s = 1; s <= bl; s++) {
        const int64_t m = (int64_t)1 << (s - 1), stride = (int64_t)1 << (log_n - s);
        for (int64_t j = 0; j < m; j++) {
            E w16;
            broadcast16(k, tw + 4 * j * stride, w16);
            for (int64_t q = j; q < bsize; q += 2 * m) butterfly16(k, scratch + 40 * q, scratch + 40 * (q + m), w16);
        }
    }
    for (int64_t i = 0; i < bsize; i++) {
        E x;
        load(scratch + 40 * i, x);
        scatter(a + 4 * i, 0xff, lanes, x);
    }
}

/* phase 2, two stages (s, s + 1) for the radix-4 groups g0 .. g0 + 7 (m = 2^(s-1) >= 8, so their
 * elements and twiddles are consecutive) */
template <class P>
CP_IFMA_FN void radix4x8(uint64_t *a, const uint64_t *tw, int64_t g0, int s, int64_t stride) {
    const Consts k = consts<P>();
    const int64_t m = (int64_t)1 << (s - 1), stride2 = stride >> 1;
    const int64_t j = g0 & (m - 1), i = ((g0 >> (s - 1)) << (s + 1)) + j;
    const V seq = run8(i, 1), off1 = bc(4 * m), off2 = bc(8 * m), off3 = bc(12 * m);
    E x0, x1, x2, x3, w1, w2, w3;
    gather(k, a, seq, x0);
    gather(k, a, _mm512_add_epi64(seq, off1), x1);
    gather(k, a, _mm512_add_epi64(seq, off2), x2);
    gather(k, a, _mm512_add_epi64(seq, off3), x3);
    gather(k, tw, run8(j * stride, stride), w1);
    gather(k, tw, run8(j * stride2, stride2), w2);
    gather(k, tw, run8((j + m) * stride2, stride2), w3);
    butterfly(k, x0, x1, w1);
    butterfly(k, x2, x3, w1);
    butterfly(k, x0, x2, w2);
    butterfly(k, x1, x3, w3);
    scatter(a, 0xff, seq, x0);
    scatter(a, 0xff, _mm512_add_epi64(seq, off1), x1);
    scatter(a, 0xff, _mm512_add_epi64(seq, off2), x2);
    scatter(a, 0xff, _mm512_add_epi64(seq, off3), x3);
}

/* phase 2, one stage s for the butterflies b0 .. b0 + 7 (m = 2^(s-1) >= 8) */
template <class P>
CP_IFMA_FN void radix2x8(uint64_t *a, const uint64_t *tw, int64_t b0, int s, int64_t stride) {
    const Consts k = consts<P>();
    const int64_t m = (int64_t)1 << (s - 1);
    const int64_t j = b0 & (m - 1), i = ((b0 >> (s - 1)) << s) + j;
    const V seq = run8(i, 1), off = bc(4 * m);
    E x, y, w;
    gather(k, a, seq, x);
    gather(k, a, _mm512_add_epi64(seq, off), y);
    gather(k, tw, run8(j * stride, stride), w);
    butterfly(k, x, y, w);
    scatter(a, 0xff, seq, x);
    scatter(a, 0xff, _mm512_add_epi64(seq, off), y);
}

}  // namespace vec
#endif

/* the block size (log) of phase 1 and whether the IFMA path runs this transform */
int phase1_log(int log_n, int threads, bool &vec) {
    vec = false;
#ifdef COPROVER_HAVE_IFMA
    if (log_n >= 9 && cpu_has_ifma()) {
        // eight blocks per task, and a task for every thread where the blocks stay >= 2^6
        int t = 0;
        while ((1 << t) < threads) t++;
        vec = true;
        return std::max(6, std::min(BLOCK_LOG, log_n - 3 - t));
    }
#endif
    (void)threads;
    return std::min(log_n, BLOCK_LOG);
}

template <class F>
void forward(F *a, int log_n, int threads) {
    if (log_n == 0) return;
    int64_t n = (int64_t)1 << log_n;
    auto twp = twiddles(log_n, threads);
    const F *tw = reinterpret_cast<const F *>(twp->data());  // same layout, F's arithmetic
    bit_reverse(a, log_n, threads);
    bool vec;
    const int bl = phase1_log(log_n, threads, vec);
    int64_t bsize = (int64_t)1 << bl;
    // phase 1: stages 1..bl inside each aligned block of 2^bl elements
#ifdef COPROVER_HAVE_IFMA
    typedef typename ParamsOf<F>::type P;
    uint64_t *aw = reinterpret_cast<uint64_t *>(a);
    const uint64_t *tww = reinterpret_cast<const uint64_t *>(tw);
    if (vec) {
        parallel_for(n / bsize / 8, threads, [&](int64_t t) {
            static thread_local std::vector<uint64_t> scratch;
            if ((int64_t)scratch.size() < 40 * bsize) scratch.resize((size_t)(40 * bsize));
            vec::blocks8<P>(aw + 4 * 8 * bsize * t, bl, log_n, tww, scratch.data());
        });
    } else
#endif
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
#ifdef COPROVER_HAVE_IFMA
            if (vec) {  // m >= 2^bl >= 64 and lo, hi multiples of 8
                for (int64_t g = lo; g < hi; g += 8) vec::radix4x8<P>(aw, tww, g, s, stride);
                return;
            }
#endif
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
#ifdef COPROVER_HAVE_IFMA
            if (vec) {
                for (int64_t b = lo; b < hi; b += 8) vec::radix2x8<P>(aw, tww, b, s, stride);
                return;
            }
#endif
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
