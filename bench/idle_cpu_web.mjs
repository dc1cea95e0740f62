// CPU that a page costs while the reader does nothing, in headless Chromium (software GL), with
// frames drawn only when the picture changed and an idle app asleep (src/app/present.h: its loop
// on a 67 ms timer, no animation frames) against drawing every frame
// (window.explorer.presentAlways(true)), measured on the same page one after the other.
// CPU is every Chromium process's user + sys time (/proc), per second of wall time; "work" is the
// app's own per-frame CPU (status().work, which includes the fingerprint of the draw data); CPU ms
// per drawn frame is mostly SwiftShader filling pixels, which is what the browser tests spend.
// Needs dist/ built (DIST=dir measures another build, e.g. a copy of the previous one).
import path from "node:path";
import { readFileSync, readdirSync } from "node:fs";
import { ROOT, startServer, launch, openPage, waitReady, settle, status } from "../tests/browser/harness.mjs";

const PAGES = [
  ["home", "#/"],
  ["note: attention", "#/notes/attention"],
  ["lab: attention", "#/lab/attention"],
  ["cinema: paused scene", "#/cinema/attention-mechanism?t=12"],
  ["cinema: playing scene", "#/cinema/attention-mechanism?t=2", "play"],
];
const SECONDS = 6;
const TICK = 100;  // USER_HZ

function chromiumCpu() {
  let s = 0;
  for (const p of readdirSync("/proc")) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (!readFileSync(`/proc/${p}/cmdline`, "utf8").includes("chromium")) continue;
      const f = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ");
      s += (Number(f[11]) + Number(f[12])) / TICK;
    } catch { /* exited */ }
  }
  return s;
}

async function measure(page) {
  const a = (await status(page)).present, c0 = chromiumCpu(), t0 = Date.now();
  await page.waitForTimeout(SECONDS * 1000);
  const c1 = chromiumCpu(), s = await status(page), t1 = Date.now();
  return { cpu: (c1 - c0) / ((t1 - t0) / 1000), cpuMs: (c1 - c0) * 1000, drawn: s.present.presented - a.presented,
    skipped: s.present.skipped - a.skipped, work: s.work.p50 };
}

const server = await startServer(process.env.DIST || path.join(ROOT, "dist"));
const browser = await launch();
console.log(`\nIdle page CPU (Chromium, all processes; ${SECONDS} s per cell; load ${(await import("node:os")).loadavg()[0].toFixed(1)})`);
console.log(`| page | CPU cores, draw every frame | CPU ms per drawn frame | CPU cores, draw on change, sleep when idle | ratio | frames drawn / skipped | work p50 ms every / on change |`);
console.log(`|---|---:|---:|---:|---:|---:|---:|`);
try {
  for (const [name, hash, action] of PAGES) {
    const { page, context } = await openPage(browser);
    await page.goto(`${server.url}/index.html${hash}`);
    await waitReady(page);
    if (action === "play") { await page.keyboard.press("Space"); await settle(page, 10); }
    await settle(page, 30);
    await page.evaluate(() => window.explorer.presentAlways(true));
    const every = await measure(page);
    await page.evaluate(() => window.explorer.presentAlways(false));
    await settle(page, 10);
    const change = await measure(page);
    console.log(`| ${name} | ${every.cpu.toFixed(2)} | ${(every.cpuMs / every.drawn).toFixed(0)} | ${change.cpu.toFixed(2)} | ${(change.cpu / every.cpu).toFixed(2)} | ` +
      `${change.drawn} / ${change.skipped} | ${every.work.toFixed(2)} / ${change.work.toFixed(2)} |`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
