#!/usr/bin/env bash
# The simulator's prediction of the clinic service checked against real runs
# (docs/sim-clinic.md): measure the clinic at BASE users, feed the measured
# response times to examples/clinic.sim.yaml, predict 2× and 5× the users with
# 20 replications, run the real clinic at 2× and 5×, compare each pair.
#
#   bench/clinic-prediction.sh            (BASE=10 DURATION=60s; results in $OUT, default /tmp/clinic-prediction)
#
# Every run is `perflab demo` (the clinic on its embedded PGlite store, in the
# same process as the load generator) for the same duration and spawn rate, so
# measured and simulated figures count the same thing. Run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${BASE:-10}
DURATION=${DURATION:-60s}
SPAWN=${SPAWN:-10}
OUT=${OUT:-/tmp/clinic-prediction}
perflab() { node packages/perflab/bin/perflab.js "$@"; }
rm -rf "$OUT" && mkdir -p "$OUT"

echo "== measured baseline: $BASE users" >&2
perflab demo -u "$BASE" -r "$SPAWN" -t "$DURATION" --out "$OUT/real-$BASE" >"$OUT/real-$BASE.log"
cp "$OUT/real-$BASE/clinic.json" examples/data/clinic-results.json

for factor in 2 5; do
  users=$((BASE * factor))
  echo "== $factor× = $users users: simulated (20 replications), then measured" >&2
  perflab sim examples/clinic.sim.yaml -u "$users" --duration "$DURATION" --warmup 0 --replications 20 \
    --json "$OUT/sim-$users.json" >"$OUT/sim-$users.txt"
  perflab demo -u "$users" -r "$SPAWN" -t "$DURATION" --out "$OUT/real-$users" >"$OUT/real-$users.log"
  perflab compare "$OUT/real-$users/clinic.json" "$OUT/sim-$users.json" --json "$OUT/compare-$users.json" \
    >"$OUT/compare-$users.txt" || true # exit 1 = differences found; they are the point
done
node --import tsx bench/clinic-prediction-table.ts "$OUT" "$BASE"
