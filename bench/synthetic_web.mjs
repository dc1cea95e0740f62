// The synthetic-tasks widget's "Train here" in the browser (the wasm build): the three models of
// the shipped copying run (task sizes and settings of assets/synthetic/selective-copy.json) trained
// for STEPS steps each, side by side, sliced into frames. Prints the wall time until all three
// finished, the slowest frame interval while training, the widget's slowest slice (its own work
// in one frame) and its slowest single piece of work (one sequence, update or held-out example).
// Needs dist/.
import path from "node:path";
import { ROOT, startServer, launch } from "../tests/browser/harness.mjs";
import { runWidget } from "./lib/widget_run.mjs";

const STEPS = Number(process.env.STEPS || 30);
const server = await startServer(path.join(ROOT, "dist"));
const browser = await launch();
console.log("| task | steps per model | wall time, 3 models (s) | worst frame interval (ms) | worst slice (ms) | slowest piece (ms) |");
console.log("|---|---:|---:|---:|---:|---:|");
try {
  for (const task of ["selective-copy", "induction"]) {
    const r = await runWidget(browser, server.url, `#/lab/synthetic-tasks?task=${task}&mode=train&steps=${STEPS}&run=1`);
    const w = r.widget;
    console.log(`| ${task} | ${STEPS} | ${r.s.toFixed(1)} | ${r.worst.toFixed(1)} | ${Number(w.worst_slice_ms).toFixed(1)} | ${Number(w.worst_piece_ms).toFixed(1)} |`);
  }
} finally {
  await browser.close();
  await server.close();
}
