/* The GLV scalar split for BN254 G1 (Gallant, Lambert, Vanstone 2001), host code.
 *
 * G1 has the endomorphism phi(x, y) = (BETA x, y) with phi(P) = LAMBDA P, so
 * k P = k1 P + k2 phi(P) whenever k = k1 + k2 LAMBDA (mod r). With a short basis (A1, B1),
 * (A2, B2) of the lattice {(a, b) : a + b LAMBDA = 0 mod r}, rounding (k, 0) to a lattice point
 * leaves k1, k2 of about half the bits: |k1|, |k2| < 2^GlvParams::BITS = 2^127 (the bound is
 * derived in native/gen_constants.py, which also derives every constant used here). An MSM of n
 * 254-bit scalars becomes one of 2n 127-bit scalars: the same number of bucket additions, half
 * the windows, so half the bucket reductions and doublings.
 *
 * c1 = round(k B2 / r) and c2 = round(k |B1| / r) come from one multiplication each by the
 * precomputed G1 = round(2^256 B2 / r), G2 = round(2^256 |B1| / r): (k G + 2^255) >> 256. The
 * results k1 = k - c1 A1 - c2 A2 and k2 = c1 |B1| - c2 B2 are known to fit in 128 bits as signed
 * numbers, so they are computed modulo 2^128. */
#ifndef COPROVER_GLV_HPP
#define COPROVER_GLV_HPP

#include <stdint.h>

#include "coprover/bn254_constants.h"

namespace coprover {

typedef unsigned __int128 glv_u128;

/* round(k g / 2^256) for k < 2^254 (4 limbs) and g < 2^192 (3 limbs); the result is < 2^128. */
inline glv_u128 glv_round_mul(const uint64_t k[4], const uint64_t g[3]) {
    uint64_t prod[7] = {0, 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 4; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 3; j++) {
            glv_u128 t = (glv_u128)k[i] * g[j] + prod[i + j] + carry;
            prod[i + j] = (uint64_t)t;
            carry = (uint64_t)(t >> 64);
        }
        prod[i + 3] = carry;
    }
    // + 2^255, then keep bits 256..383
    glv_u128 t = (glv_u128)prod[3] + (1ull << 63);
    t = (t >> 64) + prod[4];
    uint64_t lo = (uint64_t)t;
    t = (t >> 64) + prod[5];
    return ((glv_u128)(uint64_t)t << 64) | lo;
}

/* k (canonical, < r) = k1 + k2 LAMBDA mod r; magnitudes m1, m2 < 2^127 with signs neg1, neg2. */
inline void glv_split(const uint64_t k[4], glv_u128 &m1, bool &neg1, glv_u128 &m2, bool &neg2) {
    typedef GlvParams G;
    static const uint64_t g1[3] = {G::G1_0, G::G1_1, G::G1_2};
    static const uint64_t g2[3] = {G::G2_0, G::G2_1, G::G2_2};
    const glv_u128 a1 = ((glv_u128)G::A1_1 << 64) | G::A1_0, a2 = ((glv_u128)G::A2_1 << 64) | G::A2_0;
    const glv_u128 b1 = ((glv_u128)G::B1ABS_1 << 64) | G::B1ABS_0, b2 = ((glv_u128)G::B2_1 << 64) | G::B2_0;
    glv_u128 c1 = glv_round_mul(k, g1), c2 = glv_round_mul(k, g2);
    glv_u128 klo = ((glv_u128)k[1] << 64) | k[0];
    glv_u128 k1 = klo - c1 * a1 - c2 * a2;  // modulo 2^128: exact, |k1| < 2^127
    glv_u128 k2 = c1 * b1 - c2 * b2;
    neg1 = (k1 >> 127) != 0;
    neg2 = (k2 >> 127) != 0;
    m1 = neg1 ? (glv_u128)0 - k1 : k1;
    m2 = neg2 ? (glv_u128)0 - k2 : k2;
}

}  // namespace coprover

#endif
