/* cub::DeviceRadixSort::SortPairs for the CPU emulation (cuda/emu): a stable LSD radix sort on
 * key bits [begin_bit, end_bit), as CUB's is. Like CUB without DoubleBuffer it needs temporary
 * device storage for one copy of the keys and values; the emulation uses exactly that storage as
 * its scratch, so a caller that passes less than it was told to fails here as it would on a GPU. */
#ifndef CP_EMU_CUB_DEVICE_RADIX_SORT_CUH
#define CP_EMU_CUB_DEVICE_RADIX_SORT_CUH

#include <cuda_runtime.h>
#include <string.h>

namespace cp_emu {
cudaError_t enqueue_host_op(cudaStream_t s, const char *what, std::function<void()> op);
bool device_range(const void *p, size_t bytes);
void report(const char *fmt, ...);
}

namespace cub {

struct DeviceRadixSort {
    template <class K, class V, class N>
    static cudaError_t SortPairs(void *d_temp, size_t &temp_bytes, const K *keys_in, K *keys_out, const V *vals_in,
                                 V *vals_out, N num_items, int begin_bit = 0, int end_bit = sizeof(K) * 8,
                                 cudaStream_t stream = 0) {
        static_assert(std::is_unsigned<K>::value, "emulated SortPairs sorts unsigned keys");
        const size_t n = (size_t)num_items;
        const size_t need = n * (sizeof(K) + sizeof(V)) + 256;
        if (d_temp == nullptr) {
            temp_bytes = need;
            return cudaSuccess;
        }
        if (num_items < 0 || begin_bit < 0 || end_bit > (int)sizeof(K) * 8 || begin_bit > end_bit) return cudaErrorInvalidValue;
        if (temp_bytes < need) {
            cp_emu::report("cub::DeviceRadixSort::SortPairs: %zu bytes of temporary storage, %zu needed", temp_bytes, need);
            return cudaErrorInvalidValue;
        }
        if (!cp_emu::device_range(d_temp, need) || !cp_emu::device_range(keys_in, n * sizeof(K)) ||
            !cp_emu::device_range(keys_out, n * sizeof(K)) || !cp_emu::device_range(vals_in, n * sizeof(V)) ||
            !cp_emu::device_range(vals_out, n * sizeof(V))) {
            cp_emu::report("cub::DeviceRadixSort::SortPairs: an argument is not device memory of %zu items", n);
            return cudaErrorInvalidValue;
        }
        return cp_emu::enqueue_host_op(stream, "cub::DeviceRadixSort::SortPairs", [=]() {
            K *tk = static_cast<K *>(d_temp);
            V *tv = reinterpret_cast<V *>(tk + n);
            memcpy(keys_out, keys_in, n * sizeof(K));
            memcpy(vals_out, vals_in, n * sizeof(V));
            K *ak = keys_out, *bk = tk;
            V *av = vals_out, *bv = tv;
            int passes = 0;
            for (int bit = begin_bit; bit < end_bit; bit += 8, passes++) {
                const int width = end_bit - bit < 8 ? end_bit - bit : 8;
                const K mask = (K)((1u << width) - 1);
                size_t count[257] = {0};
                for (size_t i = 0; i < n; i++) count[((ak[i] >> bit) & mask) + 1]++;
                for (int d = 0; d < 256; d++) count[d + 1] += count[d];
                for (size_t i = 0; i < n; i++) {
                    size_t at = count[(ak[i] >> bit) & mask]++;
                    bk[at] = ak[i];
                    bv[at] = av[i];
                }
                K *t1 = ak; ak = bk; bk = t1;
                V *t2 = av; av = bv; bv = t2;
            }
            if (ak != keys_out) {
                memcpy(keys_out, ak, n * sizeof(K));
                memcpy(vals_out, av, n * sizeof(V));
            }
        });
    }
};

}  // namespace cub

#endif
