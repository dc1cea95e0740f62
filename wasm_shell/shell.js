// Loader and JS API around the WebAssembly module (wasm_shell/index.html is the template).
//  - checks for WebAssembly and WebGL2 and says clearly when one is missing;
//  - downloads explorer.wasm (compiled while it streams in), explorer.data and explorer.js in parallel,
//    with a progress bar (sizes stamped in by the build);
//  - window.explorerPacks: packs (math, figures, the Chinese edition, ...) the app fetches when needed;
//  - window.explorer.status() -> {ready, route, fps, work: {p50, p95, max, frames} (CPU ms per frame), lastError}; window.explorer.navigate(hash);
//    the same through postMessage for embedding pages: {type: "explorer.navigate", hash} and
//    {type: "explorer.status", id} (answered with {type: "explorer.status", id, status}).
//  - window.explorerDropIn: checkpoints picked or dropped on the page (kept in the page, never uploaded).
//  - window.explorerModels: downloads of trained models (see "Trained models" below); window.explorer.models().
//  - window.explorerVideo: the <video> elements the app plays (see "Videos" below); the app
//    draws their frames itself, inside the canvas. window.explorer.videos() lists their state.
// Nothing from the URL or from a message is ever written into HTML: only textContent and the hash.
(function () {
  "use strict";
  var config = window.EXPLORER_CONFIG || { offline: false, files: {} };
  var loader = document.getElementById("loader");
  var fill = document.getElementById("fill");
  var statusEl = document.getElementById("status");
  var errorEl = document.getElementById("error");
  var ready = false;
  var failed = false;
  var lastError = "";

  // The page's likely language, decided as the app will (app/language.h): the address's ?lang=, then
  // the reader's last choice, then the browser's languages. It picks the loader's words, and a
  // Chinese page fetches its text and its font with the wasm (below).
  var pageLang = (function () {
    var lang = "";
    try { lang = new URLSearchParams(location.search).get("lang") || ""; } catch (e) { /* old browser */ }
    if (lang !== "en" && lang !== "zh") { try { lang = localStorage.getItem("tmx-lang") || ""; } catch (e) { lang = ""; } }
    if (lang === "en" || lang === "zh") return lang;
    var list = navigator.languages || [navigator.language || ""];
    for (var i = 0; i < list.length && i < 32; i++) {  // the first English or Chinese one
      if (/^zh/i.test(list[i] || "")) return "zh";
      if (/^en/i.test(list[i] || "")) return "en";
    }
    return "en";
  })();
  if (pageLang === "zh") {
    var title = loader && loader.querySelector("h1");
    if (title) title.textContent = "Transformer 与 Mamba 探索器";  // the zh edition's name (i18n_zh)
  }
  var early = [];  // {from: downloader, name, bytes, settled}: a Chinese page's text and font (below)
  var say = pageLang === "zh"
    ? { downloading: function (a, b) { return "正在下载 " + a + " / " + b + " MB…"; }, starting: "正在启动…" }
    : { downloading: function (a, b) { return "Downloading " + a + " of " + b + " MB…"; }, starting: "Starting…" };

  function setProgress(fraction, text) {
    if (failed) return;  // a late progress event must not hide the error
    fill.style.width = Math.max(0, Math.min(1, fraction)) * 100 + "%";
    if (text) statusEl.textContent = text;
  }
  function fail(message) {
    if (failed) return;  // the first message names the cause (a later abort only follows from it)
    failed = true;
    lastError = String(message);
    loader.classList.remove("done");
    loader.removeAttribute("aria-hidden");
    loader.classList.add("failed");
    statusEl.textContent = "";
    errorEl.textContent = lastError;
  }

  // A response body as one Uint8Array, read in chunks; onChunk(bytesSoFar) after each (it may throw
  // to stop). Used by the app's download and the model downloads.
  function readBody(r, onChunk) {
    if (!r.body || !r.body.getReader) return r.arrayBuffer().then(function (b) { onChunk(b.byteLength); return new Uint8Array(b); });
    var reader = r.body.getReader(), chunks = [], n = 0;
    function pump() {
      return reader.read().then(function (x) {
        if (x.done) {
          var out = new Uint8Array(n), o = 0;
          chunks.forEach(function (c) { out.set(c, o); o += c.length; });
          return out;
        }
        chunks.push(x.value);
        n += x.value.length;
        onChunk(n);
        return pump();
      });
    }
    return pump();
  }

  // The code the home page does not run (widgets, scenes, the math) is a second module,
  // explorer.deferred.wasm (scripts/wasm_split.py), so the first frame waits only for the first.
  // It is fetched and compiled right after the first frame (at once when the page opens on another
  // route) and installed between frames: instantiating it fills its functions into the table the
  // first module calls through. A call that needs it before then (emscripten's placeholders call
  // Module.loadSplitModule) loads it synchronously: slower, never wrong. config.deferred is absent
  // in the offline file, which is one module.
  var deferred = (function () {
    var d = config.deferred && typeof config.deferred.name === "string" ? config.deferred : null;
    var state = d ? "waiting" : "none", compiled = null, started = false, installed = false, syncLoads = 0;
    function markInstalled() {  // JS's cached table entries may still be placeholders: look again
      installed = true;
      state = "installed";
      if (window.Module && Module.forgetTableMirror) Module.forgetTableMirror();
    }
    function install(exports) {  // exports: the first module's (default: Module.asm, once it runs)
      exports = exports || (window.Module && Module.asm);
      if (installed || !compiled || !exports) return;
      try {
        new WebAssembly.Instance(compiled, { primary: exports });
      } catch (e) {  // a module from another build (a stale cache): the synchronous path says so if needed
        state = "failed";
        compiled = null;
        console.warn("explorer.deferred.wasm: " + e);
        return;
      }
      markInstalled();
    }
    // Fetches and compiles it once; the promise gives the compiled module, or null if that failed.
    function start() {
      if (!d || installed) return Promise.resolve(null);
      if (started) return started;
      state = "downloading";
      started = fetch(d.name).then(function (r) {
        if (!r.ok) throw new Error(d.name + ": HTTP " + r.status);
        var streaming = typeof WebAssembly.compileStreaming === "function" &&
          /^application\/wasm\b/.test(r.headers.get("content-type") || "");
        return streaming ? WebAssembly.compileStreaming(r) : r.arrayBuffer().then(function (b) { return WebAssembly.compile(b); });
      }).then(function (m) {
        if (installed) return null;
        compiled = m;
        state = "compiled";
        if (ready) install();  // else onReady (or the first module's start, below) installs it
        return m;
      }, function (e) {
        // Not fatal yet: the first call that needs the code tries again, synchronously, and says so.
        state = "failed";
        console.warn("explorer.deferred.wasm: " + (e && e.message || e));
        return null;
      });
      return started;
    }
    // Module.loadSplitModule(file, imports): the synchronous path.
    function loadNow(file, imports) {
      if (installed) return null;
      var m = compiled;
      if (!m) {
        var xhr = new XMLHttpRequest();
        xhr.open("GET", d ? d.name : file, false);
        xhr.overrideMimeType("text/plain; charset=x-user-defined");  // bytes through a synchronous request
        try { xhr.send(null); } catch (e) { /* reported below */ }
        if (xhr.status !== 200) {
          var msg = "Download failed (" + (d ? d.name.split("?")[0] : file) + ": " + (xhr.status ? "HTTP " + xhr.status : "no connection") +
            "). Check your connection and reload the page.";
          fail(msg);
          throw new Error(msg);
        }
        var t = xhr.responseText, b = new Uint8Array(t.length);
        for (var i = 0; i < t.length; i++) b[i] = t.charCodeAt(i) & 255;
        m = new WebAssembly.Module(b);
      }
      var inst = new WebAssembly.Instance(m, imports);
      syncLoads++;
      markInstalled();
      return [inst, m];
    }
    return {
      start: start, install: install, loadNow: loadNow,
      status: function () { return { state: state, syncLoads: syncLoads, bytes: d ? d.size : 0 }; },
    };
  })();
  // Opened on a chapter, widget or scene: its first frame needs the deferred code, so both modules
  // download at once and the app starts when both are in (below, Module.instantiateWasm).
  var deferredFirst = !/^(#\/?)?$/.test(location.hash) ? deferred.start() : null;

  window.explorerShell = {
    onReady: function () {
      ready = true;
      deferred.install();  // compiled already (a page opened elsewhere than home): installed now
      setTimeout(deferred.start, 0);  // else fetched once this first frame is on screen
      setProgress(1, "");
      loader.classList.add("done");
      loader.setAttribute("aria-hidden", "true");  // faded out: not a second h1 and status for screen readers
      document.getElementById("canvas").focus();
    },
  };

  // Videos. The app asks for a video by id and file name; only names from the build's video list
  // (config.videos, baked by scripts/assemble_html.py from assets/videos/) that match NAME are
  // ever loaded, and only from the relative, same-origin folder assets/videos/. The elements are
  // not in the page: the app uploads each new frame into a WebGL texture and draws it itself.
  var videos = (function () {
    var NAME = /^[a-z0-9][a-z0-9._-]{0,80}\.mp4$/;
    var MAX_ELEMENTS = 6;  // least recently drawn ones beyond this are released
    var list = config.videos && typeof config.videos === "object" ? config.videos : null;
    var els = {};
    var frame = 0;
    var ERR = {
      1: "loading was aborted.",
      2: "a network error stopped the download.",
      3: "the file is damaged or uses an encoding this browser cannot decode.",
      4: "the file is missing on the server or is not a playable MP4.",
    };
    function entry(name) {
      if (typeof name !== "string" || !NAME.test(name) || name.indexOf("..") >= 0) return null;
      return list && Object.prototype.hasOwnProperty.call(list, name) ? list[name] : null;
    }
    function unavailable() {
      if (config.offline) return "Videos are not part of the offline single-file build: open the website to watch them.";
      if (!list) return "This page has no video list (it was not assembled by scripts/assemble_html.py).";
      return "";
    }
    function release(e) {
      if (!e.el) return;
      try { e.el.pause(); e.el.removeAttribute("src"); e.el.load(); } catch (x) { /* already gone */ }
      e.el = null;
    }
    function evict(keep) {
      var ids = Object.keys(els).filter(function (k) { return els[k].el && k !== String(keep); });
      while (ids.length >= MAX_ELEMENTS) {
        ids.sort(function (a, b) { return els[a].seen - els[b].seen; });
        release(els[ids[0]]);
        delete els[ids.shift()];
      }
    }
    function fail(e, message) { e.error = message; release(e); }
    function open(id, name) {
      var e = els[id];
      if (e && e.name === name) { e.seen = frame; return e; }
      if (e) close(id);
      e = { id: id, name: name, el: null, error: "", seen: frame, pendingSeek: -1 };
      els[id] = e;
      var info = entry(name);
      if (unavailable()) { e.error = unavailable(); return e; }
      if (!info) { e.error = "it is not in this build's video list."; return e; }
      evict(id);
      var v = document.createElement("video");
      v.muted = true;
      v.defaultMuted = true;
      v.playsInline = true;
      v.setAttribute("playsinline", "");
      v.preload = "metadata";
      v.disablePictureInPicture = true;
      v.addEventListener("loadedmetadata", function () {
        // Decode the frame at the requested time (or the first one) so a paused video shows a picture.
        var t = e.pendingSeek >= 0 ? e.pendingSeek : 0;
        e.pendingSeek = -1;
        v.currentTime = Math.min(t, v.duration || 0);
      });
      // New frames to upload (the app checks v.tmxDirty): after loading and seeking, and for every
      // frame the browser presents. A few uploads per event, as the frame may land a little later.
      var mark = function () { v.tmxDirty = 3; };
      ["loadeddata", "seeked", "playing", "canplay"].forEach(function (ev) { v.addEventListener(ev, mark); });
      if (v.requestVideoFrameCallback) {
        var onFrame = function () { mark(); if (e.el === v) v.requestVideoFrameCallback(onFrame); };
        v.requestVideoFrameCallback(onFrame);
      }
      v.addEventListener("error", function () {
        var code = v.error ? v.error.code : 0;
        fail(e, ERR[code] || "the browser could not play it.");
      });
      v.src = "assets/videos/" + encodeURIComponent(name) + (typeof info.v === "string" ? "?v=" + encodeURIComponent(info.v) : "");
      e.el = v;
      return e;
    }
    function close(id) {
      var e = els[id];
      if (!e) return;
      release(e);
      delete els[id];
    }
    function state(e) {
      if (!e) return { phase: "unavailable", message: "no such video element" };
      var v = e.el;
      if (e.error || !v) return { phase: "error", message: e.error || "it was released." };
      var phase = v.ended ? "ended" : !v.paused && v.readyState >= 3 ? "playing" : v.readyState >= 1 ? "ready" : "loading";
      if (!v.paused && !v.ended && v.readyState < 3) phase = "loading";  // buffering
      return { phase: phase, message: "", duration: isFinite(v.duration) ? v.duration : 0, time: v.currentTime,
        width: v.videoWidth, height: v.videoHeight, muted: v.muted, loop: v.loop, rate: v.playbackRate,
        paused: v.paused };
    }
    function play(e) {
      var v = e && e.el;
      if (!v || !v.paused) return;
      var p = v.play();
      if (p && p.catch) p.catch(function (x) {
        if (x && x.name === "NotAllowedError" && !v.muted) {  // sound needs a user gesture: play muted
          v.muted = true;
          v.play().catch(function () {});
        } else if (x && x.name !== "AbortError") {
          fail(e, "the browser refused to play it (" + (x.name || x) + ").");
        }
      });
    }
    function control(id, cmd, value) {
      var e = els[id], v = e && e.el;
      if (!v) return;
      value = Number(value);
      if (!isFinite(value)) return;
      if (cmd === "play") play(e);
      else if (cmd === "pause") v.pause();
      else if (cmd === "seek") {
        value = Math.max(0, value);
        if (v.readyState < 1) e.pendingSeek = value;
        else v.currentTime = Math.min(value, v.duration || value);
      } else if (cmd === "rate") v.playbackRate = Math.max(0.25, Math.min(4, value));
      else if (cmd === "loop") v.loop = value !== 0;
      else if (cmd === "mute") v.muted = value !== 0;
    }
    return {
      unavailable: unavailable,
      has: function (name) { return !unavailable() && !!entry(name); },
      open: function (id, name) { open(id, name); },
      close: close,
      control: control,
      state: function (id) { var e = els[id]; if (e) e.seen = frame; return state(e); },
      element: function (id) { var e = els[id]; return e && e.el && !e.error ? e.el : null; },
      // Called by the app after each frame: videos the app did not draw (scrolled away, page left) pause.
      endFrame: function () {
        Object.keys(els).forEach(function (k) {
          var e = els[k];
          if (e.el && e.seen < frame && !e.el.paused) e.el.pause();
        });
        frame++;
      },
      list: function () {
        return Object.keys(els).map(function (k) {
          var s = state(els[k]);
          s.id = Number(k);
          s.name = els[k].name;
          return s;
        });
      },
    };
  })();
  window.explorerVideo = videos;

  // One downloader per kind of lazy asset (models, fonts): o.NAME / o.FILE say which names are
  // accepted, o.folder the same-origin folder, o.cache the Cache API name, o.offline why the
  // offline file cannot download (or "" when it carries everything).
  function makeDownloader(o) {
    var MODEL = o.NAME, FILE = o.FILE, CACHE = o.cache;
    var jobs = {};
    var self;
    var stats = { fetched: 0, fromCache: 0, bytes: 0, forgotten: 0 };
    function unavailable() {
      if (config.offline) return o.offline;
      if (typeof fetch !== "function") return "this browser cannot download files (no fetch).";
      return "";
    }
    function url(name, f) {
      return o.folder + (o.perName ? encodeURIComponent(name) + "/" : "") + encodeURIComponent(f.name) + "?v=" + encodeURIComponent(String(f.sha256).slice(0, 12));
    }
    function openCache() {
      try {
        return window.caches && window.isSecureContext ? window.caches.open(CACHE).catch(function () { return null; }) : Promise.resolve(null);
      } catch (e) {
        return Promise.resolve(null);
      }
    }
    function readFile(r, f, job) {
      return readBody(r, function (n) {
        if (n > f.bytes) throw new Error(f.name + " is larger than the " + f.bytes + " bytes this build expects");
        job.loaded[f.name] = n;
        job.events++;
        if (o.onChunk) o.onChunk();
      });
    }
    // cached: a promise of the Cache API's cache (or null). The stored copy, or null.
    function fromCache(cached, u, f, job) {
      return cached.then(function (cache) { return cache ? cache.match(u).catch(function () { return null; }) : null; }).then(function (r) {
        if (!r) return null;
        job.fromCache++;
        stats.fromCache++;
        return readFile(r, f, job);
      });
    }
    // From the server, checked by size, then stored in the cache.
    function fromNetwork(cached, u, f, job) {
      // Its gzipped copy when there is one (assemble_html.py: text packs, fonts) and the browser can unpack it.
      var gz = Array.isArray(o.gz) && o.gz.indexOf(f.name) >= 0 && typeof DecompressionStream === "function";
      return fetch(gz ? u.replace("?", ".gz?") : u).then(function (r) {
        if (!r.ok) throw new Error(f.name + (gz ? ".gz" : "") + ": HTTP " + r.status + (r.status === 404 ? " (not on the server)" : ""));
        if (gz && r.body) r = new Response(r.body.pipeThrough(new DecompressionStream("gzip")));
        return readFile(r, f, job).then(function (bytes) {
          stats.fetched++;
          stats.bytes += bytes.length;
          if (bytes.length !== f.bytes) throw new Error(f.name + " has " + bytes.length + " bytes, this build expects " + f.bytes);
          cached.then(function (cache) {
            if (cache) cache.put(u, new Response(bytes, { headers: { "content-type": "application/octet-stream" } })).catch(function () {});
          });
          return bytes;
        });
      });
    }
    // The cache first, else the network; now: the network first, else the cache (see fetch).
    function getFile(cached, name, f, job, now) {
      var u = url(name, f);
      if (now) {
        return fromNetwork(cached, u, f, job).catch(function (e) {
          return fromCache(cached, u, f, job).then(function (bytes) { if (!bytes) throw e; return bytes; });
        });
      }
      return fromCache(cached, u, f, job).then(function (bytes) { return bytes || fromNetwork(cached, u, f, job); });
    }
    self = {
      unavailable: unavailable,
      // now: from the network at once, not after the Cache API has answered (which can wait behind the
      // page's start-up), for what the first picture needs; the cache is read only if that fails.
      // The promise settles when this download ends, either way (undefined when none started).
      fetch: function (name, files, dir, now) {
        if (typeof name !== "string" || !MODEL.test(name) || !Array.isArray(files) || typeof dir !== "string") return;
        if (jobs[name] && jobs[name].phase !== "failed") return;
        var job = { phase: "downloading", message: "", dir: dir, files: null, loaded: {}, total: 0, events: 0, fromCache: 0 };
        jobs[name] = job;
        for (var i = 0; i < files.length; i++) {
          var f = files[i];
          if (!f || typeof f.name !== "string" || !FILE.test(f.name) || !(f.bytes >= 0)) {
            job.phase = "failed";
            job.message = "its file list is not valid.";
            return;
          }
          job.total += f.bytes;
        }
        if (unavailable()) { job.phase = "failed"; job.message = unavailable(); return; }
        var cached = openCache();
        return Promise.all(files.map(function (f) { return getFile(cached, name, f, job, now); })).then(function (list) {
          job.files = {};
          files.forEach(function (f, i) { job.files[f.name] = list[i]; });
          job.phase = "done";
        }, function (e) {
          job.phase = "failed";
          job.message = (e && e.message) || String(e);
          if (/Failed to fetch|NetworkError|network/i.test(job.message)) job.message = "a network error stopped the download (" + job.message + ").";
        });
      },
      poll: function (name) {
        var j = jobs[name];
        if (!j) return null;
        var done = Object.keys(j.loaded).reduce(function (a, k) { return a + j.loaded[k]; }, 0);
        return { phase: j.phase, done: done, total: j.total, message: j.message, dir: j.dir };
      },
      take: function (name) {
        var j = jobs[name], files = j ? j.files : null;
        if (j) { j.files = null; j.phase = "written"; }
        return files || {};
      },
      forget: function (name) {
        stats.forgotten++;
        delete jobs[name];
        openCache().then(function (cache) {
          if (!cache) return;
          cache.keys().then(function (reqs) {
            var key = "/" + o.folder + (o.perName ? encodeURIComponent(name) + "/" : encodeURIComponent(name));
            reqs.forEach(function (r) { if (r.url.indexOf(key) >= 0) cache.delete(r); });
          });
        });
      },
      // For tests: every job's state, and how many files came from the network or the cache.
      list: function () {
        var out = {};
        Object.keys(jobs).forEach(function (k) {
          var p = self.poll(k);
          out[k] = { phase: p.phase, done: p.done, total: p.total, message: p.message, progressEvents: jobs[k].events, fromCache: jobs[k].fromCache };
        });
        return { jobs: out, stats: stats };
      },
    };
    return self;
  }
  // Trained models (src/ui/model_store.h). The app asks for a model by name with its file list
  // (names, sizes, SHA-256) from the table baked into the build; only names matching MODEL/FILE are
  // fetched, and only from the relative, same-origin folder assets/models/NAME/. Downloads show
  // byte progress and go into the Cache API (when the page has one), so a second visit or reload
  // reads them from the browser; the app checks every file's size and SHA-256 before loading it and
  // calls forget() on a mismatch. The offline file carries its default model inside and cannot
  // download the others.
  var models = makeDownloader({
    NAME: /^[a-z0-9][a-z0-9-]{0,60}$/,
    FILE: /^(config\.json|model\.safetensors|tokenizer\.tmxbpe|tokenizer\.char\.txt)$/,
    cache: "tmx-models-v1", folder: "assets/models/", perName: true,
    offline: "the offline single-file build carries only the default models (kjv-gpt, and tang-gpt for Chinese); open the website for the others.",
  });
  // Chinese fonts (src/ui/fonts.h): assets/fonts/cjk-subset.ttf and cjk-gb2312.ttf, fetched when the
  // language is Chinese or Chinese text is shown; the offline file carries both.
  var fonts = makeDownloader({
    NAME: /^cjk-(subset|gb2312)\.ttf$/, FILE: /^cjk-(subset|gb2312)\.ttf$/,
    cache: "tmx-fonts-v1", folder: "assets/fonts/", perName: false, gz: config.fontsGz,
    offline: "the offline file should carry the Chinese fonts itself; this one does not.",
    onChunk: function () { earlyProgress(); },
  });
  // Packs (src/ui/pack_store.h): assets/packs/NAME.pack, the math and figures of a chapter, the
  // Chinese edition's text, the GPT-2 table; the app asks for one by name (its list, with sizes and
  // SHA-256, is in the app's data) and checks it before use. The offline file carries everything.
  var packs = makeDownloader({
    NAME: /^[a-z0-9][a-z0-9-]{0,60}\.pack$/, FILE: /^[a-z0-9][a-z0-9-]{0,60}\.pack$/,
    cache: "tmx-packs-v1", folder: "assets/packs/", perName: false, gz: config.packsGz,
    offline: "the offline file carries all its files; it never downloads packs.",
    onChunk: function () { earlyProgress(); },
  });
  // The loader's bar counts the downloads a Chinese page's first picture waits for (set below).
  var earlyProgress = function () {};
  window.explorerFonts = fonts;
  window.explorerModels = models;
  window.explorerPacks = packs;

  // Drop-in checkpoints: files chosen in a file picker or dropped on the page stay in the page (never
  // uploaded). Accepted: config.json, model.safetensors, tokenizer.tmxbpe / tokenizer.char.txt;
  // at most MAX_DROP bytes in all. The app takes them (take()) into its virtual file system and
  // checks them with the model loaders; it shows what was wrong.
  var dropin = (function () {
    var MAX_DROP = 300 * 1048576;
    var ALLOWED = { "config.json": 1, "model.safetensors": 1, "tokenizer.tmxbpe": 1, "tokenizer.char.txt": 1 };
    var pending = [];  // {files: {name: Uint8Array}} or {error}
    function accept(list) {
      var files = Array.prototype.slice.call(list || []);
      if (!files.length) return;
      var chosen = {}, ignored = [], total = 0;
      files.forEach(function (f) {
        if (Object.prototype.hasOwnProperty.call(ALLOWED, f.name)) { chosen[f.name] = f; total += f.size; }
        else ignored.push(f.name);
      });
      if (!chosen["config.json"] || !chosen["model.safetensors"]) {
        pending.push({ error: "it needs config.json and model.safetensors together (received: " +
          files.map(function (f) { return f.name; }).join(", ").slice(0, 200) + ")" });
        return;
      }
      if (total > MAX_DROP) {
        pending.push({ error: "its files are " + (total / 1048576).toFixed(0) + " MB; this page holds checkpoints up to " + (MAX_DROP / 1048576) + " MB" });
        return;
      }
      var names = Object.keys(chosen);
      Promise.all(names.map(function (n) { return chosen[n].arrayBuffer(); })).then(function (bufs) {
        var out = {};
        names.forEach(function (n, i) { out[n] = new Uint8Array(bufs[i]); });
        pending.push({ files: out });
      }, function (e) { pending.push({ error: "the browser could not read the files (" + e + ")" }); });
    }
    function pick() {
      var input = document.createElement("input");
      input.type = "file";
      input.multiple = true;
      input.accept = ".json,.safetensors,.tmxbpe,.txt";
      input.addEventListener("change", function () { accept(input.files); });
      input.click();
    }
    document.addEventListener("dragover", function (e) {
      if (e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types || [], "Files") >= 0) e.preventDefault();
    });
    document.addEventListener("drop", function (e) {
      if (!e.dataTransfer || !e.dataTransfer.files || !e.dataTransfer.files.length) return;
      e.preventDefault();
      accept(e.dataTransfer.files);
    });
    return { pick: pick, accept: accept, take: function () { return pending.shift() || null; } };
  })();
  window.explorerDropIn = dropin;

  window.explorer = {
    status: function () {
      if (!ready || !window.Module || !Module._tmx_status_json) {
        return { ready: false, route: location.hash, fps: 0, lastError: lastError };
      }
      var s = JSON.parse(Module.UTF8ToString(Module._tmx_status_json()));
      if (lastError && !s.lastError) s.lastError = lastError;
      s.code = deferred.status();  // the deferred module: waiting | downloading | compiled | installed | failed | none
      return s;
    },
    // Everything an author can link to or embed: {notes, scenes, widgets (with their params)}.
    catalog: function () {
      if (!ready || !window.Module || !Module._tmx_catalog_json) return null;
      return JSON.parse(Module.UTF8ToString(Module._tmx_catalog_json()));
    },
    videos: function () { return videos.list(); },
    models: function () { return models.list(); },
    fonts: function () { return fonts.list(); },
    packs: function () { return packs.list(); },
    // Tests: count missing-glyph boxes drawn each frame (status().fonts.tofu).
    tofuCheck: function (on) { if (ready && window.Module && Module._tmx_tofu_check) Module._tmx_tofu_check(on ? 1 : 0); },
    presentAlways: function (on) { if (ready && window.Module && Module._tmx_present_always) Module._tmx_present_always(on ? 1 : 0); },
    clearFills: function (on) { if (ready && window.Module && Module._tmx_clear_fills) Module._tmx_clear_fills(on ? 1 : 0); },
    // Tests: the time a frame gives sliced work (ms, 1-50; anything else: the default 6 ms).
    sliceBudget: function (ms) { if (ready && window.Module && Module._tmx_slice_budget) Module._tmx_slice_budget(+ms || 0); },
    // Tests: switch the UI language ("en" | "zh") without a link.
    debugLanguage: function (tag) { if (ready && window.Module && Module._tmx_debug_language) Module._tmx_debug_language(tag === "zh" ? 1 : 0); },
    navigate: function (hash) {
      if (typeof hash !== "string" || hash.length > 4096) return false;
      if (hash.charAt(0) !== "#") hash = "#" + hash;
      if (location.hash !== hash) location.hash = hash;  // the app routes on hashchange
      return true;
    },
  };

  window.addEventListener("message", function (ev) {
    var d = ev.data;
    if (!d || typeof d !== "object" || typeof d.type !== "string") return;
    if (d.type === "explorer.navigate") {
      window.explorer.navigate(d.hash);
    } else if (d.type === "explorer.status" && ev.source) {
      // The id is echoed back, so only a number or a short string is accepted.
      if (d.id !== undefined && typeof d.id !== "number" && !(typeof d.id === "string" && d.id.length <= 64)) return;
      var target = ev.origin && ev.origin !== "null" ? ev.origin : "*";
      ev.source.postMessage({ type: "explorer.status", id: d.id, status: window.explorer.status() }, target);
    } else if (d.type === "explorer.catalog" && ev.source) {
      var to = ev.origin && ev.origin !== "null" ? ev.origin : "*";
      ev.source.postMessage({ type: "explorer.catalog", id: d.id, catalog: window.explorer.catalog() }, to);
    }
  });

  window.addEventListener("error", function (e) { lastError = String(e.message || e); });
  window.addEventListener("unhandledrejection", function (e) { lastError = String(e.reason || "unhandled rejection"); });

  // Capability checks, before downloading megabytes.
  if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
    return fail("This browser cannot run WebAssembly, which this app needs. Please use a current version of Firefox, Chrome, Edge or Safari.");
  }
  // C++ exceptions are WebAssembly's own (-fwasm-exceptions): a module with try/catch_all must validate.
  // Bytes: header; type () -> (); one function; body: no locals, try (empty), catch_all, end, end.
  var eh = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 8, 1, 6, 0, 6, 64, 25, 11, 11]);
  if (!WebAssembly.validate(eh)) {
    return fail("This browser is too old for this app's WebAssembly (it lacks exception handling). Please use Firefox 100, Chrome 95, Edge 95, Safari 15.2 or later.");
  }
  // The app's own WebGL2 context, made here on its canvas with the attributes SDL asks emscripten for
  // (app.test.mjs checks they agree), so the app's getContext later returns this one instead of
  // creating a context while the page waits for its first frame. It is made once the downloads have
  // started (below): creating it waits ~40-60 ms for the GPU process (Chromium with SwiftShader),
  // and the network runs meanwhile. The drawing buffer gets the size SDL will ask for (the canvas's
  // CSS box, the whole window, in device pixels, as SDL_emscriptenvideo.c computes it) before the
  // context exists, instead of being reallocated in the app's start-up (~30-50 ms). The mark tells
  // wasm_shell/library_canvas.js that CSS sizes this canvas. The canvas itself stays out of the
  // layout until the app starts (index.html): Chromium without a GPU otherwise reads the empty
  // buffer back at each compositor commit while the page loads (~90 ms measured).
  var canvas = document.getElementById("canvas");
  function createContext() {
    // The window's size, as the canvas will cover it: not the loader's box, whose read forced the
    // page's first layout (25-45 ms traced) inside this script; the browser lays out later instead.
    var w = window.innerWidth, h = window.innerHeight, dpr = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.floor(w * dpr));
    canvas.height = Math.max(1, Math.floor(h * dpr));
    canvas.setAttribute("data-css-sized", "");
    var gl = canvas.getContext("webgl2", { alpha: false, depth: false, stencil: true, antialias: false });
    if (!gl) {
      fail("WebGL2 is not available, so the app cannot draw. Enable hardware acceleration in your browser settings, or try another browser.");
      return null;
    }
    // The scissor box a new context starts with (library_gl_state.js answers ImGui's first read of it).
    gl.tmxScissorAtCreation = [0, 0, gl.drawingBufferWidth, gl.drawingBufferHeight];
    return gl;
  }

  canvas.addEventListener("contextmenu", function (e) { e.preventDefault(); });
  canvas.addEventListener("webglcontextlost", function (e) {
    e.preventDefault();
    fail("The graphics context was lost (the GPU was reset or is busy). Reload the page to continue.");
  });

  window.Module = {
    canvas: canvas,
    print: function (t) { console.log(t); },
    printErr: function (t) { console.warn(t); },
    onAbort: function (what) { fail("The app stopped unexpectedly: " + what + ". Reload the page to try again."); },
    locateFile: function (path) { return path; },  // relative: works under any sub-path (GitHub Pages)
    // main() waits for a Chinese page's early downloads (below), so its first frame is Chinese text,
    // and the canvas joins the layout just before main() (index.html).
    preRun: [function () {
      var pending = early.filter(function (e) { var p = e.from.poll(e.name); return e.settled && p && p.phase === "downloading"; });
      if (!pending.length) {
        canvas.classList.add("shown");
        return;
      }
      Module.addRunDependency("tmx-early");
      Promise.all(pending.map(function (e) { return e.settled; })).then(function () {
        canvas.classList.add("shown");
        Module.removeRunDependency("tmx-early");
      });
    }],
    loadSplitModule: function (file, imports) { return deferred.loadNow(file, imports); },
  };

  function startApp() {
    var s = document.createElement("script");
    s.src = config.script;
    s.onerror = function () { fail("Could not load " + config.script + ". Check your connection and reload."); };
    document.body.appendChild(s);
  }

  if (config.offline) {
    // Single-file build: wasm and files are inside the page; the inline app script follows.
    if (!createContext()) Module.noInitialRun = true;
    setProgress(0.9, say.starting);
    return;
  }

  // Everything starts at once: explorer.js (preloaded, run once the data is in), the data package,
  // and the wasm, compiled while it streams in (WebAssembly.compileStreaming; the server must say
  // application/wasm, else it is compiled after the download). Byte progress for wasm and data.
  // (Preloading these three in the page's head made the Chinese page's early requests start ~0.6 s
  // later on localhost: measured, left out.)
  var files = config.files;
  var names = Object.keys(files);
  var total = names.reduce(function (a, k) { return a + files[k].size; }, 0);
  var loaded = {};
  var preload = document.createElement("link");
  preload.rel = "preload";
  preload.as = "script";
  preload.href = config.script;
  document.head.appendChild(preload);
  var started = false;  // the module is running: what may be left are the early downloads
  function progress() {
    var sum = names.reduce(function (a, k) { return a + (loaded[k] || 0); }, 0), all = total;
    early.forEach(function (e) {
      var p = e.from.poll(e.name);
      all += e.bytes;
      sum += !p ? 0 : p.phase === "failed" ? e.bytes : Math.min(p.done, e.bytes);  // a failure: the app says so
    });
    if (started && sum >= all) return setProgress(1, say.starting);
    setProgress(all ? 0.95 * sum / all : 0, say.downloading((sum / 1048576).toFixed(1), (all / 1048576).toFixed(1)));
  }
  earlyProgress = function () { if (!ready) progress(); };
  var downloads = typeof AbortController === "function" ? new AbortController() : null;  // stopped if WebGL2 is missing
  function get(key) {
    var f = files[key];
    return fetch(f.name, downloads ? { signal: downloads.signal } : undefined).then(function (r) {
      if (!r.ok) throw new Error(f.name + ": HTTP " + r.status);
      return r;
    });
  }
  function counted(key, r) {  // the same response, counting bytes as they pass
    if (!r.body || !r.body.getReader || typeof ReadableStream !== "function") return r;
    var reader = r.body.getReader(), n = 0, f = files[key];
    var stream = new ReadableStream({
      pull: function (c) {
        return reader.read().then(function (x) {
          if (x.done) return c.close();
          n += x.value.length;
          loaded[key] = Math.min(n, f.size);
          progress();
          c.enqueue(x.value);
        });
      },
    });
    return new Response(stream, { headers: { "content-type": r.headers.get("content-type") || "" } });
  }
  var wasmModule = get("wasm").then(function (r) {
    var streaming = typeof WebAssembly.compileStreaming === "function" &&
      /^application\/wasm\b/.test(r.headers.get("content-type") || "");
    if (streaming) return WebAssembly.compileStreaming(counted("wasm", r));
    return readBody(r, function (n) { loaded.wasm = Math.min(n, files.wasm.size); progress(); })
      .then(function (b) { return WebAssembly.compile(b); });
  });
  Module.instantiateWasm = function (imports, done) {
    var compiled = null;
    Promise.all([wasmModule, deferredFirst]).then(function (ms) {
      compiled = ms[0];
      return WebAssembly.instantiate(compiled, imports);
    }).then(function (instance) {
      started = true;
      progress();
      if (deferredFirst) deferred.install(instance.exports);
      done(instance, compiled);
    }, function (e) {
      fail(/HTTP|fetch|network/i.test(String(e && e.message)) ? "Download failed (" + e.message + "). Check your connection and reload the page."
        : "The WebAssembly module could not be started: " + e);
    });
    return {};
  };
  wasmModule.catch(function () { /* reported by instantiateWasm */ });
  // The data package: its gzipped copy when the browser can unpack it (DecompressionStream).
  var packed = typeof files.data.gz === "string" && typeof DecompressionStream === "function";
  (packed ? fetch(files.data.gz, downloads ? { signal: downloads.signal } : undefined).then(function (r) {
    if (!r.ok || !r.body) throw new Error(files.data.gz + ": HTTP " + r.status);
    return new Response(r.body.pipeThrough(new DecompressionStream("gzip")));
  }) : get("data")).then(function (r) {
    return readBody(r, function (n) {
      if (n > files.data.size) throw new Error("explorer.data is larger than this build's " + files.data.size + " bytes");
      loaded.data = n;
      progress();
    });
  }).then(function (bytes) {
    if (bytes.length !== files.data.size) throw new Error("explorer.data has " + bytes.length + " bytes, this build expects " + files.data.size);
    Module.getPreloadedPackage = function () { return bytes.buffer; };
    startApp();
  }, function (e) {
    fail("Download failed (" + e.message + "). Check your connection and reload the page.");
  });

  // A Chinese page's text (a pack) and its font are fetched now, after the wasm and the data (they
  // share the connection), straight from the network: main() waits for both (preRun above), so the
  // first frame draws Chinese with its font, not boxes, and the loader shows their bytes; the Cache
  // API's answer could come only after the page's start-up. The app's own requests later find these
  // downloads (same names). An English page fetches neither.
  if (pageLang === "zh") {
    var zp = config.packs && config.packs.zh, zf = config.fonts && config.fonts.zh;
    if (zp) {
      early.push({ from: packs, name: "zh.pack", bytes: zp.bytes,
        settled: packs.fetch("zh.pack", [{ name: "zh.pack", bytes: zp.bytes, sha256: zp.sha256 }], "/packs/downloads", true) });
    }
    if (zf) {
      early.push({ from: fonts, name: zf.name, bytes: zf.bytes,
        settled: fonts.fetch(zf.name, [{ name: zf.name, bytes: zf.bytes, sha256: zf.sha256 }], "/fonts", true) });
    }
  }

  // Now the context (see createContext): without WebGL2 the app cannot start, so nothing more downloads.
  if (!createContext()) {
    Module.noInitialRun = true;
    if (downloads) downloads.abort();
  }
})();
