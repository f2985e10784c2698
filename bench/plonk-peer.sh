#!/usr/bin/env bash
# Side-by-side PLONK proving: `snarkjs plonk prove` (0.7.6) vs `coprover plonk prove` (Java
# backend) on the SAME .zkey and .wtns, one after the other in one run (never at the same time).
# The circuit is circom's chain x[i+1] = x[i]^2 + 7 with N = 2^k - 6 steps, so snarkjs makes
# N + 1 = 2^k - 5 PLONK constraints and a domain of exactly 2^k. The SRS is a development .ptau
# written by `coprover srs new` (insecure, fine for timing; snarkjs's own setup reads it).
#
# Usage: bench/plonk-peer.sh [--logs 12,14,16] [--reps 3] [--out FILE]
# Prints a Markdown table: whole-process wall time of both (medians), coprover's proving phase
# (its own round timings, median), and the ratio. Needs Java 17, Maven, Node.js 18+ and npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
logs="12,14,16"; reps=3; out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --logs) logs="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "plonk-peer: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
echo "plonk-peer: installing snarkjs 0.7.6 and circom2 0.2.23 into bench/plonk-peer ..." >&2
(cd "$here/plonk-peer" && { npm ci --no-audit --no-fund --silent || npm install --no-audit --no-fund --silent; }) >&2
bin="$here/plonk-peer/node_modules/.bin"
cop="$root/coprover"
"$cop" --version >/dev/null   # builds the jar now if needed, so no build lands inside a timed run
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
IFS=',' read -r -a ks <<< "$logs"
maxk=0; for k in "${ks[@]}"; do [ "$k" -gt "$maxk" ] && maxk=$k; done
echo "plonk-peer: development ptau of power $maxk ..." >&2
"$cop" srs new --power "$maxk" --format ptau --out "$work/dev.ptau" >&2

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
rows=()
for k in "${ks[@]}"; do
  n=$(( (1 << k) - 6 ))
  d="$work/k$k"; mkdir -p "$d"
  sed -e "s/Chain(1000, 7)/Chain($n, 7)/" "$here/plonk-peer/chain.circom" > "$d/chain.circom"
  echo "plonk-peer: 2^$k: compiling chain of $n steps, witness, snarkjs plonk setup ..." >&2
  (cd "$d" && "$bin/circom2" chain.circom --r1cs --wasm -o . >/dev/null)
  echo '{"x0": "5"}' > "$d/input.json"
  node "$d/chain_js/generate_witness.js" "$d/chain_js/chain.wasm" "$d/input.json" "$d/chain.wtns"
  "$bin/snarkjs" plonk setup "$d/chain.r1cs" "$work/dev.ptau" "$d/chain.zkey" >/dev/null
  "$bin/snarkjs" zkey export verificationkey "$d/chain.zkey" "$d/vk.json" >/dev/null
  if [ -z "${warmed:-}" ]; then
    # one untimed run: the launcher's first `plonk prove` after a build writes its class-data archive, which
    # every later run (like any user's second run) starts from
    "$cop" plonk prove --zkey "$d/chain.zkey" --wtns "$d/chain.wtns" --out "$d/cp" >/dev/null
    warmed=1
  fi
  sj=(); cp=(); cpp=()
  for r in $(seq "$reps"); do
    t0=$(now); "$bin/snarkjs" plonk prove "$d/chain.zkey" "$d/chain.wtns" "$d/sj_proof.json" "$d/sj_public.json" >/dev/null; t1=$(now)
    sj+=("$(calc "$t1 - $t0")")
    t0=$(now); "$cop" plonk prove --zkey "$d/chain.zkey" --wtns "$d/chain.wtns" --out "$d/cp" > "$d/cp.log"; t1=$(now)
    cp+=("$(calc "$t1 - $t0")")
    cpp+=("$(sed -n 's/.*total \([0-9.]*\) ms.*/\1/p' "$d/cp.log" | head -1)")
  done
  # both proofs must verify in snarkjs, else the timing means nothing
  "$bin/snarkjs" plonk verify "$d/vk.json" "$d/sj_public.json" "$d/sj_proof.json" >/dev/null
  "$bin/snarkjs" plonk verify "$d/vk.json" "$d/cp/public.json" "$d/cp/proof.json" >/dev/null
  sjm=$(printf '%s\n' "${sj[@]}" | median); cpm=$(printf '%s\n' "${cp[@]}" | median); cppm=$(printf '%s\n' "${cpp[@]}" | median)
  rows+=("| 2^$k | $((n + 1)) | $sjm | $cpm | $(calc "$cppm / 1000") | $(calc "$sjm / $cpm")x | $(calc "$sjm * 1000 / $cppm")x |")
  echo "plonk-peer: 2^$k snarkjs ${sj[*]} s; coprover ${cp[*]} s (proving ${cpp[*]} ms)" >&2
done
{
  echo "PLONK prove, same zkey + wtns, $(nproc) cores, coprover $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown), load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown); medians of $reps"
  echo
  echo "| domain | PLONK constraints | snarkjs plonk prove (s, whole process) | coprover plonk prove (s, whole process) | coprover proving phase (s) | speed-up, whole | speed-up, proving phase |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee ${out:+"$out"}
