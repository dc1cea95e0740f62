// Runs the browser test files as `node --test` would (one process per file, BROWSER_JOBS at once,
// default 2), but the longest first, so the last files to start are short ones and the jobs end
// together (`node --test` sorts its files by name). The order comes from the file times of the last
// runs (build/test-logs/browser-files.tsv, written here), else from the committed
// tests/browser/durations.tsv (a fresh clone; refresh it by copying the former); a file in neither
// counts as a typical one (the median).
// Prints the spec report on stdout and writes the timing table (timing_reporter.mjs) to
// build/test-logs/browser-times.txt; exits non-zero if a test failed.
//   node tests/browser/run.mjs [file.test.mjs ...]      (default: every tests/browser/*.test.mjs)
import { run } from "node:test";
import { spec } from "node:test/reporters";
import { PassThrough } from "node:stream";
import { createWriteStream, readFileSync, readdirSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import timing from "./timing_reporter.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LOGS = path.resolve(HERE, "../../build/test-logs");
const jobs = Math.max(1, Number(process.env.BROWSER_JOBS || 2));

function durations(file) {  // basename -> seconds
  const m = new Map();
  try {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      const [name, s] = line.split("\t");
      if (name && Number.isFinite(Number(s))) m.set(name, Number(s));
    }
  } catch { /* no such file */ }
  return m;
}

const files = process.argv.length > 2 ? process.argv.slice(2).map((f) => path.resolve(f))
  : readdirSync(HERE).filter((f) => f.endsWith(".test.mjs")).map((f) => path.join(HERE, f));
const last = durations(path.join(LOGS, "browser-files.tsv"));
const known = new Map([...durations(path.join(HERE, "durations.tsv")), ...last]);
const times = [...known.values()].sort((a, b) => a - b);
const median = times.length ? times[times.length >> 1] : 0;
const weight = (f) => known.get(path.basename(f)) ?? median;  // a new file: a typical one
files.sort((a, b) => weight(b) - weight(a) || a.localeCompare(b));

mkdirSync(LOGS, { recursive: true });
const stream = run({ files, concurrency: jobs });
const walls = new Map();
stream.on("test:fail", () => { process.exitCode = 1; });
stream.on("test:complete", (d) => { if (d.file && d.name === d.file) walls.set(path.basename(d.file), d.details?.duration_ms ?? 0); });
const toSpec = new PassThrough({ objectMode: true }), toTiming = new PassThrough({ objectMode: true });
stream.pipe(toSpec);
stream.pipe(toTiming);
toSpec.compose(new spec()).pipe(process.stdout);
const out = createWriteStream(path.join(LOGS, "browser-times.txt"));
toTiming.compose(timing).pipe(out);
stream.on("end", () => {  // this run's times replace the last ones of the same files
  const all = new Map(last);
  for (const [f, ms] of walls) all.set(f, ms / 1000);
  writeFileSync(path.join(LOGS, "browser-files.tsv"),
    [...all].sort((a, b) => b[1] - a[1]).map(([f, s]) => `${f}\t${s.toFixed(1)}\n`).join(""));
});
