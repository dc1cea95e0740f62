# Sourced by the other scripts: paths and the Emscripten quirks from shared/TOOLCHAIN.md.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/build/cache"            # third-party sources, emscripten cache, SDL2-for-wasm
SRC_CACHE="$CACHE/src"
export EM_CACHE="$CACHE/emcache"     # Debian's cache is FROZEN; we use a writable copy
export EM_FROZEN_CACHE=
export NODE_PATH=/usr/share/nodejs   # emscripten's JS optimizer needs Debian's acorn
IMGUI_DIR="$SRC_CACHE/imgui-1.86"
MD4C_DIR="$SRC_CACHE/md4c-release-0.4.8"
SDL_SRC_DIR="$SRC_CACHE/SDL2-2.26.5"
SDL_WASM_PREFIX="$CACHE/sdl2-wasm"
JOBS="${JOBS:-$(nproc)}"
# ccache (when installed) keeps native rebuilds of a fresh tree quick; paths are relative to ROOT so
# several checkouts can share one cache (CCACHE_DIR=... to point them at the same folder).
export CCACHE_DIR="${CCACHE_DIR:-$CACHE/ccache}" CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=true
log() { printf '\033[1;34m[tmx]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[tmx] error:\033[0m %s\n' "$*" >&2; exit 1; }
