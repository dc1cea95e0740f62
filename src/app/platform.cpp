#include "app/platform.h"

#include <imgui.h>

#include <fstream>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace tmx::platform {

#ifdef __EMSCRIPTEN__

bool is_web() { return true; }

// Copies a JS string into a fixed buffer. The buffer is twice the router's limit, so an
// over-long hash still arrives over-long (and is rejected) rather than silently truncated to fit.
static std::string read_js_string(int which) {
  static char buf[8192];
  buf[0] = 0;
  EM_ASM(
      {
        var s = $0 === 0 ? (window.location.hash || "") : window.location.href.split("#")[0];
        stringToUTF8(s, $1, $2);
      },
      which, buf, static_cast<int>(sizeof buf));
  return buf;
}

std::string initial_hash() { return read_js_string(0); }

void set_hash(const std::string& hash, bool replace) {
  // The string goes through UTF8ToString into history APIs only: never into HTML.
  EM_ASM(
      {
        var h = UTF8ToString($0);
        if (window.location.hash === h) return;
        if ($1) history.replaceState(history.state, "", h);
        else history.pushState(null, "", h);
      },
      hash.c_str(), replace ? 1 : 0);
}

void open_external(const std::string& url) {
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) return;
  EM_ASM({ window.open(UTF8ToString($0), "_blank", "noopener,noreferrer"); }, url.c_str());
}

bool copy_to_clipboard(const std::string& text) {
  return EM_ASM_INT(
             {
               var t = UTF8ToString($0);
               if (window.explorer) window.explorer.lastCopied = t;
               if (!window.isSecureContext || !navigator.clipboard || !navigator.clipboard.writeText) return 0;
               navigator.clipboard.writeText(t).catch(function() {});
               return 1;
             },
             text.c_str()) != 0;
}

std::string share_base_url() { return read_js_string(1); }

std::string save_file(const std::string& name, const std::string& bytes, const char* mime) {
  // No object literals in EM_ASM: their commas would split the macro's arguments.
  EM_ASM(
      {
        var data = HEAPU8.slice($1, $1 + $2);
        var opts = new Object();
        opts.type = UTF8ToString($3);
        var blob = new Blob([data], opts);
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = UTF8ToString($0);
        document.body.appendChild(a);
        a.click();
        setTimeout(function() { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
        if (window.explorer) {
          var info = new Object();
          info.name = a.download;
          info.size = $2;
          info.type = blob.type;
          window.explorer.lastDownload = info;
        }
      },
      name.c_str(), bytes.data(), static_cast<int>(bytes.size()), mime);
  return "download: " + name;
}

void report_ready() {
  EM_ASM({ if (window.explorerShell) window.explorerShell.onReady(); });
}

// Cinema: fullscreen must come from a user gesture; ImGui sees the click inside the browser's
// input handler for the canvas, so this call counts as one.
void toggle_fullscreen() {
  EM_ASM({
    var d = document;
    if (d.fullscreenElement) { if (d.exitFullscreen) d.exitFullscreen().catch(function() {}); return; }
    var e = d.documentElement;
    if (e.requestFullscreen) e.requestFullscreen().catch(function() {});
  });
}

bool is_fullscreen() {
  return EM_ASM_INT({ return document.fullscreenElement ? 1 : 0; }) != 0;
}

#else

bool is_web() { return false; }
std::string initial_hash() { return ""; }
void set_hash(const std::string&, bool) {}
void open_external(const std::string& url) {
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) return;
  ImGui::SetClipboardText(url.c_str());  // the desktop build copies links instead of launching a browser
}
bool copy_to_clipboard(const std::string& text) {
  ImGui::SetClipboardText(text.c_str());
  return true;
}
std::string save_file(const std::string& name, const std::string& bytes, const char*) {
  std::ofstream f(name, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return f ? name : std::string();
}
std::string share_base_url() { return "https://example.invalid/explorer/"; }
void report_ready() {}
namespace {
bool g_fullscreen = false;  // the desktop window keeps its size; the stage fills it
}
void toggle_fullscreen() { g_fullscreen = !g_fullscreen; }
bool is_fullscreen() { return g_fullscreen; }

#endif

}  // namespace tmx::platform
