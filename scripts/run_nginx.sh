#!/usr/bin/env bash
# Runs nginx in the foreground for a test, from a private directory: its config (nginx.conf),
# logs, pid file and temporary files all live there. As root it runs as www-data (nginx then
# starts no privileged master), owning the directory; otherwise as the caller.
# Usage: scripts/run_nginx.sh DIR      (DIR/nginx.conf must exist; stop it with SIGTERM or SIGQUIT)
set -euo pipefail
dir=${1:?usage: run_nginx.sh DIR}
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || { echo "run_nginx.sh: nginx is not installed (scripts/setup.sh --with-tests)" >&2; exit 2; }
as=()
if [ "$(id -u)" -eq 0 ]; then
  chown -R www-data "$dir"
  as=(runuser -u www-data --)
fi
exec "${as[@]}" "$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;'
