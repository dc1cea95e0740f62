// Colormaps for heatmaps and value-tinted cells (UI kit): perceptually ordered, readable on both themes.
#pragma once
#include <imgui.h>

#include "anim/colormap.h"  // the tables (one home for the stage and the UI kit)

namespace tmx::ui {

using Colormap = anim::Colormap;  // Viridis, Magma; Diverging: blue - neutral - red, for signed values

ImU32 colormap(Colormap m, float t);  // t in [0, 1] (clamped; NaN -> grey)
// Vertical colour bar with ticks at vmin, mid, vmax; size in CSS px.
void colorbar(Colormap m, float vmin, float vmax, ImVec2 pos, ImVec2 size, const char* fmt = "%.2g");

}  // namespace tmx::ui
