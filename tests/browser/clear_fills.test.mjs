// The content card's background and a scene's stage are filled by clears, not shaded triangles
// (ui/opaque_fill.h): a software rasteriser spent ~40% of a frame on the card alone. On every room, in both themes, on a desktop and
// a sideways DPR-3 phone, the frame looks as it does with ImGui drawing the card
// (window.explorer.clearFills(false)): identical on whole-pixel edges; where a DPR puts the card's
// edge inside a pixel, that edge row may differ by less than the card's contrast with the page.
// status().present.clears says the clears ran. Screenshots: build/screenshots/clear-fills-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, settle, status, shot, waitForWidget } from "./harness.mjs";
import { PHONE } from "./narrow_rooms.mjs";

const ROUTES = ["#/", "#/notes/attention", "#/lab/attention", "#/cinema/attention-mechanism?t=12"];
const DEVICES = [
  ["desktop-dark", {}, 0],
  ["desktop-light", { colorScheme: "light" }, 0],
  ["phone-sideways", { ...PHONE, width: 844, height: 390 }, 0.01],  // its top bar is 51.67 CSS px tall
];
const MAX_EDGE_DIFF = 12;  // 8-bit levels: the card against the page is 6-9 (dark) and 4-5 (light)

const app = useApp();

function compare(a, b) {
  let n = 0, max = 0;
  for (let y = 0; y < a.height; y++)
    for (let x = 0; x < a.width; x++) {
      const p = a.pixel(x, y), q = b.pixel(x, y);
      const d = Math.max(Math.abs(p[0] - q[0]), Math.abs(p[1] - q[1]), Math.abs(p[2] - q[2]));
      if (d) { n++; max = Math.max(max, d); }
    }
  return { fraction: n / (a.width * a.height), max };
}

for (const [name, dev, allowed] of DEVICES) {
  test(`${name}: the card and the stage filled by clears look as ImGui draws them, on every room`, async () => {
    const { page, context, errors } = await app.open("#/", dev, 10);
    for (const route of ROUTES) {
      await page.evaluate((h) => window.explorer.navigate(h), route);
      await settle(page, 20);
      // The lab's model loads and its forward runs over frames: both shots show the finished page.
      if (route.startsWith("#/lab/")) await waitForWidget(page, (w) => w.ready === true, 60000);
      // The card's two clears; a scene's stage is one more.
      const want = route.startsWith("#/cinema/") ? 3 : 2;
      assert.equal((await status(page)).present.clears, want, `${route}: the card (and stage) not filled by clears`);
      const tag = route.replace(/[^a-z]+/g, "-").replace(/^-|-$/g, "") || "home";
      const cleared = await shot(page, `clear-fills-${name}-${tag}`);
      await page.evaluate(() => window.explorer.clearFills(false));
      await settle(page, 6);
      assert.equal((await status(page)).present.clears, 0, `${route}: clears still ran after clearFills(false)`);
      const drawn = await shot(page, `clear-fills-${name}-${tag}-imgui`);
      await page.evaluate(() => window.explorer.clearFills(true));
      await settle(page, 6);
      assert.ok(cleared.variance() > 10, `${route}: a blank frame`);
      const d = compare(cleared, drawn);
      assert.ok(d.fraction <= allowed && (d.fraction === 0 || d.max <= MAX_EDGE_DIFF),
        `${route}: ${(d.fraction * 100).toFixed(3)}% of the pixels differ, by up to ${d.max} levels`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}
