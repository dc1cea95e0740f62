// Per-token decode latency of kjv-gpt and kjv-mamba, native and WebAssembly (node), in interleaved
// rounds: each round runs bench_mamba_decode once natively and once as wasm (alternating which
// goes first), each run printing its table and a `json:` line (bench/bench_mamba_decode.cpp,
// itself alternating the two models). The figure at a position is the median over the rounds.
// Run by bench/decode_wasm.sh, which builds the wasm target first. Not a test.
//
//   node bench/lib/decode_rounds.mjs --native EXE --wasm JS [--rounds 3] [--repeats 3] [--max-pos 2048]
//                                    [--write assets/bench/decode-latency.json]
//
// --write saves the medians with the machine (CPU model, cores), the load average before and after
// and the highest seen between rounds, the date, the commit and the command, in the schema
// src/core/decode_latency.h reads (the transformer-vs-mamba scene and chapter 14 show that file).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : def;
};
const native = opt('--native'), wasm = opt('--wasm');
const rounds = Math.max(1, parseInt(opt('--rounds', '3'), 10) || 3);
const repeats = Math.max(1, parseInt(opt('--repeats', '3'), 10) || 3);
const maxPos = Math.max(16, parseInt(opt('--max-pos', '2048'), 10) || 2048);
const write = opt('--write');
if (!native || !wasm) {
  console.error('usage: decode_rounds.mjs --native EXE --wasm JS [--rounds N] [--repeats N] [--max-pos P] [--write FILE]');
  process.exit(2);
}
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

const load = () => os.loadavg().map((v) => Math.round(v * 100) / 100);
const loadStart = load();
let loadMax = loadStart[0];

function runOnce(build) {
  const benchArgs = ['--max-pos', String(maxPos), '--repeats', String(repeats), '--json', '1'];
  const r = build === 'wasm'
    ? spawnSync('node', ['--no-experimental-fetch', wasm, ...benchArgs], { encoding: 'utf8', maxBuffer: 1 << 24 })
    : spawnSync(native, benchArgs, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${build} bench failed (exit ${r.status}): ${r.stderr || r.error}`);
  const line = r.stdout.split('\n').find((l) => l.startsWith('json: '));
  if (!line) throw new Error(`${build} bench printed no json: line`);
  return JSON.parse(line.slice(6));
}

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const got = { native: [], wasm: [] };
for (let r = 0; r < rounds; ++r) {
  for (const build of r % 2 ? ['native', 'wasm'] : ['wasm', 'native']) {
    loadMax = Math.max(loadMax, os.loadavg()[0]);
    const t0 = Date.now();
    got[build].push(runOnce(build));
    console.error(`round ${r + 1}/${rounds} ${build}: ${((Date.now() - t0) / 1000).toFixed(1)} s, load ${os.loadavg()[0].toFixed(2)}`);
  }
}
const loadEnd = load();
loadMax = Math.round(Math.max(loadMax, loadEnd[0]) * 100) / 100;

const positions = got.native[0].positions;
const models = ['kjv-gpt', 'kjv-mamba'];
const us = {};
for (const build of ['native', 'wasm']) {
  us[build] = {};
  for (const m of models)
    us[build][m] = positions.map((_, i) => Math.round(median(got[build].map((run) => run[m][i])) * 10) / 10);
}

const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) || [, os.cpus()[0]?.model || 'unknown'])[1].trim();
let commit = 'unknown';
try {
  commit = execFileSync('git', ['-C', root, 'rev-parse', '--short=10', 'HEAD'], { encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no', '--', 'src', 'bench'], { encoding: 'utf8' }).trim();
  if (dirty) commit += '+changes';
} catch { /* not a checkout */ }
const emcc = (() => {
  try { return execFileSync('em++', ['--version'], { encoding: 'utf8' }).split('\n')[0]; } catch { return 'unknown'; }
})();

const out = {
  schema: 'tmx-decode-latency-1',
  what: 'per-token decode latency (µs) of kjv-gpt (KV cache; positions past 64 through extend_context) and kjv-mamba (recurrent state): median of the 16 tokens from each position, median of the runs in a process, median over interleaved rounds',
  date: new Date().toISOString().slice(0, 16) + 'Z',
  commit,
  command: `bench/decode_wasm.sh --rounds ${rounds} --repeats ${repeats}` + (maxPos !== 2048 ? ` --max-pos ${maxPos}` : '') + (write ? ` --write ${write}` : ''),
  machine: { cpu, cores: os.cpus().length, arch: os.arch() },
  load_average: { start: loadStart[0], max: loadMax, end: loadEnd[0] },
  runtimes: { native: 'g++ release build, one thread', wasm: `${emcc}, node ${process.version}` },
  rounds,
  repeats,
  window: got.native[0].window,
  positions,
  us_per_token: us,
};

const fmt = (v) => v.toFixed(1);
console.log(`\n${out.machine.cpu}, ${out.machine.cores} cores; load average ${loadStart[0]} at the start, ${loadMax} at most, ${loadEnd[0]} at the end; ${rounds} interleaved rounds x ${repeats} runs\n`);
console.log('| position | kjv-gpt native | kjv-gpt wasm | kjv-mamba native | kjv-mamba wasm |');
console.log('|---:|---:|---:|---:|---:|');
positions.forEach((p, i) =>
  console.log(`| ${p} | ${fmt(us.native['kjv-gpt'][i])} | ${fmt(us.wasm['kjv-gpt'][i])} | ${fmt(us.native['kjv-mamba'][i])} | ${fmt(us.wasm['kjv-mamba'][i])} |`));
const last = positions.length - 1;
for (const build of ['native', 'wasm'])
  console.log(`\n${build}: ratio position ${positions[last]} / ${positions[0]}: ` +
    models.map((m) => `${m} ${(us[build][m][last] / us[build][m][0]).toFixed(2)}`).join(', '));
if (write) {
  const file = path.resolve(root, write);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(root, file)}`);
}
