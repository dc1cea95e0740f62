// The multi-head and residual-norm topic in a real Chromium (dist/): the scenes
// `multi-head-attention` and `residual-norm` open (found), draw a non-blank stage and step to
// another chapter with the arrow keys (a different picture); the chapter `multi-head` opens at its "See every head" section with
// the Attention lab's all-heads view inline, and scrolling moves the page. No console errors.
// Screenshots go to build/screenshots/multihead-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, settle, status, shot } from "./harness.mjs";

const app = useApp();
const open = (hash) => app.open(hash, {}, 10);  // math textures load on first draw
const hashT = (page) => page.evaluate(() => Number(new URLSearchParams(location.hash.split("?")[1] || "").get("t")));

// A chapter's first frame still shows the previous chapter fading out, so each step lands on a
// chapter whose start looks unlike the frame at t.
for (const [slug, t, key] of [["multi-head-attention", 20, "ArrowRight"], ["residual-norm", 20, "ArrowLeft"]]) {
  test(`scene ${slug}: opens, draws, ${key} steps to another chapter`, async () => {
    const { page, context, errors } = await open(`#/cinema/${slug}?t=${t}`);
    const s = await status(page);
    assert.equal(s.found, true);
    assert.equal(s.room, "cinema");
    assert.equal(s.slug, slug);
    const a = await shot(page, `multihead-${slug}-a`);
    assert.ok(a.variance(240, 120, 1240, 620) > 30, "the stage is blank");
    await page.keyboard.press(key);
    await settle(page, 6);
    const t2 = await hashT(page);
    assert.ok(key === "ArrowRight" ? t2 > t : t2 < t, `${key} went from ${t} to ${t2}`);
    const b = await shot(page, `multihead-${slug}-b`);
    assert.ok(b.diff(a, 240, 120, 1240, 620) > 0.01, "the next chapter drew the same picture");
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("chapter multi-head: opens at the all-heads lab, draws, scrolls; no errors", async () => {
  const { page, context, errors } = await open("#/notes/multi-head#see-every-head");
  const s = await status(page);
  assert.equal(s.found, true);
  assert.equal(s.room, "notes");
  assert.equal(s.slug, "multi-head");
  await settle(page, 20);  // the inline lab computes its model over a few frames
  const a = await shot(page, "multihead-note-heads");
  assert.ok(a.variance(244, 100, 964, 760) > 50, "the reading column looks blank");
  await page.mouse.move(600, 400);
  await page.mouse.wheel(0, -600);
  await settle(page, 6);
  const b = await shot(page, "multihead-note-scrolled");
  assert.ok(b.diff(a, 244, 100, 964, 760) > 0.01, "scrolling did not move the page");
  assert.equal(s.lastError, "");
  assert.deepEqual(errors, []);
  await context.close();
});

test("chapter residual-norm: the inline scene is on the page; no errors", async () => {
  const { page, context, errors } = await open("#/notes/residual-norm");
  const s = await status(page);
  assert.equal(s.found, true);
  assert.equal(s.slug, "residual-norm");
  await page.mouse.move(600, 400);
  await page.mouse.wheel(0, 500);
  await settle(page, 10);
  const img = await shot(page, "multihead-residual-note");
  assert.ok(img.variance(244, 100, 964, 760) > 50, "the reading column looks blank");
  assert.deepEqual(errors, []);
  await context.close();
});

test("chapter multi-head: deep links to the figure, the c_attn table and the cost table draw", async () => {
  for (const anchor of ["splitting-the-width", "inside-a-gpt-2-checkpoint-the-fused-c-attn", "what-a-head-costs",
                        "what-the-heads-of-a-trained-model-do"]) {
    const { page, context, errors } = await open(`#/notes/multi-head#${anchor}`);
    const s = await status(page);
    assert.equal(s.found, true);
    assert.ok((await page.evaluate(() => location.hash)).endsWith(`#${anchor}`));
    const img = await shot(page, `multihead-note-${anchor}`);
    assert.ok(img.variance(244, 100, 964, 760) > 50, `blank at #${anchor}`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});
