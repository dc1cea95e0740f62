// UI kit exports end to end in a real Chromium (dist/): open the heatmap's Export menu in the UI
// kit gallery, choose "Image (PNG)" and "Data (CSV)", and check the browser downloads themselves:
// file names, a PNG that decodes to the plot's size in device pixels and is not blank, and a CSV
// whose header, labels and numbers are the heatmap's data (recomputed here independently).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { useApp, settle, status, shot, decodePng } from "./harness.mjs";

const app = useApp();
const N = 8;

// The gallery's heatmap: row-wise softmax of 3 cos(0.35 (i - j)) + 0.5 sin(0.11 (i + 2j)).
function expectedHeatmap(n) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    const z = [];
    for (let j = 0; j < n; j++) z.push(3 * Math.cos(0.35 * (i - j)) + 0.5 * Math.sin(0.11 * (i + 2 * j)));
    const m = Math.max(...z), e = z.map((v) => Math.exp(v - m)), s = e.reduce((a, b) => a + b, 0);
    rows.push(e.map((v) => v / s));
  }
  return rows;
}

const target = async (page, name) => (await status(page)).exports.find((e) => e.name === name);

async function clickTarget(page, t) {
  const x = t.x + t.w / 2, y = t.y + t.h / 2;
  await page.mouse.move(x, y);
  await settle(page, 3);
  await page.mouse.click(x, y);
}

// Opens the heatmap's Export menu and clicks one of its items; returns the download.
async function exportVia(page, file) {
  const button = await target(page, "heatmap");
  assert.ok(button, "the heatmap has no Export button");
  await clickTarget(page, button);
  await settle(page, 4);
  const item = await target(page, file);
  assert.ok(item, `the Export menu has no item for ${file}`);
  const [download] = await Promise.all([page.waitForEvent("download"), clickTarget(page, item)]);
  await settle(page, 2);
  return { download, plot: item.plot };
}

for (const scale of [1, 2]) {
  test(`export at devicePixelRatio ${scale}: the heatmap downloads as PNG and as CSV`, async () => {
    const { page, context, errors } = await app.open(`#/embed/lab/ui-kit?n=${N}`, { scale }, 10);
    await shot(page, `export-gallery-${scale}x`);

    // PNG: the signature, then the image itself at the plot's size in device pixels.
    const png = await exportVia(page, "heatmap.png");
    assert.equal(png.download.suggestedFilename(), "heatmap.png");
    const pngBytes = await readFile(await png.download.path());
    assert.deepEqual([...pngBytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "not a PNG");
    const img = decodePng(pngBytes);
    assert.ok(Math.abs(img.width - png.plot[2] * scale) <= 1, `PNG width ${img.width} vs plot ${png.plot[2]} x ${scale}`);
    assert.ok(Math.abs(img.height - png.plot[3] * scale) <= 1, `PNG height ${img.height} vs plot ${png.plot[3]} x ${scale}`);
    assert.ok(img.variance() > 100, "the exported PNG looks blank");
    assert.equal((await page.evaluate(() => window.explorer.lastDownload)).name, "heatmap.png");

    // CSV: header of key labels, one row per query with its label, the numbers of the heatmap.
    const csv = await exportVia(page, "heatmap.csv");
    assert.equal(csv.download.suggestedFilename(), "heatmap.csv");
    const lines = (await readFile(await csv.download.path(), "utf8")).trimEnd().split("\n");
    assert.equal(lines.length, N + 1);
    assert.equal(lines[0], "," + Array.from({ length: N }, (_, j) => `k${j}`).join(","));
    const want = expectedHeatmap(N);
    for (let i = 0; i < N; i++) {
      const cells = lines[i + 1].split(",");
      assert.equal(cells[0], `q${i}`);
      assert.equal(cells.length, N + 1);
      cells.slice(1).forEach((c, j) => {
        const v = Number(c);
        assert.ok(Math.abs(v - want[i][j]) < 2e-6, `cell (${i}, ${j}) = ${c}, expected ${want[i][j]}`);
      });
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}
