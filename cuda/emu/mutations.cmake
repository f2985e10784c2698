# Deliberate bugs for the mutation self-test of the emulation (cuda/emu/emu.cmake, ctest -L emu).
# Each is one exact text in one kernel source and its replacement; each must make the emulated
# check fail, which shows that the emulation can see that kind of bug. Applied only to copies.

# the barrier between loading an NTT tile into shared memory and the first butterfly stage
set(mutation_barrier_file ntt.cu)
set(mutation_barrier_find "    __syncthreads();\n    for (int sp = 0; sp < k; sp++) {")
set(mutation_barrier_expect "FAIL NTT")
set(mutation_barrier_replace "\n    for (int sp = 0; sp < k; sp++) {")

# the digit kernel of scalar slice j no longer waits for that slice's upload on the copy stream
set(mutation_stream_wait_file msm.cu)
set(mutation_stream_wait_find "            CP_CUDA(cudaStreamWaitEvent(s, sliced[j].e, 0));\n")
set(mutation_stream_wait_expect "FAIL MSM")
set(mutation_stream_wait_replace "\n")

# the NTT batch reads a result out of its pinned staging buffer without waiting for the copy
set(mutation_event_sync_file ntt.cu)
set(mutation_event_sync_find "                CP_CUDA(cudaEventSynchronize(done[ll].e));\n")
set(mutation_event_sync_expect "FAIL NTT")
set(mutation_event_sync_replace "\n")

# the NTT stage kernel gets half the dynamic shared memory its tile needs
set(mutation_shared_half_file ntt.cu)
set(mutation_shared_half_find "(size_t)size * sizeof(Fr), s>>>")
set(mutation_shared_half_expect "shared memory past the end")
set(mutation_shared_half_replace "(size_t)size * sizeof(Fr) / 2, s>>>")

# a barrier that thread 0 of each block skips: the others wait where it never comes
set(mutation_divergent_barrier_file ntt.cu)
set(mutation_divergent_barrier_expect "divergent barrier")
set(mutation_divergent_barrier_find "        __syncthreads();\n    }\n    for (int t = threadIdx.x; t < size; t += blockDim.x) {")
set(mutation_divergent_barrier_replace "        if (threadIdx.x != 0) __syncthreads();\n    }\n    for (int t = threadIdx.x; t < size; t += blockDim.x) {")

# one thread per bucket again (units larger than any bucket): skewed scalars load one thread
set(mutation_unsplit_buckets_file msm.cu)
set(mutation_unsplit_buckets_expect "one thread did [0-9]+ additions")
set(mutation_unsplit_buckets_find "constexpr uint32_t UNIT = MSM_GPU_UNIT;")
set(mutation_unsplit_buckets_replace "constexpr uint32_t UNIT = 1u << 31;")

# chunks sized without the uint32_t position bound
set(mutation_chunk_cap_file msm.cu)
set(mutation_chunk_cap_expect "FAIL MSM chunk cap")
set(mutation_chunk_cap_find "const int64_t by_positions = (int64_t)UINT32_MAX / nw;")
set(mutation_chunk_cap_replace "const int64_t by_positions = (int64_t)UINT32_MAX;")

# NTT tiles of 2048 elements: 64 KiB of dynamic shared memory, above the 48 KiB a launch may ask
# without cudaFuncSetAttribute (the launch-limit check)
set(mutation_tile_too_big_file ntt.cu)
set(mutation_tile_too_big_expect "dynamic shared memory above 48 KiB without cudaFuncSetAttribute")
set(mutation_tile_too_big_find "constexpr int TILE_LOG = 10;")
set(mutation_tile_too_big_replace "constexpr int TILE_LOG = 11;")

set(cp_emu_mutations barrier stream_wait event_sync shared_half divergent_barrier unsplit_buckets chunk_cap tile_too_big)
