#!/bin/sh
# Per-token decode latency, kjv-gpt (KV cache) vs kjv-mamba (recurrent state), at positions 16 ...
# 2048: bench/bench_mamba_decode.cpp built to WebAssembly (target bench_mamba_decode_wasm of the
# web build) and run under node, and the native build of the same file, in interleaved rounds
# (bench/lib/decode_rounds.mjs: medians over the rounds) so both tables come from one run on one
# machine. `--write assets/bench/decode-latency.json` saves the figures with the machine, load,
# date and commit: the file the transformer-vs-mamba scene and chapter 14 show. Not a test.
#
# usage: bench/decode_wasm.sh [--rounds N] [--repeats N] [--write FILE]
#        (needs build/web configured: scripts/build.sh web; and build/native: scripts/build.sh native)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export EM_CACHE=${EM_CACHE:-$ROOT/build/cache/emcache} EM_FROZEN_CACHE= NODE_PATH=/usr/share/nodejs
if [ ! -f "$ROOT/build/web/build.ninja" ]; then
  echo "bench/decode_wasm.sh: build/web is not configured (run scripts/build.sh web first)" >&2
  exit 1
fi
if [ ! -x "$ROOT/build/native/bench_mamba_decode" ]; then
  echo "bench/decode_wasm.sh: build/native/bench_mamba_decode is missing (run scripts/build.sh native first)" >&2
  exit 1
fi
cmake --build "$ROOT/build/web" -j "${JOBS:-2}" --target bench_mamba_decode_wasm >/dev/null
node "$ROOT/bench/lib/decode_rounds.mjs" --native "$ROOT/build/native/bench_mamba_decode" \
  --wasm "$ROOT/build/web/bench_mamba_decode_wasm.js" "$@"
