/* GPU MSM over BN254 G1: Pippenger with signed-digit windows (coprover/msm_common.hpp), points
 * sorted by (window, bucket), XYZZ bucket accumulation, parallel bucket reduction.
 *
 * Per chunk of points (the whole MSM when it fits the memory budget, else pieces that do):
 *  1. scalars go up in 4 slices on the copy stream; the digit kernel for slice j waits only for
 *     slice j's copy, so uploads overlap digit computation;
 *  2. digits: one thread per scalar leaves Montgomery form and writes, for every window w, the key
 *     w * 2^(c-1) + |d| - 1 (or the sentinel nw * 2^(c-1) for d = 0) and the value i | sign << 31;
 *  3. CUB radix sort of the (key, value) pairs on the key's bits only;
 *  4. bucket ranges: each position that starts or ends a run of equal keys records it;
 *  5. accumulation in units of at most UNIT points, so a bucket that holds most points (skewed
 *     scalars: all equal, all one) is added by many threads: the thread at sorted position p adds
 *     the unit starting there (p - start of its bucket a multiple of UNIT); unit 0 adds its sum into
 *     the bucket's XYZZ sum (kept across chunks), units 1.. of a bucket land in consecutive slots
 *     and are summed by a tree (one addition per thread and round), whose root joins the bucket.
 * Positions are uint32_t: a chunk holds at most (2^32 - 1) / nw points (cuda_msm_plan), so the
 * len * nw sorted positions and every range end fit, and a point index fits the 31 bits of a value.
 * Then, once: each window's buckets are cut into SEGMENTS pieces; a thread computes its piece's
 * sum_b (b - lo + 1) B_b by running sums plus lo * sum_b B_b; one thread per window adds the
 * pieces; the host combines the nw window sums (Horner, c doublings per window). */
#include <cub/device/device_radix_sort.cuh>

#include <vector>

#include "coprover/curve.hpp"
#include "coprover/msm_common.hpp"
#include "cuda_common.cuh"

namespace coprover {

const uint64_t *resident_points(void *p, int *device, int64_t *count);

namespace {

constexpr int SEGMENTS = 256;      // pieces per window in the bucket reduction
constexpr int SLICES = 4;          // scalar upload slices per chunk

/* scalars [lo, lo + n) of a chunk of len; keys/vals are nw rows of len (window-major) */
__global__ void digits_kernel(const uint64_t *scalars, int64_t lo, int64_t n, int64_t len, int c, int nw,
                              uint32_t *keys, uint32_t *vals) {
    int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    i += lo;
    Fr k;
    for (int j = 0; j < 4; j++) k.l[j] = scalars[4 * i + j];
    k = k.from_mont();
    int32_t d[32];  // nw <= ceil(255/8) = 32 (c >= 8 on the GPU)
    msm_signed_digits(k.l, c, nw, d);
    const uint32_t nb = 1u << (c - 1), sentinel = (uint32_t)nw * nb;
    for (int w = 0; w < nw; w++) {
        int32_t v = d[w];
        uint32_t key = v == 0 ? sentinel : (uint32_t)w * nb + (uint32_t)(v < 0 ? -v : v) - 1;
        keys[(int64_t)w * len + i] = key;
        vals[(int64_t)w * len + i] = (uint32_t)i | (v < 0 ? 0x80000000u : 0u);
    }
}

/* UNIT (coprover/msm_common.hpp: MSM_GPU_UNIT) points at most per thread in the accumulation */
constexpr uint32_t UNIT = MSM_GPU_UNIT;
constexpr uint32_t NO_KEY = 0xffffffffu;

/* start[k] / end[k] of each run of key k in the sorted keys (untouched for empty buckets: 0, 0) */
__global__ void ranges_kernel(const uint32_t *keys, int64_t total, uint32_t *start, uint32_t *end) {
    int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= total) return;
    uint32_t k = keys[i];
    if (i == 0 || keys[i - 1] != k) start[k] = (uint32_t)i;
    if (i == total - 1 || keys[i + 1] != k) end[k] = (uint32_t)(i + 1);
}

/* Step 5a: the thread at sorted position p adds the unit [p, min(p + UNIT, end)) of its bucket k when
 * p - start[k] is a multiple of UNIT. Unit 0 adds into the bucket (the only writer of it here);
 * unit j >= 1 writes slot p / UNIT = start[k] / UNIT + j: units j >= 1 of different buckets lie
 * more than UNIT positions apart, so their slots differ, and a bucket's slots are consecutive. */
__global__ void accumulate_kernel(const uint64_t *points, const uint32_t *keys, const uint32_t *vals,
                                  const uint32_t *start, const uint32_t *end, uint32_t total, uint32_t nbuckets,
                                  uint64_t *buckets, uint64_t *part, uint32_t *part_key) {
    int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= total) return;
    const uint32_t p = (uint32_t)i, k = keys[p];
    if (k >= nbuckets) return;  // the sentinel: zero digits add nothing
    const uint32_t lo = start[k], hi = end[k];
    if ((p - lo) % UNIT != 0) return;
    const uint32_t stop = hi - p < UNIT ? hi : p + UNIT;
    const G1Affine *pts = reinterpret_cast<const G1Affine *>(points);
    G1Xyzz acc = G1Xyzz::inf();
    for (uint32_t j = p; j < stop; j++) {
        uint32_t v = vals[j];
        G1Affine pt = pts[v & 0x7fffffffu];
        if (v & 0x80000000u) pt = pt.neg();
        acc = acc.add_affine(pt);
    }
    if (p == lo) {
        G1Xyzz *bk = reinterpret_cast<G1Xyzz *>(buckets);
        bk[k] = bk[k].add(acc);
    } else {
        reinterpret_cast<G1Xyzz *>(part)[p / UNIT] = acc;
        part_key[p / UNIT] = k;
    }
}

/* Step 5b, round r: within each bucket's units 1..J (slots first .. first + J - 1), the slot at
 * local index l with l mod 2^(r+1) = 0 adds the one at l + 2^r. After ceil(log2 J) rounds the first
 * slot holds the sum of units 1..J. */
__global__ void merge_kernel(const uint32_t *start, const uint32_t *end, uint32_t nslots, uint32_t step, uint64_t *part,
                             const uint32_t *part_key) {
    int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= nslots) return;
    const uint32_t q = (uint32_t)i, k = part_key[q];
    if (k == NO_KEY) return;
    const uint32_t first = start[k] / UNIT + 1, units = (end[k] - start[k] - 1) / UNIT;  // units j >= 1
    const uint32_t l = q - first;
    if ((l & (2 * step - 1)) == 0 && l + step < units) {
        G1Xyzz *pp = reinterpret_cast<G1Xyzz *>(part);
        pp[q] = pp[q].add(pp[q + step]);
    }
}

/* Step 5c: the first slot of each bucket with units j >= 1 joins the bucket. */
__global__ void merge_done_kernel(const uint32_t *start, uint32_t nslots, const uint64_t *part, const uint32_t *part_key,
                                  uint64_t *buckets) {
    int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= nslots) return;
    const uint32_t q = (uint32_t)i, k = part_key[q];
    if (k == NO_KEY || q != start[k] / UNIT + 1) return;
    G1Xyzz *bk = reinterpret_cast<G1Xyzz *>(buckets);
    bk[k] = bk[k].add(reinterpret_cast<const G1Xyzz *>(part)[q]);
}

/* piece s of window w: buckets [lo, hi) with weights lo+1 .. hi */
__global__ void segment_kernel(const uint64_t *buckets, int nw, uint32_t nb, uint64_t *partial) {
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= nw * SEGMENTS) return;
    int w = t / SEGMENTS, s = t % SEGMENTS;
    uint32_t per = (nb + SEGMENTS - 1) / SEGMENTS;
    uint32_t lo = s * per, hi = lo + per < nb ? lo + per : nb;
    const G1Xyzz *bk = reinterpret_cast<const G1Xyzz *>(buckets) + (size_t)w * nb;
    G1Xyzz running = G1Xyzz::inf(), sum = G1Xyzz::inf();
    for (uint32_t b = hi; b > lo; b--) {
        running = running.add(bk[b - 1]);
        sum = sum.add(running);
    }
    if (lo > 0) sum = sum.add(running.mul_small(lo));
    reinterpret_cast<G1Xyzz *>(partial)[t] = sum;
}

__global__ void window_kernel(const uint64_t *partial, int nw, uint64_t *sums) {
    int w = blockIdx.x * blockDim.x + threadIdx.x;
    if (w >= nw) return;
    const G1Xyzz *p = reinterpret_cast<const G1Xyzz *>(partial) + (size_t)w * SEGMENTS;
    G1Xyzz acc = G1Xyzz::inf();
    for (int s = 0; s < SEGMENTS; s++) acc = acc.add(p[s]);
    reinterpret_cast<G1Xyzz *>(sums)[w] = acc;
}

int gpu_window(int64_t n, int requested) {
    if (requested >= 8) return requested;  // digits_kernel holds at most 32 windows
    int lg = 0;
    while (((int64_t)1 << lg) < n) lg++;
    int c = lg - 4;
    return c < 8 ? 8 : (c > 16 ? 16 : c);
}

int key_bits(uint32_t max_key) {
    int b = 0;
    while (b < 32 && (max_key >> b) != 0) b++;
    return b;
}

}  // namespace

int64_t cuda_msm_max_chunk(int nw) {
    const int64_t by_positions = (int64_t)UINT32_MAX / nw;  // len * nw <= 2^32 - 1
    return by_positions < INT32_MAX ? by_positions : INT32_MAX;  // point index < 2^31
}

int32_t cuda_msm_plan(int64_t count, int c, size_t budget, int64_t *chunk_out, size_t *temp_out) {
    const int nw = msm_windows(c);
    const uint32_t nbuckets = (uint32_t)nw * (1u << (c - 1));
    const int ebits = key_bits(nbuckets);  // keys are <= nbuckets (the sentinel)
    // fixed memory: buckets, ranges, reduction
    size_t fixed = (size_t)nbuckets * sizeof(G1Xyzz) + 2 * ((size_t)nbuckets + 1) * 4 +
                   (size_t)nw * SEGMENTS * sizeof(G1Xyzz) + (size_t)nw * sizeof(G1Xyzz);
    // per point: scalar (32 B) + keys and values, in and out (16 B per window) + unit slots and
    // their keys (one per UNIT positions), + CUB scratch (measured below)
    size_t per_point = 32 + (size_t)nw * 16 + ((size_t)nw * (sizeof(G1Xyzz) + 4) + UNIT - 1) / UNIT;
    int64_t chunk = count < cuda_msm_max_chunk(nw) ? count : cuda_msm_max_chunk(nw);
    for (;;) {
        size_t t = 0;
        CP_CUDA(cub::DeviceRadixSort::SortPairs(nullptr, t, (uint32_t *)nullptr, (uint32_t *)nullptr, (uint32_t *)nullptr,
                                                (uint32_t *)nullptr, (int64_t)chunk * nw, 0, ebits, (cudaStream_t)0));
        size_t need = fixed + (size_t)chunk * per_point + t + (1 << 20);
        if (need <= budget) {
            *chunk_out = chunk;
            *temp_out = t;
            return COPROVER_OK;
        }
        if (chunk <= 4096)
            return set_error(COPROVER_ERR_MEMORY, "CUDA MSM: even %lld points (window %d) need %zu bytes of device memory, "
                             "only %zu available", (long long)chunk, c, need, budget);
        chunk = (chunk + 1) / 2;
    }
}

int32_t cuda_msm(const coprover_config *cfg, void *bases, int64_t start, const uint64_t *scalars, int64_t count,
                 uint64_t *result) {
    int device;
    int64_t nbases;
    const uint64_t *dpoints = resident_points(bases, &device, &nbases);
    DeviceState *st;
    std::unique_lock<std::mutex> lock;
    int32_t rc = acquire_device(device, &st, &lock);
    if (rc) return rc;
    if (cfg->window_bits != 0 && cfg->window_bits < 8)
        return set_error(COPROVER_ERR_ARGUMENT, "CUDA MSM: window_bits must be 0 (auto) or 8..20, got %d", cfg->window_bits);
    const int c = gpu_window(count, cfg->window_bits);
    const int nw = msm_windows(c);
    const uint32_t nb = 1u << (c - 1);
    const uint32_t nbuckets = (uint32_t)nw * nb;
    const int ebits = key_bits(nbuckets);  // keys are <= nbuckets (the sentinel)
    cudaStream_t s = st->stream[0].s, cs = st->copy.s;

    size_t budget, temp_bytes;
    int64_t chunk;
    if ((rc = device_budget(cfg, &budget))) return rc;
    if ((rc = cuda_msm_plan(count, c, budget, &chunk, &temp_bytes)) == COPROVER_ERR_MEMORY && !st->twiddles.empty()) {
        st->drop_twiddles(-1);  // cached NTT tables give way before the call fails
        if ((rc = device_budget(cfg, &budget))) return rc;
        rc = cuda_msm_plan(count, c, budget, &chunk, &temp_bytes);
    }
    if (rc) return rc;
    const uint32_t max_slots = (uint32_t)(((uint64_t)chunk * nw + UNIT - 1) / UNIT);

    DeviceBuffer dbuckets, dstart, dend, dpartial, dsums, dscalars, dkeys[2], dvals[2], dtemp, dpart, dpart_key;
    if ((rc = dbuckets.alloc((size_t)nbuckets * sizeof(G1Xyzz), "MSM buckets")) ||
        (rc = dstart.alloc(((size_t)nbuckets + 1) * 4, "MSM bucket starts")) ||
        (rc = dend.alloc(((size_t)nbuckets + 1) * 4, "MSM bucket ends")) ||
        (rc = dpartial.alloc((size_t)nw * SEGMENTS * sizeof(G1Xyzz), "MSM reduction")) ||
        (rc = dsums.alloc((size_t)nw * sizeof(G1Xyzz), "MSM window sums")) ||
        (rc = dscalars.alloc((size_t)chunk * 32, "MSM scalars")) ||
        (rc = dkeys[0].alloc((size_t)chunk * nw * 4, "MSM keys")) || (rc = dkeys[1].alloc((size_t)chunk * nw * 4, "MSM keys")) ||
        (rc = dvals[0].alloc((size_t)chunk * nw * 4, "MSM values")) || (rc = dvals[1].alloc((size_t)chunk * nw * 4, "MSM values")) ||
        (rc = dtemp.alloc(temp_bytes > 0 ? temp_bytes : 1, "MSM sort scratch")) ||
        (rc = dpart.alloc((size_t)max_slots * sizeof(G1Xyzz), "MSM bucket units")) ||
        (rc = dpart_key.alloc((size_t)max_slots * 4, "MSM bucket unit keys")))
        return rc;
    // scalars go up through pinned staging; without pinned memory straight from the caller's array
    const bool pinned = staging_ready(st->staging[0], (size_t)chunk * 32, "MSM scalar staging");
    Event sliced[SLICES];
    for (int j = 0; j < SLICES; j++)
        if ((rc = sliced[j].create())) return rc;

    CP_CUDA(cudaMemsetAsync(dbuckets.p, 0, dbuckets.bytes, s));  // all zero = XYZZ infinity (ZZ = 0)
    for (int64_t base = 0; base < count; base += chunk) {
        const int64_t len = count - base < chunk ? count - base : chunk;
        CP_CUDA(cudaStreamSynchronize(s));  // the staging buffer and scalars of the last chunk are free
        const uint64_t *src = scalars + 4 * base;
        if (pinned) {
            memcpy(st->staging[0].p, src, (size_t)len * 32);
            src = (const uint64_t *)st->staging[0].p;
        }
        // 1-2. sliced upload on the copy stream, digits on the compute stream as slices land
        const int64_t slice = (len + SLICES - 1) / SLICES;
        for (int j = 0; j < SLICES; j++) {
            int64_t lo = j * slice, n = len - lo < slice ? len - lo : slice;
            if (n <= 0) break;
            CP_CUDA(cudaMemcpyAsync(dscalars.as<uint64_t>() + 4 * lo, src + 4 * lo, (size_t)n * 32, cudaMemcpyHostToDevice, cs));
            CP_CUDA(cudaEventRecord(sliced[j].e, cs));
            CP_CUDA(cudaStreamWaitEvent(s, sliced[j].e, 0));
            digits_kernel<<<(unsigned)((n + 255) / 256), 256, 0, s>>>(dscalars.as<uint64_t>(), lo, n, len, c, nw,
                                                                        dkeys[0].as<uint32_t>(), dvals[0].as<uint32_t>());
            CP_LAUNCHED();
        }
        // 3. sort by (window, bucket)
        const int64_t total = len * nw;
        size_t tb = temp_bytes;
        CP_CUDA(cub::DeviceRadixSort::SortPairs(dtemp.p, tb, dkeys[0].as<uint32_t>(), dkeys[1].as<uint32_t>(),
                                                dvals[0].as<uint32_t>(), dvals[1].as<uint32_t>(), total, 0, ebits, s));
        // 4. bucket ranges
        CP_CUDA(cudaMemsetAsync(dstart.p, 0, dstart.bytes, s));
        CP_CUDA(cudaMemsetAsync(dend.p, 0, dend.bytes, s));
        ranges_kernel<<<(unsigned)((total + 255) / 256), 256, 0, s>>>(dkeys[1].as<uint32_t>(), total,
                                                                        dstart.as<uint32_t>(), dend.as<uint32_t>());
        CP_LAUNCHED();
        // 5. accumulate in units of at most UNIT points, then join each bucket's units 1.. by a tree
        const uint32_t slots = (uint32_t)((total + UNIT - 1) / UNIT);
        CP_CUDA(cudaMemsetAsync(dpart_key.p, 0xff, (size_t)slots * 4, s));
        accumulate_kernel<<<(unsigned)((total + 127) / 128), 128, 0, s>>>(
            dpoints + 8 * (start + base), dkeys[1].as<uint32_t>(), dvals[1].as<uint32_t>(), dstart.as<uint32_t>(),
            dend.as<uint32_t>(), (uint32_t)total, nbuckets, dbuckets.as<uint64_t>(), dpart.as<uint64_t>(),
            dpart_key.as<uint32_t>());
        CP_LAUNCHED();
        // a bucket has at most `slots` units j >= 1: ceil(log2(slots)) rounds join any of them
        for (uint32_t step = 1; step < slots; step *= 2) {
            merge_kernel<<<(slots + 255) / 256, 256, 0, s>>>(dstart.as<uint32_t>(), dend.as<uint32_t>(), slots, step,
                                                             dpart.as<uint64_t>(), dpart_key.as<uint32_t>());
            CP_LAUNCHED();
        }
        merge_done_kernel<<<(slots + 255) / 256, 256, 0, s>>>(dstart.as<uint32_t>(), slots, dpart.as<uint64_t>(),
                                                              dpart_key.as<uint32_t>(), dbuckets.as<uint64_t>());
        CP_LAUNCHED();
    }
    segment_kernel<<<(nw * SEGMENTS + 127) / 128, 128, 0, s>>>(dbuckets.as<uint64_t>(), nw, nb, dpartial.as<uint64_t>());
    CP_LAUNCHED();
    window_kernel<<<1, 32, 0, s>>>(dpartial.as<uint64_t>(), nw, dsums.as<uint64_t>());
    CP_LAUNCHED();
    std::vector<uint64_t> sums((size_t)nw * 16);
    CP_CUDA(cudaMemcpyAsync(sums.data(), dsums.p, sums.size() * 8, cudaMemcpyDeviceToHost, s));
    CP_CUDA(cudaStreamSynchronize(s));
    host_combine_windows(sums.data(), nw, c, result);
    st->trim_staging(budget);
    return COPROVER_OK;
}

}  // namespace coprover
