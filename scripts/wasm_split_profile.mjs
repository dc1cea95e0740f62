// Records which functions the home page runs, for wasm_shell/first_frame.keep (scripts/wasm_split.py):
// serves dist/ with the web build's instrumented module (build/web/explorer.instrumented.wasm, a
// whole module that counts the functions it calls) and no deferred module, opens the home page in
// Chromium the ways a reader first sees it (English and Chinese, by address, by browser language and
// by a remembered choice, a desktop window and a phone on its side), lets each run draw, scroll and
// idle (and, on the desktop, get a key, focus events and leave the page), and reads each run's
// profile (wasm-split's __write_profile). Then it writes the list.
//   scripts/build.sh web && node scripts/wasm_split_profile.mjs [--fresh] && scripts/build.sh web
// Run it when tests/browser/split.test.mjs says the home page loaded the deferred module.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { ROOT, launch, SLOW_ZH_DOWNLOADS, delayRequests } from "../tests/browser/harness.mjs";
import { startServer } from "./serve.mjs";

const BUILD = path.join(ROOT, "build", "web");
const instrumented = path.join(BUILD, "explorer.instrumented.wasm");
const orig = path.join(BUILD, "explorer.wasm.orig");
for (const f of [instrumented, orig, path.join(ROOT, "dist", "index.html")]) {
  if (!fs.existsSync(f)) { console.error(`wasm_split_profile: ${f} is missing: run scripts/build.sh web first`); process.exit(2); }
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tmx-split-"));
const site = path.join(tmp, "site");
fs.cpSync(path.join(ROOT, "dist"), site, { recursive: true });
fs.copyFileSync(instrumented, path.join(site, "explorer.wasm"));
fs.rmSync(path.join(site, "explorer.deferred.wasm"), { force: true });  // everything is in the one module

const RUNS = [
  { name: "en, first visit", query: "", locale: "en-US" },
  { name: "zh, by address", query: "?lang=zh", locale: "en-US" },
  { name: "zh, by browser language", query: "", locale: "zh-CN" },
  { name: "zh, remembered", query: "", locale: "en-US", remember: "zh" },
  { name: "en, phone on its side", query: "", locale: "en-US", phone: true },
  // A slow connection: the Chinese text and fonts still downloading half a second in, so the page
  // runs its download progress (ui/pack_store.h, ui/fonts.h) before its first frame.
  { name: "zh, slow downloads", query: "?lang=zh", locale: "en-US", slow: SLOW_ZH_DOWNLOADS },
  // A busy machine (the CPU 4x slower): the downloads now finish early relative to the frames, as
  // when the tests run under load, and the page meets them at other points of its start.
  { name: "zh, busy CPU", query: "?lang=zh", locale: "en-US", cpu: 4 },
  { name: "en, busy CPU", query: "", locale: "en-US", cpu: 4 },
];

const server = await startServer(site);
const browser = await launch();
const profiles = [];
try {
  for (const run of RUNS) {
    const context = await browser.newContext({
      locale: run.locale,
      viewport: run.phone ? { width: 844, height: 390 } : { width: 1280, height: 800 },
      deviceScaleFactor: run.phone ? 3 : 1, hasTouch: !!run.phone, isMobile: !!run.phone,
    });
    if (run.remember) await context.addInitScript((l) => localStorage.setItem("tmx-lang", l), run.remember);
    const page = await context.newPage();
    if (run.slow) await delayRequests(page, run.slow);
    if (run.cpu) await (await context.newCDPSession(page)).send("Emulation.setCPUThrottlingRate", { rate: run.cpu });
    await page.goto(server.url + "/" + run.query);
    await page.waitForFunction(() => window.explorer && window.explorer.status().ready, null, { timeout: 120000 });
    await page.waitForTimeout(1500);
    if (run.phone) {
      await page.touchscreen.tap(400, 200);
    } else {
      await page.mouse.move(400, 300);
      await page.mouse.wheel(0, 400);
    }
    await page.waitForTimeout(1500);
    // Browser events SDL2 hands to the module (its Emscripten_Handle* callbacks) can come before the
    // deferred module is in; leaving the page is one, and a synchronous download cannot run then
    // (the page is unloading). So: a key, losing and regaining focus, hiding, and leaving.
    if (!run.phone) {
      await page.keyboard.press("Shift");
      await page.evaluate(() => {
        for (const t of ["blur", "focus"]) window.dispatchEvent(new Event(t));
        document.dispatchEvent(new Event("visibilitychange"));
        window.dispatchEvent(new Event("beforeunload", { cancelable: true }));
      });
      await page.waitForTimeout(500);
    }
    const bytes = await page.evaluate(() => {
      const n = 1 << 20, at = Module.HEAPU8.length - n;  // the top of the heap: this page is thrown away
      const len = Module.asm.__write_profile(at, n);
      return Array.from(Module.HEAPU8.subarray(at, at + len));
    });
    const file = path.join(tmp, `run${profiles.length}.prof`);
    fs.writeFileSync(file, Buffer.from(bytes));
    profiles.push(file);
    console.error(`wasm_split_profile: ${run.name}: ${bytes.length} bytes of profile`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const out = path.join(ROOT, "wasm_shell", "first_frame.keep");
let list = execFileSync("python3", [path.join(ROOT, "scripts", "wasm_split.py"), "keep-list", orig, ...profiles]).toString();
const body = (t) => t.split("\n").filter((l) => l && !l.startsWith("#"));  // the function lines
// What an earlier recording kept stays kept (a run may miss a path that depends on timing, such as
// a button under the pointer as the page settles); --fresh starts the list over.
if (!process.argv.includes("--fresh") && fs.existsSync(out)) {
  const lines = new Map([...body(fs.readFileSync(out, "utf8")), ...body(list)].map((l) => [l.split(" ")[0], l]));
  const byName = (l) => l.slice(l.indexOf(" ") + 1);
  list = list.split("\n").filter((l) => l.startsWith("#")).join("\n") + "\n" +
    [...lines.values()].sort((x, y) => (byName(x) < byName(y) ? -1 : byName(x) > byName(y) ? 1 : 0)).join("\n") + "\n";
}
fs.writeFileSync(out, list);
fs.rmSync(tmp, { recursive: true, force: true });
console.error(`wasm_split_profile: ${body(list).length} functions -> ${path.relative(ROOT, out)}; rebuild with scripts/build.sh web`);
