/* coprover_host_check: the host code's AVX-512 IFMA arithmetic (native/src/ifma.hpp) against
 * the scalar field and curve code, lane by lane, on edge values and random ones, in Fq and Fr;
 * the vector batch of affine additions against one scalar addition at a time; and the library's
 * host NTT (whichever path it takes: run it again with COPROVER_HOST_SIMD=0 for the scalar one)
 * against the definition, sum_j a_j (g omega^i)^j, and its inverses. Exits 1 on any mismatch. On
 * a CPU without IFMA only the NTT part runs.
 *   coprover_host_check [random_cases=20000] [seed=1] */
#include <stdio.h>
#include <stdlib.h>

#include <algorithm>
#include <random>
#include <vector>

#include "../src/ifma.hpp"
#include "coprover/curve.hpp"
#include "coprover_api.h"

using namespace coprover;

namespace {

typedef Fp<FqParams, MontCios> Fq_;
typedef Fp<FrParams, MontCios> Fr_;
typedef G1AffineT<Fq_> Affine;

int failures = 0;

template <class F>
void fail(const char *what, int lane, const F &want, const F &got) {
    if (++failures > 20) return;
    printf("MISMATCH %s lane %d: want %016llx%016llx%016llx%016llx got %016llx%016llx%016llx%016llx\n", what, lane,
           (unsigned long long)want.l[3], (unsigned long long)want.l[2], (unsigned long long)want.l[1],
           (unsigned long long)want.l[0], (unsigned long long)got.l[3], (unsigned long long)got.l[2],
           (unsigned long long)got.l[1], (unsigned long long)got.l[0]);
}

/* uniform below the modulus P: the top word masked to 62 bits, rejection at or above it */
template <class P>
Fp<P, MontCios> random_elem(std::mt19937_64 &rng) {
    const uint64_t p[4] = {P::P0, P::P1, P::P2, P::P3};
    for (;;) {
        Fp<P, MontCios> x{{rng(), rng(), rng(), rng() & ((1ull << 62) - 1)}};
        bool below = false;
        for (int i = 3; i >= 0; i--) {
            if (x.l[i] != p[i]) { below = x.l[i] < p[i]; break; }
        }
        if (below) return x;
    }
}

/* the host NTT through the C API against the definition at small sizes and against its own
 * inverse at larger ones, forward and on a coset, on 1-3 threads */
void check_ntt(std::mt19937_64 &rng) {
    const Fr_ g = Fr_{{7, 0, 0, 0}}.to_mont();
    for (int log_n = 5; log_n <= 13; log_n++) {
        const int64_t n = (int64_t)1 << log_n;
        Fr_ w = {{FrParams::OMEGA28_0, FrParams::OMEGA28_1, FrParams::OMEGA28_2, FrParams::OMEGA28_3}};
        for (int k = 28; k > log_n; k--) w = w.sqr();
        for (int threads = 1; threads <= 3; threads++) {
            coprover_config cfg = {};
            cfg.device = -1;
            cfg.threads = threads;
            std::vector<Fr_> x((size_t)n);
            for (auto &v : x) v = random_elem<FrParams>(rng);
            for (int op : {COPROVER_NTT_FORWARD, COPROVER_NTT_COSET_FORWARD}) {
                std::vector<Fr_> y = x;
                int32_t rc = coprover_ntt(&cfg, reinterpret_cast<int64_t *>(y.data()), log_n, 1, op,
                                          reinterpret_cast<const int64_t *>(g.l));
                if (rc) { printf("coprover_ntt: %s\n", coprover_last_error()); failures++; return; }
                if (log_n <= 10) {  // the definition, O(n^2)
                    Fr_ xi = op == COPROVER_NTT_COSET_FORWARD ? g : Fr_::one();
                    for (int64_t i = 0; i < n; i++, xi = xi * w) {
                        Fr_ acc = Fr_::zero();
                        for (int64_t j = n - 1; j >= 0; j--) acc = acc * xi + x[j];  // Horner
                        if (!(acc == y[i])) fail(op == COPROVER_NTT_FORWARD ? "ntt forward" : "ntt coset forward", (int)i, acc, y[i]);
                    }
                }
                rc = coprover_ntt(&cfg, reinterpret_cast<int64_t *>(y.data()), log_n, 1, op + 1,
                                  reinterpret_cast<const int64_t *>(g.l));
                if (rc) { printf("coprover_ntt: %s\n", coprover_last_error()); failures++; return; }
                for (int64_t i = 0; i < n; i++)
                    if (!(x[i] == y[i])) fail(op == COPROVER_NTT_FORWARD ? "ntt inverse" : "ntt coset inverse", (int)i, x[i], y[i]);
            }
        }
    }
}

#ifdef COPROVER_HAVE_IFMA
template <class P>
CP_IFMA_FN void pack(const Fp<P, MontCios> *v, ifma::E &e) {
    alignas(64) uint64_t w[4][8];
    for (int lane = 0; lane < 8; lane++)
        for (int i = 0; i < 4; i++) w[i][lane] = v[lane].l[i];
    ifma::from_words(ifma::consts<P>(), _mm512_load_si512(w[0]), _mm512_load_si512(w[1]), _mm512_load_si512(w[2]),
                     _mm512_load_si512(w[3]), e);
}

template <class P>
CP_IFMA_FN void unpack(const ifma::E &e, Fp<P, MontCios> *v) {
    alignas(64) uint64_t w[4][8];
    __m512i w0, w1, w2, w3;
    ifma::to_words(e, w0, w1, w2, w3);
    _mm512_store_si512(w[0], w0);
    _mm512_store_si512(w[1], w1);
    _mm512_store_si512(w[2], w2);
    _mm512_store_si512(w[3], w3);
    for (int lane = 0; lane < 8; lane++)
        for (int i = 0; i < 4; i++) v[lane].l[i] = w[i][lane];
}

/* a op b for eight lanes, each against the scalar result */
template <class P>
CP_IFMA_FN void check_ops(const Fp<P, MontCios> *a, const Fp<P, MontCios> *b) {
    typedef Fp<P, MontCios> F;
    const ifma::Consts k = ifma::consts<P>();
    ifma::E ea, eb, r;
    pack<P>(a, ea);
    pack<P>(b, eb);
    F got[8];
    ifma::mul(k, ea, eb, r);
    unpack<P>(r, got);
    for (int i = 0; i < 8; i++)
        if (!(got[i] == a[i] * b[i])) fail("mul", i, a[i] * b[i], got[i]);
    ifma::add(k, ea, eb, r);
    unpack<P>(r, got);
    for (int i = 0; i < 8; i++)
        if (!(got[i] == a[i] + b[i])) fail("add", i, a[i] + b[i], got[i]);
    ifma::sub(k, ea, eb, r);
    unpack<P>(r, got);
    for (int i = 0; i < 8; i++)
        if (!(got[i] == a[i] - b[i])) fail("sub", i, a[i] - b[i], got[i]);
    unpack<P>(ea, got);  // the limb conversion round trip
    for (int i = 0; i < 8; i++)
        if (!(got[i] == a[i])) fail("round trip", i, a[i], got[i]);
}

/* edge values (0, 1, 2, p - 1, p - 2, the Montgomery one, words at their limits), each against
 * each, then random pairs (a quarter of them against an edge value); returns the cases run */
template <class P>
long check_field(std::mt19937_64 &rng, long cases) {
    typedef Fp<P, MontCios> F;
    const F pm1 = F::zero() - F{{1, 0, 0, 0}};
    std::vector<F> edge = {F::zero(),
                           F{{1, 0, 0, 0}},
                           F{{2, 0, 0, 0}},
                           pm1,
                           pm1 - F{{1, 0, 0, 0}},
                           F::one(),
                           F{{~0ull, 0, 0, 0}},
                           F{{0, ~0ull, 0, 0}},
                           F{{0, 0, ~0ull, 0}},
                           F{{(1ull << 52) - 1, 0, 0, 0}},
                           F{{0, 0, 0, 1ull << 60}},
                           F{{~0ull, ~0ull, ~0ull, (1ull << 61) - 1}}};
    long checked = 0;
    for (size_t i = 0; i < edge.size(); i++) {
        for (size_t j = 0; j < edge.size(); j++) {
            F a[8], b[8];
            for (int lane = 0; lane < 8; lane++) {
                a[lane] = edge[(i + lane) % edge.size()];
                b[lane] = edge[(j + 3 * lane) % edge.size()];
            }
            check_ops<P>(a, b);
            checked += 8;
        }
    }
    for (long c = 0; c < cases; c += 8) {
        F a[8], b[8];
        for (int lane = 0; lane < 8; lane++) {
            a[lane] = random_elem<P>(rng);
            b[lane] = (lane & 3) == 0 ? edge[rng() % edge.size()] : random_elem<P>(rng);
        }
        check_ops<P>(a, b);
        checked += 8;
    }
    return checked;
}

Affine random_point(std::mt19937_64 &rng) {
    // k G for a random 64-bit k, by double-and-add in XYZZ
    G1XyzzT<Fq_> acc = G1XyzzT<Fq_>::inf(), g = G1XyzzT<Fq_>::from_affine(Affine{Fq_::one(), Fq_::one() + Fq_::one()});
    for (uint64_t k = rng() | 1; k; k >>= 1) {
        if (k & 1) acc = acc.add(g);
        g = g.dbl();
    }
    return acc.to_affine();
}

/* the batch of affine additions: 2 m points, pairs (2i, 2i + 1) listed in random order; m not
 * a multiple of 8, so the last group has padding lanes */
void check_add_pairs(std::mt19937_64 &rng, int64_t m) {
    std::vector<Affine> pts(2 * m), want(m);
    for (int64_t i = 0; i < 2 * m; i++) pts[i] = random_point(rng);
    std::vector<uint32_t> slots(m + 8);
    for (int64_t i = 0; i < m; i++) slots[i] = (uint32_t)(2 * i);
    std::shuffle(slots.begin(), slots.begin() + m, rng);
    for (int64_t i = 0; i < m; i++) {
        const Affine &p = pts[2 * i], &q = pts[2 * i + 1];
        const Fq_ l = (q.y - p.y) * (q.x - p.x).inverse();
        const Fq_ x3 = l * l - p.x - q.x;
        want[i] = Affine{x3, l * (p.x - x3) - p.y};
    }
    std::vector<uint64_t> scratch(40 * ((m + 7) / 8));
    std::vector<Affine> got = pts;
    ifma::add_pairs(got.data(), slots.data(), m, scratch.data());
    for (int64_t i = 0; i < m; i++) {
        if (!(got[2 * i].x == want[i].x) || !(got[2 * i].y == want[i].y)) fail("add_pairs", (int)(i % 8), want[i].x, got[2 * i].x);
        if (!(got[2 * i + 1].x == pts[2 * i + 1].x)) fail("add_pairs wrote a second slot", (int)(i % 8), pts[2 * i + 1].x, got[2 * i + 1].x);
    }
}
#endif

}  // namespace

int main(int argc, char **argv) {
    const long cases = argc > 1 ? atol(argv[1]) : 20000;
    std::mt19937_64 rng(argc > 2 ? strtoull(argv[2], nullptr, 10) : 1);
    bool vec = false;
#ifdef COPROVER_HAVE_IFMA
    vec = cpu_has_ifma();
    if (vec) {
        const long fq = check_field<FqParams>(rng, cases), fr = check_field<FrParams>(rng, cases);
        check_add_pairs(rng, 203);
        printf("coprover_host_check: IFMA field cases (mul, add, sub, limb round trip): %ld in Fq, %ld in Fr; 203 affine additions\n", fq, fr);
    }
#endif
    if (!vec) printf("coprover_host_check: no IFMA path here (CPU, build or COPROVER_HOST_SIMD=0): only the NTT is checked\n");
    check_ntt(rng);
    printf("coprover_host_check: host NTT 2^5..2^13 (%s path), forward and coset, 1-3 threads, against the definition to 2^10 and its inverse: %d failures\n",
           vec ? "IFMA" : "scalar", failures);
    return failures ? 1 : 0;
}
