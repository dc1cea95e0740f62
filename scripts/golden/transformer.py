#!/usr/bin/python3
"""PyTorch goldens for the Transformer core (src/core/nn, src/core/models).

    /usr/bin/python3 scripts/golden/transformer.py      # rewrites tests/golden/transformer/

Inputs are float32; references are computed in float64 from those float32 values and saved as
float32, so tests measure our float32 error against the exact answer. Everything is tiny.
Files:
  ops.safetensors            every op: inputs, forward output, gradients of sum(y * dy)
  gpt2/                      a tiny GPT-2 checkpoint (HF names, Conv1D layout) + config.json
  gpt2_ref.safetensors       ids, targets, logits, loss, grad.<param name>, 10 AdamW losses
  llama/, llama_ref.safetensors   the same for a tiny LLaMA (4 query heads over 2 KV heads)
  optim.safetensors          SGD (momentum, nesterov), Adam, AdamW trajectories; clipping; LR schedule
  encdec_*.safetensors       torch.nn.Transformer (Post-LN/ReLU, Pre-LN/GELU): params, logits, grads
  halfprec.bin               fp16 and bf16 bits of 100k float32 values (see halfprec_inputs)
"""
import json
import math
import os
import struct

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "golden", "transformer")
torch.manual_seed(0)
F64 = torch.float64


# ----------------------------------------------------------------------------- I/O
def save_safetensors(path, tensors, metadata=None):
    """Minimal safetensors writer: u64 header length, JSON header, raw little-endian F32."""
    header, blobs, off = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        a = np.ascontiguousarray(np.asarray(t, dtype="<f4"))
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [off, off + a.nbytes]}
        blobs.append(a.tobytes())
        off += a.nbytes
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - (8 + len(h)) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def f32(t):
    return t.detach().to(torch.float32).numpy()


def rnd(*shape, scale=1.0):
    """float32-representable random values, returned as a float64 leaf tensor."""
    return (torch.randn(*shape) * scale).to(torch.float32).to(F64).requires_grad_(True)


# ----------------------------------------------------------------------------- ops
def rope_ref(x, n_head, hd, pos0, theta):
    """HF LLaMA rotate-half RoPE on x (T, n_head*hd)."""
    T = x.shape[0]
    inv_freq = 1.0 / (theta ** (torch.arange(0, hd, 2, dtype=F64) / hd))
    ang = torch.arange(pos0, pos0 + T, dtype=F64)[:, None] * inv_freq[None, :]
    emb = torch.cat([ang, ang], dim=-1)
    cos, sin = emb.cos()[:, None, :], emb.sin()[:, None, :]
    xh = x.view(T, n_head, hd)
    rot = torch.cat([-xh[..., hd // 2:], xh[..., : hd // 2]], dim=-1)
    return (xh * cos + rot * sin).reshape(T, n_head * hd)


def attention_ref(q, k, v, n_head, n_kv, causal, pos0=0, key_pad=None):
    Tq, Tk = q.shape[0], k.shape[0]
    hd = q.shape[1] // n_head
    qh = q.view(Tq, n_head, hd).transpose(0, 1)
    kh = k.view(Tk, n_kv, hd).transpose(0, 1).repeat_interleave(n_head // n_kv, dim=0)  # repeat_kv
    vh = v.view(Tk, n_kv, hd).transpose(0, 1).repeat_interleave(n_head // n_kv, dim=0)
    s = qh @ kh.transpose(1, 2) / math.sqrt(hd)
    mask = torch.zeros(Tq, Tk, dtype=torch.bool)
    if causal:
        mask |= torch.arange(Tk)[None, :] > (pos0 + torch.arange(Tq))[:, None]
    if key_pad is not None:
        mask |= torch.tensor(key_pad, dtype=torch.bool)[None, :]
    s = s.masked_fill(mask, float("-inf"))
    return (s.softmax(-1) @ vh).transpose(0, 1).reshape(Tq, n_head * hd)


def record(store, name, inputs, y):
    """Stores inputs, y and d(sum(y*dy))/d input for every input in `inputs`."""
    dy = torch.randn(*y.shape).to(torch.float32).to(F64)
    (y * dy).sum().backward()
    store[f"{name}.y"] = f32(y)
    store[f"{name}.dy"] = f32(dy)
    for k, t in inputs.items():
        store[f"{name}.{k}"] = f32(t)
        if t.grad is not None:
            store[f"{name}.d{k}"] = f32(t.grad)


def gen_ops():
    s = {}
    W = rnd(7, 5)
    ids = [3, 1, 3, 6]
    record(s, "embedding", {"W": W}, W[ids])
    s["embedding.ids"] = np.array(ids, dtype=np.float32)

    W = rnd(10, 5)
    record(s, "posemb", {"W": W}, W[2:6])  # T=4 at pos0=2

    T, C = 6, 8
    pos = torch.arange(T, dtype=F64)[:, None]
    div = torch.pow(10000.0, torch.arange(0, C, 2, dtype=F64) / C)
    pe = torch.zeros(T, C, dtype=F64)
    pe[:, 0::2], pe[:, 1::2] = torch.sin(pos / div), torch.cos(pos / div)
    s["sinusoidal.y"] = f32(pe)

    x = rnd(5, 12)
    record(s, "rope", {"x": x}, rope_ref(x, 2, 6, 3, 10000.0))

    x, W, b = rnd(4, 5), rnd(3, 5), rnd(3)
    record(s, "linear", {"x": x, "W": W, "b": b}, x @ W.T + b)
    x, W, b = rnd(4, 5), rnd(5, 3), rnd(3)
    record(s, "conv1d", {"x": x, "W": W, "b": b}, x @ W + b)

    x, w, b = rnd(4, 6, scale=2.0), rnd(6), rnd(6)
    record(s, "layernorm", {"x": x, "w": w, "b": b}, torch.nn.functional.layer_norm(x, (6,), w, b, 1e-5))
    x, w = rnd(4, 6, scale=2.0), rnd(6)
    record(s, "rmsnorm", {"x": x, "w": w}, x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * w)

    acts = {
        "relu": torch.relu,
        "gelu_tanh": lambda t: torch.nn.functional.gelu(t, approximate="tanh"),
        "gelu": torch.nn.functional.gelu,
        "silu": torch.nn.functional.silu,
    }
    for n, f in acts.items():
        x = rnd(3, 7, scale=2.0)
        with torch.no_grad():  # keep ReLU's kink away from the samples (finite differences)
            x += 0.05 * torch.sign(x)
        record(s, "act_" + n, {"x": x}, f(x))

    g, u = rnd(3, 5, scale=2.0), rnd(3, 5)
    record(s, "swiglu", {"gate": g, "up": u}, torch.nn.functional.silu(g) * u)

    q, k, v = rnd(4, 3), rnd(6, 3), rnd(6, 3)
    record(s, "sdpa", {"q": q, "k": k, "v": v}, attention_ref(q, k, v, 1, 1, False))
    q, k, v = rnd(4, 3), rnd(6, 3), rnd(6, 3)
    record(s, "sdpa_masked", {"q": q, "k": k, "v": v},
           attention_ref(q, k, v, 1, 1, True, pos0=2, key_pad=[0, 0, 1, 0, 0, 0]))
    for name, n_kv in [("mha", 4), ("gqa", 2), ("mqa", 1)]:
        q, k, v = rnd(5, 12), rnd(5, 3 * n_kv), rnd(5, 3 * n_kv)
        record(s, name, {"q": q, "k": k, "v": v}, attention_ref(q, k, v, 4, n_kv, True))
    q, k, v = rnd(3, 8), rnd(5, 8), rnd(5, 8)  # cross-attention: 3 decoder queries over 5 encoder keys
    record(s, "cross", {"q": q, "k": k, "v": v}, attention_ref(q, k, v, 2, 2, False, key_pad=[0, 0, 0, 0, 1]))

    logits = rnd(5, 7, scale=2.0)
    targets = [1, -1, 6, 0, 3]
    loss = torch.nn.functional.cross_entropy(logits, torch.tensor(targets), ignore_index=-1)
    loss.backward()
    s["ce.logits"], s["ce.loss"], s["ce.dlogits"] = f32(logits), np.array([loss.item()], np.float32), f32(logits.grad)
    s["ce.targets"] = np.array(targets, dtype=np.float32)
    save_safetensors(os.path.join(OUT, "ops.safetensors"), s)


# ----------------------------------------------------------------------------- GPT-2
GPT_CFG = dict(model_type="gpt2", vocab_size=11, n_positions=16, n_embd=8, n_head=2, n_layer=2,
               layer_norm_epsilon=1e-5)


def gpt_init(cfg):
    C, V, L = cfg["n_embd"], cfg["vocab_size"], cfg["n_layer"]
    p = {"transformer.wte.weight": rnd(V, C, scale=0.5), "transformer.wpe.weight": rnd(cfg["n_positions"], C, scale=0.3)}
    for i in range(L):
        h = f"transformer.h.{i}."
        for ln in ("ln_1", "ln_2"):
            p[h + ln + ".weight"] = (1 + 0.1 * torch.randn(C)).to(torch.float32).to(F64).requires_grad_(True)
            p[h + ln + ".bias"] = rnd(C, scale=0.1)
        # HF GPT-2 Conv1D: weight (in, out)
        p[h + "attn.c_attn.weight"], p[h + "attn.c_attn.bias"] = rnd(C, 3 * C, scale=0.3), rnd(3 * C, scale=0.1)
        p[h + "attn.c_proj.weight"], p[h + "attn.c_proj.bias"] = rnd(C, C, scale=0.3), rnd(C, scale=0.1)
        p[h + "mlp.c_fc.weight"], p[h + "mlp.c_fc.bias"] = rnd(C, 4 * C, scale=0.3), rnd(4 * C, scale=0.1)
        p[h + "mlp.c_proj.weight"], p[h + "mlp.c_proj.bias"] = rnd(4 * C, C, scale=0.3), rnd(C, scale=0.1)
    p["transformer.ln_f.weight"] = (1 + 0.1 * torch.randn(C)).to(torch.float32).to(F64).requires_grad_(True)
    p["transformer.ln_f.bias"] = rnd(C, scale=0.1)
    return p


def gpt_forward(p, cfg, ids):
    C, nh, eps = cfg["n_embd"], cfg["n_head"], cfg["layer_norm_epsilon"]
    ln = torch.nn.functional.layer_norm
    T = len(ids)
    x = p["transformer.wte.weight"][ids] + p["transformer.wpe.weight"][:T]
    for i in range(cfg["n_layer"]):
        h = f"transformer.h.{i}."
        a = ln(x, (C,), p[h + "ln_1.weight"], p[h + "ln_1.bias"], eps)
        qkv = a @ p[h + "attn.c_attn.weight"] + p[h + "attn.c_attn.bias"]
        q, k, v = qkv.split(C, dim=1)
        y = attention_ref(q, k, v, nh, nh, True)
        x = x + y @ p[h + "attn.c_proj.weight"] + p[h + "attn.c_proj.bias"]
        m = ln(x, (C,), p[h + "ln_2.weight"], p[h + "ln_2.bias"], eps)
        m = torch.nn.functional.gelu(m @ p[h + "mlp.c_fc.weight"] + p[h + "mlp.c_fc.bias"], approximate="tanh")
        x = x + m @ p[h + "mlp.c_proj.weight"] + p[h + "mlp.c_proj.bias"]
    x = ln(x, (C,), p["transformer.ln_f.weight"], p["transformer.ln_f.bias"], eps)
    return x @ p["transformer.wte.weight"].T  # tied lm_head


# ----------------------------------------------------------------------------- LLaMA
LLAMA_CFG = dict(model_type="llama", vocab_size=13, hidden_size=16, num_hidden_layers=2, num_attention_heads=4,
                 num_key_value_heads=2, intermediate_size=24, rms_norm_eps=1e-6, rope_theta=10000.0,
                 max_position_embeddings=32, tie_word_embeddings=False)


def llama_init(cfg):
    C, V, F = cfg["hidden_size"], cfg["vocab_size"], cfg["intermediate_size"]
    hd = C // cfg["num_attention_heads"]
    kv = cfg["num_key_value_heads"] * hd
    p = {"model.embed_tokens.weight": rnd(V, C, scale=0.5)}
    for i in range(cfg["num_hidden_layers"]):
        h = f"model.layers.{i}."
        p[h + "input_layernorm.weight"] = (1 + 0.1 * torch.randn(C)).to(torch.float32).to(F64).requires_grad_(True)
        # nn.Linear: weight (out, in)
        p[h + "self_attn.q_proj.weight"] = rnd(C, C, scale=0.3)
        p[h + "self_attn.k_proj.weight"] = rnd(kv, C, scale=0.3)
        p[h + "self_attn.v_proj.weight"] = rnd(kv, C, scale=0.3)
        p[h + "self_attn.o_proj.weight"] = rnd(C, C, scale=0.3)
        p[h + "post_attention_layernorm.weight"] = (1 + 0.1 * torch.randn(C)).to(torch.float32).to(F64).requires_grad_(True)
        p[h + "mlp.gate_proj.weight"] = rnd(F, C, scale=0.3)
        p[h + "mlp.up_proj.weight"] = rnd(F, C, scale=0.3)
        p[h + "mlp.down_proj.weight"] = rnd(C, F, scale=0.3)
    p["model.norm.weight"] = (1 + 0.1 * torch.randn(C)).to(torch.float32).to(F64).requires_grad_(True)
    p["lm_head.weight"] = rnd(V, C, scale=0.5)
    return p


def llama_forward(p, cfg, ids):
    nh, nkv, eps = cfg["num_attention_heads"], cfg["num_key_value_heads"], cfg["rms_norm_eps"]
    hd = cfg["hidden_size"] // nh

    def rms(x, w):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w

    x = p["model.embed_tokens.weight"][ids]
    for i in range(cfg["num_hidden_layers"]):
        h = f"model.layers.{i}."
        a = rms(x, p[h + "input_layernorm.weight"])
        q = rope_ref(a @ p[h + "self_attn.q_proj.weight"].T, nh, hd, 0, cfg["rope_theta"])
        k = rope_ref(a @ p[h + "self_attn.k_proj.weight"].T, nkv, hd, 0, cfg["rope_theta"])
        v = a @ p[h + "self_attn.v_proj.weight"].T
        x = x + attention_ref(q, k, v, nh, nkv, True) @ p[h + "self_attn.o_proj.weight"].T
        m = rms(x, p[h + "post_attention_layernorm.weight"])
        g = torch.nn.functional.silu(m @ p[h + "mlp.gate_proj.weight"].T) * (m @ p[h + "mlp.up_proj.weight"].T)
        x = x + g @ p[h + "mlp.down_proj.weight"].T
    return rms(x, p["model.norm.weight"]) @ p["lm_head.weight"].T


# ----------------------------------------------------------------------------- models
def gen_model(name, cfg, init, forward, ids, targets, adamw_steps=0):
    p = init(cfg)
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    save_safetensors(os.path.join(d, "model.safetensors"), {k: f32(v) for k, v in p.items()}, {"format": "pt"})

    logits = forward(p, cfg, ids)
    loss = torch.nn.functional.cross_entropy(logits, torch.tensor(targets), ignore_index=-1)
    loss.backward()
    ref = {"ids": np.array(ids, np.float32), "targets": np.array(targets, np.float32), "logits": f32(logits),
           "loss": np.array([loss.item()], np.float32)}
    for k, v in p.items():
        ref["grad." + k] = f32(v.grad)

    if adamw_steps:
        # 10 AdamW steps from the same weights, float32 like the core (torch defaults + wd 0.1)
        p32 = {k: v.detach().to(torch.float32).clone().requires_grad_(True) for k, v in p.items()}
        opt = torch.optim.AdamW(list(p32.values()), lr=1e-2, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1)
        losses = []
        for _ in range(adamw_steps):
            opt.zero_grad()
            l = torch.nn.functional.cross_entropy(forward(p32, cfg, ids), torch.tensor(targets), ignore_index=-1)
            l.backward()
            opt.step()
            losses.append(l.item())
        ref["adamw.losses"] = np.array(losses, np.float32)
    save_safetensors(os.path.join(OUT, name + "_ref.safetensors"), ref)


# ----------------------------------------------------------------------------- encoder-decoder
def gen_encdec(name, norm_first, activation):
    """torch.nn.Transformer itself (dropout 0) + embeddings * sqrt(C) + sinusoids + generator."""
    C, nh, F, Vs, Vt = 8, 2, 16, 9, 10
    tr = torch.nn.Transformer(d_model=C, nhead=nh, num_encoder_layers=2, num_decoder_layers=2, dim_feedforward=F,
                              dropout=0.0, activation=activation, norm_first=norm_first, batch_first=True).double()
    p = {"src_embed.weight": rnd(Vs, C, scale=0.5), "tgt_embed.weight": rnd(Vt, C, scale=0.5)}
    with torch.no_grad():
        for k, v in tr.state_dict().items():  # float32-representable values; random biases and norms too
            scale = 0.1 if k.endswith("bias") else (0.1 if "norm" in k else 0.4)
            base = 1.0 if ("norm" in k and k.endswith("weight")) else 0.0
            v.copy_((base + scale * torch.randn(v.shape)).float().double())
    tp = dict(tr.named_parameters())
    p.update(tp)
    p["generator.weight"], p["generator.bias"] = rnd(Vt, C, scale=0.4), rnd(Vt, scale=0.1)

    src, tgt_in, tgt_out = [1, 4, 2, 8, 0], [0, 3, 9, 5], [3, 9, 5, -1]
    pad = torch.tensor([[False, False, False, False, True]])

    def sinus(T):
        pos = torch.arange(T, dtype=F64)[:, None]
        div = torch.pow(10000.0, torch.arange(0, C, 2, dtype=F64) / C)
        pe = torch.zeros(T, C, dtype=F64)
        pe[:, 0::2], pe[:, 1::2] = torch.sin(pos / div), torch.cos(pos / div)
        return pe

    xs = (p["src_embed.weight"][src] * math.sqrt(C) + sinus(len(src)))[None]
    xt = (p["tgt_embed.weight"][tgt_in] * math.sqrt(C) + sinus(len(tgt_in)))[None]
    causal = torch.triu(torch.ones(4, 4, dtype=torch.bool), diagonal=1)
    out = tr(xs, xt, tgt_mask=causal, src_key_padding_mask=pad, memory_key_padding_mask=pad)[0]
    logits = out @ p["generator.weight"].T + p["generator.bias"]
    loss = torch.nn.functional.cross_entropy(logits, torch.tensor(tgt_out), ignore_index=-1)
    loss.backward()
    ref = {"src": np.array(src, np.float32), "tgt_in": np.array(tgt_in, np.float32),
           "tgt_out": np.array(tgt_out, np.float32), "logits": f32(logits), "loss": np.array([loss.item()], np.float32)}
    for k, v in p.items():
        ref["param." + k] = f32(v)
        ref["grad." + k] = f32(v.grad)
    save_safetensors(os.path.join(OUT, name + ".safetensors"), ref)


# ----------------------------------------------------------------------------- optimizers
def gen_optim():
    """Two parameters, 5 steps of given gradients, with each torch optimizer (float32)."""
    s = {}
    p0 = [torch.randn(3, 4), torch.randn(5)]
    grads = [[torch.randn(3, 4), torch.randn(5)] for _ in range(5)]
    for i, t in enumerate(p0):
        s[f"p{i}.init"] = t.numpy()
        for k in range(5):
            s[f"p{i}.grad{k}"] = grads[k][i].numpy()
    opts = {
        "sgd": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.01, dampening=0.1),
        "sgd_nesterov": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True),
        "adam": lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01),
        "adamw": lambda ps: torch.optim.AdamW(ps, lr=0.05, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.1),
    }
    for name, make in opts.items():
        ps = [t.clone().requires_grad_(True) for t in p0]
        opt = make(ps)
        for k in range(5):
            for i, t in enumerate(ps):
                t.grad = grads[k][i].clone()
            opt.step()
            for i, t in enumerate(ps):
                s[f"{name}.p{i}.step{k}"] = t.detach().numpy().copy()
    # global-norm clipping
    ps = [t.clone().requires_grad_(True) for t in p0]
    for i, t in enumerate(ps):
        t.grad = grads[0][i].clone() * 3
    norm = torch.nn.utils.clip_grad_norm_(ps, max_norm=1.5)
    s["clip.norm"] = np.array([norm.item()], np.float32)
    for i, t in enumerate(ps):
        s[f"clip.p{i}.grad"] = t.grad.numpy()
    # nanoGPT's get_lr (warmup 10, decay until 100, 6e-4 -> 6e-5) for steps 0..119
    def get_lr(it, warmup=10, decay=100, max_lr=6e-4, min_lr=6e-5):
        if it < warmup:
            return max_lr * (it + 1) / warmup
        if it > decay:
            return min_lr
        ratio = (it - warmup) / (decay - warmup)
        return min_lr + 0.5 * (1.0 + math.cos(math.pi * ratio)) * (max_lr - min_lr)
    s["schedule.lr"] = np.array([get_lr(i) for i in range(120)], np.float32)
    save_safetensors(os.path.join(OUT, "optim.safetensors"), s)


# ----------------------------------------------------------------------------- fp16 / bf16
def halfprec_inputs(n=100000):
    """The same 100k float32 bit patterns the C++ test builds: edge cases, then an LCG
    (x = x * 1664525 + 1013904223 mod 2^32) where 2 of every 3 values are pulled into the
    fp16 range (exponent bits 100..145) and the rest keep raw bits (all NaN payloads, huge, tiny)."""
    edge = [0x00000000, 0x80000000, 0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000, 0x7F800001, 0x7FBFFFFF,
            0x477FE000, 0x477FEFFF, 0x477FF000, 0x477FF001, 0x47800000, 0x33800000, 0x33000000, 0x33000001,
            0x33C00000, 0x38800000, 0x387FE000, 0x387FF000, 0x00000001, 0x807FFFFF, 0x3F808000, 0x3F818000,
            0x3F80C000, 0x7F7FFFFF, 0xFF7FFFFF, 0x7F7F8000, 0x3F800000, 0xBF800000, 0x3F801000, 0x3F803000]
    out = list(edge)
    x = 12345
    i = 0
    while len(out) < n:
        x = (x * 1664525 + 1013904223) & 0xFFFFFFFF
        bits = x
        if i % 3 != 0:
            e = 100 + (x >> 23) % 46
            bits = (x & 0x807FFFFF) | (e << 23)
        out.append(bits)
        i += 1
    return np.array(out, dtype=np.uint32)


def gen_halfprec():
    bits = halfprec_inputs()
    t = torch.from_numpy(bits.view(np.float32).copy())
    h = t.half().view(torch.int16).numpy().view(np.uint16)
    b = t.bfloat16().view(torch.int16).numpy().view(np.uint16)
    with open(os.path.join(OUT, "halfprec.bin"), "wb") as f:
        f.write(h.astype("<u2").tobytes() + b.astype("<u2").tobytes())


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    gen_ops()
    gen_model("gpt2", GPT_CFG, gpt_init, gpt_forward, [1, 5, 2, 9, 5, 0], [5, 2, 9, -1, 0, 7], adamw_steps=10)
    gen_model("llama", LLAMA_CFG, llama_init, llama_forward, [3, 12, 0, 7, 7, 1], [12, 0, 7, 7, 1, -1])
    gen_halfprec()
    gen_optim()
    gen_encdec("encdec_postln_relu", False, "relu")
    gen_encdec("encdec_preln_gelu", True, "gelu")
    print("wrote", OUT)
