#!/usr/bin/python3
"""End-to-end check of `tmx forward | grad | generate` on the golden GPT-2 and LLaMA checkpoints:
logits and gradients must match the PyTorch references; bad arguments must exit non-zero.
    /usr/bin/python3 tests/cli/test_cli_transformer.py build/core/tmx"""
import os
import tempfile

import numpy as np

from cli_common import GOLDEN, check, finish, load_st, run

G = os.path.join(GOLDEN, "transformer")


def rel(a, b):
    scale = max(np.abs(b).max(), 1e-30)
    return float((np.abs(a - b) / np.maximum(np.abs(b), 0.01 * scale)).max())


with tempfile.TemporaryDirectory() as tmp:
    for name in ("gpt2", "llama"):
        ref = load_st(os.path.join(G, name + "_ref.safetensors"))
        ids = ",".join(str(int(i)) for i in ref["ids"])
        tg = ",".join(str(int(i)) for i in ref["targets"])
        r = run("forward", "--model", os.path.join(G, name), "--ids", ids, "--logits", tmp + "/l.npy",
                "--trace", tmp + "/t.safetensors")
        check(r.returncode == 0, f"{name} forward failed: {r.stderr}")
        logits = np.load(tmp + "/l.npy")
        check(logits.dtype == np.float32 and logits.shape == ref["logits"].shape, f"{name} logits shape {logits.shape}")
        check(rel(logits, ref["logits"]) < 1e-4, f"{name} logits differ from PyTorch")
        trace = load_st(tmp + "/t.safetensors")
        check(np.array_equal(trace["logits"], logits), f"{name} trace logits differ")
        r = run("grad", "--model", os.path.join(G, name), "--ids", ids, "--targets", tg, "--out", tmp + "/g.safetensors")
        check(r.returncode == 0, f"{name} grad failed: {r.stderr}")
        check(abs(float(r.stdout.split()[1]) - ref["loss"][0]) < 1e-4, f"{name} loss {r.stdout}")
        grads = load_st(tmp + "/g.safetensors")
        names = [k[5:] for k in ref if k.startswith("grad.")]
        check(sorted(grads) == sorted(names), f"{name} gradient names differ")
        for k in names:
            check(grads[k].shape == ref["grad." + k].shape, f"{name} {k} shape")
            check(rel(grads[k], ref["grad." + k]) < 1e-4, f"{name} grad {k} differs")
        a = run("generate", "--model", os.path.join(G, name), "--ids", "1,2", "--n", "8", "--top-k", "4", "--seed", "5")
        b = run("generate", "--model", os.path.join(G, name), "--ids", "1,2", "--n", "8", "--top-k", "4", "--seed", "5")
        check(a.returncode == 0 and a.stdout == b.stdout and len(a.stdout.split(",")) == 8, f"{name} generate: {a.stdout}")

    for bad in (["forward"], ["forward", "--model", G + "/gpt2", "--ids", "1,x", "--logits", tmp + "/x.npy"],
                ["forward", "--model", G + "/gpt2", "--ids", "1", "--logits", tmp + "/x.npy", "--bogus", "1"],
                ["grad", "--model", G + "/gpt2", "--ids", "1,2", "--targets", "1", "--out", tmp + "/g"],
                ["generate", "--model", G + "/gpt2", "--ids", "1", "--top-p", "0"],
                ["generate", "--model", G + "/gpt2", "--ids", "1", "--n", "-3"],
                ["forward", "--model", tmp + "/missing", "--ids", "1", "--logits", tmp + "/x.npy"]):
        r = run(*bad)
        check(r.returncode != 0 and r.stderr.strip() != "", f"{bad} should fail with a message")

finish("cli ok")
