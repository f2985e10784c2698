#!/usr/bin/env bash
# The modelled simulator's speed once warm: runs `simulate --proofs modelled` with a given jar,
# follows the blocks it finishes (its --jsonl output, one line per block, as it goes) and the
# process's and event loop's CPU time (from /proc, every 0.5 s), and prints wall time, process CPU
# and event-loop CPU per block for the blocks after SKIP only: the JIT's warm-up (a few hundred
# blocks at 1000 provers) is left out, which a whole-run time cannot do. Compare builds by running
# them in turn (A B B A ...) in one sitting; on a shared machine single runs differ by 10-20 %.
# Usage:
#   bench/sim-steady.sh JAR SKIP BLOCKS [SIMULATE-ARGS...]
# e.g. bench/sim-steady.sh java/target/coprover.jar 200 450 --provers 1000 --txs 1024
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 JAR SKIP BLOCKS [SIMULATE-ARGS...]" >&2; exit 2; }
jar=$1 skip=$2 blocks=$3
shift 3
[ "$skip" -lt "$blocks" ] || { echo "SKIP must be below BLOCKS" >&2; exit 2; }
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
java -XX:+UseParallelGC -jar "$jar" simulate --proofs modelled --blocks "$blocks" --jsonl "$d/blocks.jsonl" "$@" \
  >"$d/log" 2>&1 &
pid=$!
ticks() { awk '{sub(/.*\) /, ""); print $12 + $13}' "$1" 2>/dev/null || true; }
while kill -0 "$pid" 2>/dev/null; do
  n=$( (cat "$d/blocks.jsonl" 2>/dev/null || true) | wc -l)
  # the event loop runs on the main thread (named "java" by the launcher): the busiest of that name
  loop=0
  for t in /proc/"$pid"/task/*; do
    [ "$(cat "$t/comm" 2>/dev/null)" = java ] || continue
    v=$(ticks "$t/stat")
    [ -n "$v" ] && [ "$v" -gt "$loop" ] && loop=$v
  done
  proc=$(ticks /proc/"$pid"/stat)
  [ -n "$proc" ] && echo "$n $(date +%s.%N) $loop $proc" >>"$d/samples"
  sleep 0.5
done
wait "$pid" || { cat "$d/log" >&2; exit 1; }
hz=$(getconf CLK_TCK)
awk -v skip="$skip" -v hz="$hz" '
  $1 >= skip && first == "" { first = $0 }
  $3 > 0 { last = $0 }
  END {
    if (first == "" || last == "") { print "no samples after block " skip > "/dev/stderr"; exit 1 }
    split(first, a, " "); split(last, b, " "); n = b[1] - a[1]
    if (n <= 0) { print "too few blocks sampled after block " skip > "/dev/stderr"; exit 1 }
    printf "blocks %d..%d: wall %.1f ms/block, process CPU %.1f ms/block, event loop CPU %.1f ms/block\n",
      a[1], b[1], 1000 * (b[2] - a[2]) / n, 1000 * (b[4] - a[4]) / hz / n, 1000 * (b[3] - a[3]) / hz / n
  }' "$d/samples"
