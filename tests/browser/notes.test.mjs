// The Notes room in a real Chromium (dist/): a chapter renders (text, typeset math), search opens
// a result and changes the URL, an internal link navigates, a deep link scrolls to its heading,
// the inline widget responds to a drag, and an inline scene player plays when its Play button is
// clicked. Screenshots go to build/screenshots/notes-*.png.
// Coordinates are CSS px in a 1280 x 800 window (same layout as the desktop app).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, openPage, waitReady, settle, status, shot, wheelIntoView } from "./harness.mjs";

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
  // "cost section" in the first "Why attention?" paragraph, found in the page's text layer, just
  // below the first screen: scrolled to with the wheel until it rests (wheelIntoView), then clicked.
  const link = page.locator('#tmx-text a[href="#/notes/attention#what-attention-costs"] .r').first();
  const box = await wheelIntoView(page, link, { top: 60, bottom: 760 });
  assert.ok(box && box.y >= 60 && box.y + box.height <= 760, `never scrolled the link into view: ${JSON.stringify(box)}`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
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
  // The widget sits under the "Temperature" heading; its slider spans x 262..682, 57 px under the
  // card's header line (found in the page's text layer, where the card is a named region).
  const y = await page.evaluate(() =>
    document.querySelector('#tmx-text section[aria-label="Widget: Softmax & temperature"] .r').getBoundingClientRect().top + 57);
  await page.mouse.move(471, y);
  await page.mouse.down();
  await page.mouse.move(560, y, { steps: 4 });
  await page.mouse.move(675, y, { steps: 4 });
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
    // Scroll until the figure is in view: the text layer knows where it is (a labelled image).
    const figureTop = () => page.evaluate(() =>
      document.querySelector('#tmx-text [role=img][aria-label^="Figure"]').getBoundingClientRect().top);
    await page.mouse.move(600, 400);
    for (let i = 0; i < 40; i++) {
      const top = await figureTop();
      if (top > 60 && top < 300) break;
      await page.mouse.wheel(0, top > 300 ? 60 : -60);
      await settle(page, 3);
    }
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

// The inline scene player: a ```scene block draws a live stage (dark stage background) with its
// controls under it. Found from the pixels: the largest run of the stage colour in the column.
const STAGE_BG = [18, 20, 26];  // anim::StageColors dark background
function stageBox(img, x) {
  const isBg = (p) => Math.abs(p[0] - STAGE_BG[0]) + Math.abs(p[1] - STAGE_BG[1]) + Math.abs(p[2] - STAGE_BG[2]) < 4;
  let top = -1, bottom = -1;
  for (let y = 0; y < img.height; y++) if (isBg(img.pixel(x, y))) { if (top < 0) top = y; bottom = y; }
  if (top < 0) return null;
  const row = top + 2;  // the stage's top margin is plain background (its middle holds the scene)
  let left = x, right = x;
  while (left > 0 && isBg(img.pixel(left - 1, row))) left--;
  while (right < img.width - 1 && isBg(img.pixel(right + 1, row))) right++;
  return { top, bottom, left, right };
}
function regionDiff(a, b, r) {
  let n = 0, d = 0;
  for (let y = r.top; y < r.bottom; y += 3) for (let x = r.left; x < r.right; x += 3) {
    n++;
    const p = a.pixel(x, y), q = b.pixel(x, y);
    if (Math.abs(p[0] - q[0]) + Math.abs(p[1] - q[1]) + Math.abs(p[2] - q[2]) > 24) d++;
  }
  return d / n;
}

test("an inline scene player in a note plays when its Play button is clicked", async () => {
  const { page, context, errors } = await app.open("#/notes/attention#scaled-dot-product-attention",
    { width: 1280, height: 1200 }, 10);
  const before = await shot(page, "notes-inline-scene-paused");
  const box = stageBox(before, 600);
  assert.ok(box && box.bottom - box.top > 250, `no inline stage found: ${JSON.stringify(box)}`);
  assert.ok((box.right - box.left) / (box.bottom - box.top) > 1.6, "the inline stage is not 16:9");
  assert.ok(before.variance(box.left, box.top, box.right, box.bottom) > 5, "the inline stage is blank");
  // Paused: the picture holds still.
  await settle(page, 20);
  const still = await shot(page, "notes-inline-scene-still");
  assert.ok(regionDiff(before, still, box) < 0.002, "a paused inline player changed");
  // Play sits under the scrub bar: stage, 2 px gap, 22 px bar, then the button row (28 px high).
  await page.mouse.click(box.left + 32, box.bottom + 63);
  // A scene holds some pictures still for a few seconds, and how much scene time 90 frames are
  // depends on how fast this machine draws: look again until the stage changed (at most ~15 s).
  const changed = async (from, name, min) => {
    let img = null;
    for (let i = 0; i < 8; i++) {
      await settle(page, 60);
      img = await shot(page, name);
      if (regionDiff(from, img, box) > min) break;
    }
    return img;
  };
  const a = await changed(before, "notes-inline-scene-playing", 0.01);
  assert.ok(regionDiff(before, a, box) > 0.01, "clicking Play did not change the inline stage");
  const b = await changed(a, "notes-inline-scene-playing-later", 0.002);
  assert.ok(regionDiff(a, b, box) > 0.002, "the inline stage stopped changing while playing");
  assert.equal((await status(page)).lastError, "");
  assert.deepEqual(errors, []);
  await context.close();
});
