#!/usr/bin/env bash
# scripts/golden/train_widget_log.sh: the first 20 steps of the `train` widget's default run
# (GPT, size small, the KJV sample, context 64, batch 8, lr 3e-3, 600 steps, warmup 30, clip 1,
# seed 1337), as the native `tmx train` logs them -> tests/golden/train/kjv-char-gpt.log.jsonl.
# tests/core/test_train.cpp (native and wasm), tests/ui/test_train_widget.cpp and
# tests/browser/train.test.mjs compare their losses with it. Needs a native build.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TMX="${TMX:-$ROOT/build/native/tmx}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$TMX" train --config "$ROOT/tests/golden/train/kjv-char-gpt.json" --data "$ROOT/build/native/gen/assets/corpora/kjv.txt" \
  --val-split 0.1 --tokenizer char --out "$out" --steps 600 --batch 8 --context 64 --lr 3e-3 --min-lr 3e-4 \
  --warmup 30 --weight-decay 0.1 --grad-clip 1 --seed 1337 --threads 1 --log-interval 1 --val-tokens 512 \
  --stop-at 20 2>/dev/null
cp "$out/train_log.jsonl" "$ROOT/tests/golden/train/kjv-char-gpt.log.jsonl"
echo "wrote tests/golden/train/kjv-char-gpt.log.jsonl"
