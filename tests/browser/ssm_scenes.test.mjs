// The SSM math scenes in a real Chromium (dist/): `mamba-math` and `discretization` open (found),
// draw a non-blank stage at every chapter's middle, and respond to input (the arrow keys step
// between chapters: t moves and the picture changes), at 1280x720 and in phone landscape
// (844x390); each chapter's middle is also drawn in the embed form. The SSM chapter shows them inline. No console errors. Screenshots go to
// build/screenshots/msc-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, settle, status, shot } from "./harness.mjs";

const app = useApp();
const hashT = (page) => page.evaluate(() => Number(new URLSearchParams(location.hash.split("?")[1] || "").get("t")));

// A time in the middle of each chapter (the scenes' chapter lists are checked natively).
const SCENES = [
  ["mamba-math", [4, 12, 22, 36, 50, 63]],
  ["discretization", [5, 18, 32, 43]],
];

for (const [slug, times] of SCENES) {
  for (const [w, h] of [[1280, 720], [844, 390]]) {
    test(`scene ${slug} at ${w}x${h}: every chapter draws; the arrow keys step chapters`, async () => {
      const { page, context, errors } = await app.open(`#/cinema/${slug}?t=${times[2]}`, { width: w, height: h }, 10);
      const s = await status(page);
      assert.equal(s.found, true);
      assert.equal(s.room, "cinema");
      assert.equal(s.slug, slug);
      const box = [Math.round(w * 0.1), Math.round(h * 0.15), Math.round(w * 0.9), Math.round(h * 0.8)];
      const a = await shot(page, `msc-${slug}-${w}-step`);
      assert.ok(a.variance(...box) > 30, "the stage is blank");
      await page.keyboard.press("ArrowLeft");
      await settle(page, 8);
      const t2 = await hashT(page);
      assert.ok(t2 < times[2], `ArrowLeft went from ${times[2]} to ${t2}`);
      const b = await shot(page, `msc-${slug}-${w}-back`);
      assert.ok(b.diff(a, ...box) > 0.01, "the previous chapter drew the same picture");
      await page.keyboard.press("ArrowRight");
      await settle(page, 8);
      assert.ok((await hashT(page)) > t2, "ArrowRight did not move forward");
      // Every chapter's middle in the embed form (the stage fills the frame), reached through the address.
      let prev = null;
      for (const [i, t] of times.entries()) {
        await page.evaluate(([sl, tt]) => { location.hash = `#/embed/cinema/${sl}?t=${tt}`; }, [slug, t]);
        await settle(page, 10);
        const img = await shot(page, `msc-${slug}-${w}-c${i + 1}`);
        assert.ok(img.variance(...box) > 30, `chapter ${i + 1} is blank`);
        if (prev) assert.ok(img.diff(prev, ...box) > 0.01, `chapter ${i + 1} looks like chapter ${i}`);
        prev = img;
      }
      assert.equal((await status(page)).lastError, "");
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}

test("chapter ssm-mamba: both scenes and the block figure are inline; no errors", async () => {
  const { page, context, errors } = await app.open("#/notes/ssm-mamba", {}, 10);
  const s = await status(page);
  assert.equal(s.found, true);
  assert.equal(s.slug, "ssm-mamba");
  for (let i = 0; i < 8; ++i) {
    await page.mouse.move(600, 400);
    await page.mouse.wheel(0, 900);
    await settle(page, 6);
    if (i === 2 || i === 7) {
      const img = await shot(page, `msc-note-ssm-mamba-${i}`);
      assert.ok(img.variance(244, 100, 964, 760) > 50, "the reading column looks blank");
    }
  }
  assert.deepEqual(errors, []);
  await context.close();
});
