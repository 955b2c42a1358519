#!/usr/bin/env bash
# The clinic acceptance run: the clinic service on a real redis-server, seeded
# with 20 hospitals, 100 doctors, 100 patients and 200 diagnoses, load-tested by
# perflab with the original's load (50 users, 5/s, think time 0.2–1.0 s) for 2 min.
#
#   bench/clinic-redis.sh [extra perflab run flags]     (needs Debian's redis-server)
#
# Results go to out/clinic_*.csv and out/clinic.json. Everything started is stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v redis-server >/dev/null || { echo "needs redis-server: apt-get install -y redis-server" >&2; exit 2; }

REDIS_PORT=${REDIS_PORT:-6391}
PORT=${PORT:-8888}
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

npx perflab run examples/clinic.scenario.ts --host "http://127.0.0.1:$PORT" \
  --users 50 --spawn-rate 5 --duration 2m --csv out/clinic --json out/clinic.json "$@"
