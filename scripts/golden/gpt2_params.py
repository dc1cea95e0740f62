# Golden for tests/core/test_models.cpp ("GPT-2 parameter count by component"): GPT-2 small's
# parameters counted on torch modules with GPT-2's shapes (built on the meta device: no memory),
# grouped as core/model_size.h's decoder_params groups them. Run: /usr/bin/python3 scripts/golden/gpt2_params.py
import torch
from torch import nn

V, P, C, L = 50257, 1024, 768, 12
M = dict(device="meta")
wte, wpe = nn.Embedding(V, C, **M), nn.Embedding(P, C, **M)
blocks = [nn.ModuleDict(dict(ln_1=nn.LayerNorm(C, **M), c_attn=nn.Linear(C, 3 * C, **M), attn_proj=nn.Linear(C, C, **M),
                             ln_2=nn.LayerNorm(C, **M), c_fc=nn.Linear(C, 4 * C, **M), mlp_proj=nn.Linear(4 * C, C, **M)))
          for _ in range(L)]
ln_f = nn.LayerNorm(C, **M)

def count(*mods):
    return sum(p.numel() for m in mods for p in m.parameters())

groups = {
    "wte": count(wte),
    "wpe": count(wpe),
    "attn": count(*[b[k] for b in blocks for k in ("c_attn", "attn_proj")]),
    "mlp": count(*[b[k] for b in blocks for k in ("c_fc", "mlp_proj")]),
    "norms": count(*[b[k] for b in blocks for k in ("ln_1", "ln_2")], ln_f),
}
for k, v in groups.items():
    print(f"{k} {v}")
print("total", sum(groups.values()))
