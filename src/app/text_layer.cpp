#include "app/text_layer.h"

#include "ui/a11y.h"
#include "ui/markdown/note_view.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace tmx::text_layer {

namespace {
std::string g_key;       // layout key last sent
std::string g_seen_key;  // layout key seen last frame
int g_stable = 0;        // frames the layout key has not changed
bool g_shown = false;    // a chapter was shown this frame
int g_sent = 0;
float g_place[6] = {0, 0, 0, 0, 0, 0};
}  // namespace

void show_note(ui::md::NoteView& view) {
  g_shown = true;
#ifdef __EMSCRIPTEN__
  // A layout settles over a few frames (widget cards are measured as they are drawn): the chapter
  // is sent once its layout has held for two frames, not on every step.
  const std::string key = view.layout_key();
  g_stable = key == g_seen_key ? g_stable + 1 : 0;
  g_seen_key = key;
  if (key != g_key && g_stable >= 2) {
    const std::string json = view.text_layer_json();
    EM_ASM({ if (window.explorerText) window.explorerText.show(UTF8ToString($0)); }, json.c_str());
    g_key = key;
    ++g_sent;
  }
  const ImVec2 o = view.screen_origin();
  const ImVec4 c = view.clip_rect();
  g_place[0] = o.x, g_place[1] = o.y, g_place[2] = c.x, g_place[3] = c.y, g_place[4] = c.z, g_place[5] = c.w;
  const double dy = EM_ASM_DOUBLE({ return window.explorerText ? window.explorerText.takeScroll() : 0; });
  if (dy != 0) view.request_scroll_by(static_cast<float>(dy));
#else
  (void)view;
#endif
}

void end_frame(const std::string& title, const char* lang, bool interactive) {
  const std::string said = ui::a11y::take_announcement();
  if (!said.empty()) announce(said);
#ifdef __EMSCRIPTEN__
  if (g_shown) {
    EM_ASM({ if (window.explorerText) window.explorerText.place($0, $1, $2, $3, $4, $5, $6); }, g_place[0], g_place[1],
           g_place[2], g_place[3], g_place[4], g_place[5], interactive ? 1 : 0);
  } else if (!g_key.empty()) {
    EM_ASM({ if (window.explorerText) window.explorerText.hide(); });
    g_key.clear();
  }
  EM_ASM({ if (window.explorerText) window.explorerText.page(UTF8ToString($0), UTF8ToString($1)); }, title.c_str(), lang);
#else
  (void)title, (void)lang, (void)interactive;
#endif
  g_shown = false;
}

void announce(const std::string& sentence) {
#ifdef __EMSCRIPTEN__
  static std::string last;
  if (sentence == last) return;
  last = sentence;
  EM_ASM({ if (window.explorerText) window.explorerText.announce(UTF8ToString($0)); }, sentence.c_str());
#else
  (void)sentence;
#endif
}

int chapters_sent() { return g_sent; }

}  // namespace text_layer
