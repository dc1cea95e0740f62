#!/usr/bin/env bash
# scripts/build.sh native|web|offline|all
#   native  -> build/native/ (tmx-app desktop app, tmx CLI, tests, benches)
#   web     -> dist/          (static site for GitHub Pages: index.html + explorer.{js,wasm,data})
#   offline -> dist-offline/explorer.html (one self-contained file that works from file://)
set -euo pipefail
source "$(dirname "$0")/env.sh"
what="${1:-all}"

"$ROOT/scripts/bootstrap.sh" build

# ccache when installed (em++ works through it too: a second checkout's web build is mostly cache
# hits); otherwise clear a launcher an earlier configure may have cached, so a tree configured on a
# machine with ccache still builds on one without it.
launcher=(-DCMAKE_C_COMPILER_LAUNCHER= -DCMAKE_CXX_COMPILER_LAUNCHER=)
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

build_native() {
  log "native build -> build/native"
  cmake -S "$ROOT" -B "$ROOT/build/native" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
  cmake --build "$ROOT/build/native" -j "$JOBS"
}

configure_web() {
  [ -f "$ROOT/build/web/build.ninja" ] && return 0
  emcmake cmake -S "$ROOT" -B "$ROOT/build/web" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
}

build_web() {
  log "web build -> dist/"
  configure_web
  cmake --build "$ROOT/build/web" -j "$JOBS" --target explorer
  rm -rf "$ROOT/dist"
  /usr/bin/python3 "$ROOT/scripts/assemble_html.py" web "$ROOT/build/web" "$ROOT/dist"
  du -b "$ROOT"/dist/explorer.* "$ROOT/dist/index.html" | awk '{printf "  %-40s %8.1f KB\n", $2, $1/1024}' >&2
}

build_offline() {
  log "offline build -> dist-offline/explorer.html"
  configure_web
  cmake --build "$ROOT/build/web" -j "$JOBS" --target explorer_offline
  rm -rf "$ROOT/dist-offline"
  /usr/bin/python3 "$ROOT/scripts/assemble_html.py" offline "$ROOT/build/web" "$ROOT/dist-offline"
  du -b "$ROOT/dist-offline/explorer.html" | awk '{printf "  %-40s %8.1f KB\n", $2, $1/1024}' >&2
}

case "$what" in
  native) build_native ;;
  web) build_web ;;
  offline) build_offline ;;
  all) build_native; build_web; build_offline ;;
  *) die "usage: scripts/build.sh native|web|offline|all" ;;
esac
