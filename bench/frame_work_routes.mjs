// The app's own CPU work per frame (window.explorer.status().work) on every route of the catalog,
// in headless Chromium: a markdown table of p50 / p95 / max per route, in two windows of 120 frames:
//   opening  the first 120 frames after navigating there: the page's first layout, its textures and
//            any computation a widget or scene slices over frames when it opens (a widget's
//            recompute: training, the lab's forward, a model's load)
//   idle     the next 120 frames, nothing touched (a Cinema scene keeps playing)
// The issue's target is a p95 <= 8 ms in both; the last lines count the routes above it. A bench,
// not a test: nothing here fails on a slow number.
//   node bench/frame_work_routes.mjs [FILTER...]   only routes whose hash contains a FILTER; a FILTER
//   with a query ("#/lab/transformer-vs-mamba?a=kjv-llama&la=3") is a route of its own, measured too
// Needs dist/ built (scripts/build.sh web), or DIST=/path/to/dist (as in the browser tests: another checkout's
// build, for a before/after table). Frames are paced by requestAnimationFrame; headless SwiftShader
// rasterizes in software, which is not in the work figure (that is our code only).
// The work figure is wall time (the page has no CPU clock), so on a shared machine other processes'
// time slices land in it: at a load average of 17 on 2 cores even a static page showed a p95 of
// 30 ms. Run as root, the bench raises its own Chromium's priority (renice -15) so less of other
// processes' time lands in the figures; the header says whether it could. That does not remove it
// (the renderer waits on the GPU process, which rasterizes in software; a real-time renderer made
// the figures worse): compare p50s, and p95s measured at similar load averages.
import path from "node:path";
import { execFileSync } from "node:child_process";
import { ROOT, startServer, launch, openPage, waitReady, settle } from "../tests/browser/harness.mjs";
import { readFileSync, readdirSync } from "node:fs";

const WINDOW = 120;    // frames per window: the app keeps the work of its last 120 frames
const TARGET_MS = 8;
const filters = process.argv.slice(2).filter((f) => !(f.startsWith("#/") && f.includes("?")));
const extraRoutes = process.argv.slice(2).filter((f) => f.startsWith("#/") && f.includes("?"));
const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

// This process's descendants (the Chromium it launched), from /proc.
function descendants(root) {
  const parent = new Map();
  for (const d of readdirSync("/proc")) {
    if (!/^[0-9]+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch { /* ended meanwhile */ }
  }
  const out = [];
  for (const [pid] of parent) {
    for (let p = parent.get(pid); p; p = parent.get(p)) if (p === root) { out.push(pid); break; }
  }
  return out;
}
function raisePriority() {
  const pids = descendants(process.pid).map(String);
  if (pids.length === 0) return "not raised (no Chromium processes found)";
  try {
    execFileSync("renice", ["-n", "-15", "-p", ...pids], { stdio: "ignore" });
    return `Chromium at nice -15 (${pids.length} processes)`;
  } catch {
    return "Chromium at normal priority (renice needs root): other processes' load is in the figures";
  }
}

const dist = process.env.DIST || path.join(ROOT, "dist");
const server = await startServer(dist);
const browser = await launch();
const rows = [];
try {
  const { page, context, errors } = await openPage(browser, { width: 1280, height: 720 });
  await page.goto(`${server.url}/index.html#/`);
  await waitReady(page);
  const priority = raisePriority();
  const c = await page.evaluate(() => window.explorer.catalog());
  const routes = [
    "#/", "#/notes", "#/cinema", "#/lab",
    ...c.notes.map((n) => `#/notes/${n.slug}`),
    ...c.scenes.map((s) => `#/cinema/${s.slug}`),
    ...c.widgets.map((w) => `#/lab/${w.slug}`),
  ].filter((h) => (filters.length === 0 && extraRoutes.length === 0) || filters.some((f) => h.includes(f)))
    .concat(extraRoutes);
  if (routes.length === 0) throw new Error(`no route matches ${filters.join(" ")}`);
  console.log(`Frame work per route — ${routes.length} routes, 1280x720, DPR 1, ${WINDOW} frames per window; ` +
    `load average at start ${load()}; ${priority}; ${dist}\n`);
  console.log("| route | opening p50 ms | p95 ms | max ms | idle p50 ms | p95 ms | max ms |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  const work = async () => (await page.evaluate(() => window.explorer.status())).work;
  for (const hash of routes) {
    await page.evaluate((h) => window.explorer.navigate(h), hash);
    await settle(page, WINDOW);
    const open = await work();
    await settle(page, WINDOW);
    const idle = await work();
    const f = (x) => x.toFixed(2);
    console.log(`| ${hash} | ${f(open.p50)} | ${f(open.p95)} | ${f(open.max)} | ${f(idle.p50)} | ${f(idle.p95)} | ${f(idle.max)} |`);
    rows.push({ hash, open, idle });
  }
  const over = (k) => rows.filter((r) => r[k].p95 > TARGET_MS).map((r) => `${r.hash} (${r[k].p95.toFixed(1)})`);
  const o = over("open"), i = over("idle");
  console.log(`\nRoutes with a work p95 above ${TARGET_MS} ms — opening: ${o.length}/${rows.length}` +
    `${o.length ? ": " + o.join(", ") : ""}; idle: ${i.length}/${rows.length}${i.length ? ": " + i.join(", ") : ""}.`);
  console.log(`Load average at end ${load()}.${errors.length ? ` Page errors: ${errors.slice(0, 3).join("; ")}` : ""}`);
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
