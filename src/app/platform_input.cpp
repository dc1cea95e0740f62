// Device and reader preferences, and the hidden text input's position (app/platform.h).
#include "app/platform.h"

#include <cstdlib>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace tmx::platform {

#ifdef __EMSCRIPTEN__

bool coarse_pointer() {
  return EM_ASM_INT({
           try { return (window.matchMedia && matchMedia("(pointer: coarse)").matches) ? 1 : 0; } catch (e) { return 0; }
         }) != 0;
}

bool preferred_dark_theme() {
  return EM_ASM_INT({
           try {
             var s = window.localStorage && localStorage.getItem("tmx-theme");
             if (s === "dark") return 1;
             if (s === "light") return 0;
           } catch (e) { /* storage blocked: follow the system */ }
           try { if (window.matchMedia && matchMedia("(prefers-color-scheme: light)").matches) return 0; } catch (e) {}
           return 1;
         }) != 0;
}

void remember_theme(bool dark) {
  EM_ASM({ try { localStorage.setItem("tmx-theme", $0 ? "dark" : "light"); } catch (e) {} }, dark ? 1 : 0);
}

bool reduced_motion() {
  return EM_ASM_INT({
           try { return (window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches) ? 1 : 0; } catch (e) { return 0; }
         }) != 0;
}

// A short JS string through a fixed buffer (the values are codes and language tags).
static std::string read_short(int which) {
  static char buf[512];
  buf[0] = 0;
  EM_ASM(
      {
        var s = "";
        try {
          if ($0 === 0) s = new URLSearchParams(window.location.search).get("lang") || "";
          else if ($0 === 1) s = (window.localStorage && localStorage.getItem("tmx-lang")) || "";
          else s = (navigator.languages && navigator.languages.length ? Array.prototype.slice.call(navigator.languages, 0, 16)
                                                                       : [navigator.language || ""]).join(",");
        } catch (e) { s = ""; }
        s = String(s).slice(0, $0 === 2 ? 480 : 32);
        stringToUTF8(s, $1, $2);
      },
      which, buf, static_cast<int>(sizeof buf));
  return buf;
}

std::string address_language() { return read_short(0); }
std::string stored_language() { return read_short(1); }
std::vector<std::string> browser_languages() {
  std::vector<std::string> out;
  const std::string all = read_short(2);
  size_t start = 0;
  while (start <= all.size() && !all.empty()) {
    const size_t comma = all.find(',', start);
    out.push_back(all.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

void remember_language(const char* code) {
  EM_ASM({ try { localStorage.setItem("tmx-lang", UTF8ToString($0)); } catch (e) {} }, code);
}

void set_address_language(const char* code) {
  EM_ASM(
      {
        try {
          var c = UTF8ToString($0);
          var u = new URL(window.location.href);
          if (c) u.searchParams.set("lang", c); else u.searchParams.delete("lang");
          if (u.href !== window.location.href) history.replaceState(history.state, "", u.href);
        } catch (e) { /* a page whose URL cannot be rewritten (sandboxed) keeps its address */ }
      },
      code);
}

void text_field_changed(bool active, float x, float y, float h) {
  EM_ASM({ if (window.explorerInput) window.explorerInput.textField($0 !== 0, $1, $2, $3); }, active ? 1 : 0, x, y, h);
}

#else

bool coarse_pointer() { return false; }
bool preferred_dark_theme() { return true; }
void remember_theme(bool) {}
bool reduced_motion() { return false; }
std::string address_language() {
  const char* env = std::getenv("TMX_LANG");
  return env ? std::string(env).substr(0, 32) : std::string();
}
std::string stored_language() { return ""; }
std::vector<std::string> browser_languages() { return {}; }
void remember_language(const char*) {}
void set_address_language(const char*) {}
void text_field_changed(bool, float, float, float) {}

#endif

}  // namespace tmx::platform
