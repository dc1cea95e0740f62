// The machine's single-core speed right now: a fixed piece of JS work (xorshift and float math, no
// allocation, no I/O) timed in node, median of 7. Benchmarks print it beside the load average, because
// this VM's core speed changes from hour to hour with nothing visible in the load or in /proc/stat's
// steal column (measured: the same native atlas build took 10.4 ms one afternoon and 14-15 ms the
// next, an idle machine both times). Compare timings from different runs only at a similar figure.
//   node bench/lib/cpu_ref.mjs      prints "reference loop N ms (...; lower is faster)", the median of 7
//   import { cpuRefMs } from "./lib/cpu_ref.mjs"
import { pathToFileURL } from "node:url";

function work() {  // ~33 ms on this machine (an afternoon when the atlas build took 14 ms)
  let x = 0x9e3779b9 | 0, acc = 0;
  for (let i = 0; i < 12_000_000; ++i) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    acc += Math.sqrt((x >>> 0) * 2.3283064365386963e-10);
  }
  return acc;
}

export function cpuRefMs(runs = 7) {
  work();  // optimised before it is timed
  const ms = [];
  let sink = 0;
  for (let r = 0; r < runs; ++r) {
    const t0 = performance.now();
    sink += work();
    ms.push(performance.now() - t0);
  }
  if (!Number.isFinite(sink)) throw new Error("cpu_ref: the reference loop went wrong");
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)];
}

export const cpuRefLine = () => `reference loop ${cpuRefMs().toFixed(1)} ms (bench/lib/cpu_ref.mjs; lower is faster)`;

if (import.meta.url === pathToFileURL(process.argv[1]).href) console.log(cpuRefLine());
