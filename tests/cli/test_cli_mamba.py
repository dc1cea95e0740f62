#!/usr/bin/python3
"""End-to-end check of `tmx forward | grad | generate` on the golden Mamba checkpoints
(tests/golden/mamba/lm_state_spaces and lm_hf, written by scripts/golden/mamba.py): logits, loss and
every gradient must match the PyTorch reference; the trace must hold the SSM intermediates;
generate must be reproducible and identical for both namings.
    /usr/bin/python3 tests/cli/test_cli_mamba.py build/core/tmx"""
import os
import tempfile

import numpy as np

from cli_common import GOLDEN, check, finish, load_st, run

G = os.path.join(GOLDEN, "mamba")


def close(a, b, rtol=1e-4, atol=1e-5):
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= atol + rtol * np.abs(b)))


ref = load_st(os.path.join(G, "lm_golden.safetensors"))
ids = ",".join(str(int(i)) for i in ref["ids"])
tg = ",".join(str(int(i)) for i in ref["targets"])
with tempfile.TemporaryDirectory() as tmp:
    outs = {}
    for name in ("lm_state_spaces", "lm_hf"):
        model = os.path.join(G, name)
        r = run("forward", "--model", model, "--ids", ids, "--logits", tmp + "/l.npy", "--trace", tmp + "/t.safetensors")
        check(r.returncode == 0, f"{name} forward failed: {r.stderr}")
        logits = np.load(tmp + "/l.npy")
        check(close(logits, ref["logits"]), f"{name} logits differ from PyTorch")
        trace = load_st(tmp + "/t.safetensors")
        for k in ("layers.0.mixer.delta", "layers.0.mixer.A_bar", "layers.0.mixer.B_bar", "layers.0.mixer.h",
                  "layers.1.mixer.conv.out", "layers.1.mixer.gate", "layers.1.mixer.hidden_attention", "logits"):
            check(k in trace, f"{name} trace lacks {k}")
        r = run("grad", "--model", model, "--ids", ids, "--targets", tg, "--out", tmp + "/g.safetensors")
        check(r.returncode == 0, f"{name} grad failed: {r.stderr}")
        check(abs(float(r.stdout.split()[1]) - ref["loss"][0]) < 1e-4, f"{name} loss {r.stdout}")
        grads = load_st(tmp + "/g.safetensors")
        names = [k[5:] for k in ref if k.startswith("grad.")]
        check(sorted(grads) == sorted(names), f"{name} gradient names differ")
        for k in names:
            check(k in grads and close(grads[k], ref["grad." + k]), f"{name} grad {k} differs")
        a = run("generate", "--model", model, "--ids", "1,2", "--n", "8", "--top-k", "4", "--seed", "5")
        b = run("generate", "--model", model, "--ids", "1,2", "--n", "8", "--top-k", "4", "--seed", "5")
        check(a.returncode == 0 and a.stdout == b.stdout and len(a.stdout.split(",")) == 8, f"{name} generate: {a.stdout}")
        outs[name] = a.stdout
    check(outs["lm_state_spaces"] == outs["lm_hf"], "state-spaces and HF checkpoints generate differently")
    r = run("forward", "--model", os.path.join(G, "lm_hf"), "--ids", "1,13", "--logits", tmp + "/x.npy")
    check(r.returncode != 0 and "out of range" in r.stderr, "out-of-range id must fail with a message")

finish("cli mamba ok")
