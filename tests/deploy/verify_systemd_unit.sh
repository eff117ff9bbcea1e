#!/usr/bin/env bash
# Checks deploy/systemd/cats-contacts-mcp@.service with systemd-analyze verify (syntax, known
# directives, an executable ExecStart), for one instance, with ExecStart pointed at the binary
# just built. Skips (exit 77) where systemd-analyze is not installed.
# Usage: verify_systemd_unit.sh REPO BINARY
set -euo pipefail
repo=$1 binary=$2
command -v systemd-analyze >/dev/null || { echo "systemd-analyze is not installed: skipped"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed "s#/usr/local/bin/cats-contacts-mcp#$binary#" "$repo/deploy/systemd/cats-contacts-mcp@.service" \
  >"$dir/cats-contacts-mcp@.service"
out=$(SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no "$dir/cats-contacts-mcp@8081.service" 2>&1) || {
  echo "$out"; exit 1; }
# verify reports some problems without failing: any line about our unit is one.
if grep -i "cats-contacts-mcp@" <<<"$out"; then exit 1; fi
echo "ok"
