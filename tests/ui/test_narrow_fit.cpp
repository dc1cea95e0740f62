// Every Lab widget drawn whole (a window as tall as the widget, so nothing is below the fold) in a
// phone's column (390 px screen, 16 px margins) and a tablet's (768 px), as the Lab page draws it
// (ui::NarrowText around it): no glyph is cut by its window's right edge (ui/legibility.h's
// probe, the one the browser walk reads on the first screen of every room). Models the widgets
// fetch are not loaded here, so the model widgets are judged on what they draw without them.
#include <catch2/catch.hpp>

#include <string>

#include "headless_imgui.h"
#include "ui/fit.h"
#include "ui/legibility.h"
#include "ui/widget.h"

using namespace tmx;
using namespace tmx::ui;

namespace {
// Widgets with a cut this test found further down than the browser walk's first screen, not fixed
// yet: reported (CHECK_NOFAIL) rather than failed, so that every other widget is held to it now.
// Remove a name once its widget is whole.
bool known_cut(const std::string& slug) {
  return slug == "gpt-walkthrough" || slug == "optimizers" || slug == "synthetic-tasks" || slug == "number-formats";
}
}  // namespace

TEST_CASE("Every Lab widget fits a phone's and a tablet's column: no text cut by the window's edge", "[ui][narrow]") {
  for (float screen : {390.0f, 768.0f}) {
    test::HeadlessImGui h(screen, 6000.0f);
    REQUIRE(narrow_screen());
    for (const WidgetInfo& info : widgets()) {
      if (info.internal) continue;  // the UI kit gallery: a developer page
      INFO(info.slug << " on a " << screen << " px screen");
      auto w = info.create();
      TextSizes t;
      for (int i = 0; i < 6; ++i) {
        h.frame([&] {
          legibility_new_frame();  // as the app does: this frame's sideways-scrolling regions only
          const NarrowText wrap;
          w->draw();
        }, ImVec2(screen - 16.0f, 6000.0f));
        t = text_sizes();
      }
      CHECK(t.glyphs > 20);
      if (known_cut(info.slug)) CHECK_NOFAIL(t.cut == 0);
      else CHECK(t.cut == 0);
      if (t.cut) WARN(info.slug << ": " << t.cut << " glyph(s) cut, the first at " << t.cut_at.x << "," << t.cut_at.y);
    }
  }
}
