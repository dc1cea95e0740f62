#!/usr/bin/python3
"""The list of videos a web build ships: every valid assets/videos/*.mp4 with its size, a content
hash (for ?v= cache-busting) and, when ffprobe is installed, duration and picture size.

  video_manifest.py DIR            prints the manifest as JSON; skipped files are reported on stderr

Names must match ^[a-z0-9][a-z0-9._-]{0,80}\\.mp4$ (no folders, no "..", nothing to escape in a
URL); the app and wasm_shell/shell.js apply the same rule. assemble_html.py bakes the manifest
into dist/index.html so the app knows which videos exist without probing the server.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,80}\.mp4$")


def name_problem(name):
    """None if the name is acceptable, else why not."""
    if not NAME.fullmatch(name):  # fullmatch: "$" alone would accept a trailing newline
        return "name must match ^[a-z0-9][a-z0-9._-]{0,80}\\.mp4$"
    if ".." in name:
        return "name contains '..'"
    return None


def probe(path):
    """(duration s, width, height) from ffprobe, or None when ffprobe is missing or cannot read it."""
    if not shutil.which("ffprobe"):
        return None
    try:
        out = subprocess.run(
            ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height:format=duration",
             "-of", "json", path], capture_output=True, text=True, timeout=60)
        if out.returncode != 0:
            return None
        j = json.loads(out.stdout)
        st = (j.get("streams") or [{}])[0]
        return float(j["format"]["duration"]), int(st["width"]), int(st["height"])
    except (ValueError, KeyError, TypeError, subprocess.SubprocessError):
        return None


def manifest(folder, log=sys.stderr):
    """name -> {bytes, v, [duration, width, height]} for the valid, readable MP4s in folder."""
    out = {}
    if not os.path.isdir(folder):
        return out
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not name.lower().endswith(".mp4") or not os.path.isfile(path) or os.path.islink(path):
            continue
        problem = name_problem(name)
        if problem:
            print(f"video_manifest: skipping {name!r}: {problem}", file=log)
            continue
        with open(path, "rb") as f:
            data = f.read()
        if len(data) < 8 or data[4:8] != b"ftyp":
            print(f"video_manifest: skipping {name!r}: not an MP4 file (no ftyp box)", file=log)
            continue
        entry = {"bytes": len(data), "v": hashlib.sha256(data).hexdigest()[:12]}
        p = probe(path)
        if p is None and shutil.which("ffprobe"):
            print(f"video_manifest: warning: ffprobe cannot read {name!r}; the browser will report it", file=log)
        if p:
            entry["duration"], entry["width"], entry["height"] = round(p[0], 3), p[1], p[2]
        out[name] = entry
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(json.dumps(manifest(sys.argv[1]), indent=1, sort_keys=True))
