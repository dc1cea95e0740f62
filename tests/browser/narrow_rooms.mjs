// The devices, the rooms and the one walk through them that the narrow-layout test and the
// measurement share (narrow.test.mjs, narrow_measure.mjs).
//
// walkRooms() opens every room once in one page (window.explorer.navigate, no reload), waits for
// the models a widget asked for, and per room takes the status probe's legibility numbers and a
// screenshot at CSS size (390x844 on the phone; harness.mjs shot(..., {css: true})).
// FULL_SHOTS=1 saves device pixels instead; ROOMS=name,name walks only those rooms.
import { settle, status, shot } from "./harness.mjs";

export const PHONE = { width: 390, height: 844, scale: 3, hasTouch: true, isMobile: true };
export const TABLET = { width: 768, height: 1024, scale: 2, hasTouch: true, isMobile: true };
export const MIN_PX = 12;

const WIDGETS = ["attention?text=the%20cat%20sat", "attention-example", "bpe", "cross-attention", "ffn", "gpt-walkthrough",
  "gqa-calculator", "generate", "mamba-sim", "number-formats", "optimizers", "positions", "norms", "sampling", "softmax",
  "synthetic-tasks", "train", "transformer-vs-mamba"];  // every Lab widget but the internal UI-kit gallery

// [name, hash, ready?]: ready(status) says the room has drawn what it waits for (a model's numbers).
export const ROOMS = [
  ["home", "#/"],
  ["about", "#/about"],
  ["notes-index", "#/notes"],
  ["notes-overview", "#/notes/overview"],
  ["notes-attention", "#/notes/attention"],
  ["notes-ssm-mamba", "#/notes/ssm-mamba"],
  ["cinema-index", "#/cinema"],
  ["cinema-attention", "#/cinema/attention-mechanism?t=20"],
  ["lab-index", "#/lab"],
  ...WIDGETS.map((w) => [`lab-${w.replace(/\?.*/, "")}`, `#/lab/${w}`,
    w === "transformer-vs-mamba" ? (s) => s.panels.some((p) => p.id === "tvm-matrices") : undefined]),
];

const busy = (s) => Object.values(s.models || {}).some((m) => m.phase === "downloading" || m.phase === "verifying");

// Everything one room is checked against, from one status probe (a list of problems; empty: fine).
export function roomProblems(room, s, dev) {
  const out = [];
  if (!s.found) out.push(`${room}: page not found`);
  if (s.text.glyphs <= 50) out.push(`${room}: almost no text measured (${s.text.glyphs} glyphs)`);
  if (s.clipped.count) out.push(`${room}: ${s.clipped.count} cut label(s): ${s.clipped.labels.join(" | ")}`);
  // A scene's drawing is clipped to its stage like a picture (src/anim; the scenes' own tests judge
  // their text): a cut whose first glyph is on the stage is left to them.
  const st = s.targets.stage, [cx, cy] = s.text.cutAt;
  const onStage = st && cx >= st[0] - 1 && cx <= st[0] + st[2] + 1 && cy >= st[1] - 1 && cy <= st[1] + st[3] + 1;
  if (s.text.cut && !onStage) out.push(`${room}: ${s.text.cut} glyph(s) cut by their window's edge, the first at ${s.text.cutAt}`);
  if (s.text.minPx < MIN_PX - 0.05)
    out.push(`${room}: text of ${s.text.minPx} px at ${s.text.at} (${s.text.below} glyphs under ${MIN_PX} px)`);
  for (const g of s.panels) {
    if (dev.width < 600 && !g.stacked) out.push(`${room}: panels ${g.id} side by side on a phone`);
    if (g.rects.some((r) => r[0] + r[2] > dev.width + 1)) out.push(`${room}: a panel of ${g.id} runs off the screen`);
  }
  return out;
}

// Walks every room in `page` (already open and ready on its device); saves `${prefix}-${room}.png` in
// build/screenshots/ and calls onRoom(room, status, image, ms) for each.
export async function walkRooms(page, prefix, onRoom) {
  const only = process.env.ROOMS ? process.env.ROOMS.split(",") : null;  // ROOMS=lab-bpe,home: just those
  for (const [room, hash, ready] of ROOMS.filter(([r]) => !only || only.includes(r))) {
    const t0 = Date.now();
    await page.evaluate((h) => window.explorer.navigate(h), hash);
    await settle(page, 4);  // a window sized to its content, a table's measured height: a frame or two
    let s = await status(page);
    // A widget that fetches a model draws its numbers once the model is there (kept for the next rooms).
    if (busy(s) || (ready && !ready(s))) {
      for (let i = 0; i < 200 && (busy(s) || (ready && !ready(s))); i++) {
        await settle(page, 4);
        s = await status(page);
      }
      await settle(page, 2);
      s = await status(page);
    }
    // A cut seen in one frame and gone four frames later was a window between two layouts (a CI run
    // under load once caught one on the tablet's Train room; its screenshot, taken just after, showed
    // nothing cut): the room is judged on a second look. A cut that stays is reported.
    if (s.text.cut || s.clipped.count) {
      await settle(page, 4);
      s = await status(page);
    }
    const img = await shot(page, `${prefix}-${room}`, { css: true });
    await onRoom(room, s, img, Date.now() - t0);
  }
}
