#!/usr/bin/env node
// Typesets every $…$ and $$…$$ in the notes: MathJax (npm mathjax-full) -> SVG -> rsvg-convert
// (Debian librsvg2-bin) -> white-on-transparent PNGs at 1x and 2x, named by content hash, plus
// manifest.txt, which the renderer reads (format: see src/ui/math.h). The renderer tints the
// white glyphs with the theme's text colour, so one image serves both themes.
// With --scenes, also every R"tex(...)tex" literal in those C++ files (Cinema scenes pass their
// formulas to Stage::math that way): display style, with an extra 4x PNG for large stages.
//
//   node scripts/gen_math.mjs --content content --scenes src/anim/scenes --out build/native/gen/math \
//        [--cache build/cache/math]
//
// Broken LaTeX fails with "file:line: LaTeX error: …" and exit code 1 (all errors are listed).
// Unchanged formulas are not re-rasterized (their hash names the files); stale files are removed.
// --cache DIR keeps every PNG rasterized by any build (native, web, another checkout sharing
// build/cache) under the same name, and a build copies from it instead of running rsvg-convert again
// (about half of a cold run's CPU; the name already stands for the image, as in --out).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { mathjax } from 'mathjax-full/js/mathjax.js';
import { TeX } from 'mathjax-full/js/input/tex.js';
import { SVG } from 'mathjax-full/js/output/svg.js';
import { liteAdaptor } from 'mathjax-full/js/adaptors/liteAdaptor.js';
import { RegisterHTMLHandler } from 'mathjax-full/js/handlers/html.js';
import { AllPackages } from 'mathjax-full/js/input/tex/AllPackages.js';

// One ex in CSS px. Inter's x-height is large; this makes math read about 1.05x the body text.
const EX_PX = 7.4;
const VERSION = 'tmx-math-1';

function parseArgs(argv) {
  const a = { content: 'content', out: 'build/gen/math', scenes: [] };
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === '--content') a.content = argv[++i];
    else if (argv[i] === '--scenes') a.scenes.push(argv[++i]);
    else if (argv[i] === '--out') a.out = argv[++i];
    else if (argv[i] === '--cache') a.cache = argv[++i];
    else { console.error(`gen_math: unknown argument ${argv[i]}`); process.exit(2); }
  }
  return a;
}

// Same rule as tmx::ui::normalize_latex: whitespace runs -> one space, trimmed.
export function normalize(latex) { return latex.replace(/[ \t\n\r\f\v]+/g, ' ').trim(); }

function listFiles(dir, ext) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p, ext));
    else if (e.isFile() && e.name.endsWith(ext)) out.push(p);
  }
  return out.sort();
}

// Scene formulas: the C++ raw strings R"tex(...)tex" (raw, so the LaTeX needs no escaping).
export function extractSceneMath(text) {
  const found = [];
  const re = /R"tex\(([\s\S]*?)\)tex"/g;
  let m;
  while ((m = re.exec(text)) !== null) {
    found.push({ latex: normalize(m[1]), display: true, line: text.slice(0, m.index).split('\n').length, scene: true });
  }
  return found;
}

// Finds math the way md4c does for our notes: outside fenced code and `code spans`, \$ escaped.
export function extractMath(text) {
  const lines = text.split('\n');
  let fence = null;
  const masked = lines.map((l) => {
    const m = l.match(/^ {0,3}(`{3,}|~{3,})/);
    if (fence) {
      const close = l.match(/^ {0,3}(`{3,}|~{3,})\s*$/);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length) fence = null;
      return ' '.repeat(l.length);
    }
    if (m) { fence = m[1]; return ' '.repeat(l.length); }
    return l;
  }).join('\n')
    .replace(/\\\$/g, '  ')
    .replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (s) => s.replace(/[^\n]/g, ' '));
  const found = [];
  // Inline math may wrap onto the next line but not across a blank line (a new paragraph).
  const re = /\$\$((?:[^$]|\$(?!\$))+?)\$\$|\$((?:[^$\n]|\n(?![ \t]*\n))+?)\$/g;
  let m;
  while ((m = re.exec(masked)) !== null) {
    const display = m[1] !== undefined;
    const latex = display ? m[1] : m[2];
    const line = masked.slice(0, m.index).split('\n').length;
    found.push({ latex: normalize(latex), display, line });
  }
  return found;
}

function makeConverter() {
  const adaptor = liteAdaptor();
  RegisterHTMLHandler(adaptor);
  const packages = AllPackages.filter((p) => p !== 'noerrors' && p !== 'noundefined');
  const tex = new TeX({ packages, formatError: (jax, err) => { throw err; } });
  const svg = new SVG({ fontCache: 'none' });
  const doc = mathjax.document('', { InputJax: tex, OutputJax: svg });
  return (latex, display) => {
    const node = doc.convert(latex, { display });
    return adaptor.innerHTML(node);
  };
}

// "…ex" sizes -> px; currentColor -> white. Returns { svg, w, h, depth }.
function toPixels(svgText) {
  const num = (re) => { const m = svgText.match(re); return m ? parseFloat(m[1]) : 0; };
  const wEx = num(/width="([\d.]+)ex"/);
  const hEx = num(/height="([\d.]+)ex"/);
  const vaEx = num(/vertical-align:\s*(-?[\d.]+)ex/);
  const w = +(wEx * EX_PX).toFixed(2);
  const h = +(hEx * EX_PX).toFixed(2);
  const depth = +(Math.max(0, -vaEx) * EX_PX).toFixed(2);
  let svg = svgText
    .replace(/width="[\d.]+ex"/, `width="${w}px"`)
    .replace(/height="[\d.]+ex"/, `height="${h}px"`)
    .replace(/currentColor/g, '#ffffff');
  // Errors MathJax could not throw (e.g. \color{red}) still render; keep them white too.
  return { svg, w, h, depth };
}

function rasterize(svg, file, zoom) {
  const r = spawnSync('rsvg-convert', ['-z', String(zoom), '-f', 'png', '-o', file], { input: svg });
  if (r.error) throw new Error(`rsvg-convert could not run (${r.error.message}); install librsvg2-bin`);
  if (r.status !== 0) throw new Error(`rsvg-convert failed: ${r.stderr.toString().trim()}`);
}

function main() {
  const args = parseArgs(process.argv);
  const convert = makeConverter();
  fs.mkdirSync(args.out, { recursive: true });
  if (args.cache) fs.mkdirSync(args.cache, { recursive: true });
  const entries = new Map();  // key -> entry
  const errors = [];
  const sources = listFiles(args.content, '.md').map((file) => [file, extractMath]);
  for (const dir of args.scenes) for (const file of listFiles(dir, '.cpp')) sources.push([file, extractSceneMath]);
  const users = new Map();  // key -> files using it, in reading order (sources.txt)
  for (const [file, extract] of sources) {
    const text = fs.readFileSync(file, 'utf8');
    const who = extract === extractMath ? path.relative(args.content, file).split(path.sep).join('/') : 'scenes';
    for (const f of extract(text)) {
      const key = (f.display ? 'D' : 'I') + f.latex;
      if (!users.has(key)) users.set(key, []);
      if (!users.get(key).includes(who)) users.get(key).push(who);
      if (entries.has(key)) {
        if (f.scene) entries.get(key).zoom = 4;
        continue;
      }
      if (f.latex === '') { errors.push(`${file}:${f.line}: LaTeX error: empty formula`); continue; }
      let out;
      try {
        out = toPixels(convert(f.latex, f.display));
      } catch (e) {
        errors.push(`${file}:${f.line}: LaTeX error: ${e.message} in ${f.display ? '$$' : '$'}${f.latex}${f.display ? '$$' : '$'}`);
        continue;
      }
      if (out.svg.includes('data-mjx-error') || out.svg.includes('merror')) {
        errors.push(`${file}:${f.line}: LaTeX error: MathJax reported an error in ${f.latex}`);
        continue;
      }
      const hash = createHash('sha1').update(`${VERSION}|${EX_PX}|${key}`).digest('hex').slice(0, 16);
      entries.set(key, { hash, display: f.display, latex: f.latex, zoom: f.scene ? 4 : 2, ...out });
    }
  }
  if (errors.length) {
    for (const e of errors) console.error(e);
    console.error(`gen_math: ${errors.length} formula(s) failed; fix the LaTeX above.`);
    process.exit(1);
  }
  const keep = new Set(['manifest.txt', 'sources.txt']);
  for (const e of entries.values()) {
    for (const [suffix, zoom] of [['1x', 1], ['2x', 2], ['4x', 4]]) {
      if (zoom > e.zoom) continue;
      const file = path.join(args.out, `${e.hash}.${suffix}.png`);
      keep.add(path.basename(file));
      if (!fs.existsSync(file)) {
        const cached = args.cache ? path.join(args.cache, path.basename(file)) : null;
        if (cached && fs.existsSync(cached)) {
          fs.copyFileSync(cached, file);
        } else {
          rasterize(e.svg, file, zoom);
          if (cached) {  // written whole, then renamed: another build may be reading the cache
            const tmp = `${cached}.${process.pid}.tmp`;
            fs.copyFileSync(file, tmp);
            fs.renameSync(tmp, cached);
          }
        }
      }
    }
  }
  for (const f of fs.readdirSync(args.out)) if (!keep.has(f) && f.endsWith('.png')) fs.unlinkSync(path.join(args.out, f));
  const lines = ['tmx-math 1'];
  for (const key of [...entries.keys()].sort()) {
    const e = entries.get(key);
    lines.push(`${e.hash} ${e.display ? 1 : 0} ${e.w} ${e.h} ${e.depth} ${e.zoom}\t${e.latex}`);
  }
  const manifest = lines.join('\n') + '\n';
  // Which notes (content-relative paths) or "scenes" use each formula: scripts/make_packs.py puts a
  // formula's PNGs into the pack of the first chapter that shows it (the web build fetches packs
  // when needed).
  const used = [...entries.keys()].sort().map((k) => `${entries.get(k).hash}\t${users.get(k).join('\t')}`);
  fs.writeFileSync(path.join(args.out, 'sources.txt'), used.join('\n') + '\n');
  const mpath = path.join(args.out, 'manifest.txt');
  fs.writeFileSync(mpath, manifest);  // always: the build system tracks its time stamp
  console.log(`gen_math: ${entries.size} formulas -> ${args.out}`);
}

main();
