#!/usr/bin/env python3
"""The texts the `train` widget offers, cut from the shipped models' training text.

  scripts/corpus_samples.py DATA_DIR OUT_DIR

DATA_DIR holds scripts/prepare_data.py's output (kjv.{train,val}.txt, tang.train.txt); OUT_DIR gets
  kjv.txt      the first 200,000 bytes of kjv.train.txt, cut at the end of a line (Genesis and
               the start of Exodus, one verse per line)
  tang.txt     all of tang.train.txt (the Tang poems, ~78 KB)
  kjv-val.txt  the first 48,000 bytes of kjv.val.txt, cut at the end of a line: more than the
               8,192 held-out tokens the KJV models were validated on (--val-tokens 8192), which
               the transformer-vs-mamba widget evaluates in the browser
Small on purpose: they are preloaded with the app's data (together ~280 KB, ~100 KB compressed),
so the widget trains on them at once, offline too, with no second download path. Same input ->
byte-identical output.
"""
import os
import sys

KJV_BYTES = 200_000
KJV_VAL_BYTES = 48_000


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    data, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(data, "kjv.train.txt"), "rb") as f:
        kjv = f.read(KJV_BYTES + 1)
    cut = kjv.rfind(b"\n", 0, KJV_BYTES) + 1
    with open(os.path.join(data, "kjv.val.txt"), "rb") as f:
        val = f.read(KJV_VAL_BYTES + 1)
    val_cut = val.rfind(b"\n", 0, KJV_VAL_BYTES) + 1
    with open(os.path.join(data, "tang.train.txt"), "rb") as f:
        tang = f.read()
    for name, text in (("kjv.txt", kjv[:cut]), ("tang.txt", tang), ("kjv-val.txt", val[:val_cut])):
        with open(os.path.join(out, name), "wb") as f:
            f.write(text)


if __name__ == "__main__":
    main()
