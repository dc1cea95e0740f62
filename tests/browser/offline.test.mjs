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
