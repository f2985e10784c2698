/* BN254 G1 (y^2 = x^3 + 3 over Fq) for host and device: affine points and XYZZ accumulators.
 *
 * XYZZ coordinates (X, Y, ZZ, ZZZ) represent x = X/ZZ, y = Y/ZZZ with ZZ^3 = ZZZ^2; ZZ = 0 is the
 * point at infinity. Formulas from the Explicit-Formulas Database, "xyzz" for short Weierstrass
 * curves (Bernstein-Lange, after Cohen-Miyaji-Ono): add-2008-s, madd-2008-s, dbl-2008-s and
 * mdbl-2008-s, with a = 0. The add formulas fail for equal inputs (P = 0), so each one checks and
 * falls back to doubling (P = Q) or infinity (P = -Q): MSM buckets do meet equal points. */
#ifndef COPROVER_CURVE_HPP
#define COPROVER_CURVE_HPP

#include "field.hpp"

/* Counts a point addition for the running GPU thread in the CPU emulation of the kernels (cuda/emu),
 * whose checks bound the work of one thread; nothing elsewhere. */
#ifndef CP_WORK_TICK
#define CP_WORK_TICK()
#endif

namespace coprover {
inline namespace CP_MATH_NS {

/* Affine point, the ProvingBackend layout: x then y, Montgomery Fq; all zero is infinity. F is Fq
 * or an Fq with another multiplication policy (same layout; see field.hpp). */
template <class F>
struct G1AffineT {
    F x, y;
    CP_HD bool is_inf() const { return x.is_zero() && y.is_zero(); }
    CP_HD G1AffineT neg() const { return is_inf() ? *this : G1AffineT{x, y.neg()}; }
    CP_HD bool on_curve() const {
        if (is_inf()) return true;
        const F b = {{FqParams::B3_0, FqParams::B3_1, FqParams::B3_2, FqParams::B3_3}};
        return y.sqr() == x.sqr() * x + b;
    }
};

template <class F>
struct G1XyzzT {
    typedef G1AffineT<F> G1Affine;
    typedef G1XyzzT G1Xyzz;
    typedef F Fq;
    F X, Y, ZZ, ZZZ;

    static CP_HD G1Xyzz inf() { return G1Xyzz{Fq::zero(), Fq::zero(), Fq::zero(), Fq::zero()}; }
    static CP_HD G1Xyzz from_affine(const G1Affine &a) {
        if (a.is_inf()) return inf();
        return G1Xyzz{a.x, a.y, Fq::one(), Fq::one()};
    }
    CP_HD bool is_inf() const { return ZZ.is_zero(); }
    CP_HD G1Xyzz neg() const { return G1Xyzz{X, Y.neg(), ZZ, ZZZ}; }

    /* dbl-2008-s */
    CP_HD G1Xyzz dbl() const {
        if (is_inf() || Y.is_zero()) return inf();
        Fq U = Y.dbl(), V = U.sqr(), W = U * V, S = X * V;
        Fq X2 = X.sqr();
        Fq M = X2.dbl() + X2;
        G1Xyzz r;
        r.X = M.sqr() - S.dbl();
        r.Y = M * (S - r.X) - W * Y;
        r.ZZ = V * ZZ;
        r.ZZZ = W * ZZZ;
        return r;
    }

    /* mdbl-2008-s: 2*a for an affine a */
    static CP_HD G1Xyzz dbl_affine(const G1Affine &a) {
        if (a.is_inf() || a.y.is_zero()) return inf();
        Fq U = a.y.dbl(), V = U.sqr(), W = U * V, S = a.x * V;
        Fq X2 = a.x.sqr();
        Fq M = X2.dbl() + X2;
        G1Xyzz r;
        r.X = M.sqr() - S.dbl();
        r.Y = M * (S - r.X) - W * a.y;
        r.ZZ = V;
        r.ZZZ = W;
        return r;
    }

    /* this + a, a affine (madd-2008-s) */
    CP_HD G1Xyzz add_affine(const G1Affine &a) const {
        CP_WORK_TICK();
        if (a.is_inf()) return *this;
        if (is_inf()) return from_affine(a);
        Fq U2 = a.x * ZZ, S2 = a.y * ZZZ;
        Fq P = U2 - X, R = S2 - Y;
        if (P.is_zero()) return R.is_zero() ? dbl_affine(a) : inf();
        Fq PP = P.sqr(), PPP = P * PP, Q = X * PP;
        G1Xyzz r;
        r.X = R.sqr() - PPP - Q.dbl();
        r.Y = R * (Q - r.X) - Y * PPP;
        r.ZZ = ZZ * PP;
        r.ZZZ = ZZZ * PPP;
        return r;
    }

    /* this + o (add-2008-s) */
    CP_HD G1Xyzz add(const G1Xyzz &o) const {
        CP_WORK_TICK();
        if (o.is_inf()) return *this;
        if (is_inf()) return o;
        Fq U1 = X * o.ZZ, U2 = o.X * ZZ, S1 = Y * o.ZZZ, S2 = o.Y * ZZZ;
        Fq P = U2 - U1, R = S2 - S1;
        if (P.is_zero()) return R.is_zero() ? dbl() : inf();
        Fq PP = P.sqr(), PPP = P * PP, Q = U1 * PP;
        G1Xyzz r;
        r.X = R.sqr() - PPP - Q.dbl();
        r.Y = R * (Q - r.X) - S1 * PPP;
        r.ZZ = ZZ * o.ZZ * PP;
        r.ZZZ = ZZZ * o.ZZZ * PPP;
        return r;
    }

    /* k * this for a small non-negative k (double-and-add from the top bit) */
    CP_HD G1Xyzz mul_small(uint64_t k) const {
        G1Xyzz r = inf();
        for (int i = 63; i >= 0; i--) {
            r = r.dbl();
            if ((k >> i) & 1) r = r.add(*this);
        }
        return r;
    }

    /* x = X/ZZ, y = Y/ZZZ with one inversion: i = (ZZ*ZZZ)^-1, 1/ZZ = i*ZZZ, 1/ZZZ = i*ZZ */
    CP_HD G1Affine to_affine() const {
        if (is_inf()) return G1Affine{Fq::zero(), Fq::zero()};
        Fq i = (ZZ * ZZZ).inverse();
        return G1Affine{X * (i * ZZZ), Y * (i * ZZ)};
    }
};

typedef G1AffineT<Fq> G1Affine;
typedef G1XyzzT<Fq> G1Xyzz;

}  // inline namespace
}  // namespace coprover

#endif
