// The monkey test: a seeded random walk through every route (every note, scene and widget, found
// from the sources' registrations, plus their embeds) with clicks, drags, wheel, keys, typed text
// (ASCII, CJK, emoji), back/forward and resizes: a fixed number of actions, so a busy machine runs
// the same walk, only slower. It must end with zero console errors and zero page errors, the app
// still answering, every route visited and the wasm heap not growing without bound. MONKEY_SEED
// (default 20) and MONKEY_ACTIONS (default 3 per route + 100: every route once, then random steps)
// set the walk; a failure prints the seed and the last actions so it can be replayed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { ROOT, useApp, settle, shot } from "./harness.mjs";

const app = useApp();
const SEED = Number(process.env.MONKEY_SEED || 20);

// mulberry32: small, seeded, reproducible.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function registered(dir, macro) {
  const slugs = [];
  for (const f of await readdir(path.join(ROOT, dir))) {
    if (!f.endsWith(".cpp")) continue;
    const src = await readFile(path.join(ROOT, dir, f), "utf8");
    for (const m of src.matchAll(new RegExp(`^${macro}\\(\\s*\\w+\\s*,\\s*"([a-z0-9-]+)"`, "gm"))) slugs.push(m[1]);
  }
  return slugs;
}

async function routes() {
  const notes = (await readdir(path.join(ROOT, "content/en/notes"))).filter((f) => /^\d+-[a-z0-9-]+\.md$/.test(f))
    .map((f) => f.replace(/^\d+-/, "").replace(/\.md$/, ""));
  const widgets = await registered("src/ui/widgets", "TMX_REGISTER_WIDGET");
  const scenes = await registered("src/anim/scenes", "TMX_REGISTER_SCENE");
  const r = ["#/", "#/notes", "#/cinema", "#/lab"];
  for (const n of notes) r.push(`#/notes/${n}`);
  for (const s of scenes) r.push(`#/cinema/${s}`, `#/embed/cinema/${s}?t=3`);
  for (const w of widgets) r.push(`#/lab/${w}`, `#/embed/lab/${w}`);
  return { r, counts: { notes: notes.length, scenes: scenes.length, widgets: widgets.length } };
}

const TEXTS = ["hello world", "Attention is all you need", "注意力机制", "状态空间模型 Mamba", "😀👍🏽 emoji", "a\tb", "1e309", "-0", "<script>"];
const KEYS = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Space", "Tab", "Enter", "Escape", "Home", "End",
  "PageDown", "PageUp", "Backspace", "Delete", "v", "l", "1", "Shift+Tab", "Control+a"];
const SIZES = [[1280, 800], [1024, 700], [800, 600], [420, 800], [1600, 900]];

test("a seeded random walk through every route leaves no error and a bounded heap", { timeout: 30 * 60 * 1000 }, async () => {
  const { r: all, counts } = await routes();
  const ACTIONS = Number(process.env.MONKEY_ACTIONS || 3 * all.length + 100);
  assert.ok(ACTIONS >= 3 * all.length, `MONKEY_ACTIONS=${ACTIONS} cannot visit all ${all.length} routes`);
  assert.ok(counts.widgets > 0 && counts.scenes > 0 && counts.notes > 0, `found no routes: ${JSON.stringify(counts)}`);
  const rand = rng(SEED);
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const { page, errors } = await app.open("#/");
  const heap = () => page.evaluate(() => (window.Module && Module.HEAP8 ? Module.HEAP8.length : 0));
  const heapStart = await heap();
  let [w, h] = [1280, 800];
  const log = [];
  const visited = new Set();
  // Every route once (in a seeded order; a visit at least every third step), then random steps.
  const order = [...all].sort(() => rand() - 0.5);
  const t0 = Date.now();
  let steps = 0;
  while (steps < ACTIONS) {
    const k = rand();
    let action;
    if (order.length && (steps % 3 === 0 || k < 0.12)) {
      const route = order.pop() ?? pick(all);
      action = `goto ${route}`;
      await page.evaluate((hh) => { location.hash = hh; }, route);
      visited.add(route);
    } else if (k < 0.40) {
      const [x, y] = [Math.floor(rand() * w), Math.floor(rand() * h)];
      action = `click ${x},${y}`;
      await page.mouse.click(x, y);
    } else if (k < 0.52) {
      const [x, y, dx, dy] = [rand() * w, rand() * h, (rand() - 0.5) * 300, (rand() - 0.5) * 300];
      action = `drag ${x | 0},${y | 0} by ${dx | 0},${dy | 0}`;
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + dx, y + dy, { steps: 5 });
      await page.mouse.up();
    } else if (k < 0.64) {
      const dy = (rand() - 0.3) * 1500;
      action = `wheel ${dy | 0}`;
      await page.mouse.move(rand() * w, rand() * h);
      await page.mouse.wheel(0, dy);
    } else if (k < 0.78) {
      const key = pick(KEYS);
      action = `key ${key}`;
      await page.keyboard.press(key);
    } else if (k < 0.88) {
      const t = pick(TEXTS);
      action = `type ${t}`;
      await page.mouse.click(rand() * w, rand() * h);
      await page.keyboard.type(t);
    } else if (k < 0.94) {
      action = rand() < 0.5 ? "back" : "forward";
      await page.evaluate((a) => (a === "back" ? history.back() : history.forward()), action);
      await settle(page, 2);
      if (!page.url().includes("/index.html")) {  // went back past the first page: return to the app
        action += " (left the app, forward again)";
        await page.goForward();
        await page.waitForFunction(() => window.explorer && window.explorer.status().ready === true);
      }
    } else {
      [w, h] = pick(SIZES);
      action = `resize ${w}x${h}`;
      await page.setViewportSize({ width: w, height: h });
    }
    log.push(action);
    await settle(page, 2);
    steps++;
    if (errors.length) break;
  }
  await settle(page, 10);
  const heapEnd = await heap();
  const ready = await page.evaluate(() => window.explorer.status().ready);
  await shot(page, "monkey-end");
  console.log(`monkey: seed ${SEED}, ${steps} actions in ${((Date.now() - t0) / 1000).toFixed(0)} s, ` +
    `${visited.size}/${all.length} routes (${JSON.stringify(counts)}), wasm heap ${(heapStart / 2 ** 20).toFixed(0)} MB -> ` +
    `${(heapEnd / 2 ** 20).toFixed(0)} MB, errors ${errors.length}`);
  assert.deepEqual(errors, [], `seed ${SEED}, last actions:\n${log.slice(-15).join("\n")}`);
  assert.equal(ready, true, "the app stopped answering");
  assert.equal(visited.size, all.length, "the walk did not reach every route");
  // Memory grows while pages are first opened (models, caches); a leak keeps growing past that.
  assert.ok(heapEnd <= Math.max(4 * heapStart, heapStart + 512 * 2 ** 20), `wasm heap grew from ${heapStart} to ${heapEnd} bytes`);
});
