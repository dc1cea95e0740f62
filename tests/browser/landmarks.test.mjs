// What a screen reader finds in each room, in a real Chromium (dist/): the page's landmarks (banner,
// navigation, main, a region per widget or scene player, dialogs), the page title as a heading, the
// pictures that are text now (home page path and cards, chapter and scene indexes, the Cinema
// stage's live description), and every interactive ImGui item of a Lab widget as a named DOM control.
// Saves the accessibility tree of each room (ariaSnapshot) to build/screenshots/a11y-tree-*.txt.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { useApp, settle, status, shot, waitForWidget, SHOTS } from "./harness.mjs";

const app = useApp();
mkdirSync(SHOTS, { recursive: true });
async function saveTree(page, name) {
  const tree = await page.locator("body").ariaSnapshot();
  writeFileSync(path.join(SHOTS, `a11y-tree-${name}.txt`), tree);
  return tree;
}
async function routeAfter(page, frames = 10) {
  await settle(page, frames);
  return (await status(page)).route;
}

test("home: banner, navigation and main landmarks; the title, the start-here path and the room cards as text", async () => {
  const { page, context, errors } = await app.open("#/", {}, 10);
  assert.equal(await page.getByRole("banner").count(), 1, "no banner");
  assert.equal(await page.getByRole("navigation", { name: "Navigation" }).count(), 1, "no navigation landmark");
  assert.equal(await page.getByRole("main").count(), 1, "no main landmark");
  // The navigation's rooms are buttons in the navigation landmark.
  const nav = page.getByRole("navigation", { name: "Navigation" });
  for (const room of ["Home", "Notes", "Cinema", "Lab", "About"])
    assert.equal(await nav.getByRole("button", { name: room, exact: true }).count(), 1, `no ${room} in the navigation`);
  const main = page.getByRole("main");
  assert.equal(await main.getByRole("heading", { level: 1, name: "Transformer & Mamba Explorer" }).count(), 1);
  assert.equal(await main.getByRole("heading", { level: 2, name: "Start here" }).count(), 1);
  // One heading per chapter with its number and title, its summary with the reading time, and
  // "Read: <title>" buttons that open the chapter.
  const chapters = await main.getByRole("heading", { level: 3 }).allTextContents();
  assert.equal(chapters.length, 14, `chapter headings: ${JSON.stringify(chapters)}`);
  assert.match(chapters[0], /^1\. /);
  assert.ok(await main.getByText(/Chapter 4 · \d+ min read/).count() >= 1, "no reading time as text");
  const attention = chapters.find((c) => /Attention/.test(c)).replace(/^\d+\. /, "");
  const read = main.getByRole("button", { name: `Read: ${attention}`, exact: true });
  assert.equal(await read.count(), 1, "no Read button named by its chapter");
  assert.ok(await main.getByRole("button", { name: /^Watch: / }).count() >= 5, "no Watch buttons");
  assert.ok(await main.getByRole("button", { name: /^Try: / }).count() >= 5, "no Try buttons");
  // The room cards: buttons with their body as description.
  const lab = main.getByRole("button", { name: "Lab", exact: true });
  assert.equal(await lab.count(), 1);
  assert.ok((await lab.getAttribute("aria-description")).length > 20, "the Lab card has no description");
  const tree = await saveTree(page, "home");
  assert.match(tree, /banner/);
  assert.deepEqual((await status(page)).a11y.missing, [], "controls on the home page without a DOM control");
  // The keyboard on the DOM button opens the chapter.
  await read.focus();
  await page.keyboard.press("Enter");
  assert.match(await routeAfter(page), /^#\/notes\/attention/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a chapter: its text layer is inside main, under the banner and navigation", async () => {
  const { page, context, errors } = await app.open("#/notes/attention", {}, 12);
  const inMain = await page.evaluate(() => !!document.querySelector("main #tmx-text"));
  assert.ok(inMain, "the chapter's text layer is not inside main");
  const main = page.getByRole("main");
  assert.equal(await main.getByRole("heading", { level: 1 }).count() >= 1, true, "no h1 in main");
  const tree = await saveTree(page, "chapter");
  assert.match(tree, /main/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the chapter and scene indexes: a card per chapter and scene, named by its title and described by its summary", async () => {
  const { page, context, errors } = await app.open("#/notes", {}, 10);
  const cards = page.getByRole("main").locator("button[aria-description]");
  assert.equal(await cards.count(), 14, "not one card per chapter");
  assert.match(await cards.first().getAttribute("aria-description"), /\w{4,}/);
  await saveTree(page, "notes-index");
  await page.evaluate(() => window.explorer.navigate("#/cinema"));
  await settle(page, 12);
  const main = page.getByRole("main");
  assert.equal(await main.getByRole("heading", { level: 1, name: "Cinema" }).count(), 1);
  const scenes = main.locator("button[aria-description]");
  const n = await scenes.count();
  assert.ok(n >= 19, `scene cards: ${n}`);
  const names = await scenes.evaluateAll((els) => els.map((e) => e.textContent));
  assert.ok(names.some((s) => /attention/i.test(s)), JSON.stringify(names));
  await saveTree(page, "cinema-index");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the Cinema stage: a live description of the current chapter (title, caption, formulas) that changes with it", async () => {
  const { page, context, errors } = await app.open("#/cinema/attention-mechanism?chapter=2", {}, 12);
  const region = page.getByRole("region", { name: /^Scene: / });
  assert.equal(await region.count(), 1, "the scene player is not a named region");
  const stage = region.getByRole("figure", { name: "Scene picture" });
  assert.equal(await stage.count(), 1, "no text for the stage");
  const live = stage.locator("p[aria-live=polite]");
  const first = await live.textContent();
  assert.match(first, /^Chapter 2 of \d+: .+\. /, first);
  // Mutations of the description while the scene plays inside one chapter: none (not per frame).
  await page.evaluate(() => {
    const p = document.querySelector('#tmx-controls figure[aria-label="Scene picture"] p[aria-live]');
    window.__descMutations = 0;
    new MutationObserver(() => window.__descMutations++).observe(p, { childList: true, characterData: true, subtree: true });
  });
  const next = region.getByRole("button", { name: /^Next chapter/ });
  await next.focus();
  await page.keyboard.press("Enter");
  await settle(page, 12);
  const second = await live.textContent();
  assert.match(second, /^Chapter 3 of \d+: /, second);
  assert.notEqual(second, first);
  const mutations = await page.evaluate(() => window.__descMutations);
  assert.ok(mutations >= 1 && mutations <= 2, `description writes for one chapter change: ${mutations}`);
  await settle(page, 30);
  assert.equal(await page.evaluate(() => window.__descMutations), mutations, "the description changed without a chapter change");
  const tree = await saveTree(page, "cinema-stage");
  assert.match(tree, /Scene picture/);
  // Somewhere in the scene a formula is on the stage: its LaTeX is in the description.
  let formulas = "";
  for (let c = 1; c <= 8 && !formulas; c++) {
    await page.evaluate((h) => window.explorer.navigate(h), `#/cinema/attention-mechanism?chapter=${c}`);
    await settle(page, 10);
    const t = await live.textContent();
    if (/Formulas on the stage: /.test(t)) formulas = t;
  }
  assert.ok(formulas, "no chapter's description names a formula");
  assert.match(formulas, /Formulas on the stage: .*[\\_^]/, `no LaTeX in "${formulas}"`);  // as written: "Q = XW_Q"
  await shot(page, "sr-cinema-stage-description");
  assert.deepEqual(errors, []);
  await context.close();
});

test("Lab widgets: every interactive ImGui item has a named DOM control (stage arrows, optimizer and model buttons)", async () => {
  const counts = {};
  for (const route of ["#/lab/attention?step=1", "#/lab/optimizers", "#/lab/transformer-vs-mamba", "#/lab/mamba-sim",
                       "#/lab/bpe", "#/lab/generate"]) {
    const { page, context, errors } = await app.open(route, {}, 12);
    // The attention lab draws its stage arrows once its model has loaded (in 256 KB pieces, one per
    // frame) and the forward is shown: under load 12 frames are not always enough.
    if (route.startsWith("#/lab/attention")) {
      await waitForWidget(page, (w) => w.ready === true, 60000);
      await settle(page, 4);
    }
    const s = (await status(page)).a11y;
    assert.deepEqual(s.missing, [], `${route}: items without a named DOM control`);
    const domControls = await page.evaluate(() =>
      [...document.querySelectorAll("#tmx-controls button, #tmx-controls input, #tmx-controls select, #tmx-controls [role=slider]")]
        .filter((e) => !(e.parentNode && e.parentNode.tagName === "FIGURE")).length);
    assert.ok(domControls >= s.controls, `${route}: ${domControls} DOM controls for ${s.controls} recorded`);
    counts[route] = { items: s.items, controls: s.controls, dom: domControls };
    if (route.startsWith("#/lab/attention")) {
      const region = page.getByRole("region", { name: "Widget: Attention lab" });
      assert.equal(await region.count(), 1);
      assert.equal(await region.getByRole("button", { name: "Next", exact: true }).count(), 1, "no Next stage button");
      await region.getByRole("button", { name: "Next", exact: true }).focus();
      await page.keyboard.press("Enter");
      await settle(page, 8);
      await saveTree(page, "lab-attention");
    }
    if (route === "#/lab/optimizers") {
      const b = page.getByRole("region", { name: /^Widget: / }).getByRole("button", { name: /^(Play|Pause)$/ });
      assert.ok(await b.count() >= 1, "the optimizers' play button is not a DOM button");
    }
    assert.deepEqual(errors, [], route);
    await context.close();
  }
  console.log("items vs controls per widget:", JSON.stringify(counts));
});
