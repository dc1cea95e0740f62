// Prints the smallest text drawn, the cut titles/tabs and cut glyphs per room on a phone and a
// tablet (the narrow test's walk, without its assertions) and saves a screenshot of each:
// node tests/browser/narrow_measure.mjs [prefix] (needs dist/, or DIST=dir). Screenshots:
// build/screenshots/<prefix>-{phone,tablet}-<room>.png; the numbers also in <prefix>.json there.
// TALL=3000 measures each device's width at that height and DPR 1 instead: the whole of a long
// widget at once (ImGui draws nothing below the fold, so a cut further down is not seen otherwise).
import path from "node:path";
import { writeFile } from "node:fs/promises";
import { startServer, launch, openPage, waitReady, ROOT, SHOTS } from "./harness.mjs";
import { PHONE, TABLET, walkRooms, roomProblems } from "./narrow_rooms.mjs";

const prefix = process.argv[2] || "measure";
const srv = await startServer(process.env.DIST || path.join(ROOT, "dist"));
const browser = await launch();
const rows = [];
const tall = (d) => (process.env.TALL ? { ...d, height: Number(process.env.TALL), scale: 1 } : d);
for (const [dname, dev] of [["phone", tall(PHONE)], ["tablet", tall(TABLET)]]) {
  const { page, context, errors } = await openPage(browser, dev);
  await page.goto(`${srv.url}/index.html#/`);
  await waitReady(page);
  await walkRooms(page, `${prefix}-${dname}`, (room, s, img, ms) => {
    rows.push({ device: dname, room, minPx: s.text.minPx, at: s.text.at, below: s.text.below, glyphs: s.text.glyphs,
      cutGlyphs: s.text.cut, cutAt: s.text.cutAt, clipped: s.clipped.count, labels: s.clipped.labels.join(" | "),
      problems: roomProblems(room, s, dev), errors: errors.splice(0), ms });
    console.log(JSON.stringify(rows.at(-1)));
  });
  await context.close();
}
await writeFile(path.join(SHOTS, `${prefix}.json`), JSON.stringify(rows, null, 1));
await browser.close();
await srv.close();
