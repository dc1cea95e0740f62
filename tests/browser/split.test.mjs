// The website's code in two parts (scripts/wasm_split.py, wasm_shell/shell.js "deferred"): the home
// page draws its first frame from explorer.wasm alone and fetches explorer.deferred.wasm only after
// it, in English, in Chinese and on a phone; a page opened on a widget starts with both and never
// loads code synchronously; a widget opened before the deferred part arrives still works (loaded on
// the spot); a missing deferred part gives a clear message naming it, not a crash or a hang.
// "the home page ... runs only the first part" fails when wasm_shell/first_frame.keep no longer
// lists what the home page runs: record it again with scripts/wasm_split_profile.mjs.
// Screenshots: build/screenshots/split-*.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import path from "node:path";
import { ROOT, startServer, launch, openPage, waitReady, settle, status, shot, SLOW_ZH_DOWNLOADS, delayRequests } from "./harness.mjs";

const DIST = process.env.DIST || path.join(ROOT, "dist");
let server, browser;
const extra = {};
before(async () => {
  server = await startServer(DIST, extra);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// Opens a page that notes when its loader was hidden (the first frame) and when each file was asked for.
async function open(url, opts = {}) {
  const o = await openPage(browser, opts);
  await o.context.addInitScript(() => {
    new MutationObserver((_, obs) => {
      const l = document.getElementById("loader");
      if (l && l.classList.contains("done")) { window.__firstFrame = performance.now(); obs.disconnect(); }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["class"] });
  });
  o.placeholders = [];
  o.page.on("console", (m) => { if (/placeholder function called/.test(m.text())) o.placeholders.push(m.text()); });
  if (opts.slow) await delayRequests(o.page, opts.slow);
  await o.page.goto(server.url + url);
  await waitReady(o.page);
  return o;
}

async function codeInstalled(page) {
  for (let i = 0; ; ++i) {
    const s = await status(page);
    if (s.code.state === "installed") return s;
    assert.ok(i < 600, `the deferred code was not installed: ${JSON.stringify(s.code)}`);
    await settle(page, 5);
  }
}

const requestedAt = (page, name) => page.evaluate((n) => {
  const e = performance.getEntriesByType("resource").find((r) => new URL(r.name).pathname.endsWith("/" + n));
  return e ? e.startTime : null;
}, name);

for (const [name, url, opts] of [
  ["English", "/", {}],
  ["Chinese", "/?lang=zh", {}],
  ["a phone on its side", "/", { width: 844, height: 390, scale: 3, hasTouch: true, isMobile: true }],
  // Its text and fonts still downloading after half a second: the download progress runs before the
  // first frame (and must be in the first part too).
  ["Chinese, slow connection", "/?lang=zh", { slow: SLOW_ZH_DOWNLOADS }],
]) {
  test(`the home page (${name}) runs only the first part, then fetches and installs the rest`, async () => {
    const o = await open(url, opts);
    const { page, errors } = o;
    const firstFrame = await page.evaluate(() => window.__firstFrame);
    const s = await codeInstalled(page);
    assert.equal(s.code.syncLoads, 0, `the home page needed deferred code before it arrived (${o.placeholders.join("; ")}): ` +
      "run scripts/wasm_split_profile.mjs to record wasm_shell/first_frame.keep again");
    assert.deepEqual(o.placeholders, []);
    const asked = await requestedAt(page, "explorer.deferred.wasm");
    assert.ok(asked !== null && asked >= firstFrame, `explorer.deferred.wasm asked for at ${asked} ms, first frame at ${firstFrame} ms`);
    assert.equal(s.code.bytes, statSync(path.join(DIST, "explorer.deferred.wasm")).size);
    assert.ok(statSync(path.join(DIST, "explorer.wasm")).size < 0.5 * (s.code.bytes + statSync(path.join(DIST, "explorer.wasm")).size),
      "the first part should be the smaller one");
    // After the install, a widget opens from the installed code.
    await page.evaluate(() => window.explorer.navigate("#/lab/attention"));
    await settle(page, 20);
    const w = await status(page);
    assert.equal(w.found, true);
    assert.equal(w.room, "lab");
    assert.equal(w.code.syncLoads, 0);
    assert.deepEqual(errors, []);
    await o.context.close();
  });
}

test("a page opened on a widget starts with both parts, without loading code on the spot", async () => {
  const o = await open("/#/lab/ffn");
  const s = await status(o.page);
  assert.equal(s.code.state, "installed");
  assert.equal(s.code.syncLoads, 0);
  assert.equal(s.found, true);
  assert.equal(s.room, "lab");
  assert.deepEqual(o.placeholders, []);
  assert.ok((await shot(o.page, "split-deep-link")).variance() > 50, "the widget drew nothing");
  assert.deepEqual(o.errors, []);
  await o.context.close();
});

test("a widget opened before the deferred part arrives is loaded on the spot and works", async () => {
  const o = await openPage(browser);
  // Hold the background download (a fetch); the synchronous load (an XHR) goes through.
  let release;
  const held = new Promise((r) => { release = r; });
  await o.page.route(/explorer\.deferred\.wasm/, async (route) => {
    if (route.request().resourceType() === "fetch") await held;
    await route.continue();
  });
  await o.page.goto(server.url + "/");
  await waitReady(o.page);
  assert.equal((await status(o.page)).code.state, "downloading");
  await o.page.evaluate(() => window.explorer.navigate("#/lab/attention"));
  await settle(o.page, 20);
  const s = await status(o.page);
  assert.equal(s.found, true);
  assert.equal(s.room, "lab");
  assert.equal(s.code.state, "installed");
  assert.equal(s.code.syncLoads, 1);
  assert.ok((await shot(o.page, "split-on-the-spot")).variance() > 50, "the widget drew nothing");
  release();
  await settle(o.page, 20);  // the held download arrives late and changes nothing
  assert.equal((await status(o.page)).code.syncLoads, 1);
  assert.deepEqual(o.errors, []);
  await o.context.close();
});

// SDL2 hands browser events to the module (keys, focus, leaving the page); on the home page they
// must run from the first part: when the reader leaves before the deferred part is in, a download
// on the spot cannot run any more (the page is unloading) and would end as an error.
test("keys, focus and leaving the home page before the deferred part arrives need no deferred code", async () => {
  const o = await openPage(browser);
  await o.page.route(/explorer\.deferred\.wasm/, async (route) => {  // the background download never ends
    if (route.request().resourceType() !== "fetch") await route.continue();
  });
  await o.page.goto(server.url + "/");
  await waitReady(o.page);
  await o.page.keyboard.press("Shift");
  await o.page.evaluate(() => {
    for (const t of ["blur", "focus"]) window.dispatchEvent(new Event(t));
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await settle(o.page, 10);
  const s = await status(o.page);
  assert.equal(s.code.state, "downloading");
  assert.equal(s.code.syncLoads, 0, "an event on the home page needed deferred code");
  await o.page.goto(server.url + "/?left=1");  // leaving: beforeunload, with the download still held
  await waitReady(o.page);
  assert.deepEqual(o.errors, []);
  await o.context.close();
});

test("a missing deferred part: the home page works, a widget says which download failed", async () => {
  extra["/explorer.deferred.wasm"] = { status: 404, body: "gone", type: "text/plain" };
  try {
    const o = await openPage(browser);
    await o.page.goto(server.url + "/");
    await waitReady(o.page);
    for (let i = 0; (await status(o.page)).code.state !== "failed"; ++i) {
      assert.ok(i < 200, "the failed download was not noticed");
      await settle(o.page, 5);
    }
    assert.equal((await status(o.page)).found, true, "the home page should still work");
    await o.page.evaluate(() => window.explorer.navigate("#/lab/attention"));
    await o.page.waitForFunction(() => document.getElementById("error").textContent.length > 0, null, { timeout: 30000 });
    const message = await o.page.evaluate(() => document.getElementById("error").textContent);
    assert.match(message, /explorer\.deferred\.wasm: HTTP 404/);
    assert.match(message, /reload/i);
    await o.page.waitForFunction(() => getComputedStyle(document.getElementById("loader")).opacity === "1", null, { timeout: 10000 });
    await shot(o.page, "split-missing");
    await o.context.close();
  } finally {
    delete extra["/explorer.deferred.wasm"];
  }
});
