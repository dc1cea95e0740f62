// Notes scrolling benchmark: frame time while scrolling a long note in headless Chromium
// (SwiftShader software GL, like CI). The note is "#/notes/all?repeat=2": every chapter, twice
// (≥ 5,000 words, ≥ 50 formulas; the script counts them from content/ and says so).
// Prints p50/p95/max of requestAnimationFrame intervals, and the app's own CPU work per frame
// (window.explorer.status().work, last 120 frames): headless SwiftShader rasterizes in software,
// so the interval mostly measures the machine's GL emulation; the work column is our code.
// Needs dist/ (scripts/build.sh web).
//   node bench/notes_scroll.mjs
import fs from "node:fs";
import path from "node:path";
import { ROOT, startServer, launch, openPage, waitReady, settle } from "../tests/browser/harness.mjs";

const REPEAT = 2;
const FRAMES = 600;

// Size of the benchmarked document, from the same markdown the app loads.
const dir = path.join(ROOT, "content/en/notes");
let words = 0, formulas = 0;
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".md"))) {
  const t = fs.readFileSync(path.join(dir, f), "utf8");
  words += t.split(/\s+/).filter(Boolean).length;
  formulas += (t.match(/\$\$[\s\S]+?\$\$|\$[^$\n]+?\$/g) || []).length;
}
words *= REPEAT;
formulas *= REPEAT;

const server = await startServer(path.join(ROOT, "dist"));
const browser = await launch();
try {
  const { page, context } = await openPage(browser);
  await page.goto(`${server.url}/index.html#/notes/all?repeat=${REPEAT}`);
  await waitReady(page);
  await settle(page, 30);
  // Scroll continuously with wheel events on the canvas, one per frame, and record frame intervals.
  const dts = await page.evaluate((n) => new Promise((resolve) => {
    const canvas = document.getElementById("canvas");
    const t = [];
    const tick = (ts) => {
      t.push(ts);
      canvas.dispatchEvent(new WheelEvent("wheel", { deltaY: 40, deltaMode: 0, clientX: 600, clientY: 400, bubbles: true, cancelable: true }));
      if (t.length > n) resolve(t.slice(1).map((x, i) => x - t[i]));
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }), FRAMES);
  const st = await page.evaluate(() => window.explorer.status());
  dts.sort((a, b) => a - b);
  const q = (p) => dts[Math.min(dts.length - 1, Math.floor(p * dts.length))];
  console.log(`notes scroll bench: ${words} words, ${formulas} formulas (#/notes/all?repeat=${REPEAT}), ${dts.length} frames`);
  console.log(`| page | frames | interval p50 ms | p95 ms | max ms | fps (p50) | work p50 ms | work p95 ms | work max ms |`);
  console.log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|`);
  const w = st.work;
  console.log(`| notes/all?repeat=${REPEAT} (scrolling) | ${dts.length} | ${q(0.5).toFixed(1)} | ${q(0.95).toFixed(1)} | ${dts[dts.length - 1].toFixed(1)} | ${(1000 / q(0.5)).toFixed(0)} | ${w.p50.toFixed(2)} | ${w.p95.toFixed(2)} | ${w.max.toFixed(2)} |`);
  if (st.route.indexOf("notes/all") < 0) throw new Error(`unexpected route ${st.route}`);
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
