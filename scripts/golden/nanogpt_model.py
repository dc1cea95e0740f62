#!/usr/bin/python3
"""A nanoGPT-style GPT in PyTorch, written for this project (the GPT chapter and the
gpt-walkthrough widget quote its lines next to our C++ in src/core/models/gpt.cpp).

It follows the order of nanoGPT's model.py: GPTConfig, LayerNorm, CausalSelfAttention, MLP,
Block, GPT (with forward and generate). It loads the project's checkpoints (HF GPT-2 names,
Conv1D weights stored (in, out), F16 or F32 safetensors), e.g. the shipped kjv-gpt:

    /usr/bin/python3 scripts/golden/nanogpt_model.py assets/models/kjv-gpt --ids 10,200,33
        prints the next-token top 5 of the last position
    /usr/bin/python3 scripts/golden/nanogpt_model.py assets/models/kjv-gpt --ids 10,200,33 \\
        --compare build/native/tmx
        runs `tmx forward` on the same ids and checks both give the same logits (exit 1 if not)

Needs only torch and numpy (Debian's python3-torch); the safetensors reader is below.
"""
import argparse
import json
import math
import os
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn as nn
from torch.nn import functional as F


@dataclass
class GPTConfig:
    block_size: int = 1024   # n_positions: rows of wpe, the longest context
    vocab_size: int = 50257  # GPT-2's BPE vocabulary
    n_layer: int = 12
    n_head: int = 12
    n_embd: int = 768
    bias: bool = True        # GPT-2 has biases in every Linear and LayerNorm
    eps: float = 1e-5


class LayerNorm(nn.Module):
    """LayerNorm with an optional bias (PyTorch's has no bias=False before 2.1)."""

    def __init__(self, ndim, bias, eps=1e-5):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(ndim))
        self.bias = nn.Parameter(torch.zeros(ndim)) if bias else None
        self.eps = eps

    def forward(self, input):
        return F.layer_norm(input, self.weight.shape, self.weight, self.bias, self.eps)


class CausalSelfAttention(nn.Module):

    def __init__(self, config):
        super().__init__()
        assert config.n_embd % config.n_head == 0
        # key, query, value projections for all heads, in one matrix
        self.c_attn = nn.Linear(config.n_embd, 3 * config.n_embd, bias=config.bias)
        # output projection
        self.c_proj = nn.Linear(config.n_embd, config.n_embd, bias=config.bias)
        self.n_head = config.n_head
        self.n_embd = config.n_embd
        # the causal mask: 1 on and below the diagonal, a buffer (not a parameter)
        self.register_buffer("bias", torch.tril(torch.ones(config.block_size, config.block_size))
                             .view(1, 1, config.block_size, config.block_size))

    def forward(self, x):
        B, T, C = x.size()  # batch size, sequence length, embedding dimensionality (n_embd)
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        k = k.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)
        q = q.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)
        v = v.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = att.masked_fill(self.bias[:, :, :T, :T] == 0, float('-inf'))
        att = F.softmax(att, dim=-1)
        y = att @ v  # (B, nh, T, T) x (B, nh, T, hs) -> (B, nh, T, hs)
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # re-assemble all head outputs side by side
        y = self.c_proj(y)
        return y


class MLP(nn.Module):

    def __init__(self, config):
        super().__init__()
        self.c_fc = nn.Linear(config.n_embd, 4 * config.n_embd, bias=config.bias)
        self.gelu = nn.GELU(approximate='tanh')  # GPT-2's "gelu_new"
        self.c_proj = nn.Linear(4 * config.n_embd, config.n_embd, bias=config.bias)

    def forward(self, x):
        x = self.c_fc(x)
        x = self.gelu(x)
        x = self.c_proj(x)
        return x


class Block(nn.Module):

    def __init__(self, config):
        super().__init__()
        self.ln_1 = LayerNorm(config.n_embd, bias=config.bias, eps=config.eps)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = LayerNorm(config.n_embd, bias=config.bias, eps=config.eps)
        self.mlp = MLP(config)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        x = x + self.mlp(self.ln_2(x))
        return x


class GPT(nn.Module):

    def __init__(self, config):
        super().__init__()
        self.config = config
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(config.vocab_size, config.n_embd),
            wpe=nn.Embedding(config.block_size, config.n_embd),
            h=nn.ModuleList([Block(config) for _ in range(config.n_layer)]),
            ln_f=LayerNorm(config.n_embd, bias=config.bias, eps=config.eps),
        ))
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        self.transformer.wte.weight = self.lm_head.weight  # weight tying

    def forward(self, idx, targets=None):
        b, t = idx.size()
        assert t <= self.config.block_size, f"Cannot forward sequence of length {t}, block size is only {self.config.block_size}"
        pos = torch.arange(0, t, dtype=torch.long, device=idx.device)  # shape (t)
        tok_emb = self.transformer.wte(idx)  # token embeddings of shape (b, t, n_embd)
        pos_emb = self.transformer.wpe(pos)  # position embeddings of shape (t, n_embd)
        x = tok_emb + pos_emb
        for block in self.transformer.h:
            x = block(x)
        x = self.transformer.ln_f(x)
        logits = self.lm_head(x)
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)
        return logits, loss

    @torch.no_grad()
    def generate(self, idx, max_new_tokens, temperature=1.0, top_k=None):
        for _ in range(max_new_tokens):
            # if the sequence context is growing too long we must crop it at block_size
            idx_cond = idx if idx.size(1) <= self.config.block_size else idx[:, -self.config.block_size:]
            logits, _ = self(idx_cond)
            logits = logits[:, -1, :] / temperature
            if top_k is not None:
                v, _ = torch.topk(logits, min(top_k, logits.size(-1)))
                logits[logits < v[:, [-1]]] = -float('Inf')
            probs = F.softmax(logits, dim=-1)
            idx_next = torch.multinomial(probs, num_samples=1)
            idx = torch.cat((idx, idx_next), dim=1)
        return idx

    @classmethod
    def from_checkpoint(cls, model_dir):
        """A directory with config.json (HF GPT-2 fields) and model.safetensors (HF names)."""
        with open(os.path.join(model_dir, "config.json")) as f:
            c = json.load(f)
        config = GPTConfig(block_size=c["n_positions"], vocab_size=c["vocab_size"], n_layer=c["n_layer"],
                           n_head=c["n_head"], n_embd=c["n_embd"], eps=c.get("layer_norm_epsilon", 1e-5))
        model = cls(config)
        sd = read_safetensors(os.path.join(model_dir, "model.safetensors"))
        sd = {k if k.startswith("transformer.") else "transformer." + k: v for k, v in sd.items()}
        # HF's Conv1D stores (in, out); nn.Linear wants (out, in)
        transposed = ("attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight")
        own = model.state_dict()
        with torch.no_grad():
            for k, v in own.items():
                if k.endswith(".attn.bias") or k == "lm_head.weight":
                    continue  # the mask buffer; the tied head is wte
                w = sd[k]
                own[k].copy_(w.t() if k.endswith(transposed) else w)
        return model


def read_safetensors(path):
    """name -> float32 tensor, for F32 / F16 / BF16 files."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        raw = data[base + a:base + b]
        if info["dtype"] == "F32":
            arr = np.frombuffer(raw, dtype="<f4")
        elif info["dtype"] == "F16":
            arr = np.frombuffer(raw, dtype="<f2").astype(np.float32)
        elif info["dtype"] == "BF16":
            arr = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            raise ValueError(f"{name}: dtype {info['dtype']} not supported")
        out[name] = torch.from_numpy(arr.copy()).reshape(info["shape"])
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model_dir")
    ap.add_argument("--ids", required=True, help="comma-separated token ids")
    ap.add_argument("--compare", metavar="TMX", help="path of the tmx CLI: compare with `tmx forward`")
    ap.add_argument("--tol", type=float, default=1e-4)
    a = ap.parse_args()
    ids = [int(s) for s in a.ids.split(",")]
    model = GPT.from_checkpoint(a.model_dir).eval()
    with torch.no_grad():
        logits, _ = model(torch.tensor([ids]))
    logits = logits[0].numpy()
    probs = torch.softmax(torch.from_numpy(logits[-1]), -1)
    top = torch.topk(probs, 5)
    print("top 5 after the last position:", [(int(i), round(float(p), 4)) for p, i in zip(top.values, top.indices)])
    if a.compare:
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "logits.npy")
            subprocess.run([a.compare, "forward", "--model", a.model_dir, "--ids", a.ids, "--logits", out],
                           check=True, stdout=subprocess.DEVNULL)
            ours = np.load(out)
        diff = float(np.max(np.abs(ours - logits)))
        print(f"max |tmx forward - nanogpt_model.py| over {logits.size} logits: {diff:.3g}")
        if not diff <= a.tol:
            sys.exit(1)


if __name__ == "__main__":
    main()
