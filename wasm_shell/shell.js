// Loader and JS API around the WebAssembly module (wasm_shell/index.html is the template).
//  - checks for WebAssembly and WebGL2 and says clearly when one is missing;
//  - downloads explorer.wasm and explorer.data with a progress bar (sizes stamped in by the build);
//  - window.explorer.status() -> {ready, route, fps, work: {p50, p95, max, frames} (CPU ms per frame), lastError}; window.explorer.navigate(hash);
//    the same through postMessage for embedding pages: {type: "explorer.navigate", hash} and
//    {type: "explorer.status", id} (answered with {type: "explorer.status", id, status}).
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

  function setProgress(fraction, text) {
    if (failed) return;  // a late progress event must not hide the error
    fill.style.width = Math.max(0, Math.min(1, fraction)) * 100 + "%";
    if (text) statusEl.textContent = text;
  }
  function fail(message) {
    failed = true;
    lastError = String(message);
    loader.classList.remove("done");
    loader.classList.add("failed");
    statusEl.textContent = "";
    errorEl.textContent = lastError;
  }

  window.explorerShell = {
    onReady: function () {
      ready = true;
      setProgress(1, "");
      loader.classList.add("done");
      document.getElementById("canvas").focus();
    },
  };

  window.explorer = {
    status: function () {
      if (!ready || !window.Module || !Module._tmx_status_json) {
        return { ready: false, route: location.hash, fps: 0, lastError: lastError };
      }
      var s = JSON.parse(Module.UTF8ToString(Module._tmx_status_json()));
      if (lastError && !s.lastError) s.lastError = lastError;
      return s;
    },
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
      var target = ev.origin && ev.origin !== "null" ? ev.origin : "*";
      ev.source.postMessage({ type: "explorer.status", id: d.id, status: window.explorer.status() }, target);
    }
  });

  window.addEventListener("error", function (e) { lastError = String(e.message || e); });
  window.addEventListener("unhandledrejection", function (e) { lastError = String(e.reason || "unhandled rejection"); });

  // Capability checks, before downloading megabytes.
  if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
    return fail("This browser cannot run WebAssembly, which this app needs. Please use a current version of Firefox, Chrome, Edge or Safari.");
  }
  var probe = document.createElement("canvas").getContext("webgl2");
  if (!probe) {
    return fail("WebGL2 is not available, so the app cannot draw. Enable hardware acceleration in your browser settings, or try another browser.");
  }

  var canvas = document.getElementById("canvas");
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
  };

  function startApp() {
    setProgress(1, "Starting…");
    var s = document.createElement("script");
    s.src = config.script;
    s.onerror = function () { fail("Could not load " + config.script + ". Check your connection and reload."); };
    document.body.appendChild(s);
  }

  if (config.offline) {
    // Single-file build: wasm and files are inside the page; the inline app script follows.
    setProgress(0.9, "Starting…");
    return;
  }

  // Download the wasm and the data package in parallel, with byte progress.
  var files = config.files;
  var names = Object.keys(files);
  var total = names.reduce(function (a, k) { return a + files[k].size; }, 0);
  var loaded = {};
  function progress() {
    var sum = names.reduce(function (a, k) { return a + (loaded[k] || 0); }, 0);
    setProgress(total ? 0.95 * sum / total : 0, "Downloading " + (sum / 1048576).toFixed(1) + " of " + (total / 1048576).toFixed(1) + " MB…");
  }
  function download(key) {
    var f = files[key];
    return fetch(f.name).then(function (r) {
      if (!r.ok) throw new Error(f.name + ": HTTP " + r.status);
      if (!r.body || !r.body.getReader) return r.arrayBuffer();
      var reader = r.body.getReader(), chunks = [], n = 0;
      function pump() {
        return reader.read().then(function (x) {
          if (x.done) {
            var out = new Uint8Array(n), o = 0;
            chunks.forEach(function (c) { out.set(c, o); o += c.length; });
            return out.buffer;
          }
          chunks.push(x.value); n += x.value.length; loaded[key] = Math.min(n, f.size); progress();
          return pump();
        });
      }
      return pump();
    });
  }
  Promise.all(names.map(download)).then(function (buffers) {
    var byKey = {};
    names.forEach(function (k, i) { byKey[k] = buffers[i]; });
    Module.getPreloadedPackage = function () { return byKey.data; };
    Module.instantiateWasm = function (imports, done) {
      WebAssembly.instantiate(byKey.wasm, imports).then(function (r) { done(r.instance, r.module); },
        function (e) { fail("The WebAssembly module could not be started: " + e); });
      return {};
    };
    startApp();
  }, function (e) {
    fail("Download failed (" + e.message + "). Check your connection and reload the page.");
  });
})();
