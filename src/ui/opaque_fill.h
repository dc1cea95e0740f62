// Large opaque rectangles, rounded or not (the page's content card, a scene's stage), filled by the
// renderer's clear rather than by shaded triangles. A software rasteriser (Chromium without a GPU,
// as in the browser tests) spent ~40% of a frame shading the card alone, and phones' GPUs are
// fill-bound at 3x pixel ratios; a clear costs next to nothing on both.
#pragma once
#include <imgui.h>

namespace tmx::ui {

// What the host's clear_rect callback fills (ui/host.h), in ImGui's coordinates.
struct ClearRect {
  ImVec2 min, max;
  ImU32 col;
};

// Same pixels as dl->AddRectFilled(min, max, col, rounding) with all corners rounded, for an
// opaque col on whole-pixel edges (a rounded rect's AA edge inside a pixel becomes a hard one):
// unrounded, one clear; rounded, two clears fill the rect without its four corner squares (a cross)
// and ImGui draws each rounded corner. The draw data's fingerprint includes the clears' rects
// (app/present.h). Falls back to AddRectFilled without the host's hook, for a translucent col, or
// for a rounded rect too small for its corners.
void fill_opaque_rect(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 col, float rounding);
// The app, at the start of each frame: forgets the last frame's clears (their rects live until the
// frame is rendered).
void opaque_fill_new_frame();
// Clears queued in the current (or, between frames, the last) frame: status().present.clears.
int opaque_fill_clears();

}  // namespace tmx::ui
