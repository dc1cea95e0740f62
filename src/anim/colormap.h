// The colormaps, in one place (pure, no UI dependency): the stage's heatmaps and matrices use
// them directly, and the UI kit (ui/colormap.h) draws its heatmaps and colour bars with the same
// tables.
#pragma once
#include <cstdint>

namespace tmx::anim {

struct Rgb { float r, g, b; };

// Viridis, Magma: perceptually ordered sequential maps; Diverging: blue - light grey - red for
// signed values (0.5 is zero).
enum class Colormap { Viridis, Magma, Diverging };

// t in [0, 1] (clamped; NaN -> 0), interpolated linearly between published samples of each map.
Rgb colormap_rgb(Colormap m, float t);
// The stage's sequential map (Viridis), x in [0, 1].
inline Rgb colormap_sequential(float x) { return colormap_rgb(Colormap::Viridis, x); }
// The stage's diverging map for signed values, x in [-1, 1]: blue - neutral - red, where the
// neutral is the stage background's tone (dark or light theme) so zero cells recede.
Rgb colormap_diverging(float x, bool dark);
// Packs to ImGui's ABGR ImU32 with alpha in [0, 1].
uint32_t to_u32(Rgb c, float alpha = 1.0f);

}  // namespace tmx::anim
