// The hidden text input (inlined after shell.js by scripts/assemble_html.py).
// Everything is drawn in one canvas, so the phone keyboard and input methods need a real DOM
// field: while an ImGui text field is active (the app calls explorerInput.textField), a
// transparent <textarea> placed at its caret has focus. What it receives goes to the app:
//  - committed text (typing, paste, emoji, a finished IME composition) as UTF-8: Module._tmx_text_input;
//  - editing keys (Backspace, Enter, arrows, Ctrl+A/C/X/Z/Y ...) by name: Module._tmx_text_key;
//  - while an input method composes (pinyin, kana), the textarea becomes visible on the caret's
//    line, starting at the caret, with the composition string, and nothing reaches the app until it is committed.
// Text still in the field when focus leaves is sent before it goes, so nothing typed is lost.
(function () {
  "use strict";
  var canvas = document.getElementById("canvas");
  var ta = document.createElement("textarea");
  ta.id = "tmx-text-input";
  ta.setAttribute("aria-label", "Text input");
  ta.setAttribute("autocomplete", "off");
  ta.setAttribute("autocorrect", "off");
  ta.setAttribute("autocapitalize", "off");
  ta.setAttribute("spellcheck", "false");
  ta.setAttribute("rows", "1");
  ta.tabIndex = -1;
  // 16 px: iOS zooms the page into smaller fields. Invisible but focusable (not display:none).
  ta.style.cssText = "position:fixed;left:0;top:0;width:2px;height:24px;padding:0 4px;margin:0;border:0;outline:0;" +
    "resize:none;overflow:hidden;white-space:pre;font:16px/24px system-ui,sans-serif;opacity:0;z-index:5;" +
    "color:#e6e8ec;background:#2d323c;border-radius:4px;caret-color:transparent;pointer-events:none";
  document.body.appendChild(ta);

  var field = { active: false, x: 0, y: 0, h: 20 };
  var composing = false;
  var stats = { focused: 0, sent: 0, keys: 0, compositions: 0, composedText: "" };

  function ready() { return window.Module && Module._tmx_text_input && Module.ccall; }
  function sendText(s) {
    if (!s || !ready()) return;
    for (var i = 0; i < s.length; i += 4096) Module.ccall("tmx_text_input", null, ["string"], [s.slice(i, i + 4096)]);
    stats.sent += s.length;
  }
  function sendKey(name, mods) {
    if (!ready()) return;
    Module.ccall("tmx_text_key", null, ["string", "number"], [name, mods]);
    stats.keys++;
  }
  function flush() {  // whatever the field holds (not while composing) goes to the app
    if (composing) return;
    var v = ta.value;
    ta.value = "";
    sendText(v);
  }
  function place() {
    // At the caret: ImGui reports the top of the caret's line (x, y) and the line's height h; the
    // composition box sits on that line, starting at the caret (so the candidate window opens there).
    var x = Math.max(0, Math.min(window.innerWidth - 40, field.x));
    var y = Math.max(0, Math.min(window.innerHeight - 28, field.y + field.h / 2 - 12));
    ta.style.left = x + "px";
    ta.style.top = y + "px";
  }
  function showComposition(on) {
    ta.style.opacity = on ? "1" : "0";
    ta.style.width = on ? Math.max(24, Math.min(window.innerWidth - 20, ta.scrollWidth + 8)) + "px" : "2px";
  }
  function focusField() {
    if (document.activeElement === ta) return;
    ta.value = "";
    try { ta.focus({ preventScroll: true }); } catch (e) { ta.focus(); }
    stats.focused++;
  }

  ta.addEventListener("compositionstart", function () {
    composing = true;
    stats.compositions++;
    showComposition(true);
  });
  ta.addEventListener("compositionupdate", function () { setTimeout(function () { if (composing) showComposition(true); }, 0); });
  ta.addEventListener("compositionend", function (e) {
    composing = false;
    showComposition(false);
    var v = ta.value || e.data || "";
    ta.value = "";
    stats.composedText = v;
    sendText(v);
  });
  ta.addEventListener("input", function (e) {
    if (composing || e.isComposing) { showComposition(true); return; }
    flush();
  });
  var KEYS = { Backspace: 1, Delete: 1, Enter: 1, Tab: 1, Escape: 1, ArrowLeft: 1, ArrowRight: 1, ArrowUp: 1,
    ArrowDown: 1, Home: 1, End: 1, PageUp: 1, PageDown: 1 };
  ta.addEventListener("keydown", function (e) {
    if (composing || e.isComposing || e.keyCode === 229) return;
    var mods = (e.ctrlKey || e.metaKey ? 1 : 0) | (e.shiftKey ? 2 : 0);
    var k = e.key;
    if (KEYS[k]) {
      flush();
      e.preventDefault();
      sendKey(k, mods);
    } else if ((mods & 1) && /^[acxyz]$/i.test(k)) {  // Ctrl+V is left to the paste event
      flush();
      e.preventDefault();
      sendKey(k.toLowerCase(), mods);
    }
  });
  ta.addEventListener("blur", function () {
    if (composing) {  // a composition cut short by a focus change is committed, not dropped
      composing = false;
      showComposition(false);
    }
    flush();
  });

  // A tap that activated a text field: focus inside the touch's own handler, where phones allow
  // the keyboard to open (the frame-driven focus below comes a frame later, outside the gesture).
  canvas.addEventListener("touchend", function () { if (field.active) focusField(); });
  canvas.addEventListener("mouseup", function () { if (field.active) focusField(); });

  window.explorerInput = {
    // From the app after a frame where the active text field or its caret changed.
    textField: function (active, x, y, h) {
      field = { active: !!active, x: +x || 0, y: +y || 0, h: +h || 20 };
      if (field.active) {
        place();
        focusField();
      } else if (document.activeElement === ta) {
        flush();
        ta.blur();
        try { canvas.focus({ preventScroll: true }); } catch (e) { canvas.focus(); }
      }
    },
    // For tests: what the hidden input did.
    state: function () {
      return { active: field.active, focused: document.activeElement === ta, composing: composing, x: field.x,
        y: field.y, timesFocused: stats.focused, sent: stats.sent, keys: stats.keys, compositions: stats.compositions,
        composedText: stats.composedText };
    },
  };
})();
