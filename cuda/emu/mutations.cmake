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

set(cp_emu_mutations barrier stream_wait event_sync shared_half)
