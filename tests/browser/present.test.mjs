// A frame is drawn only when its picture changed, and an idle app sleeps: its loop leaves
// requestAnimationFrame for a slow timer (src/app/present.h). Checked in Chromium: an idle note
// stops drawing and falls asleep yet stays on screen, input and animation draw again at once, and
// a PNG export (read back from the drawn frame) still gets its pixels.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { useApp, settle, status, shot, decodePng } from "./harness.mjs";

const app = useApp();
const counts = async (page) => (await status(page)).present;
// Frames drawn, skipped, and run asleep (on the sleep timer) while `n` animation frames pass.
async function over(page, n, during = async () => {}) {
  const a = await counts(page);
  await during();
  await settle(page, n);
  const b = await counts(page);
  return { presented: b.presented - a.presented, skipped: b.skipped - a.skipped, slept: b.slept - a.slept, asleep: b.asleep };
}

test("an idle note stops drawing, falls asleep and stays on screen; the wheel and the mouse wake it", async () => {
  const { page, context, errors } = await app.open("#/notes/attention", {}, 30);
  const before = await shot(page, "present-note-before");
  assert.ok(before.variance() > 100, "the note is blank");
  const idle = await over(page, 90);
  // At most one frame a second is drawn as a safety net (kMaxStaleSeconds). Asleep, the app runs one
  // frame per 67 ms tick, not one per animation frame: ~23 in 90 animation frames, not 90.
  assert.ok(idle.presented <= 5, `an idle note kept drawing: ${JSON.stringify(idle)}`);
  assert.ok(idle.asleep && idle.slept >= 10, `an idle note did not fall asleep: ${JSON.stringify(idle)}`);
  assert.ok(idle.presented + idle.skipped <= 60, `an idle note ran every animation frame: ${JSON.stringify(idle)}`);
  const after = await shot(page, "present-note-idle");
  assert.ok(after.diff(before) < 0.001, "the picture changed (or vanished) while nothing was drawn");

  // The wheel on a sleeping note: the next animation frames run at once, scroll and draw.
  await page.mouse.move(640, 400);
  await settle(page, 60);
  assert.equal((await counts(page)).asleep, true, "the note did not fall asleep again after the mouse moved");
  const scrolled = await over(page, 6, () => page.mouse.wheel(0, 400));
  assert.ok(scrolled.presented >= 1, `scrolling drew nothing within 6 frames: ${JSON.stringify(scrolled)}`);
  assert.ok(!scrolled.asleep && scrolled.presented + scrolled.skipped >= 5, `the wheel did not wake the note: ${JSON.stringify(scrolled)}`);
  const moved = await shot(page, "present-note-scrolled");
  assert.ok(moved.diff(after) > 0.05, "the note did not scroll on screen");
  assert.ok(moved.variance() > 100, "blank after scrolling");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a playing scene draws every frame; paused, it stops; a PNG export still reads its pixels", async () => {
  const { page, context, errors } = await app.open("#/cinema/attention-mechanism?t=2", {}, 30);
  await page.keyboard.press("Space");  // play
  await settle(page, 10);
  const playing = await over(page, 60);
  assert.ok(playing.presented >= 55, `a playing scene skipped frames: ${JSON.stringify(playing)}`);
  // The scene holds still between its steps (its first chapter ends on a 3 s wait), so a frame
  // some time later may be the same picture: it must move within 4 s of playing.
  const p1 = await shot(page, "present-scene-playing-1");
  let moved = 0;
  for (let i = 0; i < 8 && moved <= 0.002; i++) {
    await settle(page, 30);
    moved = p1.diff(await shot(page, "present-scene-playing-2"));
  }
  assert.ok(moved > 0.002, "the playing scene did not move on screen in 4 s");
  await page.keyboard.press("Space");  // pause
  await settle(page, 10);
  const paused = await over(page, 60);
  assert.ok(paused.presented <= 3 && paused.skipped >= 10, `a paused scene kept drawing: ${JSON.stringify(paused)}`);
  assert.deepEqual(errors, []);
  await context.close();

  // Export after the page sat idle (nothing drawn lately): the PNG is read back from a drawn frame.
  const o = await app.open("#/embed/lab/ui-kit?n=8", {}, 30);
  const quiet = await over(o.page, 60);
  assert.ok(quiet.presented <= 3 && quiet.asleep, `the idle gallery kept drawing: ${JSON.stringify(quiet)}`);
  const find = async (name) => (await status(o.page)).exports.find((e) => e.name === name);
  const click = async (t) => { await o.page.mouse.move(t.x + t.w / 2, t.y + t.h / 2); await settle(o.page, 3); await o.page.mouse.click(t.x + t.w / 2, t.y + t.h / 2); };
  await click(await find("heatmap"));
  await settle(o.page, 4);
  const item = await find("heatmap.png");
  assert.ok(item, "no PNG item in the Export menu");
  const [download] = await Promise.all([o.page.waitForEvent("download"), click(item)]);
  const img = decodePng(await readFile(await download.path()));
  assert.ok(img.variance() > 100, "the PNG exported from an idle page is blank");
  assert.deepEqual(o.errors, []);
  await o.context.close();
});
