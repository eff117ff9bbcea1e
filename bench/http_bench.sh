#!/usr/bin/env bash
# Throughput and latency of tools/call get_a_contact over Streamable HTTP on the sandbox, with
# 64 keep-alive connections (wrk), next to three baselines from the same server in the same run:
# the static GET /healthz, a JSON-RPC ping, and a tools/call refused by argument validation
# (the whole call path without the backend's work). Each load runs ROUNDS times, interleaved,
# because this VM's speed drifts between runs. Reports the server's CPU time per request and
# its peak RSS.
#   bench/http_bench.sh [CONTACTS] [SECONDS] [ROUNDS]      (needs: apt-get install wrk curl)
set -euo pipefail
cd "$(dirname "$0")/.."
contacts=${1:-10000}
seconds=${2:-10}
rounds=${3:-3}
port=${BENCH_PORT:-18931}
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
build/cats-contacts-mcp sandbox seed --contacts "$contacts" --db "$work/bench.db" > /dev/null
CATS_SANDBOX_DB="$work/bench.db" CATS_MCP_STATE_DB="$work/state.db" CATS_MCP_LOG_LEVEL=warning \
  build/cats-contacts-mcp --http "127.0.0.1:$port" ${BENCH_SERVER_ARGS:-} 2> "$work/server.log" &
server=$!
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.05; done
url="http://127.0.0.1:$port"
echo "server pid $server on $url, $contacts contacts + 3 demo, ${seconds}s x $rounds rounds, args: ${BENCH_SERVER_ARGS:-none}"
export BENCH_MAX_ID=$((contacts + 3))

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
# run LABEL WRK-ARGS...: one wrk run; prints requests/s, p50, p99 and server CPU µs per request.
run() {
  local label=$1; shift
  local before after out rps
  before=$(cpu_ticks)
  out=$(wrk --latency -t2 -c64 -d"${seconds}s" "$@")
  after=$(cpu_ticks)
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  printf '%-34s %10s req/s  p50 %8s  p99 %8s  server CPU %6s µs/req%s\n' "$label" "$rps" \
    "$(awk '$1 == "50%" {print $2}' <<< "$out")" "$(awk '$1 == "99%" {print $2}' <<< "$out")" \
    "$(awk -v t=$((after - before)) -v r="$rps" -v s="$seconds" -v hz="$(getconf CLK_TCK)" \
        'BEGIN {printf "%.1f", t / hz * 1e6 / (r * s)}')" \
    "$(grep -q "Non-2xx" <<< "$out" && echo "  (non-2xx answers!)")"
}
wrk -t2 -c64 -d2s -s bench/get_a_contact.lua "$url/cats-contacts" > /dev/null  # warm the page cache
for round in $(seq "$rounds"); do
  echo "== round $round"
  run "static GET /healthz" "$url/healthz"
  run "JSON-RPC ping" -s bench/ping.lua "$url/cats-contacts"
  run "tools/call refused by validation" -s bench/refused_call.lua "$url/cats-contacts"
  run "tools/call get_a_contact" -s bench/get_a_contact.lua "$url/cats-contacts"
done
echo "== server peak RSS: $(grep VmHWM /proc/$server/status | awk '{print $2, $3}')"
