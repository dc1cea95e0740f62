// The `ffn` widget in a real Chromium: the route opens (found, title), draws, has no console
// errors, and choosing another activation in the combo changes the URL and the plots.
// Screenshots go to build/screenshots/ffn-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, settle, status, shot } from "./harness.mjs";

// Screen positions at 1280 x 800 (dark theme, default fonts), read off build/screenshots/ffn-*.png.
const ACT_COMBO = { x: 300, y: 160 };     // the activation combo, first control of the widget
const RELU_ITEM = { x: 300, y: 204 };     // its first entry ("ReLU") in the open list
const PLOTS = { x0: 232, y0: 200, x1: 1260, y1: 520 };  // the activation and derivative plots

const app = useApp();
const routeParam = (route, key) => new URL("http://x/a" + route.replace(/^[^?]*/, "")).searchParams.get(key);

test("ffn widget: opens, draws, and the activation combo changes the URL and the plots", async () => {
  const { page, context, errors } = await app.open("#/lab/ffn?act=gelu&d=768", {}, 10);
  const s0 = await status(page);
  assert.equal(s0.found, true);
  const before = await shot(page, "ffn-before");
  assert.ok(before.variance() > 50, "blank frame");
  await page.mouse.click(ACT_COMBO.x, ACT_COMBO.y);
  await settle(page, 6);
  await shot(page, "ffn-combo-open");
  await page.mouse.click(RELU_ITEM.x, RELU_ITEM.y);
  await settle(page, 10);
  const after = await shot(page, "ffn-relu");
  assert.equal(routeParam((await status(page)).route, "act"), "relu");
  const region = after.diff(before, PLOTS.x0, PLOTS.y0, PLOTS.x1, PLOTS.y1);
  assert.ok(region > 0.001, `plots barely changed (${region})`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("ffn widget: absurd parameters are clamped with a visible warning, not a crash", async () => {
  const { page, context, errors } = await app.open("#/lab/ffn?d=99999999&ratio=-3&act=nope&tiny=1e9", {}, 10);
  const s = await status(page);
  assert.equal(s.found, true);
  assert.equal(routeParam(s.route, "d"), "65536");
  assert.equal(routeParam(s.route, "ratio"), "1");
  const img = await shot(page, "ffn-absurd");
  assert.ok(img.variance() > 50, "blank frame");
  assert.deepEqual(errors, []);
  await context.close();
});
