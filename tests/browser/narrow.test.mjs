// Narrow layouts on an emulated phone (390x844, DPR 3) and tablet (768x1024, DPR 2), both with
// touch. One walk per device through every room (narrow_rooms.mjs: home, About, the notes index,
// three chapters, the Cinema index and a scene, the Lab index and every widget), each room opened
// once in one page: its titles and tab labels drawn whole (the app reports a label that was cut
// or ellipsised), no glyph cut by its window's edge, no text smaller than 12 CSS px (measured from
// the frame's glyphs), widget panels stacked on a phone and none running off the screen, a frame
// that is not blank, no console errors. Screenshots of every room:
// build/screenshots/narrow-{phone,tablet}-<room>.png. Also: the navigation is a drawer (Menu opens
// it; a room, Esc or a tap outside closes it), a swipe scrolls a chapter, and widget panels are
// stacked one above the other. A desktop keeps its sidebar and side-by-side panels.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { writeFile } from "node:fs/promises";
import { useApp, settle, status, shot, SHOTS } from "./harness.mjs";
import { PHONE, TABLET, MIN_PX, walkRooms, roomProblems } from "./narrow_rooms.mjs";

const DEVICES = [["phone", PHONE], ["tablet", TABLET]];

const app = useApp();  // DIST=dir serves another build (a copy, while the next one builds)
const centre = (r) => ({ x: r[0] + r[2] / 2, y: r[1] + r[3] / 2 });

// Opens the hash in the page and lets it draw (widgets that wait for a model get a few seconds).
async function visit(page, hash, frames = 12) {
  await page.evaluate((h) => window.explorer.navigate(h), hash);
  await settle(page, frames);
}

// The two devices walk at the same time (two pages, each its own renderer: both cores of a 2-core
// machine), each room's problems collected so that one run reports every room.
test(`phone and tablet, every room: nothing cut, no text under ${MIN_PX} CSS px, panels stacked, not blank, no errors`, async () => {
  const problems = [], rows = [];
  await Promise.all(DEVICES.map(async ([name, dev]) => {
    const { page, context, errors } = await app.open("#/", dev, 4);
    await walkRooms(page, `narrow-${name}`, (room, s, img, ms) => {
      rows.push({ device: name, room, minPx: s.text.minPx, glyphs: s.text.glyphs, cutGlyphs: s.text.cut, clipped: s.clipped.count, ms });
      problems.push(...roomProblems(`${name} ${room}`, s, dev));
      if (img.variance() <= 50) problems.push(`${name} ${room}: blank frame`);
      problems.push(...errors.splice(0).map((e) => `${name} ${room}: ${e}`));
    });
    await context.close();
  }));
  await writeFile(path.join(SHOTS, "narrow-walk.json"), JSON.stringify(rows, null, 1));  // the numbers per room
  assert.deepEqual(problems, []);
});

for (const [name, dev] of DEVICES) {
  test(`${name}: the navigation is a drawer: Menu opens it, a room in it navigates, Esc and a tap outside close it`, async () => {
    const { page, context, errors } = await app.open("#/notes/attention", dev, 10);
    let s = await status(page);
    assert.equal(s.drawer.narrow, true, "no drawer at this width");
    assert.equal(s.drawer.open, false);
    assert.ok(s.targets.menu, "no Menu button");
    const menu = centre(s.targets.menu);
    const openDrawer = async () => {
      await page.touchscreen.tap(menu.x, menu.y);
      await settle(page, 6);
      const st = await status(page);
      assert.equal(st.drawer.open, true, "Menu did not open the drawer");
      return st;
    };
    s = await openDrawer();
    await shot(page, `narrow-${name}-drawer`);
    assert.ok(s.drawer.rect[2] > 150 && s.drawer.rect[2] < dev.width, `drawer width ${s.drawer.rect[2]}`);
    // A room in the drawer navigates and closes it.
    const cinema = centre(s.targets["nav-cinema"]);
    await page.touchscreen.tap(cinema.x, cinema.y);
    await settle(page, 6);
    s = await status(page);
    assert.equal(s.room, "cinema");
    assert.equal(s.drawer.open, false, "the drawer stayed open after choosing a room");
    // Esc closes it.
    await openDrawer();
    await page.keyboard.press("Escape");
    await settle(page, 6);
    assert.equal((await status(page)).drawer.open, false, "Esc did not close the drawer");
    // A tap outside closes it, and only closes it (the page under the tap is not pressed).
    s = await openDrawer();
    const route = s.route;
    await page.touchscreen.tap(dev.width - 24, dev.height * 0.6);
    await settle(page, 6);
    s = await status(page);
    assert.equal(s.drawer.open, false, "a tap outside did not close the drawer");
    assert.equal(s.route, route, "the tap that closed the drawer also pressed something under it");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`${name}: a swipe scrolls a chapter`, async () => {
    const { page, context, errors } = await app.open("#/notes/attention", dev, 10);
    const cdp = await context.newCDPSession(page);
    const send = (type, pts) => cdp.send("Input.dispatchTouchEvent",
      { type, touchPoints: pts.map(([x, y]) => ({ x, y, id: 0, radiusX: 4, radiusY: 4, force: 1 })) });
    const x = dev.width / 2, y0 = dev.height * 0.75, y1 = dev.height * 0.35;
    await send("touchStart", [[x, y0]]);
    for (let i = 1; i <= 10; i++) {
      await send("touchMove", [[x, y0 + ((y1 - y0) * i) / 10]]);
      await settle(page, 1);
    }
    await send("touchEnd", []);
    await settle(page, 10);
    const s = await status(page);
    assert.ok(s.touch.scrolled > dev.height * 0.2, `the chapter scrolled ${s.touch.scrolled} px`);
    assert.match(s.touch.window, /content/);
    assert.equal(s.touch.taps, 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`${name}: widget panels are stacked one above the other`, async () => {
    const { page, context, errors } = await app.open("#/lab/positions", dev, 10);
    const stackedIn = async (id) => {
      const g = (await status(page)).panels.find((p) => p.id === id);
      assert.ok(g, `no panel group ${id}`);
      assert.equal(g.rects.length, 2);
      const [a, b] = g.rects;
      return g.stacked && b[1] >= a[1] + a[3] - 1 && b[0] < a[0] + a[2];
    };
    // The RoPE circles: side by side on a tablet when both fit at their full size, stacked on a phone.
    if (name === "phone") assert.ok(await stackedIn("rope-circles"), "the RoPE circles are side by side");
    else {
      const g = (await status(page)).panels.find((p) => p.id === "rope-circles");
      assert.ok(g && g.rects.every((r) => r[0] + r[2] <= dev.width), "a RoPE circle runs off the screen");
    }
    // Transformer vs Mamba: its plots and matrices stacked (once both models are there).
    await visit(page, "#/lab/transformer-vs-mamba", 10);
    for (let i = 0; i < 120 && !(await status(page)).panels.some((p) => p.id === "tvm-matrices"); i++) await settle(page, 10);
    assert.ok(await stackedIn("tvm-plots"), "the latency and memory plots are side by side");
    assert.ok(await stackedIn("tvm-matrices"), "the mixing matrices are side by side");
    await shot(page, `narrow-${name}-tvm-stacked`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("desktop (1280 px): the sidebar stays, panels stay side by side, titles whole", async () => {
  const { page, context, errors } = await app.open("#/lab/transformer-vs-mamba", { width: 1280, height: 800 }, 10);
  for (let i = 0; i < 120 && !(await status(page)).panels.some((p) => p.id === "tvm-matrices"); i++) await settle(page, 10);
  const s = await status(page);
  assert.equal(s.drawer.narrow, false);
  for (const id of ["tvm-plots", "tvm-matrices"]) {
    const g = s.panels.find((p) => p.id === id);
    assert.equal(g.stacked, false, `${id} stacked on a desktop`);
    assert.ok(Math.abs(g.rects[0][1] - g.rects[1][1]) < 1, `${id} not in one row`);
  }
  assert.equal(s.clipped.count, 0, s.clipped.labels.join(" | "));
  assert.deepEqual(errors, []);
  await context.close();
});
