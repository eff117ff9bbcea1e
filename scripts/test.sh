#!/usr/bin/env bash
# Sets up and builds with tests, then runs every test: unit, integration (the real binary
# over stdio against a local CATS stand-in) and end-to-end (the official MCP SDK client), beside
# a private PostgreSQL server for the state-store tests (scripts/with_postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-tests
cd build
../scripts/with_postgres.sh ctest --output-on-failure -j"$(nproc)" "$@"
