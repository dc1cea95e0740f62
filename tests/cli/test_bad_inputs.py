#!/usr/bin/python3
"""The bad-input catalogue: corrupt or hostile inputs to the `tmx` CLI, one table row each, with
the exit code and the message it must give and a ceiling on its peak memory (max RSS of the
process, measured with wait4). Prints the table with the measured RSS and time of every row.
    /usr/bin/python3 tests/cli/test_bad_inputs.py build/native/tmx [--markdown]
Every row must end with its exit code, a message matching its pattern (stderr + stdout), and a
max RSS under its ceiling: never a crash, a hang (60 s) or a silent wrong result."""
import json
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

from cli_common import GOLDEN, TMX, check, failures

G = os.path.join(GOLDEN, "transformer")
MD = "--markdown" in sys.argv


def rd(p):
    with open(p, "rb") as f:
        return f.read()


def st_bytes(tensors, header_extra=None, pad=True):
    """safetensors bytes from [(name, dtype, shape, raw)] (offsets in order)."""
    h, off, blob = {}, 0, b""
    for name, dt, shape, raw in tensors:
        h[name] = {"dtype": dt, "shape": shape, "data_offsets": [off, off + len(raw)]}
        off += len(raw)
        blob += raw
    if header_extra:
        header_extra(h)
    hj = json.dumps(h).encode()
    return struct.pack("<Q", len(hj)) + hj + blob


def golden_tensors(name="gpt2"):
    b = rd(os.path.join(G, name, "model.safetensors"))
    n = struct.unpack("<Q", b[:8])[0]
    h = json.loads(b[8:8 + n])
    out = []
    for k, v in sorted(h.items(), key=lambda kv: kv[1]["data_offsets"][0] if kv[0] != "__metadata__" else -1):
        if k == "__metadata__":
            continue
        s, e = v["data_offsets"]
        out.append([k, v["dtype"], v["shape"], b[8 + n + s:8 + n + e]])
    return out


GPT_CFG = rd(os.path.join(G, "gpt2", "config.json")).decode()
GPT_ST = rd(os.path.join(G, "gpt2", "model.safetensors"))


def model_dir(tmp, name, config=GPT_CFG, weights=GPT_ST):
    d = os.path.join(tmp, name)
    os.makedirs(d, exist_ok=True)
    if config is not None:
        with open(os.path.join(d, "config.json"), "wb") as f:
            f.write(config if isinstance(config, bytes) else config.encode())
    if weights is not None:
        with open(os.path.join(d, "model.safetensors"), "wb") as f:
            f.write(weights)
    return d


def cfg(**kv):
    c = json.loads(GPT_CFG)
    for k, v in kv.items():
        if v is None:
            c.pop(k, None)
        else:
            c[k] = v
    return json.dumps(c)


def with_tensor(fn):
    ts = golden_tensors()
    fn(ts)
    return st_bytes(ts)


# Each case runs under a small relay (python -S, ~10 MB) that forks and execs tmx and reports the
# child's max RSS from wait4. A process's max RSS starts from its parent's at fork, so measuring
# tmx as a direct child of this (numpy-loaded) script would report this script's size.
RELAY = r"""
import os, sys
out, argv = sys.argv[1], sys.argv[2:]
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
with open(out, "w") as f:
    f.write(str(ru.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status) % 256)
"""


def run_measured(args, stdin_path=None, timeout=60):
    """(exit code, stdout+stderr text, max RSS MB, seconds) of one tmx run."""
    rss_file = os.path.join(tmp, "maxrss")
    with tempfile.TemporaryFile() as out:
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        t0 = time.time()
        try:
            rc = subprocess.run([sys.executable, "-S", "-c", RELAY, rss_file, TMX, *args], stdin=stdin, stdout=out,
                                stderr=subprocess.STDOUT, timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            rc = "timeout"
        secs = time.time() - t0
        if stdin_path:
            stdin.close()
        out.seek(0)
        text = out.read(1 << 20).decode("utf-8", "replace")
    with open(rss_file) as f:
        rss = int(f.read() or 0) / 1024.0
    return rc, text, rss, secs


tmp = tempfile.mkdtemp(prefix="tmx_bad_inputs_")
rows = []  # (name, args, stdin, exit, pattern, rss ceiling MB)


def fwd(name, d, exit_code, pattern, rss=64, ids="0,1"):
    rows.append((name, ["forward", "--model", d, "--ids", ids, "--logits", os.path.join(tmp, "l.npy")], None,
                 exit_code, pattern, rss))


# --- safetensors -----------------------------------------------------------------------------
fwd("valid golden checkpoint (control)", model_dir(tmp, "ok"), 0, r"logits \(2, ", 64)
fwd("truncated safetensors (100 bytes)", model_dir(tmp, "trunc", weights=GPT_ST[:100]), 1, r"exceeds the file|truncated")
fwd("4-byte safetensors", model_dir(tmp, "tiny", weights=b"\x01\x00\x00\x00"), 1, r"truncated file \(4 bytes")
fwd("header length larger than the file", model_dir(tmp, "hlen", weights=struct.pack("<Q", 5000) + b"{}"), 1, r"length 5000 exceeds the file")
fwd("header length 2^60", model_dir(tmp, "hlen60", weights=struct.pack("<Q", 1 << 60) + b"{}"), 1, r"exceeds the file")
fwd("header is not JSON", model_dir(tmp, "hjson", weights=struct.pack("<Q", 5) + b"{nope"), 1, r"bad header")
fwd("overlapping data_offsets", model_dir(tmp, "overlap", weights=st_bytes(
    [["a", "F32", [2], b"\0" * 8]], lambda h: h.update({"b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}))),
    1, r"overlaps")
fwd("data_offsets past the end", model_dir(tmp, "past", weights=st_bytes(
    [["a", "F32", [2], b"\0" * 8]], lambda h: h["a"].update({"data_offsets": [0, 800]}))), 1, r"past the end of the file")
fwd("trailing garbage after the data", model_dir(tmp, "trail", weights=GPT_ST + b"garbage!"), 1, r"8 trailing bytes")
fwd("unsupported dtype I64", model_dir(tmp, "i64", weights=with_tensor(lambda ts: ts[0].__setitem__(1, "I64"))), 1, r"unsupported dtype I64")
fwd("wrong shape for a tensor", model_dir(tmp, "shape", weights=with_tensor(
    lambda ts: [t.__setitem__(2, [t[2][1], t[2][0]]) for t in ts if t[0] == "transformer.wte.weight"])), 1, r"wte.weight' has shape")
fwd("absurd shape [1e12, 1e12, 0]", model_dir(tmp, "absurd", weights=st_bytes([["w", "F32", [10**12, 10**12, 0], b""]])), 1, r"absurd shape")
fwd("NaN weights", model_dir(tmp, "nan", weights=with_tensor(
    lambda ts: [t.__setitem__(3, struct.pack("<f", float("nan")) + t[3][4:]) for t in ts if t[0] == "transformer.wte.weight"])),
    1, r"contains NaN or Inf")
fwd("Inf weights", model_dir(tmp, "inf", weights=with_tensor(
    lambda ts: [t.__setitem__(3, struct.pack("<f", float("inf")) + t[3][4:]) for t in ts if t[0] == "transformer.ln_f.bias"])),
    1, r"contains NaN or Inf")
fwd("missing tensor", model_dir(tmp, "missing", weights=st_bytes([t for t in golden_tensors() if t[0] != "transformer.ln_f.bias"])),
    1, r"missing tensor 'transformer.ln_f.bias'")
fwd("safetensors is a directory", model_dir(tmp, "stdir", weights=None), 1, r"cannot open|is a directory")
os.makedirs(os.path.join(tmp, "stdir", "model.safetensors"), exist_ok=True)

# --- config.json -------------------------------------------------------------------------------
fwd("config without n_layer", model_dir(tmp, "no_layer", config=cfg(n_layer=None)), 1, r"missing field 'n_layer'")
fwd("config without any size (no GPT-2 small default)", model_dir(tmp, "no_sizes", config='{"model_type": "gpt2"}'), 1,
    r"missing field 'vocab_size'")
fwd("negative n_embd", model_dir(tmp, "neg", config=cfg(n_embd=-8)), 1, r"'n_embd' = -8 is out of range")
fwd("n_head does not divide n_embd", model_dir(tmp, "heads", config=cfg(n_head=3)), 1, r"not a multiple of n_head")
fwd("vocab_size 0", model_dir(tmp, "vocab0", config=cfg(vocab_size=0)), 1, r"'vocab_size' = 0 is out of range")
fwd("10^9 layers", model_dir(tmp, "layers", config=cfg(n_layer=10**9)), 1, r"out of range")
fwd("GPT-2 small sizes, 10 KB of weights", model_dir(tmp, "small", config=cfg(vocab_size=50257, n_positions=1024, n_embd=768,
    n_head=12, n_layer=12)), 1, r"transformer.wte.weight' has shape", 64)
fwd("LLaMA 1B-class sizes, 10 KB of weights", model_dir(tmp, "llama_big", config=json.dumps({
    "model_type": "llama", "vocab_size": 32000, "hidden_size": 2048, "num_hidden_layers": 22, "num_attention_heads": 32,
    "num_key_value_heads": 4, "intermediate_size": 5632, "max_position_embeddings": 2048})), 1, r"missing tensor 'model.embed_tokens.weight'", 64)
fwd("Mamba with 48 layers, 10 KB of weights", model_dir(tmp, "mamba_big", config=json.dumps({
    "model_type": "mamba", "d_model": 8, "n_layer": 48, "vocab_size": 16})), 1, r"backbone.embedding", 64)
fwd("config is not UTF-8", model_dir(tmp, "utf8", config=b'{"model_type": "gpt2\xff\xfe"}'), 1, r"invalid UTF-8 in string")
fwd("config nested 100k deep", model_dir(tmp, "deep", config="[" * 100000 + "]" * 100000), 1, r"nesting deeper than")
fwd("duplicate keys", model_dir(tmp, "dup", config='{"model_type": "gpt2", "model_type": "llama"}'), 1, r"duplicate key")
fwd("config.json is a directory", model_dir(tmp, "cfgdir", config=None), 1, r"config.json.*is a directory")
os.makedirs(os.path.join(tmp, "cfgdir", "config.json"), exist_ok=True)
fwd("model_type with control characters", model_dir(tmp, "ctl", config='{"model_type": "x\\u001b[31mred"}'), 1,
    r'unsupported model_type "x\\u001b\[31mred"')
fwd("config.json missing", model_dir(tmp, "nocfg", config=None), 1, r"cannot open")
fwd("empty config.json", model_dir(tmp, "empty", config=""), 1, r"unexpected end of input")
fwd("config is a JSON array", model_dir(tmp, "arr", config="[1, 2]"), 1, r"not a JSON object")
fwd("token id beyond the vocabulary", model_dir(tmp, "ok"), 1, r"out of range|vocab", ids="0,999999")
fwd("malformed ids", model_dir(tmp, "ok"), 1, r"expected an integer", ids="1,,2")

# --- tokenizer -----------------------------------------------------------------------------------
# Big inputs are written in 1 MB pieces: this process must stay small, because a child's max RSS
# starts from its parent's at fork (wait4's ru_maxrss would report the parent's size otherwise).
rnd = random.Random(20)
big = os.path.join(tmp, "random50mb.bin")
with open(big, "wb") as f:
    for _ in range(50):
        f.write(rnd.randbytes(1 << 20))
rows.append(("50 MB of random bytes on stdin", ["tokenize", "--ids", "-"], big, 1, r"over the 16 MiB limit", 160))
text10 = os.path.join(tmp, "a10mb.txt")
with open(text10, "wb") as f:
    for _ in range(10):
        f.write(b"a" * (1 << 20))
rows.append(("10 MB single-piece text (GPT-2 merge worst case)", ["tokenize", "--ids", "-"], text10, 0, r"^\d", 450))
rows.append(("invalid UTF-8 text (lossless bytes)", ["tokenize", "--ids", "ab\udcff\udcfe"], None, 0, r"^\d+( \d+)*\s*$", 64))


def tmxbpe(kind, pre, items):
    def fnv(b):
        h = 0x811C9DC5
        for x in b:
            h = ((h ^ x) * 0x01000193) & 0xFFFFFFFF
        return h
    b = b"TMXB" + struct.pack("<5I", 1, kind, pre, len(items), 0)
    for it in items:
        b += struct.pack("<2I", *it)
    return b + struct.pack("<I", fnv(b))


doubling = os.path.join(tmp, "doubling.tmxbpe")
with open(doubling, "wb") as f:
    f.write(tmxbpe(2, 0, [(97, 97)] + [(255 + i, 255 + i) for i in range(1, 40)]))
rows.append(("348-byte BPE file of 40 self-doubling merges", ["tokenize", "--tokenizer", "bpe:" + doubling, "aaaa"], None, 1,
             r"more than 32 MiB", 64))
trunc = os.path.join(tmp, "trunc.tmxbpe")
with open(trunc, "wb") as f:
    f.write(rd(doubling)[:30])
rows.append(("truncated BPE file", ["tokenize", "--tokenizer", "bpe:" + trunc, "x"], None, 1, r"checksum|truncated", 64))
rows.append(("BPE file is a directory", ["tokenize", "--tokenizer", "bpe:" + tmp, "x"], None, 1, r"not a regular file", 64))
rows.append(("bpe-train on a directory", ["bpe-train", tmp, "--out", os.path.join(tmp, "x.tmxbpe")], None, 1,
             r"regular file|cannot|directory", 64))

# --- run -----------------------------------------------------------------------------------------
table = []
for name, args, stdin, code, pattern, ceiling in rows:
    rc, out, rss, secs = run_measured(args, stdin)
    ok = rc == code and re.search(pattern, out, re.M) is not None and rss <= ceiling
    first = out.strip().splitlines()[0] if out.strip() else ""
    table.append((name, rc, rss, secs, ceiling, ok, first[:90]))
    check(ok, f"{name}: exit {rc} (want {code}), max RSS {rss:.0f} MB (ceiling {ceiling}), output: {out.strip()[:300]!r}")

if MD:
    print("| # | input | exit | max RSS (MB) | ceiling | time (s) | message |")
    print("|---|---|---|---|---|---|---|")
    for i, (name, rc, rss, secs, ceiling, ok, msg) in enumerate(table, 1):
        print(f"| {i} | {name} | {rc} | {rss:.0f} | {ceiling} | {secs:.2f} | `{msg}` |")
else:
    for i, (name, rc, rss, secs, ceiling, ok, msg) in enumerate(table, 1):
        print(f"{'ok ' if ok else 'BAD'} {i:2d} exit {rc} rss {rss:6.1f} MB (<= {ceiling}) {secs:5.2f} s  {name}: {msg}")
shutil.rmtree(tmp, ignore_errors=True)
if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"bad-input catalogue: {len(rows)} inputs, all with their clear message, exit code and memory ceiling")
