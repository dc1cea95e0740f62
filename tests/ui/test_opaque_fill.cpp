// ui::fill_opaque_rect: with the host's clear hook, two clears (a cross: the rect without its four
// corner squares) and four rounded corners that cover the rect exactly, or one clear when it is not
// rounded; without the hook, for a translucent colour or a rect too small for its corners, one
// ordinary rounded rect.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "headless_imgui.h"
#include "ui/host.h"
#include "ui/opaque_fill.h"

using namespace tmx;

namespace {

void no_op_clear(const ImDrawList*, const ImDrawCmd*) {}

constexpr double kHalfPx = 0.5 + 1e-3;  // the AA fringe, plus float rounding

struct Drawn {
  std::vector<ui::ClearRect> clears;
  int triangles = 0;
  ImVec2 min{1e9f, 1e9f}, max{-1e9f, -1e9f};  // bounds of the triangles' vertices
};

// What fill_opaque_rect put in the test window's draw list, in a frame of its own.
test::HeadlessImGui* g_imgui = nullptr;
Drawn fill(ImVec2 a, ImVec2 b, ImU32 col, float rounding) {
  test::HeadlessImGui& g = *g_imgui;
  Drawn d;
  g.frame([&] {
    ui::opaque_fill_new_frame();  // as the app does at the start of a frame
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const int cmd0 = dl->CmdBuffer.Size - 1, idx0 = dl->IdxBuffer.Size;
    ui::fill_opaque_rect(dl, a, b, col, rounding);
    for (int i = cmd0; i < dl->CmdBuffer.Size; ++i)
      if (dl->CmdBuffer[i].UserCallback == no_op_clear)
        d.clears.push_back(*static_cast<const ui::ClearRect*>(dl->CmdBuffer[i].UserCallbackData));
    for (int i = idx0; i < dl->IdxBuffer.Size; ++i) {
      const ImDrawVert& v = dl->VtxBuffer[dl->IdxBuffer[i]];
      if ((v.col >> IM_COL32_A_SHIFT) == 0) continue;  // anti-aliasing fringe
      d.min = ImVec2(std::min(d.min.x, v.pos.x), std::min(d.min.y, v.pos.y));
      d.max = ImVec2(std::max(d.max.x, v.pos.x), std::max(d.max.y, v.pos.y));
    }
    d.triangles = (dl->IdxBuffer.Size - idx0) / 3;
    if (!d.clears.empty()) CHECK(ui::opaque_fill_clears() == static_cast<int>(d.clears.size()));
  });
  return d;
}

}  // namespace

TEST_CASE("fill_opaque_rect: a cross of clears and four rounded corners, or one ordinary rect", "[ui][opaque_fill]") {
  test::HeadlessImGui imgui;
  g_imgui = &imgui;
  const ImU32 card = IM_COL32(0x1c, 0x1f, 0x26, 255);
  const ImVec2 a(200, 57), b(1280, 800);
  const float r = 6;

  SECTION("without the host's hook: one rounded rect, no clears") {
    ui::host().clear_rect = nullptr;
    const Drawn d = fill(a, b, card, r);
    CHECK(d.clears.empty());
    CHECK(d.triangles > 2);
    // Opaque vertices sit half a pixel inside (the AA fringe; 200.50003 on one AVX-512 build).
    CHECK(d.min.x == Approx(a.x).margin(kHalfPx));
    CHECK(d.max.y == Approx(b.y).margin(kHalfPx));
  }

  SECTION("with the hook: the clears and the corners cover the rect, nothing outside it") {
    ui::host().clear_rect = no_op_clear;
    const Drawn d = fill(a, b, card, r);
    REQUIRE(d.clears.size() == 2);
    // Across the full width between the top and bottom corners; the full height between the
    // left and right corners.
    CHECK(d.clears[0].min.x == a.x + r);
    CHECK(d.clears[0].max.x == b.x - r);
    CHECK(d.clears[0].min.y == a.y);
    CHECK(d.clears[0].max.y == b.y);
    CHECK(d.clears[1].min.x == a.x);
    CHECK(d.clears[1].max.x == b.x);
    CHECK(d.clears[1].min.y == a.y + r);
    CHECK(d.clears[1].max.y == b.y - r);
    for (const ui::ClearRect& c : d.clears) CHECK(c.col == card);
    // The corners: small (four squares of 2r), inside the rect, reaching its edges.
    CHECK(d.triangles < 200);
    CHECK(d.min.x >= a.x - 0.01f);
    CHECK(d.min.y >= a.y - 0.01f);
    CHECK(d.max.x <= b.x + 0.01f);
    CHECK(d.max.y <= b.y + 0.01f);
    CHECK(d.min.x == Approx(a.x).margin(kHalfPx));
    CHECK(d.max.y == Approx(b.y).margin(kHalfPx));
  }

  SECTION("with the hook, unrounded: one clear of the whole rect, nothing drawn") {
    ui::host().clear_rect = no_op_clear;
    const Drawn d = fill(a, b, card, 0);
    REQUIRE(d.clears.size() == 1);
    CHECK(d.clears[0].min.x == a.x);
    CHECK(d.clears[0].min.y == a.y);
    CHECK(d.clears[0].max.x == b.x);
    CHECK(d.clears[0].max.y == b.y);
    CHECK(d.triangles == 0);
  }

  SECTION("with the hook: translucent, empty or rounded and too small falls back to one rect") {
    ui::host().clear_rect = no_op_clear;
    CHECK(fill(a, b, IM_COL32(0x1c, 0x1f, 0x26, 200), r).clears.empty());
    CHECK(fill(a, ImVec2(a.x + 20, a.y + 400), card, r).clears.empty());
    CHECK(fill(b, a, card, 0).clears.empty());
  }
  ui::host().clear_rect = nullptr;
  g_imgui = nullptr;
}
