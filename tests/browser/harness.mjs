// Shared browser-test harness: a static server on 127.0.0.1, Debian's Chromium through
// playwright-core, console/exception capture, screenshots to build/screenshots/, and pixel
// statistics of what the user actually sees (decoded from the screenshot PNG).
import { mkdir, writeFile } from "node:fs/promises";
import { inflateSync } from "node:zlib";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SHOTS = path.join(ROOT, "build", "screenshots");

// The static server (gzip, MIME types, byte ranges, like GitHub Pages) is scripts/serve.mjs, shared
// with scripts/run.sh: startServer(dir, extra, {log}).
import { startServer } from "../../scripts/serve.mjs";

export { startServer };

// The Chinese edition's downloads (its text pack and CJK fonts), which a slow connection delays in
// split.test.mjs and in one of scripts/wasm_split_profile.mjs's runs.
export const SLOW_ZH_DOWNLOADS = /\/assets\/(packs\/zh\.pack|fonts\/cjk-)/;
// Holds every request matching pattern for ms before it goes to the server (a slow connection).
export const delayRequests = (page, pattern, ms = 1500) =>
  page.route(pattern, async (r) => { await new Promise((t) => setTimeout(t, ms)); await r.continue(); });

export async function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--use-gl=angle", "--use-angle=swiftshader",
      "--enable-unsafe-swiftshader", "--allow-file-access-from-files"],
  });
}

// Opens a page and records every console error and uncaught exception. The app follows the
// system's colour scheme on a first visit, so the page says dark unless a test asks otherwise;
// hasTouch/isMobile emulate a phone or tablet, reducedMotion "reduce" the reader's setting.
export async function openPage(browser, { width = 1280, height = 800, scale = 1, hasTouch = false, isMobile = false,
  colorScheme = "dark", reducedMotion = "no-preference" } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale, acceptDownloads: true,
    hasTouch, isMobile, colorScheme, reducedMotion });
  // Content-Security-Policy violations count as errors (Chromium also logs most of them).
  await context.addInitScript(() => document.addEventListener("securitypolicyviolation", (e) =>
    console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`)));
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(`console.error: ${m.text()}`); });
  page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
  page.on("dialog", (d) => { errors.push(`unexpected dialog: ${d.message()}`); d.dismiss(); });
  return { page, context, errors };
}

export async function waitReady(page, timeout = 60000) {
  await page.waitForFunction(() => window.explorer && window.explorer.status().ready === true, null, { timeout });
  // The loading screen fades out over 0.25 s once the app is ready: what a test sees starts after it.
  await page.waitForFunction(() => {
    const l = document.getElementById("loader");
    return !l || getComputedStyle(l).opacity === "0";
  }, null, { timeout });
  await settle(page);
}

// Lets a few frames render (requestAnimationFrame-driven main loop).
export async function settle(page, frames = 6) {
  await page.evaluate((n) => new Promise((r) => {
    let i = 0;
    const tick = () => (++i >= n ? r() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }), frames);
}

export const status = (page) => page.evaluate(() => window.explorer.status());

// Scrolls a note with the wheel, as a reader does, until `locator` (text in the page's text layer)
// is on screen between `top` and `bottom` CSS px and in the same place on two looks; returns its box
// (or the last one seen: check it). Playwright's own scroll-into-view moves the layer, which hands
// the scroll to the app, and a click aimed meanwhile can miss (clean-clone runs under load raced
// the two), so click the returned box's centre with page.mouse.
export async function wheelIntoView(page, locator, { top = 60, bottom = page.viewportSize().height - 40 } = {}) {
  const inView = (b) => b && b.y >= top && b.y + b.height <= bottom;
  let box = null, last = null;
  for (let i = 0; i < 40; i++) {
    box = await locator.boundingBox();
    if (inView(box) && last && Math.abs(box.y - last.y) < 0.5) return box;
    if (box && !inView(box)) {
      await page.mouse.move(640, 400);
      await page.mouse.wheel(0, box.y > 400 ? 200 : -200);
    }
    last = box;
    await settle(page, 4);
  }
  return box;
}

// Polls the widget's probe (status().widget) until pred(widget) holds; throws on a widget error
// or after timeout ms (a long computation in the page, e.g. training, reports through the probe).
export async function waitForWidget(page, pred, timeout = 300000) {
  const t0 = Date.now();
  for (;;) {
    const s = await status(page);
    if (pred(s.widget || {})) return s.widget;
    if (s.widget && s.widget.error) throw new Error(`widget error: ${s.widget.error}`);
    if (Date.now() - t0 > timeout) throw new Error(`timeout; widget: ${JSON.stringify(s.widget).slice(0, 300)}`);
    await settle(page, 10);
  }
}

// Saves a screenshot and returns its pixels, decoded on first use (most callers only keep the file;
// decoding a phone's DPR-3 frame in JS takes longer than taking it). css: the viewport at CSS size,
// through the DevTools protocol with its fast PNG encoder (a device-pixel capture of a
// software-rendered DPR-3 frame costs ~3x as long), unless FULL_SHOTS is set.
const cdpOf = new WeakMap();  // page -> its DevTools session, for css shots
export async function shot(page, name, { css = false } = {}) {
  await mkdir(SHOTS, { recursive: true });
  let buf;
  if (css && !process.env.FULL_SHOTS) {
    if (!cdpOf.has(page)) cdpOf.set(page, await page.context().newCDPSession(page));
    const { width, height } = page.viewportSize();
    const { data } = await cdpOf.get(page).send("Page.captureScreenshot",
      { format: "png", optimizeForSpeed: true, clip: { x: 0, y: 0, width, height, scale: 1 } });
    buf = Buffer.from(data, "base64");
  } else {
    buf = await page.screenshot();
  }
  await writeFile(path.join(SHOTS, `${name}.png`), buf);
  let img = null;
  const get = () => (img ||= decodePng(buf));
  return {
    get width() { return get().width; },
    get height() { return get().height; },
    get _px() { return get()._px; },
    pixel: (...a) => get().pixel(...a),
    variance: (...a) => get().variance(...a),
    diff: (other, ...a) => get().diff(other, ...a),
  };
}

// Minimal PNG decoder for Chromium screenshots (8-bit RGB/RGBA, non-interlaced).
export function decodePng(buf) {
  let off = 8, width = 0, height = 0, channels = 0;
  const idat = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString("ascii", off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === "IHDR") {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error("unsupported PNG");
      channels = { 2: 3, 6: 4 }[data[9]];
    } else if (type === "IDAT") idat.push(data);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels, px = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)], src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? px[y * stride + x - channels] : 0;
      const b = y > 0 ? px[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? px[(y - 1) * stride + x - channels] : 0;
      let v = src[x];
      if (f === 1) v += a; else if (f === 2) v += b; else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) { const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      px[y * stride + x] = v & 255;
    }
  }
  return {
    width, height,
    pixel(x, y) { const i = y * stride + x * channels; return [px[i], px[i + 1], px[i + 2]]; },
    // Luma variance over a region (defaults to the whole image): 0 for a blank frame.
    variance(x0 = 0, y0 = 0, x1 = width, y1 = height) {
      let n = 0, s = 0, s2 = 0;
      for (let y = y0; y < y1; y += 2) for (let x = x0; x < x1; x += 2) {
        const i = y * stride + x * channels, l = 0.299 * px[i] + 0.587 * px[i + 1] + 0.114 * px[i + 2];
        n++; s += l; s2 += l * l;
      }
      return s2 / n - (s / n) ** 2;
    },
    // Fraction of sampled pixels that differ between two decoded images of the same size, over a
    // region (defaults to the whole image).
    diff(other, x0 = 0, y0 = 0, x1 = width, y1 = height) {
      let n = 0, d = 0;
      for (let y = y0; y < y1; y += 3) for (let x = x0; x < x1; x += 3) {
        const i = y * stride + x * channels;
        n++; if (Math.abs(px[i] - other._px[i]) > 8 || Math.abs(px[i + 1] - other._px[i + 1]) > 8) d++;
      }
      return d / n;
    },
    _px: px,
  };
}

export const hex = (rgb) => "#" + rgb.map((v) => v.toString(16).padStart(2, "0")).join("");

// One test file's app under test: serves dist/ (plus any `extra` pages) and starts Chromium
// before the file's tests, stops both after. `app.open(hash, opts)` opens a page at the hash
// and waits until the app is ready and has drawn `frames` frames.
export function useApp(extra = {}) {
  const app = {
    server: null,
    browser: null,
    async open(hash = "", opts = {}, frames = 6) {
      const o = await openPage(app.browser, opts);
      await o.page.goto(`${app.server.url}/index.html${hash}`);
      await waitReady(o.page);
      await settle(o.page, frames);
      return o;
    },
  };
  before(async () => {
    app.server = await startServer(process.env.DIST || path.join(ROOT, "dist"), extra);  // DIST: another build
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}
