#!/usr/bin/env bash
# `tmx train` tokens/s vs PyTorch (Debian's python3-torch, CPU) on the same GPT config (the
# shipped kjv-gpt: 4 layers, d=128, 4 heads, vocab 512, context 64, batch 8), AdamW + clipping,
# with 1 and 2 threads (tmx: data-parallel replicas; torch: intra-op threads). Also the LLaMA and
# Mamba recipes of the shipped models (tmx only). Prints a markdown table. Run by bench/run.sh.
# Note: on a machine shared with other jobs these figures move a lot; compare rows of one run.
# PyTorch runs on Debian's OpenBLAS (openblas-pthread, OPENBLAS_NUM_THREADS = threads, the CPU's
# kernel) through bench/lib/openblas.sh, for its own process only: the machine's libblas.so.3
# alternative stays the reference BLAS (10x slower on these matmuls).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TMX="${TMX:-$ROOT/build/native/tmx}"
STEPS="${STEPS:-30}"
DATA="$ROOT/build/data"
[ -f "$DATA/kjv.train.txt" ] || /usr/bin/python3 "$ROOT/scripts/prepare_data.py" "$DATA" >/dev/null
[ -f "$DATA/kjv.tmxbpe" ] || "$TMX" bpe-train "$DATA/kjv.train.txt" --out "$DATA/kjv.tmxbpe" --vocab 512 2>/dev/null
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
tmx_tps() {  # config threads -> tokens/s over STEPS steps (the log's last interval = all steps)
  "$TMX" train --config "$ROOT/scripts/models/$1.json" --data "$DATA/kjv.train.txt" --val "$DATA/kjv.val.txt" \
    --tokenizer "bpe:$DATA/kjv.tmxbpe" --out "$tmp/$1" --steps "$STEPS" --batch 8 --context 64 --threads "$2" \
    --log-interval "$STEPS" --eval-interval "$STEPS" --val-tokens 64 2>/dev/null
  /usr/bin/python3 -c "import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; print(r[-2]['tokens_per_s'])" "$tmp/$1/train_log.jsonl"
}
echo "| model | threads | tmx train tokens/s | PyTorch tokens/s | tmx / PyTorch |"
echo "|---|---|---|---|---|"
for th in 1 2; do
  a="$(tmx_tps kjv-gpt "$th")"
  b="$(OPENBLAS_NUM_THREADS="$th" "$ROOT/bench/lib/openblas.sh" exec \
      /usr/bin/python3 "$ROOT/bench/train_bench_torch.py" "$th" "$STEPS" 8 64 512 128 4 4 | awk '{print $2}')"
  echo "| kjv-gpt (GPT-2, 0.87 M) | $th | $a | $b | $(/usr/bin/python3 -c "print('%.2f' % ($a / $b))") |"
done
for m in kjv-llama kjv-mamba; do
  for th in 1 2; do echo "| $m | $th | $(tmx_tps "$m" "$th") | — | — |"; done
done
