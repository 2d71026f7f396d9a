#!/usr/bin/env bash
# Fuzzes the controller's REST API with schemathesis against its own OpenAPI document
# (`pnpm --filter @switchyard/controller fuzz:api`). Needs the built controller (`pnpm build`) and
# schemathesis on PATH (CI: pip install schemathesis==4.32.5).
#
# What it does: ensures the stack (`pnpm stack up`), creates a fresh database, starts
# `node dist/main.js` in direct mode on a free loopback port, waits for /readyz, then runs
# schemathesis twice, each bounded in time:
#   1. every operation (but the two SSE streams, which never end) with the admin token;
#   2. the sidecar lane with a sidecar token (admin is refused there before validation runs).
# Checks: not_a_server_error (no 5xx, the requirement), status_code_conformance,
# content_type_conformance and response_schema_conformance. It then stops the controller, drops
# the database, prints how many cases were generated, and exits non-zero on any failure.
#
# Env: FUZZ_MAX_EXAMPLES (per operation and phase, default 40), FUZZ_MAX_TIME (seconds per pass,
# default 100), FUZZ_SEED (reproduce a run), FUZZ_REPORT_DIR (default
# apps/controller/reports/schemathesis, git-ignored), FUZZ_WORKERS (default 2).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
app_dir="$(cd "$here/../.." && pwd)"
root="$(cd "$app_dir/../.." && pwd)"
cd "$root"

max_examples="${FUZZ_MAX_EXAMPLES:-40}"
max_time="${FUZZ_MAX_TIME:-100}"
workers="${FUZZ_WORKERS:-2}"
report_dir="${FUZZ_REPORT_DIR:-$app_dir/reports/schemathesis}"
seed_args=()
[ -n "${FUZZ_SEED:-}" ] && seed_args=(--seed "$FUZZ_SEED")

log() { echo "[fuzz:api] $*"; }

command -v schemathesis >/dev/null 2>&1 || {
  echo "[fuzz:api] schemathesis not found: pip install schemathesis==4.32.5" >&2
  exit 2
}
[ -f "$app_dir/dist/main.js" ] || {
  echo "[fuzz:api] $app_dir/dist/main.js missing: run pnpm build first" >&2
  exit 2
}

log "stack up"
pnpm -s stack up >/dev/null

# Helpers in Node (pg is a controller dependency): the stack's database URL, a fresh database, a free port.
node_in_app() { (cd "$app_dir" && node -e "$1" "${@:2}"); }
base_url="$(pnpm -s stack status --json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).postgres.url))')"
db_name="sy_fuzz_$(node -e 'console.log(require("crypto").randomBytes(5).toString("hex"))')"
db_admin() {
  node_in_app '
    const { Client } = require("pg");
    const c = new Client({ connectionString: process.argv[1] });
    c.connect().then(() => c.query(process.argv[2])).then(() => c.end()).catch((e) => { console.error(e.message); process.exit(1); });
  ' "$base_url" "$1"
}
db_url="$(node -e 'const u=new URL(process.argv[1]);u.pathname="/"+process.argv[2];console.log(u.toString())' "$base_url" "$db_name")"
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
admin_token="fuzz-admin-$(node -e 'console.log(require("crypto").randomBytes(16).toString("hex"))')"
base="http://127.0.0.1:$port"
controller_log="$report_dir/controller.log"
mkdir -p "$report_dir"

controller_pid=""
cleanup() {
  local rc=$?
  if [ -n "$controller_pid" ] && kill -0 "$controller_pid" 2>/dev/null; then
    kill -TERM "$controller_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$controller_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$controller_pid" 2>/dev/null || true
  fi
  db_admin "drop database if exists $db_name with (force)" || true
  exit "$rc"
}
trap cleanup EXIT INT TERM

log "database $db_name"
db_admin "create database $db_name"

log "controller on $base (direct mode), log: $controller_log"
(
  cd "$app_dir"
  exec env -u KAFKA_BROKERS -u REDIS_URL -u REDIS_ENDPOINT \
    DATABASE_URL="$db_url" SWITCHYARD_ADMIN_TOKEN="$admin_token" CONTROLLER_REPLICA_ID=fuzz-0 \
    HOST=127.0.0.1 PORT="$port" node dist/main.js
) >"$controller_log" 2>&1 &
controller_pid=$!

for i in $(seq 1 120); do
  if curl -fsS "$base/readyz" >/dev/null 2>&1; then break; fi
  kill -0 "$controller_pid" 2>/dev/null || { echo "[fuzz:api] controller exited; see $controller_log" >&2; tail -20 "$controller_log" >&2; exit 1; }
  [ "$i" -eq 120 ] && { echo "[fuzz:api] /readyz not up after 60 s" >&2; exit 1; }
  sleep 0.5
done
log "ready"

sidecar_token="$(curl -fsS -X POST "$base/api/v1/tokens" -H "Authorization: Bearer $admin_token" \
  -H 'Content-Type: application/json' -d '{"role":"sidecar","label":"fuzz"}' |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))')"

checks="not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
common=(
  --checks "$checks"
  --max-examples "$max_examples"
  --max-time "$max_time"
  --workers "$workers"
  --request-timeout 10
  --phases examples,coverage,fuzzing
  --suppress-health-check all
  --no-color
  "${seed_args[@]}"
)

status=0
run_pass() {
  local name="$1" token="$2"
  shift 2
  log "pass $name"
  mkdir -p "$report_dir/$name"
  # Run from the report folder: schemathesis and hypothesis keep their state in the working directory.
  (cd "$report_dir/$name" && schemathesis run "$base/api/openapi.json" "${common[@]}" \
    -H "Authorization: Bearer $token" \
    --report junit,ndjson --report-dir "$report_dir/$name" \
    "$@") 2>&1 | tee "$report_dir/$name.log" || status=1
}

# The two Server-Sent-Events streams never end by design: a request cannot complete in a timeout.
streams='^/api/v1/(events|sidecars/commands/stream)$'
sidecar_lane='^/api/v1/(sidecars/(register|heartbeat|\{sidecarId\})|connections/(register|\{id\}/(health|failover))|command-results|config-acks|config)$'
run_pass ops "$admin_token" --exclude-path-regex "$streams"
run_pass sidecar-lane "$sidecar_token" --include-path-regex "$sidecar_lane" --exclude-path-regex "$streams"

total=0
for name in ops sidecar-lane; do
  n="$(grep -Eo '[0-9]+ generated' "$report_dir/$name.log" | tail -1 | grep -Eo '[0-9]+' || echo 0)"
  log "$name: $n test cases generated"
  total=$((total + n))
done
log "total: $total test cases generated"
# ProblemJsonFilter logs every 5xx it writes (level error, context Problem), with the stack.
server_errors="$(grep -c '"level":"error".*"context":"Problem"' "$controller_log" || true)"
log "5xx answers logged by the controller: $server_errors"
[ "$server_errors" -eq 0 ] || grep '"context":"Problem"' "$controller_log" | cut -c1-400 >&2
[ "$server_errors" -eq 0 ] || status=1
if [ "$total" -lt 1000 ]; then
  log "fewer than 1,000 generated cases: raise FUZZ_MAX_EXAMPLES / FUZZ_MAX_TIME"
  status=1
fi
exit "$status"
