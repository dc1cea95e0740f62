// The widgets' and scene players' controls as real DOM controls, and their plots as text, for
// screen readers and keyboard users (inlined after text_layer.js by scripts/assemble_html.py).
//
// Each frame whose record changed, the app (src/app/control_layer.cpp, recorded by src/ui/a11y.cpp)
// sends {nav, r: [{n: region name, k: kind, c: [item, ...]}, ...]}; a region's kind is its landmark:
// "b" banner (the top bar), "n" navigation, "m" main (the page's content), "r" region (a widget or
// scene player, inside main), "d" dialog (a popup). An item is
//   {id, t: "b" button | "c" checkbox | "s" slider | "l" choice | "e" text field | "f" figure |
//    "t" text | "g" picture, x, y, w, h (CSS px, the item's box on the canvas), n: name, ...}
//   b: on (aria-pressed, optional), ex (aria-expanded, optional), d (aria-description, optional);
//   c: on; s: v, lo, hi, st (arrow step), vt (value as shown: an ARIA slider, whose keys the page handles);
//   l: v (index), o: [option names]; e: vt (its text); f: sum (summary), show/hide (button names),
//   th/rows (its table, only while the reader asked for it); t: l (heading level 1-6, 0 paragraph);
//   g: sum (what it shows), live (read changes out: a scene's chapter).
// The landmarks are kept elements: <header role=banner>, <nav>, <main> (which also holds the
// chapter's text layer, #tmx-text) and, inside main, a <section> per widget or player.
// The elements are transparent and placed over what the canvas draws (pointer-events: none, so the
// mouse and fingers keep going to the canvas). Updates are diffs: an element is made once per id and
// only the attributes that changed are written. What the reader does comes back to the app:
// a slider's or choice's new value (tmx_a11y_set), a press (tmx_a11y_press: the same activation a
// focused ImGui item gets from Space), focus (tmx_a11y_focus: ImGui's focus ring follows), a table
// asked for (tmx_a11y_table), and Tab / Shift+Tab (tmx_a11y_tab: the app's keyboard order decides
// where focus goes next; the DOM follows ImGui's focus ring, `nav`).
// Nothing is parsed as HTML: every string goes in through textContent or an attribute.
(function () {
  "use strict";
  var canvas = document.getElementById("canvas");
  if (!canvas) return;

  var css = document.createElement("style");
  css.textContent = [
    "#tmx-controls{position:fixed;left:0;top:0;width:0;height:0;overflow:visible;pointer-events:none;z-index:2}",
    "#tmx-controls section{position:static}",
    "#tmx-controls .tc{position:fixed;margin:0;padding:0;border:0;opacity:0;pointer-events:none;box-sizing:border-box;",
    "font-size:12px;min-width:1px;min-height:1px;outline:none;appearance:none;-webkit-appearance:none;background:none}",
    "#tmx-controls figure{position:fixed;margin:0;opacity:0;pointer-events:none;overflow:hidden}",
    "#tmx-controls figure .tc{position:static}",
    "#tmx-controls .tx{font-size:12px;overflow:hidden;white-space:nowrap;color:transparent}",
    "#tmx-controls header,#tmx-controls nav,#tmx-controls main,#tmx-controls section,#tmx-controls div[role=dialog]{position:static}",
    "#tmx-controls table{font-size:12px}",
  ].join("");
  document.head.appendChild(css);

  var root = document.createElement("div");
  root.id = "tmx-controls";
  canvas.parentNode.insertBefore(root, canvas.nextSibling);
  // The page's landmarks, in reading order. The chapter's text layer (text_layer.js) moves into main.
  var banner = document.createElement("header");
  banner.setAttribute("role", "banner");
  var navEl = document.createElement("nav");
  var mainEl = document.createElement("main");
  mainEl.id = "tmx-main";
  root.appendChild(banner);
  root.appendChild(navEl);
  root.appendChild(mainEl);
  var textLayer = document.getElementById("tmx-text");
  if (textLayer) mainEl.appendChild(textLayer);

  var regions = [];   // [{el, name}]
  var items = {};     // id -> {el, t, last: {}}
  var nav = 0;
  var followingNav = false;  // focus moved by the app's ring: not echoed back as a focus request
  var stats = { updates: 0, created: 0, sets: 0, presses: 0 };

  function call(name, types, args) {
    if (window.Module && Module["_" + name] && Module.ccall) Module.ccall(name, null, types, args);
  }
  function set(el, attr, v) {  // attribute write only when it changed
    v = String(v);
    if (el.getAttribute(attr) !== v) el.setAttribute(attr, v);
  }
  function place(el, it) {
    var s = el.style;
    var l = it.x + "px", t = it.y + "px", w = Math.max(1, it.w) + "px", h = Math.max(1, it.h) + "px";
    if (s.left !== l) s.left = l;
    if (s.top !== t) s.top = t;
    if (s.width !== w) s.width = w;
    if (s.height !== h) s.height = h;
  }

  function make(it) {
    var el;
    switch (it.t) {
      case "b":
        el = document.createElement("button");
        el.type = "button";
        el.addEventListener("click", function () { stats.presses++; call("tmx_a11y_press", ["number"], [it.id]); });
        break;
      case "c":
        el = document.createElement("input");
        el.type = "checkbox";
        el.addEventListener("change", function () {
          stats.presses++;
          el.checked = !el.checked;  // the app decides; its next record sets the state
          call("tmx_a11y_press", ["number"], [it.id]);
        });
        break;
      case "s":
        // An ARIA slider, not <input type=range>: Chromium reads a native range's number, not its
        // aria-valuetext ("0.700", "12.5 s · chapter 3"). Keys move it by the app's step; a screen
        // reader's increment and decrement arrive as arrow keys.
        el = document.createElement("div");
        el.setAttribute("role", "slider");
        el.setAttribute("aria-orientation", "horizontal");
        el.addEventListener("keydown", function (e) {
          var rec = items[el.dataset.id], d = rec && rec.last;
          if (!d) return;
          var st = d.st || (d.hi - d.lo) / 100, v = d.v, k = e.key;
          if (k === "ArrowRight" || k === "ArrowUp") v += st;
          else if (k === "ArrowLeft" || k === "ArrowDown") v -= st;
          else if (k === "PageUp") v += 10 * st;
          else if (k === "PageDown") v -= 10 * st;
          else if (k === "Home") v = d.lo;
          else if (k === "End") v = d.hi;
          else return;
          e.preventDefault();
          if (k !== "Home" && k !== "End") v = Math.round(v / st) * st;
          v = Math.max(d.lo, Math.min(d.hi, v));
          d.v = v;  // a second key before the app's next record moves on from here
          stats.sets++;
          call("tmx_a11y_set", ["number", "number"], [+el.dataset.id, v]);
        });
        break;
      case "l":
        el = document.createElement("select");
        el.addEventListener("change", function () {
          stats.sets++;
          call("tmx_a11y_set", ["number", "number"], [+el.dataset.id, el.selectedIndex]);
        });
        break;
      case "e":
        el = document.createElement("input");
        el.type = "text";
        el.readOnly = true;  // focusing it starts editing in the app (its hidden input takes the keys)
        el.addEventListener("focus", function () { call("tmx_a11y_press", ["number"], [+el.dataset.id]); });
        break;
      case "t":
        el = document.createElement(it.l >= 1 && it.l <= 6 ? "h" + it.l : "p");
        break;
      case "g": {
        el = document.createElement("figure");
        var gc = document.createElement("figcaption");
        var gp = document.createElement("p");
        if (it.live) { gp.setAttribute("aria-live", "polite"); gp.setAttribute("aria-atomic", "true"); }
        el.appendChild(gc);
        el.appendChild(gp);
        break;
      }
      case "f": {
        el = document.createElement("figure");
        var cap = document.createElement("figcaption");
        var p = document.createElement("p");
        var b = document.createElement("button");
        b.type = "button";
        b.className = "tc";
        b.addEventListener("click", function () {
          var open = b.getAttribute("aria-expanded") !== "true";
          call("tmx_a11y_table", ["number", "number"], [+el.dataset.id, open ? 1 : 0]);
        });
        el.appendChild(cap);
        el.appendChild(p);
        el.appendChild(b);
        break;
      }
      default:
        return null;
    }
    if (it.t === "t" || it.t === "g") {
      el.className = "tc tx";
    } else if (it.t !== "f") {
      el.className = "tc";
      el.tabIndex = 0;
      el.addEventListener("focus", function () {
        if (followingNav) return;
        call("tmx_a11y_focus", ["number"], [+el.dataset.id]);
      });
    }
    // Tab and Shift+Tab go through the app's keyboard order (every control, drawn or not in the DOM).
    el.addEventListener("keydown", function (e) {
      if (e.key !== "Tab" || e.target.tagName === "BUTTON" && e.target.parentNode.tagName === "FIGURE") return;
      e.preventDefault();
      call("tmx_a11y_tab", ["number"], [e.shiftKey ? -1 : 1]);
    });
    el.dataset.id = String(it.id);
    stats.created++;
    return el;
  }

  function table(fig, it) {
    var t = fig.querySelector("table");
    if (!it.rows) {
      if (t) fig.removeChild(t);
      return;
    }
    var key = JSON.stringify([it.th, it.rows]);
    if (t && t.dataset.key === key) return;
    var nt = document.createElement("table");
    nt.dataset.key = key;
    var hr = document.createElement("tr");
    (it.th || []).forEach(function (h) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = h;
      hr.appendChild(th);
    });
    nt.appendChild(hr);
    it.rows.forEach(function (row) {
      var tr = document.createElement("tr");
      row.forEach(function (c, i) {
        var td = document.createElement(i === 0 ? "th" : "td");
        if (i === 0) td.scope = "row";
        td.textContent = c;
        tr.appendChild(td);
      });
      nt.appendChild(tr);
    });
    if (t) fig.replaceChild(nt, t);
    else fig.appendChild(nt);
  }

  function apply(rec, it) {
    var el = rec.el, d = rec.last || {};
    place(el, it);
    if (it.t === "t") {
      if (d.n !== it.n) el.textContent = it.n;
      rec.last = it;
      return;
    }
    if (it.t === "g") {
      if (d.n !== it.n) { el.firstChild.textContent = it.n; set(el, "aria-label", it.n); }
      if (d.sum !== it.sum) el.childNodes[1].textContent = it.sum;
      rec.last = it;
      return;
    }
    if (it.t === "f") {
      if (d.n !== it.n) { el.firstChild.textContent = it.n; set(el, "aria-label", it.n); }
      if (d.sum !== it.sum) el.childNodes[1].textContent = it.sum;
      var b = el.childNodes[2];
      var open = !!it.rows;
      if (b.textContent !== (open ? it.hide : it.show)) b.textContent = open ? it.hide : it.show;
      set(b, "aria-expanded", open ? "true" : "false");
      table(el, it);
      rec.last = it;
      return;
    }
    if (d.n !== it.n) {
      if (it.t === "b") el.textContent = it.n;
      else set(el, "aria-label", it.n);
    }
    if (it.t === "b" && it.on !== undefined) set(el, "aria-pressed", it.on ? "true" : "false");
    if (it.t === "b" && it.ex !== undefined) set(el, "aria-expanded", it.ex ? "true" : "false");
    if (it.t === "b" && it.d) set(el, "aria-description", it.d);
    if (it.t === "c" && el.checked !== !!it.on) el.checked = !!it.on;
    if (it.t === "s") {
      set(el, "aria-valuemin", it.lo);
      set(el, "aria-valuemax", it.hi);
      set(el, "aria-valuenow", it.v);
      set(el, "aria-valuetext", it.vt);
    }
    if (it.t === "l") {
      var key = JSON.stringify(it.o);
      if (!d.o || JSON.stringify(d.o) !== key) {
        el.textContent = "";
        it.o.forEach(function (o) { var op = document.createElement("option"); op.textContent = o; el.appendChild(op); });
      }
      if (el.selectedIndex !== it.v) el.selectedIndex = it.v;
    }
    if (it.t === "e" && el.value !== it.vt) el.value = it.vt;
    rec.last = it;
  }

  // Regions in drawing order, each a named group holding its items in drawing order. The element of
  // an id is kept (so focus stays on it) while the id is recorded; ids not recorded are removed.
  function update(json) {
    var data = JSON.parse(json);
    stats.updates++;
    var seen = {};
    var inMainFirst = [], inMain = [];
    data.r.forEach(function (r, ri) {
      var reg = regions[ri];
      var kind = r.k || "r";
      if (reg && reg.kind !== kind) {
        if (reg.el.parentNode) reg.el.parentNode.removeChild(reg.el);
        reg = regions[ri] = null;
      }
      if (!reg) {
        reg = { el: document.createElement(kind === "r" ? "section" : "div"), name: null, kind: kind };
        if (kind === "r") reg.el.setAttribute("role", "region");
        if (kind === "d") reg.el.setAttribute("role", "dialog");
        regions[ri] = reg;
      }
      // Banner and navigation hold their region's items; main's own items come first in main,
      // then the chapter's text, then each widget's or player's region and any dialog, in drawing order.
      if (kind === "b" || kind === "n") {
        var parent = kind === "b" ? banner : navEl;
        if (reg.el.parentNode !== parent) parent.appendChild(reg.el);
      } else {
        (kind === "m" ? inMainFirst : inMain).push(reg.el);
      }
      if (reg.name !== r.n) {
        reg.name = r.n;
        if (kind === "m") { if (r.n) mainEl.setAttribute("aria-label", r.n); else mainEl.removeAttribute("aria-label"); }
        else if (kind === "b" || kind === "n") (kind === "b" ? banner : navEl).setAttribute("aria-label", r.n);
        else reg.el.setAttribute("aria-label", r.n);
      }
      var at = reg.el.firstChild;
      r.c.forEach(function (it) {
        var k = String(it.id);
        if (seen[k]) return;  // one element per id
        seen[k] = true;
        var rec = items[k];
        if (rec && (rec.t !== it.t || (it.t === "t" && rec.el.tagName !== (it.l >= 1 && it.l <= 6 ? "H" + it.l : "P")))) {
          rec.el.remove();
          rec = null;
        }
        if (!rec) {
          var el = make(it);
          if (!el) return;
          rec = items[k] = { el: el, t: it.t, last: null };
        }
        if (rec.el.parentNode !== reg.el || rec.el !== at) reg.el.insertBefore(rec.el, at);
        at = rec.el.nextSibling;
        apply(rec, it);
      });
      while (at) { var n = at.nextSibling; reg.el.removeChild(at); at = n; }
    });
    while (regions.length > data.r.length) { var gone = regions.pop(); if (gone && gone.el.parentNode) gone.el.parentNode.removeChild(gone.el); }
    // Main's children in order; a node is moved only when out of place (moving one would take the
    // focus away from a control inside it).
    var order = inMainFirst.concat(textLayer ? [textLayer] : [], inMain);
    var cursor = mainEl.firstChild;
    order.forEach(function (el) {
      if (cursor === el) { cursor = el.nextSibling; return; }
      mainEl.insertBefore(el, cursor);
    });
    Object.keys(items).forEach(function (k) {
      if (!seen[k]) { if (items[k].el.parentNode) items[k].el.remove(); delete items[k]; }
    });
    // Focus follows ImGui's ring while it is in the DOM controls (a keyboard or screen-reader user
    // moving through them): onto the DOM control the ring is on; back to the canvas when the ring
    // moved to an item the DOM does not mirror. Focus on the canvas stays there: keys the app takes
    // itself (a scene's arrow keys, typing) also move ImGui's ring, and a DOM button that took the
    // focus then would swallow the next key.
    if (data.nav !== nav) {
      nav = data.nav;
      var a = document.activeElement;
      var mine = a && root.contains(a);
      var target = nav ? items[String(nav)] : null;
      if (target && target.el !== a && mine) {
        followingNav = true;
        try { target.el.focus({ preventScroll: true }); } catch (e) { target.el.focus(); }
        followingNav = false;
      } else if (!target && nav && mine) {
        try { canvas.focus({ preventScroll: true }); } catch (e) { canvas.focus(); }
      }
    }
  }

  window.explorerControls = {
    update: update,
    // For tests: how the layer is doing.
    state: function () {
      return { regions: regions.length, items: Object.keys(items).length, nav: nav, updates: stats.updates,
        created: stats.created, sets: stats.sets, presses: stats.presses,
        focused: document.activeElement && root.contains(document.activeElement) ? +document.activeElement.dataset.id || 0 : 0 };
    },
  };
})();
