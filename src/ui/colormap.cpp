#include "ui/colormap.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/fonts.h"
#include "ui/theme.h"

namespace tmx::ui {

ImU32 colormap(Colormap m, float t) {
  if (std::isnan(t)) return IM_COL32(128, 128, 128, 255);
  return anim::to_u32(anim::colormap_rgb(m, t));
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
