#!/usr/bin/env sh
# Builds and runs the emulated CUDA checks (cuda/emu: the kernels on the CPU against the host path,
# with AddressSanitizer, and the mutation self-test) and the host MSM checks (ctest -L host) in a CMake build folder that native/build.sh
# configured; called by the Maven build in the test phase (java/pom.xml).
#   native/emu-test.sh <build dir>
# Without that build (no cmake or compiler: the pure-Java build) it says so and exits 0.
set -eu
out="$1"
if [ ! -f "$out/CMakeCache.txt" ] || ! command -v ctest >/dev/null 2>&1; then
  echo "[WARNING] coprover native: no CMake build in $out; the emulated CUDA checks did not run" >&2
  exit 0
fi
jobs=$( (nproc || echo 2) 2>/dev/null)
cmake --build "$out" --target coprover_emu_tests --parallel "$jobs"
# the host checks (ctest -L host: the MSM's vector and scalar paths) where the tools were built
if grep -q '^COPROVER_TOOLS:BOOL=ON' "$out/CMakeCache.txt"; then
  cmake --build "$out" --target coprover_msm_bench coprover_host_check --parallel "$jobs"
  ctest --test-dir "$out" -L 'emu|host' --output-on-failure --parallel "$jobs"
else
  ctest --test-dir "$out" -L emu --output-on-failure --parallel "$jobs"
fi
