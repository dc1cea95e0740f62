#!/usr/bin/env bash
# Installs everything the project needs, from Debian (binary + source packages) and npm only.
# Idempotent: a second run checks and returns in a few seconds.
#   scripts/bootstrap.sh          everything (build + tests + goldens + benchmarks)
#   scripts/bootstrap.sh build    only what building the app needs (run.sh, the Pages workflow)
set -euo pipefail
source "$(dirname "$0")/env.sh"

BUILD_PACKAGES=(
  cmake ninja-build g++ ccache pkg-config dpkg-dev xz-utils emscripten libeigen3-dev catch2 libsdl2-dev libgl-dev
  # wasm-split (scripts/wasm_split.py: the website's code in two parts; emscripten depends on it too)
  binaryen
  # assets: fonts (subset at build time), math rasterizer, images, Unicode tables
  python3 fonts-inter fonts-jetbrains-mono fonts-noto-cjk python3-fonttools librsvg2-bin libstb-dev unicode-data
  # text the app ships (scripts/prepare_data.py, corpus_samples.py): the train widget's samples and
  # the held-out text transformer-vs-mamba evaluates, cut from the KJV Bible and the Tang poems
  bible-kjv bible-kjv-text fortunes-zh
)
TEST_PACKAGES=(
  # browser tests, PyTorch goldens and benchmark peers, desktop screenshots, video export
  chromium python3-numpy python3-torch xvfb imagemagick ffmpeg
  # fuzzing and sanitizer builds (scripts/fuzz.sh, scripts/test.sh): clang with libFuzzer, ASan, UBSan
  clang libclang-rt-14-dev
  # PyTorch peers' OpenBLAS (gpt_bench, train_bench), for the benchmark's own process only
  # (bench/lib/openblas.sh); installed after the others, once the BLAS/LAPACK alternatives are
  # pinned, so it never becomes the machine's BLAS
  libopenblas0-pthread
)
what="${1:-all}"

# Debian source packages compiled into the app, pinned by version and sha256 of the upstream tarball.
#   name      version            tarball                            sha256
SOURCES=(
  "imgui     1.86+ds-1         imgui_1.86+ds.orig.tar.xz          0dace0e8e57d298eb6e93af12dc19420cb96330832f6495c733b90aeeef11f64 imgui-1.86"
  "libsdl2   2.26.5+dfsg-1     libsdl2_2.26.5+dfsg.orig.tar.gz    b3f2c822151804125d08db94c65852f711c2e5df2145a59da120748dc32eb9c3 SDL2-2.26.5"
  "md4c      0.4.8-1           md4c_0.4.8.orig.tar.gz             4a457df853425b6bb6e3457aa1d1a13bccec587a04c38c622b1013a0da41439f md4c-release-0.4.8"
)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# apt-get install PACKAGES... (those not installed yet); one apt at a time, never two at once.
apt_install_missing() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "apt: installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

install_build_apt() {
  apt_install_missing "${BUILD_PACKAGES[@]}"
  # The project's machines ship Node.js 20; a bare Debian (e.g. the Pages workflow) gets Debian's.
  if ! command -v node >/dev/null; then
    log "apt: installing nodejs npm"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
}

install_test_apt() {
  local p pkgs=() openblas=0
  for p in "${TEST_PACKAGES[@]}"; do
    if [ "$p" = libopenblas0-pthread ]; then openblas=1; else pkgs+=("$p"); fi
  done
  apt_install_missing "${pkgs[@]}"
  [ $openblas = 0 ] || "$ROOT/bench/lib/openblas.sh" ensure
}

enable_deb_src() {
  local f=/etc/apt/sources.list.d/debian-src.sources
  if [ ! -f "$f" ] && ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
    log "apt: enabling deb-src"
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | as_root tee "$f" >/dev/null
    as_root apt-get update -qq
  fi
}

fetch_sources() {
  mkdir -p "$SRC_CACHE/dl"
  local line name ver tarball sha dir
  for line in "${SOURCES[@]}"; do
    read -r name ver tarball sha dir <<<"$line"
    [ -d "$SRC_CACHE/$dir" ] && continue
    if [ ! -f "$SRC_CACHE/dl/$tarball" ]; then
      enable_deb_src
      log "deb-src: fetching $name $ver"
      # The .debian.tar of some packages can be missing from the mirror; the upstream tarball is what we use.
      (cd "$SRC_CACHE/dl" && apt-get source -qq --download-only "$name=$ver" >/dev/null 2>&1) || true
      [ -f "$SRC_CACHE/dl/$tarball" ] || die "could not download Debian source $name=$ver"
    fi
    echo "$sha  $SRC_CACHE/dl/$tarball" | sha256sum -c --quiet - || die "checksum mismatch for $tarball"
    tar -xf "$SRC_CACHE/dl/$tarball" -C "$SRC_CACHE"
  done
}

setup_emscripten() {
  if [ ! -d "$EM_CACHE" ]; then
    log "emscripten: writable cache at $EM_CACHE"
    mkdir -p "$CACHE"; cp -r /usr/share/emscripten/cache "$EM_CACHE"
  fi
}

build_sdl_wasm() {
  [ -f "$SDL_WASM_PREFIX/lib/libSDL2.a" ] && return 0
  log "SDL2 2.26.5 -> wasm (one-time, cached in $SDL_WASM_PREFIX)"
  local b="$CACHE/sdl2-wasm-build" seed="$ROOT/scripts/sdl2_wasm_checks.cmake" checks=()
  rm -rf "$b"
  # The configure checks' results, recorded for this emcc, skip ~160 serial emcc runs.
  if [ "$(head -1 "$seed")" = "# $(emcc --version | head -1)" ]; then
    checks=(-C "$seed")
  else
    log "SDL2: scripts/sdl2_wasm_checks.cmake is for another emcc; running every configure check (slow; scripts/sdl2_wasm_checks.sh renews the file)"
  fi
  emcmake cmake "${checks[@]}" -S "$SDL_SRC_DIR" -B "$b" -G Ninja $(sdl_wasm_cmake_args) >/dev/null
  cmake --build "$b" -j "$JOBS" >/dev/null
  cmake --install "$b" >/dev/null
  rm -rf "$b"
}

install_npm() {
  local stamp="$ROOT/node_modules/.tmx-lock-sha"
  local want; want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "npm ci"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  fi
}

# Steps are timed when scripts/test.sh asks (TMX_TIMING_FILE). The SDL2-for-wasm build (CPU) runs
# while apt installs the test packages and npm installs (network and disk), not after them.
stage_begin "  apt: build packages"; install_build_apt; stage_end
stage_begin "  Debian sources (imgui, SDL2, md4c)"; fetch_sources; setup_emscripten; stage_end
sdl_log="$CACHE/sdl2-wasm-build.log"
( stage_begin "  SDL2 -> wasm (beside the steps below)"; build_sdl_wasm; stage_end ) >"$sdl_log" 2>&1 &
sdl_pid=$!
if [ "$what" != build ]; then
  stage_begin "  apt: test packages"; install_test_apt; stage_end
fi
stage_begin "  npm ci"; install_npm; stage_end
if ! wait "$sdl_pid"; then
  tail -30 "$sdl_log" >&2
  die "building SDL2 for wasm failed (log: $sdl_log)"
fi
grep -v '^configure:' "$sdl_log" >&2 || true
log "bootstrap ok"
