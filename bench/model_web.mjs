// Trained models in the browser against the native build, per shipped language model:
//  - download + verify + load: from choosing the model in "Generate text" (a fresh browser
//    context, so nothing is cached) until the widget has loaded it, and the slowest frame of our
//    own work meanwhile (window.explorer.status().work, max over the last 120 frames);
//  - generation: 48 tokens continued from a prompt (seed 1, temperature 1; `gen=48` in the
//    address), wall time from the model being loaded until the 48th token (prefill included), as
//    tokens/s; the widget spends at most ~6 ms of each frame on the model (ui/sliced_job.h), so
//    this is the rate a user sees, frame pacing included, not the speed of the code;
//  - native: `tmx generate` for 1 and for 49 tokens (same prompt and seed), the difference / 48
//    as tokens/s (process start and model load cancel out): a loop with nothing else to do.
// Their ratio is therefore the share of the CLI's speed a reader sees in the page, not wasm vs
// native (bench/wasm_native.mjs measures that, same loop on both sides).
// Prints a markdown table. Needs dist/ and build/native/tmx. Run by bench/run.sh.
import path from "node:path";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { ROOT, startServer, launch, openPage, waitReady, settle } from "../tests/browser/harness.mjs";

const MODELS = ["kjv-gpt", "kjv-llama", "kjv-mamba", "tang-gpt"];
const PROMPT = { "kjv-gpt": "In the beginning", "kjv-llama": "In the beginning", "kjv-mamba": "In the beginning",
                 "tang-gpt": "\u6708" };
const N = 48;  // the GPT models' context is 64 tokens, prompt included
const TMX = path.join(ROOT, "build", "native", "tmx");

function nativeSeconds(model, n) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(TMX, ["generate", "--model", path.join(ROOT, "assets", "models", model), "--prompt", PROMPT[model],
                            "--n", String(n), "--seed", "1", "--temperature", "1"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tmx generate ${model}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
function nativeTokensPerSecond(model) {
  let best = Infinity;  // the best of 3 of (65 tokens - 1 token): the least disturbed by other jobs
  for (let i = 0; i < 3; i++) best = Math.min(best, nativeSeconds(model, N + 1) - nativeSeconds(model, 1));
  return N / Math.max(best, 1e-6);
}

const manifest = JSON.parse(readFileSync(path.join(ROOT, "build", "web", "model_manifest.json"), "utf8"));
const server = await startServer(path.join(ROOT, "dist"));
const browser = await launch();
console.log("| model | MB fetched | choose → loaded (s) | slowest frame while loading (ms) | page tokens/s (frame-paced) | CLI tokens/s (loop) | page / CLI |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
try {
  for (const model of MODELS) {
    const { page, context } = await openPage(browser);
    const bytes = manifest[model].reduce((a, f) => a + f.bytes, 0);  // what the page must fetch
    await page.goto(`${server.url}/index.html#/`);
    await waitReady(page);
    await settle(page, 150);  // the first page's own work leaves the 120-frame window
    // gen=N in the address: the widget continues N tokens as soon as the model is loaded.
    const hash = `#/lab/generate?model=${model}&seed=1&T=1&n=${N}&gen=${N}&prompt=${encodeURIComponent(PROMPT[model])}`;
    const r = await page.evaluate(([hash, n, model]) => new Promise((resolve) => {
      const t0 = performance.now();
      let loadedAt = 0, worstLoad = 0;
      window.explorer.navigate(hash);
      const tick = () => {
        const s = window.explorer.status();
        const w = s.widget || {};
        if (!loadedAt) worstLoad = Math.max(worstLoad, s.work.max);
        if (!loadedAt && w.loaded === model) loadedAt = performance.now();
        if (loadedAt && w.tokens && w.tokens.length >= n && !w.busy) {
          resolve({ load: (loadedAt - t0) / 1000, gen: (performance.now() - loadedAt) / 1000, worstLoad, error: w.error });
          return;
        }
        if (w.error) { resolve({ error: w.error }); return; }
        if (performance.now() - t0 > 120000) { resolve({ error: "timeout", status: JSON.stringify(w).slice(0, 300) }); return; }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }), [hash, N, model]);
    await context.close();
    if (r.error) { console.log(`| ${model} | — | — | — | failed: ${r.error} ${r.status || ""} | | |`); continue; }
    const web = N / r.gen, nat = nativeTokensPerSecond(model);
    console.log(`| ${model} | ${(bytes / 1e6).toFixed(2)} | ${r.load.toFixed(2)} | ${r.worstLoad.toFixed(0)} | ` +
      `${web.toFixed(0)} | ${nat.toFixed(0)} | ${(web / nat).toPrecision(2)} |`);
  }
} finally {
  await browser.close();
  await server.close();
}
