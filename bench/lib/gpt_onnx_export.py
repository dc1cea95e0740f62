#!/usr/bin/python3
"""The GPT of bench/gpt_bench.cpp as ONNX for the onnxruntime-web peer (bench/ort_web.mjs), and the same
weights as a safetensors checkpoint our core loads, so both compute the same function. Not a bench.

  gpt_onnx_export.py OUT_DIR L C H T V SEED

writes into OUT_DIR (git-ignored, under build/):
  gpt.safetensors   every weight under HF GPT-2 names (tmx::GPT::from_safetensors reads them)
  gpt.onnx          forward: ids int64 [T] -> logits float32 [T, V]
  gpt_step.onnx     one decode step with a KV cache: ids int64 [1], pos int64 [1],
                    past_k, past_v float32 [L, H, P, C/H] -> logits [1, V], present_k, present_v [L, H, P+1, C/H]
                    (P grows from 0; attention over positions 0..pos, so no mask is needed)
  head.onnx         the lm_head alone: x float32 [n, C] -> x @ wte^T [n, V] (n = T: a GEMM, n = 1: a GEMV),
                    to see how much of a gap is the matrix kernel
  ids.json          the T token ids the bench feeds both sides
Weights: seeded N(0, 0.02) matrices and biases, LayerNorm gains 1 + N(0, 0.1) and biases N(0, 0.02) (not
1 and 0, so a swapped gain/bias shows in the comparison). Uses torch.onnx.export's TorchScript exporter
(Debian's python3-torch 1.13 has no other; it needs no `onnx` Python package). Skips the work when the
outputs exist for the same arguments and this script is unchanged (stamp file)."""
import hashlib
import json
import math
import os
import struct
import sys

import torch
import torch.nn.functional as F

if len(sys.argv) != 8:
    sys.exit("usage: gpt_onnx_export.py OUT_DIR N_LAYER N_EMBD N_HEAD T VOCAB SEED")
OUT = sys.argv[1]
L, C, H, T, V, SEED = (int(a) for a in sys.argv[2:8])
if min(L, C, H, T, V) <= 0 or C % H:
    sys.exit(f"gpt_onnx_export.py: bad config L={L} C={C} H={H} T={T} V={V} (all > 0, C divisible by H)")
HD = C // H
FILES = ["gpt.safetensors", "gpt.onnx", "gpt_step.onnx", "head.onnx", "ids.json"]
stamp_text = json.dumps({"args": sys.argv[2:], "torch": torch.__version__,
                         "script": hashlib.sha256(open(__file__, "rb").read()).hexdigest()})
stamp = os.path.join(OUT, "export.stamp")
if all(os.path.exists(os.path.join(OUT, f)) for f in FILES) and os.path.exists(stamp) \
        and open(stamp).read() == stamp_text:
    print(f"gpt_onnx_export.py: {OUT} is up to date", file=sys.stderr)
    sys.exit(0)
os.makedirs(OUT, exist_ok=True)

g = torch.Generator().manual_seed(SEED)


def normal(*shape, std=0.02, mean=0.0):
    return torch.randn(*shape, generator=g) * std + mean


# HF GPT-2 names; Conv1D weights are (in, out), so y = x @ W + b.
P = {"transformer.wte.weight": normal(V, C), "transformer.wpe.weight": normal(T, C)}
for l in range(L):
    p = f"transformer.h.{l}."
    for ln in ("ln_1", "ln_2"):
        P[p + ln + ".weight"], P[p + ln + ".bias"] = normal(C, std=0.1, mean=1.0), normal(C)
    for name, i, o in (("attn.c_attn", C, 3 * C), ("attn.c_proj", C, C), ("mlp.c_fc", C, 4 * C),
                       ("mlp.c_proj", 4 * C, C)):
        P[p + name + ".weight"], P[p + name + ".bias"] = normal(i, o), normal(o)
P["transformer.ln_f.weight"], P["transformer.ln_f.bias"] = normal(C, std=0.1, mean=1.0), normal(C)


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, t in tensors.items():
        b = t.contiguous().to(torch.float32).numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


class GPT(torch.nn.Module):
    """nanoGPT layout (pre-LN, GELU tanh, lm_head tied to wte), the math of gpt_torch_peer.py."""

    def __init__(self):
        super().__init__()
        self.w = torch.nn.ParameterDict({k.replace(".", "_"): torch.nn.Parameter(v, requires_grad=False)
                                         for k, v in P.items()})

    def p(self, name):
        return self.w[("transformer." + name).replace(".", "_")]

    def ln(self, x, name):
        return F.layer_norm(x, (C,), self.p(name + ".weight"), self.p(name + ".bias"), 1e-5)

    def lin(self, x, name):
        return x @ self.p(name + ".weight") + self.p(name + ".bias")

    def mlp(self, l, x):
        return self.lin(F.gelu(self.lin(x, f"h.{l}.mlp.c_fc"), approximate="tanh"), f"h.{l}.mlp.c_proj")

    def head(self, x):
        return self.ln(x, "ln_f") @ self.p("wte.weight").t()


class Forward(GPT):
    def forward(self, ids):  # ids [T]
        n = ids.shape[0]
        x = self.p("wte.weight")[ids] + self.p("wpe.weight")[:n]
        mask = torch.triu(torch.ones(n, n, dtype=torch.bool), 1)
        for l in range(L):
            q, k, v = self.lin(self.ln(x, f"h.{l}.ln_1"), f"h.{l}.attn.c_attn").split(C, dim=1)
            q, k, v = (t.reshape(n, H, HD).transpose(0, 1) for t in (q, k, v))
            s = (q @ k.transpose(1, 2)) / math.sqrt(HD)
            y = s.masked_fill(mask, float("-inf")).softmax(-1) @ v
            x = x + self.lin(y.transpose(0, 1).reshape(n, C), f"h.{l}.attn.c_proj")
            x = x + self.mlp(l, self.ln(x, f"h.{l}.ln_2"))
        return self.head(x)


class Step(GPT):
    def forward(self, ids, pos, past_k, past_v):  # ids, pos [1]; past [L, H, P, HD]
        x = self.p("wte.weight")[ids] + self.p("wpe.weight")[pos]  # [1, C]
        ks, vs = [], []
        for l in range(L):
            q, k, v = self.lin(self.ln(x, f"h.{l}.ln_1"), f"h.{l}.attn.c_attn").split(C, dim=1)
            k = torch.cat([past_k[l], k.reshape(H, 1, HD)], dim=1)  # [H, P+1, HD]
            v = torch.cat([past_v[l], v.reshape(H, 1, HD)], dim=1)
            ks.append(k)
            vs.append(v)
            s = (k @ q.reshape(H, HD, 1)) / math.sqrt(HD)  # [H, P+1, 1]
            y = (s.softmax(1).transpose(1, 2) @ v).reshape(1, C)
            x = x + self.lin(y, f"h.{l}.attn.c_proj")
            x = x + self.mlp(l, self.ln(x, f"h.{l}.ln_2"))
        return self.head(x), torch.stack(ks), torch.stack(vs)


class Head(GPT):
    def forward(self, x):  # x [n, C]
        return x @ self.p("wte.weight").t()


ids = torch.randint(0, V, (T,), generator=g)
fwd, step, head = Forward().eval(), Step().eval(), Head().eval()
with torch.no_grad():
    ref = fwd(ids)
    # The step model, run token by token, must give the forward's logits (a check of the export's source).
    pk = pv = torch.zeros(L, H, 0, HD)
    worst = 0.0
    for t in range(min(T, 16)):
        lg, pk, pv = step(ids[t:t + 1], torch.tensor([t]), pk, pv)
        worst = max(worst, (lg[0] - ref[t]).abs().max().item())
    if worst > 1e-4:
        sys.exit(f"gpt_onnx_export.py: the step model differs from the forward by {worst:g}")

    tmp = {f: os.path.join(OUT, f + ".tmp") for f in FILES}
    write_safetensors(tmp["gpt.safetensors"], P)
    torch.onnx.export(fwd, (ids,), tmp["gpt.onnx"], input_names=["ids"], output_names=["logits"],
                      opset_version=17, do_constant_folding=True)
    torch.onnx.export(step, (ids[:1], torch.tensor([0]), torch.zeros(L, H, 1, HD), torch.zeros(L, H, 1, HD)),
                      tmp["gpt_step.onnx"], input_names=["ids", "pos", "past_k", "past_v"],
                      output_names=["logits", "present_k", "present_v"],
                      dynamic_axes={"past_k": {2: "past"}, "past_v": {2: "past"},
                                    "present_k": {2: "present"}, "present_v": {2: "present"}},
                      opset_version=17, do_constant_folding=True)
    torch.onnx.export(head, (torch.zeros(T, C),), tmp["head.onnx"], input_names=["x"], output_names=["logits"],
                      dynamic_axes={"x": {0: "n"}, "logits": {0: "n"}}, opset_version=17, do_constant_folding=True)
    with open(tmp["ids.json"], "w") as f:
        json.dump({"ids": ids.tolist(), "L": L, "C": C, "H": H, "T": T, "V": V, "seed": SEED,
                   "torch_logits_0_8": ref[0, :8].tolist(), "torch_logits_last_8": ref[-1, :8].tolist()}, f)
for f in FILES:
    os.replace(tmp[f], os.path.join(OUT, f))
with open(stamp, "w") as f:
    f.write(stamp_text)
print(f"gpt_onnx_export.py: wrote {', '.join(FILES)} to {OUT} (torch {torch.__version__}, step/forward "
      f"max |diff| {worst:.2e} over 16 positions)", file=sys.stderr)
