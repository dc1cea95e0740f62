// The `optimizers` and `number-formats` widgets and the `adamw` / `mixed-precision` scenes in a real
// Chromium. optimizers: the route opens (found, title), draws four trajectories, dragging on the
// map moves the start point and the trajectories, another surface changes them, a diverging
// learning rate gets a message (no crash). number-formats: 0.1 has the bits PyTorch gives it,
// typing a number changes the bits, clicking a bit changes the value, text that is not a number
// gets a message and stays, and the loss-scaling simulation skips the step at a large scale in
// FP16 only. Screenshots go to build/screenshots/optim-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, settle, status, shot } from "./harness.mjs";

// Screen positions at 1280 x 800 (dark theme, default fonts), read off build/screenshots/optim-*.png.
const MAP = { x0: 232, y0: 373, x1: 651, y1: 688 };  // the quadratic's contour map (4:3)
const PLAY = { x: 255, y: 310 };                     // the Play button
const NUMBER_BOX = { x: 390, y: 218 };               // the number text box
const FP16_SIGN = { x: 241, y: 437 };                 // the FP16 row's sign bit (after FP32's 4 lines)

const app = useApp();
const routeParam = (route, key) => new URL("http://x/a" + route.replace(/^[^?]*/, "")).searchParams.get(key);

test("optimizers: opens, races four optimizers, and dragging the start point changes the trajectories", async () => {
  const { page, context, errors } = await app.open("#/lab/optimizers?surface=quadratic&x=-1.8&y=1.2", {}, 10);
  const s0 = await status(page);
  assert.equal(s0.found, true);
  assert.equal(s0.title, "Optimizers");
  const w0 = s0.widget;
  assert.equal(w0.surface, "quadratic");
  assert.deepEqual(w0.start, [-1.8, 1.2]);
  assert.equal(w0.runs.length, 4);
  assert.deepEqual(w0.runs.map((r) => r.name), ["SGD", "Momentum", "Adam", "AdamW"]);
  for (const r of w0.runs) {
    assert.equal(r.n, 301, `${r.name} ran every step`);
    assert.equal(r.diverged, -1);
    assert.ok(r.loss < 16.5, `${r.name} went downhill (${r.loss})`);  // f(-1.8, 1.2) = 16.02
  }
  assert.notEqual(w0.runs[2].x, w0.runs[3].x, "Adam (L2) and AdamW (decoupled decay) differ");
  const before = await shot(page, "optim-optimizers-quadratic");
  assert.ok(before.variance() > 50, "blank frame");

  // drag on the map: the start point follows the mouse, the trajectories are recomputed
  await page.mouse.move(MAP.x0 + 60, MAP.y1 - 60);
  await page.mouse.down();
  await settle(page, 2);
  await page.mouse.move(MAP.x0 + 120, MAP.y1 - 40, { steps: 5 });
  await settle(page, 2);
  await page.mouse.up();
  await settle(page, 6);
  const w1 = (await status(page)).widget;
  assert.ok(w1.start[0] > -1.8 && w1.start[1] < 0, `start moved to ${w1.start}`);
  assert.notEqual(w1.runs[0].x, w0.runs[0].x, "SGD's trajectory did not change");
  const route1 = (await status(page)).route;
  assert.equal(Number(routeParam(route1, "x")), w1.start[0], "the start point is in the address");
  const dragged = await shot(page, "optim-optimizers-dragged");
  assert.ok(dragged.diff(before, MAP.x0, MAP.y0, MAP.x1, MAP.y1) > 0.001, "the map did not change");

  // another surface, and a learning rate that diverges: a message, not a crash
  await page.evaluate(() => window.explorer.navigate("#/lab/optimizers?surface=rosenbrock&lr=0.05"));
  await settle(page, 10);
  const w2 = (await status(page)).widget;
  assert.equal(w2.surface, "rosenbrock");
  assert.ok(w2.runs[0].diverged > 0, "SGD at lr 0.05 on Rosenbrock diverges");
  assert.ok(w2.runs[0].n < 301);
  assert.equal(w2.runs[2].diverged, -1, "Adam does not");
  await shot(page, "optim-optimizers-diverged");

  // play: the race is drawn step by step
  await page.evaluate(() => window.explorer.navigate("#/lab/optimizers?surface=saddle&steps=600"));
  await settle(page, 6);
  await page.mouse.move(PLAY.x, PLAY.y);
  await settle(page, 2);
  await page.mouse.down();
  await settle(page, 2);
  await page.mouse.up();
  await settle(page, 20);
  const w3 = (await status(page)).widget;
  assert.ok(w3.playing || w3.shown < 600, "play did not start");
  assert.ok(w3.shown > 0);
  await shot(page, "optim-optimizers-playing");
  assert.deepEqual(errors, []);
  await context.close();
});

test("optimizers: clamps a start point off the map with a warning; draws on a phone in landscape", async () => {
  const { page, context, errors } = await app.open("#/embed/lab/optimizers?surface=saddle&x=9&y=-9&b1=2",
    { width: 844, height: 390, scale: 2 }, 10);
  const s = await status(page);
  assert.equal(s.found, true);
  assert.deepEqual(s.widget.start, [2, -2]);
  assert.equal(routeParam(s.route, "b1"), "0.999");
  const img = await shot(page, "optim-optimizers-phone");
  assert.ok(img.variance() > 50, "blank frame");
  assert.deepEqual(errors, []);
  await context.close();
});

test("number-formats: bits of 0.1, typing a number, clicking a bit, bad text, loss scaling", async () => {
  const { page, context, errors } = await app.open("#/lab/number-formats?v=0.1", {}, 10);
  const s0 = await status(page);
  assert.equal(s0.found, true);
  assert.equal(s0.title, "Number formats");
  const f0 = s0.widget.formats;
  // torch.tensor(0.1).view(torch.int32), .half().view(torch.int16), .bfloat16().view(torch.int16)
  assert.deepEqual(f0.map((f) => f.bits), [0x3dcccccd, 0x2e66, 0x3dcd]);
  assert.deepEqual(f0.map((f) => f.value), ["0.1", "0.099975586", "0.100097656"]);
  const before = await shot(page, "optim-number-formats");
  assert.ok(before.variance() > 50, "blank frame");

  await page.mouse.click(NUMBER_BOX.x, NUMBER_BOX.y);
  await settle(page, 4);  // the field takes the keys from the next frame on (its hidden input gets the focus)
  await page.keyboard.press("Control+A");
  await page.keyboard.type("65504");
  await settle(page, 8);
  const s1 = await status(page);
  assert.equal(s1.widget.text, "65504");
  assert.deepEqual(s1.widget.formats.map((f) => f.bits), [0x477fe000, 0x7bff, 0x4780]);
  assert.equal(s1.widget.formats[2].value, "65536");  // bf16 rounds 65504 up
  const typed = await shot(page, "optim-number-formats-65504");
  assert.ok(typed.diff(before) > 0.001, "the bits did not change on screen");

  await page.mouse.click(FP16_SIGN.x, FP16_SIGN.y);  // flip FP16's sign bit
  await settle(page, 8);
  const s2 = await status(page);
  assert.equal(s2.widget.text, "-65504");
  assert.equal(s2.widget.formats[1].bits, 0xfbff);
  await shot(page, "optim-number-formats-flipped");

  await page.mouse.click(NUMBER_BOX.x, NUMBER_BOX.y);
  await settle(page, 4);  // as above: the keys go to the field from the frame after the click
  await page.keyboard.press("Control+A");
  await page.keyboard.type("1e-9x");
  await settle(page, 8);
  const s3 = await status(page);
  assert.equal(s3.widget.text, "1e-9x", "the text is kept");
  assert.match(s3.widget.error, /1e-9x/);
  assert.equal(routeParam(s3.route, "v"), "1e-9x");
  await shot(page, "optim-number-formats-bad");

  // a loss scale of 2^30 overflows FP16 (the step is skipped, the scale halved) but not BF16
  await page.evaluate(() => window.explorer.navigate("#/lab/number-formats?v=1e-7&scale=30"));
  await settle(page, 8);
  const sim = (await status(page)).widget.sim;
  assert.equal(sim[0].skipped, true);
  assert.ok(sim[0].overflow > 0);
  assert.equal(sim[0].scale_after, 2 ** 29);
  assert.equal(sim[1].skipped, false);
  assert.equal(sim[1].underflow, 0);
  await page.evaluate(() => window.explorer.navigate("#/lab/number-formats?v=1e-7&scale=0"));
  await settle(page, 8);
  const sim0 = (await status(page)).widget.sim;
  assert.equal(sim0[0].skipped, false);
  assert.ok(sim0[0].underflow > 0, "unscaled, some gradients flush to zero in FP16");
  for (let i = 0; i < 12; i++) await page.mouse.wheel(0, 120);
  await settle(page, 8);
  await shot(page, "optim-number-formats-scaling");
  assert.deepEqual(errors, []);
  await context.close();
});

test("number-formats and the scenes draw on a phone in landscape", async () => {
  for (const [route, name] of [["#/embed/lab/number-formats?v=inf", "number-formats-phone"],
                               ["#/embed/cinema/adamw?t=20", "adamw-phone"],
                               ["#/embed/cinema/mixed-precision?t=8", "mixed-precision-phone"]]) {
    const { page, context, errors } = await app.open(route, { width: 844, height: 390, scale: 2 }, 10);
    assert.equal((await status(page)).found, true, route);
    const img = await shot(page, "optim-" + name);
    assert.ok(img.variance() > 50, `blank frame: ${route}`);
    assert.deepEqual(errors, [], route);
    await context.close();
  }
});
