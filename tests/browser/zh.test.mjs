// The Chinese edition in a real Chromium: every route with ?lang=zh opens (found: true), draws
// non-blank frames without a missing glyph and logs no errors; the choice is in the address, survives a reload, follows the
// browser's language on a first visit, works in embeds, and a hostile value is ignored. Screenshots
// of each room in zh go to build/screenshots/zh-*.png (1280x720 and phone landscape 844x390).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, openPage, waitReady, settle, status, shot } from "./harness.mjs";
import { checkpoint, withoutTensor, withNaN, drop } from "./checkpoints.mjs";

const app = useApp();

async function go(page, hash, frames = 8) {
  await page.evaluate((h) => window.explorer.navigate(h), hash);
  await settle(page, frames);
  return status(page);
}

const search = (page) => page.evaluate(() => location.search);

test("every route opens in zh: found, drawn, no console errors", async () => {
  const { page, context, errors } = await app.open("?lang=zh#/");
  let s = await status(page);
  assert.equal(s.lang, "zh");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "zh-Hans");
  const cat = await page.evaluate(() => window.explorer.catalog());
  assert.ok(cat.notes.length >= 1, "the zh edition has no chapters");
  assert.ok(cat.scenes.length >= 10 && cat.widgets.length >= 10, "catalog looks empty");
  // The zh chapters' titles are Chinese and never show their {#anchor}.
  for (const n of cat.notes) {
    assert.ok(/[\u4e00-\u9fff]/.test(n.title), `chapter ${n.slug} has no Chinese title: ${n.title}`);
    assert.ok(!n.title.includes("{#"), n.title);
  }
  const routes = ["#/", "#/notes", "#/cinema", "#/lab", "#/about", "#/notes/all"];
  for (const n of cat.notes) routes.push(`#/notes/${n.slug}`);
  for (const sc of cat.scenes) routes.push(`#/cinema/${sc.slug}`);
  for (const w of cat.widgets) routes.push(`#/lab/${w.slug}`);
  // The Chinese font subset arrives, then every route is checked for missing glyphs (tofu).
  for (let i = 0; (await status(page)).fonts.subset.phase !== "ready"; ++i) {
    assert.ok(i < 600, `the Chinese font did not load: ${JSON.stringify((await status(page)).fonts)}`);
    await settle(page, 5);
  }
  await page.evaluate(() => window.explorer.tofuCheck(true));
  const blank = [], tofu = [];
  for (const r of routes) {
    s = await go(page, r);
    assert.equal(s.found, true, `${r} not found in zh`);
    assert.equal(s.lang, "zh", `${r} left the Chinese edition`);
    const img = await shot(page, "zh-route");
    if (img.variance() < 20) blank.push(r);
    s = await status(page);
    if (s.fonts.tofu.frame !== 0) tofu.push(`${r}: ${JSON.stringify(s.fonts.tofu)}`);
    assert.deepEqual(errors, [], `console errors after ${r}`);
  }
  await page.evaluate(() => window.explorer.tofuCheck(false));
  assert.deepEqual(blank, [], "routes drawn blank");
  assert.deepEqual(tofu, [], "routes with missing glyphs (tofu)");
  // Every route kept ?lang=zh in the address (the hash router never touched it).
  assert.equal(await search(page), "?lang=zh");
  assert.deepEqual(errors, []);
  await context.close();
});

// The Chinese edition's chapters are a pack: the home page asks for the chapter list from its first
// frame, before the pack may be in, and lists the chapters once it is (src/app/pages/notes_page.cpp:
// state()). A scan cached from before the pack left the Chinese home page and Notes without chapters.
test("the Chinese home page and Notes list the chapters once the edition's pack is in", async () => {
  const { page, context, errors } = await app.open("?lang=zh#/", {}, 6);
  await page.waitForFunction(() => document.body.innerText.includes("从这里开始"), null, { timeout: 60000, polling: 200 });
  assert.ok(await page.evaluate(() => document.body.innerText.includes("1. Transformer 全景")), "no first chapter on the home page");
  await shot(page, "zh-home-chapters");
  await page.evaluate(() => window.explorer.navigate("#/notes"));
  await settle(page, 10);
  assert.ok(!(await page.evaluate(() => document.body.innerText.includes("没有找到章节"))), "Notes says it found no chapters");
  await shot(page, "zh-notes-chapters");
  assert.deepEqual(errors, []);
  await context.close();
});

test("screenshots of each room in zh at 1280x720 and 844x390", async () => {
  for (const [w, h, tag] of [[1280, 720, "wide"], [844, 390, "phone"]]) {
    const { page, context, errors } = await app.open("?lang=zh#/", { width: w, height: h });
    const cat = await page.evaluate(() => window.explorer.catalog());
    const chapter = cat.notes.find((n) => n.slug === "attention") || cat.notes[0];
    for (const [name, hash] of [["home", "#/"], ["notes", "#/notes"], ["chapter", `#/notes/${chapter.slug}`],
      ["cinema", "#/cinema"], ["scene", "#/cinema/attention-mechanism?t=12"], ["lab", "#/lab"],
      ["widget", "#/lab/sampling"]]) {
      const s = await go(page, hash, 20);
      assert.equal(s.found, true, hash);
      const img = await shot(page, `zh-${tag}-${name}`);
      assert.ok(img.variance() > 20, `${hash} at ${tag} looks blank`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("the language is remembered across reloads and links without lang", async () => {
  const { page, context, errors } = await app.open("?lang=zh#/notes");
  assert.equal((await status(page)).lang, "zh");
  await page.reload();
  await waitReady(page);
  assert.equal((await status(page)).lang, "zh");
  // An old link without lang: the remembered choice, and the address says so again.
  await page.goto(`${app.server.url}/index.html#/lab`);
  await waitReady(page);
  assert.equal((await status(page)).lang, "zh");
  assert.equal(await search(page), "?lang=zh");
  // ?lang=en wins over the memory, and is remembered in turn.
  await page.goto(`${app.server.url}/index.html?lang=en#/lab`);
  await waitReady(page);
  assert.equal((await status(page)).lang, "en");
  await page.goto(`${app.server.url}/index.html#/lab`);
  await waitReady(page);
  assert.equal((await status(page)).lang, "en");
  assert.equal(await search(page), "", "English needs no lang in the address");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the language menu switches in place: address, <html lang>, notes, no reload", async () => {
  const { page, context, errors } = await app.open("?lang=en#/notes", { width: 1280, height: 720 });
  await page.evaluate(() => { window.notReloaded = true; });
  const before = await shot(page, "zh-menu-before");
  // The language button is the first of the two at the top right ("English" at 1094..1158 x 8..34);
  // its menu lists "Language", then English and 简体中文.
  await page.mouse.click(1125, 20);
  await settle(page, 6);
  await shot(page, "zh-menu-open");
  // Items (1127..1230 wide): a disabled "Language" line at y 42, English at 66, 简体中文 at 90.
  await page.mouse.move(1160, 90);
  await settle(page, 3);
  await page.mouse.click(1160, 90);
  await settle(page, 8);
  const s = await status(page);
  assert.equal(s.lang, "zh", "clicking 简体中文 in the menu did not switch");
  assert.equal(await page.evaluate(() => window.notReloaded), true, "the page reloaded");
  assert.equal(await search(page), "?lang=zh");
  assert.equal(await page.evaluate(() => location.hash), "#/notes");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "zh-Hans");
  const after = await shot(page, "zh-menu-after");
  assert.ok(after.diff(before) > 0.01, "the notes index did not change language");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a first visit follows the browser's language", async () => {
  for (const [locale, want, query] of [["zh-CN", "zh", "?lang=zh"], ["en-US", "en", ""], ["zh-TW", "zh", "?lang=zh"]]) {
    const context = await app.browser.newContext({ viewport: { width: 1024, height: 640 }, locale, colorScheme: "dark" });
    const page = await context.newPage();
    const errors = [];
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${app.server.url}/index.html#/`);
    await waitReady(page);
    assert.equal((await status(page)).lang, want, `locale ${locale}`);
    assert.equal(await search(page), query, `locale ${locale}: the address`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("embeds honour the language, in the query or in the hash", async () => {
  const { page, context, errors } = await app.open("?lang=zh#/embed/lab/softmax?T=0.5");
  let s = await status(page);
  assert.equal(s.lang, "zh");
  assert.equal(s.embed, true);
  assert.equal(s.found, true);
  await shot(page, "zh-embed-lab");
  await context.close();
  const o = await app.open("#/embed/cinema/attention-mechanism?lang=zh&t=5");
  s = await status(o.page);
  assert.equal(s.lang, "zh");
  assert.equal(s.found, true);
  assert.ok(!s.route.includes("lang="), `lang stays out of the scene's parameters: ${s.route}`);
  assert.deepEqual(s.langNotice, "");
  const img = await shot(o.page, "zh-embed-scene");
  assert.ok(img.variance() > 20);
  assert.deepEqual(errors, []);
  assert.deepEqual(o.errors, []);
  await o.context.close();
});

test("a hostile or unknown lang is ignored with a notice, never injected", async () => {
  const evil = encodeURIComponent(`"><img src=x onerror=alert(1)>`);
  for (const q of [`?lang=${evil}`, "?lang=fr", "?lang=ZH", `?lang=${"z".repeat(5000)}`]) {
    const { page, context, errors } = await app.open(`${q}#/notes`);
    const s = await status(page);
    assert.equal(s.lang, "en", q.slice(0, 40));
    assert.ok(s.langNotice.length > 0, "the page says the language was not found");
    assert.ok(!s.langNotice.includes("onerror") && !s.langNotice.includes("zzzz"), "the value is never echoed");
    assert.equal(await page.$$eval("img", (l) => l.length), 0, "no element was injected");
    assert.equal(await search(page), "", "the bad value is dropped from the address");
    assert.deepEqual(errors, [], q.slice(0, 40));
    await context.close();
  }
});

test("zh: the language-model widgets default to tang-gpt unless the address names a model", async () => {
  const { page, context, errors } = await app.open("?lang=zh#/lab/sampling");
  let s = await status(page);
  assert.equal(s.widget.model, "tang-gpt");
  assert.match(s.route, /model=tang-gpt/);
  s = await go(page, "#/lab/sampling?model=kjv-gpt&prompt=And");
  assert.equal(s.widget.model, "kjv-gpt");
  s = await go(page, "#/lab/attention", 30);
  assert.match(s.route, /model=tang-gpt/);
  s = await go(page, "#/lab/generate", 30);
  assert.match(s.route, /model=tang-gpt/);
  assert.match(decodeURIComponent(s.route), /prompt=床前明月/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("zh search in notes finds Chinese substrings", async () => {
  const { page, context, errors } = await app.open("?lang=zh#/notes", { width: 1280, height: 800 });
  const before = await shot(page, "zh-search-before");
  await page.mouse.click(540, 168);  // the search box under the index title
  await settle(page, 4);
  await page.keyboard.insertText("注意力");
  await settle(page, 12);
  const img = await shot(page, "zh-search");
  // The chapter cards give way to the hits (the query is a substring inside Chinese words).
  assert.ok(img.diff(before, 232, 200, 852, 800) > 0.05, "typing a Chinese query changed nothing");
  await page.keyboard.insertText("没有这个词组合");
  await settle(page, 8);
  const none = await shot(page, "zh-search-none");
  assert.ok(none.diff(img, 232, 200, 852, 800) > 0.05, "a query with no hits shows the same as one with hits");
  assert.deepEqual(errors, []);
  await context.close();
});

// An English word left in a Chinese message once its data (file names, paths, numbers) is cut out:
// 2+ letters, lower case after the first (acronyms and units such as JSON, HTTP, MB, NaN are symbols),
// not glued to '.', '-' or '/' (part of a path or a name), other than names the Chinese keeps.
// The same rule as tests/ui/test_error_text.cpp.
function englishWord(text, data = []) {
  for (const d of data) text = text.split(d).join("");
  const keep = new Set(["config", "json", "safetensors", "id", "kjv", "gpt", "tang", "llama", "mamba", "gpt2", "Inf"]);
  for (const m of text.matchAll(/[A-Za-z0-9_]+/g)) {
    const w = m[0], a = m.index, b = a + w.length;
    const glued = (a > 0 && /[./-]/.test(text[a - 1])) || (b + 1 < text.length && /[./-]/.test(text[b]) && /\w/.test(text[b + 1]));
    if (/[0-9_]/.test(w) || glued || w.length < 2 || keep.has(w)) continue;
    if (w.slice(1) === w.slice(1).toLowerCase()) return w;
  }
  return "";
}
const chinese = (s) => /[\u4e00-\u9fff]/.test(s);

test("the English-word rule finds English inside a Chinese sentence", () => {
  assert.equal(englishWord("无法加载模型：cannot open '/x/config.json'"), "cannot");
  assert.equal(englishWord("服务器上没有 model.safetensors（HTTP 404）。"), "");
  assert.equal(englishWord("文件 /dropped/3/model.safetensors 已损坏。"), "");
  assert.equal(englishWord("不支持模型类型 \"bert\"。", ["bert"]), "");
  assert.equal(englishWord("训练失败：the loss became nan"), "the");
});

test("zh: errors read as Chinese: broken drop-ins, a failed download, widget warnings", async () => {
  const { page, context, errors } = await app.open("?lang=zh#/lab/generate?model=kjv-gpt&gen=2&prompt=And");
  const waitFor = (fn, arg, timeout = 90000) => page.waitForFunction(fn, arg, { timeout, polling: 50 });
  await waitFor(() => { const w = window.explorer.status().widget; return w && w.tokens.length === 2; });
  let msg = (await status(page)).dropIn.message;
  const bad = [
    ["unsupported architecture", await checkpoint("tests/golden/transformer/gpt2", { config: { model_type: "bert" } }), ["bert"]],
    ["missing tensor", await checkpoint("tests/golden/transformer/gpt2", { safetensors: (b) => withoutTensor(b, "transformer.h.1.mlp.c_fc.weight") }), []],
    ["wrong shape", await checkpoint("tests/golden/transformer/llama", { config: { intermediate_size: 32 } }), []],
    ["truncated file", await checkpoint("tests/golden/mamba/lm_hf", { safetensors: (b) => b.subarray(0, b.length - 100) }), []],
    ["NaN weights", await checkpoint("tests/golden/transformer/gpt2", { safetensors: withNaN }), []],
    ["bad config field", await checkpoint("tests/golden/transformer/gpt2", { config: { n_head: 0 } }), []],
    ["weights without a config", await checkpoint("tests/golden/transformer/gpt2", { drop: ["config.json"] }), ["model.safetensors, tokenizer.char.txt"]],
  ];
  for (const [what, files, data] of bad) {
    await drop(page, files);
    await waitFor((b) => window.explorer.status().dropIn.message !== b, msg, 30000);
    const r = (await status(page)).dropIn;
    msg = r.message;
    assert.equal(r.ok, false, what);
    assert.ok(chinese(r.message), `${what}: ${r.message}`);
    assert.equal(englishWord(r.message, data), "", `${what}: English inside the Chinese message: ${r.message}`);
  }
  await settle(page, 4);
  await shot(page, "zh-dropin-refused");
  // A model whose download fails (the server answers 404): the reason in Chinese, with the file name.
  await page.route("**/assets/models/kjv-llama/**", (r) => r.fulfill({ status: 404, body: "gone" }));
  await page.evaluate(() => window.explorer.navigate("#/lab/generate?model=kjv-llama&gen=2&prompt=And"));
  await waitFor(() => { const m = window.explorer.status().models["kjv-llama"]; return m && m.phase === "failed"; });
  const failed = (await status(page)).models["kjv-llama"].message;
  assert.ok(chinese(failed) && /HTTP 404/.test(failed), failed);
  assert.equal(englishWord(failed), "", `English inside the Chinese message: ${failed}`);
  await settle(page, 6);
  await shot(page, "zh-download-failed");
  // Absurd address values: the widgets' warnings are Chinese sentences too. Their data are the
  // parameters' keys and choices (identifiers, from the catalog) and the values typed in.
  const cat = await page.evaluate(() => window.explorer.catalog());
  for (const h of ["#/lab/generate?model=kjv-gpt&gen=-5&T=abc&zzz=1", "#/lab/mamba-sim?N=9999&dt=-1&sig=nope",
                   "#/lab/number-formats?v=1e999x&scale=99", "#/lab/attention?model=nope&layers=99"]) {
    await page.evaluate((x) => window.explorer.navigate(x), h);
    await settle(page, 10);
    const s = await status(page);
    const w = cat.widgets.find((x) => x.slug === s.slug);
    const data = ["nope", "zzz", "abc", "1e999x"];
    for (const p of w.params) data.push(p.key, ...(p.choices || []));
    data.sort((a, b) => b.length - a.length);  // cut "topk" before "top"
    assert.ok(s.warnings.length > 0, `${h}: no warning`);
    for (const m of s.warnings) {
      assert.ok(chinese(m), `${h}: ${m}`);
      assert.equal(englishWord(m, data), "", `${h}: English inside: ${m}`);
    }
  }
  // The browser logs the faked 404s itself; nothing else may be an error.
  assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), []);
  await context.close();
});
