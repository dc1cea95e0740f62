// Frame time of the web build in headless Chromium (SwiftShader, i.e. software GL), per page.
// Prints a markdown table of p50/p95 over requestAnimationFrame intervals, and of the app's own
// CPU work per frame (window.explorer.status().work, last 120 frames). Headless SwiftShader
// rasterizes in software, so the interval is mostly the GL emulation; work is our code.
// Needs dist/ built.
import path from "node:path";
import { ROOT, startServer, launch, openPage, waitReady, settle } from "../tests/browser/harness.mjs";

const LONG_TEXT = "Attention lets every token look at every earlier token and mix their values by relevance; " +
  "the lab shows each head's weights for one hundred and twenty-eight tokens.";  // >= 128 characters
const PAGES = [
  ["home", "#/"],
  ["lab/softmax", "#/lab/softmax"],
  ["embed/lab/softmax", "#/embed/lab/softmax?T=0.7"],
  // Attention lab at the size: 128 tokens (char tokenizer), 4 layers x 4 heads.
  ["lab/attention 128 tok 4x4", "#/lab/attention?layers=4&heads=4&width=64&text=" + encodeURIComponent(LONG_TEXT)],
  ["lab/attention all heads", "#/lab/attention?layers=4&heads=4&width=64&tab=heads&text=" + encodeURIComponent(LONG_TEXT)],
  ["lab/mamba-sim", "#/lab/mamba-sim?N=16&L=512&sig=noise"],
  ["lab/mamba-sim selective", "#/lab/mamba-sim?N=16&L=512&sig=noise&mode=sel"],
  // UI kit gallery: an n x n heatmap (quads up to 64 x 64, one texture above) plus the other plots.
  ["lab/ui-kit heatmap 16x16", "#/lab/ui-kit?n=16"],
  ["lab/ui-kit heatmap 64x64", "#/lab/ui-kit?n=64"],
  ["lab/ui-kit heatmap 256x256", "#/lab/ui-kit?n=256"],
];
const FRAMES = 240;

const server = await startServer(path.join(ROOT, "dist"));
const browser = await launch();
console.log(`| page | frames | interval p50 ms | p95 ms | max ms | work p50 ms | work p95 ms | work max ms |`);
console.log(`|---|---:|---:|---:|---:|---:|---:|---:|`);
try {
  for (const [name, hash] of PAGES) {
    const { page, context } = await openPage(browser);
    await page.goto(`${server.url}/index.html${hash}`);
    await waitReady(page);
    const dts = await page.evaluate((n) => new Promise((resolve) => {
      const t = [];
      const tick = (ts) => { t.push(ts); if (t.length > n) resolve(t.slice(1).map((x, i) => x - t[i])); else requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    }), FRAMES);
    dts.sort((a, b) => a - b);
    const q = (p) => dts[Math.min(dts.length - 1, Math.floor(p * dts.length))].toFixed(1);
    const w = (await page.evaluate(() => window.explorer.status())).work;
    console.log(`| ${name} | ${dts.length} | ${q(0.5)} | ${q(0.95)} | ${dts[dts.length - 1].toFixed(1)} | ` +
      `${w.p50.toFixed(2)} | ${w.p95.toFixed(2)} | ${w.max.toFixed(2)} |`);
    await context.close();
  }

  // A parameter change: the slowest frame of our own work from the change until well after the
  // new result is shown (the lab computes in slices over frames). Each poll reads the max over
  // the last 120 frames, so polling every frame misses none.
  const CHANGES = [
    ["attention: first GPT-2 use, 6x8 w128", "#/lab/attention?layers=4&heads=4&width=64&text=x",
     "#/lab/attention?tok=gpt2&layers=6&heads=8&width=128&seed=3&text=" + encodeURIComponent(LONG_TEXT)],
    ["attention: GPT-2 6x8 w128, all heads, new seed", "#/lab/attention?tok=gpt2&layers=1&heads=1&width=8&text=x",
     "#/lab/attention?tok=gpt2&layers=6&heads=8&width=128&seed=4&tab=heads&text=" + encodeURIComponent(LONG_TEXT)],
    ["mamba-sim N16 L512 selective, wd changed", "#/lab/mamba-sim?N=16&L=512&sig=noise&mode=sel",
     "#/lab/mamba-sim?N=16&L=512&sig=noise&mode=sel&wd=2"],
  ];
  console.log(`\n| change | frames watched | work max ms (any frame) |\n|---|---:|---:|`);
  for (const [name, from, to] of CHANGES) {
    const { page, context } = await openPage(browser);
    await page.goto(`${server.url}/index.html${from}`);
    await waitReady(page);
    await settle(page, 150);  // the first page's own computation leaves the 120-frame window
    const worst = await page.evaluate(([hash, n]) => new Promise((resolve) => {
      let i = 0, worst = 0;
      window.explorer.navigate(hash);
      const tick = () => {
        worst = Math.max(worst, window.explorer.status().work.max);
        if (++i >= n) resolve(worst); else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }), [to, 300]);
    console.log(`| ${name} | 300 | ${worst.toFixed(2)} |`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
