#!/bin/sh
# Renders every Cinema scene to assets/videos/<slug>.mp4 with `tmx render-scene` (native build,
# offscreen OpenGL under xvfb-run when there is no display, encoded by Debian's ffmpeg).
#   scripts/render_videos.sh [--size 1920x1080] [--fps 30] [--light]   (extra flags go to every scene)
# The videos are build output: git-ignored, never committed (see assets/README.md); the web build
# copies them to dist/assets/videos/ and lists them in dist/index.html.
set -eu
cd "$(dirname "$0")/.."
BUILD=${TMX_BUILD:-build/native}
if [ ! -x "$BUILD/tmx" ] || [ ! -x "$BUILD/tmx-render" ]; then
  echo "building $BUILD (tmx, tmx-render)"
  cmake --build "$BUILD" -j2 --target tmx tmx-render
fi
mkdir -p assets/videos
for slug in $("$BUILD/tmx" render-scene --list | awk '{ print $1 }'); do
  echo "== $slug"
  "$BUILD/tmx" render-scene "$slug" --out "assets/videos/$slug.mp4" "$@"
done
ls -l assets/videos
