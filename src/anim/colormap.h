// Small pure colormaps (no UI dependency) for heatmaps on the stage. The UI kit may reuse these.
#pragma once
#include <cstdint>

namespace tmx::anim {

struct Rgb { float r, g, b; };

// Perceptually ordered sequential map (a viridis-like 9-stop approximation), x in [0, 1].
Rgb colormap_sequential(float x);
// Diverging blue - neutral - red for signed values, x in [-1, 1]; neutral depends on theme.
Rgb colormap_diverging(float x, bool dark);
// Packs to ImGui's ABGR ImU32 with alpha in [0, 1].
uint32_t to_u32(Rgb c, float alpha = 1.0f);

}  // namespace tmx::anim
