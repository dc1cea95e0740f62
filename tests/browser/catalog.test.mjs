// The catalog an author reads (window.explorer.catalog() and the "explorer.catalog" message):
// every note, scene and widget it lists opens with status().found === true and its title, draws
// a non-blank frame, and logs no errors; unknown routes say found: false. One screenshot per
// widget goes to build/screenshots/catalog-lab-<slug>.png (and the worked example opened from a
// chapter-style link with its own X, Q, K, V).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, openPage, settle, status, shot } from "./harness.mjs";

const app = useApp({
  "/embedder.html": `<!doctype html><meta charset="utf-8"><title>embedder</title><link rel="icon" href="data:,">
    <iframe id="f" src="/index.html#/embed/lab/softmax" width="640" height="420" style="border:0"></iframe>`,
});

async function go(page, hash) {
  await page.evaluate((h) => window.explorer.navigate(h), hash);
  await settle(page, 8);
  return status(page);
}

test("every route in window.explorer.catalog() opens with found: true", async () => {
  const { page, context, errors } = await app.open("#/");
  const c = await page.evaluate(() => window.explorer.catalog());
  assert.ok(c && Array.isArray(c.notes) && Array.isArray(c.scenes) && Array.isArray(c.widgets));
  assert.ok(c.notes.length >= 2 && c.scenes.length >= 3 && c.widgets.length >= 5);
  const softmax = c.widgets.find((w) => w.slug === "softmax");
  assert.deepEqual(softmax.params[0], { key: "T", label: "Temperature T", default: 1, min: 0.05, max: 10, choices: null });
  const routes = [
    ...c.notes.map((n) => [`#/notes/${n.slug}`, n.title]),
    ...c.scenes.map((s) => [`#/cinema/${s.slug}`, s.title]),
    ...c.widgets.map((w) => [`#/lab/${w.slug}`, w.title]),
    ...c.widgets.map((w) => [`#/embed/lab/${w.slug}`, w.title]),
  ];
  for (const [hash, title] of routes) {
    const s = await go(page, hash);
    assert.equal(s.found, true, `${hash} not found`);
    assert.equal(s.title, title, hash);
    const img = await shot(page, "catalog-" + hash.replace(/^#\//, "").replace(/\//g, "-"));
    assert.ok(img.variance() > 50, `${hash} looks blank`);
  }
  // A note's headings are addresses too.
  const n = c.notes[0];
  const s = await go(page, `#/notes/${n.slug}#${n.headings[n.headings.length - 1].anchor}`);
  assert.equal(s.found, true);
  for (const bad of ["#/notes/nope", "#/cinema/nope", "#/lab/nope", "#/embed/lab"]) {
    assert.equal((await go(page, bad)).found, false, bad);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test("the worked example opens from a link with its own X, Q, K, V", async () => {
  const link = "#/lab/attention?tab=example&tokens=cat,sat,on&d=4&dv=4" +
    "&x=1,0.5,0.3,0.2,0.2,1,0.4,0.1,0.3,0.2,1,0.5&q=0.8,0.6,0.4,0.2,0.3,0.9,0.5,0.3,0.4,0.3,0.8,0.6" +
    "&k=0.9,0.7,0.5,0.3,0.4,0.8,0.6,0.2,0.5,0.4,0.9,0.7&v=1.2,0.8,0.6,0.4,0.5,1.3,0.7,0.3,0.6,0.5,1.4,0.9";
  const { page, context, errors } = await app.open(link, { width: 1280, height: 1000 }, 10);
  const s = await status(page);
  assert.equal(s.found, true);
  assert.match(s.route, /tokens=cat%2Csat%2Con|tokens=cat,sat,on/);
  assert.match(s.route, /q=0\.8/);
  const img = await shot(page, "catalog-worked-example-cat-sat-on");
  assert.ok(img.variance() > 50);
  assert.deepEqual(errors, []);
  await context.close();
});

test("an embedding page gets the catalog through postMessage", async () => {
  const { page, context, errors } = await openPage(app.browser);
  await page.goto(`${app.server.url}/embedder.html`);
  const frame = page.frames().find((f) => f.url().includes("index.html"));
  await frame.waitForFunction(() => window.explorer && window.explorer.status().ready, null, { timeout: 60000 });
  const reply = await page.evaluate(() => new Promise((resolve) => {
    window.addEventListener("message", (e) => { if (e.data && e.data.type === "explorer.catalog") resolve(e.data); });
    document.getElementById("f").contentWindow.postMessage({ type: "explorer.catalog", id: 3 }, "*");
  }));
  assert.equal(reply.id, 3);
  assert.ok(reply.catalog.widgets.some((w) => w.slug === "mamba-sim" && w.params.some((p) => p.key === "brule")));
  assert.deepEqual(errors, []);
  await context.close();
});
