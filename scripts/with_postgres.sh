#!/usr/bin/env bash
# Runs a command beside a private PostgreSQL server: a cluster made with initdb in a temporary
# directory, started as an unprivileged user (postgres when we are root: PostgreSQL refuses to
# run as root) on a Unix socket in that directory only, stopped and removed afterwards. The
# command sees CATS_MCP_TEST_POSTGRES (a libpq URI of the cluster, superuser "cats") and
# CATS_REQUIRE_POSTGRES=1, so tests that need the server fail rather than skip without it.
# Usage: scripts/with_postgres.sh COMMAND [ARGS...]
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "with_postgres.sh: PostgreSQL is not installed (scripts/setup.sh --with-tests)" >&2; exit 2; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/cats-mcp-postgres.XXXXXX")
as=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$dir"
  as=(runuser -u postgres --)
fi
stop() {
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
"${as[@]}" "$bin/initdb" -D "$dir/data" -U cats --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# No TCP at all: the socket lives in the private directory. fsync off: a test cluster.
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses='' -k $dir -p 5432 -c fsync=off -c max_connections=200" start >/dev/null ||
  { cat "$dir/server.log" >&2; exit 1; }
export CATS_MCP_TEST_POSTGRES="postgresql:///postgres?host=$dir&port=5432&user=cats"
export CATS_REQUIRE_POSTGRES=1
"$@"
