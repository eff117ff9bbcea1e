#!/usr/bin/env bash
# Builds the libFuzzer targets (the "fuzz" preset: clang, ASan + UBSan) and runs each one:
# first every committed regression input and corpus file once, as regression tests, then
# fuzzing for SECONDS (default 60) on a copy of its corpus, so runs never change the tree.
# Exits non-zero when any input crashes, leaks, times out or runs out of memory, and says
# where the input is. FUZZ_TARGETS="a b" limits the run to those targets.
#
#   scripts/fuzz.sh [seconds-per-target]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
case "$seconds" in '' | *[!0-9]*) echo "usage: $0 [seconds-per-target]" >&2; exit 2 ;; esac
read -r -a targets <<< "${FUZZ_TARGETS:-jsonrpc_stdio tool_arguments sandbox_router cats_response origin_policy access_token}"

cmake --preset fuzz
cmake --build build-fuzz

work="$(mktemp -d "${TMPDIR:-/tmp}/cats-fuzz-XXXXXX")"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=()

report() {  # target, what, log
  echo "fuzz: $1: $2 (log: $3)" >&2
  grep -E '^(==[0-9]+==ERROR|SUMMARY|FUZZ_CHECK|.*runtime error)' "$3" | head -5 >&2 || true
}

for target in "${targets[@]}"; do
  binary="build-fuzz/tests/fuzz/${target}_fuzzer"
  corpus="tests/fuzz/corpus/$target"
  regressions="tests/fuzz/regressions/$target"
  dict="tests/fuzz/$target.dict"

  # 1. Regression tests: each known input once (libFuzzer runs file arguments and stops).
  inputs=()
  while IFS= read -r -d '' f; do inputs+=("$f"); done < <(find "$regressions" "$corpus" -type f ! -name .gitkeep -print0 | sort -z)
  if [ ${#inputs[@]} -eq 0 ]; then  # no files: libFuzzer would start fuzzing without a time limit
    echo "fuzz: $target: no corpus or regression inputs in $corpus" >&2
    failed+=("$target")
    continue
  fi
  log="$work/$target.replay.log"
  if ! "$binary" -timeout=10 -rss_limit_mb=2048 "${inputs[@]}" >"$log" 2>&1; then
    report "$target" "a committed regression or corpus input fails" "$log"
    grep -E '^Running: ' "$log" | tail -1 | sed 's/^Running: /fuzz: the input: /' >&2
    failed+=("$target")
    continue
  fi
  echo "fuzz: $target: ${#inputs[@]} committed inputs pass" >&2

  # 2. Fuzzing, on a copy of the corpus; crashes land in $work/artifacts/$target/.
  mkdir -p "$work/corpus/$target" "$work/artifacts/$target"
  cp -r "$corpus/." "$work/corpus/$target/"
  dict_arg=(); [ -f "$dict" ] && dict_arg=(-dict="$dict")
  log="$work/$target.fuzz.log"
  if "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$work/artifacts/$target/" "${dict_arg[@]}" "$work/corpus/$target" >"$log" 2>&1; then
    execs=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz: $target: no crash in ${seconds}s, $execs execs/s" >&2
  else
    report "$target" "fuzzing found a failing input" "$log"
    for artifact in "$work/artifacts/$target"/*; do
      [ -e "$artifact" ] && echo "fuzz: the input: $artifact" >&2
    done
    echo "fuzz: once it is fixed, add the input to tests/fuzz/regressions/$target/ (tests/fuzz/README.md)" >&2
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (logs and inputs kept in $work)" >&2
  exit 1
fi
rm -rf "$work"
echo "fuzz: all targets passed" >&2
