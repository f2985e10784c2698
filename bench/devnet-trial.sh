#!/usr/bin/env bash
# An operator's trial of the devnet, as separate processes on loopback: a devnet host and three
# joining prover nodes (full gossip mesh), started together (the joiners must wait for the host),
# then, while blocks are produced:
#   - an attacker (io.coprover.bench.DevnetAttack) for most of the run: sybil registrations until
#     the faucet runs dry, slow connections against the contract and every gossip port, junk
#     gossip in valid envelopes, forged and replayed contract calls;
#   - kill -9 of a joiner mid-run and its restart (it must recover the blocks still proving);
#   - kill -9 of the host and its restart (it must replay its chain journal; joiners resync).
# Then it reads every node's log and prints (and writes to DIR/summary.md): blocks finalised,
# dropped, conserved; each joiner's rewards; what the restarts recovered; what every attack got.
#
#   bench/devnet-trial.sh [DIR=/tmp/coprover-devnet-trial] [MINUTES=8]
#
# Needs what the build needs (Java 17, Maven); python3 for the summary. Ports 7411-7414 (gossip),
# 9411-9414 (metrics) and 7510 (contract) must be free.
set -uo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
dir="${1:-/tmp/coprover-devnet-trial}"
minutes="${2:-8}"
total=$((minutes * 60))
./coprover --version >/dev/null || { echo "build failed" >&2; exit 1; }
if [ ! -f bench/target/benchmarks.jar ] || [ -n "$(find bench/src java/src/main -newer bench/target/benchmarks.jar -type f | head -n1)" ]; then
  echo "building bench/target/benchmarks.jar ..." >&2
  mvn -B -ntp -q -pl bench -am package -DskipTests >&2 || exit 1
fi
rm -rf "$dir" && mkdir -p "$dir"
names=(host p1 p2 p3)
gport() { echo $((7411 + $1)); }
peers_of() {
  local i=$1 out="" j
  for j in 0 1 2 3; do [ "$j" != "$i" ] && out="$out${out:+, }127.0.0.1:$(gport "$j")"; done
  echo "[$out]"
}
for i in 0 1 2 3; do
  n=${names[$i]}
  ./coprover node --init "$dir/$n" --name "$n" >/dev/null
  role=BOTH; chain="chain: {contract: 127.0.0.1:7510}"
  if [ "$n" = host ]; then
    role=BOTH   # the host proves too: the first blocks are frozen before the joiners have registered
    chain="chain: {host: true, contract: 127.0.0.1:7510, depth: 2, window: 60, blockSeconds: 20, txsPerBlock: 4, seed: 11}"
  fi
  cat > "$dir/$n/node.yaml" <<EOF
name: $n
key: node.key
role: $role
listen: 127.0.0.1:$(gport "$i")
peers: $(peers_of "$i")
http: {idleTimeoutMillis: 5000}
metrics: {port: $((9411 + i))}
$chain
EOF
done

declare -A pid
start() { # name run-number
  local n=$1 extra=""
  [ "$n" = host ] && extra="--devnet-host"
  # the JVM itself (not the ./coprover launcher, which may run it as a child): kill -9 must reach it
  (cd "$dir/$n" && exec java -XX:+UseParallelGC -jar "$repo/java/target/coprover.jar" node --config node.yaml $extra >>"$dir/$n.log" 2>&1) &
  pid[$n]=$!
  echo "$(date -u +%T) started $n (pid ${pid[$n]})" | tee -a "$dir/timeline.log"
}
at() { # wait until SECONDS since start reaches $1
  while [ "$SECONDS" -lt "$1" ]; do sleep 1; done
}
stop_all() {
  for n in "${names[@]}"; do [ -n "${pid[$n]:-}" ] && kill "${pid[$n]}" 2>/dev/null; done
  [ -n "${attacker:-}" ] && kill "$attacker" 2>/dev/null
  wait 2>/dev/null
}
trap stop_all EXIT

SECONDS=0
for n in "${names[@]}"; do start "$n"; done   # joiners together with the host: they must wait for it
at 60
gossip="127.0.0.1:7412,127.0.0.1:7413,127.0.0.1:7414,127.0.0.1:7411"
# (its raw slow connections come from 127.0.0.2, as another machine's would: the per-address cap is the nodes' to apply)
java -cp bench/target/benchmarks.jar io.coprover.bench.DevnetAttack 127.0.0.1:7510 "$gossip" $((total - 150)) >"$dir/attack.log" 2>&1 &
attacker=$!
echo "$(date -u +%T) attacker started for $((total - 150)) s" | tee -a "$dir/timeline.log"
at $((total / 4 + 60))
kill -9 "${pid[p2]}"; echo "$(date -u +%T) kill -9 p2" | tee -a "$dir/timeline.log"
at $((total / 4 + 90)); start p2
at $((total / 2 + 30))
kill -9 "${pid[host]}"; echo "$(date -u +%T) kill -9 host" | tee -a "$dir/timeline.log"
at $((total / 2 + 45)); start host
wait "$attacker"; attacker=""
at "$total"
echo "$(date -u +%T) stopping" | tee -a "$dir/timeline.log"
stop_all
trap - EXIT

python3 - "$dir" <<'PY' | tee "$dir/summary.md"
import re, sys, pathlib
d = pathlib.Path(sys.argv[1])
def lines(n): return (d / f"{n}.log").read_text(errors="replace").splitlines() if (d / f"{n}.log").exists() else []
kv = lambda l: dict(re.findall(r'(\w[\w.]*)=("(?:[^"\\]|\\.)*"|\S+)', l))
fin = {}
for l in lines("host"):
    if "event=devnet.finalised" in l:
        k = kv(l); fin[int(k["block"])] = k
print("# devnet trial:", d)
print()
print("timeline:"); print("```"); print((d / "timeline.log").read_text().strip()); print("```")
dropped = [b for b, k in fin.items() if k.get("dropped") == "true"]
unconserved = [b for b, k in fin.items() if k.get("conserved") != "true"]
print(f"\nblocks finalised: {len(fin)} (blocks {min(fin) if fin else '-'}..{max(fin) if fin else '-'}); "
      f"dropped: {len(dropped)} {dropped}; not conserved: {len(unconserved)} {unconserved}")
for n in ["host", "p1", "p2", "p3"]:
    L = lines(n)
    inc = sum(int(kv(l).get("included", 0)) for l in L if "event=finalised" in l)
    rew = sum(int(kv(l).get("reward", 0)) for l in L if "event=finalised" in l)
    rec = [kv(l).get("data") for l in L if "event=recovered" in l]
    reused = sum(1 for l in L if "event=proof " in l and "reused=true" in l)
    waits = sum(1 for l in L if "contract.waiting" in l)
    restarts = sum(1 for l in L if "contract.host_restarted" in l)
    devrec = [l.split("event=devnet.recovered", 1)[1].strip() for l in L if "event=devnet.recovered" in l]
    errs = sum(1 for l in L if "level=error" in l)
    print(f"- {n}: proofs included {inc}, reward {rew} units; recovered blocks {rec}; proofs reused {reused}; "
          f"waited for host {waits}x; saw host restart {restarts}x; error lines {errs}" + (f"; host replay: {devrec}" if devrec else ""))
print("\nattacks (what each got back):"); print("```")
print("\n".join(l for l in lines("attack") if l.startswith("attack.")))
print("```")
PY
