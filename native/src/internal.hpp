/* Declarations shared by the C API (api.cpp), the host implementation and the CUDA code. */
#ifndef COPROVER_INTERNAL_HPP
#define COPROVER_INTERNAL_HPP

#include <stdint.h>
#include "coprover_api.h"

namespace coprover {

/* Records a message for coprover_last_error (printf format) and returns code. */
int32_t set_error(int32_t code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Effective host thread count for a config value (0 = all cores). */
int host_threads(int32_t requested);

/* Host (CPU) implementation. data/scalars/points are the raw int64 arrays of the API. */
int32_t host_ntt(int threads, uint64_t *data, int log_n, int batch, int op, const uint64_t *shift);
/* endo_x: the x coordinates of phi(P_i) = (BETA x_i, y_i) for the GLV split, from host_endo_x. */
int32_t host_msm(int threads, int window_bits, const uint64_t *points, const uint64_t *endo_x,
                 const uint64_t *scalars, int64_t count, uint64_t *result);
/* Fixed-base host MSM: table[w * n + j] = 2^(c w) P_j (affine) for w < host_msm_fixed_windows(c),
 * table_endo its BETA * x; the MSM reads points [start, start + count) of n. */
int host_msm_fixed_windows(int c);
int host_msm_fixed_window(int64_t n);
void host_msm_fixed_table(int threads, int c, const uint64_t *points, int64_t n, uint64_t *table, uint64_t *table_endo);
int32_t host_msm_fixed(int threads, int c, const uint64_t *table, const uint64_t *table_endo, int64_t n,
                       int64_t start, const uint64_t *scalars, int64_t count, uint64_t *result);
/* Window size of the host MSM for n points on t threads. */
int host_msm_window(int64_t n, int threads);
/* endo_x[i] = BETA * x_i (Montgomery Fq, 4 limbs) for count affine points. */
void host_endo_x(const uint64_t *points, int64_t count, uint64_t *endo_x);

/* Montgomery Fr/Fq limbs of the MSM window sums reduced on the host: sum_w 2^(c*w) * S_w,
 * window sums as XYZZ (16 limbs each); result affine (8 limbs). */
void host_combine_windows(const uint64_t *xyzz, int windows, int c, uint64_t *result);

/* PLONK round 3 on the host (host_plonk.cpp): a key holds the 8 fixed polynomials on H_{4n} and
 * L_1; the quotient takes the wire coefficients, public inputs and alpha, beta, gamma, k1, k2. */
/* fixed: Qm..S3 on H_4n (4n each, any alignment); copied, or with borrow kept by pointer (the caller
 * keeps them alive and unchanged until host_plonk_key_free); l1: L_1 on H_4n to borrow as well, or
 * NULL to compute it */
int32_t host_plonk_key(int threads, int log_n, const uint64_t *const fixed[8], const uint64_t *l1, bool borrow, void **key);
void host_plonk_key_free(void *key);
int64_t host_plonk_key_log_n(const void *key);
int32_t host_plonk_quotient(int threads, const void *key, const uint64_t *wires, const uint64_t *on_h,
                            const uint64_t *pub, int64_t npub, const uint64_t *params, uint64_t *t);
/* PLONK round 2 (z on H) with a round-3 key's S1..S3; params: beta, gamma, k1, k2. */
int32_t host_plonk_grand_product(int threads, const void *key, const uint64_t *cols, const uint64_t *params, uint64_t *z);
/* Fr coefficient-form helpers (the prover's rounds 4 and 5). */
void host_fr_poly_eval(int threads, const uint64_t *p, int64_t len, const uint64_t *x, uint64_t *out);
void host_fr_axpy(int threads, uint64_t *r, const uint64_t *p, int64_t len, const uint64_t *s);
void host_fr_divide_linear(uint64_t *p, int64_t len, const uint64_t *z, uint64_t *rem);

#ifdef COPROVER_WITH_CUDA
int32_t cuda_device_count(int32_t *count);
int32_t cuda_ntt(const coprover_config *cfg, uint64_t *data, int log_n, int batch, int op,
                 const uint64_t *shift);
int32_t cuda_bases_load(int device, const uint64_t *points, int64_t count, void **out);
int32_t cuda_bases_free(void *bases);
int32_t cuda_msm(const coprover_config *cfg, void *bases, int64_t start, const uint64_t *scalars,
                 int64_t count, uint64_t *result);
/* Most points of one MSM chunk with nw windows: its len * nw sorted positions fit uint32_t and a
 * point index fits 31 bits. */
int64_t cuda_msm_max_chunk(int nw);
/* Points per chunk for count points with window c within budget bytes, and the sort's scratch. */
int32_t cuda_msm_plan(int64_t count, int c, size_t budget, int64_t *chunk, size_t *temp_bytes);
#endif

}  // namespace coprover

#endif
