// Cold load of the website in headless Chromium: time from navigation to the first drawn frame (the
// app's first frame hides the loader: window.explorerShell.onReady) and the bytes transferred before
// it (compressed, as sent: html, js, wasm, data, packs), for the English and the Chinese home page,
// on localhost and with CDP throttling at 10 Mbit/s down and up, 40 ms RTT. Every run is a fresh
// browser context (empty HTTP cache and Cache API). Medians of RUNS runs.
// The site is served by scripts/serve.mjs (gzip like GitHub Pages; GZIP=0 turns it off).
//   node bench/load_web.mjs [DIST...]      default: dist/; several: one table row group per build
// e.g. to compare with another build: node bench/load_web.mjs /tmp/dist-main dist
import path from "node:path";
import { ROOT, launch } from "../tests/browser/harness.mjs";
import { startServer } from "../scripts/serve.mjs";
import { cpuRefLine } from "./lib/cpu_ref.mjs";

const RUNS = Number(process.env.RUNS || 5);
const gzip = process.env.GZIP !== "0";
const dists = process.argv.slice(2).length ? process.argv.slice(2) : [path.join(ROOT, "dist")];
const NETS = [
  ["localhost", null],
  ["10 Mbit/s, 40 ms RTT", { offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 10e6 / 8 }],
];
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };

async function coldLoad(browser, url, net) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: "dark" });
  // The moment the loader is hidden (the app drew its first frame), in the page's clock, told by a
  // console message: nothing of the bench runs in the page before it. (Polling with
  // page.waitForFunction had Playwright evaluate its injected script, ~50 ms of the page's main
  // thread, in the middle of the load it measured.)
  await context.addInitScript(() => {
    new MutationObserver((_, obs) => {
      const l = document.getElementById("loader");
      if (l && l.classList.contains("done")) {
        window.__firstFrame = performance.now();
        obs.disconnect();
        console.debug("tmx-bench:first-frame");
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["class"] });
  });
  const page = await context.newPage();
  const drawn = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${url}: no first frame in 120 s`)), 120000);
    page.on("console", (m) => { if (m.text() === "tmx-bench:first-frame") { clearTimeout(timer); resolve(); } });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  if (net) await cdp.send("Network.emulateNetworkConditions", net);
  const finished = [];  // [monotonic s, encoded bytes, url]
  const urls = new Map();
  cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, e.request.url));
  cdp.on("Network.loadingFinished", (e) => finished.push([e.timestamp, e.encodedDataLength, urls.get(e.requestId) || ""]));
  await cdp.send("Performance.enable");
  await page.goto(url, { waitUntil: "commit" });
  await drawn;
  const ff = await page.evaluate(() => window.__firstFrame);
  // loadingFinished timestamps are CDP's monotonic clock; Performance.getMetrics' Timestamp is that
  // clock now, and performance.now() is the page's time since navigation start at (about) the same instant.
  const now = await page.evaluate(() => performance.now());
  const ts = (await cdp.send("Performance.getMetrics")).metrics.find((x) => x.name === "Timestamp").value;
  const cut = ts - now / 1000 + ff / 1000;
  let bytes = 0;
  const parts = {};
  for (const [t, n, u] of finished) {
    if (t > cut + 0.005) continue;
    bytes += n;
    const k = path.basename(new URL(u).pathname) || "index.html";
    parts[k] = (parts[k] || 0) + n;
  }
  await context.close();
  return { ms: ff, bytes, parts };
}

const browser = await launch();
console.log(`Cold load, ${RUNS} runs each (median), fresh context per run, gzip ${gzip ? "on" : "off"}; load average ${(await import("node:os")).loadavg().map((x) => x.toFixed(1)).join(" ")}; ${cpuRefLine()}`);
console.log();
console.log("| build | page | network | first frame ms (median) | min–max ms | bytes before first frame (KB, as sent) | of which wasm / js / data / html / packs KB |");
console.log("|---|---|---|---:|---:|---:|---|");
const servers = [];
try {
  for (const dist of dists) servers.push(await startServer(dist, {}, { gzip }));
  for (const [lang, q] of [["en", ""], ["zh", "?lang=zh"]]) {
    for (const [netName, net] of NETS) {
      const runs = dists.map(() => []);
      for (let i = 0; i < RUNS; ++i)  // interleaved, so a change in the machine's load hits every build alike
        for (let d = 0; d < dists.length; ++d) runs[d].push(await coldLoad(browser, `${servers[d].url}/index.html${q}#/`, net));
      dists.forEach((dist, d) => {
        const ms = runs[d].map((r) => r.ms), kb = runs[d].map((r) => r.bytes / 1024);
        const p = runs[d][0].parts, pick = (re) => Object.keys(p).filter((k) => re.test(k)).reduce((a, k) => a + p[k], 0) / 1024;
        console.log(`| ${dist} | ${lang} home | ${netName} | ${median(ms).toFixed(0)} | ` +
          `${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)} | ${median(kb).toFixed(0)} | ` +
          `${[/\.wasm$/, /\.js$/, /\.data(\.gz)?$/, /\.html$/, /\.pack(\.gz)?$/].map((re) => pick(re).toFixed(0)).join(" / ")} |`);
      });
    }
  }
} finally {
  for (const s of servers) await s.close();
  await browser.close();
}
console.log(`\nLoad average at the end: ${(await import("node:os")).loadavg().map((x) => x.toFixed(1)).join(" ")}; ${cpuRefLine()}`);
