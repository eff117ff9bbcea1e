#!/usr/bin/env bash
# Builds with sanitizers (no jemalloc: it hid a use-after-free once) and runs tests under them.
# Usage: scripts/sanitize.sh [asan|tsan] [ctest arguments]   (asan when no kind is given)
#   scripts/sanitize.sh asan   ASan + UBSan, every test: unit, integration, e2e, conformance
#   scripts/sanitize.sh tsan   ThreadSanitizer, the tests whose code runs on several threads
# Extra arguments go to ctest (e.g. -R Sandbox). Every process writes its reports to a file of
# its own (log_path), servers started by tests included, so a report fails the run even when
# the test that started the process passed; the reports are printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=asan
case "${1:-}" in asan | tsan) kind=$1; shift ;; esac
scripts/setup.sh --with-tests --no-build

reports=$(mktemp -d "${TMPDIR:-/tmp}/cats-mcp-$kind-reports.XXXXXX")
supp="$PWD/tests/sanitizers"
case "$kind" in
  asan)
    cmake --preset asan >&2
    cmake --build build-asan -j"$(nproc)" >&2
    export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:log_path=$reports/asan"
    export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$reports/ubsan"
    tests=()
    ;;
  tsan)
    cmake --preset tsan >&2
    cmake --build build-tsan -j"$(nproc)" --target cats-contacts-mcp stdio_integration_test protocol_test connections_test \
      cats_client_test util_test http_policy_test >&2
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp:log_path=$reports/tsan"
    # The threaded code: stdio with workers, HTTP (sessions, pools, drain) in both eras, questions
    # to the client, connections (PCID cache), the CATS event loop and what crosses onto it
    # (cancellation tokens, the client's timers, calls in flight), sessions shared by replicas,
    # and OAuth (issuer keys fetched on a thread of their own while requests check tokens).
    tests=(-R '^(Stdio|Http|HostileInput|SandboxServer|CallCommand|ConnectionStore|Resolving|Protocol|JsonRpc|Modern|FixtureHttp|ClientInput|Extras|CurlEngine|CurlTransport|ClientStart|CancelToken|CatsConcurrency|AgentExperience|Backends/StoreTest|PostgresStore|PostgresState|StateDatabases/SharedSessions|Tokens|e2e_oauth_resource_server)')
    ;;
esac

status=0
(cd "build-$kind" && ../scripts/with_postgres.sh ctest --output-on-failure -j"$(nproc)" --timeout 600 "${tests[@]}" "$@") ||
  status=$?
if compgen -G "$reports/*" >/dev/null; then
  echo "sanitize.sh: $kind reports (each file is one process):" >&2
  for f in "$reports"/*; do echo "==== $f" >&2; cat "$f" >&2; done
  status=1
fi
rm -rf "$reports"
[ $status -eq 0 ] && echo "sanitize.sh: $kind: every test passed with no report" >&2
exit $status
