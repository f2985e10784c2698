/* BN254 prime fields in Montgomery form, four 64-bit limbs, usable on host and device.
 *
 * One implementation serves the CPU and the GPU: the algorithms (CIOS Montgomery multiplication,
 * add/sub with one conditional correction) are written once over three word primitives -- mac
 * (a + b*c + carry, 128-bit), adc and sbb. Only the primitives differ:
 *   - host: unsigned __int128, which GCC/Clang lower to MUL/ADC;
 *   - device (and host code compiled with CP_PORTABLE_MATH): 64-bit limbs, the low product from a
 *     plain multiply and the high one from __umul64hi (mul.hi.u64, which the PTX assembler expands
 *     to 32-bit IMAD.WIDE carry chains), carries recovered by comparison. The host library compiles
 *     this variant too (native/src/portable_check.cpp) so the device arithmetic is tested on the CPU.
 * The math namespace is an inline namespace named after the variant, so both variants can live in
 * one program without violating the one-definition rule.
 *
 * Multiplication is CIOS (Koc, Acar, Kaliski 1996, "Analyzing and comparing Montgomery
 * multiplication algorithms") in the "no final carry" form: valid because the top limb of both
 * BN254 moduli is below (2^64 - 1)/2 - 1, so t < 2p after each outer step and 256 bits suffice
 * (the observation gnark-crypto uses). Elements are always fully reduced (< p). */
#ifndef COPROVER_FIELD_HPP
#define COPROVER_FIELD_HPP

#include <stdint.h>
#include "bn254_constants.h"

#if defined(__CUDACC__)
#define CP_HD __host__ __device__ __forceinline__
#else
#define CP_HD inline
#endif

#if defined(__CUDA_ARCH__) || defined(CP_PORTABLE_MATH)
#define CP_MATH_NS portable64
#else
#define CP_MATH_NS int128
#endif

namespace coprover {
inline namespace CP_MATH_NS {

#if defined(__CUDA_ARCH__) || defined(CP_PORTABLE_MATH)
CP_HD uint64_t umulhi(uint64_t a, uint64_t b) {
#if defined(__CUDA_ARCH__)
    return __umul64hi(a, b);
#else
    // 32x32 schoolbook, the same split the GPU's IMAD.WIDE sequence performs
    uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;
    return p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
#endif
}
/* returns the low word of a + b*c + carry; carry <- the high word (never overflows) */
CP_HD uint64_t mac(uint64_t a, uint64_t b, uint64_t c, uint64_t &carry) {
    uint64_t lo = b * c, hi = umulhi(b, c);
    lo += a; hi += (lo < a);
    lo += carry; hi += (lo < carry);
    carry = hi;
    return lo;
}
CP_HD uint64_t adc(uint64_t a, uint64_t b, uint64_t &carry) {
    uint64_t s = a + b, c1 = s < a;
    uint64_t r = s + carry, c2 = r < s;
    carry = c1 | c2;
    return r;
}
CP_HD uint64_t sbb(uint64_t a, uint64_t b, uint64_t &borrow) {
    uint64_t d = a - b, b1 = a < b;
    uint64_t r = d - borrow, b2 = d < borrow;
    borrow = b1 | b2;
    return r;
}
#else
typedef unsigned __int128 u128;
CP_HD uint64_t mac(uint64_t a, uint64_t b, uint64_t c, uint64_t &carry) {
    u128 t = (u128)b * c + a + carry;
    carry = (uint64_t)(t >> 64);
    return (uint64_t)t;
}
CP_HD uint64_t adc(uint64_t a, uint64_t b, uint64_t &carry) {
    u128 t = (u128)a + b + carry;
    carry = (uint64_t)(t >> 64);
    return (uint64_t)t;
}
CP_HD uint64_t sbb(uint64_t a, uint64_t b, uint64_t &borrow) {
    u128 t = (u128)a - b - borrow;
    borrow = (uint64_t)(t >> 64) & 1;
    return (uint64_t)t;
}
#endif

/* r = s - p if s >= p (s < 2^256), else s */
template <class P>
CP_HD void reduce_once(const uint64_t s[4], uint64_t r[4]) {
    uint64_t b = 0, d[4];
    d[0] = sbb(s[0], P::P0, b);
    d[1] = sbb(s[1], P::P1, b);
    d[2] = sbb(s[2], P::P2, b);
    d[3] = sbb(s[3], P::P3, b);
    if (b) { r[0] = s[0]; r[1] = s[1]; r[2] = s[2]; r[3] = s[3]; }
    else { r[0] = d[0]; r[1] = d[1]; r[2] = d[2]; r[3] = d[3]; }
}

/* The arithmetic behind Fp's operators: the Montgomery product a*b*2^-256 mod p by CIOS, no final
 * carry (see the top of this file), addition and subtraction, over the word primitives above.
 * Host code may instantiate Fp with another policy of the same shape (native/src/mont_x86.hpp:
 * x86-64 assembly), chosen at run time. */
struct MontCios {
    template <class P>
    static CP_HD void mul(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) {
        const uint64_t p[4] = {P::P0, P::P1, P::P2, P::P3};
        uint64_t t[4] = {0, 0, 0, 0};
#if defined(__CUDACC__)
#pragma unroll
#endif
        for (int i = 0; i < 4; i++) {
            uint64_t bi = b[i], c = 0;
            t[0] = mac(t[0], a[0], bi, c);
            t[1] = mac(t[1], a[1], bi, c);
            t[2] = mac(t[2], a[2], bi, c);
            t[3] = mac(t[3], a[3], bi, c);
            uint64_t hi = c;
            uint64_t m = t[0] * P::INV;
            c = 0;
            (void)mac(t[0], m, p[0], c);
            t[0] = mac(t[1], m, p[1], c);
            t[1] = mac(t[2], m, p[2], c);
            t[2] = mac(t[3], m, p[3], c);
            t[3] = c + hi;
        }
        reduce_once<P>(t, r);
    }
    template <class P>
    static CP_HD void sqr(uint64_t r[4], const uint64_t a[4]) { mul<P>(r, a, a); }

    /* r = a + b mod p (a, b < p < 2^254: no carry out of 256 bits) */
    template <class P>
    static CP_HD void add(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) {
        uint64_t c = 0, s[4];
        s[0] = adc(a[0], b[0], c);
        s[1] = adc(a[1], b[1], c);
        s[2] = adc(a[2], b[2], c);
        s[3] = adc(a[3], b[3], c);
        reduce_once<P>(s, r);
    }

    /* r = a - b mod p */
    template <class P>
    static CP_HD void sub(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) {
        uint64_t br = 0, d[4];
        d[0] = sbb(a[0], b[0], br);
        d[1] = sbb(a[1], b[1], br);
        d[2] = sbb(a[2], b[2], br);
        d[3] = sbb(a[3], b[3], br);
        if (br) {
            uint64_t c = 0;
            d[0] = adc(d[0], P::P0, c);
            d[1] = adc(d[1], P::P1, c);
            d[2] = adc(d[2], P::P2, c);
            d[3] = adc(d[3], P::P3, c);
        }
        r[0] = d[0]; r[1] = d[1]; r[2] = d[2]; r[3] = d[3];
    }
};

/* An element of the field described by P (FrParams or FqParams), Montgomery form a*2^256 mod p;
 * M supplies the arithmetic (MontCios by default). */
template <class P, class M = MontCios>
struct Fp {
    uint64_t l[4];

    static CP_HD Fp zero() { return Fp{{0, 0, 0, 0}}; }
    static CP_HD Fp one() { return Fp{{P::ONE0, P::ONE1, P::ONE2, P::ONE3}}; }
    static CP_HD Fp r2() { return Fp{{P::R20, P::R21, P::R22, P::R23}}; }

    CP_HD bool is_zero() const { return (l[0] | l[1] | l[2] | l[3]) == 0; }
    CP_HD bool operator==(const Fp &o) const {
        return ((l[0] ^ o.l[0]) | (l[1] ^ o.l[1]) | (l[2] ^ o.l[2]) | (l[3] ^ o.l[3])) == 0;
    }
    CP_HD bool operator!=(const Fp &o) const { return !(*this == o); }

    CP_HD Fp operator+(const Fp &o) const {
        Fp r;
        M::template add<P>(r.l, l, o.l);
        return r;
    }

    CP_HD Fp operator-(const Fp &o) const {
        Fp r;
        M::template sub<P>(r.l, l, o.l);
        return r;
    }

    CP_HD Fp neg() const { return is_zero() ? *this : zero() - *this; }
    CP_HD Fp dbl() const { return *this + *this; }

    /* Montgomery product a*b*2^-256 mod p (the policy M; CIOS by default). */
    CP_HD Fp operator*(const Fp &o) const {
        Fp r;
        M::template mul<P>(r.l, l, o.l);
        return r;
    }

    CP_HD Fp sqr() const {
        Fp r;
        M::template sqr<P>(r.l, l);
        return r;
    }

    /* this^e for a 4-limb exponent (plain integer limbs), square-and-multiply from the top bit. */
    CP_HD Fp pow(const uint64_t e[4]) const {
        Fp r = one();
        for (int i = 255; i >= 0; i--) {
            r = r.sqr();
            if ((e[i >> 6] >> (i & 63)) & 1) r = r * *this;
        }
        return r;
    }

    CP_HD Fp pow_u64(uint64_t e) const {
        uint64_t ee[4] = {e, 0, 0, 0};
        return pow(ee);
    }

    /* Fermat inverse a^(p-2); the inverse of 0 is returned as 0 (callers check). */
    CP_HD Fp inverse() const {
        const uint64_t e[4] = {P::PM20, P::PM21, P::PM22, P::PM23};
        return pow(e);
    }

    CP_HD Fp to_mont() const { return *this * r2(); }
    /* canonical integer limbs of a Montgomery element (multiply by plain 1) */
    CP_HD Fp from_mont() const {
        Fp one_raw = {{1, 0, 0, 0}};
        return *this * one_raw;
    }
};

typedef Fp<FrParams> Fr;
typedef Fp<FqParams> Fq;

}  // inline namespace
}  // namespace coprover

#endif
