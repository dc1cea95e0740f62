#!/usr/bin/python3
"""PyTorch peer of bench/gpt_bench.cpp: the same GPT (nanoGPT layout) on CPU, 1 thread, driven over
stdin/stdout so the driver can interleave its rounds with ours. Not a bench on its own.

  gpt_torch_peer.py L C H T V     then one command a line, one answer line each:
    info            -> "blas <library>|<OpenBLAS core>|<OpenBLAS config>" (the BLAS this process loaded)
    fwd | train     -> "ms <time of one forward / one forward+backward+AdamW step>"
    decode N        -> "ms <time of N one-token steps with a KV cache, from an empty cache>"
    sgemm N REPS    -> "gflops <median single-thread N×N×N float32 matmul>"
    quit
Run it under bench/lib/openblas.sh exec to get Debian's OpenBLAS for this process only."""
import ctypes
import math
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
if len(sys.argv) != 6:
    sys.exit("usage: gpt_torch_peer.py N_LAYER N_EMBD N_HEAD T VOCAB  (then commands on stdin; see the docstring)")
L, C, H, T, V = (int(a) for a in sys.argv[1:6])
HD = C // H
torch.manual_seed(0)


def lin(i, o):
    return (torch.randn(i, o) * 0.02).requires_grad_(True), torch.zeros(o, requires_grad=True)


P = {"wte": (torch.randn(V, C) * 0.02).requires_grad_(True), "wpe": (torch.randn(T, C) * 0.02).requires_grad_(True)}
for l in range(L):
    P[f"{l}.ln1w"], P[f"{l}.ln1b"] = torch.ones(C, requires_grad=True), torch.zeros(C, requires_grad=True)
    P[f"{l}.ln2w"], P[f"{l}.ln2b"] = torch.ones(C, requires_grad=True), torch.zeros(C, requires_grad=True)
    P[f"{l}.attw"], P[f"{l}.attb"] = lin(C, 3 * C)
    P[f"{l}.prjw"], P[f"{l}.prjb"] = lin(C, C)
    P[f"{l}.fcw"], P[f"{l}.fcb"] = lin(C, 4 * C)
    P[f"{l}.mpw"], P[f"{l}.mpb"] = lin(4 * C, C)
P["lnfw"], P["lnfb"] = torch.ones(C, requires_grad=True), torch.zeros(C, requires_grad=True)
mask = torch.triu(torch.ones(T, T, dtype=torch.bool), 1)


def mlp(l, m):
    return F.gelu(m @ P[f"{l}.fcw"] + P[f"{l}.fcb"], approximate="tanh") @ P[f"{l}.mpw"] + P[f"{l}.mpb"]


def forward(ids):
    x = P["wte"][ids] + P["wpe"][:T]
    for l in range(L):
        a = F.layer_norm(x, (C,), P[f"{l}.ln1w"], P[f"{l}.ln1b"])
        q, k, v = (a @ P[f"{l}.attw"] + P[f"{l}.attb"]).split(C, dim=1)
        q, k, v = (t.view(T, H, HD).transpose(0, 1) for t in (q, k, v))
        s = (q @ k.transpose(1, 2)) / math.sqrt(HD)
        y = s.masked_fill(mask, float("-inf")).softmax(-1) @ v
        x = x + y.transpose(0, 1).reshape(T, C) @ P[f"{l}.prjw"] + P[f"{l}.prjb"]
        x = x + mlp(l, F.layer_norm(x, (C,), P[f"{l}.ln2w"], P[f"{l}.ln2b"]))
    return F.layer_norm(x, (C,), P["lnfw"], P["lnfb"]) @ P["wte"].T


kc = torch.zeros(L, H, T, HD)
vc = torch.zeros(L, H, T, HD)


def step(tok, pos):
    """One token at position pos; keys/values appended to the cache, attention over positions 0..pos."""
    x = P["wte"][tok] + P["wpe"][pos]
    for l in range(L):
        a = F.layer_norm(x, (C,), P[f"{l}.ln1w"], P[f"{l}.ln1b"])
        q, k, v = (a @ P[f"{l}.attw"] + P[f"{l}.attb"]).split(C)
        kc[l, :, pos] = k.view(H, HD)
        vc[l, :, pos] = v.view(H, HD)
        s = (kc[l, :, : pos + 1] @ q.view(H, HD, 1)).squeeze(-1) / math.sqrt(HD)
        y = (s.softmax(-1).unsqueeze(1) @ vc[l, :, : pos + 1]).reshape(C)
        x = x + y @ P[f"{l}.prjw"] + P[f"{l}.prjb"]
        x = x + mlp(l, F.layer_norm(x, (C,), P[f"{l}.ln2w"], P[f"{l}.ln2b"]))
    return F.layer_norm(x, (C,), P["lnfw"], P["lnfb"]) @ P["wte"].T


ids = torch.randint(0, V, (T,))
tg = torch.randint(0, V, (T,))
opt = torch.optim.AdamW(list(P.values()), lr=1e-4)


def timed_ms(fn):
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1e3


def fwd():
    with torch.no_grad():
        forward(ids)


def train():
    opt.zero_grad()
    F.cross_entropy(forward(ids), tg).backward()
    opt.step()


def decode(n):
    with torch.no_grad():
        for p in range(n):
            step(int(ids[p % T]), p % T)


def sgemm_gflops(n, reps):
    a, b = torch.randn(n, n), torch.randn(n, n)
    a @ b  # warm-up
    ts = sorted(timed_ms(lambda: a @ b) for _ in range(reps))
    return 2.0 * n**3 / (ts[len(ts) // 2] * 1e-3) / 1e9


def blas_info():
    libs = sorted({ln.split()[-1] for ln in open("/proc/self/maps") if "blas" in ln.split()[-1]})
    blas = next((p for p in libs if "/libblas.so.3" in p), "?")
    core, config = "none", "not OpenBLAS"
    for p in libs:
        if "libopenblas" in p:
            lib = ctypes.CDLL(p)
            lib.openblas_get_corename.restype = lib.openblas_get_config.restype = ctypes.c_char_p
            core, config = lib.openblas_get_corename().decode(), lib.openblas_get_config().decode()
    return f"{blas}|{core}|{config}"


def answer(s):
    sys.stdout.write(s + "\n")
    sys.stdout.flush()


answer("ready")
for line in sys.stdin:
    cmd = line.split()
    if not cmd:
        continue
    if cmd[0] == "quit":
        break
    elif cmd[0] == "info":
        answer("blas " + blas_info())
    elif cmd[0] == "fwd":
        answer(f"ms {timed_ms(fwd)}")
    elif cmd[0] == "train":
        answer(f"ms {timed_ms(train)}")
    elif cmd[0] == "decode" and len(cmd) == 2:
        answer(f"ms {timed_ms(lambda: decode(int(cmd[1])))}")
    elif cmd[0] == "sgemm" and len(cmd) == 3:
        answer(f"gflops {sgemm_gflops(int(cmd[1]), int(cmd[2]))}")
    else:
        answer(f"error unknown command: {line.strip()}")
