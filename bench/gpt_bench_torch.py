#!/usr/bin/python3
"""PyTorch side of bench/gpt_bench.cpp: the same GPT (nanoGPT layout) on CPU with 1 thread.
Prints `forward_ms <median>` and `train_ms <median>` (forward + backward + AdamW step)."""
import math
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
L, C, H, T, V = (int(a) for a in sys.argv[1:6])
reps = int(sys.argv[6]) if len(sys.argv) > 6 else 5
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


def forward(ids):
    x = P["wte"][ids] + P["wpe"][:T]
    hd = C // H
    for l in range(L):
        a = F.layer_norm(x, (C,), P[f"{l}.ln1w"], P[f"{l}.ln1b"])
        q, k, v = (a @ P[f"{l}.attw"] + P[f"{l}.attb"]).split(C, dim=1)
        q, k, v = (t.view(T, H, hd).transpose(0, 1) for t in (q, k, v))
        s = (q @ k.transpose(1, 2)) / math.sqrt(hd)
        y = s.masked_fill(mask, float("-inf")).softmax(-1) @ v
        x = x + y.transpose(0, 1).reshape(T, C) @ P[f"{l}.prjw"] + P[f"{l}.prjb"]
        m = F.layer_norm(x, (C,), P[f"{l}.ln2w"], P[f"{l}.ln2b"])
        x = x + F.gelu(m @ P[f"{l}.fcw"] + P[f"{l}.fcb"], approximate="tanh") @ P[f"{l}.mpw"] + P[f"{l}.mpb"]
    return F.layer_norm(x, (C,), P["lnfw"], P["lnfb"]) @ P["wte"].T


ids = torch.randint(0, V, (T,))
tg = torch.randint(0, V, (T,))
opt = torch.optim.AdamW(list(P.values()), lr=1e-4)


def median_ms(fn):
    fn()  # warm-up
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1e3)
    return sorted(ts)[len(ts) // 2]


def fwd():
    with torch.no_grad():
        forward(ids)


def train():
    opt.zero_grad()
    F.cross_entropy(forward(ids), tg).backward()
    opt.step()


print("forward_ms", median_ms(fwd))
print("train_ms", median_ms(train))
