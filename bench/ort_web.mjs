// Our WebAssembly GPT against onnxruntime-web in the same Chromium page: gpt_bench's config (6 layers,
// d=288, 6 heads, T=256, vocab 32000), the same weights on both sides. Not a test.
//  - The model: bench/lib/gpt_onnx_export.py (Debian's python3-torch, torch.onnx.export) writes a seeded
//    checkpoint (safetensors, which our core loads) and the same network as ONNX: a forward (ids [T] ->
//    logits [T, V]) and a decode step with a KV cache as inputs/outputs (past_k/past_v [L, H, P, C/H] ->
//    present [L, H, P+1, C/H]), cached in build/ort/model (git-ignored).
//  - The peer: onnxruntime-web, pinned in bench/lib/ort-web/package.json + package-lock.json, installed
//    with `npm ci` into build/ort/npm only when this bench runs (the tests never load it), served by the
//    bench's own static server (never a CDN): its wasm backend (the SIMD build; ORT 1.30 ships no other),
//    env.wasm.numThreads = 1, simd = true. Ours: bench/lib/gpt_web_ours.cpp built as build/web/gpt_web_ours.
//  - Before any timing: ours and ORT's logits are compared (forward, all T x V; decode, the first 32
//    positions, step by step); a difference above 1e-3 stops the bench (a peer computing something else
//    is not a peer).
//  - Then ROUNDS interleaved rounds (default 5; the order swaps every round): forward latency (median of
//    3 runs per round) and decode (positions 0..T-1 from an empty cache, per token). Printed: medians
//    over rounds, per-round ratios ORT ms / our ms (> 1 = ours faster) and their range, load averages.
//    A second table times the lm_head alone (x [n, C] times wte^T; n = T: the forward's largest GEMM,
//    n = 1: decode's largest GEMV), both sides' matrix kernels on the same shapes.
// Both sides are timed by the page's performance.now() around the call a user would make: ORT's
// session.run (which copies its outputs into JS arrays) and our exported C functions (logits stay in the
// wasm heap). BENCH_BUILD=0 skips the export, the npm install and the wasm build; ORT_OURS_WEB=dir times
// another build of ours (gpt_web_ours.js/.wasm in dir, e.g. a -DTMX_WASM_SIMD=sse build folder).
import path from "node:path";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, rmSync } from "node:fs";
import { ROOT, startServer, launch, openPage } from "../tests/browser/harness.mjs";

const ROUNDS = Number(process.env.ROUNDS || 5);
const [L, C, H, T, V, SEED] = [6, 288, 6, 256, 32000, 1];  // gpt_bench.cpp's config
const OUT = path.join(ROOT, "build", "ort");
const MODEL = path.join(OUT, "model"), NPM = path.join(OUT, "npm"), WWW = path.join(OUT, "www");
const PIN = path.join(ROOT, "bench", "lib", "ort-web");
const MAX_DIFF = 1e-3;
const OURS_DIR = path.resolve(process.env.ORT_OURS_WEB || path.join(ROOT, "build", "web"));

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status}):\n${r.stdout || ""}${r.stderr || ""}`);
  return r;
}

function prepare() {
  if (process.env.BENCH_BUILD !== "0") {
    sh("/usr/bin/python3", [path.join(ROOT, "bench/lib/gpt_onnx_export.py"), MODEL, ...[L, C, H, T, V, SEED].map(String)]);
    // The pinned onnxruntime-web, installed from the committed lock file when it changed.
    mkdirSync(NPM, { recursive: true });
    const lock = (d) => (existsSync(path.join(d, "package-lock.json")) ? readFileSync(path.join(d, "package-lock.json"), "utf8") : "");
    if (lock(PIN) !== lock(NPM) || !existsSync(path.join(NPM, "node_modules/onnxruntime-web/package.json"))) {
      for (const f of ["package.json", "package-lock.json"]) copyFileSync(path.join(PIN, f), path.join(NPM, f));
      sh("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: NPM });
    }
    if (!process.env.ORT_OURS_WEB) sh("bash", ["-c", `source scripts/env.sh && { [ -f build/web/build.ninja ] || emcmake cmake -S . -B build/web -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null; } &&
      cmake --build build/web --target gpt_web_ours >/dev/null`]);
  }
  // What the server sees: the model, ORT's dist/ and our module (symbolic links into build/).
  rmSync(WWW, { recursive: true, force: true });
  mkdirSync(WWW, { recursive: true });
  symlinkSync(MODEL, path.join(WWW, "model"));
  symlinkSync(path.join(NPM, "node_modules/onnxruntime-web/dist"), path.join(WWW, "ort"));
  for (const f of ["gpt_web_ours.js", "gpt_web_ours.wasm"]) {
    if (!existsSync(path.join(OURS_DIR, f))) throw new Error(`${path.join(OURS_DIR, f)} missing`);
    symlinkSync(path.join(OURS_DIR, f), path.join(WWW, f));
  }
  for (const f of ["gpt.safetensors", "gpt.onnx", "gpt_step.onnx", "head.onnx", "ids.json", "export.stamp"])
    if (!existsSync(path.join(MODEL, f))) throw new Error(`${path.join(MODEL, f)} missing: run without BENCH_BUILD=0 once`);
  return JSON.parse(readFileSync(path.join(NPM, "node_modules/onnxruntime-web/package.json"), "utf8")).version;
}

// The page: window.bench.* are called by this script, one phase at a time.
const PAGE = `<!doctype html><meta charset="utf-8"><title>ort_web</title><link rel="icon" href="data:,">
<script type="module">
import * as ort from "/ort/ort.wasm.min.mjs";
const [L, C, H, T, V] = [${L}, ${C}, ${H}, ${T}, ${V}], HD = C / H;
let M, ids, idsPtr, fwd, step, head, hx, hxPtr;
const ours = {
  forward: () => { if (!M._tmx_gpt_forward(idsPtr, T)) throw new Error("tmx_gpt_forward failed"); },
  decode: (n) => { M._tmx_gpt_reset(); for (let p = 0; p < n; ++p) if (!M._tmx_gpt_step(ids[p])) throw new Error("tmx_gpt_step failed"); },
  logits: () => new Float32Array(M.HEAPF32.buffer, M._tmx_gpt_forward(idsPtr, T), T * V).slice(),
  head: (n) => { if (!M._tmx_gpt_head(hxPtr, n)) throw new Error("tmx_gpt_head failed"); },
  headOut: (n) => new Float32Array(M.HEAPF32.buffer, M._tmx_gpt_head(hxPtr, n), n * V).slice(),
  stepLogits: (p) => new Float32Array(M.HEAPF32.buffer, M._tmx_gpt_step(ids[p]), V).slice(),
};
const i64 = (v) => new ort.Tensor("int64", BigInt64Array.from(v.map(BigInt)), [v.length]);
const peer = {
  forward: async () => (await fwd.run({ ids: i64(Array.from(ids)) })).logits.data,
  head: async (n) => (await head.run({ x: new ort.Tensor("float32", hx.subarray(0, n * C), [n, C]) })).logits.data,
  decode: async (n, each) => {
    let pk = new ort.Tensor("float32", new Float32Array(0), [L, H, 0, HD]), pv = pk;
    for (let p = 0; p < n; ++p) {
      const r = await step.run({ ids: i64([ids[p]]), pos: i64([p]), past_k: pk, past_v: pv });
      pk = r.present_k; pv = r.present_v;
      if (each) each(p, r.logits.data);
    }
  },
};
const maxDiff = (a, b) => { let m = 0; for (let i = 0; i < a.length; ++i) m = Math.max(m, Math.abs(a[i] - b[i])); return m; };
const maxAbs = (a) => a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
window.bench = {
  async init() {
    M = await new Promise((resolve, reject) => {
      window.Module = { onRuntimeInitialized: () => resolve(window.Module), onAbort: reject, print: console.log, printErr: console.warn };
      const s = document.createElement("script"); s.src = "/gpt_web_ours.js"; s.onerror = () => reject(new Error("gpt_web_ours.js")); document.head.append(s);
    });
    ids = Int32Array.from((await (await fetch("/model/ids.json")).json()).ids);
    const st = new Uint8Array(await (await fetch("/model/gpt.safetensors")).arrayBuffer());
    const p = M._malloc(st.length); M.HEAPU8.set(st, p);
    const rc = M._tmx_gpt_load(p, st.length, L, C, H, T, V); M._free(p);
    if (rc) throw new Error("tmx_gpt_load: " + M.UTF8ToString(M._tmx_gpt_error()));
    idsPtr = M._malloc(4 * T); M.HEAP32.set(ids, idsPtr / 4);
    ort.env.wasm.numThreads = 1; ort.env.wasm.simd = true; ort.env.wasm.proxy = false; ort.env.wasm.wasmPaths = "/ort/";
    const opt = { executionProviders: ["wasm"], graphOptimizationLevel: "all" };
    fwd = await ort.InferenceSession.create("/model/gpt.onnx", opt);
    step = await ort.InferenceSession.create("/model/gpt_step.onnx", opt);
    head = await ort.InferenceSession.create("/model/head.onnx", opt);
    hx = Float32Array.from({ length: T * C }, (_, i) => Math.sin(i * 0.37));  // any fixed input
    hxPtr = M._malloc(4 * T * C); M.HEAPF32.set(hx, hxPtr / 4);
    const ortFiles = performance.getEntriesByType("resource").map((e) => e.name.split("/").pop()).filter((n) => /^ort/.test(n));
    return { simd: M.UTF8ToString(M._tmx_gpt_simd()), ortVersion: ort.env.versions.web || ort.env.versions.common,
             ortFiles, numThreads: ort.env.wasm.numThreads, crossOriginIsolated: window.crossOriginIsolated };
  },
  async check(nSteps) {
    const a = ours.logits(), b = await peer.forward();
    const out = { forward: maxDiff(a, b), scale: maxAbs(a) };
    M._tmx_gpt_reset();
    let d = 0, dRow = 0;
    await peer.decode(nSteps, (p, lg) => {
      const o = ours.stepLogits(p);
      d = Math.max(d, maxDiff(o, lg));
      dRow = Math.max(dRow, maxDiff(o, a.subarray(p * V, (p + 1) * V)));
    });
    out.head = maxDiff(ours.headOut(T), await peer.head(T)) / maxAbs(ours.headOut(T));
    return { ...out, decode: d, decodeVsForward: dRow };
  },
  // ms of one call (forward: median of reps; decode: per token over n positions).
  async time(who, what, reps, n) {
    const side = who === "ours" ? ours : peer;
    const ts = [];
    for (let r = 0; r < reps; ++r) {
      const t0 = performance.now();
      await side[what](n);
      ts.push((performance.now() - t0) / (what === "decode" ? n : 1));
    }
    ts.sort((x, y) => x - y);
    return ts[(ts.length - 1) >> 1];
  },
};
window.benchReady = true;
</script>`;

const median = (v) => { const s = [...v].sort((a, b) => a - b), n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

const ortVersion = prepare();
const server = await startServer(WWW, { "/ort.html": PAGE });
const browser = await launch();
const load0 = load();
let info, check;
const MEASURES = [["forward", "GPT forward (T=256), ms", 3, 0], ["decode", "GPT decode per token (KV cache, positions 0-255), ms", 1, T],
  ["head", `lm_head alone, ${T}x${C} times ${C}x${V} (GEMM), ms`, 3, T], ["head1", `lm_head alone, 1x${C} times ${C}x${V} (GEMV), ms`, 9, 1]];
const WHAT = { forward: "forward", decode: "decode", head: "head", head1: "head" };
const res = Object.fromEntries(MEASURES.map(([k]) => [k, { ours: [], ort: [], ratio: [] }]));
try {
  const { page, context, errors } = await openPage(browser);
  await page.goto(`${server.url}/ort.html`);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60000 });
  info = await page.evaluate(() => window.bench.init());
  check = await page.evaluate((n) => window.bench.check(n), 32);
  if (!(check.forward <= MAX_DIFF && check.decode <= MAX_DIFF && check.decodeVsForward <= MAX_DIFF && check.head <= 1e-5))
    throw new Error(`ours and ORT disagree: max |logit diff| forward ${check.forward}, decode ${check.decode}, ` +
                    `our decode vs our forward ${check.decodeVsForward} (limit ${MAX_DIFF}), lm_head alone (relative) ${check.head}; no timing`);
  for (const [k, , reps, n] of MEASURES)  // warm-up, both sides
    for (const who of ["ours", "ort"]) await page.evaluate(([w, k, n]) => window.bench.time(w, k, 1, n), [who, WHAT[k], k === "decode" ? 16 : n]);
  for (let r = 0; r < ROUNDS; ++r) {
    for (const [k, , reps, n] of MEASURES) {
      const order = r % 2 ? ["ort", "ours"] : ["ours", "ort"];
      const got = {};
      for (const who of order) got[who] = await page.evaluate(([w, k, reps, n]) => window.bench.time(w, k, reps, n), [who, WHAT[k], reps, n]);
      res[k].ours.push(got.ours); res[k].ort.push(got.ort); res[k].ratio.push(got.ort / got.ours);
    }
    console.error(`round ${r + 1}/${ROUNDS}: forward ours ${res.forward.ours.at(-1).toFixed(1)} ms, ORT ${res.forward.ort.at(-1).toFixed(1)} ms; load ${load()}`);
  }
  await context.close();
  if (errors.length) throw new Error(`Chromium: ${errors.join("\n")}`);
} finally {
  await browser.close();
  await server.close();
}
const f = (v) => (v < 1 ? v.toFixed(3) : v.toFixed(1));
console.log(`GPT: ${L} layers, d=${C}, ${H} heads, T=${T}, vocab ${V}, the same seeded weights on both sides; ` +
            `Chromium ${browser.version()}, one page, 1 thread each; ${ROUNDS} interleaved rounds, medians.`);
console.log(`Load average: ${load0} at start, ${load()} at end (${(await import("node:os")).cpus().length} cores).`);
console.log(`Ours: bench/lib/gpt_web_ours.cpp from ${path.relative(ROOT, OURS_DIR)} (Eigen SIMD: ${info.simd}). Peer: onnxruntime-web ${ortVersion} ` +
            `(wasm backend, ${info.ortFiles.filter((n) => n.endsWith(".wasm")).join(", ") || "?"}; numThreads ${info.numThreads}, ` +
            `crossOriginIsolated ${info.crossOriginIsolated}); ONNX from torch.onnx.export (opset 17), decode as a KV-cache step model.`);
console.log(`Same function: max |logit difference| ours vs ORT: forward ${check.forward.toExponential(2)} (largest |logit| ` +
            `${check.scale.toFixed(2)}), decode ${check.decode.toExponential(2)} over the first 32 positions.\n`);
const table = (rows) => {
  console.log("| measure | ours, wasm (ms) | onnxruntime-web (ms) | speed vs ORT (median of per-round ratios) | ratio range |");
  console.log("|---|---:|---:|---:|---:|");
  for (const [k, label] of rows) {
    const x = res[k];
    console.log(`| ${label} | ${f(median(x.ours))} | ${f(median(x.ort))} | ${median(x.ratio).toFixed(2)}x | ` +
                `${Math.min(...x.ratio).toFixed(2)}-${Math.max(...x.ratio).toFixed(2)} |`);
  }
};
table(MEASURES.slice(0, 2));
console.log(`\nspeed vs ORT = ORT ms / our ms (> 1: ours is faster). Decode: ${(1e3 / median(res.decode.ours)).toFixed(0)} tokens/s ` +
            `(ours), ${(1e3 / median(res.decode.ort)).toFixed(0)} tokens/s (ORT, cache passed in and out of session.run every token).`);
const gf = (k, n) => (2 * n * C * V / (median(res[k].ours) * 1e6)).toFixed(1) + " vs " + (2 * n * C * V / (median(res[k].ort) * 1e6)).toFixed(1);
console.log(`\nWhere a gap comes from: the lm_head alone (the forward's largest GEMM, decode's largest GEMV), same shapes, ` +
            `in the same rounds; GFLOP/s ours vs ORT: GEMM ${gf("head", T)}, GEMV ${gf("head1", 1)}.\n`);
table(MEASURES.slice(2));
