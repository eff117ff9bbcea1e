#!/usr/bin/env bash
# Sets up and builds, then serves MCP over stdio. Arguments go to the server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec build/cats-contacts-mcp "$@"
