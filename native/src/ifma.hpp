/* Field arithmetic eight elements at a time with AVX-512 IFMA, for the host MSM's batch-affine
 * additions (add_pairs, used by msm_buckets.hpp) and the host NTT's butterflies (host_ntt.cpp).
 *
 * Why: both are almost all field multiplications (six Fq products per affine addition, one Fr
 * product per butterfly), and VPMADD52LUQ/VPMADD52HUQ multiply eight 52-bit limb pairs per
 * instruction. Eight field elements in radix 2^52 (five limbs each, one lane per element)
 * multiply at about 4-5 ns per element on the 2-core Xeon of bench/results, against 16.5 ns for
 * one MontAdx product (mulx/adcx/adox). The arithmetic serves any field of the library's form
 * whose modulus is below 2^254 (BN254's Fq and Fr): consts<P>() holds the modulus.
 *
 * Representation: values stay in the library's Montgomery form (x 2^256 mod p, canonical: < p);
 * only the limbs change, 4 x 64 bits <-> 5 x 52 bits, when points are gathered and scattered.
 * A radix-2^52 Montgomery product divides by 2^260, not 2^256, so mul() multiplies its second
 * operand by 16 first: an exact shift of the integer (b < p < 2^254, so 16 b < 2^258 still fits
 * five limbs), after which (a 16 b + m p) / 2^260 = a b / 2^256 mod p, below 1.25 p (a < p,
 * p < 2^254), so one conditional subtraction makes it canonical. Additions and subtractions are
 * the usual ones with borrow/carry chains across the limbs.
 *
 * Compiled with a target attribute, so the library needs no -m flags and runs everywhere:
 * callers check cpu_has_ifma() (which COPROVER_HOST_SIMD=0 turns off, to run the scalar path on
 * a machine that has IFMA, as the tests do). */
#ifndef COPROVER_IFMA_HPP
#define COPROVER_IFMA_HPP

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__CUDA_ARCH__) && !defined(__CUDACC__)
#define COPROVER_HAVE_IFMA 1

// GCC 12 reports the intrinsics' own undefined-vector temporaries as maybe uninitialized (a false
// positive, GCC bug 105593) wherever they are inlined; those diagnostics are off for this header
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "coprover/curve.hpp"

#define CP_IFMA_FN __attribute__((target("avx512f,avx512dq,avx512ifma")))
#define CP_IFMA_INLINE CP_IFMA_FN inline __attribute__((always_inline))

namespace coprover {

/* 1 when this CPU (and its OS) runs AVX-512F, DQ and IFMA, unless COPROVER_HOST_SIMD=0. */
inline bool cpu_has_ifma() {
    static const bool has = [] {
        const char *env = getenv("COPROVER_HOST_SIMD");
        if (env && strcmp(env, "0") == 0) return false;
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512ifma");
    }();
    return has;
}

namespace ifma {

typedef __m512i V;
constexpr uint64_t M52 = (1ull << 52) - 1;

/* eight field elements, limb i of every lane in l[i] */
struct E {
    V l[5];
};

struct Consts {
    V p[5], mask, pinv;
};

CP_IFMA_INLINE V bc(uint64_t x) { return _mm512_set1_epi64((long long)x); }

template <class P>
CP_IFMA_INLINE Consts consts() {
    static_assert(P::P3 < (1ull << 62), "the modulus must be below 2^254 (mul's shift by 4 must fit five limbs)");
    const uint64_t w[4] = {P::P0, P::P1, P::P2, P::P3};
    Consts k;
    k.p[0] = bc(w[0] & M52);
    k.p[1] = bc(((w[0] >> 52) | (w[1] << 12)) & M52);
    k.p[2] = bc(((w[1] >> 40) | (w[2] << 24)) & M52);
    k.p[3] = bc(((w[2] >> 28) | (w[3] << 36)) & M52);
    k.p[4] = bc(w[3] >> 16);
    k.mask = bc(M52);
    k.pinv = bc(P::INV & M52);  // -p^-1 mod 2^64, so its low 52 bits are -p^-1 mod 2^52
    return k;
}

/* four 64-bit words per lane -> five 52-bit limbs */
CP_IFMA_INLINE void from_words(const Consts &k, V w0, V w1, V w2, V w3, E &r) {
    r.l[0] = _mm512_and_si512(w0, k.mask);
    r.l[1] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(w0, 52), _mm512_slli_epi64(w1, 12)), k.mask);
    r.l[2] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(w1, 40), _mm512_slli_epi64(w2, 24)), k.mask);
    r.l[3] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(w2, 28), _mm512_slli_epi64(w3, 36)), k.mask);
    r.l[4] = _mm512_srli_epi64(w3, 16);
}

CP_IFMA_INLINE void to_words(const E &a, V &w0, V &w1, V &w2, V &w3) {
    w0 = _mm512_or_si512(a.l[0], _mm512_slli_epi64(a.l[1], 52));
    w1 = _mm512_or_si512(_mm512_srli_epi64(a.l[1], 12), _mm512_slli_epi64(a.l[2], 40));
    w2 = _mm512_or_si512(_mm512_srli_epi64(a.l[2], 24), _mm512_slli_epi64(a.l[3], 28));
    w3 = _mm512_or_si512(_mm512_srli_epi64(a.l[3], 36), _mm512_slli_epi64(a.l[4], 16));
}

/* r = t - p where t >= p, else t; t in normalised limbs (all but the top below 2^52), t < 2p */
CP_IFMA_INLINE void reduce_once(const Consts &k, V t0, V t1, V t2, V t3, V t4, E &r) {
    V s0 = _mm512_sub_epi64(t0, k.p[0]);
    V s1 = _mm512_add_epi64(_mm512_sub_epi64(t1, k.p[1]), _mm512_srai_epi64(s0, 52));
    V s2 = _mm512_add_epi64(_mm512_sub_epi64(t2, k.p[2]), _mm512_srai_epi64(s1, 52));
    V s3 = _mm512_add_epi64(_mm512_sub_epi64(t3, k.p[3]), _mm512_srai_epi64(s2, 52));
    V s4 = _mm512_add_epi64(_mm512_sub_epi64(t4, k.p[4]), _mm512_srai_epi64(s3, 52));
    const __mmask8 below = _mm512_movepi64_mask(s4);  // t < p: keep t
    r.l[0] = _mm512_mask_mov_epi64(_mm512_and_si512(s0, k.mask), below, t0);
    r.l[1] = _mm512_mask_mov_epi64(_mm512_and_si512(s1, k.mask), below, t1);
    r.l[2] = _mm512_mask_mov_epi64(_mm512_and_si512(s2, k.mask), below, t2);
    r.l[3] = _mm512_mask_mov_epi64(_mm512_and_si512(s3, k.mask), below, t3);
    r.l[4] = _mm512_mask_mov_epi64(s4, below, t4);
}

/* carries t's limbs up (each below 2^63 on entry) and reduces once: r = t mod p for t < 2p */
CP_IFMA_INLINE void carry_reduce(const Consts &k, V t0, V t1, V t2, V t3, V t4, E &r) {
    t1 = _mm512_add_epi64(t1, _mm512_srli_epi64(t0, 52));
    t0 = _mm512_and_si512(t0, k.mask);
    t2 = _mm512_add_epi64(t2, _mm512_srli_epi64(t1, 52));
    t1 = _mm512_and_si512(t1, k.mask);
    t3 = _mm512_add_epi64(t3, _mm512_srli_epi64(t2, 52));
    t2 = _mm512_and_si512(t2, k.mask);
    t4 = _mm512_add_epi64(t4, _mm512_srli_epi64(t3, 52));
    t3 = _mm512_and_si512(t3, k.mask);
    reduce_once(k, t0, t1, t2, t3, t4, r);
}

/* r = a + b mod p */
CP_IFMA_INLINE void add(const Consts &k, const E &a, const E &b, E &r) {
    V t0 = _mm512_add_epi64(a.l[0], b.l[0]), t1 = _mm512_add_epi64(a.l[1], b.l[1]);
    V t2 = _mm512_add_epi64(a.l[2], b.l[2]), t3 = _mm512_add_epi64(a.l[3], b.l[3]);
    V t4 = _mm512_add_epi64(a.l[4], b.l[4]);
    carry_reduce(k, t0, t1, t2, t3, t4, r);
}

/* r = a - b mod p */
CP_IFMA_INLINE void sub(const Consts &k, const E &a, const E &b, E &r) {
    V s0 = _mm512_sub_epi64(a.l[0], b.l[0]);
    V s1 = _mm512_add_epi64(_mm512_sub_epi64(a.l[1], b.l[1]), _mm512_srai_epi64(s0, 52));
    s0 = _mm512_and_si512(s0, k.mask);
    V s2 = _mm512_add_epi64(_mm512_sub_epi64(a.l[2], b.l[2]), _mm512_srai_epi64(s1, 52));
    s1 = _mm512_and_si512(s1, k.mask);
    V s3 = _mm512_add_epi64(_mm512_sub_epi64(a.l[3], b.l[3]), _mm512_srai_epi64(s2, 52));
    s2 = _mm512_and_si512(s2, k.mask);
    V s4 = _mm512_add_epi64(_mm512_sub_epi64(a.l[4], b.l[4]), _mm512_srai_epi64(s3, 52));
    s3 = _mm512_and_si512(s3, k.mask);
    const __mmask8 neg = _mm512_movepi64_mask(s4);  // a < b: add p
    V u0 = _mm512_add_epi64(s0, k.p[0]);
    V u1 = _mm512_add_epi64(_mm512_add_epi64(s1, k.p[1]), _mm512_srli_epi64(u0, 52));
    V u2 = _mm512_add_epi64(_mm512_add_epi64(s2, k.p[2]), _mm512_srli_epi64(u1, 52));
    V u3 = _mm512_add_epi64(_mm512_add_epi64(s3, k.p[3]), _mm512_srli_epi64(u2, 52));
    V u4 = _mm512_add_epi64(_mm512_add_epi64(s4, k.p[4]), _mm512_srli_epi64(u3, 52));
    r.l[0] = _mm512_mask_mov_epi64(s0, neg, _mm512_and_si512(u0, k.mask));
    r.l[1] = _mm512_mask_mov_epi64(s1, neg, _mm512_and_si512(u1, k.mask));
    r.l[2] = _mm512_mask_mov_epi64(s2, neg, _mm512_and_si512(u2, k.mask));
    r.l[3] = _mm512_mask_mov_epi64(s3, neg, _mm512_and_si512(u3, k.mask));
    r.l[4] = _mm512_mask_mov_epi64(s4, neg, u4);
}

/* r = 16 b, an exact shift of the integer (no reduction: b < 2^254, so 16 b fits five limbs) */
CP_IFMA_INLINE void shl4(const Consts &k, const E &b, E &r) {
    const V b3 = b.l[3];
    r.l[4] = _mm512_or_si512(_mm512_slli_epi64(b.l[4], 4), _mm512_srli_epi64(b3, 48));
    r.l[3] = _mm512_and_si512(_mm512_or_si512(_mm512_slli_epi64(b3, 4), _mm512_srli_epi64(b.l[2], 48)), k.mask);
    r.l[2] = _mm512_and_si512(_mm512_or_si512(_mm512_slli_epi64(b.l[2], 4), _mm512_srli_epi64(b.l[1], 48)), k.mask);
    r.l[1] = _mm512_and_si512(_mm512_or_si512(_mm512_slli_epi64(b.l[1], 4), _mm512_srli_epi64(b.l[0], 48)), k.mask);
    r.l[0] = _mm512_and_si512(_mm512_slli_epi64(b.l[0], 4), k.mask);
}

/* r = a b16 / 2^260 mod p for b16 = shl4(b): the Montgomery product a b / 2^256 of the library's
 * form, with the shift done once where one operand serves many products */
CP_IFMA_INLINE void mul16(const Consts &k, const E &a, const E &b16, E &r) {
    const V b0 = b16.l[0], b1 = b16.l[1], b2 = b16.l[2], b3 = b16.l[3], b4 = b16.l[4];
    const V z = _mm512_setzero_si512();
    V t0 = z, t1 = z, t2 = z, t3 = z, t4 = z, t5 = z;
    // operand scanning: t += a_i 16b, then t += m p with m making t divisible by 2^52, then t /= 2^52.
    // Each accumulator gains at most 20 products' halves below 2^52 over the loop: no overflow.
#pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
        const V ai = a.l[i];
        t0 = _mm512_madd52lo_epu64(t0, ai, b0);
        t1 = _mm512_madd52lo_epu64(t1, ai, b1);
        t2 = _mm512_madd52lo_epu64(t2, ai, b2);
        t3 = _mm512_madd52lo_epu64(t3, ai, b3);
        t4 = _mm512_madd52lo_epu64(t4, ai, b4);
        t1 = _mm512_madd52hi_epu64(t1, ai, b0);
        t2 = _mm512_madd52hi_epu64(t2, ai, b1);
        t3 = _mm512_madd52hi_epu64(t3, ai, b2);
        t4 = _mm512_madd52hi_epu64(t4, ai, b3);
        t5 = _mm512_madd52hi_epu64(t5, ai, b4);
        const V m = _mm512_madd52lo_epu64(z, t0, k.pinv);  // t0 mod 2^52 times -p^-1
        t0 = _mm512_madd52lo_epu64(t0, m, k.p[0]);
        t1 = _mm512_madd52lo_epu64(t1, m, k.p[1]);
        t2 = _mm512_madd52lo_epu64(t2, m, k.p[2]);
        t3 = _mm512_madd52lo_epu64(t3, m, k.p[3]);
        t4 = _mm512_madd52lo_epu64(t4, m, k.p[4]);
        t1 = _mm512_madd52hi_epu64(t1, m, k.p[0]);
        t2 = _mm512_madd52hi_epu64(t2, m, k.p[1]);
        t3 = _mm512_madd52hi_epu64(t3, m, k.p[2]);
        t4 = _mm512_madd52hi_epu64(t4, m, k.p[3]);
        t5 = _mm512_madd52hi_epu64(t5, m, k.p[4]);
        t1 = _mm512_add_epi64(t1, _mm512_srli_epi64(t0, 52));  // t0's low 52 bits are now zero
        t0 = t1;
        t1 = t2;
        t2 = t3;
        t3 = t4;
        t4 = t5;
        t5 = z;
    }
    carry_reduce(k, t0, t1, t2, t3, t4, r);
}

/* r = a b / 2^256 mod p (Montgomery product in the library's form); r may alias a or b */
CP_IFMA_INLINE void mul(const Consts &k, const E &a, const E &b, E &r) {
    E b16;
    shl4(k, b, b16);
    mul16(k, a, b16, r);
}

/* the field element at 64-bit words idx + 0..3 from base in each lane (base may be unaligned) */
CP_IFMA_INLINE void gather(const Consts &k, const void *base, V idx, E &r) {
    const char *w = static_cast<const char *>(base);
    from_words(k, _mm512_i64gather_epi64(idx, w, 8), _mm512_i64gather_epi64(idx, w + 8, 8),
               _mm512_i64gather_epi64(idx, w + 16, 8), _mm512_i64gather_epi64(idx, w + 24, 8), r);
}

/* one element in every lane, and the same multiplied by 16 for mul16 */
CP_IFMA_INLINE void broadcast(const Consts &k, const uint64_t *w, E &r) { from_words(k, bc(w[0]), bc(w[1]), bc(w[2]), bc(w[3]), r); }

CP_IFMA_INLINE void broadcast16(const Consts &k, const uint64_t *w, E &r) {
    E e;
    broadcast(k, w, e);
    shl4(k, e, r);
}

/* word offsets of eight elements of four words: e, e + step, ..., e + 7 step */
CP_IFMA_INLINE V run8(int64_t e, int64_t step) {
    const int64_t b = 4 * e, d = 4 * step;
    return _mm512_set_epi64(b + 7 * d, b + 6 * d, b + 5 * d, b + 4 * d, b + 3 * d, b + 2 * d, b + d, b);
}

/* eight elements, lane l from v[l] (4 words each) */
CP_IFMA_INLINE void from_lanes(const Consts &k, const uint64_t *v, E &r) {
    const V idx = run8(0, 1);
    gather(k, v, idx, r);
}

CP_IFMA_INLINE void scatter(uint64_t *words, __mmask8 lanes, V idx, const E &a) {
    V w0, w1, w2, w3;
    to_words(a, w0, w1, w2, w3);
    long long *w = reinterpret_cast<long long *>(words);
    _mm512_mask_i64scatter_epi64(w, lanes, idx, w0, 8);
    _mm512_mask_i64scatter_epi64(w + 1, lanes, idx, w1, 8);
    _mm512_mask_i64scatter_epi64(w + 2, lanes, idx, w2, 8);
    _mm512_mask_i64scatter_epi64(w + 3, lanes, idx, w3, 8);
}

CP_IFMA_INLINE void store(uint64_t *dst, const E &a) {
    for (int i = 0; i < 5; i++) _mm512_storeu_si512(dst + 8 * i, a.l[i]);
}

CP_IFMA_INLINE void load(const uint64_t *src, E &a) {
    for (int i = 0; i < 5; i++) a.l[i] = _mm512_loadu_si512(src + 8 * i);
}

/* the word index (8 words per affine point) of group g's eight slots; slots is padded to a
 * multiple of 8 entries */
CP_IFMA_INLINE V group_index(const uint32_t *slots, int64_t g) {
    const __m256i s = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(slots + 8 * g));
    return _mm512_slli_epi64(_mm512_cvtepu32_epi64(s), 3);
}

/* buf[s] = buf[s] + buf[s + 1] for the m slots s in slots[0 .. m), which must be ordinary
 * additions (distinct x, neither point at infinity) on distinct slots. slots must have room for
 * a multiple of 8 entries (padded here); scratch: 40 * ceil(m / 8) words. Eight pairs per
 * group, one lane each; every lane keeps its own product chain of denominators (two chains per
 * lane, even and odd groups, to hide the product's latency), and the 16 chain products share one
 * scalar inversion. */
template <class F>
CP_IFMA_FN void add_pairs(G1AffineT<F> *buf, uint32_t *slots, int64_t m, uint64_t *scratch) {
    const Consts k = consts<FqParams>();
    uint64_t *words = reinterpret_cast<uint64_t *>(buf);
    const int64_t groups = (m + 7) / 8;
    for (int64_t i = m; i < 8 * groups; i++) slots[i] = slots[8 * (groups - 1)];  // padding lanes repeat lane 0
    E acc[2];
    {
        const F one = F::one();
        const V w0 = bc(one.l[0]), w1 = bc(one.l[1]), w2 = bc(one.l[2]), w3 = bc(one.l[3]);
        from_words(k, w0, w1, w2, w3, acc[0]);
        acc[1] = acc[0];
    }
    // backwards: acc = product of the denominators x_q - x_p of later groups; scratch[g] the
    // product before group g joined
    for (int64_t g = groups - 1; g >= 0; g--) {
        const V idx = group_index(slots, g);
        E x1, x2, d;
        gather(k, words, idx, x1);
        gather(k, words + 8, idx, x2);
        sub(k, x2, x1, d);
        store(scratch + 40 * g, acc[g & 1]);
        mul(k, acc[g & 1], d, acc[g & 1]);
    }
    // the 16 lane products inverted together (Montgomery's trick, one inversion)
    E inv[2];
    {
        alignas(64) uint64_t w[2][4][8];
        for (int c = 0; c < 2; c++) {
            V w0, w1, w2, w3;
            to_words(acc[c], w0, w1, w2, w3);
            _mm512_store_si512(w[c][0], w0);
            _mm512_store_si512(w[c][1], w1);
            _mm512_store_si512(w[c][2], w2);
            _mm512_store_si512(w[c][3], w3);
        }
        F v[16], pre[16];
        F run = F::one();
        for (int c = 0; c < 2; c++) {
            for (int lane = 0; lane < 8; lane++) {
                F &x = v[8 * c + lane];
                for (int i = 0; i < 4; i++) x.l[i] = w[c][i][lane];
                pre[8 * c + lane] = run;
                run = run * x;
            }
        }
        F r = run.inverse();
        for (int j = 15; j >= 0; j--) {
            const F vi = r * pre[j];
            r = r * v[j];
            for (int i = 0; i < 4; i++) w[j / 8][i][j % 8] = vi.l[i];
        }
        for (int c = 0; c < 2; c++) {
            from_words(k, _mm512_load_si512(w[c][0]), _mm512_load_si512(w[c][1]), _mm512_load_si512(w[c][2]),
                       _mm512_load_si512(w[c][3]), inv[c]);
        }
    }
    // forwards: 1 / d from the chain, then the affine addition
    for (int64_t g = 0; g < groups; g++) {
        const V idx = group_index(slots, g);
        const int64_t left = m - 8 * g;
        const __mmask8 lanes = left >= 8 ? (__mmask8)0xff : (__mmask8)((1u << left) - 1);
        E x1, y1, x2, y2, d, s, di, l, t, x3;
        gather(k, words, idx, x1);
        gather(k, words + 4, idx, y1);
        gather(k, words + 8, idx, x2);
        gather(k, words + 12, idx, y2);
        sub(k, x2, x1, d);
        load(scratch + 40 * g, s);
        E &c = inv[g & 1];
        mul(k, c, s, di);  // 1 / d
        mul(k, c, d, c);   // 1 / (product of the denominators of later groups)
        sub(k, y2, y1, t);
        mul(k, t, di, l);  // slope (y_q - y_p) / (x_q - x_p)
        mul(k, l, l, x3);
        sub(k, x3, x1, x3);
        sub(k, x3, x2, x3);  // x3 = l^2 - x_p - x_q
        sub(k, x1, x3, t);
        mul(k, l, t, t);
        sub(k, t, y1, t);  // y3 = l (x_p - x3) - y_p
        scatter(words, lanes, idx, x3);
        scatter(words + 4, lanes, idx, t);
    }
}

}  // namespace ifma
}  // namespace coprover

#pragma GCC diagnostic pop

#endif
#endif
