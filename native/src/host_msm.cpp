/* Host MSM: Pippenger over GLV-split scalars, signed-digit windows, a bucket-sorted point schedule
 * and batch-affine bucket accumulation (the structure of Barretenberg's and gnark-crypto's CPU MSMs).
 *
 * Per call, for n points P_i and scalars k_i:
 *  1. split (parallel by points): k_i leaves Montgomery form and is split k_i = k1 + k2 LAMBDA
 *     (glv.hpp); the 2n "virtual points" are P_i with |k1| and phi(P_i) with |k2|, negated where
 *     the part is negative; each 127-bit magnitude is recoded into nw = ceil(128/c) signed c-bit
 *     digits (coprover/msm_common.hpp), and each chunk of points counts its digits per bucket;
 *  2. schedule: the counts give every (window, bucket) its place, and a second pass over the
 *     chunks writes each nonzero digit's entry (virtual point | sign << 31) there: a counting
 *     sort, so each window's entries are grouped by bucket;
 *  3. accumulate (parallel by work units: a window, or a range of its buckets with about equal
 *     entries): bucket sums by batch-affine additions (msm_buckets.hpp), then the running-sum
 *     reduction sum_b b B_b of the unit's range (XYZZ);
 *  4. Horner over windows (c doublings each), one inversion to affine.
 * The field arithmetic is a template parameter: mulx/adcx/adox assembly where the CPU has it
 * (mont_x86.hpp), the portable CIOS otherwise, chosen once per call. */
#include <algorithm>
#include <cmath>
#include <vector>

#include "coprover/curve.hpp"
#include "coprover/msm_common.hpp"
#include "glv.hpp"
#include "internal.hpp"
#include "mont_x86.hpp"
#include "msm_buckets.hpp"
#include "parallel.hpp"

namespace coprover {

namespace {

constexpr int GLV_DIGIT_BITS = GlvParams::BITS + 1;  // windows cover the magnitude and a final carry
constexpr int64_t SPLIT_CHUNK = 1 << 13;             // fewest points per task in the split and scatter passes
constexpr int64_t MAX_PASS = (int64_t)1 << 24;       // points per pass (bounds the schedule's memory)
constexpr int64_t MAX_COUNTS = (int64_t)1 << 24;     // bucket counters of all chunks together (64 MiB)
#ifndef COPROVER_MSM_BLOCK
#define COPROVER_MSM_BLOCK (1 << 14)
#endif
constexpr int64_t BLOCK = COPROVER_MSM_BLOCK;         // slots of the batch-affine block (1 MiB; 2^13..2^15 within 2%)

int glv_windows(int c) { return (GLV_DIGIT_BITS + c - 1) / c; }

/* Work units per window: enough for every thread to have about two units to take in turn. */
int units_per_window(int nw, int threads) { return std::max(1, (2 * threads + nw - 1) / nw); }

void recode(glv_u128 m, int c, int nw, int32_t *d) {
    uint64_t k[4] = {(uint64_t)m, (uint64_t)(m >> 64), 0, 0};
    msm_signed_digits(k, c, nw, d);
}

template <class M>
struct Msm {
    typedef Fp<FqParams, M> F;
    typedef Fp<FrParams, M> R;
    typedef G1AffineT<F> Affine;
    typedef G1XyzzT<F> Xyzz;

    int threads, c, nw;
    int64_t nb;  // buckets per window, 2^(c-1)

    /* Step 1 for points [lo, hi) of n: k_i leaves Montgomery form and is split into GLV halves,
     * whose magnitudes go to mag[i] and mag[n + i] (bit 127: the sign; zero for a point at
     * infinity); count(w, d) sees every nonzero digit d of window w. */
    template <class Count>
    void split(const Affine *pts, const R *sc, int64_t n, int64_t lo, int64_t hi, glv_u128 *mag, Count count) {
        int32_t d[64];
        for (int64_t i = lo; i < hi; i++) {
            if (pts[i].is_inf()) { mag[i] = mag[n + i] = 0; continue; }
            R k = sc[i].from_mont();
            glv_u128 m1, m2;
            bool n1, n2;
            glv_split(k.l, m1, n1, m2, n2);
            mag[i] = m1 | ((glv_u128)n1 << 127);
            mag[n + i] = m2 | ((glv_u128)n2 << 127);
            for (int h = 0; h < 2; h++) {
                recode(h ? m2 : m1, c, nw, d);
                for (int w = 0; w < nw; w++)
                    if (d[w]) count(w, d[w]);
            }
        }
    }

    /* sum_i k_i P_i over one pass of n <= MAX_PASS points, as XYZZ */
    Xyzz pass(const Affine *pts, const F *endo_x, const R *sc, int64_t n) {
        // chunks of points: each keeps one count per (window, bucket), so their number is bounded
        const int64_t vn = 2 * n;
        int64_t chunks = std::min<int64_t>((n + SPLIT_CHUNK - 1) / SPLIT_CHUNK, 2 * threads);
        chunks = std::max<int64_t>(1, std::min<int64_t>(chunks, MAX_COUNTS / (nw * nb)));  // large forced windows
        const int64_t chunk_len = (n + chunks - 1) / chunks;
        // 1. split; bit 127 of each magnitude holds its sign (magnitudes are < 2^127)
        auto mag = uninit<glv_u128>((size_t)vn);
        std::vector<uint32_t> count((size_t)chunks * nw * nb, 0);
        parallel_for(chunks, threads, [&](int64_t ch) {
            uint32_t *cnt = &count[(size_t)ch * nw * nb];
            split(pts, sc, n, ch * chunk_len, std::min(n, (ch + 1) * chunk_len), mag.get(),
                  [&](int w, int32_t d) { cnt[(size_t)w * nb + std::abs(d) - 1]++; });
        });
        // 2. offsets: window-major, then bucket, then chunk (the counts become each chunk's next
        // position); a second pass over the chunks writes the entries
        std::vector<uint32_t> off((size_t)nw * (nb + 1));
        int64_t total = 0;
        for (int w = 0; w < nw; w++) {
            int64_t base = total;
            for (int64_t b = 0; b < nb; b++) {
                off[(size_t)w * (nb + 1) + b] = (uint32_t)(total - base);
                for (int64_t ch = 0; ch < chunks; ch++) {
                    size_t at = ((size_t)ch * nw + w) * nb + b;
                    uint32_t k = count[at];
                    count[at] = (uint32_t)(total - base);
                    total += k;
                }
            }
            off[(size_t)w * (nb + 1) + nb] = (uint32_t)(total - base);
        }
        std::vector<int64_t> wbase((size_t)nw + 1, 0);
        for (int w = 0; w < nw; w++) wbase[w + 1] = wbase[w] + off[(size_t)w * (nb + 1) + nb];
        auto entries = uninit<uint32_t>((size_t)total);
        parallel_for(chunks, threads, [&](int64_t ch) {
            int32_t d[64];
            uint32_t *p = &count[(size_t)ch * nw * nb];
            for (int64_t i = ch * chunk_len, e = std::min(n, i + chunk_len); i < e; i++) {
                for (int h = 0; h < 2; h++) {
                    glv_u128 m = mag[h * n + i];
                    uint32_t sign = (uint32_t)(m >> 127) << 31;
                    recode(m & ~((glv_u128)1 << 127), c, nw, d);
                    for (int w = 0; w < nw; w++) {
                        if (!d[w]) continue;
                        uint32_t v = (uint32_t)(h * n + i) | (d[w] < 0 ? sign ^ 0x80000000u : sign);
                        entries[wbase[w] + p[(size_t)w * nb + std::abs(d[w]) - 1]++] = v;
                    }
                }
            }
        });
        mag.reset();
        count = std::vector<uint32_t>();

        // 3. work units: ranges of buckets with about equal entries
        const int upw = units_per_window(nw, threads);
        struct Unit { int w; int64_t lo, hi; };
        std::vector<Unit> units;
        for (int w = 0; w < nw; w++) {
            const uint32_t *o = &off[(size_t)w * (nb + 1)];
            int64_t lo = 0;
            for (int u = 1; u <= upw && lo < nb; u++) {
                int64_t hi = nb;
                if (u < upw) {
                    uint64_t target = (uint64_t)o[nb] * u / upw;
                    hi = std::upper_bound(o, o + nb + 1, (uint32_t)target) - o - 1;
                    hi = std::max(hi, lo + 1);
                }
                units.push_back(Unit{w, lo, hi});
                lo = hi;
            }
        }
        std::vector<Xyzz> usum(units.size()), uweighted(units.size());
        const int workers = (int)std::min<int64_t>(threads, (int64_t)units.size());
        std::vector<std::unique_ptr<BucketAccumulator<M>>> accs(workers);
        int64_t max_range = 0;
        for (const Unit &u : units) max_range = std::max(max_range, u.hi - u.lo);
        auto bsums = uninit<Affine>((size_t)workers * max_range);
        parallel_for_workers((int64_t)units.size(), threads, [&](int64_t t, int worker) {
            const Unit &u = units[t];
            Affine *bsum = &bsums[(size_t)worker * max_range];
            if (!accs[worker]) accs[worker].reset(new BucketAccumulator<M>(BLOCK));
            accs[worker]->run(pts, endo_x, n, &entries[wbase[u.w]], &off[(size_t)u.w * (nb + 1)], u.lo, u.hi, bsum);
            // running sums from the top: running_b = sum_{b' >= b} B_b', weighted = sum_b running_b
            Xyzz running = Xyzz::inf(), weighted = Xyzz::inf();
            for (int64_t b = u.hi - u.lo - 1; b >= 0; b--) {
                running = running.add_affine(bsum[b]);
                weighted = weighted.add(running);
            }
            usum[t] = running;
            uweighted[t] = weighted;
        });
        // bucket b holds digit b + 1: sum over the unit of (b + 1) B_b = weighted + lo * running
        std::vector<Xyzz> win((size_t)nw, Xyzz::inf());
        for (size_t t = 0; t < units.size(); t++) {
            win[units[t].w] = win[units[t].w].add(uweighted[t].add(usum[t].mul_small((uint64_t)units[t].lo)));
        }
        // 4. Horner over windows
        Xyzz r = Xyzz::inf();
        for (int w = nw - 1; w >= 0; w--) {
            for (int k = 0; k < c; k++) r = r.dbl();
            r = r.add(win[w]);
        }
        return r;
    }

    /* sum_i k_i P_i from a fixed-base table (host_msm_fixed_table): tab[w * stride + j] =
     * 2^(c w) P_j, so digit w of point i is one entry for table point w * stride + start + i, and
     * all windows share one set of buckets: one bucket pass and reduction, no Horner doublings. */
    Xyzz fixed(const Affine *tab, const F *tab_endo, int64_t stride, int64_t start, const R *sc, int64_t n) {
        const int64_t N = (int64_t)nw * stride;  // table points; virtual index h * N + w * stride + j
        int64_t chunks = std::min<int64_t>((n + SPLIT_CHUNK - 1) / SPLIT_CHUNK, 2 * threads);
        chunks = std::max<int64_t>(1, std::min<int64_t>(chunks, MAX_COUNTS / nb));
        const int64_t chunk_len = (n + chunks - 1) / chunks;
        auto mag = uninit<glv_u128>((size_t)(2 * n));
        std::vector<uint32_t> count((size_t)chunks * nb, 0);
        parallel_for(chunks, threads, [&](int64_t ch) {
            uint32_t *cnt = &count[(size_t)ch * nb];
            split(tab + start, sc, n, ch * chunk_len, std::min(n, (ch + 1) * chunk_len), mag.get(),
                  [&](int, int32_t d) { cnt[std::abs(d) - 1]++; });
        });
        std::vector<uint32_t> off((size_t)nb + 1);
        int64_t total = 0;
        for (int64_t b = 0; b < nb; b++) {
            off[b] = (uint32_t)total;
            for (int64_t ch = 0; ch < chunks; ch++) {
                uint32_t k = count[(size_t)ch * nb + b];
                count[(size_t)ch * nb + b] = (uint32_t)total;
                total += k;
            }
        }
        off[nb] = (uint32_t)total;
        auto entries = uninit<uint32_t>((size_t)total + 1);
        parallel_for(chunks, threads, [&](int64_t ch) {
            int32_t d[64];
            uint32_t *p = &count[(size_t)ch * nb];
            for (int64_t i = ch * chunk_len, e = std::min(n, i + chunk_len); i < e; i++) {
                for (int h = 0; h < 2; h++) {
                    glv_u128 m = mag[h * n + i];
                    uint32_t sign = (uint32_t)(m >> 127) << 31;
                    recode(m & ~((glv_u128)1 << 127), c, nw, d);
                    for (int w = 0; w < nw; w++) {
                        if (!d[w]) continue;
                        uint32_t v = (uint32_t)(h * N + w * stride + start + i) | (d[w] < 0 ? sign ^ 0x80000000u : sign);
                        entries[p[std::abs(d[w]) - 1]++] = v;
                    }
                }
            }
        });
        mag.reset();
        count = std::vector<uint32_t>();
        // ranges of buckets with about equal entries, a few per thread
        const int units_n = 4 * threads;
        std::vector<std::pair<int64_t, int64_t>> units;
        int64_t lo = 0;
        for (int u = 1; u <= units_n && lo < nb; u++) {
            int64_t hi = nb;
            if (u < units_n) {
                uint64_t target = (uint64_t)off[nb] * u / units_n;
                hi = std::upper_bound(off.begin(), off.end(), (uint32_t)target) - off.begin() - 1;
                hi = std::max(hi, lo + 1);
            }
            units.push_back({lo, hi});
            lo = hi;
        }
        std::vector<Xyzz> usum(units.size()), uweighted(units.size());
        const int workers = (int)std::min<int64_t>(threads, (int64_t)units.size());
        std::vector<std::unique_ptr<BucketAccumulator<M>>> accs(workers);
        int64_t max_range = 0;
        for (auto &u : units) max_range = std::max(max_range, u.second - u.first);
        auto bsums = uninit<Affine>((size_t)workers * max_range);
        parallel_for_workers((int64_t)units.size(), threads, [&](int64_t t, int worker) {
            Affine *bsum = &bsums[(size_t)worker * max_range];
            if (!accs[worker]) accs[worker].reset(new BucketAccumulator<M>(BLOCK));
            accs[worker]->run(tab, tab_endo, N, entries.get(), off.data(), units[t].first, units[t].second, bsum);
            Xyzz running = Xyzz::inf(), weighted = Xyzz::inf();
            for (int64_t b = units[t].second - units[t].first - 1; b >= 0; b--) {
                running = running.add_affine(bsum[b]);
                weighted = weighted.add(running);
            }
            usum[t] = running;
            uweighted[t] = weighted;
        });
        Xyzz r = Xyzz::inf();
        for (size_t t = 0; t < units.size(); t++) r = r.add(uweighted[t].add(usum[t].mul_small((uint64_t)units[t].first)));
        return r;
    }

    void run(const uint64_t *points, const uint64_t *endo_x, const uint64_t *scalars, int64_t count,
             uint64_t *result) {
        const Affine *pts = reinterpret_cast<const Affine *>(points);
        const F *ex = reinterpret_cast<const F *>(endo_x);
        const R *sc = reinterpret_cast<const R *>(scalars);
        Xyzz acc = Xyzz::inf();
        for (int64_t s = 0; s < count; s += MAX_PASS) {
            acc = acc.add(pass(pts + s, ex + s, sc + s, std::min(MAX_PASS, count - s)));
        }
        Affine a = acc.to_affine();
        for (int i = 0; i < 4; i++) { result[i] = a.x.l[i]; result[4 + i] = a.y.l[i]; }
    }
};

}  // namespace

int host_msm_window(int64_t n, int threads) {
    // cost model in field multiplications for 2n GLV points: every window costs about 8 per point
    // (a batch-affine addition is 6, plus the schedule) and 24 per bucket (running sums); windows
    // run as units spread over the threads
    int best = 2;
    double best_cost = 1e300;
    for (int c = 2; c <= 18; c++) {
        int nw = glv_windows(c), units = nw * units_per_window(nw, threads);
        double per_unit = (8.0 * 2.0 * (double)n + 24.0 * std::ldexp(1.0, c - 1)) * nw / units;
        double cost = std::ceil((double)units / threads) * per_unit;
        if (cost < best_cost * 0.999) { best_cost = cost; best = c; }
    }
    return best;
}

void host_endo_x(const uint64_t *points, int64_t count, uint64_t *endo_x) {
    const Fq beta = {{GlvParams::BETA_0, GlvParams::BETA_1, GlvParams::BETA_2, GlvParams::BETA_3}};
    const G1Affine *p = reinterpret_cast<const G1Affine *>(points);
    Fq *out = reinterpret_cast<Fq *>(endo_x);
    for (int64_t i = 0; i < count; i++) out[i] = p[i].x * beta;
}

void host_combine_windows(const uint64_t *xyzz, int windows, int c, uint64_t *result) {
    const G1Xyzz *w = reinterpret_cast<const G1Xyzz *>(xyzz);
    G1Xyzz acc = G1Xyzz::inf();
    for (int i = windows - 1; i >= 0; i--) {
        for (int k = 0; k < c; k++) acc = acc.dbl();
        acc = acc.add(w[i]);
    }
    G1Affine a = acc.to_affine();
    for (int i = 0; i < 4; i++) { result[i] = a.x.l[i]; result[4 + i] = a.y.l[i]; }
}

int32_t host_msm(int threads, int window_bits, const uint64_t *points, const uint64_t *endo_x,
                 const uint64_t *scalars, int64_t count, uint64_t *result) {
    const int c = window_bits > 0 ? window_bits : host_msm_window(std::min(count, MAX_PASS), threads);
#ifdef COPROVER_HAVE_MONT_ADX
    if (cpu_has_adx()) {
        Msm<MontAdx> m{threads, c, glv_windows(c), (int64_t)1 << (c - 1)};
        m.run(points, endo_x, scalars, count, result);
        return COPROVER_OK;
    }
#endif
    Msm<MontCios> m{threads, c, glv_windows(c), (int64_t)1 << (c - 1)};
    m.run(points, endo_x, scalars, count, result);
    return COPROVER_OK;
}

int host_msm_fixed_windows(int c) { return glv_windows(c); }

int host_msm_fixed_window(int64_t n) {
    // the cost model of host_msm_window with one shared set of buckets: 8 multiplications per
    // entry (2 nw per point), 24 per bucket; 2^16 points: 16 (measured best of 11..20)
    int best = 2;
    double best_cost = 1e300;
    for (int c = 2; c <= 20; c++) {
        double cost = 8.0 * 2.0 * (double)n * glv_windows(c) + 24.0 * std::ldexp(1.0, c - 1);
        if (cost < best_cost * 0.999) { best_cost = cost; best = c; }
    }
    return best;
}

void host_msm_fixed_table(int threads, int c, const uint64_t *points, int64_t n, uint64_t *table, uint64_t *table_endo) {
    const int nw = glv_windows(c);
    const G1Affine *p = reinterpret_cast<const G1Affine *>(points);
    G1Affine *t = reinterpret_cast<G1Affine *>(table);
    const int64_t chunk = 1 << 10;
    parallel_for((n + chunk - 1) / chunk, threads, [&](int64_t ch) {
        const int64_t lo = ch * chunk, len = std::min(n, lo + chunk) - lo;
        std::vector<G1Xyzz> cur((size_t)len);
        std::vector<Fq> prefix((size_t)len);
        for (int64_t i = 0; i < len; i++) { cur[i] = G1Xyzz::from_affine(p[lo + i]); t[lo + i] = p[lo + i]; }
        for (int w = 1; w < nw; w++) {
            Fq acc = Fq::one();
            for (int64_t i = 0; i < len; i++) {
                for (int k = 0; k < c; k++) cur[i] = cur[i].dbl();
                prefix[i] = acc;
                if (!cur[i].is_inf()) acc = acc * (cur[i].ZZ * cur[i].ZZZ);
            }
            Fq inv = acc.inverse();
            G1Affine *out = t + (int64_t)w * n + lo;
            for (int64_t i = len - 1; i >= 0; i--) {
                const G1Xyzz &q = cur[i];
                if (q.is_inf()) { out[i] = G1Affine{Fq::zero(), Fq::zero()}; continue; }
                Fq d = q.ZZ * q.ZZZ, di = inv * prefix[i];
                inv = inv * d;
                out[i] = G1Affine{q.X * (di * q.ZZZ), q.Y * (di * q.ZZ)};
            }
        }
    });
    host_endo_x(table, (int64_t)nw * n, table_endo);
}

int32_t host_msm_fixed(int threads, int c, const uint64_t *table, const uint64_t *table_endo, int64_t stride,
                       int64_t start, const uint64_t *scalars, int64_t count, uint64_t *result) {
    auto go = [&](auto m) {
        typedef typename decltype(m)::Affine A;
        typedef typename decltype(m)::F F;
        typedef typename decltype(m)::R R;
        auto acc = m.fixed(reinterpret_cast<const A *>(table), reinterpret_cast<const F *>(table_endo), stride, start,
                           reinterpret_cast<const R *>(scalars), count);
        auto a = acc.to_affine();
        for (int i = 0; i < 4; i++) { result[i] = a.x.l[i]; result[4 + i] = a.y.l[i]; }
    };
#ifdef COPROVER_HAVE_MONT_ADX
    if (cpu_has_adx()) {
        go(Msm<MontAdx>{threads, c, glv_windows(c), (int64_t)1 << (c - 1)});
        return COPROVER_OK;
    }
#endif
    go(Msm<MontCios>{threads, c, glv_windows(c), (int64_t)1 << (c - 1)});
    return COPROVER_OK;
}

}  // namespace coprover
