#!/usr/bin/env node
// Convert js-tiktoken's GPT-2 ranks into the compact .tmxbpe asset the core loads
// (format documented in src/core/tokenizer/bpe_file.h, kind 1 = ranked tokens).
//
// usage: node gpt2_to_tmxbpe.mjs JS_TIKTOKEN_DIR OUT.tmxbpe
//
// js-tiktoken ships ranks/gpt2 as {pat_str, special_tokens, bpe_ranks}, where bpe_ranks is
// lines of "<label> <first rank> <base64 token> <base64 token> ..." with consecutive ranks.
import { createRequire } from "node:module";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const GPT2_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

function fail(msg) {
  console.error("gpt2_to_tmxbpe: " + msg);
  process.exit(1);
}

function readRanks(jsTiktokenDir) {
  const require = createRequire(import.meta.url);
  const ranks = require(resolve(jsTiktokenDir, "dist", "ranks", "gpt2.cjs"));
  // The core implements exactly this pattern by hand; refuse anything else.
  if (ranks.pat_str !== GPT2_PATTERN) fail("unexpected pre-tokenization pattern: " + ranks.pat_str);
  const tokens = [];
  for (const line of ranks.bpe_ranks.split("\n").filter(Boolean)) {
    const [, offsetStr, ...b64] = line.split(" ");
    const offset = Number.parseInt(offsetStr, 10);
    b64.forEach((t, i) => (tokens[offset + i] = Buffer.from(t, "base64")));
  }
  for (let i = 0; i < tokens.length; i++) if (!tokens[i]) fail("rank " + i + " missing");
  const specials = Object.entries(ranks.special_tokens).map(([text, id]) => [id, Buffer.from(text, "utf8")]);
  return { tokens, specials };
}

function fnv1a32(buf) {
  let h = 0x811c9dc5;
  for (const b of buf) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h >>> 0;
}

function encode({ tokens, specials }) {
  const parts = [];
  const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32LE(v); parts.push(b); };
  const u16 = (v) => { const b = Buffer.alloc(2); b.writeUInt16LE(v); parts.push(b); };
  parts.push(Buffer.from("TMXB", "ascii"));
  u32(1);               // version
  u32(1);               // kind: ranked tokens
  u32(1);               // pretokenizer: GPT-2 pattern
  u32(tokens.length);
  u32(specials.length);
  for (const t of tokens) { u16(t.length); parts.push(t); }
  for (const [id, t] of specials) { u32(id); u16(t.length); parts.push(t); }
  const body = Buffer.concat(parts);
  const sum = Buffer.alloc(4);
  sum.writeUInt32LE(fnv1a32(body));
  return Buffer.concat([body, sum]);
}

const [, , dir, out] = process.argv;
if (!dir || !out) fail("usage: node gpt2_to_tmxbpe.mjs JS_TIKTOKEN_DIR OUT.tmxbpe");
const data = encode(readRanks(dir));
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, data);
