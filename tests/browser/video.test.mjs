// Videos in a real Chromium. A test MP4 is generated with Debian's ffmpeg (testsrc with a pure
// green border, so the picture can be found on screen) and assembled with a COPY of dist/
// (build/video-test/site, by scripts/assemble_html.py --videos) so dist/ itself stays clean; a
// second copy has no videos. Checked: the Cinema's Video toggle exists only when the scene's MP4
// does; with it on, the stage shows the MP4, changes while playing, stands still when paused, and
// the URL's t follows; a ```video block in a note plays inline; a missing video falls back to its
// scene= drawn live and is never requested; hostile or broken files give clear states. No console errors.
// Skipped (with this reason) only when ffmpeg is not installed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { ROOT, startServer, launch, openPage, waitReady, settle, shot } from "./harness.mjs";

const HAVE_FFMPEG = spawnSync("ffmpeg", ["-version"]).status === 0;
const SKIP = HAVE_FFMPEG ? false : "ffmpeg is not installed (apt-get install ffmpeg), so no test video can be made";
const WORK = path.join(ROOT, "build", "video-test");
const SCENE_VIDEO = "attention-mechanism.mp4";
const NOTE_VIDEO = "grouped-query-attention.mp4";  // the attention chapter's "Watch it" block
const STAGE_BG = [18, 20, 26];  // anim::StageColors dark background
const ERROR_BAR = [0xff, 0x6b, 0x6b];  // the notes' error box (dark palette error colour)

let withVideo = null, without = null, browser = null;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
  return r;
}

before(async () => {
  if (SKIP) return;
  await rm(WORK, { recursive: true, force: true });
  const videos = path.join(WORK, "videos"), none = path.join(WORK, "no-videos");
  await mkdir(videos, { recursive: true });
  await mkdir(none, { recursive: true });
  // 30 s of ffmpeg's test pattern (moving every frame) inside a 12 px pure green frame.
  run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i",
    "testsrc=size=480x270:rate=30,drawbox=x=0:y=0:w=iw:h=ih:color=0x00ff00:t=12", "-t", "30",
    "-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", path.join(videos, SCENE_VIDEO)]);
  await copyFile(path.join(videos, SCENE_VIDEO), path.join(videos, NOTE_VIDEO));
  // Starts like an MP4 (so it is listed) but cannot be decoded.
  await writeFile(path.join(videos, "broken.mp4"), Buffer.concat([Buffer.from("\0\0\0\x18ftypisom\0\0\0\0isomavc1"),
    Buffer.alloc(4096, 0x5a)]));
  const dist = path.join(ROOT, "dist");
  run("/usr/bin/python3", ["scripts/assemble_html.py", "web", dist, path.join(WORK, "site"), "--videos", videos]);
  run("/usr/bin/python3", ["scripts/assemble_html.py", "web", dist, path.join(WORK, "site-none"), "--videos", none]);
  withVideo = await startServer(path.join(WORK, "site"));
  without = await startServer(path.join(WORK, "site-none"));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await withVideo?.close();
  await without?.close();
});

async function open(server, hash, frames = 8) {
  const o = await openPage(browser);
  o.requests = [];
  o.page.on("request", (r) => o.requests.push(r.url()));
  await o.page.goto(`${server.url}/index.html${hash}`);
  await waitReady(o.page);
  await settle(o.page, frames);
  await o.page.focus("#canvas");
  return o;
}
const videos = (page) => page.evaluate(() => window.explorer.videos());
const hashT = (page) => page.evaluate(() => {
  const m = /[?&]t=([^&]*)/.exec(location.hash);
  return m ? Number(m[1]) : NaN;
});
const waitVideo = (page, body, arg) => page.waitForFunction(body, arg, { timeout: 30000 });

function near(p, c, tol) {
  return Math.abs(p[0] - c[0]) + Math.abs(p[1] - c[1]) + Math.abs(p[2] - c[2]) < tol;
}
function stageRows(img, x) {
  let top = -1, bottom = -1;
  for (let y = 0; y < img.height; y++) {
    if (near(img.pixel(x, y), STAGE_BG, 4)) {
      if (top < 0) top = y;
      bottom = y;
    }
  }
  return { top, bottom };
}
// Bounding box of the test video's green frame inside a region, or null.
function greenBox(img, x0 = 0, y0 = 0, x1 = img.width, y1 = img.height) {
  let bx0 = 1e9, by0 = 1e9, bx1 = -1, by1 = -1, n = 0;
  for (let y = y0; y < y1; y += 2) for (let x = x0; x < x1; x += 2) {
    const [r, g, b] = img.pixel(x, y);
    if (g > 180 && r < 90 && b < 90) {
      n++;
      bx0 = Math.min(bx0, x); by0 = Math.min(by0, y); bx1 = Math.max(bx1, x); by1 = Math.max(by1, y);
    }
  }
  return n > 200 ? { x0: bx0, y0: by0, x1: bx1, y1: by1, w: bx1 - bx0, h: by1 - by0 } : null;
}
function regionDiff(a, b, x0, y0, x1, y1) {
  let n = 0, d = 0;
  for (let y = y0; y < y1; y += 3) for (let x = x0; x < x1; x += 3) {
    n++;
    if (!near(a.pixel(x, y), b.pixel(x, y), 24)) d++;
  }
  return d / n;
}
// Screenshots until the green frame shows (the first frame is decoded asynchronously).
async function waitGreen(page, name, region) {
  for (let i = 0; i < 60; i++) {
    const img = await shot(page, name);
    const box = region ? greenBox(img, ...region) : greenBox(img);
    if (box) return { img, box };
    await settle(page, 4);
  }
  assert.fail(`the video's picture never appeared on screen (${name})`);
}

test("the Cinema's Video toggle exists only when the scene's MP4 is in the build", { skip: SKIP }, async () => {
  const hash = "#/cinema/attention-mechanism?t=3";
  const a = await open(without, hash);
  await a.page.keyboard.press("v");
  await settle(a.page, 6);
  assert.deepEqual(await videos(a.page), [], "V opened a video although the build has none");
  const img0 = await shot(a.page, "video-cinema-without-mp4");

  const b = await open(withVideo, hash);
  const img1 = await shot(b.page, "video-cinema-with-mp4");
  assert.deepEqual(await videos(b.page), [], "a video was opened before the toggle was turned on");
  // The two pages differ only by the toggle, in the controls under the stage.
  const { top, bottom } = stageRows(img1, 600);
  assert.ok(top > 0 && bottom - top > 300, `stage not found (rows ${top}..${bottom})`);
  assert.ok(regionDiff(img0, img1, 240, top, 1240, bottom) < 0.002, "the stages differ before the toggle is used");
  let first = -1;
  for (let y = bottom + 1; y < img1.height && first < 0; y++)
    for (let x = 0; x < img1.width; x++) if (!near(img0.pixel(x, y), img1.pixel(x, y), 24)) { first = y; break; }
  assert.ok(first > 0, "no Video toggle in the controls");
  // The first difference from the left is the toggle's box (what follows it moved right).
  let x0 = 1e9;
  for (let y = first; y < first + 16; y++) for (let x = 0; x < img1.width; x++)
    if (!near(img0.pixel(x, y), img1.pixel(x, y), 24)) { x0 = Math.min(x0, x); break; }
  await b.page.mouse.click(x0 + 10, first + 10);  // click the toggle
  await settle(b.page, 4);
  const v = await videos(b.page);
  assert.equal(v.length, 1, "clicking the toggle did not open the video");
  assert.equal(v[0].name, SCENE_VIDEO);
  assert.ok(b.requests.some((u) => new URL(u).pathname === `/assets/videos/${SCENE_VIDEO}`), "the MP4 was not requested");
  assert.ok(!a.requests.some((u) => u.includes(".mp4")), "the build without videos requested an MP4");
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await a.context.close();
  await b.context.close();
});

test("with Video on, the stage plays the MP4 and follows play, pause and t", { skip: SKIP }, async () => {
  const { page, context, errors } = await open(withVideo, "#/cinema/attention-mechanism?t=3");
  const live = await shot(page, "video-cinema-live");
  const { top, bottom } = stageRows(live, 600);
  const stageW = (bottom - top + 1) * 16 / 9;
  await page.keyboard.press("v");
  await waitVideo(page, () => { const v = window.explorer.videos()[0]; return v && v.phase === "ready" && v.width === 480; });
  const { img: still, box } = await waitGreen(page, "video-cinema-on", [0, top, 1280, bottom]);
  assert.ok(box.h > (bottom - top) * 0.9 && box.w > stageW * 0.9, `the video does not fill the stage: ${JSON.stringify(box)}`);
  assert.ok(regionDiff(live, still, 240, top, 1240, bottom) > 0.2, "the stage still shows the live drawing");
  assert.ok(Math.abs((await videos(page))[0].time - 3) < 0.1, "the video did not start at the player's t");

  // Space plays: the picture changes over time.
  await page.keyboard.press("Space");
  await waitVideo(page, () => { const v = window.explorer.videos()[0]; return v.phase === "playing" && v.time > 3.3; });
  const p1 = await shot(page, "video-cinema-playing-1");
  const t1 = (await videos(page))[0].time;
  await waitVideo(page, (t) => window.explorer.videos()[0].time > t + 0.5, t1);
  const p2 = await shot(page, "video-cinema-playing-2");
  assert.ok(regionDiff(p1, p2, box.x0, box.y0, box.x1, box.y1) > 0.01, "the video picture did not change while playing");

  // Space pauses: the picture stands still and the URL's t is the video's time.
  await page.keyboard.press("Space");
  await waitVideo(page, () => window.explorer.videos()[0].paused === true);
  await settle(page, 6);
  const s1 = await shot(page, "video-cinema-paused-1");
  await settle(page, 30);
  const s2 = await shot(page, "video-cinema-paused-2");
  assert.ok(regionDiff(s1, s2, box.x0, box.y0, box.x1, box.y1) < 0.002, "the paused video kept changing");
  const v = (await videos(page))[0];
  const t = await hashT(page);
  assert.ok(Math.abs(t - v.time) < 0.1, `URL t=${t} does not follow the video (${v.time})`);

  // A chapter step seeks the video.
  await page.keyboard.press("ArrowRight");
  await waitVideo(page, (t0) => Math.abs(window.explorer.videos()[0].time - t0) > 0.5, v.time);
  const t2 = await hashT(page);
  await waitVideo(page, (tt) => Math.abs(window.explorer.videos()[0].time - tt) < 0.05, t2);

  // V again: the live drawing at the same t; the element is released.
  await page.keyboard.press("v");
  await settle(page, 6);
  assert.equal(await hashT(page), t2, "turning the video off changed t");
  assert.deepEqual(await videos(page), []);
  const off = await shot(page, "video-cinema-off");
  assert.equal(greenBox(off, 0, top, 1280, bottom), null, "the video is still drawn after turning it off");
  assert.ok(off.variance(240, top, 1240, bottom) > 30, "the live stage is blank after turning the video off");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a ```video block in a note plays inline in the reading column", { skip: SKIP }, async () => {
  const { page, context, errors } = await open(withVideo, "#/notes/attention#watch-it", 12);
  await waitVideo(page, (n) => window.explorer.videos().some((v) => v.name === n && v.phase === "ready"), NOTE_VIDEO);
  const { box } = await waitGreen(page, "video-note-ready", [232, 60, 980, 800]);
  assert.ok(box.w > 500 && box.w < 740, `the video is not reading-column wide: ${box.w} px`);
  await page.mouse.click(box.x0 + box.w / 2, box.y0 + box.h / 2);  // the picture toggles play
  await waitVideo(page, () => window.explorer.videos()[0].phase === "playing" && window.explorer.videos()[0].time > 0.3);
  const a = await shot(page, "video-note-playing-1");
  const t1 = (await videos(page))[0].time;
  await waitVideo(page, (t) => window.explorer.videos()[0].time > t + 0.5, t1);
  const b = await shot(page, "video-note-playing-2");
  assert.ok(regionDiff(a, b, box.x0, box.y0, box.x1, box.y1) > 0.01, "the inline video did not change while playing");
  await page.mouse.click(box.x0 + box.w / 2, box.y0 + box.h / 2);
  await waitVideo(page, () => window.explorer.videos()[0].paused === true);
  await settle(page, 4);
  const c = await shot(page, "video-note-paused-1");
  await settle(page, 30);
  const d = await shot(page, "video-note-paused-2");
  assert.ok(regionDiff(c, d, box.x0, box.y0, box.x1, box.y1) < 0.002, "the paused inline video kept changing");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a video missing from the build falls back to its scene drawn live, and is never requested", { skip: SKIP }, async () => {
  const { page, context, errors, requests } = await open(without, "#/notes/attention#watch-it", 12);
  const img = await shot(page, "video-note-missing");
  // The block's scene= fallback: a live stage (the dark stage background) in the reading column.
  let stage = 0, bar = 0;
  for (let y = 60; y < 800; y += 2) for (let x = 232; x < 980; x += 2) {
    if (near(img.pixel(x, y), STAGE_BG, 4)) stage++;
    // An error box's red bar runs down the column's left edge (the scene's own red heads are
    // further right, inside the stage).
    if (x < 258 && near(img.pixel(x, y), ERROR_BAR, 30)) bar++;
  }
  assert.ok(stage > 5000, `no live stage where the video would be (${stage} stage pixels)`);
  assert.equal(bar, 0, "an error box is shown although the block has a scene= fallback");
  assert.deepEqual(await videos(page), [], "a video element was created for a missing file");
  assert.ok(!requests.some((u) => u.includes(".mp4")), "a missing video was requested anyway");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the shell refuses unlisted or hostile names and reports broken files", { skip: SKIP }, async () => {
  const { page, context, errors, requests } = await open(withVideo, "#/", 4);
  const states = await page.evaluate(() => {
    const V = window.explorerVideo;
    V.open(901, "../secret.mp4");
    V.open(902, "https://example.com/x.mp4");
    V.open(903, "nothere.mp4");
    return [901, 902, 903].map((id) => V.state(id));
  });
  for (const s of states) {
    assert.equal(s.phase, "error");
    assert.match(s.message, /not in this build's video list/);
  }
  await page.evaluate(() => window.explorerVideo.open(904, "broken.mp4"));
  await page.waitForFunction(() => window.explorerVideo.state(904).phase === "error", null, { timeout: 30000 });
  const broken = await page.evaluate(() => window.explorerVideo.state(904));
  assert.match(broken.message, /damaged|not a playable MP4/);
  assert.ok(!requests.some((u) => /secret|example\.com|nothere/.test(u)), "an unlisted name was requested");
  assert.deepEqual(errors, []);
  await context.close();
});
