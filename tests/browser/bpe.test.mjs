// The `bpe` widget in a real Chromium: the route opens (found, title), draws, has no console
// errors; the GPT-2 tab loads the real table and shows Chinese text as bytes and code points;
// typing into the training text retrains (the link switches to sample=custom) and the picture
// changes. Screenshots go to build/screenshots/bpe-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, settle, status, shot } from "./harness.mjs";

// Screen positions at 1280 x 800 (dark theme, default fonts), read off build/screenshots/bpe-*.png.
const TEXT_BOX = { x: 700, y: 215 };     // the training text box
const GPT2_TAB = { x: 610, y: 287 };     // the "GPT-2 tokenizer" tab (below the note on missing CJK glyphs)
const BODY = { x0: 232, y0: 280, x1: 1260, y1: 780 };  // below the tabs

const app = useApp();
const routeParam = (route, key) => new URL("http://x/a" + route.replace(/^[^?]*/, "")).searchParams.get(key);

test("bpe widget: opens, trains, and typing a text retrains it", async () => {
  const { page, context, errors } = await app.open("#/lab/bpe?sample=english&k=40&step=12", {}, 20);
  const s0 = await status(page);
  assert.equal(s0.found, true);
  assert.equal(s0.title, "Byte-pair encoding");
  const before = await shot(page, "bpe-train");
  assert.ok(before.variance() > 50, "blank frame");
  await page.mouse.click(TEXT_BOX.x, TEXT_BOX.y);
  await settle(page, 4);  // the keys go to the field from the frame after the click (its hidden input)
  await page.keyboard.press("Control+A");
  await page.keyboard.type("low lower lowest newer newest wider widest");
  await settle(page, 20);
  const after = await shot(page, "bpe-typed");
  assert.equal(routeParam((await status(page)).route, "sample"), "custom");
  const region = after.diff(before, BODY.x0, BODY.y0, BODY.x1, BODY.y1);
  assert.ok(region > 0.001, `the training panels barely changed (${region})`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("bpe widget: the GPT-2 tab shows Chinese text as tokens with bytes and code points", async () => {
  const input = encodeURIComponent("\u767d\u65e5\u4f9d\u5c71\u5c3d\uff0c\u9ec4\u6cb3\u5165\u6d77\u6d41\u3002");
  const { page, context, errors } = await app.open(`#/lab/bpe?view=train&input=${input}`, {}, 10);
  const before = await shot(page, "bpe-before-gpt2");
  await page.mouse.click(GPT2_TAB.x, GPT2_TAB.y);
  await settle(page, 30);
  const after = await shot(page, "bpe-gpt2-chinese");
  assert.equal(routeParam((await status(page)).route, "view"), "gpt2");
  const region = after.diff(before, BODY.x0, BODY.y0, BODY.x1, BODY.y1);
  assert.ok(region > 0.001, `the GPT-2 tab did not draw (${region})`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("bpe widget: absurd parameters are clamped with a visible warning, not a crash", async () => {
  const { page, context, errors } = await app.open("#/lab/bpe?k=99999999&step=-3&sample=nope&view=%3Cb%3E", {}, 10);
  const s = await status(page);
  assert.equal(s.found, true);
  assert.equal(routeParam(s.route, "k"), "1000");
  assert.equal(routeParam(s.route, "step"), "0");
  const img = await shot(page, "bpe-absurd");
  assert.ok(img.variance() > 50, "blank frame");
  assert.deepEqual(errors, []);
  await context.close();
});
