// Chinese fonts in a real Chromium (src/ui/fonts.h): an English page downloads no CJK font (its
// initial download is measured from the network log, gzip-compressed as a static host would send
// it); a Chinese prompt typed into the tokenizer on an English page fetches the font (with progress)
// and draws no missing-glyph boxes; the Chinese UI fetches the subset and draws none on home.
// Screenshots: build/screenshots/cjk-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { useApp, openPage, waitReady, settle, status, shot } from "./harness.mjs";

const app = useApp();

// Every request the page makes, and the gzip size of each response body.
function recordNetwork(page) {
  const log = [];
  page.on("response", async (r) => {
    const e = { url: r.url(), status: r.status(), gzip: 0, bytes: 0 };
    log.push(e);
    try {
      const b = await r.body();
      e.bytes = b.length;
      e.gzip = gzipSync(b, { level: 9 }).length;
    } catch { /* redirects and aborted requests have no body */ }
  });
  return log;
}

async function waitFonts(page, pred, timeout = 60000) {
  const t0 = Date.now();
  for (;;) {
    const s = await status(page);
    if (pred(s.fonts)) return s.fonts;
    if (Date.now() - t0 > timeout) throw new Error(`timeout; fonts: ${JSON.stringify(s.fonts)}`);
    await settle(page, 10);
  }
}

// Missing glyphs drawn over a few frames (the scan is on only while a test asks).
async function tofu(page, frames = 12) {
  await page.evaluate(() => window.explorer.tofuCheck(true));
  await settle(page, frames);
  const f = (await status(page)).fonts;
  await page.evaluate(() => window.explorer.tofuCheck(false));
  return f.tofu;
}

test("an English page downloads no Chinese font; its initial download is measured", async () => {
  const o = await app.open("", {}, 0);  // the listener is added after goto: reload to see every request
  const log = recordNetwork(o.page);
  await o.page.reload();
  await o.page.waitForFunction(() => window.explorer && window.explorer.status().ready === true, null, { timeout: 60000 });
  await settle(o.page, 30);
  await o.page.waitForTimeout(300);  // the last bodies are read asynchronously
  const fonts = log.filter((e) => /\/assets\/fonts\//.test(e.url));
  assert.deepEqual(fonts.map((e) => e.url), [], "an English page fetched a Chinese font");
  const s = await status(o.page);
  assert.equal(s.fonts.subset.phase, "absent");
  assert.equal(s.fonts.fallback.phase, "absent");
  const initial = log.filter((e) => /\/(index\.html|explorer\.(js|wasm|data(\.gz)?))(\?|$)/.test(e.url));
  assert.equal(initial.length, 4, JSON.stringify(log.map((e) => e.url)));
  const gz = initial.reduce((a, e) => a + e.gzip, 0), raw = initial.reduce((a, e) => a + e.bytes, 0);
  console.log(`initial download (en): ${raw} bytes, ${gz} bytes gzip; ` +
    initial.map((e) => `${e.url.replace(/^.*\//, "").replace(/\?.*/, "")} ${e.gzip}`).join(", "));
  const t = await tofu(o.page);
  assert.equal(t.frame, 0, `missing glyphs on the English home page: ${JSON.stringify(t)}`);
  await shot(o.page, "cjk-en-home");
  assert.deepEqual(o.errors, []);
  await o.context.close();
});

test("a Chinese prompt typed into the tokenizer on an English page loads the font and draws no tofu", async () => {
  const o = await app.open("#/lab/attention?text=the", {}, 10);
  const log = recordNetwork(o.page);
  const s0 = await status(o.page);
  assert.ok(s0.targets.textBox, "no text box");
  const [bx, by, bw, bh] = s0.targets.textBox;
  await o.page.mouse.click(bx + bw / 2, by + bh / 2);
  await settle(o.page, 4);
  await o.page.keyboard.press("End");
  const cdp = await o.context.newCDPSession(o.page);
  // An input method commits the text (as the phone and desktop IME paths do).
  await cdp.send("Input.imeSetComposition", { text: "白日", selectionStart: 2, selectionEnd: 2 });
  await cdp.send("Input.insertText", { text: "白日依山尽，黄河入海流。" });
  await settle(o.page, 2);
  await shot(o.page, "cjk-en-typed-loading");
  const f = await waitFonts(o.page, (f) => f.subset.phase === "ready" || f.fallback.phase === "ready");
  assert.notEqual(f.subset.phase, "failed", f.subset.message);
  assert.notEqual(f.fallback.phase, "failed", f.fallback.message);
  await settle(o.page, 30);  // the fallback waits for typing to pause, then the atlas is rebuilt once
  const fetched = log.filter((e) => /\/assets\/fonts\/cjk-(subset|gb2312)\.ttf/.test(e.url));
  assert.ok(fetched.length >= 1, "no font was fetched");
  assert.ok(fetched.every((e) => e.status === 200), JSON.stringify(fetched));
  const s = await status(o.page);
  assert.ok(s.widget.ids.length > 3, "the Chinese text did not become tokens");
  assert.ok(s.fonts.cjkSizes >= 1, JSON.stringify(s.fonts));
  const t = await tofu(o.page);
  assert.equal(t.frame, 0, `missing glyphs after loading: ${JSON.stringify(t)}`);
  assert.deepEqual(t.codepoints, []);
  const img = await shot(o.page, "cjk-en-typed");
  assert.ok(img.variance() > 50, "blank frame");
  console.log(`fetched: ${fetched.map((e) => `${e.url.replace(/^.*\//, "")} ${e.bytes} B (${e.gzip} gzip)`).join(", ")}; ` +
    `atlas ${s.fonts.atlas.join(" x ")} at scale ${s.fonts.scale}, ${s.fonts.cjkSizes} CJK size(s)`);
  assert.deepEqual(o.errors, []);
  await o.context.close();
});

test("the Chinese UI loads the subset and draws no tofu on home (DPR 2)", async () => {
  const o = await app.open("?lang=zh", { scale: 2 }, 6);
  let s = await status(o.page);
  if (s.fonts.lang !== "zh-Hans") {
    await o.page.evaluate(() => window.explorer.debugLanguage("zh"));  // before the language link exists
    await settle(o.page, 4);
  }
  const f = await waitFonts(o.page, (f) => f.subset.phase === "ready" && f.cjkSizes >= 1);
  assert.equal(f.lang, "zh-Hans");
  await settle(o.page, 10);
  const t = await tofu(o.page);
  assert.equal(t.frame, 0, `missing glyphs on the Chinese home page: ${JSON.stringify(t)}`);
  s = await status(o.page);
  const img = await shot(o.page, "cjk-zh-home");
  assert.ok(img.variance() > 50, "blank frame");
  console.log(`zh home: atlas ${s.fonts.atlas.join(" x ")} at scale ${s.fonts.scale}, ${s.fonts.cjkSizes} CJK size(s)`);
  assert.deepEqual(o.errors, []);
  await o.context.close();
});

// A Chinese page's first picture is Chinese text, never a page of missing-glyph boxes: the shell
// fetches the zh pack and the Chinese font with the wasm (not after the app's first frame, and not
// behind the Cache API), main() waits for both, and the loader counts their bytes in Chinese.
// Before, with the font slow, the first picture was boxes (build/screenshots/cjk-zh-first-*.png).
test("a Chinese page's first picture waits for its font: the loader stays, in Chinese, counting its bytes", async () => {
  const o = await openPage(app.browser);
  await o.page.addInitScript(() => new MutationObserver((_, obs) => {
    const l = document.getElementById("loader");
    if (l && l.classList.contains("done")) { window.__doneAt = Date.now(); obs.disconnect(); }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["class"] }));
  // The font is held until the test has looked at the loader (a fixed delay raced the checks
  // below when CI's load slowed the page: it failed once with the font already sent).
  let released = 0, release;
  const held = new Promise((res) => { release = res; });
  await o.page.route("**/cjk-subset.ttf*", async (r) => {
    await held;
    released = Date.now();
    await r.continue();
  });
  await o.page.goto(`${app.server.url}/index.html?lang=zh#/`);
  await o.page.waitForFunction(() => /正在下载/.test(document.getElementById("status").textContent), null, { timeout: 30000 });
  await o.page.waitForTimeout(1500);  // the wasm and data are in by now; the font is held back
  const waiting = await o.page.evaluate(() => ({
    done: document.getElementById("loader").classList.contains("done"),
    text: document.getElementById("status").textContent,
    fill: parseFloat(document.getElementById("fill").style.width),
  }));
  assert.equal(waiting.done, false, "the loader went away before the Chinese font was in");
  assert.match(waiting.text, /^正在下载 [\d.]+ \/ [\d.]+ MB…$/);
  assert.ok(waiting.fill > 0 && waiting.fill < 95, `the bar should stand part way: ${waiting.fill}%`);
  await shot(o.page, "cjk-zh-first-loader");
  release();
  await waitReady(o.page);
  const doneAt = await o.page.evaluate(() => window.__doneAt);
  assert.ok(released > 0 && doneAt >= released, `the loader went away ${released - doneAt} ms before the font was sent`);
  const t = await tofu(o.page);
  assert.equal(t.frame, 0, `missing glyphs on the first Chinese picture: ${JSON.stringify(t)}`);
  const img = await shot(o.page, "cjk-zh-first-picture");
  assert.ok(img.variance() > 50, "blank frame");
  // Requested with the wasm, once each (the app's own requests found these downloads).
  const res = await o.page.evaluate(() => performance.getEntriesByType("resource").map((e) => [e.name.replace(/^.*\//, "").replace(/\?.*$/, ""), e.startTime]));
  const start = (n) => res.filter((r) => r[0] === n).map((r) => r[1]);
  // The font's gzipped copy (2/3 of the bytes; Chromium has DecompressionStream), not the .ttf.
  assert.equal(start("cjk-subset.ttf.gz").length, 1, JSON.stringify(res));
  assert.equal(start("cjk-subset.ttf").length, 0, JSON.stringify(res));
  assert.equal(start("zh.pack.gz").length + start("zh.pack").length, 1, JSON.stringify(res));
  const wasm = start("explorer.wasm")[0];
  for (const n of ["cjk-subset.ttf.gz", start("zh.pack.gz").length ? "zh.pack.gz" : "zh.pack"])
    assert.ok(start(n)[0] - wasm < 500, `${n} was requested ${Math.round(start(n)[0] - wasm)} ms after the wasm`);
  assert.deepEqual(o.errors, []);
  await o.context.close();
});
