#!/usr/bin/python3
"""PyTorch peer of `tmx train` (bench/train_bench.sh): the same nanoGPT-layout GPT (tied lm_head,
GELU tanh, Pre-LN), the same batch / context / AdamW / clipping, on CPU with N threads.
  train_bench_torch.py THREADS STEPS BATCH CONTEXT VOCAB N_EMBD N_HEAD N_LAYER
Prints `tokens_per_s <value>` over STEPS steps after 2 warm-up steps."""
import math
import sys
import time

import torch
import torch.nn.functional as F

th, steps, B, T, V, C, H, L = (int(a) for a in sys.argv[1:9])
torch.set_num_threads(th)
torch.manual_seed(0)
P = {"wte": torch.randn(V, C) * 0.02, "wpe": torch.randn(T, C) * 0.02}
for l in range(L):
    P[f"{l}.ln1w"], P[f"{l}.ln1b"], P[f"{l}.ln2w"], P[f"{l}.ln2b"] = torch.ones(C), torch.zeros(C), torch.ones(C), torch.zeros(C)
    P[f"{l}.attw"], P[f"{l}.attb"] = torch.randn(C, 3 * C) * 0.02, torch.zeros(3 * C)
    P[f"{l}.prjw"], P[f"{l}.prjb"] = torch.randn(C, C) * 0.02, torch.zeros(C)
    P[f"{l}.fcw"], P[f"{l}.fcb"] = torch.randn(C, 4 * C) * 0.02, torch.zeros(4 * C)
    P[f"{l}.mpw"], P[f"{l}.mpb"] = torch.randn(4 * C, C) * 0.02, torch.zeros(C)
P["lnfw"], P["lnfb"] = torch.ones(C), torch.zeros(C)
for p in P.values():
    p.requires_grad_(True)
mask = torch.triu(torch.ones(T, T, dtype=torch.bool), 1)
hd = C // H


def loss_fn(ids, tg):
    x = P["wte"][ids] + P["wpe"][:T]  # (B, T, C)
    for l in range(L):
        a = F.layer_norm(x, (C,), P[f"{l}.ln1w"], P[f"{l}.ln1b"])
        q, k, v = (a @ P[f"{l}.attw"] + P[f"{l}.attb"]).split(C, dim=2)
        q, k, v = (t.view(B, T, H, hd).transpose(1, 2) for t in (q, k, v))
        s = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        y = s.masked_fill(mask, float("-inf")).softmax(-1) @ v
        x = x + y.transpose(1, 2).reshape(B, T, C) @ P[f"{l}.prjw"] + P[f"{l}.prjb"]
        m = F.layer_norm(x, (C,), P[f"{l}.ln2w"], P[f"{l}.ln2b"])
        x = x + F.gelu(m @ P[f"{l}.fcw"] + P[f"{l}.fcb"], approximate="tanh") @ P[f"{l}.mpw"] + P[f"{l}.mpb"]
    logits = F.layer_norm(x, (C,), P["lnfw"], P["lnfb"]) @ P["wte"].T
    return F.cross_entropy(logits.reshape(B * T, V), tg.reshape(B * T))


decay = [p for n, p in P.items() if p.dim() == 2]
other = [p for n, p in P.items() if p.dim() != 2]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": other, "weight_decay": 0.0}], lr=1e-3,
                        betas=(0.9, 0.95))
g = torch.Generator().manual_seed(1)


def step():
    ids = torch.randint(0, V, (B, T + 1), generator=g)
    opt.zero_grad(set_to_none=True)
    loss = loss_fn(ids[:, :-1], ids[:, 1:])
    loss.backward()
    torch.nn.utils.clip_grad_norm_(list(P.values()), 1.0)
    opt.step()


for _ in range(2):
    step()
t0 = time.perf_counter()
for _ in range(steps):
    step()
print("tokens_per_s %.1f" % (steps * B * T / (time.perf_counter() - t0)))
