// The Lab's Attention lab and Mamba simulator in a real Chromium: typing changes the chips and
// the heatmap, dragging a slider changes the plots, a shared URL reproduces the same frame, the
// embed has no chrome, absurd URLs are survived. Screenshots go to build/screenshots/lab-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, openPage, waitReady, settle, status, shot, hex, waitForWidget } from "./harness.mjs";

const MENU_BAR = "#111317";  // dark theme: top bar and navigation background
// Screen positions at 1280 x 800 (dark theme, default fonts), read off build/screenshots/lab-*.png.
const TEXT_BOX = { x: 600, y: 240 };                     // Attention lab: the text box
const HEATMAP = { x0: 290, y0: 610, x1: 900, y1: 795 };  // step-through stage 6: the weights heatmap
const DT_SLIDER = { x0: 233, x1: 380, y: 242 };          // Mamba simulator: the Δ slider

const app = useApp();
// The attention lab's model loads over frames (in 256 KB pieces) before its forward is shown.
const open = async (hash, opts) => {
  const o = await app.open(hash, opts, 10);
  if (hash.startsWith("#/lab/attention")) await waitForWidget(o.page, (w) => w.ready === true, 60000);
  return o;
};
const routeParam = (route, key) => new URL("http://x/a" + route.replace(/^[^?]*/, "")).searchParams.get(key);

test("Attention lab: typing text changes the token chips, the heatmap and the URL", async () => {
  // Step-through at the softmax-weights stage: chips and the weights heatmap on one screen.
  const { page, context, errors } = await open("#/lab/attention?text=the%20cat&step=1&stage=5");
  const before = await shot(page, "lab-attention-before");
  assert.ok(before.variance() > 50, "blank frame");
  await page.mouse.click(TEXT_BOX.x, TEXT_BOX.y);  // focus the text box
  await settle(page);
  await page.keyboard.press("End");
  await page.keyboard.type(" sat on the mat", { delay: 20 });
  await settle(page, 12);
  const after = await shot(page, "lab-attention-typed");
  const s = await status(page);
  assert.equal(routeParam(s.route, "text"), "the cat sat on the mat");
  // The chips row and the heatmap region both changed.
  assert.ok(after.diff(before) > 0.02, `frame barely changed (${after.diff(before)})`);
  const heat = after.diff(before, HEATMAP.x0, HEATMAP.y0, HEATMAP.x1, HEATMAP.y1);
  assert.ok(heat > 0.1, `heatmap region barely changed (${heat})`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("Mamba simulator: dragging the Δ slider changes the plots and the URL", async () => {
  const { page, context, errors } = await open("#/lab/mamba-sim?sig=step&disc=zoh&dt=0.01");
  const before = await shot(page, "lab-mamba-before");
  await page.mouse.move(DT_SLIDER.x0 + 4, DT_SLIDER.y);
  await page.mouse.down();
  await page.mouse.move(DT_SLIDER.x0 + 60, DT_SLIDER.y, { steps: 4 });
  await page.mouse.move(DT_SLIDER.x1 - 30, DT_SLIDER.y, { steps: 4 });
  await page.mouse.up();
  await settle(page, 8);
  const after = await shot(page, "lab-mamba-dragged");
  const dt = Number(routeParam((await status(page)).route, "dt"));
  assert.ok(dt > 0.1, `Δ in the URL should have grown from 0.01, got ${dt}`);
  assert.ok(after.diff(before) > 0.02, `plots barely changed (${after.diff(before)})`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a shared URL reproduces the same state (same screenshot)", async () => {
  for (const [name, hash] of [
    ["attention", "#/lab/attention?text=shared%20link%20test&layers=3&heads=2&width=16&layer=2&head=1&seed=9&step=1&stage=5&query=3"],
    ["mamba", "#/lab/mamba-sim?N=3&A=-0.5,-2,-4&B=1,0.5,2&C=1,-1,0.5&dt=0.3&disc=bilinear&sig=square&freq=0.04&L=96"],
  ]) {
    const a = await open(hash);
    const sa = await shot(a.page, `lab-shared-${name}-a`);
    const route = (await status(a.page)).route;
    const b = await open(route);  // what "Copy link" gives: the canonical route
    const sb = await shot(b.page, `lab-shared-${name}-b`);
    assert.ok(sa.diff(sb) < 0.005, `${name}: reopened link looks different (${sa.diff(sb)})`);
    assert.equal((await status(b.page)).route, route);
    assert.deepEqual(a.errors, []);
    assert.deepEqual(b.errors, []);
    await a.context.close();
    await b.context.close();
  }
});

test("embed URLs show the widgets without app chrome", async () => {
  for (const slug of ["attention", "mamba-sim"]) {
    const { page, context, errors } = await open(`#/embed/lab/${slug}`);
    const img = await shot(page, `lab-embed-${slug}`);
    const s = await status(page);
    assert.equal(s.embed, true);
    assert.equal(s.slug, slug);
    assert.ok(img.variance() > 50, "embed frame is blank");
    assert.notEqual(hex(img.pixel(1270, 4)), MENU_BAR);
    assert.notEqual(hex(img.pixel(100, 700)), MENU_BAR);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("absurd parameters are clamped with a visible warning, the app keeps running", async () => {
  const { page, context, errors } = await open("#/lab/attention?heads=0&layers=1e9&width=NaN&tok=%3Cscript%3E&text=x");
  const s = await status(page);
  assert.equal(s.slug, "attention");
  assert.equal(routeParam(s.route, "heads"), "1");
  assert.equal(routeParam(s.route, "layers"), "6");
  await shot(page, "lab-attention-absurd");
  await page.evaluate(() => { location.hash = "#/lab/mamba-sim?dt=1e9&A=5,NaN&N=99&disc=euler&sig=step"; });
  await settle(page, 10);
  const m = await status(page);
  assert.ok(m.ready);
  assert.equal(routeParam(m.route, "dt"), "10");
  assert.equal(routeParam(m.route, "N"), "16");
  await shot(page, "lab-mamba-absurd");
  assert.deepEqual(errors, []);
  await context.close();
});

test("narrow window: both widgets lay out and draw", async () => {
  for (const slug of ["attention", "mamba-sim"]) {
    const { page, context, errors } = await open(`#/lab/${slug}`, { width: 420, height: 800 });
    const img = await shot(page, `lab-narrow-${slug}`);
    assert.ok(img.variance() > 50);
    assert.deepEqual(errors, []);
    await context.close();
  }
});
