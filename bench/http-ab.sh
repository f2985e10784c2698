#!/usr/bin/env bash
# HTTP stack A/B on loopback: runs io.coprover.bench.HttpLoad against two builds of coprover in
# turn (A B A B ...), same machine, same sitting, and prints every run and the medians.
#
#   bench/http-ab.sh A_JAR B_JAR [ROUNDS] [SECONDS] [MODES]
#
# A_JAR / B_JAR: shaded jars (java/target/coprover.jar) of the two builds, e.g. the commit before
# the stack change, built in a detached worktree:
#   git worktree add --detach /tmp/before <commit> && (cd /tmp/before && mvn -B -ntp -pl java -Dnative.skip=true -DskipTests package)
# The load classes come from this checkout: mvn -B -ntp -pl java,bench -Dnative.skip=true -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/.."
A=${1:?A jar}; B=${2:?B jar}; ROUNDS=${3:-2}; SECONDS_=${4:-10}; MODES=${5:-"gossip builder health"}
CLASSES=bench/target/classes
[ -f "$CLASSES/io/coprover/bench/HttpLoad.class" ] || { echo "build the bench classes first (see the header)" >&2; exit 2; }
OUT=$(mktemp)
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -1)"
for mode in $MODES; do
  for r in $(seq 1 "$ROUNDS"); do
    for side in A B; do
      jar=$A; [ "$side" = B ] && jar=$B
      line=$(java -cp "$CLASSES:$jar" io.coprover.bench.HttpLoad "$mode" --seconds "$SECONDS_" --warmup 5 2>/dev/null | grep "^$mode ")
      echo "$side round=$r $line" | tee -a "$OUT"
    done
  done
done
echo
echo "| mode | stack | runs | requests/s (median) | p50 µs (median) | p99 µs (median) | errors |"
echo "|---|---|---|---|---|---|---|"
python3 - "$OUT" <<'PY'
import sys, statistics, re
rows = {}
for line in open(sys.argv[1]):
    side, _, mode = line.split()[:3]
    kv = dict(re.findall(r'(\w+)=(\S+)', line))
    rows.setdefault((mode, side), []).append(kv)
for (mode, side), runs in rows.items():
    med = lambda k: statistics.median(float(r[k]) for r in runs)
    print(f"| {mode} | {side} | {len(runs)} | {med('rps'):.0f} | {med('p50_us'):.0f} | {med('p99_us'):.0f} | {sum(int(r['errors']) for r in runs)} |")
PY
rm -f "$OUT"
