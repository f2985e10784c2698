#!/usr/bin/env bash
# Two builds of the modelled simulator side by side: runs `simulate --proofs modelled` with jar A
# and jar B in turn (A B B A A B ..., so neither always goes first), REPS times each, same
# arguments, and prints each run's wall time, process CPU time and the event loop's thread CPU
# time (from /proc, sampled every 0.25 s), and the median ratios A/B. Usage:
#   bench/sim-ab.sh A.jar B.jar REPS -- SIMULATE-ARGS...
# e.g. bench/sim-ab.sh old.jar new.jar 2 -- --provers 1000 --txs 1024 --blocks 100
set -euo pipefail
[ $# -ge 4 ] && [ "$4" = "--" ] || { echo "usage: $0 A.jar B.jar REPS -- SIMULATE-ARGS..." >&2; exit 2; }
a=$1 b=$2 reps=$3
shift 4
run() { # jar args... -> "wall cpu loop"
  local jar=$1 line log pid best=0 t v
  shift
  log=$(mktemp)
  java -XX:+UseParallelGC -jar "$jar" simulate --proofs modelled "$@" >"$log" 2>&1 &
  pid=$!
  # the event loop runs on the main thread (named "java" by the launcher): its CPU time is the
  # run's critical path, and on a shared machine it is steadier than wall time
  while kill -0 "$pid" 2>/dev/null; do
    for t in /proc/"$pid"/task/*; do
      [ "$(cat "$t/comm" 2>/dev/null)" = java ] || continue
      v=$(awk '{sub(/.*\) /, ""); print $12 + $13}' "$t/stat" 2>/dev/null) || continue
      [ -n "$v" ] && [ "$v" -gt "$best" ] && best=$v
    done
    sleep 0.25
  done
  wait "$pid"
  line=$(grep -E '^  wall ' "$log")
  rm -f "$log"
  echo "$(echo "$line" | sed -E 's/.*wall ([0-9.]+) s, CPU ([0-9.]+) s .*/\1 \2/') $(awk -v x="$best" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", x / hz}')"
}
declare -a wa wb ca cb la lb
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 0; i < reps; i++)); do
  if ((i % 2 == 0)); then order="a b"; else order="b a"; fi
  for w in $order; do
    if [ "$w" = a ]; then read -r x y z < <(run "$a" "$@"); wa+=("$x"); ca+=("$y"); la+=("$z"); echo "A $x s wall, $y s CPU, $z s event loop"
    else read -r x y z < <(run "$b" "$@"); wb+=("$x"); cb+=("$y"); lb+=("$z"); echo "B $x s wall, $y s CPU, $z s event loop"; fi
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
ma=$(median "${ca[@]}") mb=$(median "${cb[@]}") mwa=$(median "${wa[@]}") mwb=$(median "${wb[@]}")
mla=$(median "${la[@]}") mlb=$(median "${lb[@]}")
echo "median CPU: A $ma s, B $mb s, A/B $(awk -v x="$ma" -v y="$mb" 'BEGIN {printf "%.2f", x / y}')x"
echo "median wall: A $mwa s, B $mwb s, A/B $(awk -v x="$mwa" -v y="$mwb" 'BEGIN {printf "%.2f", x / y}')x"
echo "median event-loop thread CPU: A $mla s, B $mlb s, A/B $(awk -v x="$mla" -v y="$mlb" 'BEGIN {printf "%.2f", x / y}')x"
