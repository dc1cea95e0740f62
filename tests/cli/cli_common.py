"""Shared preamble of the CLI end-to-end tests (tests/cli/test_cli_*.py): the tmx binary from
argv, the golden folders, a float32 safetensors reader, failure collection and a runner.
The test scripts sit next to this file, so `import cli_common` finds it (sys.path[0])."""
import json
import os
import struct
import subprocess
import sys

import numpy as np

if len(sys.argv) < 2:
    sys.exit(f"usage: /usr/bin/python3 {sys.argv[0]} PATH/TO/tmx")
TMX = sys.argv[1]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLDEN = os.path.join(ROOT, "tests", "golden")
failures = []


def load_st(path):
    """A safetensors file of float32 tensors -> {name: numpy array}."""
    with open(path, "rb") as f:
        b = f.read()
    n = struct.unpack("<Q", b[:8])[0]
    h = json.loads(b[8:8 + n])
    out = {}
    for k, v in h.items():
        if k == "__metadata__":
            continue
        s, e = v["data_offsets"]
        assert v["dtype"] == "F32"
        out[k] = np.frombuffer(b[8 + n + s:8 + n + e], dtype="<f4").reshape(v["shape"])
    return out


def check(cond, msg):
    if not cond:
        failures.append(msg)


def run(*args):
    return subprocess.run([TMX, *args], capture_output=True, text=True)


def finish(ok_message):
    """Prints every failure and exits 1, or prints ok_message."""
    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print(ok_message)
