// Every Lab widget drawn whole (a window as tall as the widget, so nothing is below the fold) in a
// phone's column (390 px screen, 16 px margins) and a tablet's (768 px), as the Lab page draws it
// (ui::NarrowText around it): no glyph is cut by its window's right edge (ui/legibility.h's
// probe, the one the browser walk reads on the first screen of every room). Models the widgets
// fetch are not loaded here, so the model widgets are judged on what they draw without them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cfloat>
#include <string>
#include <vector>

#include "headless_imgui.h"
#include "ui/fit.h"
#include "ui/legibility.h"
#include "ui/line_plot.h"
#include "ui/widget.h"

using namespace tmx;
using namespace tmx::ui;

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
      INFO(t.cut << " glyph(s) cut, the first at " << t.cut_at.x << "," << t.cut_at.y << " in \"" << t.cut_text << "\"");
      CHECK(t.cut == 0);
    }
  }
}

TEST_CASE("The cut probe names the line it found cut, and a plot's long axis label wraps in a phone's column", "[ui][narrow]") {
  test::HeadlessImGui h(390.0f, 800.0f);
  const ImVec2 column(390.0f - 16.0f, 800.0f);
  SECTION("a line that runs past the window's edge") {
    for (int i = 0; i < 2; ++i)
      h.frame([] { ImGui::TextUnformatted("first words of a line that is far too long for a phone held upright"); }, column);
    const TextSizes t = text_sizes();
    REQUIRE(t.cut >= 1);
    CHECK(t.cut_text.rfind("first words of a line", 0) == 0);  // from the line's start to the cut glyph
    CHECK(t.cut_text.size() < 66);
  }
  SECTION("a line plot whose x label is wider than the plot") {
    std::vector<Series> s(1);
    s[0].x = {0.0f, 200.0f, 400.0f};  // the last tick (400) sits on the frame's right edge
    s[0].y = {1.0f, 2.0f, 3.0f};
    LinePlotView view;
    LinePlotStyle st;
    st.x_label = "an axis label much longer than a phone's column is wide, so it must take a second line";
    ImVec2 lo, hi;  // the plot's rectangle
    for (int i = 0; i < 2; ++i)
      h.frame([&] {
        line_plot("##p", s, view, st);
        lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
      }, column);
    // Every glyph (a quad textured from the font atlas, not its white pixel) inside the plot's rectangle.
    const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
    int glyph_vertices = 0;
    float left = FLT_MAX, right = -FLT_MAX;
    const ImDrawData* dd = ImGui::GetDrawData();
    for (int l = 0; l < dd->CmdListsCount; ++l)
      for (const ImDrawVert& v : dd->CmdLists[l]->VtxBuffer)
        if (v.uv.x != white.x || v.uv.y != white.y) ++glyph_vertices, left = std::min(left, v.pos.x), right = std::max(right, v.pos.x);
    CHECK(glyph_vertices > 4 * 60);  // the label and the ticks
    CHECK(left >= lo.x - 0.5f);
    CHECK(right <= hi.x + 0.5f);
    CHECK(text_sizes().cut == 0);
  }
}
