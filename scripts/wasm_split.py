#!/usr/bin/env python3
"""Splits the website's wasm in two, so the first frame needs only the code the home page runs.

  wasm_split.py split ORIG KEEP PRIMARY DEFERRED
      ORIG is the linked module emscripten keeps as explorer.wasm.orig (-sSPLIT_MODULE, with
      function names). The functions listed in KEEP stay in PRIMARY (the explorer.wasm the page
      downloads before its first frame); every other function goes to DEFERRED, which the page
      fetches and instantiates right after the first frame (wasm_shell/shell.js). A call that
      reaches deferred code earlier loads it synchronously (emscripten's placeholders), so a stale
      KEEP list costs speed, never correctness; tests/browser/split.test.mjs notices it.
      PRIMARY also keeps every function a listed one calls directly: a recording can miss a branch
      of a function it saw run (a vector's growth, a rare case that depends on timing), and binaryen
      keeps large one-caller functions out of line (CMakeLists.txt, -ocimfs), so such a branch is
      often a call of its own (measured: +76 KB raw, +10 KB as sent, 1,476 -> 1,848 functions).
  wasm_split.py keep-list ORIG PROFILE... > KEEP
      Writes KEEP from wasm-split profiles of an instrumented build (scripts/wasm_split_profile.mjs
      records them in Chromium: the home page, English and Chinese, first visit and reload).

KEEP holds one function a line as "<12 hex digits of sha256 of its name> <its name, shortened>",
so it stays small and readable; names are binaryen's (as in wasm-split's symbol maps).
"""
import hashlib
import os
import re
import subprocess
import sys
import tempfile

FEATURES = ["--enable-simd", "--enable-bulk-memory", "--enable-mutable-globals", "--enable-sign-ext",
            "--enable-nontrapping-float-to-int", "--enable-exception-handling"]


def key(name):
    return hashlib.sha256(name.encode()).hexdigest()[:12]


def names(orig, tmp):
    """Every function name in ORIG, as wasm-split spells them (from a no-op split's symbol map)."""
    out = os.path.join(tmp, "all.wasm")
    subprocess.run(["wasm-split", orig, "--symbolmap", "--split-funcs=__tmx_none__", "-o1", out,
                    "-o2", os.path.join(tmp, "none.wasm"), *FEATURES],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out + ".symbols") as f:
        return [line.rstrip("\n").split(":", 1)[1] for line in f if ":" in line]


def direct_callees(orig):
    """{function: the functions it calls directly} in ORIG (binaryen's call graph, names as above)."""
    r = subprocess.run(["wasm-opt", orig, "--print-call-graph", "-o", os.devnull, *FEATURES],
                       check=True, capture_output=True, text=True)
    edge = re.compile(r'^\s*"((?:[^"\\]|\\.)*)" -> "((?:[^"\\]|\\.)*)"; // call$')
    out = {}
    for line in r.stdout.splitlines():
        m = edge.match(line)
        if m:
            out.setdefault(m.group(1), set()).add(m.group(2))
    return out


def split(orig, keep_file, primary, deferred):
    with open(keep_file) as f:
        keys = {line.split()[0] for line in f if line.strip() and not line.startswith("#")}
    with tempfile.TemporaryDirectory() as tmp:
        every = names(orig, tmp)
        listed = [n for n in every if key(n) in keys]
        calls = direct_callees(orig)
        known = set(every)
        kept = sorted(set(listed).union(*(calls.get(n, set()) & known for n in listed)))
        if len(listed) < len(keys) * 0.5:
            # Most of the list no longer names a function: the home page would load everything.
            print(f"wasm_split.py: only {len(listed)} of {len(keys)} functions in {keep_file} exist in "
                  f"{orig}; run scripts/wasm_split_profile.mjs to record the list again", file=sys.stderr)
        lst = os.path.join(tmp, "keep.txt")
        with open(lst, "w") as f:
            f.write("\n".join(kept) + "\n")
        subprocess.run(["wasm-split", orig, "--keep-funcs=@" + lst, "-o1", primary, "-o2", deferred,
                        *FEATURES], check=True, stdout=subprocess.DEVNULL)
    print(f"wasm_split.py: {len(kept)} of {len(every)} functions ({len(listed)} listed, the rest called by them) before the first frame "
          f"({os.path.getsize(primary) // 1024} KB + {os.path.getsize(deferred) // 1024} KB deferred)")


def keep_list(orig, profiles):
    with tempfile.TemporaryDirectory() as tmp:
        prof = profiles[0]
        if len(profiles) > 1:
            prof = os.path.join(tmp, "merged.prof")
            subprocess.run(["wasm-split", "--merge-profiles", *profiles, "-o", prof], check=True)
        r = subprocess.run(["wasm-split", orig, "--profile=" + prof, "-v", "-o1", os.path.join(tmp, "p.wasm"),
                            "-o2", os.path.join(tmp, "s.wasm"), *FEATURES],
                           check=True, capture_output=True, text=True)
    kept = []
    for line in (r.stdout + r.stderr).splitlines():
        if line.startswith("Keeping functions: "):
            kept = line[len("Keeping functions: "):].split(", ")  # names escape ',' and ' ' as \2c, \20
    if not kept:
        sys.exit("wasm_split.py: wasm-split -v listed no kept functions")
    print("# Functions the home page runs (English and Chinese, first visit and reload), kept in the")
    print("# wasm downloaded before the first frame. Written by scripts/wasm_split_profile.mjs: do not edit.")
    for n in sorted(set(kept)):
        short = n if len(n) <= 70 else n[:67] + "..."
        print(f"{key(n)} {short}")


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "split":
        split(*sys.argv[2:])
    elif len(sys.argv) >= 4 and sys.argv[1] == "keep-list":
        keep_list(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
