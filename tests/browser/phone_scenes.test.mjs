// Scenes on an emulated phone (DPR 3, touch), held sideways (844x390) and upright (390x844), in the
// Cinema and inline in a chapter. Sideways the stage takes the page's width (the page scrolls to
// the controls below it) and draws every text at >= 12 CSS px; upright it is a picture of the
// scene (text under 12 px left out) with a hint to turn the phone. Either way nothing drawn is
// smaller than 12 CSS px, no label is cut, and the play button and the scrub bar answer a tap
// (tried on one scene: the player is the same for all).
// Screenshots of the start, middle and end frames: build/screenshots/phone-scene-*.png (CSS size).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, settle, status, shot } from "./harness.mjs";
import { PHONE } from "./narrow_rooms.mjs";

const SIDEWAYS = { ...PHONE, width: 844, height: 390 };
const DEVICES = [["sideways", SIDEWAYS], ["upright", PHONE]];
const SCENES = ["attention-mechanism", "multi-head-attention", "mamba-mechanism", "transformer-vs-mamba"];
// [chapter, a heading next to the scene (a deep link: the chapters are long), scene, where the scene
// is from that heading]. Chapter 14's scene sits under its widget, which is taller than a phone's
// screen several times over: the way up from the next heading is short.
const CHAPTERS = [["attention", "scaled-dot-product-attention", "attention-mechanism", "below"],
  ["mamba-vs-transformer", "what-the-hidden-attention-view-shows-and-its-limits", "transformer-vs-mamba", "above"]];
const MIN_PX = 12;
const CSS = { css: true };  // screenshots at CSS size (FULL_SHOTS=1: at the phone's 3x)

const app = useApp();
const centre = (r) => ({ x: r[0] + r[2] / 2, y: r[1] + r[3] / 2 });
const tParam = (route) => Number(new URL("http://x/a" + route.replace(/^[^?]*/, "")).searchParams.get("t"));

async function visit(page, hash, frames = 10) {
  await page.evaluate((h) => window.explorer.navigate(h), hash);
  await settle(page, frames);
  return status(page);
}

// What a reader would see wrong on this frame: text under the floor, labels cut.
function problems(s, where) {
  const out = [];
  if (s.text.minPx < MIN_PX - 0.05) out.push(`${where}: text of ${s.text.minPx} px at ${s.text.at} (${s.text.below} glyphs)`);
  if (s.clipped.count) out.push(`${where}: cut label(s): ${s.clipped.labels.join(" | ")}`);
  return out;
}

// Scrolls as a phone reader does, with a finger: a slow drag in the page's left margin (inside the
// scrolling column; a finger on a widget's slider would move the slider), held still before lifting
// so it does not coast, until the target is on screen. Each drag is as long as the way to the
// target's centre (at least a tenth of the screen, at most half of it), so a drag or two gets there.
// A target not laid out yet is below, or above if `from` says so.
async function scrollTo(page, dev, kind, from = "below") {
  const cdp = await page.context().newCDPSession(page);
  const touch = (type, pts) => cdp.send("Input.dispatchTouchEvent",
    { type, touchPoints: pts.map(([x, y]) => ({ x, y, id: 0, radiusX: 4, radiusY: 4, force: 1 })) });
  try {
    for (let i = 0; i < 40; i++) {
      const s = await status(page);
      const r = s.targets[kind];
      // On screen: wholly, or for a stage taller than the screen (sideways: 447 of 390 px) most of it.
      const seen = r ? Math.min(r[1] + r[3], dev.height) - Math.max(r[1], 0) : 0;
      if (r && seen >= 0.8 * Math.min(r[3], dev.height)) return s;
      // Finger up (d > 0): the page moves up, what is below comes into view.
      const h = dev.height;
      const d = r ? r[1] + r[3] / 2 - h / 2 : (from === "above" ? -0.5 : 0.5) * h;
      const len = Math.min(0.5 * h, Math.max(0.1 * h, Math.abs(d)));
      const x = 24, y0 = d > 0 ? 0.75 * h : 0.25 * h, y1 = d > 0 ? y0 - len : y0 + len;
      await touch("touchStart", [[x, y0]]);
      for (let k = 1; k <= 6; k++) {
        await touch("touchMove", [[x, y0 + ((y1 - y0) * k) / 6]]);
        await settle(page, 1);
      }
      await page.waitForTimeout(250);
      await touch("touchEnd", []);
      await settle(page, 4);
    }
  } finally {
    await cdp.detach();
  }
  await shot(page, `phone-scene-never-${kind}`, CSS);
  throw new Error(`never scrolled ${kind} into view: ${(await status(page)).route} ${JSON.stringify((await status(page)).targets)}`);
}

for (const [name, dev] of DEVICES) {
  test(`${name} phone, Cinema: text >= ${MIN_PX} px, nothing cut, the stage as wide as the page, play and scrub by tap`, async () => {
    const { page, context, errors } = await app.open("#/cinema", dev, 10);
    const found = [];
    for (const slug of SCENES) {
      let s = await visit(page, `#/cinema/${slug}?t=1e9`);  // clamped to the end: the URL says the duration
      const dur = tParam(s.route);
      assert.ok(dur > 5, `${slug}: duration ${dur}`);
      for (const [at, t] of [["start", 0], ["middle", dur / 2], ["end", dur]]) {
        s = await visit(page, `#/cinema/${slug}?t=${t.toFixed(1)}`, 12);
        await shot(page, `phone-scene-${name}-${slug}-${at}`, CSS);
        found.push(...problems(s, `${slug} ${at}`));
        const st = s.targets.stage;
        assert.ok(st, `${slug}: no stage on screen`);
        if (name === "sideways") assert.ok(st[2] >= 600 && st[2] >= dev.width - 80, `${slug}: stage only ${st[2]} px wide`);
        else assert.ok(st[2] >= dev.width - 60, `${slug}: stage ${st[2]} px wide on a ${dev.width} px screen`);
      }
      // The controls below the stage: scroll to them, tap the scrub bar at 3/4, then play. Every
      // scene has the same player, so its taps are tried on the first one.
      if (slug !== SCENES[0]) continue;
      s = await scrollTo(page, dev, "scrub");
      const bar = s.targets.scrub;
      await page.touchscreen.tap(bar[0] + bar[2] * 0.75, bar[1] + bar[3] / 2);
      await settle(page, 6);
      s = await status(page);
      assert.ok(Math.abs(tParam(s.route) - dur * 0.75) < dur * 0.05, `${slug}: a tap at 3/4 of the bar went to t = ${tParam(s.route)}`);
      s = await scrollTo(page, dev, "play");
      const before = tParam(s.route);
      const play = centre(s.targets.play);
      await page.touchscreen.tap(play.x, play.y);
      await page.waitForTimeout(2500);
      await settle(page, 4);
      s = await status(page);
      assert.ok(tParam(s.route) > before + 0.2, `${slug}: a tap on Play did not play (t ${before} -> ${tParam(s.route)})`);
      await page.touchscreen.tap(play.x, play.y);  // pause again
      await settle(page, 4);
    }
    assert.deepEqual(found, []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`${name} phone, a chapter's inline scene: text >= ${MIN_PX} px, nothing cut, play by tap`, async () => {
    const { page, context, errors } = await app.open("#/notes", dev, 10);
    const found = [];
    for (const [chapter, heading, slug, from] of CHAPTERS) {
      await visit(page, `#/notes/${chapter}#${heading}`, 12);
      let s = await scrollTo(page, dev, "stage", from);
      const st = s.targets.stage;
      if (name === "sideways") assert.ok(st[2] >= 600, `${chapter}: inline stage only ${st[2]} px wide`);
      found.push(...problems(s, `${chapter} inline start`));
      await shot(page, `phone-scene-${name}-inline-${slug}-start`, CSS);
      // The middle and the end: scrub by tap.
      for (const [at, u] of [["middle", 0.5], ["end", 0.995]]) {
        s = await scrollTo(page, dev, "scrub");
        const bar = s.targets.scrub;
        await page.touchscreen.tap(bar[0] + bar[2] * u, bar[1] + bar[3] / 2);
        await settle(page, 8);
        s = await scrollTo(page, dev, "stage");
        found.push(...problems(s, `${chapter} inline ${at}`));
        await shot(page, `phone-scene-${name}-inline-${slug}-${at}`, CSS);
      }
      // Play answers a tap: the frame changes while it plays.
      s = await scrollTo(page, dev, "play");
      const bar2 = s.targets.scrub;
      await page.touchscreen.tap(bar2[0] + 2, bar2[1] + bar2[3] / 2);  // back to the start, then play
      await settle(page, 4);
      const a = await shot(page, `phone-scene-${name}-inline-${slug}-before-play`, CSS);
      const play = centre((await status(page)).targets.play);
      await page.touchscreen.tap(play.x, play.y);
      await page.waitForTimeout(2000);
      await settle(page, 4);
      const b = await shot(page, `phone-scene-${name}-inline-${slug}-playing`, CSS);
      assert.ok(a.diff(b) > 0.002, `${chapter}: nothing moved after a tap on Play`);
      await page.touchscreen.tap(play.x, play.y);
      await settle(page, 4);
    }
    assert.deepEqual(found, []);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
