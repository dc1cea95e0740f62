# Goldens for tests/core/test_ffn.cpp: the FFN chapter's hand-sized example (C = 2, F = 4)
# through torch.nn.Linear + each activation, a SwiGLU block, and parameter counts of torch modules.
# Run: /usr/bin/python3 scripts/golden/ffn.py  (prints C++ initialisers to paste into the test)
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
x = torch.tensor([[1.0, -0.5]])
W1 = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 1.0]])
b1 = torch.tensor([0.0, 0.0, 0.0, 0.5])
W2 = torch.tensor([[1.0, 0.0, 1.0, -1.0], [0.0, 1.0, -1.0, 1.0]])
acts = {"relu": F.relu, "gelu_tanh": lambda t: F.gelu(t, approximate="tanh"), "gelu": F.gelu, "silu": F.silu}
for name, f in acts.items():
    h = f(x @ W1.T + b1)
    y = h @ W2.T
    print(f"// {name}: hidden, out")
    print("{" + ", ".join(f"{v:.9f}" for v in h[0].tolist()) + "}, {" + ", ".join(f"{v:.9f}" for v in y[0].tolist()) + "}")
# SwiGLU with W_gate = W1 (no bias), W_up = Wu, W_down = W2.
Wu = torch.tensor([[0.5, 1.0], [1.0, -1.0], [-0.5, 0.5], [2.0, 0.0]])
h = F.silu(x @ W1.T) * (x @ Wu.T)
y = h @ W2.T
print("// swiglu: hidden, out")
print("{" + ", ".join(f"{v:.9f}" for v in h[0].tolist()) + "}, {" + ", ".join(f"{v:.9f}" for v in y[0].tolist()) + "}")
# Parameter counts of real modules.
def count(m):
    return sum(p.numel() for p in m.parameters())
gpt2 = torch.nn.Sequential(torch.nn.Linear(768, 3072), torch.nn.GELU(), torch.nn.Linear(3072, 768))
print("gpt2 mlp params", count(gpt2))
class SwiGLU(torch.nn.Module):
    def __init__(s, c, f):
        super().__init__()
        s.g = torch.nn.Linear(c, f, bias=False); s.u = torch.nn.Linear(c, f, bias=False); s.d = torch.nn.Linear(f, c, bias=False)
print("llama7b mlp params", count(SwiGLU(4096, 11008)))
