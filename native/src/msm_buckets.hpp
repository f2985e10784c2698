/* Batch-affine bucket accumulation over a bucket-sorted point schedule (host MSM, see host_msm.cpp).
 *
 * Input: one window's schedule entries sorted by bucket (entry = point index | sign << 31) and the
 * bucket offsets. Output: each bucket's sum as an affine point (all zero for none or infinity).
 *
 * Points of a bucket lie next to each other, so a bucket of m points is summed as a binary tree:
 * each level adds neighbours pairwise (P0+P1, P2+P3, ...) and halves the run. All the additions
 * of a level are independent, so they share one field inversion (Montgomery's trick), and an
 * affine addition then costs 6 multiplications (3 for the shared inversion, 1 for the slope, 1
 * squaring, 1 for y) against 10-14 for projective or XYZZ additions. Unlike an accumulator per
 * bucket, the tree never waits for a busy bucket (gnark-crypto's queue) and needs no fallback.
 * Points are gathered into a block of BLOCK slots (L2-sized); a block ends at any entry and the
 * unfinished last bucket's partial sum is carried into the next block as its first slot.
 *
 * Exceptional additions are found before the inversion: an input at infinity (a cancelled pair
 * from the previous level) passes the other input on; P + (-P) gives infinity; P + P is a
 * doubling, whose slope 3x^2 / 2y joins the same batch with denominator 2y (y != 0: G1 has odd
 * prime order). Montgomery's trick here runs backwards (suffix products), so the forward pass that
 * finishes the additions can write each result in place, at or before its inputs.
 *
 * Where the CPU has AVX-512 IFMA (ifma.hpp), a level with enough pairs sends its ordinary
 * additions (distinct x, neither input at infinity: all but a handful) to the eight-lane vector
 * path, and only the exceptional ones through the scalar code below. */
#ifndef COPROVER_MSM_BUCKETS_HPP
#define COPROVER_MSM_BUCKETS_HPP

#include <stdint.h>
#include <string.h>

#include <vector>

#include "coprover/curve.hpp"
#include "ifma.hpp"
#include "parallel.hpp"

#define CP_HOST_INLINE inline __attribute__((always_inline))

namespace coprover {

template <class M>
class BucketAccumulator {
public:
    typedef Fp<FqParams, M> F;
    typedef G1AffineT<F> Affine;

    /* vec: the IFMA path for levels with enough ordinary additions (where the CPU has it) */
    explicit BucketAccumulator(int64_t block, bool vec = default_vec()) : block_(block), vec_(vec),
        buf_(uninit<Affine>(block + 1)), bkt_(uninit<uint32_t>(block + 1)),
        pair_(uninit<uint32_t>(block / 2 + 1)), kind_(uninit<uint8_t>(block / 2 + 1)), den_(uninit<F>(block / 2 + 1)),
        suf_(uninit<F>(block / 2 + 1)) {
        if (vec_) {
            ord_ = uninit<uint32_t>(block / 2 + 8);
            exc_ = uninit<uint32_t>(block / 2 + 1);
            vscratch_ = uninit<uint64_t>(40 * (block / 16 + 1));
        }
    }

    static bool default_vec() {
#ifdef COPROVER_HAVE_IFMA
        return cpu_has_ifma();
#else
        return false;
#endif
    }

    /* Sums buckets [lo, hi) of a window into out[b - lo]: entries[off[b] .. off[b+1]) hold
     * bucket b's points, index i < n meaning pts[i] and n + i meaning phi(pts[i]) = (endo_x[i],
     * pts[i].y); bit 31 negates the point. */
    void run(const Affine *pts, const F *endo_x, int64_t n, const uint32_t *entries, const uint32_t *off,
             int64_t lo, int64_t hi, Affine *out) {
        for (int64_t b = lo; b < hi; b++) out[b - lo] = Affine{F::zero(), F::zero()};
        int64_t slots = 0;
        for (int64_t b = lo; b < hi; b++) {
            for (uint32_t e = off[b]; e < off[b + 1]; e++) {
                if (e + PREFETCH < off[hi]) prefetch(pts, endo_x, n, entries[e + PREFETCH]);
                load(pts, endo_x, n, entries[e], buf_[slots]);
                bkt_[slots++] = (uint32_t)(b - lo);
                if (slots == block_) {
                    slots = reduce(slots);
                    // every bucket in the block is complete but (perhaps) the last one
                    for (int64_t s = 0; s + 1 < slots; s++) out[bkt_[s]] = buf_[s];
                    buf_[0] = buf_[slots - 1];
                    bkt_[0] = bkt_[slots - 1];
                    slots = 1;
                }
            }
        }
        slots = reduce(slots);
        for (int64_t s = 0; s < slots; s++) out[bkt_[s]] = buf_[s];
    }

private:
    enum Kind : uint8_t { ADD, DOUBLE, FIRST, SECOND, INFINITY_ };

    static constexpr uint32_t PREFETCH = 8;  // entries ahead (16 and 32 measured the same)

    static void prefetch(const Affine *pts, const F *endo_x, int64_t n, uint32_t e) {
        uint32_t i = e & 0x7fffffffu;
        if (i < n) {
            __builtin_prefetch(&pts[i]);
            __builtin_prefetch(&pts[i].y.l[3]);  // the point's last word: a second line where the points are not 64-byte aligned
        } else {
            __builtin_prefetch(&endo_x[i - n]);
            __builtin_prefetch(&endo_x[i - n].l[3]);
            __builtin_prefetch(&pts[i - n].y);
            __builtin_prefetch(&pts[i - n].y.l[3]);
        }
    }

    static void load(const Affine *pts, const F *endo_x, int64_t n, uint32_t e, Affine &dst) {
        uint32_t i = e & 0x7fffffffu;
        if (i < n) dst = pts[i];
        else dst = Affine{endo_x[i - n], pts[i - n].y};
        if (e >> 31) dst.y = dst.y.neg();
    }

    // in-place arithmetic on limbs: results go straight to their destination (values returned by
    // copy went through the stack with mismatched store/load widths, measurably slower)
    CP_HOST_INLINE static void mul(uint64_t *r, const uint64_t *a, const uint64_t *b) { M::template mul<FqParams>(r, a, b); }
    CP_HOST_INLINE static void sqr(uint64_t *r, const uint64_t *a) { M::template sqr<FqParams>(r, a); }
    CP_HOST_INLINE static void add(uint64_t *r, const uint64_t *a, const uint64_t *b) { M::template add<FqParams>(r, a, b); }
    CP_HOST_INLINE static void sub(uint64_t *r, const uint64_t *a, const uint64_t *b) { M::template sub<FqParams>(r, a, b); }

    /* Adds neighbours within each run of equal bkt_ until every run has one slot; returns the
     * number of slots left (one per bucket). */
    int64_t reduce(int64_t slots) {
        for (;;) {
            int64_t np = 0;
            for (int64_t s = 0; s + 1 < slots;) {
                if (bkt_[s] == bkt_[s + 1]) { pair_[np++] = (uint32_t)s; s += 2; }
                else s += 1;
            }
            if (np == 0) return slots;
#ifdef COPROVER_HAVE_IFMA
            if (vec_ && np >= VEC_MIN_PAIRS) level_vec(np);
            else
#endif
                level_scalar(pair_.get(), np);
            // compact: the sum of each pair stays in its first slot, the second slot goes
            int64_t out = 0, next = 0;
            for (int64_t j = 0; j < np; j++) {
                int64_t s = pair_[j];
                for (; next <= s; next++, out++) {
                    if (out != next) { buf_[out] = buf_[next]; bkt_[out] = bkt_[next]; }
                }
                next = s + 2;
            }
            for (; next < slots; next++, out++) { buf_[out] = buf_[next]; bkt_[out] = bkt_[next]; }
            slots = out;
        }
    }

#ifdef COPROVER_HAVE_IFMA
    static constexpr int64_t VEC_MIN_PAIRS = 16;

    /* one level's additions: the ordinary ones eight at a time, the rest by level_scalar */
    void level_vec(int64_t np) {
        int64_t m = 0, e = 0;
        for (int64_t j = 0; j < np; j++) {
            const uint32_t s = pair_[j];
            const Affine &p = buf_[s], &q = buf_[s + 1];
            if (p.is_inf() || q.is_inf() || p.x == q.x) exc_[e++] = s;
            else ord_[m++] = s;
        }
        if (m) ifma::add_pairs(buf_.get(), ord_.get(), m, vscratch_.get());
        if (e) level_scalar(exc_.get(), e);
    }
#endif

    /* buf_[s] = buf_[s] + buf_[s + 1] for the np slots s in pairs (any kind of addition) */
    void level_scalar(const uint32_t *pairs, int64_t np) {
        // backwards: denominators, exceptional cases, suffix products. Two interleaved chains
        // (even and odd j) halve the latency-bound part: a product waits for the previous one.
        F acc[2] = {F::one(), F::one()};
        for (int64_t j = np - 1; j >= 0; j--) {
            const Affine &p = buf_[pairs[j]], &q = buf_[pairs[j] + 1];
            uint64_t *d = den_[j].l;
            sub(d, q.x.l, p.x.l);
            Kind k = ADD;
            if (p.is_inf()) k = SECOND;
            else if (q.is_inf()) k = FIRST;
            else if (den_[j].is_zero()) {
                if (p.y == q.y) { k = DOUBLE; add(d, p.y.l, p.y.l); }
                else k = INFINITY_;
            }
            if (k != ADD && k != DOUBLE) den_[j] = F::one();
            kind_[j] = k;
            suf_[j] = acc[j & 1];
            mul(acc[j & 1].l, acc[j & 1].l, d);
        }
        // one inversion for both chains: 1/a = b/(ab), 1/b = a/(ab)
        F inv[2];
        {
            F both = (acc[0] * acc[1]).inverse();
            inv[0] = both * acc[1];
            inv[1] = both * acc[0];
        }
        // forwards: each 1/den_j from the chains (into suf_), then the additions, which are
        // independent: two at a time, so the out-of-order window holds two dependency chains
        // (slope, square, y) instead of one
        for (int64_t j = 0; j < np; j++) {
            mul(suf_[j].l, inv[j & 1].l, suf_[j].l);
            mul(inv[j & 1].l, inv[j & 1].l, den_[j].l);
        }
        int64_t j = 0;
        for (; j + 1 < np; j += 2) {
            if (kind_[j] == ADD && kind_[j + 1] == ADD) add2(&buf_[pairs[j]], &buf_[pairs[j + 1]], suf_[j].l, suf_[j + 1].l);
            else { finish(j, pairs[j]); finish(j + 1, pairs[j + 1]); }
        }
        if (j < np) finish(j, pairs[j]);
    }

    /* p = p + q for the pairs at p1 and p2 (ordinary additions: distinct x, neither at infinity),
     * the slopes' denominators inverted in d1, d2; the two computations interleaved */
    static void add2(Affine *p1, Affine *p2, const uint64_t *d1, const uint64_t *d2) {
        const Affine &q1 = p1[1], &q2 = p2[1];
        uint64_t l1[4], l2[4], t1[4], t2[4], x1[4], x2[4];
        sub(t1, q1.y.l, p1->y.l);
        sub(t2, q2.y.l, p2->y.l);
        mul(l1, t1, d1);
        mul(l2, t2, d2);
        sqr(x1, l1);
        sqr(x2, l2);
        sub(x1, x1, p1->x.l);
        sub(x2, x2, p2->x.l);
        sub(x1, x1, q1.x.l);
        sub(x2, x2, q2.x.l);
        sub(t1, p1->x.l, x1);
        sub(t2, p2->x.l, x2);
        mul(t1, l1, t1);
        mul(t2, l2, t2);
        sub(p1->y.l, t1, p1->y.l);
        sub(p2->y.l, t2, p2->y.l);
        p1->x = F{{x1[0], x1[1], x1[2], x1[3]}};
        p2->x = F{{x2[0], x2[1], x2[2], x2[3]}};
    }

    /* buf_[s] = buf_[s] + buf_[s + 1] for pair j of any kind, 1 / den_j in suf_[j] */
    void finish(int64_t j, uint32_t s) {
        Affine &p = buf_[s];
        const Affine &q = (&p)[1];
        const uint64_t *di = suf_[j].l;
        uint64_t l[4], t[4], x3[4];
        switch (kind_[j]) {
        case ADD:
            sub(t, q.y.l, p.y.l);
            mul(l, t, di);            // slope (y_q - y_p) / (x_q - x_p)
            sqr(x3, l);
            sub(x3, x3, p.x.l);
            sub(x3, x3, q.x.l);       // x3 = l^2 - x_p - x_q
            break;
        case DOUBLE:
            sqr(t, p.x.l);
            add(l, t, t);
            add(l, l, t);
            mul(l, l, di);            // slope 3 x^2 / 2y
            sqr(x3, l);
            sub(x3, x3, p.x.l);
            sub(x3, x3, p.x.l);       // x3 = l^2 - 2x
            break;
        case FIRST: return;
        case SECOND: p = q; return;
        default: p = Affine{F::zero(), F::zero()}; return;
        }
        sub(t, p.x.l, x3);
        mul(t, l, t);
        sub(p.y.l, t, p.y.l);         // y3 = l (x_p - x3) - y_p
        p.x = F{{x3[0], x3[1], x3[2], x3[3]}};
    }

    int64_t block_;
    bool vec_;
    std::unique_ptr<Affine[]> buf_;
    std::unique_ptr<uint32_t[]> bkt_, pair_, ord_, exc_;
    std::unique_ptr<uint64_t[]> vscratch_;
    std::unique_ptr<uint8_t[]> kind_;
    std::unique_ptr<F[]> den_, suf_;
};

}  // namespace coprover

#endif
