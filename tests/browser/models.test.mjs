// Trained models in a real Chromium (src/ui/model_store.h, wasm_shell/shell.js "Trained models"):
// not in the initial download; fetched from dist/assets/models/ when first chosen, with progress,
// checked against the build's sizes and SHA-256, kept in the Cache API (a reload reads them from
// there); the Attention lab opens on kjv-gpt and its numbers equal the native core's forward on the
// same ids (`tmx forward`); the Generate widget's continuation equals `tmx generate` for the same
// seed, for a GPT and a Mamba model; a damaged or missing model file gives a message naming it.
// The native comparisons need build/native/tmx (scripts/build.sh native).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cp, mkdir, readFile, rm, writeFile, copyFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { ROOT, useApp, startServer, launch, openPage, waitReady, settle, shot, status } from "./harness.mjs";
import { checkpoint, withoutTensor, withNaN, drop } from "./checkpoints.mjs";

const TMX = path.join(ROOT, "build", "native", "tmx");
const WORK = path.join(ROOT, "build", "models-test");
const app = useApp();

function tmx(args) {
  const r = spawnSync(TMX, args, { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tmx ${args.join(" ")} failed:\n${r.stderr}`);
  return r.stdout;
}

// float32 .npy (as tmx forward writes it) -> {shape, data}
function readNpy(buf) {
  const hlen = buf.readUInt16LE(8);
  const header = buf.toString("latin1", 10, 10 + hlen);
  const shape = /'shape': \(([^)]*)\)/.exec(header)[1].split(",").filter((s) => s.trim()).map(Number);
  const data = new Float32Array(buf.buffer.slice(buf.byteOffset + 10 + hlen, buf.byteOffset + buf.length));
  return { shape, data };
}

// One F32 tensor of a safetensors file -> Float32Array
function readSafetensor(buf, name) {
  const n = Number(buf.readBigUInt64LE(0));
  const header = JSON.parse(buf.toString("utf8", 8, 8 + n));
  const t = header[name];
  assert.ok(t, `${name} not in the trace`);
  assert.equal(t.dtype, "F32");
  const [a, b] = t.data_offsets;
  return { shape: t.shape, data: new Float32Array(buf.buffer.slice(buf.byteOffset + 8 + n + a, buf.byteOffset + 8 + n + b)) };
}

async function waitFor(page, fn, arg, timeout = 60000) {
  await page.waitForFunction(fn, arg, { timeout, polling: 50 });
}

test("the lab opens on kjv-gpt: fetched when first chosen, with progress, verified, cached; its numbers equal the native forward", async () => {
  const { page, context, errors } = await app.open("#/");
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await settle(page, 10);
  assert.equal(requests.filter((u) => u.includes("/assets/models/")).length, 0, "no model is fetched before one is chosen");
  const text = "In the beginning God created the heaven and the earth. And the earth was without form";
  await page.evaluate((t) => window.explorer.navigate("#/lab/attention?tab=heads&text=" + encodeURIComponent(t)), text);
  // Progress: the shell reports bytes while they arrive, the app shows them, then checks them.
  const seen = new Set();
  for (let i = 0; i < 600; i++) {
    const s = await status(page);
    const m = s.models && s.models["kjv-gpt"];
    if (m) seen.add(m.phase);
    if (m && m.phase === "ready" && s.widget && s.widget.ready && s.widget.model === "kjv-gpt") break;
    await settle(page, 1);
  }
  const s = await status(page);
  assert.equal(s.models["kjv-gpt"].phase, "ready", JSON.stringify(s.models));
  assert.ok(seen.has("downloading") || seen.has("verifying"), `phases seen: ${[...seen]}`);
  const js = await page.evaluate(() => window.explorer.models());
  assert.equal(js.stats.fetched, 3, "config.json, model.safetensors, tokenizer.tmxbpe from the network");
  assert.ok(js.jobs["kjv-gpt"].progressEvents >= 3, "byte progress while downloading");
  const modelReqs = requests.filter((u) => u.includes("/assets/models/"));
  assert.ok(modelReqs.every((u) => u.startsWith(app.server.url + "/assets/models/kjv-gpt/")), modelReqs.join("\n"));
  assert.equal(s.widget.model, "kjv-gpt");
  assert.ok(s.widget.ids.length > 5);
  assert.ok(s.widget.heads.length === 16, "4 layers x 4 heads labelled");
  await settle(page, 6);
  const img = await shot(page, "models-lab-kjv-gpt-heads");
  assert.ok(img.variance() > 50, "blank frame");
  await mkdir("/tmp/shots", { recursive: true }).catch(() => {});
  await copyFile(path.join(ROOT, "build", "screenshots", "models-lab-kjv-gpt-heads.png"), "/tmp/shots/models-lab-kjv-gpt-heads.png").catch(() => {});

  // The same ids through the native core: next-token probabilities and the chosen head's weights.
  if (existsSync(TMX)) {
    await mkdir(WORK, { recursive: true });
    const npy = path.join(WORK, "logits.npy"), trace = path.join(WORK, "trace.safetensors");
    tmx(["forward", "--model", "assets/models/kjv-gpt", "--ids", s.widget.ids.join(","), "--logits", npy, "--trace", trace]);
    const logits = readNpy(await readFile(npy));
    const V = logits.shape[1], T = logits.shape[0];
    assert.equal(T, s.widget.ids.length);
    const row = logits.data.slice((T - 1) * V, T * V);
    const mx = Math.max(...row);
    const z = row.reduce((a, v) => a + Math.exp(v - mx), 0);
    for (let i = 0; i < s.widget.probs.length; i++)
      assert.ok(Math.abs(Math.exp(row[i] - mx) / z - s.widget.probs[i]) < 1e-5, `p[${i}]: native ${Math.exp(row[i] - mx) / z} vs wasm ${s.widget.probs[i]}`);
    const w = readSafetensor(await readFile(trace), `h.${s.widget.layer}.attn.head.${s.widget.head}.weights`);
    const last = w.data.slice((T - 1) * T, T * T);
    assert.equal(s.widget.weights_last.length, T);
    for (let j = 0; j < T; j++) assert.ok(Math.abs(last[j] - s.widget.weights_last[j]) < 1e-5, `weights[${j}]`);
  }
  assert.deepEqual(errors, []);

  // A new page in the same browser context: the files come from the Cache API, not the network.
  const again = await context.newPage();
  const errs2 = [];
  again.on("console", (m) => { if (m.type() === "error") errs2.push(m.text()); });
  await again.goto(`${app.server.url}/index.html#/lab/attention`);
  await waitReady(again);
  await waitFor(again, () => { const s = window.explorer.status(); return s.models["kjv-gpt"] && s.models["kjv-gpt"].phase === "ready"; });
  const js2 = await again.evaluate(() => window.explorer.models());
  assert.equal(js2.stats.fetched, 0);
  assert.equal(js2.stats.fromCache, 3);
  assert.deepEqual(errs2, []);
  await context.close();
});

for (const [model, prompt, seed, n] of [["kjv-gpt", "And God said", 7, 30], ["kjv-mamba", "In the beginning", 3, 25], ["kjv-llama", "The LORD is", 11, 20]]) {
  test(`Generate (${model}): the continuation for a seed equals native tmx generate, and a reload reproduces it`, async () => {
    const hash = `#/lab/generate?model=${model}&prompt=${encodeURIComponent(prompt)}&seed=${seed}&gen=${n}`;
    const texts = [];
    for (let k = 0; k < 2; k++) {
      const { page, context, errors } = await app.open(hash);
      await waitFor(page, (n) => { const w = window.explorer.status().widget; return w && w.tokens.length === n && !w.busy; }, n, 90000);
      const w = (await status(page)).widget;
      assert.equal(w.error, "");
      assert.equal(w.top.length, 10, "the top-10 next-token distribution");
      const sum = w.top.reduce((a, [, p]) => a + p, 0);
      assert.ok(sum > 0 && sum <= 1.000001);
      texts.push(w.text);
      if (k === 0) {
        const img = await shot(page, `models-generate-${model}`);
        assert.ok(img.variance() > 50, "blank frame");
      }
      assert.deepEqual(errors, []);
      await context.close();
    }
    assert.equal(texts[0], texts[1], "same seed, same tokens");
    if (existsSync(TMX)) {
      const out = tmx(["generate", "--model", `assets/models/${model}`, "--prompt", prompt, "--n", String(n), "--seed", String(seed)]);
      assert.equal(prompt + texts[0] + "\n", out);
    }
  });
}

test("a damaged or missing model file gives a message naming it; the page keeps working", async () => {
  const site = path.join(WORK, "site");
  await rm(site, { recursive: true, force: true });
  await cp(path.join(ROOT, "dist"), site, { recursive: true });
  const st = path.join(site, "assets", "models", "kjv-llama", "model.safetensors");
  const bytes = await readFile(st);
  bytes[bytes.length - 10] ^= 0xff;  // same size, different content
  await writeFile(st, bytes);
  await rm(path.join(site, "assets", "models", "tang-gpt", "config.json"));
  const server = await startServer(site);
  const browser = await launch();
  try {
    const { page, context, errors } = await openPage(browser);
    await page.goto(`${server.url}/index.html#/lab/generate?model=kjv-llama`);
    await waitReady(page);
    await waitFor(page, () => { const m = window.explorer.status().models["kjv-llama"]; return m && m.phase === "failed"; });
    let s = await status(page);
    assert.match(s.models["kjv-llama"].message, /kjv-llama.*SHA-256 of model\.safetensors/);
    await settle(page, 4);
    await shot(page, "models-damaged");
    await page.evaluate(() => window.explorer.navigate("#/lab/generate?model=tang-gpt"));
    await waitFor(page, () => { const m = window.explorer.status().models["tang-gpt"]; return m && m.phase === "failed"; });
    s = await status(page);
    assert.match(s.models["tang-gpt"].message, /tang-gpt.*config\.json.*404/);
    // Another model still works.
    await page.evaluate(() => window.explorer.navigate("#/lab/generate?model=kjv-gpt&gen=3"));
    await waitFor(page, () => { const w = window.explorer.status().widget; return w && w.tokens.length === 3; }, null, 90000);
    // The failed model's bad copy is not kept in the cache.
    const cached = await page.evaluate(async () => (await (await caches.open("tmx-models-v1")).keys()).map((r) => r.url));
    assert.ok(!cached.some((u) => u.includes("/kjv-llama/")), cached.join("\n"));
    assert.deepEqual(errors.filter((e) => !/404/.test(e)), []);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
});

const OFFLINE = path.join(ROOT, "dist-offline", "explorer.html");
test("the offline file carries kjv-gpt for the lab and says plainly that other models need the website",
  { skip: existsSync(OFFLINE) ? false : "dist-offline/explorer.html is not built (scripts/build.sh offline)" }, async () => {
    const browser = await launch();
    try {
      const { page, errors } = await openPage(browser);
      const requests = [];
      page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
      await page.goto("file://" + OFFLINE + "#/lab/attention?tab=heads");
      await waitReady(page);
      await waitFor(page, () => { const w = window.explorer.status().widget; return w && w.ready && w.model === "kjv-gpt"; });
      await settle(page, 4);
      await shot(page, "models-offline-lab");
      await page.evaluate(() => window.explorer.navigate("#/lab/generate?model=kjv-mamba"));
      await waitFor(page, () => { const m = window.explorer.status().models["kjv-mamba"]; return m && m.phase === "failed"; });
      const s = await status(page);
      assert.match(s.models["kjv-mamba"].message, /kjv-mamba.*offline single-file build carries only the default model/);
      await settle(page, 4);
      await shot(page, "models-offline-generate-mamba");
      assert.deepEqual(requests, [], "the offline file fetched something from the network");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

async function dropResult(page, before) {
  await waitFor(page, (b) => window.explorer.status().dropIn.message !== b, before, 30000);
  return (await status(page)).dropIn;
}

test("drop-in checkpoints: PyTorch-written GPT-2, LLaMA and Mamba join the picker; each bad one is named and the model in use stays", async () => {
  const { page, context, errors } = await app.open("#/lab/generate?model=kjv-gpt&gen=2&prompt=And");
  await waitFor(page, () => { const w = window.explorer.status().widget; return w && w.tokens.length === 2; }, null, 90000);
  let msg = "";
  const good = [["tests/golden/transformer/gpt2", "gpt2"], ["tests/golden/transformer/llama", "llama"], ["tests/golden/mamba/lm_hf", "mamba"]];
  for (let i = 0; i < good.length; i++) {
    const [dir, type] = good[i];
    await drop(page, await checkpoint(dir));
    const r = await dropResult(page, msg);
    msg = r.message;
    assert.equal(r.ok, true, r.message);
    assert.match(r.message, new RegExp(`dropped-${type}-${i + 1} \\(${type}, \\d+ parameters\\)`));
  }
  // It generates like a shipped model (the char tokenizer covers "abc").
  await page.evaluate(() => window.explorer.navigate("#/lab/generate?model=dropped-mamba-3&prompt=abc&gen=5&seed=2"));
  await waitFor(page, () => { const w = window.explorer.status().widget; return w && w.loaded === "dropped-mamba-3" && w.tokens.length === 5; }, null, 30000);
  await settle(page, 4);
  await shot(page, "models-dropin-mamba");

  const big = 301 * 1048576;
  const bad = [
    ["unsupported architecture", await checkpoint("tests/golden/transformer/gpt2", { config: { model_type: "bert" } }), /unsupported model_type "bert"/],
    ["missing tensor", await checkpoint("tests/golden/transformer/gpt2", { safetensors: (b) => withoutTensor(b, "transformer.h.1.mlp.c_fc.weight") }), /transformer\.h\.1\.mlp\.c_fc\.weight/],
    ["wrong shape", await checkpoint("tests/golden/transformer/llama", { config: { intermediate_size: 32 } }), /shape/],
    ["truncated file", await checkpoint("tests/golden/mamba/lm_hf", { safetensors: (b) => b.subarray(0, b.length - 100) }), /trunc|short|bytes|size/i],
    ["NaN weights", await checkpoint("tests/golden/transformer/gpt2", { safetensors: withNaN }), /NaN/],
    ["weights without a config", await checkpoint("tests/golden/transformer/gpt2", { drop: ["config.json"] }), /config\.json and model\.safetensors together/],
  ];
  for (const [what, files, re] of bad) {
    await drop(page, files);
    const r = await dropResult(page, msg);
    msg = r.message;
    assert.equal(r.ok, false, what);
    assert.match(r.message, re, `${what}: ${r.message}`);
    assert.match(r.message, /previous model stays in use/);
  }
  // Over the size the page holds: refused before anything is read.
  await page.evaluate((size) => {
    const dt = new DataTransfer();
    dt.items.add(new File(["{}"], "config.json"));
    dt.items.add(new File([new Uint8Array(size)], "model.safetensors"));
    document.getElementById("canvas").dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, big);
  const r = await dropResult(page, msg);
  assert.match(r.message, /301 MB; this page holds checkpoints up to 300 MB/);
  await settle(page, 4);
  await shot(page, "models-dropin-refused");
  // The model in use still works, and the failed drops did not join the list.
  const w = (await status(page)).widget;
  assert.equal(w.loaded, "dropped-mamba-3");
  const names = await page.evaluate(() => Object.keys(window.explorer.status().models));
  assert.ok(!names.some((n) => n === "dropped-gpt2-4" || n === "dropped-bert-4"), names.join(","));
  assert.deepEqual(errors, []);
  await context.close();
});
