// The `positions` widget in a real Chromium: the route opens (found, title), draws, has no console
// errors, and a click on a row of the sinusoidal heatmap picks that position (the URL's `i`
// changes and the similarity plot redraws). Absurd parameters are clamped with a warning.
// Screenshots go to build/screenshots/positions-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, settle, status, shot } from "./harness.mjs";

// Screen positions at 1280 x 800 (dark theme, default fonts), read off build/screenshots/positions-*.png.
const HEATMAP_ROW = { x: 420, y: 430 };             // a cell in the lower half of the PE heatmap
const SIM_PLOT = { x0: 232, y0: 560, x1: 1260, y1: 800 };  // the similarity plot (scrolled into view below)

const app = useApp();
const routeParam = (route, key) => new URL("http://x/a" + route.replace(/^[^?]*/, "")).searchParams.get(key);

test("positions widget: opens, draws, and a click on the heatmap picks position i", async () => {
  const { page, context, errors } = await app.open("#/lab/positions?T=32&d=32&i=2", {}, 10);
  const s0 = await status(page);
  assert.equal(s0.found, true);
  assert.equal(s0.slug, "positions");
  const before = await shot(page, "positions-before");
  assert.ok(before.variance() > 50, "blank frame");
  await page.mouse.click(HEATMAP_ROW.x, HEATMAP_ROW.y);
  await settle(page, 10);
  const after = await shot(page, "positions-clicked");
  const i = Number(routeParam((await status(page)).route, "i"));
  assert.ok(i > 2 && i < 32, `position i did not follow the click (i = ${i})`);
  const region = after.diff(before, SIM_PLOT.x0, SIM_PLOT.y0, SIM_PLOT.x1, SIM_PLOT.y1);
  assert.ok(region > 0.001, `similarity plot barely changed (${region})`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("positions widget: absurd parameters are clamped with a visible warning, not a crash", async () => {
  const { page, context, errors } = await app.open("#/lab/positions?T=1e9&d=-4&i=999&pairs=0&pair=70&m=abc", {}, 10);
  const s = await status(page);
  assert.equal(s.found, true);
  assert.equal(routeParam(s.route, "T"), "512");
  assert.equal(routeParam(s.route, "d"), "2");
  assert.equal(routeParam(s.route, "pairs"), "1");
  assert.equal(routeParam(s.route, "pair"), "0");
  const img = await shot(page, "positions-absurd");
  assert.ok(img.variance() > 50, "blank frame");
  assert.deepEqual(errors, []);
  await context.close();
});
