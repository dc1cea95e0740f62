// The `gpt-walkthrough` widget in a real Chromium: the route opens (found, title), fetches the
// shipped kjv-gpt when first shown, its greedy next token equals the native core's (`tmx generate`
// on the same ids), Step forward changes the stage and the picture, typing a prompt changes the
// tokens and the address, and phone landscape draws too. No console errors. Screenshots go to
// build/screenshots/gptwalk-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ROOT, useApp, settle, status, shot } from "./harness.mjs";

const app = useApp();
const TMX = path.join(ROOT, "build", "native", "tmx");
const routeParam = (route, key) => new URL("http://x/a" + route.replace(/^[^?]*/, "")).searchParams.get(key);

async function widgetWhen(page, done) {
  for (let i = 0; i < 600; i++) {
    const s = await status(page);
    if (s.widget && s.widget.loaded && done(s.widget)) return s;
    await settle(page, 1);
  }
  return status(page);
}

test("gpt-walkthrough: loads kjv-gpt, predicts like the native core, steps and follows a typed prompt", async () => {
  const { page, context, errors } = await app.open("#/lab/gpt-walkthrough", { width: 1280, height: 720 }, 10);
  const s0 = await widgetWhen(page, (w) => w.stages > 0 || w.error);
  assert.equal(s0.found, true);
  assert.equal(s0.slug, "gpt-walkthrough");
  assert.equal(s0.title, "GPT walkthrough");
  assert.equal(s0.widget.loaded, "kjv-gpt");
  assert.equal(s0.widget.random, false);
  assert.equal(s0.widget.error, "");
  assert.equal(s0.widget.stage, 0);
  assert.equal(s0.widget.stages, 4 + 6 * 4 + 4);
  const native = spawnSync(TMX, ["generate", "--model", "assets/models/kjv-gpt", "--ids", s0.widget.ids.join(","),
                                 "--n", "1", "--temperature", "0"], { cwd: ROOT, encoding: "utf8" });
  assert.equal(native.status, 0, native.stderr);
  assert.equal(Number(native.stdout.trim().split(",").pop()), s0.widget.token);
  await settle(page, 4);
  const first = await shot(page, "gptwalk-1280-ids");
  assert.ok(first.variance() > 50, "blank frame");

  // Step forward five times: wte, wpe, x, ln_1, attention.
  for (let i = 1; i <= 5; i++) {
    const w = (await status(page)).widget;
    await page.mouse.click(w.next_at[0], w.next_at[1]);
    const s = await widgetWhen(page, (x) => x.stage === i);
    assert.equal(s.widget.stage, i, `step ${i}`);
  }
  const s5 = await status(page);
  assert.equal(s5.widget.kind, "attn");
  assert.equal(s5.widget.trace, "h.0.attn.out");
  assert.equal(routeParam(s5.route, "stage"), "5");
  await settle(page, 4);
  const attn = await shot(page, "gptwalk-1280-attention");
  assert.ok(attn.diff(first, 0, 0, 1280, 720) > 0.01, "stepping did not change the picture");
  // ...and back.
  await page.mouse.click(s5.widget.back_at[0], s5.widget.back_at[1]);
  assert.equal((await widgetWhen(page, (x) => x.stage === 4)).widget.kind, "ln_1");

  // Type a new prompt: the tokens change, the address follows.
  const w = (await status(page)).widget;
  await page.mouse.click(w.prompt_at[0], w.prompt_at[1]);
  await settle(page, 4);  // the keys go to the field from the frame after the click (its hidden input)
  await page.keyboard.press("Control+A");
  await page.keyboard.type("And the LORD spake unto");
  const s2 = await widgetWhen(page, (x) => x.prompt === "And the LORD spake unto" && x.stages > 0);
  assert.notDeepEqual(s2.widget.ids, s0.widget.ids);
  assert.ok(s2.widget.ids.length > s0.widget.ids.length);
  assert.equal(routeParam(s2.route, "prompt"), "And the LORD spake unto");
  await settle(page, 4);
  await shot(page, "gptwalk-1280-typed");
  assert.deepEqual(errors, []);
  await context.close();
});

test("gpt-walkthrough: phone landscape draws the stage and its code; a bad address is clamped", async () => {
  const { page, context, errors } = await app.open("#/lab/gpt-walkthrough?stage=5&pos=1", { width: 844, height: 390 }, 10);
  const s = await widgetWhen(page, (w) => w.stages > 0);
  assert.equal(s.widget.kind, "attn");
  await settle(page, 4);
  const img = await shot(page, "gptwalk-844-attention");
  assert.ok(img.variance() > 50, "blank frame");
  await page.evaluate(() => window.explorer.navigate("#/lab/gpt-walkthrough?stage=5000&model=nonsense"));
  const c = await widgetWhen(page, (w) => w.stages > 0 && w.stage !== 5);
  assert.equal(c.widget.stage, c.widget.stages - 1, "stage clamped to the last");
  assert.equal(c.widget.loaded, "kjv-gpt");
  await settle(page, 4);
  await shot(page, "gptwalk-844-clamped");
  assert.deepEqual(errors, []);
  await context.close();
});
