#!/usr/bin/env bash
# Builds the native library for Hopper (sm_90), checks the CUDA path against the host path, runs
# the small checks under compute-sanitizer, times NTT and MSM, and writes a Markdown report into
# bench/results/ (and $OUT when set). Meant for one call on a GPU machine, from the repository root:
#   bash bench/gpu-bench.sh [max_log_ntt=22] [max_log_msm=20] [bench_logs=16,20,22,24]
# Needs CMake, a C++ compiler and nvcc; no JVM (the JMH BackendBench also runs when java and the
# built benchmarks jar are present).
set -uo pipefail
cd "$(dirname "$0")/.."
max_ntt="${1:-22}"; max_msm="${2:-20}"; logs="${3:-16,20,22,24}"
build=build-gpu
stamp="$(date -u +%Y-%m-%d)-$(git rev-parse --short HEAD 2>/dev/null || echo nogit)"
report="bench/results/${stamp}-gpu.md"
log="${OUT:-/tmp}/gpu-bench.log"
mkdir -p bench/results
exec > >(tee "$log") 2>&1

echo "== device"; nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.sm,clocks.max.sm --format=csv || true
echo "== build (sm_90)"
t0=$(date +%s)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCOPROVER_CUDA=ON -DCOPROVER_CUDA_ARCHS=90 >/dev/null || exit 1
cmake --build "$build" --parallel "$(nproc)" || exit 1
echo "build took $(( $(date +%s) - t0 )) s"
tool="$build/coprover_gpu_check"

echo "== check: CUDA vs host up to NTT 2^$max_ntt, MSM 2^$max_msm"
"$tool" check "$max_ntt" "$max_msm"; check_rc=$?
echo "== compute-sanitizer memcheck (small sizes)"
compute-sanitizer --tool memcheck --error-exitcode 3 "$tool" check 10 12; san_rc=$?
echo "== compute-sanitizer racecheck (small sizes)"
compute-sanitizer --tool racecheck --error-exitcode 3 "$tool" check 11 10; race_rc=$?
echo "== bench"
"$tool" bench "$logs" 10 | tee /tmp/gpu-bench-table.txt; bench_rc=${PIPESTATUS[0]}

jmh=""
if command -v java >/dev/null 2>&1 && [ -f bench/target/benchmarks.jar ]; then
  echo "== JMH BackendBench (java, native-host, cuda)"
  java -jar bench/target/benchmarks.jar BackendBench -p backend=java,native-host,cuda -rf text -rff /tmp/jmh.txt && jmh=/tmp/jmh.txt
fi

{
  echo "# GPU run $stamp"
  echo
  echo "Device: $(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || echo unknown)."
  echo "Built with \`-DCOPROVER_CUDA_ARCHS=90\`; produced by \`bench/gpu-bench.sh $max_ntt $max_msm $logs\`."
  echo
  echo "| check | result |"
  echo "|---|---|"
  echo "| CUDA vs host, NTT up to 2^$max_ntt, MSM up to 2^$max_msm | $([ $check_rc = 0 ] && echo pass || echo "FAIL (rc $check_rc)") |"
  echo "| compute-sanitizer memcheck, small sizes | $([ $san_rc = 0 ] && echo clean || echo "FAIL (rc $san_rc)") |"
  echo "| compute-sanitizer racecheck, small sizes | $([ $race_rc = 0 ] && echo clean || echo "FAIL (rc $race_rc)") |"
  echo
  echo "Times: median of 10 runs after a warm-up, host arrays in and out (NTT: copies both ways included;"
  echo "MSM: bases resident on the device, scalars uploaded in each call)."
  grep '^|' /tmp/gpu-bench-table.txt
  if [ -n "$jmh" ]; then echo; echo '```'; cat "$jmh"; echo '```'; fi
} > "$report"
cp "$report" "${OUT:-/tmp}/" 2>/dev/null || true
echo "== report: $report"; cat "$report"
[ $check_rc = 0 ] && [ $san_rc = 0 ] && [ $race_rc = 0 ] && [ $bench_rc = 0 ]
