#!/usr/bin/python3
"""PyTorch reference for the Mamba core; regenerates tests/golden/mamba/.

    /usr/bin/python3 scripts/golden/mamba.py

Everything is computed in float64 from float32-rounded inputs and stored as float32, so the C++
float code is compared against an (almost) exact reference. Gradients come from torch autograd
of loss = sum(out * dout) (scan, block) or mean cross-entropy (LM).

The reference is our own plain-torch re-implementation of the semantics of state-spaces/mamba:
  selective_scan_ref (mamba_ssm/ops/selective_scan_interface.py) and Mamba.forward's slow path
  (mamba_ssm/modules/mamba_simple.py), MixerModel / MambaLMHeadModel (models/mixer_seq_simple.py).
"""
import json
import math
import os
import struct

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "golden", "mamba")
torch.manual_seed(0)
DT = torch.float64


# ---------------------------------------------------------------------------- safetensors
def write_safetensors(path, tensors):
    """8-byte LE header length + JSON header + raw little-endian float32 data."""
    header, blobs, off = {}, [], 0
    for name, t in tensors.items():
        a = np.ascontiguousarray(t.detach().cpu().numpy() if torch.is_tensor(t) else t, dtype="<f4")
        b = a.tobytes()
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def f32(t):
    """Round to float32 (what the C++ side reads) and compute in float64 from there."""
    return t.float().to(DT)


# ---------------------------------------------------------------------------- selective scan
def selective_scan(u, delta, A, B, C, D=None, z=None, delta_bias=None, delta_softplus=False):
    """u, delta, z: (b, d, l); A: (d, n); B, C: (d, n) | (b, n, l) | (b, g, n, l).
    Returns out (b, d, l) and the last state (b, d, n)."""
    if delta_bias is not None:
        delta = delta + delta_bias[:, None]
    if delta_softplus:
        delta = F.softplus(delta)
    bsz, dim, L = u.shape
    n = A.shape[1]

    def rows(M):  # -> (b, d, l, n): the N values channel d sees at step t
        if M.dim() == 2:
            return M[None, :, None, :].expand(bsz, dim, L, n)
        if M.dim() == 3:
            return M.permute(0, 2, 1)[:, None].expand(bsz, dim, L, n)
        g = M.shape[1]
        return M.repeat_interleave(dim // g, dim=1).permute(0, 1, 3, 2)

    Br, Cr = rows(B), rows(C)
    dA = torch.exp(delta[..., None] * A[:, None, :])            # (b, d, l, n) Ā = exp(ΔA)
    dBu = delta[..., None] * Br * u[..., None]                   # (b, d, l, n) B̄u = ΔBu
    h = torch.zeros(bsz, dim, n, dtype=u.dtype)
    ys = []
    for t in range(L):
        h = dA[:, :, t] * h + dBu[:, :, t]
        ys.append((h * Cr[:, :, t]).sum(-1))
    y = torch.stack(ys, dim=2)
    if D is not None:
        y = y + u * D[:, None]
    if z is not None:
        y = y * F.silu(z)
    return y, h


def scan_cases():
    out = {}
    bsz, dim, n, L, G = 2, 4, 3, 7, 2
    forms = ["fixed", "variable", "grouped"]
    cases = []
    for f in forms:
        for zz in (False, True):
            for sp in (False, True):
                cases.append((f, f, zz, sp, sp))  # (B form, C form, z, delta_bias, softplus)
    cases += [("fixed", "grouped", True, True, True), ("variable", "fixed", False, True, False),
              ("grouped", "variable", True, False, True)]
    for i, (bf, cf, has_z, has_bias, sp) in enumerate(cases):
        def bc(form):
            shape = {"fixed": (dim, n), "variable": (bsz, n, L), "grouped": (bsz, G, n, L)}[form]
            return f32(torch.randn(shape))
        u = f32(torch.randn(bsz, dim, L))
        delta = f32(torch.randn(bsz, dim, L) * 0.5) if sp else f32(torch.rand(bsz, dim, L) * 0.5 + 0.05)
        A = f32(-torch.exp(torch.randn(dim, n) * 0.5))
        B, C = bc(bf), bc(cf)
        D = f32(torch.randn(dim))
        z = f32(torch.randn(bsz, dim, L)) if has_z else None
        bias = f32(torch.randn(dim) * 0.3) if has_bias else None
        ins = {"u": u, "delta": delta, "A": A, "B": B, "C": C, "D": D}
        if z is not None:
            ins["z"] = z
        if bias is not None:
            ins["delta_bias"] = bias
        for t in ins.values():
            t.requires_grad_(True)
        o, last = selective_scan(ins["u"], ins["delta"], ins["A"], ins["B"], ins["C"], ins["D"],
                                 ins.get("z"), ins.get("delta_bias"), sp)
        dout = f32(torch.randn_like(o))
        (o * dout).sum().backward()
        p = f"c{i}."
        code = {"fixed": 0, "variable": 1, "grouped": 2}
        out[p + "dims"] = torch.tensor([bsz, dim, n, L, G], dtype=DT)
        out[p + "flags"] = torch.tensor([code[bf], code[cf], has_z, has_bias, sp], dtype=DT)
        for k, t in ins.items():
            out[p + k] = t.detach()
            out[p + "d" + k] = t.grad
        out[p + "out"] = o.detach()
        out[p + "last_state"] = last.detach()
        out[p + "dout"] = dout
    return out


# ---------------------------------------------------------------------------- Mamba block
def init_block(d_model, d_state, d_conv, expand, dt_rank, dt_min=1e-3, dt_max=0.1, dt_floor=1e-4):
    """Reference initialization (Mamba.__init__), plus a perturbation of A_log and D so the
    test does not depend on their special initial values."""
    E = expand * d_model

    def linear(o, i):
        b = 1 / math.sqrt(i)
        return (torch.rand(o, i) * 2 - 1) * b

    p = {}
    p["in_proj.weight"] = linear(2 * E, d_model)
    p["conv1d.weight"] = (torch.rand(E, 1, d_conv) * 2 - 1) / math.sqrt(d_conv)
    p["conv1d.bias"] = (torch.rand(E) * 2 - 1) / math.sqrt(d_conv)
    p["x_proj.weight"] = linear(dt_rank + 2 * d_state, E)
    std = dt_rank ** -0.5
    p["dt_proj.weight"] = (torch.rand(E, dt_rank) * 2 - 1) * std
    dt = torch.exp(torch.rand(E) * (math.log(dt_max) - math.log(dt_min)) + math.log(dt_min)).clamp(min=dt_floor)
    p["dt_proj.bias"] = dt + torch.log(-torch.expm1(-dt))  # inverse softplus
    p["A_log"] = torch.log(torch.arange(1, d_state + 1, dtype=torch.float32)).repeat(E, 1) + 0.1 * torch.randn(E, d_state)
    p["D"] = torch.ones(E) + 0.1 * torch.randn(E)
    p["out_proj.weight"] = linear(d_model, E)
    return {k: f32(v) for k, v in p.items()}


def mamba_block(p, x, d_state, d_conv, dt_rank):
    """x (b, l, d_model) -> (b, l, d_model), the slow path of Mamba.forward."""
    bsz, L, _ = x.shape
    E = p["in_proj.weight"].shape[0] // 2
    xz = (x @ p["in_proj.weight"].T).transpose(1, 2)             # (b, 2E, l)
    xi, z = xz.chunk(2, dim=1)
    xc = F.conv1d(xi, p["conv1d.weight"], p["conv1d.bias"], padding=d_conv - 1, groups=E)[..., :L]
    xc = F.silu(xc)                                               # (b, E, l)
    x_dbl = xc.transpose(1, 2).reshape(bsz * L, E) @ p["x_proj.weight"].T
    dt, Bm, Cm = torch.split(x_dbl, [dt_rank, d_state, d_state], dim=-1)
    dt = (dt @ p["dt_proj.weight"].T).reshape(bsz, L, E).transpose(1, 2)   # bias goes in the scan
    Bm = Bm.reshape(bsz, L, d_state).transpose(1, 2)              # (b, n, l)
    Cm = Cm.reshape(bsz, L, d_state).transpose(1, 2)
    A = -torch.exp(p["A_log"])
    y, _ = selective_scan(xc, dt, A, Bm, Cm, p["D"], z=z, delta_bias=p["dt_proj.bias"], delta_softplus=True)
    return y.transpose(1, 2) @ p["out_proj.weight"].T


def block_case():
    d_model, d_state, d_conv, expand, dt_rank = 8, 4, 4, 2, 2
    p = init_block(d_model, d_state, d_conv, expand, dt_rank)
    x = f32(torch.randn(2, 7, d_model))
    for t in list(p.values()) + [x]:
        t.requires_grad_(True)
    out = mamba_block(p, x, d_state, d_conv, dt_rank)
    dout = f32(torch.randn_like(out))
    (out * dout).sum().backward()
    g = {"dims": torch.tensor([d_model, d_state, d_conv, expand, dt_rank], dtype=DT),
         "x": x.detach(), "out": out.detach(), "dout": dout, "dx": x.grad}
    for k, t in p.items():
        g["param." + k] = t.detach()
        g["grad." + k] = t.grad
    return g


# ---------------------------------------------------------------------------- Mamba LM
def rmsnorm(x, w, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


def lm_case():
    vocab, d_model, n_layer, d_state, d_conv, expand = 13, 8, 2, 4, 4, 2
    dt_rank = math.ceil(d_model / 16)
    eps = 1e-5
    P = {"backbone.embedding.weight": f32(torch.randn(vocab, d_model) * 0.5)}
    for i in range(n_layer):
        P[f"backbone.layers.{i}.norm.weight"] = f32(1 + 0.1 * torch.randn(d_model))
        for k, v in init_block(d_model, d_state, d_conv, expand, dt_rank).items():
            P[f"backbone.layers.{i}.mixer.{k}"] = v
    P["backbone.norm_f.weight"] = f32(1 + 0.1 * torch.randn(d_model))
    for t in P.values():
        t.requires_grad_(True)
    ids = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]
    targets = ids[1:] + [-1]
    targets[4] = -1  # an ignored position
    h = P["backbone.embedding.weight"][torch.tensor(ids)][None]  # (1, l, d_model)
    for i in range(n_layer):
        blk = {k[len(f"backbone.layers.{i}.mixer."):]: v for k, v in P.items()
               if k.startswith(f"backbone.layers.{i}.mixer.")}
        h = h + mamba_block(blk, rmsnorm(h, P[f"backbone.layers.{i}.norm.weight"], eps), d_state, d_conv, dt_rank)
    h = rmsnorm(h, P["backbone.norm_f.weight"], eps)
    logits = h[0] @ P["backbone.embedding.weight"].T               # tied LM head
    loss = F.cross_entropy(logits, torch.tensor(targets), ignore_index=-1)
    loss.backward()

    weights = {k: v.detach() for k, v in P.items()}
    ss_dir = os.path.join(OUT, "lm_state_spaces")
    hf_dir = os.path.join(OUT, "lm_hf")
    os.makedirs(ss_dir, exist_ok=True)
    os.makedirs(hf_dir, exist_ok=True)
    # state-spaces checkpoint: MambaConfig fields (ssm_cfg nested) plus model_type for dispatch.
    write_safetensors(os.path.join(ss_dir, "model.safetensors"), weights)
    with open(os.path.join(ss_dir, "config.json"), "w") as f:
        json.dump({"model_type": "mamba", "d_model": d_model, "n_layer": n_layer, "vocab_size": vocab,
                   "ssm_cfg": {"d_state": d_state, "d_conv": d_conv, "expand": expand, "dt_rank": "auto"},
                   "rms_norm": True, "residual_in_fp32": True, "fused_add_norm": True,
                   "pad_vocab_size_multiple": 1, "tie_embeddings": True}, f, indent=2)
    # Hugging Face MambaForCausalLM: embeddings (plural), lm_head.weight saved, HF field names.
    hf = {}
    for k, v in weights.items():
        hf[k.replace("backbone.embedding.", "backbone.embeddings.")] = v
    hf["lm_head.weight"] = weights["backbone.embedding.weight"]
    write_safetensors(os.path.join(hf_dir, "model.safetensors"), hf)
    with open(os.path.join(hf_dir, "config.json"), "w") as f:
        json.dump({"architectures": ["MambaForCausalLM"], "model_type": "mamba", "hidden_size": d_model,
                   "num_hidden_layers": n_layer, "vocab_size": vocab, "state_size": d_state,
                   "conv_kernel": d_conv, "expand": expand, "time_step_rank": dt_rank,
                   "layer_norm_epsilon": eps, "use_bias": False, "use_conv_bias": True,
                   "tie_word_embeddings": True}, f, indent=2)
    g = {"ids": torch.tensor(ids, dtype=DT), "targets": torch.tensor(targets, dtype=DT),
         "logits": logits.detach(), "loss": loss.detach().reshape(1)}
    for k, v in P.items():
        g["grad." + k] = v.grad
    return g


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    write_safetensors(os.path.join(OUT, "selective_scan.safetensors"), scan_cases())
    write_safetensors(os.path.join(OUT, "block.safetensors"), block_case())
    write_safetensors(os.path.join(OUT, "lm_golden.safetensors"), lm_case())
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(OUT) for f in fs)
    print(f"wrote {OUT} ({total / 1024:.1f} KiB)")
