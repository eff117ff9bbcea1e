#!/usr/bin/env bash
# Sets up and builds with tests, then runs every test: unit, integration (the real binary
# over stdio against a local CATS stand-in) and end-to-end (the official MCP SDK client).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-tests
cd build
ctest --output-on-failure -j"$(nproc)" "$@"
