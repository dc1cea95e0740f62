# Goldens for tests/core/test_optim_surface.cpp: 10 steps of torch.optim's SGD, SGD with momentum,
# Adam (L2 weight decay) and AdamW (decoupled, under nanoGPT's warmup + cosine) on Rosenbrock's
# function from (-1.5, 2.5), float32 parameters, the gradient computed in float64 and stored as
# float32 (as core/optim_surface.cpp does).
# Run: /usr/bin/python3 scripts/golden/optim_surface.py  (prints C++ initialisers to paste into the test)
import math
import torch


def rosenbrock_grad(p):
    q = p.detach().double().clone().requires_grad_(True)
    f = (1 - q[0]) ** 2 + 100 * (q[1] - q[0] ** 2) ** 2
    f.backward()
    return q.grad.float()


def get_lr(it, warmup=3, decay=10, max_lr=0.05, min_lr=0.005):
    if it < warmup:
        return max_lr * (it + 1) / warmup
    if it > decay:
        return min_lr
    ratio = (it - warmup) / (decay - warmup)
    return min_lr + 0.5 * (1.0 + math.cos(math.pi * ratio)) * (max_lr - min_lr)


runs = {
    "sgd": (lambda ps: torch.optim.SGD(ps, lr=1e-3), False),
    "momentum": (lambda ps: torch.optim.SGD(ps, lr=1e-3, momentum=0.9), False),
    "adam": (lambda ps: torch.optim.Adam(ps, lr=0.05, weight_decay=0.1), False),
    "adamw_cosine": (lambda ps: torch.optim.AdamW(ps, lr=0.05, weight_decay=0.1), True),
}
for name, (make, cosine) in runs.items():
    p = torch.tensor([-1.5, 2.5], dtype=torch.float32, requires_grad=True)
    opt = make([p])
    xs = []
    for k in range(10):
        if cosine:
            for g in opt.param_groups:
                g["lr"] = get_lr(k)
        p.grad = rosenbrock_grad(p)
        opt.step()
        xs += p.detach().tolist()
    print(f"// {name}: x, y after steps 1..10")
    print("{" + ", ".join(f"{v:.9g}f" for v in xs) + "},")
