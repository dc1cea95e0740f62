// Packs in a real Chromium (dist/, src/ui/pack_store.h): the home page fetches no pack; a chapter
// opened cold fetches its own math and figures (for the screen's pixel ratio only) and draws them;
// switching to Chinese fetches the Chinese edition (its gzipped copy); a damaged or missing pack gives a clear message
// naming it (no crash), and nothing but the manifest's packs is ever requested. The server speaks
// gzip like GitHub Pages (scripts/serve.mjs): the wasm and the script arrive compressed.
// Screenshots: build/screenshots/packs-*.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ROOT, startServer, launch, openPage, waitReady, settle, status, shot } from "./harness.mjs";

const DIST = process.env.DIST || path.join(ROOT, "dist");
const manifest = readFileSync(path.join(DIST, "assets/packs/manifest.txt"), "utf8").split("\n");
const PACKS = new Map(manifest.filter((l) => l.startsWith("pack ")).map((l) => {
  const [, name, bytes, sha] = l.split(" ");
  return [name, { bytes: Number(bytes), sha }];
}));
const packBody = (name) => readFileSync(path.join(DIST, "assets/packs", name + ".pack"));

let server, browser;
const extra = {};  // per test: a damaged or missing pack
const log = [];
before(async () => {
  server = await startServer(DIST, extra, { log: (r) => log.push(r) });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(hash, opts = {}) {
  const o = await openPage(browser, opts);
  o.requests = [];
  o.page.on("request", (r) => o.requests.push(new URL(r.url())));
  await o.page.goto(`${server.url}/index.html${hash}`);
  await waitReady(o.page);
  return o;
}

// Until no pack is downloading or being checked (and at least `min` packs were asked for).
async function packsSettled(page, min = 1) {
  for (let i = 0; ; ++i) {
    const s = await status(page);
    const ps = Object.values(s.packs.packs);
    if (ps.length >= min && ps.every((p) => p.phase === "ready" || p.phase === "failed") && s.images.pending === 0) return s;
    assert.ok(i < 400, `packs did not settle: ${JSON.stringify(s.packs)} images ${JSON.stringify(s.images)}`);
    await settle(page, 5);
  }
}

const packsRequested = (o) => o.requests.filter((u) => u.pathname.startsWith("/assets/packs/"))
  .map((u) => path.basename(u.pathname).replace(/\.pack(\.gz)?$/, ""));  // a text pack comes as NAME.pack.gz

test("the home page fetches no pack; wasm, script and data arrive gzipped", async () => {
  log.length = 0;
  const o = await open("#/");
  const s = await status(o.page);
  assert.equal(s.packs.active, true, "the website's data has no pack manifest");
  assert.deepEqual(packsRequested(o), [], "packs fetched for the home page");
  const wasm = log.find((r) => r.path === "/explorer.wasm"), js = log.find((r) => r.path === "/explorer.js");
  assert.equal(wasm.encoding, "gzip");
  assert.equal(js.encoding, "gzip");
  assert.ok(wasm.bytes < 0.5 * statSync(path.join(DIST, "explorer.wasm")).size);
  // The data package comes as its gzipped copy (unpacked in the page), never twice.
  assert.ok(log.some((r) => r.path === "/explorer.data.gz" && r.status === 200));
  assert.ok(!log.some((r) => r.path === "/explorer.data"), "the uncompressed data was fetched too");
  await shot(o.page, "packs-home");
  assert.deepEqual(o.errors, []);
  await o.context.close();
});

test("a chapter opened cold gets its pack and draws its math; only the manifest's packs are fetched", async () => {
  const o = await open("#/notes/attention");
  const s = await packsSettled(o.page);
  const got = packsRequested(o);
  assert.ok(got.includes("en-04-1x"), `the attention chapter's pack was not fetched: ${got}`);
  for (const p of got) {
    assert.ok(PACKS.has(p), `${p} is not in the manifest`);
    // A note's images come at the screen's ratio (a scene's formulas may be drawn larger).
    assert.ok(!/^(en|zh)-\d\d-(2x|4x)$/.test(p), `a chapter pack for another pixel ratio was fetched at 1x: ${p}`);
    assert.equal(s.packs.packs[p].phase, "ready", `${p}: ${JSON.stringify(s.packs.packs[p])}`);
  }
  assert.equal(new Set(got).size, got.length, "a pack was fetched twice");
  // Images load when first drawn (on screen): the chapter's first formulas are typeset PNGs now.
  assert.ok(s.images.loaded >= 3, `no typeset math drawn: ${JSON.stringify(s.images)}`);
  assert.equal(s.images.failed, 0);
  await settle(o.page, 4);
  const img = await shot(o.page, "packs-attention");
  assert.ok(img.variance(244, 140, 964, 700) > 100, "the chapter looks blank");
  assert.deepEqual(o.errors, []);
  await o.context.close();
});

test("a phone-like screen (2x) fetches the 2x packs instead", async () => {
  const o = await open("#/notes/ssm-mamba", { scale: 2 });
  await packsSettled(o.page);
  const got = packsRequested(o);
  assert.ok(got.includes("en-13-2x"), `${got}`);
  assert.ok(got.every((p) => !/^(en|zh)-\d\d-1x$/.test(p)), `1x chapter packs fetched at 2x: ${got}`);
  assert.deepEqual(o.errors, []);
  await o.context.close();
});

test("switching to Chinese fetches the Chinese edition, then its chapters' packs", async () => {
  const o = await open("#/notes/attention");
  await packsSettled(o.page);
  assert.ok(!packsRequested(o).includes("zh"));
  await o.page.evaluate(() => window.explorer.debugLanguage("zh"));
  let s;
  for (let i = 0; ; ++i) {
    await settle(o.page, 5);
    s = await status(o.page);
    if (s.packs.packs.zh && s.packs.packs.zh.phase === "ready" && /[\u4e00-\u9fff]/.test(s.title)) break;
    assert.ok(i < 400, `the Chinese edition did not arrive: ${JSON.stringify(s.packs.packs.zh)} ${s.title}`);
  }
  s = await packsSettled(o.page);
  const got = packsRequested(o);
  // The formulas on screen are the English chapter's (same LaTeX, one pack); the translated
  // figures further down come with zh-04-1x.
  assert.ok(got.includes("zh"), `${got}`);
  assert.equal(s.images.failed, 0);
  assert.ok(s.images.loaded >= 3, JSON.stringify(s.images));
  const cat = await o.page.evaluate(() => window.explorer.catalog());
  assert.ok(cat.notes.length >= 14 && cat.notes.every((n) => /[\u4e00-\u9fff]/.test(n.title)));
  await shot(o.page, "packs-zh-attention");
  assert.deepEqual(o.errors, []);
  await o.context.close();
});

test("opened in Chinese: the page is ready only with the Chinese edition's text, which comes gzipped", async () => {
  log.length = 0;
  const o = await open("?lang=zh#/");
  const s = await status(o.page);
  assert.equal(s.packs.packs.zh.phase, "ready");
  // A text pack has a gzipped copy (assemble_html.py), unpacked in the page and checked as the .pack.
  assert.ok(log.some((r) => r.path === "/assets/packs/zh.pack.gz" && r.status === 200), JSON.stringify(log.map((r) => r.path)));
  assert.ok(!log.some((r) => r.path === "/assets/packs/zh.pack"), "the uncompressed pack was fetched too");
  const cat = await o.page.evaluate(() => window.explorer.catalog());
  assert.ok(cat.notes.length >= 14, "the zh catalog is empty at ready");
  assert.deepEqual(o.errors, []);
  await o.context.close();
});

test("a damaged or missing pack shows a clear message naming it, and nothing crashes", async () => {
  // Same size, one byte changed: only the app's SHA-256 check can tell.
  const bad = Buffer.from(packBody("en-04-1x"));
  bad[bad.length >> 1] ^= 0xff;
  extra["/assets/packs/en-04-1x.pack"] = { body: bad };
  extra["/assets/packs/en-07-1x.pack"] = { body: "not found", status: 404, type: "text/plain" };
  try {
    const a = await open("#/notes/attention");
    let s = await packsSettled(a.page);
    const p = s.packs.packs["en-04-1x"];
    assert.equal(p.phase, "failed");
    assert.match(p.message, /en-04-1x.*SHA-256/);
    assert.ok(s.images.failed >= 1, JSON.stringify(s.images));
    await settle(a.page, 4);
    await shot(a.page, "packs-damaged");
    assert.equal(s.lastError, "");
    assert.deepEqual(a.errors, []);
    await a.context.close();

    const b = await open("#/notes/ffn");
    s = await packsSettled(b.page);
    assert.equal(s.packs.packs["en-07-1x"].phase, "failed");
    assert.match(s.packs.packs["en-07-1x"].message, /HTTP 404/);
    await shot(b.page, "packs-missing");
    // The browser logs the 404 itself; nothing else may be an error.
    assert.deepEqual(b.errors.filter((e) => !/404/.test(e)), []);
    assert.equal((await status(b.page)).ready, true);
    await b.context.close();
  } finally {
    delete extra["/assets/packs/en-04-1x.pack"];
    delete extra["/assets/packs/en-07-1x.pack"];
  }
});
