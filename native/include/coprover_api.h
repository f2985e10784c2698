/* coprover native API: the one header Java binds (through JavaCPP) -- plain C over flat arrays.
 *
 * Data layout (identical to io.coprover.backend.ProvingBackend, so Java arrays pass unchanged):
 *   Fr element   4 x int64 limbs, least significant first, Montgomery form (a * 2^256 mod r)
 *   G1 affine    8 x int64: x then y, Montgomery Fq; all zero = point at infinity
 * NTT: size 2^log_n, natural order in and out, omega = 5^((r-1)/2^log_n) (ffjavascript/snarkjs).
 *
 * Errors: every function returns COPROVER_OK (0) or an error code; coprover_last_error() then
 * holds a message for the calling thread. Functions are thread-safe.
 */
#ifndef COPROVER_API_H
#define COPROVER_API_H

#include <stdint.h>

#if defined(__GNUC__)
#define COPROVER_EXPORT __attribute__((visibility("default")))
#else
#define COPROVER_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

enum {
    COPROVER_OK = 0,
    COPROVER_ERR_ARGUMENT = 1,     /* bad argument (size, null pointer, unknown handle, ...) */
    COPROVER_ERR_MEMORY = 2,       /* host or device allocation failed, or the work cannot fit */
    COPROVER_ERR_NO_DEVICE = 3,    /* no such CUDA device, or no driver */
    COPROVER_ERR_CUDA = 4,         /* a CUDA call failed (message names the call) */
    COPROVER_ERR_UNSUPPORTED = 5,  /* built without CUDA, or an unknown operation */
    COPROVER_ERR_INTERNAL = 6
};

/* NTT operations */
enum {
    COPROVER_NTT_FORWARD = 0,       /* coefficients -> evaluations at omega^i */
    COPROVER_NTT_INVERSE = 1,       /* evaluations -> coefficients, including 1/n */
    COPROVER_NTT_COSET_FORWARD = 2, /* coefficients of p -> p(g * omega^i) */
    COPROVER_NTT_COSET_INVERSE = 3  /* p(g * omega^i) -> coefficients of p */
};

/* Settings of one call. Zero-initialised means: host, all cores, automatic choices. */
typedef struct coprover_config {
    int32_t device;          /* -1: host (CPU) implementation; >= 0: CUDA device ordinal */
    int32_t threads;         /* host threads; 0 = every core (std::thread::hardware_concurrency) */
    int32_t window_bits;     /* MSM Pippenger window c (2..20); 0 = chosen from the size */
    int32_t reserved;        /* must be 0 */
    int64_t device_mem_limit;/* CUDA: bytes a call may allocate; 0 = 90% of the free memory */
} coprover_config;

/* Library ABI version (bumped on any change of this header). */
COPROVER_EXPORT int32_t coprover_version(void);
/* 1 when the library was built with the CUDA kernels, else 0. */
COPROVER_EXPORT int32_t coprover_has_cuda(void);
/* Number of usable CUDA devices (0 without driver or GPU; an error code only for a broken runtime). */
COPROVER_EXPORT int32_t coprover_device_count(int32_t *count);
/* Message of the last failing call on this thread ("" if none). Valid until the next call. */
COPROVER_EXPORT const char *coprover_last_error(void);

/* In place: batch polynomials of 2^log_n Fr elements back to back. shift: coset generator g
 * (4 limbs, Montgomery, non-zero) for the coset operations, ignored (may be NULL) otherwise. */
COPROVER_EXPORT int32_t coprover_ntt(const coprover_config *cfg, int64_t *data, int32_t log_n, int32_t batch,
                     int32_t op, const int64_t *shift);

/* Copies count affine points (8*count int64) into the library (host memory, or device memory for
 * cfg->device >= 0, where they stay resident). *handle receives an id for coprover_msm. */
COPROVER_EXPORT int32_t coprover_bases_load(const coprover_config *cfg, const int64_t *points, int64_t count,
                            int64_t *handle);
/* Builds a fixed-base table for host bases: shifted copies 2^(c w) P_i of every point for each of
 * the ceil(128 / c) GLV windows, so an MSM on these bases with window_bits 0 makes one bucket pass
 * for all windows. Costs ceil(128 / c) times the bases' memory (and their BETA x). window_bits 0
 * picks c by the number of bases (16 for 2^16). */
COPROVER_EXPORT int32_t coprover_bases_fixed_build(const coprover_config *cfg, int64_t handle, int32_t window_bits);
/* The same table through a cache file at path: loaded when its header names these exact bases
 * (checksum of the points), this window and format version and its body checksum holds; else built
 * and written (to a temporary file, then renamed), replacing a stale or damaged file. Where no
 * file can be created next to path nothing is built (one build costs more than a proof saves) and
 * the bases stay as they were. *outcome says which (COPROVER_FIXED_*). */
COPROVER_EXPORT int32_t coprover_bases_fixed_cache(const coprover_config *cfg, int64_t handle, int32_t window_bits,
                                                   const char *path, int32_t *outcome);
#define COPROVER_FIXED_NONE 0            /* no table: the cache cannot be written, or too many bases */
#define COPROVER_FIXED_LOADED 1          /* read from the cache */
#define COPROVER_FIXED_BUILT 2           /* built, no cache file before; saved */
#define COPROVER_FIXED_REBUILT_STALE 3   /* the file was for other bases, window or version; rebuilt, saved */
#define COPROVER_FIXED_REBUILT_CORRUPT 4 /* the file was truncated or damaged; rebuilt, saved */
#define COPROVER_FIXED_UNSAVED 5         /* built and used, but writing the file failed */
/* Releases the bases (device memory too). */
COPROVER_EXPORT int32_t coprover_bases_free(int64_t handle);
/* result (8 int64, affine, zero = infinity) = sum_{i<count} scalars[i] * bases[start + i].
 * Runs where the bases were loaded; cfg supplies threads/window (its device field is ignored). */
COPROVER_EXPORT int32_t coprover_msm(const coprover_config *cfg, int64_t handle, int64_t start,
                     const int64_t *scalars, int64_t count, int64_t *result);

/* PLONK prover, round 3 (the quotient t = N / Z_H, snarkjs's split method), on the host CPU whatever
 * cfg->device says; the same result as java/.../plonk/SplitQuotient.java. n = 2^log_n, 1 <= log_n <= 26.
 * plonk_key_load copies the fixed polynomials Qm, Ql, Qr, Qo, Qc, S1, S2, S3 evaluated on H_{4n}
 * (4n Fr elements each) into the library (they need no alignment: they may lie in a mapped file);
 * *handle names them for coprover_plonk_quotient. */
COPROVER_EXPORT int32_t coprover_plonk_key_load(const coprover_config *cfg, int32_t log_n, const int64_t *qm,
                                                const int64_t *ql, const int64_t *qr, const int64_t *qo,
                                                const int64_t *qc, const int64_t *s1, const int64_t *s2,
                                                const int64_t *s3, int64_t *handle);
/* As plonk_key_load, but the library keeps pointers to the polynomials instead of copying them (a
 * mapped zkey's evaluations are used where they lie: no copy, no new memory); the caller keeps them
 * alive and unchanged until plonk_key_free. l1: L_1 on H_{4n} (4n elements: a zkey's section 13
 * holds it), borrowed too and range-checked like the others, or NULL to have it computed. */
COPROVER_EXPORT int32_t coprover_plonk_key_borrow(const coprover_config *cfg, int32_t log_n, const int64_t *qm,
                                                  const int64_t *ql, const int64_t *qr, const int64_t *qo,
                                                  const int64_t *qc, const int64_t *s1, const int64_t *s2,
                                                  const int64_t *s3, const int64_t *l1, int64_t *handle);
COPROVER_EXPORT int32_t coprover_plonk_key_free(int64_t handle);
/* wires: the blinded a, b, c (n + 2 coefficients each) then z (n + 3); on_h: NULL, or the values of
 * a, b, c and z on H (n each, back to back: the witness columns and round 2's z), which saves a
 * quarter of the transforms; they must be the wires' values there; pub: the npub public inputs;
 * params: alpha, beta, gamma, k1, k2; t (out): the 3n + 6 coefficients of t. Fails with
 * COPROVER_ERR_ARGUMENT when the wires do not satisfy the gates (N not divisible by Z_H). */
COPROVER_EXPORT int32_t coprover_plonk_quotient(const coprover_config *cfg, int64_t handle, const int64_t *wires,
                                                const int64_t *on_h, const int64_t *pub, int32_t npub,
                                                const int64_t *params, int64_t *t);

/* PLONK prover, round 2: the permutation polynomial z on H (z_0 = 1, z_{i+1} = z_i f_i / g_i), with the
 * S1..S3 of a round-3 key. cols: a, b, c on H (n values each, back to back); params: beta, gamma, k1,
 * k2; z (out): n values. COPROVER_ERR_ARGUMENT when a denominator vanishes (message names the row) or
 * the product over H is not 1 (the copy constraints do not hold). */
COPROVER_EXPORT int32_t coprover_plonk_grand_product(const coprover_config *cfg, int64_t handle, const int64_t *cols,
                                                     const int64_t *params, int64_t *z);
/* Fr polynomials in coefficient form (len coefficients, Montgomery), on the host CPU:
 * poly_eval: *out = p(x); axpy: r[i] += s * p[i]; divide_linear: p / (X - z) in place (p[0..len-2]
 * the quotient, p[len-1] = 0) and *rem = p(z). */
COPROVER_EXPORT int32_t coprover_fr_poly_eval(const coprover_config *cfg, const int64_t *p, int64_t len,
                                              const int64_t *x, int64_t *out);
COPROVER_EXPORT int32_t coprover_fr_axpy(const coprover_config *cfg, int64_t *r, const int64_t *p, int64_t len,
                                         const int64_t *s);
COPROVER_EXPORT int32_t coprover_fr_divide_linear(int64_t *p, int64_t len, const int64_t *z, int64_t *rem);
/* Test entry point for the field code. field: 0 = Fr, 1 = Fq. op: 0 add, 1 sub, 2 mul, 3 inverse
 * (b unused), 4 to Montgomery, 5 from Montgomery. variant: 0 = the host arithmetic, 1 = the
 * portable 64-bit arithmetic the CUDA kernels use, run on the CPU. */
COPROVER_EXPORT int32_t coprover_field_op(int32_t field, int32_t op, int32_t variant, const int64_t *a,
                          const int64_t *b, int64_t *r);
/* The constants compiled in, for comparison with the Java side: which = 0 Fr modulus, 1 Fr
 * Montgomery one, 2 Fr R^2, 3 Fq modulus, 4 Fq one, 5 Fq R^2, 6 omega_{2^28} (Montgomery Fr),
 * 7 curve b = 3 (Montgomery Fq); the GLV constants (native/gen_constants.py): 8 beta (Montgomery Fq),
 * 9 lambda, 10 a1, 11 |b1|, 12 a2, 13 b2, 14 g1, 15 g2 (plain integers). out: 4 limbs. */
COPROVER_EXPORT int32_t coprover_constant(int32_t which, int64_t *out);

#ifdef __cplusplus
}
#endif

#endif
