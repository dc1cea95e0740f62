// The Notes room in a real Chromium (dist/): a chapter renders (text, typeset math), search opens
// a result and changes the URL, an internal link navigates, a deep link scrolls to its heading,
// and the inline widget responds to a drag. Screenshots go to build/screenshots/notes-*.png.
// Coordinates are CSS px in a 1280 x 800 window (same layout as the desktop app).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, openPage, waitReady, settle, status, shot } from "./harness.mjs";

const app = useApp();
const open = (hash) => app.open(hash, {}, 10);  // math textures load on first draw

const hash = (page) => page.evaluate(() => location.hash);

test("a chapter renders: non-blank, title, typeset math, no errors", async () => {
  const { page, context, errors } = await open("#/notes/attention");
  const img = await shot(page, "notes-attention");
  const s = await status(page);
  assert.equal(s.room, "notes");
  assert.equal(s.slug, "attention");
  assert.ok(img.variance() > 50, "the note looks blank");
  // The reading column (x 244..964) has text in it; the sidebar's table of contents too.
  assert.ok(img.variance(244, 140, 964, 360) > 100, "no text in the reading column");
  assert.ok(img.variance(1018, 80, 1250, 300) > 50, "no table of contents");
  assert.equal(s.lastError, "");
  assert.deepEqual(errors, []);
  await context.close();
});

test("search: type a query, Enter opens the first result and the URL changes", async () => {
  const { page, context, errors } = await open("#/notes");
  await page.mouse.click(500, 168);  // the search box under the index title
  await settle(page, 3);
  await page.keyboard.type("selective", { delay: 30 });
  await settle(page, 6);
  const results = await shot(page, "notes-search-results");
  assert.ok(results.variance(232, 190, 852, 500) > 50, "no search results listed");
  await page.keyboard.press("Enter");
  await settle(page, 10);
  const h = await hash(page);
  assert.match(h, /^#\/notes\/ssm-mamba(#[a-z0-9-]+)?$/, `search did not open the SSM chapter: ${h}`);
  await shot(page, "notes-search-opened");
  assert.deepEqual(errors, []);
  await context.close();
});

test("an internal link navigates in-app to a heading", async () => {
  const { page, context, errors } = await open("#/notes/attention");
  await page.mouse.move(880, 644);  // "cost section" in the first "Why attention?" paragraph
  await settle(page, 3);
  await page.mouse.click(880, 644);
  await settle(page, 10);
  assert.equal(await hash(page), "#/notes/attention#what-attention-costs");
  const img = await shot(page, "notes-followed-link");
  assert.ok(img.variance(244, 80, 964, 400) > 50);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a deep link to a heading scrolls there; the table of contents follows", async () => {
  const top = await open("#/notes/ssm-mamba");
  const a = await shot(top.page, "notes-ssm-top");
  const deep = await open("#/notes/ssm-mamba#the-scan");
  const b = await shot(deep.page, "notes-ssm-the-scan");
  assert.ok(a.diff(b) > 0.05, "the deep link shows the same view as the top of the note");
  assert.deepEqual(top.errors, []);
  assert.deepEqual(deep.errors, []);
  await top.context.close();
  await deep.context.close();
});

test("the inline softmax widget responds to a slider drag", async () => {
  const { page, context, errors } = await open("#/notes/attention#temperature");
  const before = await shot(page, "notes-widget-before");
  // The widget sits under the "Temperature" heading; its slider spans x 262..682 at y ~285.
  await page.mouse.move(471, 285);
  await page.mouse.down();
  await page.mouse.move(560, 285, { steps: 4 });
  await page.mouse.move(675, 285, { steps: 4 });
  await page.mouse.up();
  await settle(page, 6);
  const after = await shot(page, "notes-widget-after");
  assert.ok(after.diff(before) > 0.005, "the bars did not change after dragging the temperature");
  assert.deepEqual(errors, []);
  await context.close();
});

test("unknown chapters and anchors fail gracefully", async () => {
  const { page, context, errors } = await open("#/notes/no-such-chapter");
  assert.equal((await status(page)).room, "notes");
  await page.evaluate(() => { location.hash = "#/notes/attention#no-such-heading"; });
  await settle(page, 6);
  const s = await status(page);
  assert.equal(s.slug, "attention");
  assert.ok(s.ready);
  assert.deepEqual(errors, []);
  await context.close();
});

// The chapters' figures (content/en/figures/*.svg, rasterized at build time) sit on a light card
// (#f5f6fa): find that card in the reading column, at DPR 1 and 2 (the 2x raster), in the
// attention chapter and the SSM chapter.
for (const [slug, anchor, scale] of [["attention", "queries-keys-and-values", 1], ["ssm-mamba", "recurrence-or-convolution", 2]]) {
  test(`the ${slug} figure is drawn at DPR ${scale}`, async () => {
    const { page, context, errors } = await app.open(`#/notes/${slug}#${anchor}`, { scale }, 12);
    const img = await shot(page, `notes-figure-${slug}-${scale}x`);
    let card = 0, total = 0;
    for (let y = 60 * scale; y < 780 * scale; y += 4 * scale)
      for (let x = 244 * scale; x < 964 * scale; x += 4 * scale) {
        const [r, g, b] = img.pixel(x, y);
        total++;
        if (Math.abs(r - 0xf5) <= 3 && Math.abs(g - 0xf6) <= 3 && Math.abs(b - 0xfa) <= 3) card++;
      }
    assert.ok(card / total > 0.1, `no figure card in the reading column (${card}/${total} samples)`);
    assert.equal((await status(page)).lastError, "");
    assert.deepEqual(errors, []);
    await context.close();
  });
}
