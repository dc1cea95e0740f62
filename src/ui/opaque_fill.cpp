#include "ui/opaque_fill.h"

#include <deque>

#include "ui/host.h"

namespace tmx::ui {

namespace {
// The callbacks read their rect when the frame is rendered, later in the same frame.
std::deque<ClearRect> g_rects;  // this frame's
}  // namespace

void opaque_fill_new_frame() { g_rects.clear(); }
int opaque_fill_clears() { return static_cast<int>(g_rects.size()); }

void fill_opaque_rect(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float r) {
  const ImDrawCallback clear = host().clear_rect;
  if (!(r > 0.0f)) r = 0.0f;  // as ImGui: not rounded (NaN too)
  // A corner square of 2r keeps ImGui's own clamp (rounding <= side - 1) from shrinking the arc.
  const float side = 2.0f * r;
  if (!clear || (col & IM_COL32_A_MASK) != IM_COL32_A_MASK || !(b.x > a.x && b.y > a.y) ||
      (r > 0 && (r < 1.0f || b.x - a.x < 2.0f * side || b.y - a.y < 2.0f * side))) {
    dl->AddRectFilled(a, b, col, r);
    return;
  }
  if (r == 0) {
    g_rects.push_back({a, b, col});
    dl->AddCallback(clear, &g_rects.back());
    return;
  }
  g_rects.push_back({ImVec2(a.x + r, a.y), ImVec2(b.x - r, b.y), col});
  dl->AddCallback(clear, &g_rects.back());
  g_rects.push_back({ImVec2(a.x, a.y + r), ImVec2(b.x, b.y - r), col});
  dl->AddCallback(clear, &g_rects.back());
  // The corners: their inner edges fall on the cleared colour, which blends to itself.
  dl->AddRectFilled(a, ImVec2(a.x + side, a.y + side), col, r, ImDrawFlags_RoundCornersTopLeft);
  dl->AddRectFilled(ImVec2(b.x - side, a.y), ImVec2(b.x, a.y + side), col, r, ImDrawFlags_RoundCornersTopRight);
  dl->AddRectFilled(ImVec2(a.x, b.y - side), ImVec2(a.x + side, b.y), col, r, ImDrawFlags_RoundCornersBottomLeft);
  dl->AddRectFilled(ImVec2(b.x - side, b.y - side), b, col, r, ImDrawFlags_RoundCornersBottomRight);
}

}  // namespace tmx::ui
