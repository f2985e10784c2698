#!/usr/bin/env bash
# Side by side: Barretenberg's `bb prove` (UltraHonk, Aztec's own prover) against `coprover plonk
# prove` (default backend), whole process each, on the same-size circuit, alternately in one run.
#
# The circuit is the chain y_0 = x, y_{i+1} = y_i^2 + 7, y_N public, filling a domain of exactly 2^k:
#   bb:       Noir, N = 2^k - 64 steps (one arithmetic gate each plus 18 fixed ones: 2^k - 46 rows,
#             dyadic size 2^k), compiled by noir_wasm and executed by noir_js;
#   coprover: circom (bench/plonk-peer/chain.circom), N = 2^k - 6 steps, snarkjs PLONK setup (2^k).
# Both use a development SRS written by `coprover srs new` (insecure, fine for timing): a .ptau for
# snarkjs's setup and, converted, bb's offline CRS files (bench/bb-peer/crs.mjs). bb's own verifier
# has Aztec's [x]_2 compiled in, so bb's proofs are not checked here; coprover's are, by snarkjs.
#
# Usage: bench/bb-peer.sh [--logs 12,14,16,18] [--reps 5] [--snarkjs] [--out FILE] [--keep DIR]
#   --snarkjs  also time `snarkjs plonk prove` on coprover's zkey in the same alternation
#   --keep     write the circuits, keys and witnesses under DIR (new or empty) and leave them there,
#              for profiling one side or rerunning either by hand (DIR/k<k>/bb, DIR/k<k>/cp)
# Each repetition runs bb and coprover (and snarkjs) once, the order reversed every other one.
# Prints per size: medians (s, whole process), the ratio of medians, and every pair's ratio
# bb/coprover. Pinned peers: bench/bb-peer/package.json (@aztec/bb.js, noir) and
# bench/plonk-peer/package.json (circom2, snarkjs). Needs Java 17, Maven, Node.js 18+ and npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
logs="12,14,16,18"; reps=5; out=""; with_snarkjs=0; keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --logs) logs="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --snarkjs) with_snarkjs=1; shift ;;
    --keep) keep="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bb-peer: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
echo "bb-peer: installing @aztec/bb.js and noir (bench/bb-peer), circom2 and snarkjs (bench/plonk-peer) ..." >&2
for d in bb-peer plonk-peer; do
  (cd "$here/$d" && { npm ci --no-audit --no-fund --silent || npm install --no-audit --no-fund --silent; }) >&2
done
bb="$here/bb-peer/node_modules/@aztec/bb.js/build/amd64-linux/bb"
bin="$here/plonk-peer/node_modules/.bin"
cop="$root/coprover"
"$cop" --version >/dev/null   # builds the jar now if needed, so no build lands inside a timed run
if [ -n "$keep" ]; then
  if [ -e "$keep" ] && [ -n "$(ls -A "$keep" 2>/dev/null)" ]; then
    echo "bb-peer: --keep $keep: not an empty directory (refusing to write into it)" >&2; exit 2
  fi
  mkdir -p "$keep"; work="$(cd "$keep" && pwd)"
  echo "bb-peer: keeping the fixtures in $work" >&2
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi
IFS=',' read -r -a ks <<< "$logs"
maxk=0; for k in "${ks[@]}"; do [ "$k" -gt "$maxk" ] && maxk=$k; done
echo "bb-peer: development ptau of power $maxk ..." >&2
"$cop" srs new --power "$maxk" --format ptau --out "$work/dev.ptau" >&2

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
rows=(); pairs=()
for k in "${ks[@]}"; do
  d="$work/k$k"; mkdir -p "$d/bb" "$d/cp"
  echo "bb-peer: 2^$k: bb circuit, witness, CRS and verification key ..." >&2
  node "$here/bb-peer/chain.mjs" $(( (1 << k) - 64 )) "$d/bb" >&2
  node "$here/bb-peer/crs.mjs" "$work/dev.ptau" $(( (1 << k) + 256 )) "$d/bb/crs" >&2
  "$bb" write_vk -c "$d/bb/crs" -b "$d/bb/circuit.json" -o "$d/bb" >/dev/null 2>&1
  echo "bb-peer: 2^$k: circom chain, witness, snarkjs plonk setup ..." >&2
  n=$(( (1 << k) - 6 ))
  sed -e "s/Chain(1000, 7)/Chain($n, 7)/" "$here/plonk-peer/chain.circom" > "$d/cp/chain.circom"
  (cd "$d/cp" && "$bin/circom2" chain.circom --r1cs --wasm -o . >/dev/null)
  echo '{"x0": "5"}' > "$d/cp/input.json"
  node "$d/cp/chain_js/generate_witness.js" "$d/cp/chain_js/chain.wasm" "$d/cp/input.json" "$d/cp/chain.wtns"
  "$bin/snarkjs" plonk setup "$d/cp/chain.r1cs" "$work/dev.ptau" "$d/cp/chain.zkey" >/dev/null
  "$bin/snarkjs" zkey export verificationkey "$d/cp/chain.zkey" "$d/cp/vk.json" >/dev/null
  run_bb() { "$bb" prove -c "$d/bb/crs" -b "$d/bb/circuit.json" -w "$d/bb/witness.gz" -k "$d/bb/vk" -o "$d/bb" >/dev/null 2>&1; }
  run_cp() { "$cop" plonk prove --zkey "$d/cp/chain.zkey" --wtns "$d/cp/chain.wtns" --out "$d/cp/out" > "$d/cp/log" 2>&1; }
  run_sj() { "$bin/snarkjs" plonk prove "$d/cp/chain.zkey" "$d/cp/chain.wtns" "$d/cp/sj_proof.json" "$d/cp/sj_public.json" >/dev/null; }
  # untimed: the launcher's first `plonk prove` after a build writes its class-data archive (and the first
  # proof of a zkey its fixed-base MSM cache, chain.zkey.msm-cache, which the timed runs read); bb's first run
  # reads the CRS from disk into the page cache
  run_cp; run_bb
  names=(bb cp); [ "$with_snarkjs" = 1 ] && names+=(sj)
  declare -A times=()
  for r in $(seq "$reps"); do
    order=("${names[@]}")
    if [ $((r % 2)) -eq 0 ]; then order=(); for ((i=${#names[@]}-1; i>=0; i--)); do order+=("${names[$i]}"); done; fi
    for who in "${order[@]}"; do
      t0=$(now); "run_$who"; t1=$(now)
      times[$who]="${times[$who]:-} $(calc "$t1 - $t0")"
    done
  done
  # coprover's proof must verify in snarkjs, else its timing means nothing
  "$bin/snarkjs" plonk verify "$d/cp/vk.json" "$d/cp/out/public.json" "$d/cp/out/proof.json" >/dev/null
  [ "$with_snarkjs" = 1 ] && "$bin/snarkjs" plonk verify "$d/cp/vk.json" "$d/cp/sj_public.json" "$d/cp/sj_proof.json" >/dev/null
  backend=$(sed -n 's/^backend: //p' "$d/cp/log" | head -1)
  read -r -a bbt <<< "${times[bb]}"; read -r -a cpt <<< "${times[cp]}"
  bbm=$(printf '%s\n' "${bbt[@]}" | median); cpm=$(printf '%s\n' "${cpt[@]}" | median)
  pr=(); for i in "${!bbt[@]}"; do pr+=("$(calc "${bbt[$i]} / ${cpt[$i]}")"); done
  sjcol=""
  if [ "$with_snarkjs" = 1 ]; then
    read -r -a sjt <<< "${times[sj]}"; sjm=$(printf '%s\n' "${sjt[@]}" | median)
    sjcol=" $sjm | $(calc "$sjm / $cpm")x |"
  fi
  rows+=("| 2^$k | $bbm | $cpm ($backend) | $(calc "$bbm / $cpm")x | $(printf '%s\n' "${pr[@]}" | median)x |$sjcol")
  pairs+=("2^$k: bb ${bbt[*]} s; coprover ${cpt[*]} s; bb/coprover per pair ${pr[*]}${sjcol:+; snarkjs ${times[sj]} s}")
  echo "bb-peer: ${pairs[-1]}" >&2
  unset times
done
{
  echo "bb prove ($("$bb" --version 2>/dev/null)) vs coprover plonk prove, $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')),"
  echo "coprover $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown), load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown);"
  echo "whole process, medians of $reps, alternating (order reversed every other repetition)"
  echo
  if [ "$with_snarkjs" = 1 ]; then
    echo "| domain | bb prove (s) | coprover plonk prove (s) | bb / coprover (medians) | bb / coprover (median of pairs) | snarkjs plonk prove (s) | snarkjs / coprover |"
    echo "|---|---|---|---|---|---|---|"
  else
    echo "| domain | bb prove (s) | coprover plonk prove (s) | bb / coprover (medians) | bb / coprover (median of pairs) |"
    echo "|---|---|---|---|---|"
  fi
  printf '%s\n' "${rows[@]}"
  echo
  echo "Every run (s):"
  echo
  printf -- '- %s\n' "${pairs[@]}"
} | tee ${out:+"$out"}
