// Prints the smallest text drawn and the clipped titles/tabs per room on a phone and a tablet, and
// saves a screenshot of each: node tests/browser/narrow_measure.mjs [out-dir] (needs dist/).
import path from "node:path";
import { mkdir, writeFile } from "node:fs/promises";
import { startServer, launch, openPage, waitReady, settle, status, ROOT } from "./harness.mjs";
import { PHONE, TABLET, ROOMS } from "./narrow_rooms.mjs";


const out = process.argv[2] || "/tmp/narrow";
await mkdir(out, { recursive: true });
const srv = await startServer(process.env.DIST || path.join(ROOT, "dist"));
const browser = await launch();
const rows = [];
for (const [dname, dev] of [["phone", PHONE], ["tablet", TABLET]]) {
  for (const [room, hash] of ROOMS) {
    const { page, context, errors } = await openPage(browser, dev);
    await page.goto(`${srv.url}/index.html${hash}`);
    await waitReady(page);
    await settle(page, 12);
    const s = await status(page);
    await writeFile(`${out}/${dname}-${room}.png`, await page.screenshot());
    rows.push({ device: dname, room, minPx: s.text?.minPx, at: s.text?.at, below: s.text?.below, glyphs: s.text?.glyphs, cutGlyphs: s.text?.cut, cutAt: s.text?.cutAt,
      clipped: s.clipped?.count, labels: (s.clipped?.labels || []).join(" | "), errors: errors.length });
    console.log(JSON.stringify(rows.at(-1)));
    await context.close();
  }
}
await writeFile(`${out}/measures.json`, JSON.stringify(rows, null, 1));
await browser.close();
await srv.close();
