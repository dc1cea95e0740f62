// The `synthetic-tasks` widget in a real Chromium (the wasm build): the route opens (found, title)
// with the shipped results loaded; it draws; another seed shows another example (and the answer
// is the example's content tokens); "Train here" trains the three models and their accuracy
// curves grow and the frame changes; the induction task and a phone-landscape frame draw; bad
// URL values give warnings; no console errors. Screenshots: build/screenshots/syn-*.png, copied to
// /tmp/shots/syn-*.png for review.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { SHOTS, useApp, status, shot, waitForWidget } from "./harness.mjs";

const app = useApp();

async function snap(page, name) {
  const img = await shot(page, name);
  await mkdir("/tmp/shots", { recursive: true });
  await copyFile(path.join(SHOTS, `${name}.png`), path.join("/tmp/shots", `${name}.png`));
  return img;
}

// A hang detector, not a speed limit: training in the page took over 240 s on a loaded 2-core
// machine running two browser test files at once.
const waitFor = (page, pred) => waitForWidget(page, pred, 900000);

test("synthetic-tasks: opens with the shipped results, draws, and a new seed is a new example", async () => {
  const { page, context, errors } = await app.open("#/lab/synthetic-tasks", {}, 10);
  const s = await status(page);
  assert.equal(s.found, true);
  assert.equal(s.title, "Synthetic tasks");
  const w = s.widget;
  assert.equal(w.task, "selective-copy");
  assert.equal(w.results_loaded, true, "assets/synthetic/selective-copy.json");
  for (const a of ["attention", "lti", "mamba"]) assert.ok(w.shipped[a] >= 0 && w.shipped[a] <= 1, a);
  // The answer is the example's non-noise tokens of the body, in order (0 = noise, 1 = marker).
  assert.deepEqual(w.answer, w.example.filter((id) => id > 1));
  const img = await snap(page, "syn-results");
  assert.ok(img.variance() > 50, "blank frame");

  const other = await app.open("#/lab/synthetic-tasks?seed=2", {}, 10);
  const w2 = (await status(other.page)).widget;
  assert.equal(w2.seed, 2);
  assert.notDeepEqual(w2.example, w.example, "seed 2 shows the same example as seed 1");
  const img2 = await snap(other.page, "syn-seed2");
  assert.ok(img2.diff(img, 0, 0, 1280, 400) > 0.0005, "the example did not change on screen");
  assert.deepEqual([...errors, ...other.errors], []);
  await other.context.close();
  await context.close();
});

test("synthetic-tasks: Train here trains the three models and the accuracy plot moves", async () => {
  const { page, context, errors } = await app.open("#/lab/synthetic-tasks?mode=train&steps=20&run=1", {}, 10);
  const w0 = await waitFor(page, (w) => w.started && w.runs.length === 3 && w.runs.every((r) => r.curve.length >= 1));
  const before = await snap(page, "syn-train-early");
  const w1 = await waitFor(page, (w) => !w.running);
  for (const r of w1.runs) {
    assert.equal(r.step, 20, r.arch);
    assert.ok(r.curve.length >= 3, `${r.arch}: accuracy at step 0, during and at the end`);
  }
  // Parameter counts within a few percent of each other.
  const ps = w1.runs.map((r) => r.params);
  assert.ok(Math.max(...ps) / Math.min(...ps) < 1.1, JSON.stringify(ps));
  const after = await snap(page, "syn-train-done");
  assert.ok(after.diff(before, 0, 0, 1280, 800) > 0.001, "the frame did not change while training");
  console.log(`worst piece ${w1.worst_piece_ms} ms, worst slice ${w1.worst_slice_ms} ms (bench figures, not asserted)`);
  assert.ok(w0.runs.length === 3);
  assert.deepEqual(errors, []);
  await context.close();
});

test("synthetic-tasks: induction on a phone; bad values give warnings", async () => {
  const phone = await app.open("#/lab/synthetic-tasks?task=induction", { width: 844, height: 390 }, 10);
  const sp = await status(phone.page);
  assert.equal(sp.widget.task, "induction");
  assert.equal(sp.widget.results_loaded, true, "assets/synthetic/induction.json");
  const ex = sp.widget.example;
  const trig = ex.indexOf(1);
  assert.equal(ex[ex.length - 1], 1, "the sequence ends with the trigger");
  assert.deepEqual(sp.widget.answer, [ex[trig + 1]]);
  const img = await snap(phone.page, "syn-phone-induction");
  assert.ok(img.variance() > 50, "blank frame");
  await phone.context.close();

  const bad = await app.open("#/lab/synthetic-tasks?task=copy&steps=99999&seed=-4", {}, 10);
  const sb = await status(bad.page);
  assert.equal(sb.found, true);
  assert.equal(sb.widget.task, "selective-copy");
  assert.ok((sb.warnings || []).length >= 2, JSON.stringify(sb.warnings));
  await snap(bad.page, "syn-bad-values");
  assert.deepEqual([...phone.errors, ...bad.errors], []);
  await bad.context.close();
});
