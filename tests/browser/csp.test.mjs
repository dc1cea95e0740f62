// The locked-down page: dist/index.html and the offline file carry a Content-Security-Policy
// (hashed inline scripts only, no eval, wasm allowed, network only to the own origin, no plugins),
// the app runs under it without a single violation, and a violation is caught when one happens.
// postMessage from an embedding page is checked for shape and never evaluated.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ROOT, useApp, launch, openPage, waitReady, shot } from "./harness.mjs";

const app = useApp({
  "/embedder-hostile.html": `<!doctype html><meta charset="utf-8"><title>hostile embedder</title><link rel="icon" href="data:,">
    <iframe id="f" src="/index.html#/embed/lab/softmax?T=2" width="640" height="420" style="border:0"></iframe>`,
});

function policyOf(html) {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, "no Content-Security-Policy meta tag");
  return Object.fromEntries(m[1].split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
}

for (const [name, file] of [["web", "dist/index.html"], ["offline", "dist-offline/explorer.html"]]) {
  test(`the ${name} page ships a strict Content-Security-Policy`, async () => {
    const html = await readFile(path.join(ROOT, file), "utf8");
    const p = policyOf(html);
    assert.deepEqual(p["object-src"], ["'none'"]);
    // The offline runtime fetches its own inline wasm (a data: URL) before decoding it directly.
    assert.deepEqual(p["connect-src"], name === "web" ? ["'self'"] : ["'self'", "data:"]);
    assert.deepEqual(p["base-uri"], ["'none'"]);
    assert.ok(p["script-src"].includes("'wasm-unsafe-eval'"));
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"])
      assert.ok(!p["script-src"].includes(bad), `script-src allows ${bad}`);
    // Every inline script is covered by exactly one hash.
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].length;
    assert.equal(p["script-src"].filter((s) => s.startsWith("'sha256-")).length, inline);
    assert.ok(html.indexOf("Content-Security-Policy") < html.indexOf("<script"), "the policy must come before any script");
  });
}

test("the app runs under its policy with no violation, and a violation is caught", async () => {
  const { page, errors } = await app.open("#/lab/softmax?T=0.5");
  const img = await shot(page, "csp-softmax");
  assert.ok(img.variance() > 50, "page is blank under the policy");
  assert.deepEqual(errors, []);
  // An injected inline script is refused and reported (so the harness would see any real violation).
  const ran = await page.evaluate(() => new Promise((resolve) => {
    window.__injected = false;
    const s = document.createElement("script");
    s.textContent = "window.__injected = true";
    document.body.appendChild(s);
    setTimeout(() => resolve(window.__injected), 200);
  }));
  assert.equal(ran, false, "an inline script without a hash ran");
  assert.ok(errors.some((e) => /CSP violation|Content Security Policy/.test(e)), "the violation was not reported");
});

test("the offline file runs under its policy from file:// with no violation", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser);
    await page.goto("file://" + path.join(ROOT, "dist-offline", "explorer.html") + "#/lab/softmax?T=0.6");
    await waitReady(page);
    const img = await shot(page, "csp-offline-softmax");
    assert.ok(img.variance() > 50, "offline page is blank under the policy");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("malformed postMessage data is ignored, never evaluated", async () => {
  const { page, errors } = await openPage(app.browser);
  await page.goto(`${app.server.url}/embedder-hostile.html`);
  const frame = await (await page.waitForSelector("#f")).contentFrame();
  await waitReady(frame);
  const before = await frame.evaluate(() => location.hash);
  await page.evaluate(() => {
    window.__evaluated = false;
    const f = document.getElementById("f").contentWindow;
    for (const m of [null, 42, "explorer.navigate", [1, 2], { type: 7 }, { type: "explorer.navigate" },
      { type: "explorer.navigate", hash: ["#/lab/softmax?T=9"] },
      { type: "explorer.navigate", hash: "x".repeat(5000) },
      { type: "explorer.navigate", hash: "javascript:parent.__evaluated=true" },
      { type: "explorer.eval", code: "parent.__evaluated = true" },
      { type: "explorer.status", id: { nested: "x".repeat(100000) } }])
      f.postMessage(m, "*");
  });
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await page.evaluate(() => window.__evaluated), false);
  const after = await frame.evaluate(() => location.hash);
  assert.ok(after === before || after === "#javascript:parent.__evaluated=true", `hash became ${after}`);
  assert.equal(await frame.evaluate(() => window.explorer.status().ready), true, "the app stopped after hostile messages");
  assert.deepEqual(errors, []);
});
