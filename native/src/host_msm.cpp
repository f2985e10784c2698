/* Host MSM: Pippenger with signed-digit windows (see coprover/msm_common.hpp) and XYZZ buckets.
 *
 * Steps, per call:
 *  1. scalars leave Montgomery form (one multiplication by plain 1 each);
 *  2. points are processed in chunks of CHUNK: the chunk's signed digits are computed in parallel
 *     (by point), then each window's buckets take the chunk's points (in parallel by window: a
 *     window's buckets belong to one task, so no locks); chunks bound the digit buffer;
 *  3. each window W_w = sum_b b*B_{w,b} by the running-sum trick, from the top bucket down
 *     (running += B_b; sum += running), in parallel by window;
 *  4. Horner over windows: result = (...(W_{nw-1} * 2^c + W_{nw-2}) * 2^c ...) + W_0. */
#include <algorithm>
#include <cmath>
#include <vector>

#include "coprover/curve.hpp"
#include "coprover/msm_common.hpp"
#include "internal.hpp"
#include "parallel.hpp"

namespace coprover {

namespace {
constexpr int64_t CHUNK = 1 << 15;
}

int host_msm_window(int64_t n) {
    // cost model in point additions: nw * (n + 2^c) (one add per point and window, about two
    // per bucket in the running sum); c capped at 16 to keep buckets in memory (71 MiB at c = 16)
    int best = 2;
    double best_cost = 1e300;
    for (int c = 2; c <= 16; c++) {
        double cost = (double)msm_windows(c) * ((double)n + std::ldexp(1.0, c));
        if (cost < best_cost) { best_cost = cost; best = c; }
    }
    return best;
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

int32_t host_msm(int threads, int window_bits, const uint64_t *points, const uint64_t *scalars,
                 int64_t count, uint64_t *result) {
    const int c = window_bits > 0 ? window_bits : host_msm_window(count);
    const int nw = msm_windows(c);
    const int64_t nb = (int64_t)1 << (c - 1);
    const G1Affine *pts = reinterpret_cast<const G1Affine *>(points);
    const Fr *sc = reinterpret_cast<const Fr *>(scalars);

    std::vector<G1Xyzz> buckets((size_t)nw * nb, G1Xyzz::inf());
    std::vector<int32_t> digits((size_t)std::min<int64_t>(count, CHUNK) * nw);
    for (int64_t base = 0; base < count; base += CHUNK) {
        int64_t len = std::min<int64_t>(CHUNK, count - base);
        parallel_for((len + 1023) / 1024, threads, [&](int64_t t) {
            int64_t hi = std::min<int64_t>(len, (t + 1) * 1024);
            for (int64_t i = t * 1024; i < hi; i++) {
                Fr k = sc[base + i].from_mont();
                msm_signed_digits(k.l, c, nw, &digits[(size_t)i * nw]);
            }
        });
        parallel_for(nw, threads, [&](int64_t w) {
            G1Xyzz *bw = &buckets[(size_t)w * nb];
            for (int64_t i = 0; i < len; i++) {
                int32_t d = digits[(size_t)i * nw + w];
                if (d > 0) bw[d - 1] = bw[d - 1].add_affine(pts[base + i]);
                else if (d < 0) bw[-d - 1] = bw[-d - 1].add_affine(pts[base + i].neg());
            }
        });
    }
    std::vector<G1Xyzz> sums((size_t)nw);
    parallel_for(nw, threads, [&](int64_t w) {
        const G1Xyzz *bw = &buckets[(size_t)w * nb];
        G1Xyzz running = G1Xyzz::inf(), sum = G1Xyzz::inf();
        for (int64_t b = nb - 1; b >= 0; b--) {
            running = running.add(bw[b]);
            sum = sum.add(running);
        }
        sums[(size_t)w] = sum;
    });
    host_combine_windows(reinterpret_cast<const uint64_t *>(sums.data()), nw, c, result);
    return COPROVER_OK;
}

}  // namespace coprover
