#!/bin/sh
# Per-token decode latency, kjv-gpt (KV cache) vs kjv-mamba (recurrent state), at positions 16 ...
# 2048: bench/bench_mamba_decode.cpp built to WebAssembly (target bench_mamba_decode_wasm of the
# web build) and run under node, then the native build of the same file, one after the other so
# both tables come from one run on one machine. Not a test.
#
# usage: bench/decode_wasm.sh [--repeats N]     (needs build/web configured: scripts/build.sh web)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export EM_CACHE=${EM_CACHE:-$ROOT/build/cache/emcache} EM_FROZEN_CACHE= NODE_PATH=/usr/share/nodejs
if [ ! -f "$ROOT/build/web/build.ninja" ]; then
  echo "bench/decode_wasm.sh: build/web is not configured (run scripts/build.sh web first)" >&2
  exit 1
fi
cmake --build "$ROOT/build/web" -j "${JOBS:-2}" --target bench_mamba_decode_wasm >/dev/null
echo "### wasm (node $(node --version), $(em++ --version | head -1))"
node --no-experimental-fetch "$ROOT/build/web/bench_mamba_decode_wasm.js" "$@"
echo
echo "### native ($(uname -m))"
"$ROOT/build/native/bench_mamba_decode" "$@"
