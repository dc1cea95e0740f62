#include "ui/colormap.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/fonts.h"
#include "ui/theme.h"

namespace tmx::ui {

namespace {

struct Stop { float r, g, b; };

// 9 samples of each map, interpolated linearly (Viridis/Magma after matplotlib's published tables).
constexpr Stop kViridis[9] = {{0.267f, 0.005f, 0.329f}, {0.283f, 0.141f, 0.458f}, {0.254f, 0.265f, 0.530f},
                              {0.207f, 0.372f, 0.553f}, {0.164f, 0.471f, 0.558f}, {0.128f, 0.567f, 0.551f},
                              {0.135f, 0.659f, 0.518f}, {0.478f, 0.821f, 0.318f}, {0.993f, 0.906f, 0.144f}};
constexpr Stop kMagma[9] = {{0.001f, 0.000f, 0.014f}, {0.112f, 0.065f, 0.277f}, {0.316f, 0.071f, 0.485f},
                            {0.512f, 0.128f, 0.504f}, {0.716f, 0.215f, 0.475f}, {0.904f, 0.317f, 0.384f},
                            {0.986f, 0.537f, 0.382f}, {0.996f, 0.763f, 0.529f}, {0.987f, 0.991f, 0.750f}};
constexpr Stop kDiverging[9] = {{0.085f, 0.290f, 0.640f}, {0.200f, 0.450f, 0.760f}, {0.420f, 0.630f, 0.850f},
                                {0.700f, 0.810f, 0.920f}, {0.930f, 0.930f, 0.930f}, {0.960f, 0.760f, 0.660f},
                                {0.900f, 0.520f, 0.420f}, {0.780f, 0.270f, 0.230f}, {0.600f, 0.050f, 0.120f}};

}  // namespace

ImU32 colormap(Colormap m, float t) {
  if (std::isnan(t)) return IM_COL32(128, 128, 128, 255);
  t = std::clamp(t, 0.0f, 1.0f);
  const Stop* s = m == Colormap::Magma ? kMagma : m == Colormap::Diverging ? kDiverging : kViridis;
  const float x = t * 8.0f;
  const int i = std::min(7, static_cast<int>(x));
  const float f = x - i;
  const Stop& a = s[i];
  const Stop& b = s[i + 1];
  return IM_COL32(static_cast<int>((a.r + (b.r - a.r) * f) * 255.0f + 0.5f),
                  static_cast<int>((a.g + (b.g - a.g) * f) * 255.0f + 0.5f),
                  static_cast<int>((a.b + (b.b - a.b) * f) * 255.0f + 0.5f), 255);
}

void colorbar(Colormap m, float vmin, float vmax, ImVec2 pos, ImVec2 size, const char* fmt) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const int steps = 32;
  for (int i = 0; i < steps; ++i) {
    const float y0 = pos.y + size.y * i / steps, y1 = pos.y + size.y * (i + 1) / steps;
    dl->AddRectFilled(ImVec2(pos.x, y0), ImVec2(pos.x + size.x, y1 + 0.5f), colormap(m, 1.0f - (i + 0.5f) / steps));
  }
  dl->AddRect(pos, ImVec2(pos.x + size.x, pos.y + size.y), palette().border);
  ImFont* f = fonts().small ? fonts().small : ImGui::GetFont();
  const float fs = f->FontSize * ImGui::GetIO().FontGlobalScale;
  const float vals[3] = {vmax, (vmin + vmax) * 0.5f, vmin};
  for (int i = 0; i < 3; ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, fmt, static_cast<double>(vals[i]));
    const float y = pos.y + size.y * i * 0.5f - fs * 0.5f;
    dl->AddText(f, fs, ImVec2(pos.x + size.x + 4.0f, std::clamp(y, pos.y - fs * 0.5f, pos.y + size.y - fs * 0.5f)),
                palette().text_dim, buf);
  }
}

}  // namespace tmx::ui
