// Keyboard-only use and reading comfort, in a real Chromium (dist/):
//  - Tab walks every control in order with a visible focus ring, Shift+Tab walks back, a slider
//    reached by Tab takes the arrow keys, Enter presses a button, and an ARIA live region says what
//    changed;
//  - at 1920 px the reading column stays ~75 characters wide and the table of contents uses the
//    extra width (clickable, current section highlighted);
//  - resizing the window keeps the reading position (the same heading stays in view).
// Screenshots: /tmp/shots/a11y-*.png (1280x800 and 1920x1080).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { useApp, settle, status } from "./harness.mjs";

const app = useApp();
const SHOTS = "/tmp/shots";
mkdirSync(SHOTS, { recursive: true });
const T = (s) => Number(new URLSearchParams(s.route.split("?")[1] || "").get("T"));

test("keyboard: Tab reaches the softmax slider with a visible ring, arrows change it, Enter presses a button", async () => {
  const { page, context, errors } = await app.open("#/lab/softmax?T=1", {}, 8);
  const ids = [];
  let onSlider = false;
  for (let i = 0; i < 30 && !onSlider; i++) {
    await page.keyboard.press("Tab");
    await settle(page, 3);
    const s = await status(page);
    assert.ok(s.nav.id !== 0, `Tab ${i + 1} focused nothing`);
    assert.equal(s.nav.ring, true, `no focus ring after Tab ${i + 1}`);
    assert.ok(!ids.includes(s.nav.id), `Tab ${i + 1} came back to an earlier control before the slider`);
    ids.push(s.nav.id);
    onSlider = s.nav.active;  // a slider reached by Tab is ready for the arrows
  }
  assert.ok(onSlider, `the temperature slider was not reached in ${ids.length} Tabs`);
  assert.ok(ids.length >= 4, "Tab skipped the page's buttons and links before the widget");
  const t0 = T(await status(page));
  await page.keyboard.press("ArrowRight");
  await settle(page, 3);
  await page.keyboard.press("ArrowRight");
  await settle(page, 4);
  const t1 = T(await status(page));
  assert.ok(t1 > t0, `ArrowRight did not raise T (${t0} -> ${t1})`);
  await page.screenshot({ path: `${SHOTS}/a11y-keyboard-1280.png` });
  // The live region says what changed, in one short sentence.
  const said = await page.evaluate(() => document.getElementById("tmx-live").textContent);
  assert.match(said, /^Softmax & temperature: Temperature T \d/);
  assert.ok(said.length < 120);

  // Shift+Tab goes back to the control before; Tab returns.
  await page.keyboard.press("Shift+Tab");
  await settle(page, 3);
  assert.equal((await status(page)).nav.id, ids[ids.length - 2], "Shift+Tab did not go back one control");
  await page.keyboard.press("Tab");
  await settle(page, 3);
  assert.equal((await status(page)).nav.id, ids[ids.length - 1]);
  // Shift held, then Tab pressed and both let go within one frame (as a busy page gets them): Tab
  // is seen with Shift, not as a plain Tab because Shift's key-up came in the same frame.
  const keys = (seq) => page.evaluate((seq) => {
    const el = document.activeElement || document.body;
    for (const [type, key, code, shiftKey] of seq) el.dispatchEvent(new KeyboardEvent(type, { key, code, shiftKey, bubbles: true, cancelable: true }));
  }, seq);
  await keys([["keydown", "Shift", "ShiftLeft", true]]);
  await settle(page, 2);
  await keys([["keydown", "Tab", "Tab", true], ["keyup", "Tab", "Tab", true], ["keyup", "Shift", "ShiftLeft", false]]);
  await settle(page, 4);
  assert.equal((await status(page)).nav.id, ids[ids.length - 2], "Shift+Tab let go within one frame did not go back one control");
  await page.keyboard.press("Tab");
  await settle(page, 3);
  assert.equal((await status(page)).nav.id, ids[ids.length - 1]);

  // The next controls: one of them is the "T = 1" reset button; Enter presses it.
  let reset = false;
  for (let i = 0; i < 4 && !reset; i++) {
    await page.keyboard.press("Tab");
    await settle(page, 3);
    await page.keyboard.press("Enter");
    await settle(page, 4);
    reset = T(await status(page)) === 1;
  }
  assert.ok(reset, "Enter on the reset button did not set T back to 1");
  assert.equal((await status(page)).lastError, "");
  assert.deepEqual(errors, []);
  await context.close();
});

// Characters per drawn line of prose in the text layer (spans grouped by paragraph and top; formulas
// count as one character, paragraphs holding a figure and its caption use the whole column).
const lineLengths = (page) => page.evaluate(() => {
  const out = [];
  for (const p of document.querySelectorAll("#tmx-text p")) {
    if (p.querySelector(".x[role=img]")) continue;
    const lines = new Map();
    for (const s of p.querySelectorAll(".r:not([role])")) {
      const k = Math.round(parseFloat(s.style.top) / 4);
      lines.set(k, (lines.get(k) || 0) + s.textContent.length + 1);
    }
    out.push(...lines.values());
  }
  return out;
});

for (const [width, height] of [[1280, 800], [1920, 1080]]) {
  test(`reading at ${width}x${height}: a ~75-character column and a table of contents that follows and navigates`, async () => {
    const { page, context, errors } = await app.open("#/notes/attention", { width, height }, 12);
    const lens = await lineLengths(page);
    const longest = Math.max(...lens);
    assert.ok(longest <= 90 && longest >= 60, `longest line ${longest} characters`);
    const layer = await page.evaluate(() => {
      const r = document.getElementById("tmx-text").getBoundingClientRect();
      const h = document.querySelector("#tmx-text h1 .r").getBoundingClientRect();
      return { left: h.left, right: r.right };  // the text's left edge, the note window's right edge
    });
    let s = await status(page);
    assert.ok(s.toc.length >= 6, `table of contents has ${s.toc.length} entries`);
    assert.ok(s.toc.every((e) => e.x >= layer.right - 2), "the table of contents overlaps the reading column");
    assert.equal(s.toc.filter((e) => e.active).length, 1, "not exactly one highlighted section");
    if (width === 1920) {
      // The extra width goes to the contents and margins: column and contents are centred.
      const tocRight = Math.max(...s.toc.map((e) => e.x + e.w));
      const leftMargin = layer.left - 232, rightMargin = width - tocRight;  // 200 px navigation + 32 px padding
      assert.ok(leftMargin > 150, `the column is not centred (left margin ${leftMargin})`);
      assert.ok(Math.abs(leftMargin - rightMargin) < 260, `margins ${leftMargin} / ${rightMargin}`);
    }
    await page.screenshot({ path: `${SHOTS}/a11y-notes-${width}.png` });
    // Click a section in the middle of the contents: the address and the highlight follow.
    const target = s.toc[Math.floor(s.toc.length / 2)];
    await page.mouse.click(target.x + 10, target.y + target.h / 2);
    await settle(page, 12);
    s = await status(page);
    assert.equal(await page.evaluate(() => location.hash), `#/notes/attention#${target.anchor}`);
    assert.equal(s.toc.find((e) => e.active).anchor, target.anchor, "the highlight did not follow the section");
    await page.screenshot({ path: `${SHOTS}/a11y-notes-${width}-toc.png` });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("resizing the window keeps the reading position", async () => {
  const { page, context, errors } = await app.open("#/notes/ssm-mamba#the-scan", { width: 1280, height: 800 }, 14);
  // The heading nearest the top of the note's window, and its distance from it.
  const top = () => page.evaluate(() => {
    const root = document.getElementById("tmx-text").getBoundingClientRect();
    let best = null;
    for (const h of document.querySelectorAll("#tmx-text h1, #tmx-text h2, #tmx-text h3")) {
      const r = h.querySelector(".r").getBoundingClientRect();
      const d = r.top - root.top;
      if (d >= -40 && (!best || d < best.d)) best = { text: h.textContent, d };
    }
    return best;
  });
  const before = await top();
  assert.ok(before && before.d < 120, `no heading at the top after the deep link: ${JSON.stringify(before)}`);
  for (const [w, h] of [[900, 800], [1100, 700], [1600, 900]]) {
    await page.setViewportSize({ width: w, height: h });
    await settle(page, 14);
    const now = await top();
    assert.equal(now && now.text, before.text, `at ${w}x${h} the top heading is ${JSON.stringify(now)}`);
    assert.ok(now.d < 140, `at ${w}x${h} the heading moved ${now.d} px down`);
  }
  await page.screenshot({ path: `${SHOTS}/a11y-resize-1600.png` });
  assert.deepEqual(errors, []);
  await context.close();
});
