// The encoder-decoder scenes in a real Chromium (dist/): `cross-attention`, `decoder-masking` and
// `encoder-flow` each open (found), draw a non-blank stage, and respond to input (the arrow keys
// step between chapters: t moves and the picture changes), at 1280x720 and in phone landscape
// (844x390). The decoder chapter shows them inline. No console errors. Screenshots go to
// build/screenshots/encdec-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, settle, status, shot } from "./harness.mjs";

const app = useApp();
const hashT = (page) => page.evaluate(() => Number(new URLSearchParams(location.hash.split("?")[1] || "").get("t")));

for (const [slug, t] of [["cross-attention", 12], ["decoder-masking", 12], ["encoder-flow", 12]]) {
  for (const [w, h] of [[1280, 720], [844, 390]]) {
    test(`scene ${slug} at ${w}x${h}: opens, draws, the arrow keys step chapters`, async () => {
      const { page, context, errors } = await app.open(`#/cinema/${slug}?t=${t}`, { width: w, height: h }, 10);
      const s = await status(page);
      assert.equal(s.found, true);
      assert.equal(s.room, "cinema");
      assert.equal(s.slug, slug);
      const box = [Math.round(w * 0.1), Math.round(h * 0.15), Math.round(w * 0.9), Math.round(h * 0.8)];
      const a = await shot(page, `encdec-${slug}-${w}-a`);
      assert.ok(a.variance(...box) > 30, "the stage is blank");
      // A chapter's first frame still shows the previous chapter fading out, so stepping back from
      // the middle of chapter 2 lands on a different picture (chapter 1's).
      await page.keyboard.press("ArrowLeft");
      await settle(page, 8);
      const t2 = await hashT(page);
      assert.ok(t2 < t, `ArrowLeft went from ${t} to ${t2}`);
      const b = await shot(page, `encdec-${slug}-${w}-b`);
      assert.ok(b.diff(a, ...box) > 0.01, "the previous chapter drew the same picture");
      await page.keyboard.press("ArrowRight");
      await settle(page, 8);
      const t3 = await hashT(page);
      assert.ok(t3 > t2, `ArrowRight went from ${t2} to ${t3}`);
      assert.equal(s.lastError, "");
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}

test("chapter decoder: the three scenes are inline; no errors", async () => {
  const { page, context, errors } = await app.open("#/notes/decoder", {}, 10);
  const s = await status(page);
  assert.equal(s.found, true);
  assert.equal(s.slug, "decoder");
  for (let i = 0; i < 6; ++i) {
    await page.mouse.move(600, 400);
    await page.mouse.wheel(0, 900);
    await settle(page, 6);
  }
  const img = await shot(page, "encdec-note-decoder");
  assert.ok(img.variance(244, 100, 964, 760) > 50, "the reading column looks blank");
  assert.deepEqual(errors, []);
  await context.close();
});
