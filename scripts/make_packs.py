#!/usr/bin/python3
"""Splits what the web app does not need for its first frame into packs fetched when needed.

  make_packs.py --content DIR --math DIR --figures DIR --figures-zh DIR --gen-assets DIR --note-facts DIR --out DIR

Writes OUT/files/NAME.pack (the files of a pack, concatenated) and OUT/index/manifest.txt, which the
web build preloads at /packs/manifest.txt and src/ui/pack_store.h reads:

  tmx-packs 1
  pack NAME BYTES SHA256            a pack: its size and SHA-256 (checked by the app before use)
  file PATH BYTES WIDTH HEIGHT      its files in order (virtual file system path; PNG size, else 0 0)

The packs:
  en-NN-1x / en-NN-2x   typeset math (/math) and figures (/figures) of English chapter NN, per pixel
                        ratio; a formula shared by several chapters goes with the first one showing it
  zh-NN-1x / zh-NN-2x   the Chinese chapter's figures (/figures-zh) and its math not already in en-NN
  scenes-1x/-2x/-4x     formulas only the Cinema scenes draw (and every 4x PNG)
  misc-1x / misc-2x     math and figures no chapter shows
  zh                    the Chinese edition's text (content/zh, without its SVG sources) and its
                        chapter facts (NOTE_FACTS/zh.tsv, `tmx note-facts`) as /content/zh/notes/facts.tsv
  gpt2-tokenizer        the GPT-2 tokenizer table (/assets/gen/tokenizers)
  corpora               the sample texts the train and transformer-vs-mamba widgets read (/assets/gen/corpora)
Every PNG of the math and figure folders is in exactly one pack. The offline file and native builds
do not use packs (everything is in place).
"""
import argparse
import hashlib
import os
import re
import struct
import sys


def png_size(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return 0, 0
    return struct.unpack(">II", data[16:24])


def chapter_group(rel):
    """content-relative note path -> pack group ('en-04'), or None for non-chapter files."""
    m = re.fullmatch(r"(en|zh)/notes/(\d\d)-[a-z0-9-]+\.md", rel)
    return f"{m.group(1)}-{m.group(2)}" if m else None


def main():
    ap = argparse.ArgumentParser()
    for a in ("content", "math", "figures", "figures-zh", "gen-assets", "note-facts", "out"):
        ap.add_argument("--" + a, required=True)
    a = ap.parse_args()
    packs = {}  # name -> [(vfs path, source path)]

    def add(pack, vfs, src):
        packs.setdefault(pack, []).append((vfs, src))

    # Math: the first user (sources.txt lists them in reading order: English, then Chinese, then scenes).
    owner = {}
    with open(os.path.join(a.math, "sources.txt")) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2:
                continue
            groups = [g for g in (chapter_group(p) if p != "scenes" else "scenes" for p in parts[1:]) if g]
            owner[parts[0]] = groups[0] if groups else "misc"
    for name in sorted(os.listdir(a.math)):
        m = re.fullmatch(r"([0-9a-f]{16})\.(1x|2x|4x)\.png", name)
        if not m:
            continue
        group = "scenes" if m.group(2) == "4x" else owner.get(m.group(1), "misc")
        add(f"{group}-{m.group(2)}", "/math/" + name, os.path.join(a.math, name))

    # Figures: the first chapter of that language that shows ../figures/NAME.svg.
    for lang, gen in (("en", a.figures), ("zh", a.figures_zh)):
        first = {}
        notes = os.path.join(a.content, lang, "notes")
        for md in sorted(os.listdir(notes)) if os.path.isdir(notes) else []:
            group = chapter_group(f"{lang}/notes/{md}")
            with open(os.path.join(notes, md), encoding="utf-8") as f:
                for fig in re.findall(r"figures/([a-z0-9_-]+)\.svg", f.read()):
                    first.setdefault(fig, group or "misc")
        vdir = "/figures" if lang == "en" else "/figures-zh"
        for name in sorted(os.listdir(gen)) if os.path.isdir(gen) else []:
            m = re.fullmatch(r"([a-z0-9_-]+)\.(1x|2x)\.png", name)
            if m:
                add(f"{first.get(m.group(1), 'misc')}-{m.group(2)}", f"{vdir}/{name}", os.path.join(gen, name))

    # The Chinese edition's text.
    zh = os.path.join(a.content, "zh")
    for d, _, files in sorted(os.walk(zh)):
        for name in sorted(files):
            if name.endswith(".svg"):
                continue  # figures are drawn from their PNGs (above)
            src = os.path.join(d, name)
            add("zh", "/content/" + os.path.relpath(src, a.content).replace(os.sep, "/"), src)
    add("zh", "/content/zh/notes/facts.tsv", os.path.join(a.note_facts, "zh.tsv"))

    corpora = os.path.join(a.gen_assets, "corpora")
    for name in sorted(os.listdir(corpora)) if os.path.isdir(corpora) else []:
        add("corpora", "/assets/gen/corpora/" + name, os.path.join(corpora, name))

    tok = os.path.join(a.gen_assets, "tokenizers")
    for name in sorted(os.listdir(tok)) if os.path.isdir(tok) else []:
        add("gpt2-tokenizer", "/assets/gen/tokenizers/" + name, os.path.join(tok, name))

    files_dir, index_dir = os.path.join(a.out, "files"), os.path.join(a.out, "index")
    os.makedirs(files_dir, exist_ok=True)
    os.makedirs(index_dir, exist_ok=True)
    lines = ["tmx-packs 1"]
    keep = set()
    for pack in sorted(packs):
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,60}", pack):
            sys.exit(f"make_packs: bad pack name {pack!r}")
        body, entries = bytearray(), []
        for vfs, src in packs[pack]:
            with open(src, "rb") as f:
                data = f.read()
            w, h = png_size(data) if vfs.endswith(".png") else (0, 0)
            if any(c.isspace() for c in vfs) or ".." in vfs:
                sys.exit(f"make_packs: bad path {vfs!r}")
            entries.append(f"file {vfs} {len(data)} {w} {h}")
            body += data
        out = os.path.join(files_dir, pack + ".pack")
        keep.add(pack + ".pack")
        old = None
        if os.path.isfile(out):
            with open(out, "rb") as f:
                old = f.read()
        if old != body:  # unchanged packs keep their time stamp
            with open(out, "wb") as f:
                f.write(body)
        lines.append(f"pack {pack} {len(body)} {hashlib.sha256(body).hexdigest()}")
        lines += entries
    for name in os.listdir(files_dir):
        if name not in keep:
            os.unlink(os.path.join(files_dir, name))
    with open(os.path.join(index_dir, "manifest.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    total = sum(os.path.getsize(os.path.join(files_dir, n)) for n in keep)
    print(f"make_packs: {len(packs)} packs, {total / 1048576:.1f} MB -> {a.out}")


if __name__ == "__main__":
    main()
