// A node --test reporter (used by scripts/test.sh beside the spec reporter): where the browser
// suite's wall time goes. At the end it prints every file's wall time (its own process: Chromium
// start, page loads and tests; with --test-concurrency files overlap, so the sum exceeds the stage)
// and the slowest tests. TIMING_TOP (default 12) sets how many tests are listed.
import path from "node:path";

const fmt = (ms) => (ms / 1000).toFixed(1).padStart(7);

export default async function* timingReporter(source) {
  const files = new Map();  // file -> { wall, tests, fails }
  const tests = [];         // { file, name, ms, ok }
  const entry = (f) => files.get(f) ?? files.set(f, { wall: 0, tests: 0, fails: 0 }).get(f);
  for await (const { type, data } of source) {
    if (type === "test:complete" && data.file && data.name === data.file) {
      entry(data.file).wall = data.details?.duration_ms ?? 0;  // the file's process
    } else if ((type === "test:pass" || type === "test:fail") && data.file && data.name !== data.file && data.nesting === 0) {
      const e = entry(data.file);
      e.tests++;
      if (type === "test:fail") e.fails++;
      tests.push({ file: data.file, name: data.name, ms: data.details?.duration_ms ?? 0, ok: type === "test:pass" });
    }
  }
  const rows = [...files].sort((a, b) => b[1].wall - a[1].wall);
  const sum = rows.reduce((s, [, e]) => s + e.wall, 0);
  yield `browser test files by wall time (s; ${rows.length} files, ${tests.length} tests, sum ${(sum / 1000).toFixed(0)} s):\n`;
  for (const [f, e] of rows)
    yield `${fmt(e.wall)}  ${path.basename(f).padEnd(34)} ${String(e.tests).padStart(3)} tests${e.fails ? `, ${e.fails} failed` : ""}\n`;
  const top = Number(process.env.TIMING_TOP || 12);
  yield `slowest ${Math.min(top, tests.length)} tests (s):\n`;
  for (const t of [...tests].sort((a, b) => b.ms - a.ms).slice(0, top))
    yield `${fmt(t.ms)}  ${path.basename(t.file)}: ${t.name}${t.ok ? "" : " (failed)"}\n`;
}
