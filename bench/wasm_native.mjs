// The same C++ (bench/lib/core_speed.cpp: GPT forward, training step, KV-cache decode per token at
// gpt_bench's config, and Mamba forward, training step and decode per token) natively twice, as
// WebAssembly under node and as WebAssembly in Chromium. The two native builds: the usual one for this
// CPU (-march=native: AVX2/AVX-512) and one at wasm's SIMD width (TMX_ARCH=generic: SSE2, 128-bit
// like SIMD128), the fair comparison for the wasm code. ROUNDS interleaved rounds (the order of the
// four rotates every round), each a fresh process/page taking the median of 3 runs after a warm-up;
// the table gives medians over rounds and wasm/native speed (native ms / wasm ms: 1 = as fast as
// native). One thread everywhere.
// ROUNDS (default 3) and CORE_SPEED_REPS (runs per process, default 3) trade time for noise.
// Builds build/native/core_speed, build/native-generic/core_speed and build/web/core_speed_wasm.js
// first unless BENCH_BUILD=0; CORE_SPEED_NATIVE=file, CORE_SPEED_SSE2=file and CORE_SPEED_WEB=dir
// time other builds of them (e.g. a saved "before").
// Run by bench/run.sh; not a test.
import path from "node:path";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { ROOT, startServer, launch, openPage } from "../tests/browser/harness.mjs";

const ROUNDS = Number(process.env.ROUNDS || 3);
const REPS = String(Number(process.env.CORE_SPEED_REPS || 3));
const NATIVE = process.env.CORE_SPEED_NATIVE || path.join(ROOT, "build", "native", "core_speed");
const SSE2 = process.env.CORE_SPEED_SSE2 || path.join(ROOT, "build", "native-generic", "core_speed");
const WEB_DIR = process.env.CORE_SPEED_WEB || path.join(ROOT, "build", "web");
const WASM_JS = path.join(WEB_DIR, "core_speed_wasm.js");
const MEASURES = [
  ["forward_ms", "GPT forward (T=256), ms"],
  ["train_ms", "GPT training step (fwd+bwd+AdamW), ms"],
  ["decode_ms", "GPT decode per token (KV cache, positions 0-255), ms"],
  ["mamba_forward_ms", "Mamba forward (T=256), ms"],
  ["mamba_train_ms", "Mamba training step (fwd+bwd+AdamW), ms"],
  ["mamba_decode_ms", "Mamba decode per token, ms"],
];

function build() {
  const env = process.env;
  if (env.BENCH_BUILD === "0" || env.CORE_SPEED_NATIVE || env.CORE_SPEED_SSE2 || env.CORE_SPEED_WEB) return;
  // build/native-generic: only core_speed (and tmx_core) is built there
  const sh = `source scripts/env.sh && cmake --build build/native --target core_speed >/dev/null &&
    { [ -f build/native-generic/build.ninja ] || cmake -S . -B build/native-generic -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DTMX_ARCH=generic $(command -v ccache >/dev/null && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache) >/dev/null; } &&
    cmake --build build/native-generic --target core_speed >/dev/null &&
    { [ -f build/web/build.ninja ] || emcmake cmake -S . -B build/web -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null; } &&
    cmake --build build/web --target core_speed_wasm >/dev/null`;
  const r = spawnSync("bash", ["-c", sh], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`building core_speed failed:\n${r.stdout}${r.stderr}`);
}

function parse(text, where) {
  const out = {};
  for (const line of text.split("\n")) {
    const m = /^(\w+) (.+)$/.exec(line.trim());
    if (m) out[m[1]] = m[1] === "simd" ? m[2] : Number(m[2]);
  }
  for (const [k] of MEASURES) if (!(out[k] > 0)) throw new Error(`${where}: no ${k} in its output:\n${text}`);
  return out;
}

function runNative(file) {
  const r = spawnSync(file, [REPS], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${file}: exit ${r.status}\n${r.stderr}`);
  return parse(r.stdout, file);
}

function runNode() {
  const r = spawnSync(process.execPath, ["--no-experimental-fetch", WASM_JS, REPS], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`node ${WASM_JS}: exit ${r.status}\n${r.stderr}`);
  return parse(r.stdout, "node");
}

async function runChromium(browser, url) {
  const { page, context, errors } = await openPage(browser);
  const lines = [];
  page.on("console", (m) => lines.push(m.text()));
  await page.goto(`${url}/core_speed.html`);
  await page.waitForFunction(() => window.coreSpeedDone === true, null, { timeout: 600000 });
  await context.close();
  if (errors.length) throw new Error(`Chromium: ${errors.join("\n")}`);
  return parse(lines.join("\n"), "Chromium");
}

const median = (v) => { const s = [...v].sort((a, b) => a - b), n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

build();
const page = `<!doctype html><meta charset="utf-8"><title>core_speed</title><link rel="icon" href="data:,"><script>
var Module = { arguments: [${JSON.stringify(REPS)}], print: (t) => console.log(t), printErr: (t) => console.warn(t),
  onExit: () => { window.coreSpeedDone = true; } };
</script><script src="/core_speed_wasm.js"></script>`;
const server = await startServer(WEB_DIR, { "/core_speed.html": page });
const browser = await launch();
const chromiumVersion = browser.version();
const load0 = load();
const res = { native: [], sse2: [], node: [], chromium: [] };
try {
  const runners = [["native", async () => runNative(NATIVE)], ["sse2", async () => runNative(SSE2)],
                   ["node", async () => runNode()],
                   ["chromium", async () => runChromium(browser, server.url)]];
  for (let r = 0; r < ROUNDS; ++r) {
    for (let i = 0; i < runners.length; ++i) {
      const [name, fn] = runners[(i + r) % runners.length];
      res[name].push(await fn());
    }
  }
} finally {
  await browser.close();
  await server.close();
}
const med = (env, k) => median(res[env].map((x) => x[k]));
console.log(`Same C++ (bench/lib/core_speed.cpp), ${ROUNDS} interleaved rounds, medians; load average ${load0} at start, ${load()} at end.`);
console.log(`Eigen SIMD: native ${res.native[0].simd}; native SSE2 ${res.sse2[0].simd}; wasm ${res.node[0].simd} ` +
            `(node ${process.version}, Chromium ${chromiumVersion})\n`);
console.log("| measure | native | native SSE2 | wasm, node | wasm, Chromium | Chromium/native | node/SSE2 | Chromium/SSE2 |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const [k, label] of MEASURES) {
  const n = med("native", k), s = med("sse2", k), w = med("node", k), c = med("chromium", k);
  const f = (v) => (v < 1 ? v.toFixed(3) : v.toFixed(1));
  console.log(`| ${label} | ${f(n)} | ${f(s)} | ${f(w)} | ${f(c)} | ${(n / c).toFixed(2)}x | ${(s / w).toFixed(2)}x | ` +
              `${(s / c).toFixed(2)}x |`);
}
console.log("\nspeed = native ms / wasm ms (1.00x = as fast as native). native = -march=native; native SSE2 = " +
            "TMX_ARCH=generic, the same SIMD width as wasm's SIMD128 (#19's equal-width target: >= 0.8x).");
