/* coprover_host_check: the host MSM's AVX-512 IFMA arithmetic (native/src/msm_ifma.hpp) against
 * the scalar field and curve code, lane by lane, on edge values and random ones; then the vector
 * batch of affine additions against one scalar addition at a time. Exits 1 on any mismatch, and
 * 0 with a message on a CPU without IFMA (the scalar path is all the library runs there).
 *   coprover_host_check [random_cases=20000] [seed=1] */
#include <stdio.h>
#include <stdlib.h>

#include <algorithm>
#include <random>
#include <vector>

#include "../src/mont_x86.hpp"
#include "../src/msm_ifma.hpp"
#include "coprover/curve.hpp"

using namespace coprover;

#ifdef COPROVER_HAVE_IFMA
namespace {

typedef Fp<FqParams, MontCios> F;
typedef G1AffineT<F> Affine;

int failures = 0;

void fail(const char *what, int lane, const F &want, const F &got) {
    if (++failures > 20) return;
    printf("MISMATCH %s lane %d: want %016llx%016llx%016llx%016llx got %016llx%016llx%016llx%016llx\n", what, lane,
           (unsigned long long)want.l[3], (unsigned long long)want.l[2], (unsigned long long)want.l[1],
           (unsigned long long)want.l[0], (unsigned long long)got.l[3], (unsigned long long)got.l[2],
           (unsigned long long)got.l[1], (unsigned long long)got.l[0]);
}

F random_fq(std::mt19937_64 &rng) {
    // uniform below p: the top word masked to p's bit length, rejection above p
    for (;;) {
        F x{{rng(), rng(), rng(), rng() & ((1ull << 62) - 1)}};
        const uint64_t p[4] = {FqParams::P0, FqParams::P1, FqParams::P2, FqParams::P3};
        bool below = false;
        for (int i = 3; i >= 0; i--) {
            if (x.l[i] != p[i]) { below = x.l[i] < p[i]; break; }
        }
        if (below) return x;
    }
}

CP_IFMA_FN void pack(const F *v, ifma::E &e) {
    alignas(64) uint64_t w[4][8];
    for (int lane = 0; lane < 8; lane++)
        for (int i = 0; i < 4; i++) w[i][lane] = v[lane].l[i];
    ifma::from_words(ifma::consts(), _mm512_load_si512(w[0]), _mm512_load_si512(w[1]), _mm512_load_si512(w[2]),
                     _mm512_load_si512(w[3]), e);
}

CP_IFMA_FN void unpack(const ifma::E &e, F *v) {
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
CP_IFMA_FN void check_ops(const F *a, const F *b) {
    const ifma::Consts k = ifma::consts();
    ifma::E ea, eb, r;
    pack(a, ea);
    pack(b, eb);
    F got[8];
    ifma::mul(k, ea, eb, r);
    unpack(r, got);
    for (int i = 0; i < 8; i++)
        if (!(got[i] == a[i] * b[i])) fail("mul", i, a[i] * b[i], got[i]);
    ifma::add(k, ea, eb, r);
    unpack(r, got);
    for (int i = 0; i < 8; i++)
        if (!(got[i] == a[i] + b[i])) fail("add", i, a[i] + b[i], got[i]);
    ifma::sub(k, ea, eb, r);
    unpack(r, got);
    for (int i = 0; i < 8; i++)
        if (!(got[i] == a[i] - b[i])) fail("sub", i, a[i] - b[i], got[i]);
    unpack(ea, got);  // the limb conversion round trip
    for (int i = 0; i < 8; i++)
        if (!(got[i] == a[i])) fail("round trip", i, a[i], got[i]);
}

Affine random_point(std::mt19937_64 &rng) {
    // k G for a random 64-bit k, by double-and-add in XYZZ
    G1XyzzT<F> acc = G1XyzzT<F>::inf(), g = G1XyzzT<F>::from_affine(Affine{F::one(), F::one() + F::one()});
    for (uint64_t k = rng() | 1; k; k >>= 1) {
        if (k & 1) acc = acc.add(g);
        g = g.dbl();
    }
    return acc.to_affine();
}

}  // namespace

int main(int argc, char **argv) {
    const long cases = argc > 1 ? atol(argv[1]) : 20000;
    std::mt19937_64 rng(argc > 2 ? strtoull(argv[2], nullptr, 10) : 1);
    if (!cpu_has_ifma()) {
        printf("coprover_host_check: this CPU has no AVX-512 IFMA (or COPROVER_HOST_SIMD=0): nothing to check\n");
        return 0;
    }
    // edge values: 0, 1, 2, p - 1, p - 2, R mod p (the Montgomery one), words at their limits
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
            check_ops(a, b);
            checked += 8;
        }
    }
    for (long c = 0; c < cases; c += 8) {
        F a[8], b[8];
        for (int lane = 0; lane < 8; lane++) {
            a[lane] = random_fq(rng);
            b[lane] = (lane & 3) == 0 ? edge[rng() % edge.size()] : random_fq(rng);
        }
        check_ops(a, b);
        checked += 8;
    }
    // the batch of affine additions: 2 m points, pairs (2i, 2i + 1) listed in random order; m not
    // a multiple of 8, so the last group has padding lanes
    const int64_t m = 203;
    std::vector<Affine> pts(2 * m), want(m);
    for (int64_t i = 0; i < 2 * m; i++) pts[i] = random_point(rng);
    std::vector<uint32_t> slots(m + 8);
    for (int64_t i = 0; i < m; i++) slots[i] = (uint32_t)(2 * i);
    std::shuffle(slots.begin(), slots.begin() + m, rng);
    for (int64_t i = 0; i < m; i++) {
        const Affine &p = pts[2 * i], &q = pts[2 * i + 1];
        const F l = (q.y - p.y) * (q.x - p.x).inverse();
        const F x3 = l * l - p.x - q.x;
        want[i] = Affine{x3, l * (p.x - x3) - p.y};
    }
    std::vector<uint64_t> scratch(40 * ((m + 7) / 8));
    std::vector<Affine> got = pts;
    ifma::add_pairs(got.data(), slots.data(), m, scratch.data());
    for (int64_t i = 0; i < m; i++) {
        if (!(got[2 * i].x == want[i].x) || !(got[2 * i].y == want[i].y)) fail("add_pairs", (int)(i % 8), want[i].x, got[2 * i].x);
        if (!(got[2 * i + 1].x == pts[2 * i + 1].x)) fail("add_pairs wrote a second slot", (int)(i % 8), pts[2 * i + 1].x, got[2 * i + 1].x);
    }
    printf("coprover_host_check: %ld field cases (mul, add, sub, limb round trip), %lld affine additions, %d failures\n",
           checked, (long long)m, failures);
    return failures ? 1 : 0;
}
#else
int main() {
    printf("coprover_host_check: no AVX-512 IFMA path in this build (not x86-64 GCC/Clang): nothing to check\n");
    return 0;
}
#endif
