#!/usr/bin/env python3
"""Writes assets/models/NAME/README.md, the card of a model trained by scripts/train_models.sh:
parameters, file size, training tokens, wall time, held-out loss against the bigram baseline
(all from the final line of train_log.jsonl) and three seeded samples (`tmx generate --prompt`).

  scripts/model_card.py TMX MODEL_DIR NAME "RECIPE OPTIONS"
  scripts/model_card.py --task dates TMX MODEL_DIR NAME "RECIPE OPTIONS"   (an encoder-decoder:
      held-out exact match and loss, and `tmx translate` on a few inputs, some not in the task's styles)
"""
import json
import math
import os
import subprocess
import sys

PROMPTS = {
    "kjv": ["And God said", "The LORD is my", "Blessed are the"],
    "tang": ["《春", "作者：李白\n", "月"],
}
ARCH = {"gpt2": "GPT-2 layout (learned positions, LayerNorm, GELU MLP, tied lm_head)",
        "llama": "LLaMA layout (RoPE, RMSNorm, SwiGLU, grouped-query attention)",
        "mamba": "Mamba (selective state space model, no attention)"}


TASK_INPUTS = ["march fourteenth nineteen eighty seven", "the fourth of july twenty twenty six",
               "november thirtieth two thousand twenty six", "the first of january nineteen hundred",
               "february twenty ninth two thousand"]


def task_card(tmx, d, name, recipe):
    rows = [json.loads(l) for l in open(os.path.join(d, "train_log.jsonl"))]
    fin = rows[-1]
    assert fin.get("final"), "train_log.jsonl has no final line: the run did not finish"
    cfg = json.load(open(os.path.join(d, "config.json")))
    size = os.path.getsize(os.path.join(d, "model.safetensors"))
    r = subprocess.run([tmx, "translate", "--model", d] + TASK_INPUTS, capture_output=True, text=True, check=True)
    evals = [(r2["step"], r2["loss"], r2["val_loss"], r2["val_exact"]) for r2 in rows if "val_exact" in r2 and not r2.get("final")]
    L = [f"# {name}\n",
         "A small encoder-decoder (the 2017 Transformer's layout: Post-LN, ReLU, sinusoidal positions, "
         "torch.nn.Transformer's tensor names) trained by this project's `tmx train --task dates` to turn a date "
         "written in English words into ISO 8601. The task is generated (`src/core/tasks/dates.cpp`): dates from "
         "1900-01-01 to 2099-12-31 in three wordings; one date in ten is held out and never trained on. "
         f"Reproduce with `scripts/train_models.sh all {name}`.\n",
         "| | |\n|---|---|",
         f"| parameters | {fin['params']:,} |",
         f"| model.safetensors | {size / 1e6:.2f} MB ({fin['dtype']}) |",
         f"| vocabulary | {cfg['src_vocab']} source words, {cfg['tgt_vocab']} target symbols |",
         f"| training examples | {fin['examples']:,} (sampled, with repeats, from the {73049 - fin['held_out']:,} training dates x 3 wordings) |",
         f"| wall time | {fin['wall_s'] / 60:.1f} min, 1 thread, shared 2-core machine under `nice -n 10` |",
         f"| held-out exact match | **{100 * fin['val_exact']:.2f}%** of {fin['held_out']:,} held-out dates (greedy decoding, the saved F16 file) |",
         f"| held-out loss | {fin['val_loss']:.4f} nats per target symbol |",
         "",
         f"Recipe: `{recipe}`; config: `{json.dumps(cfg)}`\n",
         "During training (step: train loss / held-out loss / exact match on every 16th held-out date):\n",
         ", ".join(f"{s}: {l:.4f} / {v:.4f} / {100 * a:.1f}%" for s, l, v, a in evals) + "\n",
         "## Translations\n",
         f"`tmx translate --model assets/models/{name} TEXT...`\n",
         "| input | output |\n|---|---|"]
    for line in r.stdout.strip().split("\n"):
        a, b = line.split("\t")
        L.append(f"| {a} | `{b}` |")
    open(os.path.join(d, "README.md"), "w").write("\n".join(L) + "\n")
    print(f"{name}: {fin['params']:,} params, held-out exact match {100 * fin['val_exact']:.2f}%")


def main():
    if sys.argv[1] == "--task":
        return task_card(*sys.argv[3:7])
    tmx, d, name, recipe = sys.argv[1:5]
    # The command line has the recipe's options, then COMMON's; like tmx, the first one wins.
    words, opts = recipe.split(), {}
    for k, v in zip(words[::2], words[1::2]):
        opts.setdefault(k, v)
    recipe = " ".join(f"{k} {v}" for k, v in opts.items())
    rows = [json.loads(l) for l in open(os.path.join(d, "train_log.jsonl"))]
    fin = rows[-1]
    assert fin.get("final"), "train_log.jsonl has no final line: the run did not finish"
    cfg = json.load(open(os.path.join(d, "config.json")))
    size = os.path.getsize(os.path.join(d, "model.safetensors"))
    tok = "tokenizer.tmxbpe" if os.path.exists(os.path.join(d, "tokenizer.tmxbpe")) else "tokenizer.char.txt"
    corpus = name.split("-")[0]
    samples = []
    for seed, p in enumerate(PROMPTS[corpus], 1):
        r = subprocess.run([tmx, "generate", "--model", d, "--prompt", p, "--n", "48", "--seed", str(seed),
                            "--temperature", "0.8", "--top-k", "40"], capture_output=True, text=True, check=True)
        samples.append((seed, p, r.stdout.rstrip("\n")))
    evals = [(r["step"], r["loss"], r["val_loss"]) for r in rows if "val_loss" in r and not r.get("final")]
    gain = fin["bigram_val_loss"] - fin["val_loss"]
    L = []
    L.append(f"# {name}\n")
    L.append(f"A small {ARCH[cfg['model_type']]} trained by this project's `tmx train` on "
             + ("the King James Bible (public domain; Debian `bible-kjv-text`)" if corpus == "kjv" else
                "the 300 Tang poems (public domain; Debian `fortunes-zh`, `tang300`), one token per character")
             + ". Reproduce with `scripts/train_models.sh all " + name + "`.\n")
    L.append("| | |\n|---|---|")
    L.append(f"| parameters | {fin['params']:,} |")
    L.append(f"| model.safetensors | {size / 1e6:.2f} MB ({fin['dtype']}) |")
    L.append(f"| vocabulary | {cfg['vocab_size']} ({tok}) |")
    L.append(f"| training tokens | {fin['train_tokens']:,} ({fin['train_tokens'] / fin['corpus_tokens']:.2f} passes over {fin['corpus_tokens']:,}) |")
    L.append(f"| wall time | {fin['wall_s'] / 60:.1f} min, {fin['threads']} thread{'s' if fin['threads'] > 1 else ''}, shared 2-core machine under `nice -n 10` |")
    L.append(f"| held-out loss | **{fin['val_loss']:.4f}** nats/token (perplexity {math.exp(fin['val_loss']):.1f}) on {fin['val_tokens']:,} held-out tokens |")
    L.append(f"| bigram baseline | {fin['bigram_val_loss']:.4f} nats/token (add-k, k = {fin['bigram_k']:g}, counted on the same training text) |")
    L.append(f"| model − bigram | {-gain:+.4f} nats/token ({100 * (math.exp(-gain) - 1):+.0f}% perplexity) |")
    L.append("")
    L.append(f"Recipe: `{recipe}`; config: `{json.dumps({k: v for k, v in cfg.items() if k != 'architectures'})}`\n")
    L.append("Held-out loss during training (step: train / held-out):\n")
    L.append(", ".join(f"{s}: {l:.3f} / {v:.3f}" for s, l, v in evals) + "\n")
    L.append("## Samples\n")
    L.append("`tmx generate --model assets/models/" + name + " --prompt P --n 48 --temperature 0.8 --top-k 40 --seed S`\n")
    for seed, p, text in samples:
        L.append(f"seed {seed}, prompt {json.dumps(p, ensure_ascii=False)}:\n")
        L.append("```\n" + text + "\n```\n")
    open(os.path.join(d, "README.md"), "w").write("\n".join(L))
    print(f"{name}: {fin['params']:,} params, val {fin['val_loss']:.4f} vs bigram {fin['bigram_val_loss']:.4f}")


if __name__ == "__main__":
    main()
