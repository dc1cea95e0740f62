#!/usr/bin/python3
"""Builds the shipped HTML pages from wasm_shell/index.html + shell.js.

  assemble_html.py web     BUILD_DIR OUT_DIR   -> OUT_DIR/index.html + explorer.{js,wasm,data}
  assemble_html.py offline BUILD_DIR OUT_DIR   -> OUT_DIR/explorer.html (one self-contained file)

URLs get a content hash (?v=...) so a redeploy never mixes an old .js with a new .wasm.
"""
import hashlib
import json
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:12]


def template():
    with open(os.path.join(ROOT, "wasm_shell", "index.html")) as f:
        html = f.read()
    with open(os.path.join(ROOT, "wasm_shell", "shell.js")) as f:
        shell = f.read()
    return html.replace("/*TMX_SHELL_JS*/", shell)


def config_tag(cfg):
    # json.dumps output has no '<', but escape anyway so the tag can never be closed early.
    return "<script>window.EXPLORER_CONFIG = " + json.dumps(cfg).replace("<", "\\u003c") + ";</script>"


def web(build, out):
    os.makedirs(out, exist_ok=True)
    files = {}
    for key, name in (("wasm", "explorer.wasm"), ("data", "explorer.data")):
        src = os.path.join(build, name)
        shutil.copyfile(src, os.path.join(out, name))
        files[key] = {"name": f"{name}?v={sha(src)}", "size": os.path.getsize(src)}
    js = os.path.join(build, "explorer.js")
    shutil.copyfile(js, os.path.join(out, "explorer.js"))
    cfg = {"offline": False, "script": f"explorer.js?v={sha(js)}", "files": files}
    html = template().replace("<!--TMX_CONFIG-->", config_tag(cfg)).replace("<!--TMX_APP_SCRIPT-->", "")
    with open(os.path.join(out, "index.html"), "w") as f:
        f.write(html)
    open(os.path.join(out, ".nojekyll"), "w").close()  # GitHub Pages: serve files as they are


def offline(build, out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(build, "explorer_offline.js")) as f:
        js = f.read()
    js = js.replace("</script", "<\\/script")  # keep the inline script from closing early
    cfg = {"offline": True}
    html = template().replace("<!--TMX_CONFIG-->", config_tag(cfg))
    html = html.replace("<!--TMX_APP_SCRIPT-->", "<script>\n" + js + "\n</script>")
    with open(os.path.join(out, "explorer.html"), "w") as f:
        f.write(html)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("web", "offline"):
        sys.exit(__doc__)
    (web if sys.argv[1] == "web" else offline)(sys.argv[2], sys.argv[3])
