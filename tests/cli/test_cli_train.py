"""End-to-end check of `tmx train` (and `tmx generate --prompt` on what it wrote): the files of
the HF layout, a log that goes down, the same seed giving the same log, --stop-at + --resume
equal to an uninterrupted run (same log losses, byte-identical model.safetensors), and clear
messages for bad options."""
import json
import os
import tempfile

from cli_common import check, finish, run

TEXT = ("In the beginning God created the heaven and the earth.\n"
        "And the earth was without form, and void; and darkness was upon the face of the deep.\n") * 40
CFG = {"model_type": "gpt2", "n_embd": 32, "n_head": 2, "n_layer": 2}
COMMON = ["--steps", "30", "--batch", "4", "--context", "32", "--lr", "5e-3", "--warmup", "5",
          "--eval-interval", "15", "--log-interval", "5", "--val-tokens", "256", "--seed", "7"]


def losses(d):
    with open(os.path.join(d, "train_log.jsonl")) as f:
        rows = [json.loads(l) for l in f]
    return [(r["step"], r["loss"], r.get("val_loss")) for r in rows if not r.get("final")], rows[-1]


with tempfile.TemporaryDirectory() as tmp:
    data, cfg = os.path.join(tmp, "t.txt"), os.path.join(tmp, "c.json")
    open(data, "w").write(TEXT)
    json.dump(CFG, open(cfg, "w"))
    outs = {}
    for name, extra in (("a", []), ("b", []), ("c", ["--stop-at", "15"])):
        d = os.path.join(tmp, name)
        r = run("train", "--config", cfg, "--data", data, "--out", d, *COMMON, *extra)
        check(r.returncode == 0, f"train {name}: {r.stderr}")
        outs[name] = d
    r = run("train", "--config", cfg, "--data", data, "--out", outs["c"], *COMMON, "--resume")
    check(r.returncode == 0 and "resumed at step 15" in r.stderr, f"resume: {r.stderr}")
    for f in ("config.json", "model.safetensors", "tokenizer.char.txt", "train_log.jsonl"):
        check(os.path.exists(os.path.join(outs["a"], f)), f"missing {f}")
    la, fa = losses(outs["a"])
    lb, _ = losses(outs["b"])
    lc, fc = losses(outs["c"])
    check([s for s, _, _ in la] == [5, 10, 15, 20, 25, 30], f"logged steps {la}")
    check(la[-1][1] < 0.9 * la[0][1] and la[-1][2] < la[2][2], f"loss does not go down: {la}")
    check(la == lb, "same seed, different log")
    check(la == lc, f"resumed log differs:\n{la}\n{lc}")
    same = open(os.path.join(outs["a"], "model.safetensors"), "rb").read() == open(os.path.join(outs["c"], "model.safetensors"), "rb").read()
    check(same, "resumed model.safetensors differs from the uninterrupted one")
    check(fa["final"] and fa["val_loss"] == fc["val_loss"] and fa["params"] > 0 and fa["bigram_val_loss"] > 0, f"final line {fa}")
    cfg_out = json.load(open(os.path.join(outs["a"], "config.json")))
    check(cfg_out["model_type"] == "gpt2" and cfg_out["n_positions"] == 32, f"config {cfg_out}")
    # Generation from the trained directory, by text, with its char tokenizer; seeded.
    g1 = run("generate", "--model", outs["a"], "--prompt", "And the", "--n", "20", "--seed", "3")
    g2 = run("generate", "--model", outs["a"], "--prompt", "And the", "--n", "20", "--seed", "3")
    check(g1.returncode == 0 and g1.stdout == g2.stdout and g1.stdout.startswith("And the") and len(g1.stdout) > 15,
          f"generate --prompt: {g1.stdout!r} {g1.stderr}")
    # Bad input: clear messages, exit codes 2 (usage) / 1 (data).
    for args, code, msg in (
            (["--steps", "0"], 2, "--steps must be an integer"),
            (["--threads", "9", "--batch", "4"], 2, "threads must not exceed batch"),
            (["--tokenizer", "nope"], 1, "unknown tokenizer 'nope'"),
            (["--context", "100000"], 1, "fewer than context + 2"),
            (["--dtype", "f8"], 2, "--dtype is f16 or f32"),
            (["--stepz", "3"], 2, "unknown option --stepz")):
        r = run("train", "--config", cfg, "--data", data, "--out", os.path.join(tmp, "bad"), *args)
        check(r.returncode == code and (msg is None or msg in r.stderr), f"{args}: rc {r.returncode} {r.stderr}")
    r = run("train", "--config", data, "--data", data, "--out", os.path.join(tmp, "bad"))
    check(r.returncode == 1 and "json" in r.stderr, f"bad config: {r.stderr}")

finish("tmx train: files, decreasing log, determinism, resume, generate --prompt and errors OK")
