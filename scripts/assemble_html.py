#!/usr/bin/python3
"""Builds the shipped HTML pages from wasm_shell/index.html + shell.js.

  assemble_html.py web     BUILD_DIR OUT_DIR [--videos DIR]
        -> OUT_DIR/index.html + explorer.{js,wasm,deferred.wasm,data,data.gz} + assets/videos/*.mp4
  assemble_html.py offline BUILD_DIR OUT_DIR   -> OUT_DIR/explorer.html (one self-contained file)

URLs get a content hash (?v=...) so a redeploy never mixes an old .js with a new .wasm.
Videos (default: assets/videos/) are copied next to the page, not packed into explorer.data, and
their list (video_manifest.py) is baked into the page's config; the offline file has none.
BUILD_DIR may also be an existing dist/ (tests assemble a copy with their own videos).
The Chinese fonts (BUILD_DIR/gen/fonts/*.ttf) go to OUT_DIR/assets/fonts/, fetched when needed, and
the packs (BUILD_DIR/gen/packs/, scripts/make_packs.py) to OUT_DIR/assets/packs/ (with their manifest,
for tests and benches; the app reads its own copy inside explorer.data).
Trained models are not packed either: the files listed in BUILD_DIR/model_manifest.json (written by
CMake from assets/models/, with sizes and SHA-256) are copied to OUT_DIR/assets/models/NAME/ after
checking them against that list, and the app fetches each model when it is first chosen.
"""
import base64
import gzip
import hashlib
import json
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from video_manifest import manifest  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:12]


def template():
    with open(os.path.join(ROOT, "wasm_shell", "index.html")) as f:
        html = f.read()
    shell = ""
    for name in ("shell.js", "input.js"):  # input.js: the hidden text input (IME, phone keyboard)
        with open(os.path.join(ROOT, "wasm_shell", name)) as f:
            shell += f.read() + "\n"
    text_layer = ""
    # text_layer.js: the notes' DOM text layer (selection, find, screen readers); controls.js: the
    # widgets' and scene players' controls and figures as DOM controls and text (screen readers).
    for name in ("text_layer.js", "controls.js"):
        with open(os.path.join(ROOT, "wasm_shell", name)) as f:
            text_layer += f.read() + "\n"
    return html.replace("/*TMX_SHELL_JS*/", shell).replace("/*TMX_TEXT_LAYER_JS*/", text_layer)


def config_tag(cfg):
    # json.dumps output has no '<', but escape anyway so the tag can never be closed early.
    return "<script>window.EXPLORER_CONFIG = " + json.dumps(cfg).replace("<", "\\u003c") + ";</script>"


def with_csp(html, offline=False):
    """Adds the page's Content-Security-Policy as the first thing in <head>: scripts only from the
    page's own origin or inline with their exact sha256 (no other inline script, no eval), wasm
    compilation allowed ('wasm-unsafe-eval'), network only to the own origin, no plugins, no <base>,
    no forms. The offline file (file://) has everything inline, so its hashes cover all of it; its
    runtime first tries fetch() on the wasm's own data: URL (then decodes it directly), so it may
    also "connect" to data: (in-page bytes, never the network)."""
    hashes = []
    for body in re.findall(r"<script>(.*?)</script>", html, flags=re.S):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    policy = "; ".join([
        "default-src 'none'",
        "script-src 'self' " + " ".join(hashes) + " 'wasm-unsafe-eval'",
        "connect-src 'self'" + (" data:" if offline else ""),
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "style-src 'self' 'unsafe-inline'",
        "font-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n' + meta, 1)


def keep_from_dist(build, out, kind):
    """BUILD is an existing dist/ (tests assemble a copy with their own videos): its assets/KIND
    (models, fonts, packs) go to OUT as they are; re-assembled in place, they stay."""
    src, dst = os.path.join(build, "assets", kind), os.path.join(out, "assets", kind)
    if os.path.isdir(src) and os.path.realpath(src) != os.path.realpath(dst):
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(src, dst)


def copy_models(build, out):
    """assets/models/NAME/FILE for every file of the build's model manifest, checked against it."""
    path = os.path.join(build, "model_manifest.json")
    if not os.path.isfile(path):
        return keep_from_dist(build, out, "models")
    with open(path) as f:
        manifest_ = json.load(f)
    mout = os.path.join(out, "assets", "models")
    shutil.rmtree(mout, ignore_errors=True)
    for name, files in manifest_.items():
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,60}", name):
            sys.exit(f"assemble_html: bad model name {name!r}")
        os.makedirs(os.path.join(mout, name))
        for f in files:
            src = os.path.join(ROOT, "assets", "models", name, f["name"])
            with open(src, "rb") as fh:
                data = fh.read()
            if len(data) != f["bytes"] or hashlib.sha256(data).hexdigest() != f["sha256"]:
                sys.exit(f"assemble_html: {src} changed since the build was configured; re-run cmake")
            with open(os.path.join(mout, name, f["name"]), "wb") as fh:
                fh.write(data)


def copy_fonts(build, out):
    """The Chinese fonts (src/ui/fonts.h) to OUT/assets/fonts/: fetched by the page when needed,
    never part of the initial download."""
    src = os.path.join(build, "gen", "fonts")
    if not os.path.isdir(src):
        return keep_from_dist(build, out, "fonts")
    fout = os.path.join(out, "assets", "fonts")
    shutil.rmtree(fout, ignore_errors=True)
    os.makedirs(fout)
    for name in ("cjk-subset.ttf", "cjk-gb2312.ttf"):
        shutil.copyfile(os.path.join(src, name), os.path.join(fout, name))
        # Hosts send a .ttf as it is (Pages does not compress fonts): the page fetches this gzipped
        # copy (2/3 of the bytes) when the browser has DecompressionStream, as for the text packs.
        with open(os.path.join(fout, name), "rb") as f:
            gz = gzip.compress(f.read(), compresslevel=9, mtime=0)
        with open(os.path.join(fout, name + ".gz"), "wb") as f:
            f.write(gz)


def gzipped_fonts(out):
    """The fonts that have a gzipped copy next to them (copy_fonts)."""
    fout = os.path.join(out, "assets", "fonts")
    names = os.listdir(fout) if os.path.isdir(fout) else []
    return sorted(n[:-3] for n in names if n.endswith(".ttf.gz") and n[:-3] in names)


def copy_packs(build, out):
    """The packs (scripts/make_packs.py) to OUT/assets/packs/: fetched by the app when needed
    (src/ui/pack_store.h), each checked against the manifest inside explorer.data."""
    src = os.path.join(build, "gen", "packs", "files")
    if not os.path.isdir(src):
        return keep_from_dist(build, out, "packs")
    pout = os.path.join(out, "assets", "packs")
    shutil.rmtree(pout, ignore_errors=True)
    os.makedirs(pout)
    for name in sorted(os.listdir(src)):
        if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,60}\.pack", name):
            shutil.copyfile(os.path.join(src, name), os.path.join(pout, name))
            # Hosts send a .pack as it is (application/octet-stream); a text pack (the Chinese
            # edition, the GPT-2 table, the sample texts) also gets a gzipped copy, which browsers
            # with DecompressionStream fetch instead (PNG packs would not shrink).
            with open(os.path.join(pout, name), "rb") as f:
                data = f.read()
            gz = gzip.compress(data, compresslevel=9, mtime=0)
            if len(gz) < 0.9 * len(data):
                with open(os.path.join(pout, name + ".gz"), "wb") as f:
                    f.write(gz)
    shutil.copyfile(os.path.join(build, "gen", "packs", "index", "manifest.txt"), os.path.join(pout, "manifest.txt"))


def gzipped_packs(out):
    """The packs that have a gzipped copy next to them (copy_packs)."""
    pout = os.path.join(out, "assets", "packs")
    names = os.listdir(pout) if os.path.isdir(pout) else []
    return sorted(n[:-3] for n in names if n.endswith(".pack.gz") and n[:-3] in names)


def early_packs(out):
    """Packs the shell may fetch with the wasm, before the app asks (the Chinese edition's text when
    the page will likely be Chinese): their size and SHA-256 from the manifest."""
    path = os.path.join(out, "assets", "packs", "manifest.txt")
    found = {}
    if os.path.isfile(path):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 4 and parts[0] == "pack" and parts[1] in ("zh",):
                    found[parts[1]] = {"bytes": int(parts[2]), "sha256": parts[3]}
    return found


def early_fonts(out):
    """The Chinese UI font the shell fetches with the wasm when the page will likely be Chinese (the
    app's first picture in Chinese waits for it): its size and SHA-256, as the app checks them."""
    path = os.path.join(out, "assets", "fonts", "cjk-subset.ttf")
    if not os.path.isfile(path):
        return {}
    with open(path, "rb") as f:
        data = f.read()
    return {"zh": {"name": "cjk-subset.ttf", "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}}


def web(build, out, videos_dir):
    os.makedirs(out, exist_ok=True)
    files = {}
    for key, name in (("wasm", "explorer.wasm"), ("data", "explorer.data")):
        src = os.path.join(build, name)
        if os.path.abspath(src) != os.path.abspath(os.path.join(out, name)):
            shutil.copyfile(src, os.path.join(out, name))
        files[key] = {"name": f"{name}?v={sha(src)}", "size": os.path.getsize(src)}
    # The data package is also stored gzipped (hosts compress .js/.wasm by type, but not an
    # application/octet-stream file); browsers with DecompressionStream fetch this one.
    with open(os.path.join(out, "explorer.data"), "rb") as f:
        gz = gzip.compress(f.read(), compresslevel=9, mtime=0)
    with open(os.path.join(out, "explorer.data.gz"), "wb") as f:
        f.write(gz)
    files["data"]["gz"] = f"explorer.data.gz?v={hashlib.sha256(gz).hexdigest()[:12]}"
    js = os.path.join(build, "explorer.js")
    if os.path.abspath(js) != os.path.abspath(os.path.join(out, "explorer.js")):
        shutil.copyfile(js, os.path.join(out, "explorer.js"))
    videos = manifest(videos_dir)
    vout = os.path.join(out, "assets", "videos")
    shutil.rmtree(vout, ignore_errors=True)
    if videos:
        os.makedirs(vout)
        for name in videos:
            shutil.copyfile(os.path.join(videos_dir, name), os.path.join(vout, name))
    copy_models(build, out)
    copy_fonts(build, out)
    copy_packs(build, out)
    cfg = {"offline": False, "script": f"explorer.js?v={sha(js)}", "files": files, "videos": videos,
           "packs": early_packs(out), "packsGz": gzipped_packs(out), "fonts": early_fonts(out),
           "fontsGz": gzipped_fonts(out)}
    # The code the home page does not run (scripts/wasm_split.py): fetched after the first frame.
    deferred = os.path.join(build, "explorer.deferred.wasm")
    if os.path.exists(deferred):
        if os.path.abspath(deferred) != os.path.abspath(os.path.join(out, "explorer.deferred.wasm")):
            shutil.copyfile(deferred, os.path.join(out, "explorer.deferred.wasm"))
        cfg["deferred"] = {"name": f"explorer.deferred.wasm?v={sha(deferred)}", "size": os.path.getsize(deferred)}
    html = template().replace("<!--TMX_CONFIG-->", config_tag(cfg)).replace("<!--TMX_APP_SCRIPT-->", "")
    html = with_csp(html)
    with open(os.path.join(out, "index.html"), "w") as f:
        f.write(html)
    open(os.path.join(out, ".nojekyll"), "w").close()  # GitHub Pages: serve files as they are


def offline(build, out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(build, "explorer_offline.js")) as f:
        js = f.read()
    js = js.replace("</script", "<\\/script")  # keep the inline script from closing early
    cfg = {"offline": True, "videos": None}  # shell.js: "videos are not part of the offline file"
    html = template().replace("<!--TMX_CONFIG-->", config_tag(cfg))
    html = html.replace("<!--TMX_APP_SCRIPT-->", "<script>\n" + js + "\n</script>")
    html = with_csp(html, offline=True)
    with open(os.path.join(out, "explorer.html"), "w") as f:
        f.write(html)


if __name__ == "__main__":
    args = sys.argv[1:]
    videos_dir = os.path.join(ROOT, "assets", "videos")
    if len(args) == 5 and args[3] == "--videos":
        videos_dir = args.pop(4)
        args.pop(3)
    if len(args) != 3 or args[0] not in ("web", "offline"):
        sys.exit(__doc__)
    if args[0] == "web":
        web(args[1], args[2], videos_dir)
    else:
        offline(args[1], args[2])
