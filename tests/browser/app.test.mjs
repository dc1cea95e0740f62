// The web build (dist/) in a real Chromium: loads, draws, routes both ways, embeds, survives
// hostile URLs, and the Lab widget responds to input. Screenshots go to build/screenshots/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, openPage, waitReady, settle, status, shot, hex } from "./harness.mjs";

const MENU_BAR = "#111317";  // dark theme: top bar and navigation background

const app = useApp({
  // An "author's page" that embeds the app in an iframe and talks to it with postMessage.
  "/embedder.html": `<!doctype html><meta charset="utf-8"><title>embedder</title><link rel="icon" href="data:,">
    <iframe id="f" src="/index.html#/embed/lab/softmax?T=2" width="640" height="420" style="border:0"></iframe>`,
});
const open = (hash = "", opts) => app.open(hash, opts);

test("dist/ loads, draws a non-blank frame and logs no errors", async () => {
  const { page, context, errors } = await open();
  const img = await shot(page, "home");
  assert.ok(img.variance() > 50, `canvas looks blank (luma variance ${img.variance().toFixed(1)})`);
  const s = await status(page);
  assert.equal(s.ready, true);
  assert.equal(s.room, "home");
  assert.ok(s.fps > 0, "frame-time readout is running");
  // The benches read our own per-frame CPU time from here.
  assert.ok(s.work.frames > 0 && s.work.p50 > 0 && s.work.p50 <= s.work.p95 && s.work.p95 <= s.work.max,
    `work stats look wrong: ${JSON.stringify(s.work)}`);
  // The loader is gone and the canvas fills the window.
  assert.equal(await page.$eval("#loader", (e) => e.classList.contains("done")), true);
  const box = await page.$eval("#canvas", (c) => [c.clientWidth, c.clientHeight]);
  assert.deepEqual(box, [1280, 800]);
  assert.deepEqual(errors, []);
  await context.close();
});

test("clicking the navigation changes the page and the URL", async () => {
  const { page, context, errors } = await open();
  const before = await shot(page, "nav-before");
  await page.mouse.click(60, 206);  // "Lab" in the left navigation
  await settle(page);
  let s = await status(page);
  assert.equal(s.room, "lab");
  assert.equal(await page.evaluate(() => location.hash), "#/lab");
  const lab = await shot(page, "nav-lab");
  assert.ok(lab.diff(before) > 0.01, "page content did not change after the click");
  await page.mouse.click(60, 130);  // "Notes"
  await settle(page);
  s = await status(page);
  assert.equal(s.room, "notes");
  // Browser back returns to the Lab.
  await page.goBack();
  await settle(page);
  assert.equal((await status(page)).room, "lab");
  await page.goForward();
  await settle(page);
  assert.equal((await status(page)).room, "notes");
  assert.deepEqual(errors, []);
  await context.close();
});

test("setting the hash routes, and a reload restores the page", async () => {
  const { page, context, errors } = await open();
  await page.evaluate(() => window.explorer.navigate("#/lab/softmax?T=0.5"));
  await settle(page);
  let s = await status(page);
  assert.equal(s.room, "lab");
  assert.equal(s.slug, "softmax");
  assert.match(s.route, /T=0\.5/);
  await page.evaluate(() => { location.hash = "#/cinema"; });
  await settle(page);
  assert.equal((await status(page)).room, "cinema");
  await page.evaluate(() => { location.hash = "#/lab/softmax?T=0.5"; });
  await settle(page);
  const a = await shot(page, "softmax-T0.5");
  await page.reload();
  await waitReady(page);
  s = await status(page);
  assert.equal(s.slug, "softmax");
  assert.match(s.route, /T=0\.5/);
  const b = await shot(page, "softmax-T0.5-reloaded");
  assert.ok(a.diff(b) < 0.01, "the reloaded page does not look the same");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the Softmax widget responds to a slider drag and keeps its state in the URL", async () => {
  const { page, context, errors } = await open("#/lab/softmax");
  const before = await shot(page, "softmax-before");
  // Drag the temperature slider (x 232..652, y ~190) from the middle to the far right.
  await page.mouse.move(442, 190);
  await page.mouse.down();
  await page.mouse.move(520, 190, { steps: 4 });
  await page.mouse.move(645, 190, { steps: 4 });
  await page.mouse.up();
  await settle(page);
  const after = await shot(page, "softmax-after-drag");
  assert.ok(after.diff(before) > 0.005, "the chart did not change after dragging the slider");
  const t = Number(new URL("http://x/" + (await status(page)).route.slice(2).replace(/^[^?]*/, "a")).searchParams.get("T"));
  assert.ok(t > 2, `temperature in the URL should have risen, got ${t}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("embed mode shows the widget without app chrome", async () => {
  const { page, context, errors } = await open("#/embed/lab/softmax?T=0.7");
  const img = await shot(page, "embed-softmax");
  assert.equal((await status(page)).embed, true);
  assert.ok(img.variance() > 50, "embed frame is blank");
  // The full app paints its top bar and navigation in the menu-bar colour; the embed does not.
  const full = await open("#/lab/softmax?T=0.7");
  const fullImg = await shot(full.page, "full-softmax");
  assert.equal(hex(fullImg.pixel(1270, 4)), MENU_BAR);
  assert.equal(hex(fullImg.pixel(100, 700)), MENU_BAR);
  assert.notEqual(hex(img.pixel(1270, 4)), MENU_BAR);
  assert.notEqual(hex(img.pixel(100, 700)), MENU_BAR);
  assert.deepEqual(errors, []);
  assert.deepEqual(full.errors, []);
  await full.context.close();
  await context.close();
});

test("unknown and hostile routes show the not-found page, inject nothing", async () => {
  const { page, context, errors } = await open("#/nowhere/at-all");
  await shot(page, "not-found");
  assert.equal((await status(page)).room, "not-found");
  const hostile = [
    "#/lab/<img src=x onerror=alert(1)>",
    "#/notes/..%2F..%2Fetc%2Fpasswd",
    "#/lab/softmax?T=1e999&logits=NaN,Infinity,-1e40",
    "#/embed/lab/" + "a".repeat(9000),
    "#/lab/softmax?T=%ZZ",
    "#/cinema/x?" + "k=v&".repeat(100),
  ];
  for (const h of hostile) {
    await page.evaluate((x) => { location.hash = x; }, h);
    await settle(page, 3);
    const s = await status(page);
    assert.ok(s.ready, `app died on ${h.slice(0, 40)}`);
  }
  // The softmax URL with absurd values is clamped with a warning, not rejected.
  await page.evaluate(() => { location.hash = "#/lab/softmax?T=1e999&logits=NaN,Infinity,-1e40"; });
  await settle(page);
  const s = await status(page);
  assert.equal(s.slug, "softmax");
  await shot(page, "softmax-absurd-params");
  // A hand-made link with a text too long for an address opens with the text cut, and says so.
  await page.evaluate(() => { location.hash = "#/lab/attention?text=" + "the cat sat. ".repeat(300); });
  await settle(page);
  const cut = await status(page);
  assert.equal(cut.found, true);
  assert.equal(cut.slug, "attention");
  assert.ok(cut.warnings.some((w) => w.includes("text") && w.includes("3900")), JSON.stringify(cut.warnings));
  await shot(page, "long-link-cut");
  const html = await page.content();
  assert.ok(!html.includes("onerror=alert"), "URL text reached the DOM");
  assert.deepEqual(errors, []);
  await context.close();
});

test("an embedding page can drive the app through postMessage", async () => {
  const { page, context, errors } = await openPage(app.browser);
  await page.goto(`${app.server.url}/embedder.html`);
  const frame = page.frames().find((f) => f.url().includes("index.html"));
  await frame.waitForFunction(() => window.explorer && window.explorer.status().ready, null, { timeout: 60000 });
  const reply = await page.evaluate(() => new Promise((resolve) => {
    window.addEventListener("message", (e) => { if (e.data && e.data.type === "explorer.status") resolve(e.data); });
    const f = document.getElementById("f").contentWindow;
    f.postMessage({ type: "explorer.navigate", hash: "#/embed/lab/softmax?T=3" }, "*");
    setTimeout(() => f.postMessage({ type: "explorer.status", id: 7 }, "*"), 500);
  }));
  assert.equal(reply.id, 7);
  assert.equal(reply.status.embed, true);
  assert.match(reply.status.route, /T=3/);
  await shot(page, "embedder");
  assert.deepEqual(errors, []);
  await context.close();
});

test("text stays crisp on a HiDPI screen (fonts rasterized at devicePixelRatio 2)", async () => {
  const { page, context, errors } = await open("#/", { width: 900, height: 600, scale: 2 });
  const img = await shot(page, "home-hidpi");
  assert.equal(img.width, 1800);
  const s = await page.evaluate(() => [document.getElementById("canvas").width, window.devicePixelRatio]);
  assert.deepEqual(s, [1800, 2]);
  assert.ok(img.variance() > 50);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a narrow window switches to the compact layout and follows resizes", async () => {
  const { page, context, errors } = await open("#/lab/softmax", { width: 420, height: 760 });
  await shot(page, "narrow-softmax");
  await page.setViewportSize({ width: 1100, height: 700 });
  await settle(page, 10);
  const w = await page.evaluate(() => document.getElementById("canvas").width);
  assert.equal(w, 1100);
  const img = await shot(page, "resized-softmax");
  assert.equal(hex(img.pixel(100, 650)), MENU_BAR, "navigation column should appear when wide");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the theme toggle switches to the light theme and back", async () => {
  const { page, context, errors } = await open("#/");
  const dark = await shot(page, "theme-dark");
  await page.mouse.click(1205, 20);  // "Light theme" in the top bar
  await settle(page);
  const light = await shot(page, "theme-light");
  const [r, g, b] = light.pixel(640, 760);
  assert.ok(r > 200 && g > 200 && b > 200, `background should be light, got ${hex([r, g, b])}`);
  assert.ok(dark.pixel(640, 760)[0] < 60, "started dark");
  await page.mouse.click(1205, 20);  // now "Dark theme"
  await settle(page);
  const back = await shot(page, "theme-dark-again");
  assert.ok(back.pixel(640, 760)[0] < 60, "toggled back to dark");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the mouse wheel scrolls a page taller than the window", async () => {
  const { page, context, errors } = await open("#/", { width: 1280, height: 420 });
  const top = await shot(page, "wheel-top");
  await page.mouse.move(700, 300);
  for (let i = 0; i < 5; i++) await page.mouse.wheel(0, 120);
  await settle(page, 10);
  const scrolled = await shot(page, "wheel-scrolled");
  assert.ok(scrolled.diff(top) > 0.01, "content did not scroll");
  assert.deepEqual(errors, []);
  await context.close();
});

test("touch: tapping the navigation works on a touch screen", async () => {
  const { context, page, errors } = await (async () => {
    const ctx = await app.browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: false });
    const p = await ctx.newPage();
    const errs = [];
    p.on("console", (m) => { if (m.type() === "error") errs.push(m.text()); });
    p.on("pageerror", (e) => errs.push(e.message));
    return { context: ctx, page: p, errors: errs };
  })();
  await page.goto(`${app.server.url}/index.html#/`);
  await waitReady(page);
  await page.touchscreen.tap(60, 270);  // "Lab" (finger-sized rows on a touch screen)
  await settle(page, 10);
  assert.equal((await status(page)).room, "lab");
  await shot(page, "touch-lab");
  assert.deepEqual(errors, []);
  await context.close();
});

test("without WebGL2 the page says so clearly instead of failing silently", async () => {
  const { page, context } = await openPage(app.browser);
  await page.addInitScript(() => {
    const orig = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
      return type === "webgl2" ? null : orig.call(this, type, ...rest);
    };
  });
  await page.goto(`${app.server.url}/index.html`);
  await page.waitForSelector("#loader.failed", { timeout: 20000 });
  const text = await page.$eval("#error", (e) => e.textContent);
  assert.match(text, /WebGL2 is not available/);
  await shot(page, "no-webgl2");
  const s = await page.evaluate(() => window.explorer.status());
  assert.equal(s.ready, false);
  assert.match(s.lastError, /WebGL2/);
  await context.close();
});

// The shell's WebGL2 check creates the app's context early (wasm_shell/shell.js); emscripten's
// getContext must then get that same context, which only holds if both ask for the same attributes.
// The shell also gives the canvas its final size first, so SDL's start-up never resizes (reallocates)
// the drawing buffer (wasm_shell/library_canvas.js).
test("the app draws with the WebGL2 context the shell made, with the attributes the app asks for", async () => {
  const { page, context, errors } = await openPage(app.browser);
  await page.addInitScript(() => {
    window.__glCalls = [];
    const made = new Set();
    const orig = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (type, attrs) {
      const ctx = orig.call(this, type, attrs);
      if (type === "webgl2") {
        made.add(ctx);
        window.__glCalls.push({ canvas: this.id, attrs: Object.assign({}, attrs || {}), contexts: made.size });
      }
      return ctx;
    };
    window.__sizeSets = [];  // width / height set on a canvas once a context exists
    for (const k of ["width", "height"]) {
      const d = Object.getOwnPropertyDescriptor(HTMLCanvasElement.prototype, k);
      Object.defineProperty(HTMLCanvasElement.prototype, k, { configurable: true, get() { return d.get.call(this); },
        set(v) { if (made.size) window.__sizeSets.push(`${this.id}.${k} = ${v}`); d.set.call(this, v); } });
    }
  });
  await page.goto(`${app.server.url}/index.html#/`);
  await waitReady(page);
  const calls = await page.evaluate(() => window.__glCalls);
  assert.ok(calls.length >= 2, `expected the shell's and the app's getContext calls: ${JSON.stringify(calls)}`);
  assert.ok(calls.every((c) => c.canvas === "canvas"), `a context on another canvas: ${JSON.stringify(calls)}`);
  assert.equal(calls[calls.length - 1].contexts, 1, "the app created a second WebGL2 context");
  const { majorVersion, minorVersion, ...asked } = calls[calls.length - 1].attrs;
  assert.equal(majorVersion, 2);
  assert.deepEqual(asked, calls[0].attrs, "the shell's context attributes differ from the app's request");
  assert.deepEqual(await page.evaluate(() => window.__sizeSets), [], "the drawing buffer was resized after the context was made");
  assert.deepEqual(await page.evaluate(() => [document.getElementById("canvas").width, document.getElementById("canvas").height]), [1280, 800]);
  assert.ok((await shot(page, "home-shell-context")).variance() > 50, "canvas looks blank");
  assert.deepEqual(errors, []);
  await context.close();
});

// Dear ImGui's backend reads back the blend and scissor state every frame; in Chromium each of those
// reads waits for the GPU process, so wasm_shell/library_gl_state.js answers them from what the app
// set (and the scissor box, before the app sets it, from the size the shell made the context with).
// A drawn frame, the first one too, then asks WebGL for none of them, and the recorded values are
// WebGL's own.
test("drawn frames read no blend or scissor state back from WebGL, and the app's record of it is WebGL's", async () => {
  const { page, context, errors } = await openPage(app.browser);
  const READS = { 0x80C9: "BLEND_SRC_RGB", 0x80C8: "BLEND_DST_RGB", 0x80CB: "BLEND_SRC_ALPHA", 0x80CA: "BLEND_DST_ALPHA",
    0x8009: "BLEND_EQUATION_RGB", 0x883D: "BLEND_EQUATION_ALPHA", 0x0C10: "SCISSOR_BOX" };
  await page.addInitScript((names) => {
    window.__reads = [];
    window.__counting = true;  // from the start: the first frame's reads count too
    const orig = WebGL2RenderingContext.prototype.getParameter;
    WebGL2RenderingContext.prototype.getParameter = function (p) {
      if (window.__counting && names.includes(p)) window.__reads.push(p);
      return orig.call(this, p);
    };
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (type, attrs) {
      const gl = getContext.call(this, type, attrs);
      if (type === "webgl2" && gl && !window.__scissorAtCreation) window.__scissorAtCreation = Array.from(orig.call(gl, 0x0C10));
      return gl;
    };
  }, Object.keys(READS).map(Number));
  await page.goto(`${app.server.url}/index.html#/lab/attention`);
  await waitReady(page);
  assert.deepEqual((await page.evaluate(() => window.__reads)).map((p) => READS[p]), [],
    "the first frame read blend or scissor state back from WebGL");
  assert.deepEqual(await page.evaluate(() => document.getElementById("canvas").getContext("webgl2").tmxScissorAtCreation),
    await page.evaluate(() => window.__scissorAtCreation), "the shell's note of the new context's scissor box is not WebGL's");
  await page.evaluate(() => { window.__counting = false; });
  await settle(page, 10);
  const before = (await status(page)).present.presented;
  await page.evaluate(() => { window.__counting = true; });
  await page.mouse.move(400, 300);  // hovering redraws
  await page.mouse.move(600, 400);
  await settle(page, 20);
  await page.evaluate(() => { window.__counting = false; });
  assert.ok((await status(page)).present.presented > before, "no frame was drawn while counting");
  const reads = await page.evaluate(() => window.__reads);
  assert.deepEqual(reads.map((p) => READS[p]), [], "frames read blend or scissor state back from WebGL");
  const [recorded, actual] = await page.evaluate((names) => {
    const gl = document.getElementById("canvas").getContext("webgl2");
    const real = (p) => { const v = gl.getParameter(p); return v instanceof Int32Array ? Array.from(v) : v; };
    return [Object.fromEntries(names.filter((p) => gl.tmxState[p] !== undefined).map((p) => [p, gl.tmxState[p]])),
      Object.fromEntries(names.filter((p) => gl.tmxState[p] !== undefined).map((p) => [p, real(p)]))];
  }, Object.keys(READS).map(Number));
  assert.equal(Object.keys(recorded).length, 7, `the record holds ${JSON.stringify(recorded)}`);
  assert.deepEqual(recorded, actual, "the app's record of the blend / scissor state differs from WebGL's");
  assert.ok((await shot(page, "lab-gl-state")).variance() > 50, "canvas looks blank");
  assert.deepEqual(errors, []);
  await context.close();
});

// The font atlas is the largest texture the home page uploads (2.7 MB as RGBA at DPR 1, ~20 MB at
// DPR 3). The first frame makes ImGui's device objects with it once (src/app/main.cpp: frame());
// uploading it again there would also leave the first texture behind, never deleted.
test("the first frame uploads the font atlas once, as LUMINANCE_ALPHA, and leaves no texture behind", async () => {
  const { page, context, errors } = await openPage(app.browser);
  await page.addInitScript(() => {
    window.__tex = { uploads: [], live: 0 };
    const P = WebGL2RenderingContext.prototype;
    const { texImage2D, createTexture, deleteTexture } = P;
    P.texImage2D = function (...a) {
      if (a.length >= 9) window.__tex.uploads.push([a[3], a[4], a[2]]);  // (target, level, ifmt, width, height, ...)
      return texImage2D.apply(this, a);
    };
    P.createTexture = function () { window.__tex.live++; return createTexture.call(this); };
    P.deleteTexture = function (t) { if (t) window.__tex.live--; return deleteTexture.call(this, t); };
  });
  await page.goto(`${app.server.url}/index.html#/`);
  await waitReady(page);
  const { uploads, live } = await page.evaluate(() => window.__tex);
  const area = (u) => u[0] * u[1];
  const atlas = uploads.reduce((a, u) => (area(u) > area(a) ? u : a), [0, 0]);
  assert.ok(atlas[0] >= 512 && atlas[1] >= 256, `no atlas-sized upload: ${JSON.stringify(uploads)}`);
  assert.equal(uploads.filter((u) => u[0] === atlas[0] && u[1] === atlas[1]).length, 1,
    `the ${atlas[0]} x ${atlas[1]} atlas was uploaded more than once: ${JSON.stringify(uploads)}`);
  assert.ok(live <= uploads.length, `${live} textures live after ${uploads.length} uploads`);
  // As LUMINANCE_ALPHA (0x190A), 2 bytes a texel: src/app/main.cpp make_font_texture.
  assert.equal(uploads.find((u) => u[0] === atlas[0] && u[1] === atlas[1])[2], 0x190A, "the atlas was not uploaded as LUMINANCE_ALPHA");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a missing asset file gives a clear message, not a hang", async () => {
  const { page, context } = await openPage(app.browser);
  await page.route("**/explorer.data*", (r) => r.fulfill({ status: 404, body: "gone" }));
  await page.goto(`${app.server.url}/index.html`);
  await page.waitForSelector("#loader.failed", { timeout: 20000 });
  const text = await page.$eval("#error", (e) => e.textContent);
  assert.match(text, /Download failed \(explorer\.data.*404\)/);
  await shot(page, "missing-asset");
  await context.close();
});
