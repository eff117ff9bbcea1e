#!/usr/bin/env bash
# What a legacy session costs per request when replicas share it: a JSON-RPC ping inside one
# session over Streamable HTTP (wrk, 64 keep-alive connections), with the session
#   memory     a random id held by this process (no CATS_MCP_STATE_KEY; one replica only)
#   sqlite     a sealed ticket, its note looked up in a SQLite state database
#   postgresql a sealed ticket, its note looked up in PostgreSQL (a private cluster on a Unix
#              socket, started by scripts/with_postgres.sh)
# and a stateless ping (no session) as the floor. Rounds interleave: this VM's speed drifts.
#   scripts/with_postgres.sh bench/session_bench.sh [SECONDS] [ROUNDS]   (needs: wrk curl)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
rounds=${2:-3}
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
: "${CATS_MCP_TEST_POSTGRES:?run under scripts/with_postgres.sh}"
psql -q "$CATS_MCP_TEST_POSTGRES" -c "CREATE DATABASE cats_session_bench" 2>/dev/null || true
pg_uri=${CATS_MCP_TEST_POSTGRES/\/postgres\?//cats_session_bench?}

start() {  # start NAME PORT ENV...: a server, ready
  local name=$1 port=$2; shift 2
  env CATS_SANDBOX_DB="$work/sandbox.db" CATS_MCP_LOG_LEVEL=warning "$@" \
    build/cats-contacts-mcp --http "127.0.0.1:$port" > /dev/null 2> "$work/$name.log" &
  pids+=($!)
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.05; done
}
session_on() {  # session_on PORT: initialize, print the session id
  curl -s -D - -o /dev/null -H 'Content-Type: application/json' -H 'Accept: application/json' \
    -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}' \
    "http://127.0.0.1:$1/cats-contacts" | awk 'tolower($1) == "mcp-session-id:" {print $2}' | tr -d '\r'
}
key=$(openssl rand -hex 32)
declare -A session port=([memory]=18941 [sqlite]=18942 [postgresql]=18943)
start memory 18941 CATS_MCP_STATE_DB="$work/state-memory.db"
start sqlite 18942 CATS_MCP_STATE_KEY="$key" CATS_MCP_STATE_DB="$work/state.db"
start postgresql 18943 CATS_MCP_STATE_KEY="$key" CATS_MCP_MASTER_KEY="$key" CATS_MCP_STATE_DB="$pg_uri"
for kind in memory sqlite postgresql; do session[$kind]=$(session_on "${port[$kind]}"); done
echo "session id lengths: memory ${#session[memory]}, sqlite ${#session[sqlite]}, postgresql ${#session[postgresql]}"

run() {  # run LABEL PORT [SESSION]
  local out
  out=$(BENCH_SESSION_ID=${3:-} wrk --latency -t2 -c64 -d"${seconds}s" -s "bench/${4:-session_ping}.lua" "http://127.0.0.1:$2/cats-contacts")
  printf '%-34s %10s req/s  p50 %8s  p99 %8s%s\n' "$1" "$(awk '/Requests\/sec/ {print $2}' <<< "$out")" \
    "$(awk '$1 == "50%" {print $2}' <<< "$out")" "$(awk '$1 == "99%" {print $2}' <<< "$out")" \
    "$(grep -q "Non-2xx" <<< "$out" && echo "  (non-2xx answers!)")"
}
for round in $(seq "$rounds"); do
  echo "== round $round"
  run "stateless ping (no session)" 18941 "" ping
  for kind in memory sqlite postgresql; do run "ping in a $kind session" "${port[$kind]}" "${session[$kind]}"; done
done
