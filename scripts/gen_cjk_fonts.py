#!/usr/bin/python3
"""Chinese fonts for the Simplified Chinese edition, subset from Debian's Noto Sans CJK SC.

usage: gen_cjk_fonts.py REPO_ROOT NotoSansCJK-Regular.ttc OUT_DIR OUT.cpp LATIN_UI_FONT

Writes
  OUT_DIR/cjk-subset.ttf   every character of the zh sources (content/zh/**/*.md, src/ui/i18n_zh*.cpp,
                           src/ui/scene_text*.cpp) and of the shipped models' character vocabularies
                           (assets/models/*/tokenizer.char.txt: tang-gpt), plus ASCII, CJK punctuation
                           and "简体中文"
  OUT_DIR/cjk-gb2312.ttf   the fallback for text a user types: the GB2312 level-1 characters
                           (rows 0xB0-0xD7, 3,755 characters) that cjk-subset.ttf lacks
  OUT.cpp                  for src/ui/fonts.cpp: both files' sizes and SHA-256, the code points each
                           one holds (sorted; the glyph ranges come from the subset's cmap), and the
                           heading characters (below), and the
                           "base" font: the few CJK glyphs the English UI shows ("简体中文" in the
                           language menu) and the English UI's symbols the Latin font lacks (∈),
                           embedded so English readers never download the files.
The heading characters are those the heading fonts (h1-h3: 30, 22, 18 px) draw: the zh notes'
headings of levels 1-3 and every zh UI and scene string (page titles, widget sections). Only they are
rasterised at the heading sizes, which are ~73% of the atlas's area: the rest of the subset (mostly the
Tang-poem model's 2,500-character vocabulary) is drawn there from the 16 px glyphs, scaled.

Neither file is part of the initial download: the web page fetches one when it is needed (see
fonts.h), the offline file embeds both, native builds read OUT_DIR in place.
"""
import glob
import hashlib
import io
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

from gen_fonts import cff_to_glyf

FACE = "Noto Sans CJK SC"
# Latin fonts cover these (scripts/gen_fonts.py RANGES); the CJK font is merged for the rest.
LATIN = [(0x0020, 0x00FF), (0x0100, 0x017F), (0x0370, 0x03FF), (0x2000, 0x206F), (0x2070, 0x209F),
         (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2300, 0x23FF), (0x25A0, 0x25FF)]
PUNCT = "，。：；？！（）「」『』、《》〈〉【】〔〕…—～·“”‘’％＋－＝／"
MENU = "简体中文"


def zh_sources(root):
    # The shipped character-level models' vocabularies too (tang-gpt is the Chinese edition's default
    # model: every character it can write must draw without waiting for the fallback).
    pats = ["content/zh/**/*.md", "src/ui/i18n_zh*.cpp", "src/ui/scene_text*.cpp", "assets/models/*/tokenizer.char.txt"]
    out = []
    for p in pats:
        out += glob.glob(os.path.join(root, p), recursive=True)
    return sorted(set(out))


def heading_chars(root):
    """Characters that appear in a heading font: zh note headings of levels 1-3 (ATX lines outside
    fenced code; level 4 and below use the 16 px bold font) and the zh UI and scene strings."""
    import re
    out = set(PUNCT) | set(MENU)
    for p in glob.glob(os.path.join(root, "content/zh/**/*.md"), recursive=True):
        fenced = False
        with open(p, encoding="utf-8") as f:
            for line in f:
                if re.match(r"\s*(```|~~~)", line):
                    fenced = not fenced
                elif not fenced and re.match(r" {0,3}#{1,3}(\s|$)", line):
                    out |= set(line)
    ui = [p for p in zh_sources(root) if os.path.basename(p).startswith(("i18n_zh", "scene_text"))]
    return out | chars_of(ui)


def en_ui_sources(root):
    """Sources of the English UI: any CJK character in them is baked into the base font."""
    return [os.path.join(root, "src/ui/i18n.cpp")]


def decode_escapes(text):
    r"""C++ sources may spell characters as \uXXXX (i18n.cpp does for 简体中文) or as UTF-8 bytes
    \xE2\x88\x88 (∈)."""
    import re
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    def run_to_bytes(m):  # a run of \xHH escapes -> those bytes
        h = m.group(0)
        return bytes(int(h[i + 2:i + 4], 16) for i in range(0, len(h), 4))

    raw = re.sub(rb"(?:\\x[0-9a-fA-F]{2})+", run_to_bytes, text.encode("utf-8"))
    return raw.decode("utf-8", errors="ignore")


def chars_of(paths):
    s = set()
    for p in paths:
        with open(p, encoding="utf-8") as f:
            s |= set(decode_escapes(f.read()))
    return s


def is_latin(c):
    return any(a <= c <= b for a, b in LATIN)


def gb2312_level1():
    out = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass  # row 0xD7 ends at 0xF9
    return out


def face(ttc):
    for f in TTCollection(ttc).fonts:
        if f["name"].getDebugName(4) == FACE:
            return f
    sys.exit(f"gen_cjk_fonts: no face '{FACE}' in {ttc}")


def subset_bytes(ttc, codepoints):
    font = face(ttc)
    opts = subset.Options()
    opts.layout_features = []  # ImGui draws glyph by glyph: no GSUB/GPOS needed
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # keep the copyright and licence lines
    opts.notdef_outline = True
    opts.hinting = False
    opts.desubroutinize = False
    s = subset.Subsetter(opts)
    s.populate(unicodes=sorted(codepoints))
    s.subset(font)
    # TrueType outlines, as for the Latin fonts (gen_fonts.py): stb_truetype runs a CFF glyph's
    # charstring twice (box, then shape), a TrueType glyph's box is in its header. The atlas with the
    # subset is built before a Chinese page's first frame. The file grows by a third; its gzipped
    # copy (assemble_html.py), which the page fetches, stays the size of the CFF file's.
    cff_to_glyf(font)
    font["post"].formatType = 3.0  # no glyph names (the CID font's are "cid12345": nothing reads them)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def c_array(name, data):
    lines = [f"extern const unsigned char {name}[] = {{"]
    for i in range(0, len(data), 24):
        lines.append("  " + ",".join(str(b) for b in data[i:i + 24]) + ",")
    lines.append("};")
    lines.append(f"extern const unsigned int {name}_size = {len(data)};")
    return lines


def cp_array(name, cps):
    lines = [f"extern const unsigned int {name}[] = {{"]
    cps = sorted(cps)
    for i in range(0, len(cps), 16):
        lines.append("  " + ",".join(f"0x{c:04X}" for c in cps[i:i + 16]) + ",")
    lines.append("  0};")
    lines.append(f"extern const unsigned int {name}_count = {len(cps)};")
    return lines


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    root, ttc, out_dir, out_cpp, latin_font = sys.argv[1:]
    from fontTools.ttLib import TTFont
    latin_cmap = set(TTFont(latin_font).getBestCmap())
    cmap = set(face(ttc).getBestCmap())
    ascii_ = {chr(c) for c in range(0x20, 0x7F)}
    want = chars_of(zh_sources(root)) | set(PUNCT) | set(MENU) | ascii_
    subset_cps = {ord(c) for c in want if ord(c) in cmap and ord(c) >= 0x20}
    fallback_cps = {ord(c) for c in gb2312_level1()} - subset_cps
    base_cps = {ord(c) for c in chars_of(en_ui_sources(root)) | set(MENU)
                if ord(c) in cmap and ord(c) >= 0x80 and (not is_latin(ord(c)) or ord(c) not in latin_cmap)}

    os.makedirs(out_dir, exist_ok=True)
    files = []
    for name, cps in (("cjk-subset.ttf", subset_cps), ("cjk-gb2312.ttf", fallback_cps)):
        data = subset_bytes(ttc, cps)
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data)
        files.append((name, data, cps))
    base = subset_bytes(ttc, base_cps)

    lines = ["// Generated by scripts/gen_cjk_fonts.py from Debian's fonts-noto-cjk. Do not edit.",
             "#include \"ui/fonts_data.h\"", ""]
    for (name, data, cps), tag in zip(files, ("subset", "fallback")):
        # Only what the Latin fonts lack is merged (their ranges, less what Inter does not have,
        # such as ∈); the file itself also has ASCII.
        merged = {c for c in cps if not is_latin(c) or c not in latin_cmap}
        lines.append(f"// {name}: {len(cps)} characters, {len(data)} bytes")
        lines.append(f"extern const char tmx_cjk_{tag}_file[] = \"{name}\";")
        lines.append(f"extern const unsigned int tmx_cjk_{tag}_bytes = {len(data)};")
        lines.append(f"extern const char tmx_cjk_{tag}_sha256[] = \"{hashlib.sha256(data).hexdigest()}\";")
        lines += cp_array(f"tmx_cjk_{tag}_cps", merged)
        lines.append("")
    in_headings = {ord(c) for c in heading_chars(root)}
    heading = {c for c in files[0][2] if c in in_headings and (not is_latin(c) or c not in latin_cmap)}
    lines.append(f"// The subset's characters rasterised at the heading sizes: {len(heading)}")
    lines += cp_array("tmx_cjk_heading_cps", heading)
    lines.append("")
    lines.append(f"// Base glyphs for the English UI: {''.join(chr(c) for c in sorted(base_cps))}")
    lines += c_array("tmx_font_cjk_base", base)
    lines += cp_array("tmx_cjk_base_cps", base_cps)
    os.makedirs(os.path.dirname(out_cpp), exist_ok=True)
    with open(out_cpp, "w") as f:
        f.write("\n".join(lines) + "\n")
    for name, data, cps in files:
        print(f"gen_cjk_fonts: {name}: {len(cps)} characters, {len(data)} bytes")
    print(f"gen_cjk_fonts: {len(heading)} of them at the heading sizes")


if __name__ == "__main__":
    main()
