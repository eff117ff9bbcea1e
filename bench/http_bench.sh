#!/usr/bin/env bash
# Throughput and latency of tools/call get_a_contact over Streamable HTTP on the sandbox, with
# 64 keep-alive connections (wrk), next to two baselines measured in the same run: the static
# GET /healthz and a JSON-RPC ping. Reports the server's peak RSS.
#   bench/http_bench.sh [CONTACTS] [SECONDS]      (needs: apt-get install wrk curl)
set -euo pipefail
cd "$(dirname "$0")/.."
contacts=${1:-10000}
seconds=${2:-15}
port=${BENCH_PORT:-18931}
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
build/cats-contacts-mcp sandbox seed --contacts "$contacts" --db "$work/bench.db" > /dev/null
CATS_SANDBOX_DB="$work/bench.db" CATS_MCP_STATE_DB="$work/state.db" CATS_MCP_LOG_LEVEL=warning \
  build/cats-contacts-mcp --http "127.0.0.1:$port" ${BENCH_SERVER_ARGS:-} 2> "$work/server.log" &
server=$!
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.05; done
url="http://127.0.0.1:$port"
echo "server pid $server on $url, $contacts contacts + 3 demo"
run() { echo "== $1"; shift; wrk --latency -t2 -c64 -d"${seconds}s" "$@" | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors"; }
run "static baseline: GET /healthz" "$url/healthz"
run "JSON-RPC ping (POST /cats-contacts)" -s bench/ping.lua "$url/cats-contacts"
BENCH_MAX_ID=$((contacts + 3)) run "tools/call get_a_contact (POST /cats-contacts)" -s bench/get_a_contact.lua "$url/cats-contacts"
echo "== server peak RSS: $(grep VmHWM /proc/$server/status | awk '{print $2, $3}')"
