// The text layer: the chapter on screen as real, transparent DOM text laid exactly over the text the
// canvas draws, so the browser's own selection, copy, find (Ctrl+F), translation and screen readers
// work on the notes. Inlined into the page by scripts/assemble_html.py (like shell.js).
//
// Design: the app (src/app/text_layer.cpp) sends the chapter once per layout (JSON from
// src/ui/markdown/note_text_layer.cpp: every block in reading order, each run of text with its box
// in note coordinates) and, every frame, where the note is on screen. The layer is a fixed box over
// the note's window (overflow hidden) holding one document translated by the scroll offset: moving
// it costs one style write per frame. Every run is an absolutely positioned span scaled to the width
// the canvas gives it, so a selection highlights what the reader sees. Only the text spans take the
// pointer (to start a selection); widgets and scenes inline in a note have no spans over them and
// keep getting clicks, drags and the wheel. The wheel and mouse moves over text are passed on to the
// canvas (it scrolls the note and shows hover), and while a drag that began on the canvas is held
// the spans let the pointer through. When the browser scrolls the layer itself (find, a screen
// reader moving to text out of view), that scroll is handed to the app, which scrolls the note.
// Also here: the document title and lang, and an ARIA live region (announce()).
// Nothing is parsed as HTML: every string goes in through textContent or an attribute.
(function () {
  "use strict";
  var canvas = document.getElementById("canvas");
  if (!canvas) return;

  var css = document.createElement("style");
  css.textContent = [
    "#tmx-text{position:fixed;left:0;top:0;width:0;height:0;overflow:hidden;pointer-events:none;z-index:1;",
    "color:transparent;font-size:0;line-height:0;white-space:pre;margin:0;padding:0;outline:none}",
    "#tmx-text[hidden]{display:none}",
    "#tmx-text .d{position:absolute;left:0;top:0;width:0;height:0}",
    "#tmx-text h1,#tmx-text h2,#tmx-text h3,#tmx-text h4,#tmx-text h5,#tmx-text h6,#tmx-text p,#tmx-text ul,",
    "#tmx-text ol,#tmx-text li,#tmx-text pre,#tmx-text table,#tmx-text blockquote,#tmx-text section,#tmx-text figure",
    "{margin:0;padding:0;font:inherit;border:0}",
    "#tmx-text .r{position:absolute;white-space:pre;pointer-events:auto;cursor:text;transform-origin:0 0;",
    "font-family:Inter,system-ui,sans-serif;font-weight:400;color:transparent}",
    "#tmx-text .r.b{font-weight:600}#tmx-text .r.i{font-style:italic}",
    "#tmx-text .r.c{font-family:'JetBrains Mono',ui-monospace,monospace}",
    "#tmx-text a .r{cursor:pointer}",
    "#tmx-text .x{pointer-events:none}",
    "#tmx-text.drag .r,#tmx-text.off .r{pointer-events:none}",
    "#tmx-text ::selection{background:rgba(90,169,255,.38);color:transparent}",
    ".tmx-sr{position:fixed;left:-10000px;top:0;width:1px;height:1px;overflow:hidden}",
  ].join("");
  document.head.appendChild(css);

  var root = document.createElement("article");
  root.id = "tmx-text";
  root.hidden = true;
  var doc = document.createElement("div");
  doc.className = "d";
  root.appendChild(doc);
  canvas.parentNode.insertBefore(root, canvas.nextSibling);

  var live = document.createElement("div");
  live.className = "tmx-sr";
  live.id = "tmx-live";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  document.body.appendChild(live);

  var key = "";
  var place = "";
  var pendingX = 0, pendingY = 0;
  var measure = document.createElement("canvas").getContext("2d");
  var builtRuns = 0;

  function fontOf(flags, size) {
    return (flags & 1 ? "italic " : "") + (flags & 2 ? "600 " : "400 ") + size + "px " +
      (flags & 8 ? "'JetBrains Mono',ui-monospace,monospace" : "Inter,system-ui,sans-serif");
  }
  function px(v) { return v + "px"; }

  // One span at (x, y), w x h, whose text is scaled horizontally to fill w.
  function span(parent, text, x, y, w, h, size, flags, cls) {
    var s = document.createElement("span");
    s.className = "r" + (flags & 2 ? " b" : "") + (flags & 1 ? " i" : "") + (flags & 8 ? " c" : "") + (cls ? " " + cls : "");
    s.style.left = px(x);
    s.style.top = px(y);
    s.style.fontSize = px(size);
    s.style.lineHeight = px(h);
    s.style.height = px(h);
    if (text) {
      s.textContent = text;
      measure.font = fontOf(flags, size);
      var natural = measure.measureText(text).width;
      if (natural > 0 && w > 0) s.style.transform = "scaleX(" + (w / natural).toFixed(4) + ")";
    } else {
      s.style.width = px(w);
    }
    parent.appendChild(s);
    builtRuns++;
    return s;
  }

  function linkEl(links, i) {
    var href = links[i];
    var a = document.createElement("a");
    if (typeof href === "string" && (/^#\//.test(href) || /^https?:\/\//.test(href))) {
      a.href = href;
      if (href.charAt(0) !== "#") { a.target = "_blank"; a.rel = "noopener noreferrer"; }
    }
    return a;
  }

  // Runs of one paragraph, heading or cell: spans (inside <a> for links), spaces between words
  // that the canvas separates, formulas as images labelled with their LaTeX.
  function runs(parent, list, links) {
    var a = null, aLink = -1;
    for (var i = 0; i < list.length; i++) {
      var r = list[i], kind = r[0], flags = r[6], text = r[7], link = r[8];
      if (flags & 16) parent.appendChild(document.createTextNode(" "));
      var into = parent;
      if (link >= 0) {
        if (!a || aLink !== link || (flags & 16)) { a = linkEl(links, link); aLink = link; parent.appendChild(a); }
        into = a;
      } else {
        a = null; aLink = -1;
      }
      if (kind === "m") {
        var m = span(into, "$" + text + "$", r[1], r[2], r[3], r[4], Math.max(4, r[4] * 0.7), 8, "m");
        m.setAttribute("role", "img");
        m.setAttribute("aria-label", text);
        m.style.transform = "";
        m.style.width = px(r[3]);
        m.style.overflow = "hidden";
      } else if (kind === "i") {
        var f = span(into, "", r[1], r[2], r[3], r[4], 1, 0, "x");
        f.setAttribute("role", "img");
        f.setAttribute("aria-label", text);
      } else {
        span(into, text, r[1], r[2], r[3], r[4], r[5] || 16, flags);
      }
    }
  }

  function block(parent, n, links) {
    var el;
    switch (n.k) {
      case "h":
        el = document.createElement("h" + Math.min(6, Math.max(1, n.l | 0)));
        runs(el, n.r, links);
        break;
      case "p": case "err":
        el = document.createElement("p");
        if (n.k === "err") el.setAttribute("role", "alert");
        runs(el, n.r, links);
        break;
      case "ul": case "ol":
        el = document.createElement(n.k);
        if (n.k === "ol" && n.start !== 1) el.start = n.start;
        n.items.forEach(function (item) {
          var li = document.createElement("li");
          item.forEach(function (c) { block(li, c, links); });
          el.appendChild(li);
        });
        break;
      case "q":
        el = document.createElement(n.title ? "aside" : "blockquote");
        if (n.title) {
          el.setAttribute("aria-label", n.title);
          var t = document.createElement("p");
          span(t, n.title, n.x + 18, n.y + 12, 0, 22, 16, 2, "x");
          el.appendChild(t);
        }
        n.c.forEach(function (c) { block(el, c, links); });
        break;
      case "code": {
        el = document.createElement("pre");
        var code = document.createElement("code");
        if (n.lang) code.setAttribute("data-lang", n.lang);
        var lastY = null;
        n.r.forEach(function (r) {
          if (lastY !== null && r[1] !== lastY) code.appendChild(document.createTextNode("\n"));
          lastY = r[1];
          span(code, r[2], r[0], r[1], 0, 22, 14, 8);
        });
        // Widths of code runs: the mono font is fixed-pitch, so no per-run scaling is needed.
        el.appendChild(code);
        break;
      }
      case "table": {
        el = document.createElement("table");
        n.rows.forEach(function (row, ri) {
          var tr = document.createElement("tr");
          row.forEach(function (cell) {
            var td = document.createElement(ri < n.hr ? "th" : "td");
            runs(td, cell, links);
            tr.appendChild(td);
          });
          el.appendChild(tr);
        });
        break;
      }
      case "hr":
        el = document.createElement("hr");
        el.style.display = "none";
        break;
      case "dir":
        el = document.createElement("section");
        el.setAttribute("aria-label", n.name);
        el.setAttribute("data-kind", n.kind);
        var label = document.createElement("p");
        span(label, n.name, n.x + 18, n.y + 14, 0, 18, 13, 0, "x");
        el.appendChild(label);
        break;
      default:
        return;
    }
    el.setAttribute("data-y", String(n.y));
    parent.appendChild(el);
  }

  function build(data) {
    var frag = document.createDocumentFragment();
    builtRuns = 0;
    data.blocks.forEach(function (n) { block(frag, n, data.links || []); });
    doc.textContent = "";
    doc.appendChild(frag);
  }

  // The browser scrolled the layer (find, a screen reader, a focused link): the app scrolls the note.
  root.addEventListener("scroll", function () {
    if (!root.scrollTop && !root.scrollLeft) return;
    pendingY += root.scrollTop;
    pendingX += root.scrollLeft;
    root.scrollTop = 0;
    root.scrollLeft = 0;
  });

  // window.find() and keyboard selection move the selection without scrolling an overflow:hidden
  // box: when the selection's end is inside the layer but out of view, the note scrolls to it.
  var selecting = false;
  root.addEventListener("mousedown", function () { selecting = true; });
  window.addEventListener("mouseup", function () { selecting = false; });
  document.addEventListener("selectionchange", function () {
    if (root.hidden || selecting) return;
    var sel = window.getSelection();
    var node = sel && sel.rangeCount ? sel.focusNode : null;
    if (!node || !root.contains(node)) return;
    var el = node.nodeType === 1 ? node : node.parentElement;
    var r = el.getBoundingClientRect(), v = root.getBoundingClientRect();
    if (r.top >= v.top && r.bottom <= v.bottom) return;
    pendingY += r.top - (v.top + v.height / 3);
  });

  // The canvas keeps its wheel and hover: both are passed on from the text spans.
  function forward(e, Ctor) {
    try { canvas.dispatchEvent(new Ctor(e.type, e)); } catch (x) { /* old browser: the text just does not forward */ }
  }
  root.addEventListener("wheel", function (e) { e.preventDefault(); forward(e, WheelEvent); }, { passive: false });
  root.addEventListener("mousemove", function (e) { forward(e, MouseEvent); });
  // Fingers belong to the canvas (swipe to scroll, tap, long press, pinch: touch_input.h), so a touch
  // that starts on a text span is passed on whole, its touches retargeted to the canvas.
  function retarget(list) {
    var out = [];
    for (var i = 0; i < list.length; i++) {
      var t = list[i];
      out.push(new Touch({ identifier: t.identifier, target: canvas, clientX: t.clientX, clientY: t.clientY,
                           screenX: t.screenX, screenY: t.screenY, pageX: t.pageX, pageY: t.pageY,
                           radiusX: t.radiusX, radiusY: t.radiusY, force: t.force }));
    }
    return out;
  }
  function forwardTouch(e) {
    e.preventDefault();  // no native selection or compatibility mouse events from this touch
    try {
      canvas.dispatchEvent(new TouchEvent(e.type, { bubbles: true, cancelable: true, touches: retarget(e.touches),
        targetTouches: retarget(e.targetTouches), changedTouches: retarget(e.changedTouches) }));
    } catch (x) { /* no Touch constructor: the text just does not forward */ }
  }
  ["touchstart", "touchmove", "touchend", "touchcancel"].forEach(function (type) {
    root.addEventListener(type, forwardTouch, { passive: false });
  });
  // A drag that starts on the canvas (a slider in a widget) keeps the pointer until released.
  canvas.addEventListener("mousedown", function () { root.classList.add("drag"); });
  window.addEventListener("mouseup", function () { root.classList.remove("drag"); });

  window.explorerText = {
    // A chapter's layer, once per layout (json: see note_text_layer.cpp). Returns the runs built.
    show: function (json) {
      var data = JSON.parse(json);
      if (data.key === key) return builtRuns;
      key = data.key;
      build(data);
      root.hidden = false;
      return builtRuns;
    },
    // Every frame the layer is shown: the note's top-left on screen and its window's rectangle.
    place: function (ox, oy, x0, y0, x1, y1, interactive) {
      var p = [ox, oy, x0, y0, x1, y1].map(function (v) { return Math.round(v * 100) / 100; }).join(",");
      root.classList.toggle("off", !interactive);
      if (p === place) return;
      place = p;
      root.style.left = px(x0);
      root.style.top = px(y0);
      root.style.width = px(Math.max(0, x1 - x0));
      root.style.height = px(Math.max(0, y1 - y0));
      doc.style.transform = "translate(" + (ox - x0) + "px," + (oy - y0) + "px)";
    },
    hide: function () {
      if (root.hidden) return;
      root.hidden = true;
      key = "";
      place = "";
      doc.textContent = "";
    },
    // Scroll the browser asked for since the last call (CSS px), for the app to apply.
    takeScroll: function () { var y = pendingY; pendingY = 0; pendingX = 0; return y; },
    // Title and language of the page shown.
    page: function (title, lang) {
      var t = title ? title + " \u00b7 Transformer & Mamba Explorer" : "Transformer & Mamba Explorer";
      if (document.title !== t) document.title = t;
      if (lang && document.documentElement.lang !== lang) document.documentElement.lang = lang;
    },
    // One short sentence for screen readers (what a widget's recompute changed).
    announce: function (text) {
      if (live.textContent !== text) live.textContent = text;
    },
    key: function () { return key; },
  };
})();
