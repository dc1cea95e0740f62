#include "app/control_layer.h"

#include <cmath>
#include <string>

#include "app/keyboard_nav.h"
#include "app/present.h"
#include "imgui.h"
#include "ui/a11y.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace tmx::control_layer {

namespace {
std::string g_last;
int g_sent = 0;
}  // namespace

void end_frame() {
  const unsigned nav = keyboard_nav::ring_visible() ? keyboard_nav::focused_id() : 0;
  std::string json = ui::a11y::take_frame_json(nav);
  if (json == g_last) return;  // the page diffs what changed; an unchanged frame costs one compare
  if (ImGui::GetFrameCount() <= 1) {
    // The first frame's controls go with the second: making their elements (~10 ms) would hold
    // back the first picture. g_last stays as it was, so the next frame sends them.
    present::wake();
    return;
  }
  g_last.swap(json);
  ++g_sent;
#ifdef __EMSCRIPTEN__
  EM_ASM({ if (window.explorerControls) window.explorerControls.update(UTF8ToString($0)); }, g_last.c_str());
#endif
}

int sent() { return g_sent; }

}  // namespace tmx::control_layer

// The page's DOM controls call these (wasm_shell/controls.js); ids are the ones it was sent.
extern "C" {
#ifdef __EMSCRIPTEN__
#define TMX_EXPORT EMSCRIPTEN_KEEPALIVE
#else
#define TMX_EXPORT
#endif
// Each wakes a sleeping app (app/present.h).
TMX_EXPORT void tmx_a11y_set(unsigned id, double value) {
  tmx::present::wake();
  if (std::isfinite(value)) tmx::ui::a11y::set_value(id, value);
}
TMX_EXPORT void tmx_a11y_press(unsigned id) { tmx::keyboard_nav::activate(id), tmx::present::wake(); }
TMX_EXPORT void tmx_a11y_focus(unsigned id) { tmx::ui::a11y::request_focus(id), tmx::present::wake(); }
TMX_EXPORT void tmx_a11y_table(unsigned id, int on) { tmx::ui::a11y::show_table(id, on != 0), tmx::present::wake(); }
TMX_EXPORT void tmx_a11y_tab(int dir) { tmx::keyboard_nav::tab(dir), tmx::present::wake(); }
}
