#!/usr/bin/python3
"""Video list of a web build (scripts/video_manifest.py via scripts/assemble_html.py):
only valid names that are real MP4s are copied to dist/assets/videos/ and listed in the page's
config with their size, content hash and (with ffprobe) duration and size; hostile or malformed
names are skipped with a message; the offline page lists no videos.
    /usr/bin/python3 tests/export/test_video_manifest.py"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ASSEMBLE = os.path.join(ROOT, "scripts", "assemble_html.py")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from video_manifest import name_problem  # noqa: E402

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def config_of(html_path):
    with open(html_path) as f:
        html = f.read()
    m = re.search(r"window\.EXPLORER_CONFIG = (\{.*?\});</script>", html)
    return json.loads(m.group(1)) if m else None


# Name rule (the same regular expression as ui::valid_video_name and shell.js).
for good in ["attention-mechanism.mp4", "a.mp4", "0.mp4", "rope_math.v2.mp4"]:
    check(name_problem(good) is None, f"name {good!r} accepted")
for bad in ["../x.mp4", "a/b.mp4", "A.mp4", ".hidden.mp4", "-x.mp4", "x.MP4", "x.mp4.exe", "x..y.mp4", "x y.mp4",
            "x.mp4\n", "", ".mp4", "\u00e9.mp4", "a" * 82 + ".mp4", "x%2f.mp4"]:
    check(name_problem(bad) is not None, f"name {bad!r} rejected")

tmp = tempfile.mkdtemp(prefix="tmx-video-manifest-")
try:
    videos = os.path.join(tmp, "videos")
    build = os.path.join(tmp, "build")
    out = os.path.join(tmp, "dist")
    os.makedirs(videos)
    os.makedirs(build)
    for name in ("explorer.js", "explorer.wasm", "explorer.data", "explorer_offline.js"):
        with open(os.path.join(build, name), "w") as f:
            f.write("// stub " + name)
    have_ffmpeg = shutil.which("ffmpeg") and shutil.which("ffprobe")
    good = os.path.join(videos, "good-one.mp4")
    if have_ffmpeg:
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=64x36:rate=10", "-t", "1",
                        "-c:v", "libx264", "-pix_fmt", "yuv420p", good], check=True)
    else:
        print("note: ffmpeg/ffprobe not installed: checking the list without durations")
        with open(good, "wb") as f:
            f.write(b"\0\0\0\x18ftypisom" + b"\0" * 64)
    with open(os.path.join(videos, "not-really.mp4"), "wb") as f:  # no ftyp box
        f.write(b"<html>not a video</html>")
    for hostile in ["Bad Name.mp4", "UPPER.mp4", "-dash.mp4", "x..y.mp4", ".hidden.mp4"]:
        shutil.copyfile(good, os.path.join(videos, hostile))
    with open(os.path.join(videos, "readme.txt"), "w") as f:
        f.write("not a video")

    r = subprocess.run([sys.executable, ASSEMBLE, "web", build, out, "--videos", videos], capture_output=True, text=True)
    check(r.returncode == 0, "assemble_html.py web succeeds: " + r.stderr.strip()[-300:])
    shipped = sorted(os.listdir(os.path.join(out, "assets", "videos")))
    check(shipped == ["good-one.mp4"], f"only the valid MP4 is copied to dist/assets/videos: {shipped}")
    for name in ["Bad Name.mp4", "UPPER.mp4", "-dash.mp4", "x..y.mp4", "not-really.mp4"]:
        check(repr(name) in r.stderr, f"skipping {name!r} is reported")
    cfg = config_of(os.path.join(out, "index.html"))
    check(cfg is not None and isinstance(cfg.get("videos"), dict), "the page config has a video list")
    vids = cfg["videos"]
    check(sorted(vids) == ["good-one.mp4"], f"the list names only the valid MP4: {sorted(vids)}")
    e = vids.get("good-one.mp4", {})
    with open(good, "rb") as f:
        data = f.read()
    check(e.get("bytes") == len(data), f"bytes {e.get('bytes')} == {len(data)}")
    check(e.get("v") == hashlib.sha256(data).hexdigest()[:12], "v is the content hash (cache-buster)")
    if have_ffmpeg:
        check(abs(e.get("duration", 0) - 1.0) < 0.2, f"duration ~1 s: {e.get('duration')}")
        check((e.get("width"), e.get("height")) == (64, 36), f"size 64x36: {e.get('width')}x{e.get('height')}")

    # A re-assembly without videos removes the old ones (no stale files ship).
    empty = os.path.join(tmp, "none")
    os.makedirs(empty)
    r = subprocess.run([sys.executable, ASSEMBLE, "web", build, out, "--videos", empty], capture_output=True, text=True)
    check(r.returncode == 0 and not os.path.exists(os.path.join(out, "assets", "videos")), "no videos: none shipped")
    check(config_of(os.path.join(out, "index.html"))["videos"] == {}, "no videos: an empty list")

    off = os.path.join(tmp, "offline")
    r = subprocess.run([sys.executable, ASSEMBLE, "offline", build, off], capture_output=True, text=True)
    cfg = config_of(os.path.join(off, "explorer.html"))
    check(r.returncode == 0 and cfg["offline"] is True and cfg["videos"] is None, "the offline page lists no videos")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print(f"{len(failures)} failed" if failures else "PASS")
sys.exit(1 if failures else 0)
