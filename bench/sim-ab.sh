#!/usr/bin/env bash
# Two builds of the modelled simulator side by side: runs `simulate --proofs modelled` with jar A
# and jar B in turn (A B B A A B ..., so neither always goes first), REPS times each, same
# arguments, and prints each run's wall and process CPU time and the median ratio B/A. Usage:
#   bench/sim-ab.sh A.jar B.jar REPS -- SIMULATE-ARGS...
# e.g. bench/sim-ab.sh old.jar new.jar 2 -- --provers 1000 --txs 1024 --blocks 100
set -euo pipefail
[ $# -ge 4 ] && [ "$4" = "--" ] || { echo "usage: $0 A.jar B.jar REPS -- SIMULATE-ARGS..." >&2; exit 2; }
a=$1 b=$2 reps=$3
shift 4
run() { # jar args... -> "wall cpu"
  local jar=$1 line
  shift
  line=$(java -XX:+UseParallelGC -jar "$jar" simulate --proofs modelled "$@" 2>&1 | grep -E '^  wall ')
  echo "$line" | sed -E 's/.*wall ([0-9.]+) s, CPU ([0-9.]+) s .*/\1 \2/'
}
declare -a wa wb ca cb
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 0; i < reps; i++)); do
  if ((i % 2 == 0)); then order="a b"; else order="b a"; fi
  for w in $order; do
    if [ "$w" = a ]; then read -r x y < <(run "$a" "$@"); wa+=("$x"); ca+=("$y"); echo "A $x s wall, $y s CPU"
    else read -r x y < <(run "$b" "$@"); wb+=("$x"); cb+=("$y"); echo "B $x s wall, $y s CPU"; fi
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
ma=$(median "${ca[@]}") mb=$(median "${cb[@]}") mwa=$(median "${wa[@]}") mwb=$(median "${wb[@]}")
echo "median CPU: A $ma s, B $mb s, A/B $(awk -v x="$ma" -v y="$mb" 'BEGIN {printf "%.2f", x / y}')x"
echo "median wall: A $mwa s, B $mwb s, A/B $(awk -v x="$mwa" -v y="$mwb" 'BEGIN {printf "%.2f", x / y}')x"
