// What a screen reader gets from the widgets and scene players, in a real Chromium (dist/):
//  - each widget's and player's controls are real DOM controls (wasm_shell/controls.js) with roles,
//    names and values in the accessibility tree, and changing them (keyboard on the DOM control)
//    changes the widget; ImGui's focus ring follows the DOM focus;
//  - plots and heatmaps have a text alternative naming their largest entries, and a real table on request;
//  - an input method's composition box sits at the caret of the text field.
// Screenshots: build/screenshots/sr-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, settle, status, shot } from "./harness.mjs";

const app = useApp();
const param = (s, k) => new URLSearchParams(s.route.split("?")[1] || "").get(k);

// Chromium's own accessibility tree (CDP), the nodes a screen reader sees: role, name, value.
async function axNodes(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send("Accessibility.getFullAXTree");
  await cdp.detach();
  return nodes.filter((n) => !n.ignored).map((n) => ({
    role: n.role && n.role.value, name: n.name && n.name.value, value: n.value && n.value.value,
    props: Object.fromEntries((n.properties || []).map((p) => [p.name, p.value && p.value.value])),
  }));
}

test("a widget's controls are in the accessibility tree with roles, names and values; the keyboard on them changes the widget", async () => {
  const { page, context, errors } = await app.open("#/lab/softmax?T=0.7", {}, 8);
  const all = await axNodes(page);
  const slider = all.find((n) => n.role === "slider" && n.name === "Temperature T");
  assert.ok(slider, `no slider named "Temperature T" in ${JSON.stringify(all.map((n) => [n.role, n.name])).slice(0, 600)}`);
  assert.ok(Math.abs(Number(slider.value) - 0.7) < 1e-6, `slider: ${JSON.stringify(slider)}`);
  // The value as the widget shows it (CDP's tree lists aria-valuetext empty; the attribute is what
  // platform accessibility APIs read).
  assert.equal(await page.getByRole("slider", { name: "Temperature T" }).getAttribute("aria-valuetext"), "0.70");
  assert.ok(Math.abs(Number(slider.props.valuemin) - 0.05) < 1e-6);
  assert.equal(Number(slider.props.valuemax), 10);
  assert.ok(all.some((n) => n.role === "button" && n.name === "T = 1"), "the reset button is not a button");
  assert.ok(all.some((n) => n.role === "region" && n.name === "Widget: Softmax & temperature"), "no named region for the widget");
  const fig = all.find((n) => n.role === "figure" && n.name === "Bar chart");
  assert.ok(fig, "the bar chart has no text alternative");
  assert.ok(all.some((n) => n.role === "StaticText" && /^Bar chart: 8 bars; largest cat 0\.\d+/.test(n.name)),
            "the bar chart's summary does not name its largest bar");

  // Keyboard on the DOM slider: focus, ArrowRight twice -> T goes up, the drawn value and the URL follow.
  const el = page.getByRole("slider", { name: "Temperature T" });
  await el.focus();
  await settle(page, 4);
  let s = await status(page);
  const domId = await el.getAttribute("data-id");
  assert.equal(String(s.nav.id), domId, "ImGui's focus ring is not on the control the DOM focused");
  assert.equal(s.nav.ring, true, "no focus ring on the DOM-focused control");
  await shot(page, "sr-softmax-slider-focus");
  await page.keyboard.press("ArrowRight");
  await settle(page, 3);
  await page.keyboard.press("ArrowRight");
  await settle(page, 6);
  s = await status(page);
  const t1 = Number(param(s, "T"));
  assert.ok(t1 > 0.7 + 1e-6 && t1 < 1.0, `ArrowRight on the DOM slider: T = ${t1}`);
  assert.equal(await el.getAttribute("aria-valuetext"), t1.toFixed(2), "the DOM slider does not show the widget's value");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("data-id")), domId, "focus left the slider");
  // Space on the DOM reset button presses the ImGui button.
  await page.getByRole("button", { name: "T = 1" }).focus();
  await page.keyboard.press("Space");
  await settle(page, 6);
  assert.equal(Number(param(await status(page), "T")), 1, "Space on the DOM button did not reset T");
  await shot(page, "sr-softmax-button-focus");
  assert.equal((await status(page)).lastError, "");
  assert.deepEqual(errors, []);
  await context.close();
});

test("Tab from a DOM control follows the app's keyboard order, and the DOM focus follows ImGui's ring", async () => {
  const { page, context, errors } = await app.open("#/lab/softmax?T=1", {}, 8);
  await page.getByRole("slider", { name: "Temperature T" }).focus();
  await settle(page, 4);
  const before = (await status(page)).nav.id;
  await page.keyboard.press("Tab");
  await settle(page, 6);
  const s = await status(page);
  assert.notEqual(s.nav.id, before, "Tab from the DOM slider did not move ImGui's focus");
  // The next control is the reset button: the DOM focus is on its mirror.
  const focused = await page.evaluate(() => document.activeElement.getAttribute("data-id"));
  assert.equal(focused, String(s.nav.id), "the DOM focus did not follow ImGui's ring");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "T = 1");
  await page.keyboard.press("Shift+Tab");
  await settle(page, 6);
  assert.equal((await status(page)).nav.id, before, "Shift+Tab did not come back to the slider");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the scene player's controls: play is a named button that toggles playback; time is a slider", async () => {
  const { page, context, errors } = await app.open("#/cinema/attention-mechanism", {}, 8);
  const play = page.getByRole("button", { name: "Play", exact: true });
  assert.equal(await play.count(), 1, "no Play button");
  const time = page.getByRole("slider", { name: "Time in the scene" });
  assert.equal(await time.count(), 1, "no time slider");
  const t0 = Number(await time.getAttribute("aria-valuenow"));
  await play.focus();
  await page.keyboard.press("Space");
  await settle(page, 30);
  const pause = page.getByRole("button", { name: "Pause", exact: true });
  assert.equal(await pause.count(), 1, "after Space the button is not named Pause");
  // The same element, still focused, now reads Pause (and ImGui's ring is on it).
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Pause", "focus left the play button");
  assert.equal(String((await status(page)).nav.id), await pause.getAttribute("data-id"));
  const t1 = Number(await time.getAttribute("aria-valuenow"));
  assert.ok(t1 > t0, `the scene did not play (t ${t0} -> ${t1})`);
  await shot(page, "sr-cinema-play-focus");
  await page.keyboard.press("Space");
  await settle(page, 6);
  const t2 = Number(await time.getAttribute("aria-valuenow"));
  await settle(page, 20);
  assert.equal(Number(await time.getAttribute("aria-valuenow")), t2, "Space on Pause did not stop playback");
  // Chapters and speed: buttons and a listbox with the offered speeds.
  const snap = await axNodes(page);
  assert.ok(snap.some((n) => n.role === "button" && /^Next chapter/.test(n.name)), "no next-chapter button");
  assert.ok(snap.some((n) => n.role === "combobox" && n.name === "Speed"), "no speed choice");
  assert.ok(snap.some((n) => n.role === "checkbox" && n.name === "Loop"), "no loop checkbox");
  // The time slider: End jumps to the end.
  await time.focus();
  await page.keyboard.press("End");
  await settle(page, 6);
  const end = Number(await time.getAttribute("aria-valuenow"));
  assert.ok(end > t2 && end === Number(await time.getAttribute("aria-valuemax")), `End on the time slider: ${end}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a heatmap's text alternative names its largest entries; its data as a table on request", async () => {
  const { page, context, errors } = await app.open("#/lab/attention?text=the%20cat%20sat", {}, 8);
  let s;
  for (let i = 0; i < 60; i++) {
    s = await status(page);
    if (s.widget && s.widget.ready && s.widget.weights_last && s.widget.weights_last.length) break;
    await settle(page, 10);
  }
  const w = s.widget.weights_last;
  assert.ok(w.length >= 2, "no attention weights");
  const fig = page.locator('#tmx-controls figure[aria-label="Softmax weights"]');
  await fig.waitFor({ state: "attached" });
  const summary = await fig.locator("p").textContent();
  // The last query's largest weight is named with its value (3 significant digits).
  let arg = 0;
  for (let i = 1; i < w.length; i++) if (w[i] > w[arg]) arg = i;
  const v = Number(w[arg].toPrecision(3));
  const lastRow = summary.split("Largest in each row: ")[1].replace(/\.$/, "").split("; ").pop();
  assert.ok(lastRow.endsWith(" " + String(v)), `last row "${lastRow}" does not name the largest weight ${v}`);
  assert.match(summary, /rows × \d+ columns\. Smallest .* largest /);
  // "Show data as a table" -> a real table with one row per query.
  const btn = fig.getByRole("button", { name: "Show data as a table" });
  await btn.focus();
  await page.keyboard.press("Enter");
  await settle(page, 6);
  const rows = await fig.locator("table tr").count();
  assert.equal(rows, w.length + 1, "the table does not have a row per query (plus the header)");
  const last = await fig.locator("table tr").last().locator("td").allTextContents();
  assert.deepEqual(last.map(Number), w.map((x) => Number(x.toPrecision(3))), "the table's last row is not the weights");
  assert.equal(await fig.getByRole("button", { name: "Hide the table" }).count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("an input method's composition box is at the text field's caret", async () => {
  const { page, context, errors } = await app.open("#/lab/attention?text=the%20cat", {}, 8);
  const s0 = await status(page);
  assert.ok(s0.targets.textBox, "no text box");
  const [bx, by, bw, bh] = s0.targets.textBox;
  const box = { x0: bx, y0: by, x1: bx + bw, y1: by + bh };
  await page.mouse.click(box.x0 + 40, (box.y0 + box.y1) / 2);
  await settle(page, 6);
  await page.keyboard.press("End");
  await settle(page, 6);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Input.imeSetComposition", { text: "ni", selectionStart: 2, selectionEnd: 2 });
  await settle(page, 6);
  const st = await page.evaluate(() => window.explorerInput.state());
  assert.equal(st.composing, true);
  const r = await page.evaluate(() => {
    const b = document.getElementById("tmx-text-input").getBoundingClientRect();
    return { x: b.left, y: b.top, w: b.width, h: b.height };
  });
  const ti = (await status(page)).textInput;  // the caret: x, and y = the bottom of its line
  const lineTop = st.y, lineBottom = ti.y;
  assert.ok(Math.abs(r.x - st.x) <= 3, `composition box at x ${r.x}, caret at ${st.x}`);
  assert.ok(r.y < lineBottom && r.y + r.h > lineTop, `composition box (${r.y}..${r.y + r.h}) is not on the caret's line (${lineTop}..${lineBottom})`);
  // The caret is at the end of "the cat": right of the field's start by about the text's width.
  assert.ok(st.x > box.x0 + 20 && st.x < box.x1, `caret x ${st.x} outside the field ${box.x0}..${box.x1}`);
  await shot(page, "sr-ime-at-caret");
  await cdp.send("Input.insertText", { text: "你" });
  await settle(page, 8);
  assert.equal(param(await status(page), "text"), "the cat你");
  assert.deepEqual(errors, []);
  await context.close();
});
