#!/usr/bin/env bash
# Sets everything up, builds the web app and serves it at http://127.0.0.1:8080
#   scripts/run.sh            serve dist/ (Ctrl+C to stop); PORT=9000 to change the port
#   scripts/run.sh --native   build and open the desktop app instead
set -euo pipefail
source "$(dirname "$0")/env.sh"
if [ "${1:-}" = "--native" ]; then
  "$ROOT/scripts/build.sh" native
  exec "$ROOT/build/native/tmx-app" "${@:2}"
fi
"$ROOT/scripts/build.sh" web
PORT="${PORT:-8080}"
log "serving $ROOT/dist at http://127.0.0.1:$PORT/"
echo "Open http://127.0.0.1:$PORT/ in your browser."
# gzip, application/wasm and byte ranges, as GitHub Pages serves them (scripts/serve.mjs)
exec node "$ROOT/scripts/serve.mjs" "$ROOT/dist" "$PORT"
