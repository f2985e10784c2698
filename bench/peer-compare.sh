#!/usr/bin/env bash
# Side-by-side timing of coprover (pure-Java backend) and ffjavascript 0.3.1 (the library behind
# snarkjs 0.7.6) on the same MSM and NTT sizes, one after the other in one run (never at the same
# time: they would share the cores). Prints a Markdown table: operation, size, both medians, ratio.
#
# Usage: bench/peer-compare.sh [--msm LOGS] [--ntt LOGS] [--reps N] [--out FILE]
#   LOGS: log2 sizes, a list and/or ranges such as 10..18 or 12,16 ("none" skips the operation)
#   defaults: --msm 10..18 --ntt 10..20 --reps 3; --out also writes the report to FILE
# Needs: Java 17, Maven (to build the jar if missing), Node.js 18+ and npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
msm="10..18"; ntt="10..20"; reps=3; out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --msm) msm="$2"; shift 2 ;;
    --ntt) ntt="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "peer-compare: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
command -v node >/dev/null || { echo "peer-compare: node (18+) is required" >&2; exit 1; }
command -v npm >/dev/null || { echo "peer-compare: npm is required" >&2; exit 1; }

echo "peer-compare: installing ffjavascript into bench/peer ..." >&2
(cd "$here/peer" && { npm ci --no-audit --no-fund --silent || npm install --no-audit --no-fund --silent; }) >&2

load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
ours="$tmp/ours.csv"; theirs="$tmp/theirs.csv"
: > "$ours"
echo "peer-compare: coprover ..." >&2
# the launcher builds java/target/coprover.jar when it is missing or stale
if [ "$msm" != none ]; then "$root/coprover" bench msm --sizes "$msm" --reps "$reps" --warmup 1 --format csv >> "$ours"; fi
if [ "$ntt" != none ]; then "$root/coprover" bench ntt --sizes "$ntt" --reps "$reps" --warmup 1 --format csv >> "$ours"; fi
echo "peer-compare: ffjavascript ..." >&2
node "$here/peer/peer-bench.mjs" --msm "$msm" --ntt "$ntt" --reps "$reps" --warmup 1 > "$theirs"

commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || echo unknown)"
{
  echo "# coprover vs ffjavascript: MSM and NTT"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ), commit: $commit"
  echo "- machine: $(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo 2>/dev/null) memory"
  echo "- load average (1, 5, 15 min) before / after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
  echo "- java: $(java -version 2>&1 | head -n1); node: $(node --version); ffjavascript $(node -p "require('$here/peer/node_modules/ffjavascript/package.json').version")"
  echo "- command: \`bench/peer-compare.sh --msm $msm --ntt $ntt --reps $reps\` (median of $reps timed runs after 1 warm-up; all cores on both sides)"
  echo
  node "$here/peer/compare.mjs" "$ours" "$theirs"
  echo
  echo "Raw CSV (coprover):"; echo; echo '```'; cat "$ours"; echo '```'
  echo; echo "Raw CSV (ffjavascript):"; echo; echo '```'; cat "$theirs"; echo '```'
} > "$tmp/report.md"
cat "$tmp/report.md"
if [ -n "$out" ]; then cp "$tmp/report.md" "$out"; echo "peer-compare: written to $out" >&2; fi
