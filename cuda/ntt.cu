/* GPU NTT over BN254 Fr, same conventions as the host code (native/src/host_ntt.cpp): natural order
 * in and out, omega_n = omega_{2^28}^(2^(28 - log n)), decimation in time.
 *
 * Per polynomial (all kernels take the batch index from blockIdx.y):
 *  1. permute: B[rev(i)] = A[i] * (coset ? g^i : 1)         (bit reversal fused with the coset scale)
 *  2. passes of radix-2^k: each block loads a tile of 2^k x cols elements into shared memory, runs k
 *     consecutive butterfly stages there, and writes the tile back. Stage s (half-size m = 2^s)
 *     pairs i and i + m with twiddle omega_{2m}^(i mod m) = tw[(i mod m) << (log n - s - 1)].
 *     The first pass covers stages 0..9 in contiguous tiles of 1024 elements; later passes cover up
 *     to 5 stages on tiles of 32 columns x 32 rows (coalesced 1 KiB rows).
 *  3. inverse only: A[i] = B[(n - i) mod n] * n^-1 * (coset ? g^-i : 1)
 * A batch streams through two CUDA streams: while one polynomial computes, the other's host copy
 * (pageable -> pinned) and transfers run; without pinned memory the batch goes one polynomial at a
 * time through synchronous copies from the caller's array. Twiddle tables (omega^i, i < n/2) are
 * built on the device once per size and kept for the TWIDDLE_SIZES_KEPT most recently used sizes. */
#include <vector>

#include "coprover/field.hpp"
#include "cuda_common.cuh"

namespace coprover {

namespace {

constexpr int TILE_LOG = 10;            // shared-memory tile: 1024 elements = 32 KiB
constexpr int LATER_K = 5;              // stages per later pass
constexpr int THREADS = 1 << (TILE_LOG - 1);

/* powers x^(2^k), k < 29, to evaluate x^i with at most 28 multiplications per thread */
struct PowTable {
    uint64_t v[29][4];
};
/* an Fr element as a kernel argument: kernel signatures must not name Fr, whose namespace differs
 * between nvcc's host and device passes (see coprover/field.hpp) */
struct Limbs4 {
    uint64_t v[4];
};

PowTable pow_table(Fr x) {
    PowTable t;
    for (int k = 0; k < 29; k++) {
        for (int j = 0; j < 4; j++) t.v[k][j] = x.l[j];
        x = x.sqr();
    }
    return t;
}

__device__ __forceinline__ Fr load_fr(const uint64_t *p) {
    Fr r;
    r.l[0] = p[0]; r.l[1] = p[1]; r.l[2] = p[2]; r.l[3] = p[3];
    return r;
}

__device__ __forceinline__ Fr pow_from(const PowTable &t, uint32_t e) {
    Fr r = Fr::one();
    for (int k = 0; e; k++, e >>= 1)
        if (e & 1) r = r * load_fr(t.v[k]);
    return r;
}

__global__ void twiddle_kernel(uint64_t *tw, int64_t half, PowTable w) {
    int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= half) return;
    Fr x = pow_from(w, (uint32_t)i);
    reinterpret_cast<Fr *>(tw)[i] = x;
}

/* out[rev(i)] = in[i] * (scale ? g^i : 1) */
__global__ void permute_kernel(const uint64_t *in, uint64_t *out, int log_n, bool scale, PowTable g) {
    int64_t n = (int64_t)1 << log_n;
    int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    Fr x = reinterpret_cast<const Fr *>(in)[i];
    if (scale) x = x * pow_from(g, (uint32_t)i);
    uint32_t r = log_n == 0 ? 0 : __brev((uint32_t)i) >> (32 - log_n);
    reinterpret_cast<Fr *>(out)[r] = x;
}

/* out[i] = in[(n - i) mod n] * factor * (scale ? ginv^i : 1) */
__global__ void finish_inverse_kernel(const uint64_t *in, uint64_t *out, int log_n, Limbs4 factor_l, bool scale,
                                      PowTable ginv) {
    int64_t n = (int64_t)1 << log_n;
    int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    Fr x = reinterpret_cast<const Fr *>(in)[(n - i) & (n - 1)] * load_fr(factor_l.v);
    if (scale) x = x * pow_from(ginv, (uint32_t)i);
    reinterpret_cast<Fr *>(out)[i] = x;
}

/* Stages s0 .. s0+k-1 on tiles of (2^k rows) x (cols columns): element (row j, column c) of tile
 * (hi, lo0) is index hi + (j << s0) + lo0 + c, with hi a multiple of 2^(s0+k), lo0 + c < 2^s0. */
__global__ void stages_kernel(uint64_t *data, const uint64_t *tw, int log_n, int s0, int k, int log_cols) {
    extern __shared__ Fr tile[];
    const int cols = 1 << log_cols, rows = 1 << k, size = rows * cols;
    const int64_t groups_lo = ((int64_t)1 << s0) >> log_cols;  // column groups per hi block
    const int64_t hi = ((int64_t)blockIdx.x / groups_lo) << (s0 + k);
    const int64_t lo0 = ((int64_t)blockIdx.x % groups_lo) << log_cols;
    Fr *a = reinterpret_cast<Fr *>(data) + ((int64_t)blockIdx.y << log_n);
    const Fr *w = reinterpret_cast<const Fr *>(tw);
    for (int t = threadIdx.x; t < size; t += blockDim.x) {
        int j = t >> log_cols, c = t & (cols - 1);
        tile[t] = a[hi + ((int64_t)j << s0) + lo0 + c];
    }
    __syncthreads();
    for (int sp = 0; sp < k; sp++) {
        const int h = 1 << sp, s = s0 + sp;
        for (int b = threadIdx.x; b < size / 2; b += blockDim.x) {
            int c = b & (cols - 1), bb = b >> log_cols;
            int jj = bb & (h - 1), j1 = ((bb >> sp) << (sp + 1)) + jj;
            int u = (j1 << log_cols) + c, v = u + (h << log_cols);
            int64_t e = ((int64_t)jj << s0) + lo0 + c;  // offset inside the 2m block, < m
            Fr x = tile[u], y = tile[v];
            if (e != 0) y = y * w[e << (log_n - s - 1)];
            tile[u] = x + y;
            tile[v] = x - y;
        }
        __syncthreads();
    }
    for (int t = threadIdx.x; t < size; t += blockDim.x) {
        int j = t >> log_cols, c = t & (cols - 1);
        a[hi + ((int64_t)j << s0) + lo0 + c] = tile[t];
    }
}

Fr omega_of(int log_n) {
    Fr w = {{FrParams::OMEGA28_0, FrParams::OMEGA28_1, FrParams::OMEGA28_2, FrParams::OMEGA28_3}};
    for (int k = 28; k > log_n; k--) w = w.sqr();
    return w;
}

int32_t twiddles_for(DeviceState *st, int log_n, const uint64_t **out) {
    st->twiddle_used[log_n] = ++st->uses;
    auto it = st->twiddles.find(log_n);
    if (it != st->twiddles.end()) {
        *out = it->second->as<const uint64_t>();
        return COPROVER_OK;
    }
    int64_t half = log_n == 0 ? 1 : (int64_t)1 << (log_n - 1);
    DeviceBuffer *b = new DeviceBuffer();
    int32_t rc = b->alloc((size_t)half * 32, "NTT twiddles");
    if (rc) { delete b; return rc; }
    twiddle_kernel<<<(unsigned)((half + 255) / 256), 256, 0, st->stream[0].s>>>(b->as<uint64_t>(), half, pow_table(omega_of(log_n)));
    cudaError_t e = cudaGetLastError();
    if (e == cudaSuccess) e = cudaStreamSynchronize(st->stream[0].s);
    if (e != cudaSuccess) { delete b; return cuda_fail(e, "twiddle_kernel", __FILE__, __LINE__); }
    st->twiddles[log_n] = b;
    while (st->twiddles.size() > TWIDDLE_SIZES_KEPT) {  // evict the least recently used other size
        int oldest = -1;
        for (auto &kv : st->twiddles)
            if (kv.first != log_n && (oldest < 0 || st->twiddle_used[kv.first] < st->twiddle_used[oldest])) oldest = kv.first;
        delete st->twiddles[oldest];
        st->twiddles.erase(oldest);
        st->twiddle_used.erase(oldest);
    }
    *out = b->as<const uint64_t>();
    return COPROVER_OK;
}

/* The transform of one polynomial already on the device in A; B is scratch. Result in *result. */
int32_t transform(cudaStream_t s, uint64_t *A, uint64_t *B, const uint64_t *tw, int log_n, int op,
                  const PowTable &g, const PowTable &ginv, const Fr &n_inv, uint64_t **result) {
    int64_t n = (int64_t)1 << log_n;
    unsigned blocks = (unsigned)((n + 255) / 256);
    bool coset_fwd = op == COPROVER_NTT_COSET_FORWARD;
    permute_kernel<<<blocks, 256, 0, s>>>(A, B, log_n, coset_fwd, g);
    CP_LAUNCHED();
    int s0 = 0;
    while (s0 < log_n) {
        int k, log_cols;
        if (s0 == 0) { k = log_n < TILE_LOG ? log_n : TILE_LOG; log_cols = 0; }
        else {
            k = log_n - s0 < LATER_K ? log_n - s0 : LATER_K;
            log_cols = TILE_LOG - k < s0 ? TILE_LOG - k : s0;
        }
        int size = 1 << (k + log_cols);
        unsigned grid = (unsigned)(n >> (k + log_cols));
        int threads = size / 2 < THREADS ? (size / 2 > 0 ? size / 2 : 1) : THREADS;
        stages_kernel<<<dim3(grid, 1), threads, (size_t)size * sizeof(Fr), s>>>(B, tw, log_n, s0, k, log_cols);
        CP_LAUNCHED();
        s0 += k;
    }
    if (op == COPROVER_NTT_INVERSE || op == COPROVER_NTT_COSET_INVERSE) {
        Limbs4 f;
        for (int j = 0; j < 4; j++) f.v[j] = n_inv.l[j];
        finish_inverse_kernel<<<blocks, 256, 0, s>>>(B, A, log_n, f, op == COPROVER_NTT_COSET_INVERSE, ginv);
        CP_LAUNCHED();
        *result = A;
    } else {
        *result = B;
    }
    return COPROVER_OK;
}

}  // namespace

int32_t cuda_ntt(const coprover_config *cfg, uint64_t *data, int log_n, int batch, int op, const uint64_t *shift) {
    DeviceState *st;
    std::unique_lock<std::mutex> lock;
    int32_t rc = acquire_device(cfg->device, &st, &lock);
    if (rc) return rc;
    const int64_t n = (int64_t)1 << log_n;
    const size_t poly = (size_t)n * 32;
    size_t budget;
    if ((rc = device_budget(cfg, &budget))) return rc;
    size_t tw_bytes = st->twiddles.count(log_n) ? 0 : (size_t)(n / 2 + 1) * 32;
    if (2 * poly + tw_bytes > budget && st->twiddles.size() > (tw_bytes ? 0u : 1u)) {
        st->drop_twiddles(log_n);  // cached tables of other sizes give way before the call fails
        if ((rc = device_budget(cfg, &budget))) return rc;
    }
    // two polynomials in flight need 4 buffers; fall back to one in flight (2 buffers)
    int lanes = (batch > 1 && 4 * poly + tw_bytes <= budget) ? 2 : 1;
    if (2 * poly + tw_bytes > budget)
        return set_error(COPROVER_ERR_MEMORY, "NTT 2^%d needs %zu bytes of device memory (data, scratch, twiddles), "
                         "only %zu available", log_n, 2 * poly + tw_bytes, budget);
    const uint64_t *tw;
    if ((rc = twiddles_for(st, log_n, &tw))) return rc;
    bool pinned = true;
    for (int l = 0; l < lanes; l++) pinned = pinned && staging_ready(st->staging[l], poly, "NTT staging");
    if (!pinned) lanes = 1;
    DeviceBuffer bufA[2], bufB[2];
    for (int l = 0; l < lanes; l++)
        if ((rc = bufA[l].alloc(poly, "NTT data")) || (rc = bufB[l].alloc(poly, "NTT scratch"))) return rc;
    Fr g = Fr::one();
    if (shift) for (int i = 0; i < 4; i++) g.l[i] = shift[i];
    PowTable gt = pow_table(g), git = pow_table(g.inverse());
    Fr n_inv = Fr{{(uint64_t)n, 0, 0, 0}}.to_mont().inverse();
    if (!pinned) {  // pageable: each copy returns once the data has left or arrived in the caller's array
        for (int b = 0; b < batch; b++) {
            uint64_t *poly_b = data + (size_t)b * n * 4, *res;
            CP_CUDA(cudaMemcpyAsync(bufA[0].p, poly_b, poly, cudaMemcpyHostToDevice, st->stream[0].s));
            if ((rc = transform(st->stream[0].s, bufA[0].as<uint64_t>(), bufB[0].as<uint64_t>(), tw, log_n, op, gt, git,
                                n_inv, &res)))
                return rc;
            CP_CUDA(cudaMemcpyAsync(poly_b, res, poly, cudaMemcpyDeviceToHost, st->stream[0].s));
            CP_CUDA(cudaStreamSynchronize(st->stream[0].s));
        }
        st->trim_staging(budget);
        return COPROVER_OK;
    }
    Event done[2];
    if ((rc = done[0].create()) || (rc = done[1].create())) return rc;
    int pending[2] = {-1, -1};  // polynomial whose result sits in staging[l] once done[l] fires
    for (int b = 0; b <= batch; b++) {
        int l = lanes == 2 ? (b & 1) : 0;
        // collect the previous polynomial of this lane (and, at the end, every lane)
        for (int ll = 0; ll < lanes; ll++) {
            if ((ll == l || b == batch) && pending[ll] >= 0) {
                CP_CUDA(cudaEventSynchronize(done[ll].e));
                memcpy(data + (size_t)pending[ll] * n * 4, st->staging[ll].p, poly);
                pending[ll] = -1;
            }
        }
        if (b == batch) break;
        cudaStream_t s = st->stream[l].s;
        memcpy(st->staging[l].p, data + (size_t)b * n * 4, poly);
        CP_CUDA(cudaMemcpyAsync(bufA[l].p, st->staging[l].p, poly, cudaMemcpyHostToDevice, s));
        uint64_t *res;
        if ((rc = transform(s, bufA[l].as<uint64_t>(), bufB[l].as<uint64_t>(), tw, log_n, op, gt, git, n_inv, &res)))
            return rc;
        CP_CUDA(cudaMemcpyAsync(st->staging[l].p, res, poly, cudaMemcpyDeviceToHost, s));
        CP_CUDA(cudaEventRecord(done[l].e, s));
        pending[l] = b;
    }
    st->trim_staging(budget);
    return COPROVER_OK;
}

}  // namespace coprover
