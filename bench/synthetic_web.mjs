// The synthetic-tasks widget's "Train here" in the browser (the wasm build): the three models of
// the shipped copying run (task sizes and settings of assets/synthetic/selective-copy.json) trained
// for STEPS steps each, side by side, sliced into frames. Prints the wall time until all three
// finished, the slowest frame interval while training, the widget's slowest slice (its own work
// in one frame) and its slowest single piece of work (one sequence, update or held-out example).
// Needs dist/.
import path from "node:path";
import { ROOT, startServer, launch, openPage, waitReady, settle } from "../tests/browser/harness.mjs";

const STEPS = Number(process.env.STEPS || 30);
const server = await startServer(path.join(ROOT, "dist"));
const browser = await launch();
console.log("| task | steps per model | wall time, 3 models (s) | worst frame interval (ms) | worst slice (ms) | slowest piece (ms) |");
console.log("|---|---:|---:|---:|---:|---:|");
try {
  for (const task of ["selective-copy", "induction"]) {
    const { page, context } = await openPage(browser);
    await page.goto(`${server.url}/index.html#/`);
    await waitReady(page);
    await settle(page, 30);
    const r = await page.evaluate(([task, steps]) => new Promise((resolve) => {
      window.explorer.navigate(`#/lab/synthetic-tasks?task=${task}&mode=train&steps=${steps}&run=1`);
      let last = performance.now(), worst = 0, started = false;
      const t0 = performance.now();
      const tick = () => {
        const now = performance.now();
        const w = window.explorer.status().widget || {};
        if (started) worst = Math.max(worst, now - last);
        last = now;
        if (w.started) started = true;
        if (w.error) return resolve({ error: w.error });
        if (started && !w.running) return resolve({ s: (now - t0) / 1000, worst, slice: w.worst_slice_ms, piece: w.worst_piece_ms });
        if (now - t0 > 600000) return resolve({ error: "timeout" });
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }), [task, STEPS]);
    if (r.error) throw new Error(`${task}: ${r.error}`);
    console.log(`| ${task} | ${STEPS} | ${r.s.toFixed(1)} | ${r.worst.toFixed(1)} | ${Number(r.slice).toFixed(1)} | ${Number(r.piece).toFixed(1)} |`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
