#!/usr/bin/env bash
# scripts/build.sh [native|web|offline|wasm-tests|all]...   (default: all)
#   native     -> build/native/ (tmx-app desktop app, tmx CLI, tests, benches)
#   web        -> dist/          (static site for GitHub Pages: index.html + explorer.{js,wasm,data})
#   offline    -> dist-offline/explorer.html (one self-contained file that works from file://)
#   wasm-tests -> build/web/tmx_core_tests_wasm.js (the core's Catch2 tests for node; scripts/test.sh)
#   all        =  native web offline
# The web-toolchain targets named together are built by one ninja run (their links overlap).
set -euo pipefail
source "$(dirname "$0")/env.sh"
[ $# -gt 0 ] || set -- all
native=0 web=()
for what in "$@"; do
  case "$what" in
    native) native=1 ;;
    web|offline|wasm-tests) web+=("$what") ;;
    all) native=1; web+=(web offline) ;;
    *) die "usage: scripts/build.sh [native|web|offline|wasm-tests|all]..." ;;
  esac
done

TMX_TIMING_FILE= "$ROOT/scripts/bootstrap.sh" build  # its steps are not stages of the caller

# ccache when installed (em++ works through it too: a second checkout's web build is mostly cache
# hits); otherwise clear a launcher an earlier configure may have cached, so a tree configured on a
# machine with ccache still builds on one without it.
launcher=(-DCMAKE_C_COMPILER_LAUNCHER= -DCMAKE_CXX_COMPILER_LAUNCHER=)
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

build_native() {
  log "native build -> build/native"
  # TMX_ARCH (native | x86-64-v3 | generic; CMakeLists.txt): native unless the environment says
  # otherwise, also in a folder configured before native was the default
  cmake -S "$ROOT" -B "$ROOT/build/native" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTMX_ARCH="${TMX_ARCH:-native}" "${launcher[@]}" >/dev/null
  cmake --build "$ROOT/build/native" -j "$JOBS"
}

configure_web() {
  [ -f "$ROOT/build/web/build.ninja" ] && return 0
  emcmake cmake -S "$ROOT" -B "$ROOT/build/web" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
}

# Builds the web-toolchain targets in one ninja run, then assembles dist/ and dist-offline/.
build_web_targets() {  # any of: web offline wasm-tests
  local targets=() w
  for w in "$@"; do
    case "$w" in
      web) targets+=(explorer) ;;
      offline) targets+=(explorer_offline) ;;
      wasm-tests) targets+=(tmx_core_tests_wasm) ;;
    esac
  done
  log "web build ($*) -> build/web"
  configure_web
  cmake --build "$ROOT/build/web" -j "$JOBS" --target "${targets[@]}"
  for w in "$@"; do
    case "$w" in
      web)
        log "assembling dist/"
        rm -rf "$ROOT/dist"
        /usr/bin/python3 "$ROOT/scripts/assemble_html.py" web "$ROOT/build/web" "$ROOT/dist"
        du -b "$ROOT"/dist/explorer.* "$ROOT/dist/index.html" | awk '{printf "  %-40s %8.1f KB\n", $2, $1/1024}' >&2 ;;
      offline)
        log "assembling dist-offline/explorer.html"
        rm -rf "$ROOT/dist-offline"
        /usr/bin/python3 "$ROOT/scripts/assemble_html.py" offline "$ROOT/build/web" "$ROOT/dist-offline"
        du -b "$ROOT/dist-offline/explorer.html" | awk '{printf "  %-40s %8.1f KB\n", $2, $1/1024}' >&2 ;;
    esac
  done
}

[ $native = 0 ] || build_native
[ ${#web[@]} = 0 ] || build_web_targets "${web[@]}"
