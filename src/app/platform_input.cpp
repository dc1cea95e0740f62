// Device and reader preferences, and the hidden text input's position (app/platform.h).
#include "app/platform.h"

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

void text_field_changed(bool active, float x, float y, float h) {
  EM_ASM({ if (window.explorerInput) window.explorerInput.textField($0 !== 0, $1, $2, $3); }, active ? 1 : 0, x, y, h);
}

#else

bool coarse_pointer() { return false; }
bool preferred_dark_theme() { return true; }
void remember_theme(bool) {}
bool reduced_motion() { return false; }
void text_field_changed(bool, float, float, float) {}

#endif

}  // namespace tmx::platform
