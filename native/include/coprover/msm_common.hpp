/* Pippenger's bucket method with signed digits, the pieces shared by the host and CUDA MSMs.
 *
 * A canonical scalar k < r < 2^254 is cut into nw windows of c bits, k = sum_w k_w 2^(cw), and
 * rewritten with signed digits d_w in [-2^(c-1), 2^(c-1)]: when k_w + carry > 2^(c-1) the digit
 * becomes k_w + carry - 2^c and carries 1 into the next window. Then sum_i k_i P_i =
 * sum_w 2^(cw) sum_{b=1}^{2^(c-1)} b * B_{w,b}, where bucket B_{w,b} sums sign(d) P_i over the
 * points whose digit in window w has |d| = b: half the buckets of unsigned digits, since -P is
 * free in affine form (negate y). nw = ceil(255/c) windows leave room for the last carry: the
 * top window holds fewer than c-1 bits of k, so its digit is at most 2^(c-1) and never carries. */
#ifndef COPROVER_MSM_COMMON_HPP
#define COPROVER_MSM_COMMON_HPP

#include "field.hpp"

namespace coprover {

CP_HD int msm_windows(int c) { return (255 + c - 1) / c; }

/* Points one GPU thread adds at most in the bucket accumulation (cuda/msm.cu): larger buckets are
 * split over several threads whatever the scalars, so no thread walks most of the points. */
#define MSM_GPU_UNIT 64

/* bits [bit, bit + c) of the canonical 4-limb scalar k (c <= 32, bit < 256) */
CP_HD uint32_t msm_window_raw(const uint64_t k[4], int bit, int c) {
    int limb = bit >> 6, sh = bit & 63;
    uint64_t v = k[limb] >> sh;
    if (sh + c > 64 && limb < 3) v |= k[limb + 1] << (64 - sh);
    return (uint32_t)(v & ((1ull << c) - 1));
}

/* All nw signed digits of k into d[0..nw) (d[w] in [-2^(c-1), 2^(c-1)]). */
CP_HD void msm_signed_digits(const uint64_t k[4], int c, int nw, int32_t *d) {
    uint32_t carry = 0;
    const int32_t half = 1 << (c - 1), full = 1 << c;
    for (int w = 0; w < nw; w++) {
        int32_t v = (int32_t)(msm_window_raw(k, w * c, c) + carry);
        carry = v > half;
        d[w] = carry ? v - full : v;
    }
}

}  // namespace coprover

#endif
