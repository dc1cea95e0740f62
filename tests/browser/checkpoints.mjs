// Checkpoints to drop into the page (the drop-in loader): variants of the PyTorch-written golden
// checkpoints, broken in the ways a user's file can be. Shared by models.test.mjs and zh.test.mjs.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ROOT } from "./harness.mjs";

// A checkpoint variant: the PyTorch-written golden checkpoints (tests/golden, made by
// scripts/golden/*.py) with a char tokenizer file small enough for their 11-13 token vocabularies.
export async function checkpoint(dir, edit = {}) {
  const config = JSON.parse(await readFile(path.join(ROOT, dir, "config.json"), "utf8"));
  Object.assign(config, edit.config || {});
  let st = await readFile(path.join(ROOT, dir, "model.safetensors"));
  if (edit.safetensors) st = edit.safetensors(st);
  const files = { "config.json": Buffer.from(JSON.stringify(config)), "model.safetensors": st, "tokenizer.char.txt": Buffer.from("abcdefghij") };
  if (edit.drop) for (const k of edit.drop) delete files[k];
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.toString("base64")]));
}

// safetensors without one tensor, re-packed so the offsets still tile the data.
export function withoutTensor(buf, name) {
  const n = Number(buf.readBigUInt64LE(0));
  const header = JSON.parse(buf.toString("utf8", 8, 8 + n));
  const data = buf.subarray(8 + n);
  const out = {}, parts = [];
  let off = 0;
  for (const [k, t] of Object.entries(header)) {
    if (k === "__metadata__") { out[k] = t; continue; }
    if (k === name) continue;
    const piece = data.subarray(t.data_offsets[0], t.data_offsets[1]);
    out[k] = { ...t, data_offsets: [off, off + piece.length] };
    parts.push(piece);
    off += piece.length;
  }
  const h = Buffer.from(JSON.stringify(out));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(h.length));
  return Buffer.concat([len, h, ...parts]);
}

export function withNaN(buf) {
  const n = Number(buf.readBigUInt64LE(0));
  const out = Buffer.from(buf);
  out.writeFloatLE(NaN, 8 + n + 4);  // the second value of the first tensor
  return out;
}

export async function drop(page, files) {
  await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const [name, b64] of Object.entries(files)) {
      const bin = atob(b64), bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], name));
    }
    document.getElementById("canvas").dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

