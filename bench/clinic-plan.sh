#!/usr/bin/env bash
# The capacity-planning acceptance run: the clinic service on a real redis-server,
# seeded as in bench/clinic-redis.sh, planned by `perflab plan` with the service
# and Redis watched; the report goes to docs/examples/ (or $OUT).
#
#   bench/clinic-plan.sh [extra perflab plan flags]     (needs Debian's redis-server)
#
# Everything started is stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v redis-server >/dev/null || { echo "needs redis-server: apt-get install -y redis-server" >&2; exit 2; }

REDIS_PORT=${REDIS_PORT:-6392}
PORT=${PORT:-8889}
OUT=${OUT:-docs/examples}
work=$(mktemp -d)
cleanup() {
  [ -n "${clinic_pid:-}" ] && kill "$clinic_pid" 2>/dev/null && wait "$clinic_pid" 2>/dev/null || true
  [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
  --daemonize yes --pidfile "$work/redis.pid" --dir "$work" >/dev/null
REDIS_URL="redis://127.0.0.1:$REDIS_PORT" PORT="$PORT" HOST=127.0.0.1 \
  node --import tsx apps/clinic/src/main.ts >"$work/clinic.log" 2>&1 &
clinic_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
node bench/seed-clinic.mjs "http://127.0.0.1:$PORT"

npx perflab plan examples/clinic.scenario.ts --host "http://127.0.0.1:$PORT" \
  --steps "${STEPS:-10,25,50,100,200,400}" --step-duration "${STEP_DURATION:-20s}" --warmup 5s \
  --budget ram=2.9GiB,cpus=3 --slo 'p95<300ms' \
  --watch "port:$PORT" --watch "port:$REDIS_PORT" --redis "redis://127.0.0.1:$REDIS_PORT" \
  --out "$OUT" "$@"
