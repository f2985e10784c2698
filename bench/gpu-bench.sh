#!/usr/bin/env bash
# The first minutes of coprover on a GPU (an H100: sm_90), in one call from the repository root:
# device, build, CUDA against the host path, compute-sanitizer (memcheck, racecheck, synccheck),
# MSM and NTT at 2^16..2^24, and -- when java and java/target/coprover.jar are present -- a PLONK
# prove at 2^16 on the cuda, native-host and java backends. Sized to finish within 8 minutes,
# build included, on a 16-core machine. Writes a Markdown report to bench/results/ and $OUT.
#
#   bash bench/gpu-bench.sh [--logs 16,18,20,22,24] [--reps 10] [--max-ntt 22] [--max-msm 20]
#   bash bench/gpu-bench.sh --dry-run [--build-dir DIR]
#
# On a machine without network or Maven, bring the jar built elsewhere (java/target/coprover.jar,
# about 34 MB, its native library built with nvcc for sm_80 and sm_90) for the PLONK step.
#
# --dry-run runs every step here without a GPU: the kernels under the CPU emulation of CUDA
# (cuda/emu) instead of the device, AddressSanitizer instead of compute-sanitizer, tiny sizes, the
# PLONK step on java and native-host only; the report goes to $OUT (default /tmp) and says that its
# figures are the emulation's, which say nothing about GPU speed. It tests this script.
set -uo pipefail
cd "$(dirname "$0")/.."
dry=0; logs=16,18,20,22,24; reps=10; max_ntt=22; max_msm=20; build=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry=1 ;;
    --logs) logs="$2"; shift ;;
    --reps) reps="$2"; shift ;;
    --max-ntt) max_ntt="$2"; shift ;;
    --max-msm) max_msm="$2"; shift ;;
    --build-dir) build="$2"; shift ;;
    -h|--help) sed -n "2,17p" "$0"; exit 0 ;;
    *) echo "gpu-bench.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
if [ $dry = 1 ]; then
  logs=8,10; reps=2; max_ntt=8; max_msm=8; plonk_rows=256
  build="${build:-build/emu}"
else
  plonk_rows=65536
  build="${build:-build-gpu}"
fi
out="${OUT:-/tmp}"
[ -d /usr/local/cuda/bin ] && export PATH="$PATH:/usr/local/cuda/bin"
stamp="$(date -u +%Y-%m-%d)-$(git rev-parse --short HEAD 2>/dev/null || echo nogit)"
if [ $dry = 1 ]; then report="$out/${stamp}-gpu-dry-run.md"; else report="bench/results/${stamp}-gpu.md"; fi
log="$out/gpu-bench.log"
tmp="$(mktemp -d)"
mkdir -p "$out" bench/results
exec > >(tee "$log") 2>&1
t_start=$(date +%s)
step() { echo; echo "== $* ($(( $(date +%s) - t_start )) s)"; }

step "device"
if [ $dry = 1 ]; then
  device="none: CUDA emulated on the CPU ($(uname -m), $(nproc) cores); dry run"
else
  device="$(nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv,noheader 2>/dev/null || echo unknown)"
  nvidia-smi || true
fi
echo "$device"

step "build"
if [ $dry = 1 ]; then
  [ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCOPROVER_CUDA=OFF >/dev/null || exit 1
  cmake --build "$build" --target coprover_emu_check coprover_emu_check_asan --parallel "$(nproc)" || exit 1
  tool="$build/coprover_emu_check"; sanitized="$build/coprover_emu_check_asan"
  export CP_EMU_LAZY=1 CP_EMU_ORDER=random
else
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCOPROVER_CUDA=ON -DCOPROVER_CUDA_ARCHS=90 -DCOPROVER_EMU=OFF >/dev/null || exit 1
  cmake --build "$build" --target coprover coprover_gpu_check --parallel "$(nproc)" || exit 1
  tool="$build/coprover_gpu_check"; sanitized="$tool"
fi
echo "build done"

step "check: CUDA against the host path, NTT up to 2^$max_ntt, MSM up to 2^$max_msm"
"$tool" check "$max_ntt" "$max_msm" 1 | grep -Ev "ok so far \(0 failures\)"; check_rc=${PIPESTATUS[0]}

san_names=(memcheck racecheck synccheck); san_rc=()
if [ $dry = 1 ]; then
  step "sanitizers: AddressSanitizer + UBSan on the emulated kernels (no compute-sanitizer without a GPU)"
  "$sanitized" check 8 8 2 | tail -n 3; san_rc=(${PIPESTATUS[0]} skipped skipped)
else
  for i in 0 1 2; do
    t=${san_names[$i]}
    step "compute-sanitizer $t (small sizes)"
    # racecheck and synccheck look at shared memory and barriers: only the NTT stage kernel has them
    case $t in memcheck) args="check 10 12 2" ;; *) args="check 11 1 3" ;; esac
    timeout 90 compute-sanitizer --tool "$t" --error-exitcode 3 "$tool" $args | tail -n 15
    san_rc+=(${PIPESTATUS[0]})
  done
fi

step "MSM and NTT at 2^{$logs}, median of $reps"
"$tool" bench "$logs" "$reps" | tee "$tmp/table.txt"; bench_rc=${PIPESTATUS[0]}

plonk=""
jar=java/target/coprover.jar
if [ $(( $(date +%s) - t_start )) -gt 360 ]; then
  step "PLONK prove skipped: past 6 minutes, the run would not end within 8"
elif command -v java >/dev/null 2>&1 && [ -f "$jar" ]; then
  step "PLONK prove, $plonk_rows rows (demo circuit, development SRS)"
  backends="cuda native-host java"; [ $dry = 1 ] && backends="native-host java"
  printf '| backend | rows | prove total | NTT | MSM | verify |\n|---|---|---|---|---|---|\n' > "$tmp/plonk.md"
  for be in $backends; do
    if timeout 90 java -jar "$jar" plonk demo --gates "$plonk_rows" --out "$tmp/plonk-$be" --backend "$be" > "$tmp/plonk-$be.txt" 2>&1; then
      tot=$(sed -n 's/^prove: .*total \([0-9.]* ms\).*/\1/p' "$tmp/plonk-$be.txt")
      ntt=$(sed -n 's/^prove breakdown: NTT \([^,]*\), MSM \([^,]*\),.*/\1/p' "$tmp/plonk-$be.txt")
      msm=$(sed -n 's/^prove breakdown: NTT \([^,]*\), MSM \([^,]*\),.*/\2/p' "$tmp/plonk-$be.txt")
      ver=$(sed -n 's/^verify: \([A-Z]*\).*/\1/p' "$tmp/plonk-$be.txt")
      printf '| %s | %s | %s | %s | %s | %s |\n' "$be" "$plonk_rows" "$tot" "$ntt" "$msm" "$ver" >> "$tmp/plonk.md"
    else
      printf '| %s | %s | failed: %s | | | |\n' "$be" "$plonk_rows" "$(tail -n 1 "$tmp/plonk-$be.txt" | tr '|' '/')" >> "$tmp/plonk.md"
    fi
    tail -n 4 "$tmp/plonk-$be.txt"
  done
  [ $dry = 1 ] && echo "| cuda | $plonk_rows | not run: no GPU in a dry run | | | |" >> "$tmp/plonk.md"
  plonk="$tmp/plonk.md"
else
  step "PLONK prove skipped: needs java and $jar (mvn -B -ntp -pl java -am package -DskipTests)"
fi

verdict() { case "$1" in 0) echo "${2:-pass}" ;; skipped) echo "not run" ;; *) echo "FAIL (exit $1)" ;; esac; }
{
  if [ $dry = 1 ]; then
    echo "# GPU bench DRY RUN $stamp: CUDA emulated on the CPU"
    echo
    echo "**Not GPU figures.** Every kernel below ran on the CPU under the emulation of CUDA"
    echo "(cuda/emu); the times measure the emulation and say nothing about a GPU's speed."
  else
    echo "# GPU run $stamp"
  fi
  echo
  echo "Device: $device. Produced by \`bench/gpu-bench.sh$([ $dry = 1 ] && echo " --dry-run")\` in $(( $(date +%s) - t_start )) s."
  echo
  echo "| check | result |"
  echo "|---|---|"
  echo "| CUDA vs host, NTT up to 2^$max_ntt, MSM up to 2^$max_msm | $(verdict $check_rc) |"
  if [ $dry = 1 ]; then
    echo "| AddressSanitizer + UBSan on the emulated kernels | $(verdict ${san_rc[0]} clean) |"
  else
    for i in 0 1 2; do echo "| compute-sanitizer ${san_names[$i]}, small sizes | $(verdict ${san_rc[$i]} clean) |"; done
  fi
  echo
  echo "Times: median of $reps runs after a warm-up, host arrays in and out (NTT: copies both ways"
  echo "included; MSM: bases resident on the device, scalars uploaded in each call)."
  echo
  grep '^|' "$tmp/table.txt"
  if [ -n "$plonk" ]; then
    echo
    echo "PLONK prove of the demo circuit (\`coprover plonk demo --gates $plonk_rows\`), one run per backend:"
    echo
    cat "$plonk"
  fi
} > "$report"
[ $dry = 1 ] || cp "$report" "$out/" 2>/dev/null || true
step "report: $report"; cat "$report"
rm -rf "$tmp"
ok=1
[ "$check_rc" = 0 ] && [ "$bench_rc" = 0 ] || ok=0
for r in "${san_rc[@]}"; do [ "$r" = 0 ] || [ "$r" = skipped ] || ok=0; done
[ $ok = 1 ]
