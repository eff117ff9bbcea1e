#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and test cats-contacts-mcp, then
# configures and builds it in ./build. Idempotent: installed packages are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake ninja-build pkg-config
          libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
          libcurl4-openssl-dev libcli11-dev libsodium-dev libsqlite3-dev libssl-dev libjemalloc-dev
          libgtest-dev libgmock-dev)
[ "${1:-}" = "--with-tests" ] && ! command -v node >/dev/null && packages+=(nodejs npm)

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
if [ "${1:-}" = "--with-tests" ]; then
  # The SDK end-to-end test runs against the official client, pinned by package-lock.json.
  npm ci --prefix tests/e2e --no-audit --no-fund >&2
  cmake_args+=(-DBUILD_TESTING=ON -DCATS_REQUIRE_E2E=ON)
else
  cmake_args+=(-DBUILD_TESTING=OFF)
fi
cmake "${cmake_args[@]}" >&2
cmake --build build -j"$(nproc)" >&2
