// The `cross-attention` widget in a real Chromium: the route opens (found, title), fetches the
// shipped dates-encdec when first shown, translates the default date exactly as the native core
// does (`tmx translate`), and a new date in the address changes the output and the map; text that
// is not a date gets a message and stays. Screenshots go to build/screenshots/cross-attention-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ROOT, useApp, settle, status, shot } from "./harness.mjs";

const app = useApp();
const TMX = path.join(ROOT, "build", "native", "tmx");

async function widgetWhenDone(page, done = (w) => w.output || w.error) {
  for (let i = 0; i < 600; i++) {
    const s = await status(page);
    if (s.widget && s.widget.loaded && done(s.widget)) return s;
    await settle(page, 1);
  }
  return status(page);
}

test("cross-attention widget: loads dates-encdec, decodes like the native core, follows a new date", async () => {
  const { page, context, errors } = await app.open("#/lab/cross-attention", {}, 10);
  const s0 = await widgetWhenDone(page);
  assert.equal(s0.found, true);
  assert.equal(s0.slug, "cross-attention");
  assert.equal(s0.widget.error, "");
  const native = spawnSync(TMX, ["translate", "--model", "assets/models/dates-encdec",
                                 "the fourteenth of march nineteen eighty seven"], { cwd: ROOT, encoding: "utf8" });
  assert.equal(native.status, 0, native.stderr);
  assert.equal(s0.widget.output, native.stdout.trim().split("\t")[1]);
  assert.equal(s0.widget.output, "1987-03-14");
  assert.equal(s0.widget.rows, 11);
  assert.equal(s0.widget.cols, 7);
  await settle(page, 4);
  const before = await shot(page, "cross-attention-default");
  assert.ok(before.variance() > 50, "blank frame");

  await page.evaluate(() => window.explorer.navigate("#/lab/cross-attention?text=november%20thirtieth%20twenty%20twenty%20six&layer=1"));
  const s1 = await widgetWhenDone(page, (w) => w.output !== "1987-03-14");
  assert.equal(s1.widget.output, "2026-11-30");
  assert.equal(s1.widget.cols, 5);
  await settle(page, 4);
  const after = await shot(page, "cross-attention-new-date");
  assert.ok(after.diff(before, 0, 0, 1280, 800) > 0.001, "the page did not change with the new date");

  await page.evaluate(() => window.explorer.navigate("#/lab/cross-attention?text=march%20fourteenth%20nineteen%20eighty%20sevn"));
  const s2 = await widgetWhenDone(page, (w) => w.error);
  assert.match(s2.widget.error, /sevn/);
  assert.match(s2.route, /sevn/, "the typed text stays in the address");
  await shot(page, "cross-attention-bad-input");
  assert.deepEqual(errors, []);
  await context.close();
});
