// The `gqa-calculator` widget in a real Chromium: the route opens (found, title), draws, has no
// console errors, and choosing another preset in the combo changes the URL and the numbers.
// Screenshots go to build/screenshots/gqa-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, settle, status, shot } from "./harness.mjs";

// Screen positions at 1280 x 800 (dark theme, default fonts), read off build/screenshots/gqa-*.png.
const PRESET_COMBO = { x: 330, y: 160 };  // the model combo, first control of the widget
const GPT2_ITEM = { x: 330, y: 204 };     // its first entry ("GPT-2 small (124M)") in the open list
const NUMBERS = { x0: 232, y0: 420, x1: 1260, y1: 560 };  // the parameter lines and the variants table

const app = useApp();
const routeParam = (route, key) => new URL("http://x/a" + route.replace(/^[^?]*/, "")).searchParams.get(key);

test("gqa-calculator: opens, draws, and choosing a preset changes the URL and the numbers", async () => {
  const { page, context, errors } = await app.open("#/lab/gqa-calculator?preset=llama-2-7b&attn=gqa&kv=8", {}, 10);
  const s0 = await status(page);
  assert.equal(s0.found, true);
  assert.equal(s0.title, "GQA calculator");
  const before = await shot(page, "gqa-before");
  assert.ok(before.variance() > 50, "blank frame");
  await page.mouse.click(PRESET_COMBO.x, PRESET_COMBO.y);
  await settle(page, 6);
  await shot(page, "gqa-combo-open");
  await page.mouse.click(GPT2_ITEM.x, GPT2_ITEM.y);
  await settle(page, 10);
  const after = await shot(page, "gqa-gpt2");
  assert.equal(routeParam((await status(page)).route, "preset"), "gpt2");
  const region = after.diff(before, NUMBERS.x0, NUMBERS.y0, NUMBERS.x1, NUMBERS.y1);
  assert.ok(region > 0.001, `numbers barely changed (${region})`);
  // Below the numbers: the chart of KV memory against context for MHA, GQA and MQA.
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, 120);
  await settle(page, 10);
  const chart = await shot(page, "gqa-chart");
  assert.ok(chart.diff(after) > 0.01, "the page did not scroll to the chart");
  assert.deepEqual(errors, []);
  await context.close();
});

test("gqa-calculator: impossible shapes get a message and absurd values a warning, not a crash", async () => {
  const { page, context, errors } = await app.open(
    "#/lab/gqa-calculator?preset=custom&d=4096&heads=30&ctx=1e12&batch=-2&dtype=fp4", {}, 10);
  const s = await status(page);
  assert.equal(s.found, true);
  assert.equal(routeParam(s.route, "ctx"), "10000000");
  assert.equal(routeParam(s.route, "batch"), "1");
  const img = await shot(page, "gqa-absurd");
  assert.ok(img.variance() > 50, "blank frame");
  assert.deepEqual(errors, []);
  await context.close();
});

test("gqa-calculator: draws on a phone in landscape", async () => {
  const { page, context, errors } = await app.open("#/embed/lab/gqa-calculator?preset=mistral-7b",
    { width: 844, height: 390, scale: 2 }, 10);
  assert.equal((await status(page)).found, true);
  const img = await shot(page, "gqa-phone-landscape");
  assert.ok(img.variance() > 50, "blank frame");
  assert.deepEqual(errors, []);
  await context.close();
});
