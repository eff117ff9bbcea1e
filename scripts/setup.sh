#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and test cats-contacts-mcp, then
# configures and builds it in ./build. Idempotent: installed packages are skipped.
# Flags: --with-tests (test packages, npm modules, a build with tests), --no-build (stop after
# installing: the sanitizer and fuzz scripts build trees of their own).
set -euo pipefail
cd "$(dirname "$0")/.."
with_tests=false; build=true
for arg in "$@"; do
  case "$arg" in
    --with-tests) with_tests=true ;;
    --no-build) build=false ;;
    *) echo "setup.sh: unknown flag $arg" >&2; exit 2 ;;
  esac
done

packages=(g++ cmake ninja-build pkg-config
          libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
          libcurl4-openssl-dev libcli11-dev libsodium-dev libsqlite3-dev libpq-dev libssl-dev libjemalloc-dev
          libgtest-dev libgmock-dev)
if $with_tests; then
  # clang and its runtimes: the libFuzzer targets (scripts/fuzz.sh).
  packages+=(clang libclang-rt-14-dev)
  # A PostgreSQL server for the state-store tests, started by scripts/with_postgres.sh.
  packages+=(postgresql)
  # nginx, the load balancer in front of two replicas (tests/e2e/replicas.test.mjs).
  packages+=(nginx-light)
  command -v node >/dev/null || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

cmake_args=(-S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo)
if $with_tests; then
  # The SDK end-to-end test runs against the official client, pinned by package-lock.json.
  [ -d tests/e2e/node_modules ] && [ tests/e2e/node_modules/.package-lock.json -nt tests/e2e/package-lock.json ] ||
    npm ci --prefix tests/e2e --no-audit --no-fund >&2
  cmake_args+=(-DBUILD_TESTING=ON -DCATS_REQUIRE_E2E=ON)
else
  cmake_args+=(-DBUILD_TESTING=OFF)
fi
$build || exit 0
cmake "${cmake_args[@]}" >&2
cmake --build build -j"$(nproc)" >&2
