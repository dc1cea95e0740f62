// The Cinema room in a real Chromium (dist/): the index draws thumbnails; the player plays,
// pauses, scrubs and steps chapters with the keyboard, the canvas follows, the URL keeps t;
// hostile URL values are clamped; the embed form has no app chrome. Zero console errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, openPage, waitReady, settle, status, shot, hex } from "./harness.mjs";

const MENU_BAR = "#111317";  // dark theme: top bar and navigation background
const STAGE_BG = [18, 20, 26];  // anim::StageColors dark background

const app = useApp();
async function open(hash, opts) {
  const o = await app.open(hash, opts);
  await o.page.focus("#canvas");  // keyboard shortcuts go to the canvas
  return o;
}
const hashT = (page) => page.evaluate(() => {
  const m = /[?&]t=([^&]*)/.exec(location.hash);
  return m ? Number(m[1]) : NaN;
});
const wait = (ms) => new Promise((r) => setTimeout(r, ms));

// The stage is the largest block of the stage background colour: find its rows at column x.
function stageRows(img, x) {
  let top = -1, bottom = -1;
  for (let y = 0; y < img.height; y++) {
    const p = img.pixel(x, y);
    if (Math.abs(p[0] - STAGE_BG[0]) + Math.abs(p[1] - STAGE_BG[1]) + Math.abs(p[2] - STAGE_BG[2]) < 4) {
      if (top < 0) top = y;
      bottom = y;
    }
  }
  return { top, bottom };
}
function regionDiff(a, b, x0, y0, x1, y1) {
  let n = 0, d = 0;
  for (let y = y0; y < y1; y += 3) for (let x = x0; x < x1; x += 3) {
    n++;
    const p = a.pixel(x, y), q = b.pixel(x, y);
    if (Math.abs(p[0] - q[0]) + Math.abs(p[1] - q[1]) + Math.abs(p[2] - q[2]) > 24) d++;
  }
  return d / n;
}

test("the Cinema index shows the scenes with live thumbnails", async () => {
  const { page, context, errors } = await open("#/cinema");
  const img = await shot(page, "cinema-index");
  assert.ok(img.variance() > 50, "index is blank");
  // Each card starts with a thumbnail drawn in the stage background colour.
  const rows = stageRows(img, 300);
  assert.ok(rows.top > 0, "no thumbnail found on the index");
  assert.ok(img.variance(245, rows.top, 435, rows.top + 100) > 20, "thumbnail is empty");
  assert.deepEqual(errors, []);
  await context.close();
});

test("play, pause, scrub and chapter keys change the canvas; the URL keeps t", async () => {
  const { page, context, errors } = await open("#/cinema/attention-mechanism?t=5");
  const s = await status(page);
  assert.equal(s.room, "cinema");
  assert.equal(s.slug, "attention-mechanism");
  assert.equal(await hashT(page), 5);
  const a = await shot(page, "cinema-t5");
  const { top, bottom } = stageRows(a, 600);
  assert.ok(top > 0 && bottom - top > 300, `stage not found (rows ${top}..${bottom})`);
  assert.ok(a.variance(240, top, 1240, bottom) > 30, "the stage is blank");

  // Paused: frames do not change.
  await wait(700);
  const a2 = await shot(page, "cinema-t5-still");
  assert.ok(regionDiff(a, a2, 240, top, 1240, bottom) < 0.002, "paused stage changed");

  // Space plays; after ~2.5 s the picture and the URL have moved on; Space pauses.
  await page.keyboard.press("Space");
  await wait(2500);
  await page.keyboard.press("Space");
  await settle(page);
  const b = await shot(page, "cinema-played");
  const t1 = await hashT(page);
  assert.ok(t1 > 6 && t1 < 10, `t after playing ~2.5 s: ${t1}`);
  assert.ok(regionDiff(a, b, 240, top, 1240, bottom) > 0.01, "playing did not change the stage");
  await wait(600);
  assert.equal(await hashT(page), t1, "t moved while paused");

  // Scrub: click at 80% of the bar just under the stage.
  const barY = bottom + 28, barX0 = 232, barW = (bottom - top + 1) * 16 / 9;
  await page.mouse.click(barX0 + barW * 0.8, barY);
  await settle(page);
  const t2 = await hashT(page);
  assert.ok(t2 > t1 + 10, `scrubbing to 80% moved t from ${t1} to ${t2}`);
  const c = await shot(page, "cinema-scrubbed");
  assert.ok(regionDiff(b, c, 240, top, 1240, bottom) > 0.01, "scrubbing did not change the stage");

  // Arrow keys step between chapters.
  await page.keyboard.press("ArrowLeft");
  await settle(page);
  const t3 = await hashT(page);
  assert.ok(t3 < t2, `ArrowLeft went from ${t2} to ${t3}`);
  await page.keyboard.press("ArrowRight");
  await settle(page);
  const t4 = await hashT(page);
  assert.ok(t4 > t3, `ArrowRight went from ${t3} to ${t4}`);

  // Reloading the URL shows the same frame (the state is in the address).
  const url = page.url();
  const again = await open(new URL(url).hash);
  const d = await shot(again.page, "cinema-reloaded");
  const e = await shot(page, "cinema-before-reload");
  assert.ok(regionDiff(d, e, 240, top, 1240, bottom) < 0.01, "the same URL drew a different frame");
  assert.deepEqual(errors, []);
  assert.deepEqual(again.errors, []);
  await again.context.close();
  await context.close();
});

test("hostile t and speed values are clamped, not obeyed", async () => {
  for (const [hash, want] of [["?t=NaN", 0], ["?t=-5", 0], ["?t=1e9&speed=1e9", null]]) {
    const { page, context, errors } = await open(`#/cinema/mamba-mechanism${hash}`);
    await settle(page);
    const t = await hashT(page);
    if (want === null) {
      assert.ok(t > 20 && t < 200, `t=1e9 clamped to the scene's end, got ${t}`);
      assert.match(await page.evaluate(() => location.hash), /speed=2(&|$)/);
    } else assert.equal(t, want, `${hash} -> ${t}`);
    const img = await shot(page, `cinema-hostile-${want}`);
    assert.ok(img.variance() > 30, "blank after a hostile URL");
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("the embed form shows the scene with no app chrome", async () => {
  const { page, context, errors } = await open("#/embed/cinema/grouped-query-attention?t=40", { width: 800, height: 560 });
  assert.equal((await status(page)).embed, true);
  const img = await shot(page, "cinema-embed");
  assert.ok(img.variance() > 50, "embed frame is blank");
  assert.notEqual(hex(img.pixel(20, 20)), MENU_BAR, "the top bar is drawn in the embed");
  assert.notEqual(hex(img.pixel(60, 300)), MENU_BAR, "the navigation is drawn in the embed");
  const { top, bottom } = stageRows(img, 400);
  assert.ok(top >= 0 && top < 40, `stage should start at the top of the embed (row ${top})`);
  assert.ok(bottom - top > 300, "stage is too small in the embed");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a key tapped within a single frame is not lost (Space still plays)", async () => {
  const { page, context, errors } = await open("#/cinema/attention-mechanism?t=5");
  // keydown and keyup in the same JS task always land in the same frame.
  const tap = () => page.evaluate(() => {
    const c = document.getElementById("canvas");
    for (const type of ["keydown", "keyup"])
      c.dispatchEvent(new KeyboardEvent(type, { key: " ", code: "Space", bubbles: true, cancelable: true }));
  });
  await tap();
  await wait(1500);
  await tap();
  await settle(page);
  const t = await hashT(page);
  assert.ok(t > 5.5, `Space tap was lost: t = ${t}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("scene formulas are typeset images, legible in the dark and the light theme", async () => {
  // The end of the attention scene shows softmax(QK^T/sqrt(d_k) + M)V under the output, bottom right.
  const { page, context, errors } = await open("#/cinema/attention-mechanism?t=1e9");
  await settle(page, 10);
  const dark = await shot(page, "cinema-math-dark");
  const { top, bottom } = stageRows(dark, 600);
  assert.ok(top > 0, "stage not found");
  const k = (bottom - top + 1) / 9, x0 = 232;  // px per stage unit; the stage starts at the content edge
  const box = [Math.round(x0 + 11.9 * k), Math.round(top + 7.45 * k), Math.round(x0 + 15.2 * k), Math.round(top + 7.95 * k)];
  assert.ok(dark.variance(...box) > 100, "no formula drawn in the dark theme");
  await page.mouse.click(1205, 20);  // "Light theme" in the top bar
  await settle(page, 10);
  const light = await shot(page, "cinema-math-light");
  const bg = light.pixel(Math.round(x0 + 0.3 * k), Math.round(top + 4 * k));
  assert.ok(bg[0] > 200 && bg[1] > 200, `the light stage background should be light, got ${hex(bg)}`);
  assert.ok(light.variance(...box) > 100, "no formula drawn in the light theme");
  // Dark glyphs on the light stage: the box's darkest pixels are dark.
  let darkest = 255;
  for (let y = box[1]; y < box[3]; y++) for (let x = box[0]; x < box[2]; x++) darkest = Math.min(darkest, light.pixel(x, y)[1]);
  assert.ok(darkest < 90, `formula not legible on the light stage (darkest ${darkest})`);
  await page.mouse.click(1205, 20);  // back to dark for the other tests
  await settle(page, 4);
  assert.deepEqual(errors, []);
  await context.close();
});
