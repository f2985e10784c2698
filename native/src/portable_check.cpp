/* The field arithmetic exactly as the CUDA kernels compile it (64-bit limbs, high products from
 * a 32x32 split standing in for __umul64hi, carries by comparison), built for the CPU so the
 * tests can compare it with the host variant and with Java. See coprover/field.hpp. */
#define CP_PORTABLE_MATH 1
#include <string.h>

#include "coprover/field.hpp"
#include "internal.hpp"

namespace coprover {

int32_t field_op_portable(int32_t field, int32_t op, const uint64_t *a, const uint64_t *b, uint64_t *r) {
    auto run = [&](auto zero) {
        using F = decltype(zero);
        F u, v, w;
        memcpy(u.l, a, 32);
        if (b) memcpy(v.l, b, 32); else v = F::zero();
        switch (op) {
        case 0: w = u + v; break;
        case 1: w = u - v; break;
        case 2: w = u * v; break;
        case 3: w = u.inverse(); break;
        case 4: w = u.to_mont(); break;
        default: w = u.from_mont(); break;
        }
        memcpy(r, w.l, 32);
    };
    if (field == 0) run(portable64::Fr::zero()); else run(portable64::Fq::zero());
    return COPROVER_OK;
}

}  // namespace coprover
