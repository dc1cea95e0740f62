#!/usr/bin/env python3
"""Extracts the training texts of the shipped models from Debian packages, deterministically.

  scripts/prepare_data.py OUT_DIR      (default build/data)

Writes, for each corpus, NAME.train.txt and NAME.val.txt (UTF-8, '\n' line ends):
  kjv   King James Bible, one verse per line (text only, no references), from `bible-kjv`
        (`bible -f gen1:1-rev22:21`, data in bible-kjv-text). Validation: every chapter whose
        running number (1..1189, Genesis 1 = 1) is a multiple of 50, i.e. 23 whole chapters
        (~2% of verses) that are never trained on.
  tang  The 300 Tang poems of fortunes-zh (/usr/share/games/fortunes/tang300): title line,
        author line, poem lines, blank line between poems; the ANSI colour codes of the fortune
        file are removed. Validation: every poem whose number (1-based) is a multiple of 20.
Both texts are public domain. Same packages -> byte-identical files (a SHA-256 line per file is
printed so a rerun can be compared).
"""
import hashlib
import os
import re
import subprocess
import sys

TANG = "/usr/share/games/fortunes/tang300"


def kjv():
    try:
        out = subprocess.run(["bible", "-f", "gen1:1-rev22:21"], check=True, capture_output=True, text=True,
                             encoding="utf-8").stdout
    except FileNotFoundError:
        sys.exit("prepare_data: the `bible` program is missing: apt-get install bible-kjv bible-kjv-text")
    train, val = [], []
    chapter, last = 0, None
    for line in out.splitlines():
        m = re.match(r"^(\S+?)(\d+):(\d+) (.*)$", line)
        if not m:
            if line.strip():
                sys.exit("prepare_data: unexpected line from bible: %r" % line[:80])
            continue
        key = (m.group(1), m.group(2))
        if key != last:
            chapter += 1
            last = key
        (val if chapter % 50 == 0 else train).append(m.group(4).strip())
    if chapter != 1189 or len(train) + len(val) != 31102:
        sys.exit("prepare_data: expected 1189 chapters / 31102 verses, got %d / %d" % (chapter, len(train) + len(val)))
    return "\n".join(train) + "\n", "\n".join(val) + "\n"


def tang():
    if not os.path.exists(TANG):
        sys.exit("prepare_data: %s is missing: apt-get install fortunes-zh" % TANG)
    raw = open(TANG, encoding="utf-8").read()
    raw = re.sub(r"\x1b\[[0-9;]*m", "", raw)
    poems = []
    for block in raw.split("\n%\n"):
        lines = [l.strip() for l in block.strip("\n%").split("\n") if l.strip()]
        if lines:
            poems.append("\n".join(lines))
    train = [p for i, p in enumerate(poems, 1) if i % 20 != 0]
    val = [p for i, p in enumerate(poems, 1) if i % 20 == 0]
    return "\n\n".join(train) + "\n", "\n\n".join(val) + "\n"


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "build", "data")
    os.makedirs(out_dir, exist_ok=True)
    for name, (train, val) in (("kjv", kjv()), ("tang", tang())):
        for split, text in (("train", train), ("val", val)):
            path = os.path.join(out_dir, "%s.%s.txt" % (name, split))
            data = text.encode("utf-8")
            with open(path, "wb") as f:
                f.write(data)
            print("%s  %8d bytes  %s" % (hashlib.sha256(data).hexdigest(), len(data), path))


if __name__ == "__main__":
    main()
