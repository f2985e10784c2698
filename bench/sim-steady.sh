#!/usr/bin/env bash
# The modelled simulator's speed once warm: runs `simulate --proofs modelled` with a given jar,
# follows the blocks it finishes (its --jsonl output, one line per block, as it goes) and the
# process's, event loop's, records' thread's and contract's thread's CPU time (from /proc, every
# 0.5 s), and prints them per block for the blocks after SKIP only: the JIT's warm-up (a few
# hundred blocks at 1000 provers; the JIT compiles until about block 1500) is left out, which a
# whole-run time cannot do. Compare builds by running them in turn (A B B A ...) in one sitting; on
# a shared machine single runs differ by 10-20 %, and where the last-level cache is shared with
# other guests by 1.5x: then compare the figures per unit of the event loop's CPU it also prints
# (the threads of one run share its conditions) for a change that leaves the event loop's work alone.
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
  # the event loop runs on the main thread (named "java" by the launcher): the busiest of that name;
  # the records' and the contract's threads by their names (cut to 15 characters by the kernel)
  loop=0 rec=0 con=0
  for t in /proc/"$pid"/task/*; do
    name=$(cat "$t/comm" 2>/dev/null || true)
    case "$name" in java | coprover-record | coprover-contra) ;; *) continue ;; esac
    v=$(ticks "$t/stat")
    [ -n "$v" ] || continue
    case "$name" in
      java) [ "$v" -gt "$loop" ] && loop=$v ;;
      coprover-record) rec=$v ;;
      coprover-contra) con=$v ;;
    esac
  done
  proc=$(ticks /proc/"$pid"/stat)
  [ -n "$proc" ] && echo "$n $(date +%s.%N) $loop $proc $rec $con" >>"$d/samples"
  sleep 0.5
done
wait "$pid" || { cat "$d/log" >&2; exit 1; }
hz=$(getconf CLK_TCK)
awk -v skip="$skip" -v hz="$hz" '
  $1 >= skip && first == "" { first = $0 }
  # a thread gone at the end (the JVM shutting down) reads as 0 or less: only samples where each still grows
  $3 > 0 && $3 >= ml && $5 >= mr && $6 >= mc { last = $0; ml = $3; mr = $5; mc = $6 }
  END {
    if (first == "" || last == "") { print "no samples after block " skip > "/dev/stderr"; exit 1 }
    split(first, a, " "); split(last, b, " "); n = b[1] - a[1]
    if (n <= 0) { print "too few blocks sampled after block " skip > "/dev/stderr"; exit 1 }
    wall = 1000 * (b[2] - a[2]) / n; proc = 1000 * (b[4] - a[4]) / hz / n; loop = 1000 * (b[3] - a[3]) / hz / n
    rec = 1000 * (b[5] - a[5]) / hz / n; con = 1000 * (b[6] - a[6]) / hz / n
    printf "blocks %d..%d: wall %.1f ms/block, process CPU %.1f ms/block, event loop CPU %.1f ms/block\n",
      a[1], b[1], wall, proc, loop
    printf "  records thread CPU %.1f ms/block, contract thread CPU %.1f ms/block\n", rec, con
    # every thread of one run shares its machine conditions (a shared cache swings runs by 1.5x and
    # more): per unit of the event-loop CPU, these compare across runs where the times do not
    if (loop > 0)
      printf "  per unit of event-loop CPU: wall %.2f, process %.2f, records thread %.3f, contract thread %.3f\n",
        wall / loop, proc / loop, rec / loop, con / loop
  }' "$d/samples"
