#!/usr/bin/env bash
# The simulator's prediction of the clinic service checked against real runs
# (docs/sim-clinic.md): measure the clinic at BASE users, feed the measured
# response times to examples/clinic.sim.yaml, predict 2× and 5× the users with
# 20 replications, run the real clinic at 2× and 5×, compare each pair.
#
#   bench/clinic-prediction.sh     (BASE=10 DURATION=60s; results in $OUT, default /tmp/clinic-prediction)
#
# Two models are predicted: "raw" serves each request type's measured response-time
# distribution as its service time; "demand" scales those distributions so that
# their mean is the clinic's measured CPU time per request (the service demand
# law, D = CPU seconds / requests, from `--watch port:PORT`) — the scale it finds is
# written into examples/clinic.sim.yaml. One clinic process on its embedded PGlite
# store serves every measured run; a 15 s run first warms it (JIT, store) and is
# discarded. Measured and simulated runs have the same duration and spawn rate, so
# their figures count the same thing. Run it on a quiet machine (or `nice -n -20`).
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${BASE:-10}
DURATION=${DURATION:-60s}
SPAWN=${SPAWN:-10}
OUT=${OUT:-/tmp/clinic-prediction}
PORT=${PORT:-8897}
HOST="http://127.0.0.1:$PORT"
perflab() { node packages/perflab/bin/perflab.js "$@"; }
measure() { # users, results file, extra flags
  perflab run examples/clinic.scenario.ts --host "$HOST" -u "$1" -r "$SPAWN" -t "$DURATION" --json "$2" "${@:3}" >"$2.log"
}
rm -rf "$OUT" && mkdir -p "$OUT"
PORT="$PORT" HOST=127.0.0.1 node --import tsx apps/clinic/src/main.ts >"$OUT/clinic.log" 2>&1 &
clinic_pid=$!
trap 'kill "$clinic_pid" 2>/dev/null; wait "$clinic_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "$HOST/health" >/dev/null && break; sleep 0.1; done

echo "== warm-up (discarded), then the measured baseline: $BASE users" >&2
perflab run examples/clinic.scenario.ts --host "$HOST" -u "$BASE" -r "$SPAWN" -t 15s >/dev/null
measure "$BASE" "$OUT/real-$BASE.json" --watch "port:$PORT"
cp "$OUT/real-$BASE.json" examples/data/clinic-results.json

# Service demand: the clinic's CPU seconds per request; the scale takes the measured mean response time to it.
scale=$(node -e '
  const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const cpu = d.resources.processes[0].summary.cpuCorePercent.mean / 100; // cores busy on average
  const demandS = (cpu * d.run.elapsedMs / 1000) / d.aggregated.requests;
  const scale = demandS / (d.aggregated.meanMs / 1000);
  console.error(`service demand ${(demandS * 1000).toFixed(3)} ms/request (CPU ${(cpu * 100).toFixed(1)} % of a core), mean response ${d.aggregated.meanMs.toFixed(3)} ms: scale ${scale.toFixed(4)}`);
  console.log(scale.toFixed(4));
' "$OUT/real-$BASE.json")
sed -i -E "s/scale: [0-9.]+ \}/scale: $scale }/" examples/clinic.sim.yaml
sed -E "s#results: data/#results: $PWD/examples/data/#; s/scale: [0-9.]+ \}/scale: 1 }/" examples/clinic.sim.yaml \
  >"$OUT/clinic-raw.sim.yaml"

for factor in 2 5; do
  users=$((BASE * factor))
  echo "== $factor× = $users users: simulated (20 replications, both models), then measured" >&2
  for variant in raw demand; do
    model=examples/clinic.sim.yaml
    [ "$variant" = raw ] && model="$OUT/clinic-raw.sim.yaml"
    perflab sim "$model" -u "$users" --duration "$DURATION" --warmup 0 --replications 20 \
      --json "$OUT/sim-$variant-$users.json" >"$OUT/sim-$variant-$users.txt"
  done
  measure "$users" "$OUT/real-$users.json"
  perflab compare "$OUT/real-$users.json" "$OUT/sim-demand-$users.json" --json "$OUT/compare-$users.json" \
    >"$OUT/compare-$users.txt" || true # exit 1 = differences found; they are the point
done
node --import tsx bench/clinic-prediction-table.ts "$OUT" "$BASE"
