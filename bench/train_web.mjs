// Training in the browser against the native build, for the `train` widget's default run (GPT,
// size small: width 64, 2 layers, 4 heads; the KJV sample with a character tokenizer; context 64,
// batch 8) and the tiny Mamba:
//  - web tokens/s: the widget's own figure (training tokens over the wall time while it runs; it
//    spends at most ~12 ms of each frame on training, so this is the rate a user sees, frame
//    pacing, evaluations and samples included), read after STEPS steps;
//  - worst frame: the slowest requestAnimationFrame interval while training, and the slowest
//    training slice the widget measured (its own work inside one frame) and the slowest single piece
//    of work inside a slice (one sequence's forward/backward, one validation window, one sampled token);
//  - native: `tmx train` on the same text and settings (STEPS steps, one thread), tokens/s from its
//    log (pure training, no frames).
// Prints a markdown table. Needs dist/ (or DIST=/path/to/another/dist) and build/native/tmx (+ the
// corpus sample it generates).
import path from "node:path";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { ROOT, startServer, launch } from "../tests/browser/harness.mjs";
import { runWidget } from "./lib/widget_run.mjs";

const STEPS = Number(process.env.STEPS || 100);
const TMX = path.join(ROOT, "build", "native", "tmx");
const CORPUS = path.join(ROOT, "build", "native", "gen", "assets", "corpora", "kjv.txt");
const RUNS = [
  { name: "GPT small (default)", hash: "", config: { model_type: "gpt2", n_embd: 64, n_head: 4, n_layer: 2 } },
  { name: "Mamba tiny", hash: "&arch=mamba&size=tiny", config: { model_type: "mamba", d_model: 32, n_layer: 1, d_state: 8 } },
];

function nativeTokensPerSecond(config) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tmx-train-bench-"));
  try {
    writeFileSync(path.join(dir, "config.json"), JSON.stringify(config));
    const r = spawnSync(TMX, ["train", "--config", path.join(dir, "config.json"), "--data", CORPUS, "--val-split", "0.1",
      "--tokenizer", "char", "--out", path.join(dir, "out"), "--steps", "600", "--stop-at", String(STEPS), "--batch", "8",
      "--context", "64", "--lr", "3e-3", "--min-lr", "3e-4", "--warmup", "30", "--seed", "1337", "--threads", "1",
      "--log-interval", String(STEPS), "--eval-interval", "100000"], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`tmx train: ${r.stderr}`);
    const rows = readFileSync(path.join(dir, "out", "train_log.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    return rows[rows.length - 1].tokens_per_s;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const server = await startServer(process.env.DIST || path.join(ROOT, "dist"));  // DIST: another build (before/after)
const browser = await launch();
console.log(`| model | steps | web tokens/s | native tokens/s | web / native | worst frame interval while training (ms) | worst training slice (ms) | slowest single piece (ms, stage) |`);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
try {
  for (const run of RUNS) {
    let r;
    try {
      r = await runWidget(browser, server.url, `#/lab/train?run=1${run.hash}&steps=600`, { untilStep: STEPS, timeoutMs: 300000 });
    } catch (e) {
      console.log(`| ${run.name} | ${STEPS} | failed: ${e.message} | | | | | |`);
      continue;
    }
    const w = r.widget;
    const nat = nativeTokensPerSecond(run.config);
    console.log(`| ${run.name} | ${STEPS} | ${w.tokens_per_s.toFixed(0)} | ${nat.toFixed(0)} | ${(w.tokens_per_s / nat).toFixed(2)} | ` +
      `${r.worst.toFixed(0)} | ${w.worst_slice_ms.toFixed(1)} | ${w.worst_piece_ms.toFixed(1)} (${w.worst_piece}) |`);
  }
} finally {
  await browser.close();
  await server.close();
}
