// One Lab widget run in Chromium, timed frame by frame (the browser benches of widgets that work
// in slices: train_web.mjs, synthetic_web.mjs). Opens a fresh page on the app, navigates to `hash`
// and watches window.explorer.status().widget every animation frame: once it reports `started`,
// the worst interval between frames is recorded, until the run is over — `untilStep` > 0: its
// `step` reaches untilStep; otherwise: it stops `running`. Resolves with the wall time from the
// navigation (s), the worst frame interval (ms) and the widget's last status; throws on the
// widget's `error` or after timeoutMs.
import { openPage, waitReady, settle } from "../../tests/browser/harness.mjs";

export async function runWidget(browser, serverUrl, hash, { untilStep = 0, timeoutMs = 600000 } = {}) {
  const { page, context } = await openPage(browser);
  try {
    await page.goto(`${serverUrl}/index.html#/`);
    await waitReady(page);
    await settle(page, 30);
    const r = await page.evaluate(([hash, untilStep, timeoutMs]) => new Promise((resolve) => {
      window.explorer.navigate(hash);
      let last = performance.now(), worst = 0, started = false;
      const t0 = performance.now();
      const tick = () => {
        const now = performance.now();
        const w = window.explorer.status().widget || {};
        if (started) worst = Math.max(worst, now - last);
        last = now;
        if (w.started) started = true;
        if (w.error) return resolve({ error: w.error });
        const over = untilStep > 0 ? w.step >= untilStep : started && !w.running;
        if (over) return resolve({ s: (now - t0) / 1000, worst, widget: w });
        if (now - t0 > timeoutMs) return resolve({ error: "timeout" });
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }), [hash, untilStep, timeoutMs]);
    if (r.error) throw new Error(`${hash}: ${r.error}`);
    return r;
  } finally {
    await context.close();
  }
}
