#!/bin/sh
# Build bench/bench_tokenizer.cpp to WebAssembly (Debian's emscripten 3.1.6) and run it under
# node, then run the native build for the wasm/native ratio.
#
# usage: bench/tokenizer_wasm.sh [NATIVE_BUILD_DIR=build/native] [TEXT_FILE]
# TEXT_FILE defaults to the KJV from Debian's bible-kjv (`apt-get install bible-kjv-text`)
# when the `bible` program is installed, else the bench's synthetic English.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
NATIVE=${1:-$ROOT/build/native}
OUT=$ROOT/build/wasm-bench
mkdir -p "$OUT"
export EM_CACHE=${EM_CACHE:-$ROOT/build/cache/emcache} EM_FROZEN_CACHE= NODE_PATH=/usr/share/nodejs

TEXT=${2:-}
if [ -z "$TEXT" ] && command -v bible >/dev/null 2>&1; then
  TEXT=$OUT/kjv.txt
  bible Gen1:1-Rev22:21 > "$TEXT"
fi

# Generated inputs, exactly as the CMake build makes them.
/usr/bin/python3 "$ROOT/scripts/tokenizer/gen_unicode_tables.py" /usr/share/unicode/UnicodeData.txt "$OUT/unicode_tables.cpp"
node "$ROOT/scripts/tokenizer/gpt2_to_tmxbpe.mjs" "$ROOT/node_modules/js-tiktoken" "$OUT/gpt2.tmxbpe"

em++ -std=c++17 -O3 -msimd128 -DNDEBUG -I"$ROOT/src" -DTMX_GEN_DIR="\"$OUT\"" \
  "$ROOT"/src/core/tokenizer/*.cpp "$OUT/unicode_tables.cpp" "$ROOT/bench/bench_tokenizer.cpp" \
  -sALLOW_MEMORY_GROWTH=1 -sNODERAWFS=1 -sENVIRONMENT=node -o "$OUT/bench_tokenizer.js"

echo "## wasm (node $(node --version))"
node --no-experimental-fetch "$OUT/bench_tokenizer.js" ${TEXT:+"$TEXT"} "$OUT/gpt2.tmxbpe"
echo
echo "## native"
"$NATIVE/bench_tokenizer" ${TEXT:+"$TEXT"} "$OUT/gpt2.tmxbpe"
