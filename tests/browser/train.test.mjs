// The `train` widget in a real Chromium (the wasm build): the route opens (found, title), Start
// begins training on a click, the first 20 losses equal native `tmx train`'s for the same settings
// (tests/golden/train/kjv-char-gpt.log.jsonl), the loss curve moves and goes down over a few dozen
// steps, Pause stops it and Resume continues, Download saves a checkpoint, no console errors.
// Screenshots go to build/screenshots/train-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT, useApp, settle, status, shot, waitForWidget } from "./harness.mjs";

// Screen positions at 1280 x 800 (dark theme, default fonts), read off build/screenshots/train-*.png.
const START = { x: 257, y: 346 };  // "Start", then the same place is "Pause" / "Resume"
const DOWNLOAD = { x: 408, y: 346 };  // while running: Pause, Reset, Download
const PLOT = { x0: 232, y0: 420, x1: 1000, y1: 720 };

const app = useApp();
const golden = readFileSync(path.join(ROOT, "tests/golden/train/kjv-char-gpt.log.jsonl"), "utf8")
  .trim().split("\n").map((l) => JSON.parse(l).loss);

const waitFor = waitForWidget;

test("train widget: Start trains in the browser with native numbers; the loss falls; Pause stops it", async () => {
  const { page, context, errors } = await app.open("#/lab/train", {}, 10);
  const s0 = await status(page);
  assert.equal(s0.found, true);
  assert.equal(s0.title, "Train a model");
  assert.equal(s0.widget.started, false);
  const before = await shot(page, "train-before");
  assert.ok(before.variance() > 50, "blank frame");

  await page.mouse.click(START.x, START.y);
  const w20 = await waitFor(page, (w) => w.losses && w.losses.length >= 20);
  assert.equal(w20.started, true);
  for (let i = 0; i < 20; i++)
    assert.ok(Math.abs(w20.losses[i] - golden[i]) < 2e-3, `step ${i + 1}: wasm ${w20.losses[i]} vs native ${golden[i]}`);
  assert.ok(w20.samples.length >= 1 && w20.samples[0].step === 0, "the untrained model's sample");
  const early = await shot(page, "train-early");

  const w60 = await waitFor(page, (w) => w.losses && w.losses.length >= 60);
  const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
  const first = mean(w60.losses.slice(0, 10)), last = mean(w60.losses.slice(50, 60));
  assert.ok(last < first - 0.5, `the loss did not go down: ${first.toFixed(3)} -> ${last.toFixed(3)}`);
  assert.ok(w60.val.length >= 2 && w60.val[1][1] < w60.val[0][1], "the validation loss went down");
  const later = await shot(page, "train-60");
  const moved = later.diff(early, PLOT.x0, PLOT.y0, PLOT.x1, PLOT.y1);
  assert.ok(moved > 0.001, `the loss curve did not move (${moved})`);

  await page.mouse.click(START.x, START.y);  // Pause
  await settle(page, 5);
  const p1 = (await status(page)).widget;
  assert.equal(p1.paused, true);
  await settle(page, 40);
  const p2 = (await status(page)).widget;
  assert.equal(p2.step, p1.step, "paused, yet the step moved");
  assert.equal(p2.losses.length, p1.losses.length);
  await page.mouse.click(START.x, START.y);  // Resume
  await waitFor(page, (w) => w.step > p2.step + 3);
  // Download: the three files of a checkpoint the drop-in loader reads (tests/ui/test_train_widget.cpp
  // loads them back and compares logits).
  const downloads = [];
  page.on("download", (d) => downloads.push(d.suggestedFilename()));
  await page.mouse.click(DOWNLOAD.x, DOWNLOAD.y);
  for (let i = 0; i < 60 && downloads.length < 3; i++) await settle(page, 5);
  assert.deepEqual(downloads.sort(), ["config.json", "model.safetensors", "tokenizer.char.txt"]);
  // The slice length is a performance figure (bench/train_web.mjs reports it), not asserted here.
  console.log(`worst training slice: ${(await status(page)).widget.worst_slice_ms} ms`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("train widget: a few hundred steps of the tiny GPT; Mamba on the Tang poems on a phone; bad text gives a message", async () => {
  const { page, context, errors } = await app.open("#/lab/train?size=tiny&batch=4&ctx=32&steps=300&every=100&run=1", {}, 10);
  const w = await waitFor(page, (w) => w.finished, 300000);
  assert.ok(w.samples.length === 4, "samples at steps 0, 100, 200, 300");
  assert.ok(w.val[3][1] < w.val[0][1] - 1, "300 steps lower the validation loss by more than a nat");
  await shot(page, "train-300");
  await page.mouse.move(700, 500);
  await page.mouse.wheel(0, 500);
  await settle(page, 10);
  await shot(page, "train-300-samples");
  await context.close();

  const phone = await app.open("#/lab/train?text=tang&arch=mamba&size=tiny&steps=60&every=20&run=1", { width: 844, height: 390 }, 10);
  const wp = await waitFor(phone.page, (w) => w.finished);
  assert.equal(wp.samples.length, 4);
  const img = await shot(phone.page, "train-phone-mamba");
  assert.ok(img.variance() > 50, "blank frame");
  await phone.page.mouse.move(500, 250);
  await phone.page.mouse.wheel(0, 400);
  await settle(phone.page, 10);
  await shot(phone.page, "train-phone-mamba-plot");
  await phone.context.close();

  const bad = await app.open("#/lab/train?text=custom&run=1", {}, 10);
  const sb = await status(bad.page);
  assert.equal(sb.found, true);
  assert.match(sb.widget.error, /empty/);
  await shot(bad.page, "train-empty-text");
  await bad.context.close();
  assert.deepEqual([...errors, ...phone.errors, ...bad.errors], []);
});
