/* PLONK round 3 on the host: the quotient t = N / Z_H by the split method of
 * java/src/main/java/io/coprover/plonk/SplitQuotient.java (snarkjs 0.7's prover), which this file
 * follows step by step and which the tests compare it with. The Java version stays the reference
 * and the fallback; this one runs the same arithmetic on the x86 field code, without the JIT's
 * warm-up, and takes the wire polynomials as coefficients so only small arrays cross the API.
 *
 * On H_{4n} every blinded polynomial P = P0 + Z_H Pb (P0 of degree < n, the blinder Pb of degree
 * <= 2), and N splits into N0 + Z_H Nz: N0 is N of the unblinded polynomials, Nz collects every
 * term with a blinder, products carried as pairs (v0, vz) = v0 + Z_H vz with
 * (x0, xz)(y0, yz) = (x0 y0, x0 yz + xz (y0 + Z_H yz)). Both have degree < 4n, so their 4n
 * evaluations determine them: t = N0 / Z_H + Nz, N0 divided in coefficient form
 * (q_i = q_{i-n} - c_i), whose top n coefficients vanish exactly when the gates hold.
 *
 * Where the CPU has AVX-512 IFMA (ifma.hpp), the loop over the 4n points runs eight points at a
 * time, one per lane, with the same products; Z_H's factor, which the scalar loop branches on
 * (0, -2 or a general constant by i mod 4), is a per-lane constant there. */
#include <string.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <vector>

#include "coprover/field.hpp"
#include "ifma.hpp"
#include "internal.hpp"
#include "mont_x86.hpp"
#include "parallel.hpp"

namespace coprover {

namespace {

constexpr int64_t CHUNK = 1 << 12;  // points per task

template <class M>
struct Round3 {
    typedef Fp<FrParams, M> F;

    int threads, log_n;
    int64_t n, ne;  // n and 4n
    const unsigned char *const *fixed;  // qm ql qr qo qc s1 s2 s3 l1, 4n each, perhaps unaligned

    /* element i of fixed polynomial k (a copy: the borrowed ones may lie unaligned in a mapped file) */
    F fx(int k, int64_t i) const {
        F v;
        memcpy(v.l, fixed[k] + 32 * i, sizeof v.l);
        return v;
    }

    static F root(int log) {
        F w = {{FrParams::OMEGA28_0, FrParams::OMEGA28_1, FrParams::OMEGA28_2, FrParams::OMEGA28_3}};
        for (int k = 28; k > log; k--) w = w.sqr();
        return w;
    }

    /* Z_H(w_4n^i) = w_4^k - 1, k = i mod 4 */
    static void zh_values(F zh[4]) {
        F w4 = root(2), p = F::one();
        for (int k = 0; k < 4; k++) { zh[k] = p - F::one(); p = p * w4; }
    }

    /* acc += sum_j c_j L_j for j in [from, count) on H_4n, L_j(x) = (w^j / n)(x^n - 1)/(x - w^j): at
     * i = 4j' the point is w^j' in H_n (L_j = [j' = j]); elsewhere the denominators are inverted in
     * one batch per task */
    void add_lagrange(F *acc, const F *c, int64_t from, int64_t count) const {
        if (count <= from) return;
        F zh[4];
        zh_values(zh);
        const F wn = root(log_n), we = root(log_n + 2);
        const F inv_n = F{{(uint64_t)n, 0, 0, 0}}.to_mont().inverse();
        parallel_for((ne + CHUNK - 1) / CHUNK, threads, [&](int64_t t) {
            const int64_t lo = t * CHUNK, hi = std::min(ne, lo + CHUNK);
            std::vector<F> den(hi - lo), pre(hi - lo);
            F wj = wn.pow_u64((uint64_t)from);
            for (int64_t j = from; j < count; j++, wj = wj * wn) {
                F coef = wj * inv_n * c[j];
                F x = we.pow_u64((uint64_t)lo), prod = F::one();
                for (int64_t i = lo; i < hi; i++, x = x * we) {  // batch inverse of x - w^j, i % 4 != 0
                    pre[i - lo] = prod;
                    den[i - lo] = (i & 3) ? x - wj : F::one();
                    prod = prod * den[i - lo];
                }
                F inv = prod.inverse();
                for (int64_t i = hi - 1; i >= lo; i--) {
                    F d = inv * pre[i - lo];
                    inv = inv * den[i - lo];
                    if ((i & 3) == 0) {
                        if (i == 4 * j) acc[i] = acc[i] + c[j];
                    } else {
                        acc[i] = acc[i] + d * zh[i & 3] * coef;
                    }
                }
            }
        });
    }

    /* P0 on H_4n, where w_4n^(4j + k) = w_4n^k w_n^j: coset k of H_n is a size-n coset NTT of P0
     * with shift w_4n^k, so the 4n values cost 4 transforms of size n (2 stages fewer than one of
     * size 4n); coset 0 (H_n itself) is copied from on_h when the caller has the values there */
    int32_t eval_on_ext(const F *p, int64_t len, const F *on_h, F *out, F *tmp) const {
        memcpy(tmp, p, (size_t)n * sizeof(F));
        for (int64_t j = n; j < len; j++) tmp[j - n] = tmp[j - n] + p[j];
        const F we = root(log_n + 2);
        F g = F::one();
        for (int k = 0; k < 4; k++, g = g * we) {
            const F *c = tmp + (size_t)(k + 1) * n;
            if (k == 0 && on_h) {
                c = on_h;
            } else {
                F *d = tmp + (size_t)(k + 1) * n;
                memcpy(d, tmp, (size_t)n * sizeof(F));
                int32_t rc = host_ntt(threads, reinterpret_cast<uint64_t *>(d), log_n, 1,
                                      k == 0 ? COPROVER_NTT_FORWARD : COPROVER_NTT_COSET_FORWARD, g.l);
                if (rc) return rc;
            }
            in_parallel(0, n, [&](int64_t j) { out[4 * j + k] = c[j]; });
        }
        return COPROVER_OK;
    }

    /* f(i) for i in [lo, hi), in tasks of CHUNK on all threads */
    template <class Fn>
    void in_parallel(int64_t lo, int64_t hi, Fn f) const {
        parallel_for((hi - lo + CHUNK - 1) / CHUNK, threads, [&](int64_t t) {
            for (int64_t i = lo + t * CHUNK, e = std::min(hi, lo + (t + 1) * CHUNK); i < e; i++) f(i);
        });
    }

    /* the main loop's constants */
    struct Consts3 {
        F alpha, beta, gamma, alpha2, bk1, bk2, negpub0, we, wn;
        F bl[3][2], zb[3], zh[4];
        bool small_k;
    };

#ifdef COPROVER_HAVE_IFMA
    /* the main loop of compute() for points [lo, hi), hi - lo a multiple of 8 and lo of 4: the same
     * products eight points at a time (see the scalar loop for what each line computes) */
    CP_IFMA_FN void main_loop_vec(const Consts3 &cs, int64_t lo, int64_t hi, const F *a, const F *b, const F *c,
                                  const F *ze, F *n0, F *nz) const {
        using namespace ifma;
        typedef ifma::E E;
        const ifma::Consts k = ifma::consts<FrParams>();
        E alpha16, beta16, gamma, alpha2_16, bk1_16, bk2_16, negpub0_16, one, wn16, we8_16, zh16;
        E bl0[3], bl1_16[3], zb0, zb1, zb2_16;
        broadcast16(k, cs.alpha.l, alpha16);
        broadcast16(k, cs.beta.l, beta16);
        broadcast(k, cs.gamma.l, gamma);
        broadcast16(k, cs.alpha2.l, alpha2_16);
        broadcast16(k, cs.bk1.l, bk1_16);
        broadcast16(k, cs.bk2.l, bk2_16);
        broadcast16(k, cs.negpub0.l, negpub0_16);
        broadcast(k, F::one().l, one);
        broadcast16(k, cs.wn.l, wn16);
        const F we8 = cs.we.pow_u64(8);
        broadcast16(k, we8.l, we8_16);
        for (int j = 0; j < 3; j++) {
            broadcast(k, cs.bl[j][0].l, bl0[j]);
            broadcast16(k, cs.bl[j][1].l, bl1_16[j]);
        }
        broadcast(k, cs.zb[0].l, zb0);
        broadcast(k, cs.zb[1].l, zb1);
        broadcast16(k, cs.zb[2].l, zb2_16);
        E x;
        {
            uint64_t v[32];
            F xl = cs.we.pow_u64((uint64_t)lo);
            for (int l = 0; l < 8; l++, xl = xl * cs.we) memcpy(v + 4 * l, xl.l, 32);
            from_lanes(k, v, x);
            for (int l = 0; l < 8; l++) memcpy(v + 4 * l, cs.zh[l & 3].l, 32);  // lo is a multiple of 4
            E zh;
            from_lanes(k, v, zh);
            shl4(k, zh, zh16);
        }
        for (int64_t i = lo; i < hi; i += 8) {
            const V idx = run8(i, 1);
            const V idxw = _mm512_and_si512(run8(i + 4, 1), bc((uint64_t)(4 * ne - 1)));  // (i + 4) mod 4n
            E va, vb, vc, vz, vzw, qm, ql, qr, qo, qc, s1, s2, s3, l1, e, ez, t, u;
            gather(k, a, idx, va);
            gather(k, b, idx, vb);
            gather(k, c, idx, vc);
            gather(k, ze, idx, vz);
            gather(k, ze, idxw, vzw);
            gather(k, fixed[0], idx, qm);
            gather(k, fixed[1], idx, ql);
            gather(k, fixed[2], idx, qr);
            gather(k, fixed[3], idx, qo);
            gather(k, fixed[4], idx, qc);
            gather(k, fixed[5], idx, s1);
            gather(k, fixed[6], idx, s2);
            gather(k, fixed[7], idx, s3);
            gather(k, fixed[8], idx, l1);
            gather(k, n0, idx, e);
            E x16, xw, xw16, ap, bp, cp, zp, zwp, bfull, cfull;
            shl4(k, x, x16);
            mul16(k, x, wn16, xw);
            shl4(k, xw, xw16);
            E *blin[3] = {&ap, &bp, &cp};
            for (int j = 0; j < 3; j++) {
                mul16(k, x, bl1_16[j], t);
                add(k, bl0[j], t, *blin[j]);
            }
            mul16(k, x, zb2_16, t);  // zp = zb0 + (zb1 + zb2 x) x, zwp the same at x w
            add(k, t, zb1, t);
            mul16(k, t, x16, t);
            add(k, t, zb0, zp);
            mul16(k, xw, zb2_16, t);
            add(k, t, zb1, t);
            mul16(k, t, xw16, t);
            add(k, t, zb0, zwp);
            // gates: e = (a b) qm + a ql + b qr + c qo + qc + PI
            mul(k, va, vb, t);
            mul(k, t, qm, t);
            add(k, e, t, e);
            mul(k, va, ql, t);
            add(k, e, t, e);
            mul(k, vb, qr, t);
            add(k, e, t, e);
            mul(k, vc, qo, t);
            add(k, e, t, e);
            add(k, e, qc, e);
            mul16(k, bp, zh16, t);  // b and c with their blinders
            add(k, vb, t, bfull);
            mul16(k, cp, zh16, t);
            add(k, vc, t, cfull);
            mul(k, va, bp, t);  // ez = (a bp + ap bfull) qm + ap ql + bp qr + cp qo
            mul(k, ap, bfull, u);
            add(k, t, u, t);
            mul(k, t, qm, ez);
            mul(k, ap, ql, t);
            add(k, ez, t, ez);
            mul(k, bp, qr, t);
            add(k, ez, t, ez);
            mul(k, cp, qo, t);
            add(k, ez, t, ez);
            // permutation, pairs (p0, pz) (q0, qz) times (y0, yz), yfull = y0 + Z_H yz
            E bx, bk1x, bk2x, p0, pz, q0, qz, ys1, ys2, ys3;
            mul16(k, x, beta16, bx);
            if (cs.small_k) {
                add(k, bx, bx, bk1x);
                add(k, bk1x, bx, bk2x);
            } else {
                mul16(k, x, bk1_16, bk1x);
                mul16(k, x, bk2_16, bk2x);
            }
            // mul_pair: pz = pz yfull + p0 yz; p0 = p0 y0
            auto pair = [](const ifma::Consts &kk, E &p, E &pzz, const E &y0v, const E &yfv, const E &yzv) CP_IFMA_FN {
                E m1, m2;
                mul(kk, pzz, yfv, m1);
                mul(kk, p, yzv, m2);
                add(kk, m1, m2, pzz);
                mul(kk, p, y0v, p);
            };
            // one side: (a + ya + gamma)(b + yb + gamma)(c + yc + gamma) z, with the blinders
            auto side = [&](E &p, E &pzz, const E &ya, const E &yb, const E &yc, const E &zv, const E &zpoly) CP_IFMA_FN {
                E y, y0, yf, w;
                add(k, va, ya, p);
                add(k, p, gamma, p);
                pzz = ap;
                add(k, yb, gamma, y);
                add(k, vb, y, y0);
                add(k, bfull, y, yf);
                pair(k, p, pzz, y0, yf, bp);
                add(k, yc, gamma, y);
                add(k, vc, y, y0);
                add(k, cfull, y, yf);
                pair(k, p, pzz, y0, yf, cp);
                mul16(k, zpoly, zh16, w);
                add(k, zv, w, yf);
                pair(k, p, pzz, zv, yf, zpoly);
            };
            side(p0, pz, bx, bk1x, bk2x, vz, zp);
            mul16(k, s1, beta16, ys1);
            mul16(k, s2, beta16, ys2);
            mul16(k, s3, beta16, ys3);
            side(q0, qz, ys1, ys2, ys3, vzw, zwp);  // Z_H(w x) = Z_H(x)
            sub(k, p0, q0, t);
            mul16(k, t, alpha16, t);
            add(k, e, t, e);
            sub(k, pz, qz, t);
            mul16(k, t, alpha16, t);
            add(k, ez, t, ez);
            // alpha^2 (z - 1) L_1, and PI's first term -x_0 L_1
            E v;
            mul16(k, l1, alpha2_16, v);
            sub(k, vz, one, t);
            mul(k, t, v, t);
            add(k, e, t, e);
            mul16(k, l1, negpub0_16, t);
            add(k, e, t, e);
            mul(k, zp, v, t);
            add(k, ez, t, ez);
            scatter(reinterpret_cast<uint64_t *>(n0), 0xff, idx, e);
            scatter(reinterpret_cast<uint64_t *>(nz), 0xff, idx, ez);
            mul16(k, x, we8_16, x);
        }
    }
#endif

    int32_t compute(const F *wires, const F *on_h, const F *pub, int64_t npub, const F ch[3], const F k[2], F *t) const {
        const F alpha = ch[0], beta = ch[1], gamma = ch[2];
        // a, b, c (n + 2 coefficients each) and z (n + 3), unblinded, on H_4n; their blinders
        auto ev = uninit<F>((size_t)4 * ne);
        const F *wa = wires, *wb = wa + n + 2, *wc = wb + n + 2, *wz = wc + n + 2;
        const F *polys[4] = {wa, wb, wc, wz};
        int32_t rc;
        {
            auto tmp = uninit<F>((size_t)5 * n);
            for (int q = 0; q < 4; q++) {
                rc = eval_on_ext(polys[q], q < 3 ? n + 2 : n + 3, on_h ? on_h + (size_t)q * n : nullptr,
                                 &ev[(size_t)q * ne], tmp.get());
                if (rc) return rc;
            }
        }
        const F *a = &ev[0], *b = &ev[ne], *c = &ev[2 * ne], *ze = &ev[3 * ne];
        const F bl[3][2] = {{wa[n], wa[n + 1]}, {wb[n], wb[n + 1]}, {wc[n], wc[n + 1]}};
        const F zb[3] = {wz[n], wz[n + 1], wz[n + 2]};
        // N0 starts as PI = -sum_j x_j L_j but for j = 0: L_0 is the key's L_1 (its first row), so
        // that term is added in the loop below, one product per point instead of a batch inversion
        std::vector<F> n0((size_t)ne, F::zero());
        auto nz = uninit<F>((size_t)ne);
        std::vector<F> negpub((size_t)npub);
        for (int64_t j = 0; j < npub; j++) negpub[j] = pub[j].neg();
        add_lagrange(n0.data(), negpub.data(), 1, npub);
        const F negpub0 = npub > 0 ? negpub[0] : F::zero();

        F zh[4];
        zh_values(zh);
        const F one = F::one(), we = root(log_n + 2), wn = root(log_n);
        const F bk1 = beta * k[0], bk2 = beta * k[1], alpha2 = alpha.sqr();
        // snarkjs's setup picks k1 = 2, k2 = 3: then beta k1 x and beta k2 x are sums of beta x
        const F two = F::one() + F::one();
        const bool small_k = k[0] == two && k[1] == two + F::one();
#ifdef COPROVER_HAVE_IFMA
        Consts3 cs;
        cs.alpha = alpha; cs.beta = beta; cs.gamma = gamma; cs.alpha2 = alpha2; cs.bk1 = bk1; cs.bk2 = bk2;
        cs.negpub0 = negpub0; cs.we = we; cs.wn = wn; cs.small_k = small_k;
        for (int j = 0; j < 3; j++) { cs.bl[j][0] = bl[j][0]; cs.bl[j][1] = bl[j][1]; cs.zb[j] = zb[j]; }
        for (int j = 0; j < 4; j++) cs.zh[j] = zh[j];
        const bool vec = cpu_has_ifma() && ne % 8 == 0;
#endif
        parallel_for((ne + CHUNK - 1) / CHUNK, threads, [&](int64_t task) {
            const int64_t lo = task * CHUNK, hi = std::min(ne, lo + CHUNK);
#ifdef COPROVER_HAVE_IFMA
            if (vec) {  // CHUNK and ne are multiples of 8
                main_loop_vec(cs, lo, hi, a, b, c, ze, n0.data(), nz.get());
                return;
            }
#endif
            F x = we.pow_u64((uint64_t)lo);
            for (int64_t i = lo; i < hi; i++, x = x * we) {
                const int64_t iw = (i + 4) & (ne - 1);
                const F qm = fx(0, i), ql = fx(1, i), qr = fx(2, i), qo = fx(3, i), qc = fx(4, i);
                const F s1 = fx(5, i), s2 = fx(6, i), s3 = fx(7, i), l1 = fx(8, i);
                // Z_H(x) y: Z_H is 0 on H_n (i = 0 mod 4) and -2 at i = 2 mod 4, so only half the
                // points need a product
                const int k4 = (int)(i & 3);
                auto zh_times = [&](const F &y) {
                    if (k4 == 0) return F::zero();
                    if (k4 == 2) return (y + y).neg();
                    return zh[k4] * y;
                };
                const F xw = x * wn;
                const F ap = bl[0][0] + bl[0][1] * x, bp = bl[1][0] + bl[1][1] * x, cp = bl[2][0] + bl[2][1] * x;
                const F zp = zb[0] + (zb[1] + zb[2] * x) * x, zwp = zb[0] + (zb[1] + zb[2] * xw) * xw;
                // gates, as a pair: (a b) qm + a ql + b qr + c qo + qc + PI
                F e = a[i] * b[i] * qm + a[i] * ql + b[i] * qr + c[i] * qo + qc + n0[i];
                const F bfull = b[i] + zh_times(bp), cfull = c[i] + zh_times(cp);  // b and c with their blinders
                F ez = (a[i] * bp + ap * bfull) * qm + ap * ql + bp * qr + cp * qo;
                // permutation: pairs (p0, pz) times (y0, yz); yfull = y0 + Z_H yz, which for the b
                // and c factors is a sum with bfull or cfull (no product)
                auto mul_pair = [&](F &p0, F &pz, const F &y0, const F &yfull, const F &yz) {
                    pz = pz * yfull + p0 * yz;
                    p0 = p0 * y0;
                };
                const F bx = beta * x;
                F bk1x, bk2x;
                if (small_k) {
                    bk1x = bx + bx;
                    bk2x = bk1x + bx;
                } else {
                    bk1x = bk1 * x;
                    bk2x = bk2 * x;
                }
                F p0 = a[i] + bx + gamma, pz = ap;
                F y = bk1x + gamma;
                mul_pair(p0, pz, b[i] + y, bfull + y, bp);
                y = bk2x + gamma;
                mul_pair(p0, pz, c[i] + y, cfull + y, cp);
                mul_pair(p0, pz, ze[i], ze[i] + zh_times(zp), zp);
                F q0 = a[i] + beta * s1 + gamma, qz = ap;
                y = beta * s2 + gamma;
                mul_pair(q0, qz, b[i] + y, bfull + y, bp);
                y = beta * s3 + gamma;
                mul_pair(q0, qz, c[i] + y, cfull + y, cp);
                mul_pair(q0, qz, ze[iw], ze[iw] + zh_times(zwp), zwp);  // Z_H(w x) = Z_H(x)
                e = e + (p0 - q0) * alpha;
                ez = ez + (pz - qz) * alpha;
                // alpha^2 (z - 1) L_1, and PI's first term -x_0 L_1
                const F v = alpha2 * l1;
                e = e + (ze[i] - one) * v + negpub0 * l1;
                ez = ez + zp * v;
                n0[i] = e;
                nz[i] = ez;
            }
        });
        ev.reset();
        // N0 / Z_H in coefficient form, with the divisibility check
        rc = host_ntt(threads, reinterpret_cast<uint64_t *>(n0.data()), log_n + 2, 1, COPROVER_NTT_INVERSE, nullptr);
        if (rc) return rc;
        rc = host_ntt(threads, reinterpret_cast<uint64_t *>(nz.get()), log_n + 2, 1, COPROVER_NTT_INVERSE, nullptr);
        if (rc) return rc;
        // (each block of n depends on the one before; within a block, on all threads)
        in_parallel(0, n, [&](int64_t i) { n0[i] = n0[i].neg(); });
        for (int64_t b = 1; b < 4; b++) in_parallel(b * n, (b + 1) * n, [&](int64_t i) { n0[i] = n0[i - n] - n0[i]; });
        std::atomic<bool> rest(false), high(false);
        in_parallel(3 * n, ne, [&](int64_t i) {
            if (!n0[i].is_zero()) rest.store(true, std::memory_order_relaxed);
            if (i >= 3 * n + 6 && !nz[i].is_zero()) high.store(true, std::memory_order_relaxed);
        });
        if (rest.load())
            return set_error(COPROVER_ERR_ARGUMENT, "plonk quotient: the witness does not satisfy the circuit's gates "
                             "(the constraint polynomial is not divisible by Z_H)");
        if (high.load()) return set_error(COPROVER_ERR_INTERNAL, "plonk quotient: the blinding part of t has too high a degree");
        in_parallel(0, 3 * n + 6, [&](int64_t i) { t[i] = n0[i] + nz[i]; });
        return COPROVER_OK;
    }
};

struct QuotientKey {
    int log_n;
    std::unique_ptr<Fr[]> own;  // 9 x 4n copied, or L_1 alone (4n) when the other 8 are borrowed
    const unsigned char *fixed[9];  // Qm Ql Qr Qo Qc S1 S2 S3 L_1: into own, or the caller's memory
};

template <class M>
Round3<M> round3(int threads, const QuotientKey &key) {
    Round3<M> r;
    r.threads = threads;
    r.log_n = key.log_n;
    r.n = (int64_t)1 << key.log_n;
    r.ne = r.n << 2;
    r.fixed = key.fixed;
    return r;
}

template <class M>
void add_l1(int threads, QuotientKey &key) {
    typedef Fp<FrParams, M> F;
    const int64_t ne = (int64_t)4 << key.log_n;
    const F one = F::one();
    F *l1 = reinterpret_cast<F *>(const_cast<unsigned char *>(key.fixed[8]));  // always in own
    std::fill(l1, l1 + ne, F::zero());
    round3<M>(threads, key).add_lagrange(l1, &one, 0, 1);
}

/* PLONK round 2: z on H (z_0 = 1, z_{i+1} = z_i f_i / g_i) from the wire values on H and the
 * key's S1..S3 (every 4th value of their H_4n evaluations is the value on H). */
template <class M>
int32_t grand_product(int threads, const QuotientKey &key, const uint64_t *colsp, const uint64_t *paramsp, uint64_t *zp) {
    typedef Fp<FrParams, M> F;
    const int64_t n = (int64_t)1 << key.log_n;
    const F *cols = reinterpret_cast<const F *>(colsp), *p = reinterpret_cast<const F *>(paramsp);
    const Round3<M> r3 = round3<M>(threads, key);
    const F beta = p[0], gamma = p[1], bk1 = beta * p[2], bk2 = beta * p[3];
    const F w = Round3<M>::root(key.log_n);
    F *z = reinterpret_cast<F *>(zp);
    auto ratio = uninit<F>((size_t)n);
    const int64_t tasks = (n + CHUNK - 1) / CHUNK;
    std::vector<int64_t> zero_row((size_t)tasks, -1);
    parallel_for(tasks, threads, [&](int64_t t) {
        const int64_t lo = t * CHUNK, hi = std::min(n, lo + CHUNK);
        std::vector<F> num((size_t)(hi - lo)), pre((size_t)(hi - lo));
        F x = w.pow_u64((uint64_t)lo), prod = F::one();
        for (int64_t i = lo; i < hi; i++, x = x * w) {
            const F a = cols[i], b = cols[n + i], c = cols[2 * n + i];
            const F bx = beta * x;
            num[i - lo] = (a + bx + gamma) * (b + bk1 * x + gamma) * (c + bk2 * x + gamma);
            const F den = (a + beta * r3.fx(5, 4 * i) + gamma) * (b + beta * r3.fx(6, 4 * i) + gamma) *
                          (c + beta * r3.fx(7, 4 * i) + gamma);
            if (den.is_zero() && zero_row[t] < 0) zero_row[t] = i;
            pre[i - lo] = prod;
            ratio[i] = den;  // the denominator for now
            prod = prod * (den.is_zero() ? F::one() : den);
        }
        if (zero_row[t] >= 0) return;
        F inv = prod.inverse();
        for (int64_t i = hi - 1; i >= lo; i--) {
            const F d = ratio[i];
            ratio[i] = num[i - lo] * inv * pre[i - lo];
            inv = inv * d;
        }
    });
    for (int64_t t = 0; t < tasks; t++) {
        if (zero_row[t] >= 0)
            return set_error(COPROVER_ERR_ARGUMENT, "permutation denominator vanished at row %lld (retry the proof)",
                             (long long)zero_row[t]);
    }
    F acc = F::one();
    for (int64_t i = 0; i < n; i++) {
        z[i] = acc;
        acc = acc * ratio[i];
    }
    if (acc != F::one())
        return set_error(COPROVER_ERR_ARGUMENT, "the witness does not satisfy the circuit: copy constraints do not match");
    return COPROVER_OK;
}

/* p(x) for len coefficients: Horner over chunks, chunk k scaled by x^lo */
template <class M>
void poly_eval(int threads, const uint64_t *pp, int64_t len, const uint64_t *xp, uint64_t *out) {
    typedef Fp<FrParams, M> F;
    const F *p = reinterpret_cast<const F *>(pp);
    const F x = *reinterpret_cast<const F *>(xp);
    const int64_t tasks = std::max<int64_t>(1, (len + CHUNK - 1) / CHUNK);
    std::vector<F> part((size_t)tasks, F::zero());
    parallel_for(tasks, threads, [&](int64_t t) {
        const int64_t lo = t * CHUNK, hi = std::min(len, lo + CHUNK);
        F acc = F::zero();
        for (int64_t i = hi - 1; i >= lo; i--) acc = acc * x + p[i];
        part[t] = acc * x.pow_u64((uint64_t)lo);
    });
    F r = F::zero();
    for (const F &v : part) r = r + v;
    *reinterpret_cast<F *>(out) = r;
}

/* r += s p over len coefficients */
template <class M>
void axpy(int threads, uint64_t *rp, const uint64_t *pp, int64_t len, const uint64_t *sp) {
    typedef Fp<FrParams, M> F;
    F *r = reinterpret_cast<F *>(rp);
    const F *p = reinterpret_cast<const F *>(pp);
    const F s = *reinterpret_cast<const F *>(sp);
    parallel_for((len + CHUNK - 1) / CHUNK, threads, [&](int64_t t) {
        const int64_t lo = t * CHUNK, hi = std::min(len, lo + CHUNK);
        for (int64_t i = lo; i < hi; i++) r[i] = r[i] + s * p[i];
    });
}

/* p / (X - z) in place (synthetic division, as Polys.divideByLinear): p[0..len-2] the quotient,
 * p[len-1] = 0; rem = p(z) */
template <class M>
void divide_linear(uint64_t *pp, int64_t len, const uint64_t *zp, uint64_t *rem) {
    typedef Fp<FrParams, M> F;
    F *p = reinterpret_cast<F *>(pp);
    const F z = *reinterpret_cast<const F *>(zp);
    F carry = F::zero();
    for (int64_t k = len - 1; k >= 0; k--) {
        const F v = carry * z + p[k];
        p[k] = carry;
        carry = v;
    }
    *reinterpret_cast<F *>(rem) = carry;
}

}  // namespace

int32_t host_plonk_key(int threads, int log_n, const uint64_t *const fixed[8], const uint64_t *l1, bool borrow, void **out) {
    auto key = std::make_unique<QuotientKey>();
    key->log_n = log_n;
    const int64_t ne = (int64_t)4 << log_n;
    if (borrow) {
        if (!l1) key->own = uninit<Fr>((size_t)ne);
        for (int k = 0; k < 8; k++) key->fixed[k] = reinterpret_cast<const unsigned char *>(fixed[k]);
    } else {
        // copied on all threads (the new pages' faults are most of the cost)
        key->own = uninit<Fr>((size_t)9 * ne);
        const int64_t per = (ne + CHUNK - 1) / CHUNK;
        parallel_for(8 * per, threads, [&](int64_t t) {
            const int k = (int)(t / per);
            const int64_t lo = (t % per) * CHUNK, cnt = std::min(ne, lo + CHUNK) - lo;
            memcpy(key->own.get() + k * ne + lo, reinterpret_cast<const unsigned char *>(fixed[k]) + 32 * lo,
                   (size_t)cnt * sizeof(Fr));
        });
        for (int k = 0; k < 8; k++) key->fixed[k] = reinterpret_cast<const unsigned char *>(key->own.get() + k * ne);
    }
    if (borrow && l1) {  // the caller's L_1 too
        key->fixed[8] = reinterpret_cast<const unsigned char *>(l1);
        *out = key.release();
        return COPROVER_OK;
    }
    // L_1 = L_0 of H_n (the first row) on H_4n, computed into own after anything copied
    key->fixed[8] = reinterpret_cast<const unsigned char *>(key->own.get() + (borrow ? 0 : 8 * ne));
#ifdef COPROVER_HAVE_MONT_ADX
    if (cpu_has_adx()) add_l1<MontAdx>(threads, *key);
    else
#endif
        add_l1<MontCios>(threads, *key);
    *out = key.release();
    return COPROVER_OK;
}

void host_plonk_key_free(void *key) { delete static_cast<QuotientKey *>(key); }

int64_t host_plonk_key_log_n(const void *key) { return static_cast<const QuotientKey *>(key)->log_n; }

int32_t host_plonk_quotient(int threads, const void *keyp, const uint64_t *wires, const uint64_t *on_h,
                            const uint64_t *pub, int64_t npub, const uint64_t *params, uint64_t *t) {
    const QuotientKey &key = *static_cast<const QuotientKey *>(keyp);
#ifdef COPROVER_HAVE_MONT_ADX
    if (cpu_has_adx()) {
        typedef Fp<FrParams, MontAdx> F;
        const F *p = reinterpret_cast<const F *>(params);
        return round3<MontAdx>(threads, key).compute(reinterpret_cast<const F *>(wires), reinterpret_cast<const F *>(on_h),
                                                     reinterpret_cast<const F *>(pub), npub, p, p + 3,
                                                     reinterpret_cast<F *>(t));
    }
#endif
    const Fr *p = reinterpret_cast<const Fr *>(params);
    return round3<MontCios>(threads, key).compute(reinterpret_cast<const Fr *>(wires), reinterpret_cast<const Fr *>(on_h),
                                                  reinterpret_cast<const Fr *>(pub), npub, p, p + 3,
                                                  reinterpret_cast<Fr *>(t));
}

}  // namespace coprover

namespace coprover {

#ifdef COPROVER_HAVE_MONT_ADX
#define CP_DISPATCH(call) (cpu_has_adx() ? call<MontAdx> : call<MontCios>)
#else
#define CP_DISPATCH(call) (call<MontCios>)
#endif

int32_t host_plonk_grand_product(int threads, const void *key, const uint64_t *cols, const uint64_t *params, uint64_t *z) {
    return CP_DISPATCH(grand_product)(threads, *static_cast<const QuotientKey *>(key), cols, params, z);
}

void host_fr_poly_eval(int threads, const uint64_t *p, int64_t len, const uint64_t *x, uint64_t *out) {
    CP_DISPATCH(poly_eval)(threads, p, len, x, out);
}

void host_fr_axpy(int threads, uint64_t *r, const uint64_t *p, int64_t len, const uint64_t *s) {
    CP_DISPATCH(axpy)(threads, r, p, len, s);
}

void host_fr_divide_linear(uint64_t *p, int64_t len, const uint64_t *z, uint64_t *rem) {
    CP_DISPATCH(divide_linear)(p, len, z, rem);
}

#undef CP_DISPATCH

}  // namespace coprover
