// dist-offline/explorer.html: one file, opened from file://, must load and draw with no server.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ROOT, launch, openPage, waitReady, status, shot } from "./harness.mjs";

test("the offline single file works from file://", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser);
    const requests = [];
    page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
    await page.goto("file://" + path.join(ROOT, "dist-offline", "explorer.html") + "#/lab/softmax?T=0.6");
    await waitReady(page);
    const img = await shot(page, "offline-softmax");
    assert.ok(img.variance() > 50, "offline page is blank");
    const s = await status(page);
    assert.equal(s.slug, "softmax");
    assert.deepEqual(requests, [], "the offline file fetched something from the network");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("the offline single file has no videos and says so where a video would play", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser);
    const requests = [];
    page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
    await page.goto("file://" + path.join(ROOT, "dist-offline", "explorer.html") + "#/notes/attention#watch-it");
    await waitReady(page);
    const img = await shot(page, "offline-video-note");
    assert.ok(img.variance() > 50, "offline note is blank");
    assert.match(await page.evaluate(() => window.explorerVideo.unavailable()), /offline single-file build/);
    assert.deepEqual(await page.evaluate(() => window.explorer.videos()), [], "the offline file opened a video");
    assert.deepEqual(requests, [], "the offline file fetched something from the network");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("the offline single file opens in Chinese with ?lang=zh, tang-gpt included", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser);
    const file = "file://" + path.join(ROOT, "dist-offline", "explorer.html");
    await page.goto(file + "?lang=zh#/lab/sampling");
    await waitReady(page);
    let s = await status(page);
    assert.equal(s.lang, "zh");
    assert.equal(s.widget.model, "tang-gpt");
    for (let i = 0; i < 200 && !(s.models["tang-gpt"] && /ready|failed/.test(s.models["tang-gpt"].phase)); i++) {
      await page.waitForTimeout(100);
      s = await status(page);
    }
    assert.equal(s.models["tang-gpt"].phase, "ready", JSON.stringify(s.models["tang-gpt"]));
    await page.evaluate(() => window.explorer.navigate("#/notes"));
    await page.waitForTimeout(500);
    s = await status(page);
    assert.equal(s.found, true);
    assert.equal(await page.evaluate(() => document.documentElement.lang), "zh-Hans");
    const img = await shot(page, "offline-zh-notes");
    assert.ok(img.variance() > 50, "offline zh page is blank");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
