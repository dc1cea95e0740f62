// The Cinema stage in a real Chromium (dist/): a scene at t = 0 shows its poster (title and a
// first picture, not an empty stage), and fullscreen shows the stage alone, as large as the
// screen allows (no top bar, navigation or controls). Zero console errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, settle, status, shot, hex } from "./harness.mjs";

const MENU_BAR = "#111317";     // dark theme: top bar and navigation background
const STAGE_BG = [18, 20, 26];  // anim::StageColors dark background

const app = useApp();
const isStageBg = (p) => Math.abs(p[0] - STAGE_BG[0]) + Math.abs(p[1] - STAGE_BG[1]) + Math.abs(p[2] - STAGE_BG[2]) < 4;
function stageRows(img, x) {
  let top = -1, bottom = -1;
  for (let y = 0; y < img.height; y++)
    if (isStageBg(img.pixel(x, y))) { if (top < 0) top = y; bottom = y; }
  return { top, bottom };
}

test("a scene at t = 0 shows its poster: the title and a first picture", async () => {
  for (const slug of ["attention-mechanism", "grouped-query-attention", "mamba-mechanism"]) {
    const { page, context, errors } = await app.open(`#/embed/cinema/${slug}?t=0`, { width: 960, height: 640 });
    await settle(page);
    const img = await shot(page, `cinema-poster-${slug}`);
    const { top, bottom } = stageRows(img, 480);
    assert.ok(top >= 0 && bottom - top > 400, `${slug}: no stage found`);
    const h = bottom - top;
    // The title band and the content band both carry drawing.
    assert.ok(img.variance(20, top, 500, top + Math.round(h * 0.1)) > 30, `${slug}: no title at t = 0`);
    assert.ok(img.variance(20, top + Math.round(h * 0.2), 940, top + Math.round(h * 0.8)) > 30, `${slug}: empty stage at t = 0`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("fullscreen shows the stage alone, letterboxed to the screen", async () => {
  const { page, context, errors } = await app.open("#/cinema/attention-mechanism?t=20", { width: 1280, height: 800 });
  const before = await shot(page, "cinema-before-fullscreen");
  assert.equal(hex(before.pixel(600, 20)), MENU_BAR, "expected the top bar outside fullscreen");
  // Fullscreen needs a user gesture: a click (on the top bar, which does nothing) grants it.
  await page.mouse.click(640, 20);
  await page.evaluate(() => document.documentElement.requestFullscreen());
  await settle(page, 10);
  assert.ok(await page.evaluate(() => !!document.fullscreenElement), "the browser did not enter fullscreen");
  const vp = await page.evaluate(() => ({ w: innerWidth, h: innerHeight }));
  const img = await shot(page, "cinema-fullscreen");
  assert.notEqual(hex(img.pixel(600, 20)), MENU_BAR, "the top bar is drawn in fullscreen");
  const { top, bottom } = stageRows(img, Math.round(vp.w / 2));
  const expectH = Math.floor(Math.min(vp.w, vp.h * 16 / 9) * 9 / 16);
  assert.ok(Math.abs(bottom - top + 1 - expectH) <= 3, `stage height ${bottom - top + 1}, expected ${expectH}`);
  assert.ok(isStageBg(img.pixel(2, Math.round((top + bottom) / 2))), "the stage does not reach the left edge");
  assert.ok(isStageBg(img.pixel(vp.w - 3, Math.round((top + bottom) / 2))), "the stage does not reach the right edge");
  assert.equal((await status(page)).room, "cinema");
  await page.evaluate(() => document.exitFullscreen());
  await settle(page, 10);
  const after = await shot(page, "cinema-after-fullscreen");
  assert.equal(hex(after.pixel(600, 20)), MENU_BAR, "the top bar should come back after fullscreen");
  assert.deepEqual(errors, []);
  await context.close();
});
