#!/usr/bin/env bash
# Two builds of the modelled simulator at the same time: runs bench/sim-steady.sh with jar A and
# jar B side by side (each gets about one of the two cores; their threads' CPU time is what is
# compared, not the wall time) and prints both, once warm. On a machine whose last-level cache is
# shared with other guests, one build's event-loop CPU per block swings by 1.5x between runs taken
# in turn; two runs at once share those conditions. The same build against itself agreed within
# 2 % here (29.8 and 29.3 ms per block), where runs in turn differed by 20 %. Repeat with A and B
# swapped: the one started first is not favoured, but a single pair is one sample.
# Usage:
#   bench/sim-pair.sh A.jar B.jar SKIP BLOCKS [SIMULATE-ARGS...]
# e.g. bench/sim-pair.sh old.jar new.jar 1000 1800 --provers 1000 --txs 1024
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: $0 A.jar B.jar SKIP BLOCKS [SIMULATE-ARGS...]" >&2; exit 2; }
a=$1 b=$2 skip=$3 blocks=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
"$here/sim-steady.sh" "$a" "$skip" "$blocks" "$@" >"$d/a" 2>&1 &
pa=$!
"$here/sim-steady.sh" "$b" "$skip" "$blocks" "$@" >"$d/b" 2>&1 &
pb=$!
ok=0
wait "$pa" || ok=1
wait "$pb" || ok=1
echo "A $a"
tail -3 "$d/a"
echo "B $b"
tail -3 "$d/b"
exit "$ok"
