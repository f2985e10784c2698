#!/usr/bin/env bash
# The modelled simulator at protocol-research scale: times `coprover simulate --proofs modelled`
# at the given sizes, one after the other, and prints a Markdown table of wall time, process CPU
# time, CPU per block, the live heap (in use after a full collection, every 1000 blocks and at the
# end: what the run keeps alive, as the simulator reports it) and peak resident memory (from
# /proc/PID/status, sampled every 0.2 s: the collector grows the heap at will, so this is not what
# the run needs), with the load average before and after each run. Usage:
#   bench/sim-scale.sh [--provers 1000] [--txs 1024] [--blocks "10 40"] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
provers=1000 txs=1024 blocks="10 40" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --provers) provers="$2"; shift 2 ;;
    --txs) txs="$2"; shift 2 ;;
    --blocks) blocks="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
./coprover --help >/dev/null # builds the jar if needed
table="| provers | txs | blocks | wall (s) | CPU (s) | CPU per block (ms) | live heap (MiB) | peak RSS (MiB) | load before → after |
|---:|---:|---:|---:|---:|---:|---:|---:|---|"
for b in $blocks; do
  before=$(cut -d' ' -f1 /proc/loadavg)
  log=$(mktemp)
  ./coprover simulate --proofs modelled --provers "$provers" --txs "$txs" --blocks "$b" >"$log" 2>&1 &
  pid=$!
  peak=0
  while kill -0 "$pid" 2>/dev/null; do
    for p in $(pgrep -P "$pid") "$pid"; do
      r=$(awk '/VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
      [ -n "$r" ] && [ "$r" -gt "$peak" ] && peak=$r
    done
    sleep 0.2
  done
  wait "$pid"
  after=$(cut -d' ' -f1 /proc/loadavg)
  line=$(grep -E '^  wall ' "$log")
  wall=$(echo "$line" | sed -E 's/.*wall ([0-9.]+) s.*/\1/')
  cpu=$(echo "$line" | sed -E 's/.*CPU ([0-9.]+) s .*/\1/')
  per=$(echo "$line" | sed -E 's/.*\(([0-9.]+) ms CPU per block\).*/\1/')
  live=$(echo "$line" | sed -E 's/.*live heap at most ([0-9]+) MiB.*/\1/')
  table+=$'\n'"| $provers | $txs | $b | $wall | $cpu | $per | $live | $((peak / 1024)) | $before → $after |"
  cat "$log" >&2
  rm -f "$log"
done
echo "$table"
if [ -n "$out" ]; then echo "$table" >"$out"; fi
