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
# SDL2-for-wasm's configure options (scripts/bootstrap.sh, scripts/sdl2_wasm_checks.sh): video and
# events only; the app has no sound, joystick, threads or SDL renderer. No ccache: the library is
# built once per cache folder, and a cold ccache makes each emcc compile ~60% slower.
sdl_wasm_cmake_args() {
  echo -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$SDL_WASM_PREFIX" -DSDL_SHARED=OFF -DSDL_CCACHE=OFF \
    -DSDL_STATIC=ON -DSDL_TEST=OFF -DSDL_AUDIO=OFF -DSDL_JOYSTICK=OFF -DSDL_HAPTIC=OFF -DSDL_HIDAPI=OFF \
    -DSDL_SENSOR=OFF -DSDL_POWER=OFF -DSDL_RENDER=OFF -DSDL_THREADS=OFF -DSDL_LOCALE=OFF -DSDL_MISC=OFF
}
JOBS="${JOBS:-$(nproc)}"
# ccache (when installed) keeps native rebuilds of a fresh tree quick; paths are relative to ROOT so
# several checkouts can share one cache (CCACHE_DIR=... to point them at the same folder).
export CCACHE_DIR="${CCACHE_DIR:-$CACHE/ccache}" CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=true
# Depend mode: ccache keys on the compiler's own -MD list instead of running the preprocessor first.
# A miss then costs what the compile costs (a preprocessor pass through em++ added ~30% per file,
# ~15% natively: all of that is lost in a cold build such as CI's); a hit is as quick as before.
export CCACHE_DEPEND="${CCACHE_DEPEND:-true}"
# Precompiled headers (CMakeLists.txt, tmx_pch): ccache caches a file that uses one only with this.
export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros}"
log() { printf '\033[1;34m[tmx]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[tmx] error:\033[0m %s\n' "$*" >&2; exit 1; }

# Stage timing: scripts/test.sh sets TMX_TIMING_FILE and prints the table at the end; bootstrap.sh
# adds its steps. A line per stage: name, wall seconds, CPU seconds (user + sys of the finished child
# processes of the shell that calls stage_begin and stage_end: the stage's processes must have ended;
# a stage whose processes leave orphans, like Chromium's, runs under scripts/subreaper.py to count them)
# and the 1-minute load average at its end (the machine may be shared: CPU does not depend on that).
_child_cpu() {  # PID: user + sys seconds of that shell's reaped children
  local s f; s="$(</proc/$1/stat)"; s="${s##*) }"
  read -r -a f <<<"$s"
  echo $(( f[13] + f[14] )) "$(getconf CLK_TCK)" | awk '{printf "%.1f", $1 / $2}'
}
stage_begin() { local me=$BASHPID; _stage_name="$1"; _stage_t0="$(date +%s.%N)"; _stage_c0="$(_child_cpu "$me")"; }
stage_end() {  # [NAME]: ends the stage begun last
  [ -n "${TMX_TIMING_FILE:-}" ] || return 0
  local me=$BASHPID t1 c1; t1="$(date +%s.%N)"; c1="$(_child_cpu "$me")"
  awk -v n="${1:-$_stage_name}" -v t0="$_stage_t0" -v t1="$t1" -v c0="$_stage_c0" -v c1="$c1" -v l="$(cut -d' ' -f1 /proc/loadavg)" \
    'BEGIN {printf "%s\t%.1f\t%.1f\t%s\n", n, t1 - t0, c1 - c0, l}' >>"$TMX_TIMING_FILE"
  log "$(awk -v n="${1:-$_stage_name}" -v a="$_stage_t0" -v b="$t1" -v c="$(awk -v x="$_stage_c0" -v y="$c1" 'BEGIN {print y - x}')" \
    'BEGIN {printf "%s: %.0f s (CPU %.0f s)", n, b - a, c}')"
}
# Prints the table of TMX_TIMING_FILE: stages whose name starts with "  " are steps of the one above
# and are not added to the total.
stage_table() {
  [ -f "${TMX_TIMING_FILE:-}" ] || return 0
  awk -F'\t' 'BEGIN {printf "%-52s %8s %8s %6s %5s\n", "stage", "wall s", "CPU s", "CPU/w", "load"}
    {printf "%-52s %8.1f %8.1f %6.2f %5s\n", $1, $2, $3, ($2 > 0 ? $3 / $2 : 0), $4
     if ($1 !~ /^  /) {w += $2; c += $3}}
    END {printf "%-52s %8.1f %8.1f %6.2f\n", "total", w, c, (w > 0 ? c / w : 0)}' "$TMX_TIMING_FILE"
}
