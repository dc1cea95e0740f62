// [SECTION] Colours
// [SECTION] Heatmap
// [SECTION] Matrix view
// [SECTION] Line plot
#include "ui/lab_plots.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/fonts.h"
#include "ui/theme.h"

namespace tmx::ui {

//-----------------------------------------------------------------------------
// [SECTION] Colours
//-----------------------------------------------------------------------------
static ImU32 lerp_rgb(const float (*stops)[3], int n, float t) {
  t = std::clamp(std::isfinite(t) ? t : 0.0f, 0.0f, 1.0f) * (n - 1);
  const int i = std::min(n - 2, static_cast<int>(t));
  const float f = t - i;
  const float r = stops[i][0] + (stops[i + 1][0] - stops[i][0]) * f;
  const float g = stops[i][1] + (stops[i + 1][1] - stops[i][1]) * f;
  const float b = stops[i][2] + (stops[i + 1][2] - stops[i][2]) * f;
  return IM_COL32(static_cast<int>(r * 255), static_cast<int>(g * 255), static_cast<int>(b * 255), 255);
}

ImU32 lab_seq_color(float t) {  // dark blue -> teal -> yellow (viridis-like, readable on both themes)
  static const float s[5][3] = {{0.16f, 0.11f, 0.33f}, {0.20f, 0.32f, 0.55f}, {0.13f, 0.57f, 0.55f},
                                {0.37f, 0.79f, 0.38f}, {0.99f, 0.91f, 0.15f}};
  return lerp_rgb(s, 5, t);
}

ImU32 lab_div_color(float t) {  // blue - light grey - red
  static const float s[3][3] = {{0.23f, 0.40f, 0.80f}, {0.86f, 0.86f, 0.86f}, {0.84f, 0.25f, 0.22f}};
  return lerp_rgb(s, 3, (t + 1.0f) * 0.5f);
}

//-----------------------------------------------------------------------------
// [SECTION] Heatmap
//-----------------------------------------------------------------------------
LabHeatmapResult lab_heatmap(const char* id, const Mat& m, const std::vector<std::string>& row_labels,
                             const std::vector<std::string>& col_labels, bool signed_scale, float max_side,
                             int selected_row) {
  LabHeatmapResult res;
  const int R = static_cast<int>(m.rows()), C = static_cast<int>(m.cols());
  if (R == 0 || C == 0) return res;
  const Palette& pal = palette();
  ImGui::PushID(id);
  ImGui::PushFont(fonts().small);
  // Label gutter: only when cells are big enough to carry a label.
  const float avail = std::max(80.0f, std::min(ImGui::GetContentRegionAvail().x, max_side));
  float cell = std::clamp((avail - 70.0f) / C, 1.0f, 34.0f);
  const bool labels = cell >= 12.0f;
  const float gutter = labels ? 64.0f : 6.0f;
  cell = std::clamp((avail - gutter - 6.0f) / C, 1.0f, 34.0f);
  const float top = labels ? 18.0f : 2.0f;
  const ImVec2 size(gutter + cell * C + 4.0f, top + cell * R + 4.0f);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##grid", size);
  const bool hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 g0(p0.x + gutter, p0.y + top);

  float vmax = 0.0f;
  for (Eigen::Index i = 0; i < m.size(); ++i) {
    const float v = m.data()[i];
    if (std::isfinite(v)) vmax = std::max(vmax, std::fabs(v));
  }
  if (!(vmax > 0)) vmax = 1.0f;
  auto color_of = [&](float v) -> ImU32 {
    if (!std::isfinite(v)) return pal.grid;
    // 64 levels: neighbours with the same level merge into one rectangle.
    if (signed_scale) return lab_div_color(std::round(v / vmax * 32.0f) / 32.0f);
    return lab_seq_color(std::round(std::max(0.0f, v) / vmax * 64.0f) / 64.0f);
  };
  // Only rows inside the clip rectangle are drawn.
  const float clip0 = dl->GetClipRectMin().y, clip1 = dl->GetClipRectMax().y;
  for (int r = 0; r < R; ++r) {
    const float y0 = g0.y + r * cell, y1 = y0 + cell;
    if (y1 < clip0 || y0 > clip1) continue;
    int c = 0;
    while (c < C) {
      const ImU32 col = color_of(m(r, c));
      int e = c + 1;
      while (cell < 8.0f && e < C && color_of(m(r, e)) == col) ++e;  // small cells: merge equal runs
      dl->AddRectFilled(ImVec2(g0.x + c * cell, y0), ImVec2(g0.x + e * cell - (cell > 6 ? 1.0f : 0.0f), y1 - (cell > 6 ? 1.0f : 0.0f)), col);
      c = e;
    }
  }
  if (labels) {
    for (int r = 0; r < R && r < static_cast<int>(row_labels.size()); ++r) {
      const float y = g0.y + r * cell + (cell - ImGui::GetTextLineHeight()) * 0.5f;
      dl->PushClipRect(ImVec2(p0.x, g0.y + r * cell), ImVec2(g0.x - 4, g0.y + (r + 1) * cell), true);
      dl->AddText(ImVec2(p0.x + 2, y), r == selected_row ? pal.accent : pal.text_dim, row_labels[r].c_str());
      dl->PopClipRect();
    }
    for (int c = 0; c < C && c < static_cast<int>(col_labels.size()); ++c) {
      dl->PushClipRect(ImVec2(g0.x + c * cell, p0.y), ImVec2(g0.x + (c + 1) * cell, g0.y), true);
      dl->AddText(ImVec2(g0.x + c * cell + 1, p0.y + 1), pal.text_dim, col_labels[c].c_str());
      dl->PopClipRect();
    }
  }
  if (selected_row >= 0 && selected_row < R)
    dl->AddRect(ImVec2(g0.x - 1, g0.y + selected_row * cell - 1), ImVec2(g0.x + C * cell + 1, g0.y + (selected_row + 1) * cell + 1),
                pal.accent, 0.0f, 0, 2.0f);
  if (hovered) {
    const ImVec2 mp = ImGui::GetIO().MousePos;
    const int c = static_cast<int>(std::floor((mp.x - g0.x) / cell));
    const int r = static_cast<int>(std::floor((mp.y - g0.y) / cell));
    if (r >= 0 && r < R && c >= 0 && c < C) {
      res.hover_row = r;
      res.hover_col = c;
      if (clicked) res.clicked_row = r;
      dl->AddRect(ImVec2(g0.x + c * cell, g0.y + r * cell), ImVec2(g0.x + (c + 1) * cell, g0.y + (r + 1) * cell), pal.text);
      ImGui::BeginTooltip();
      const std::string rl = r < static_cast<int>(row_labels.size()) ? row_labels[r] : std::to_string(r);
      const std::string cl = c < static_cast<int>(col_labels.size()) ? col_labels[c] : std::to_string(c);
      ImGui::Text("row %d %s  ·  column %d %s", r, rl.c_str(), c, cl.c_str());
      const float v = m(r, c);
      if (std::isinf(v) && v < 0) ImGui::TextUnformatted("-inf (masked)");
      else ImGui::Text("%.7g", static_cast<double>(v));
      ImGui::EndTooltip();
    }
  }
  ImGui::PopFont();
  ImGui::PopID();
  return res;
}

//-----------------------------------------------------------------------------
// [SECTION] Matrix view
//-----------------------------------------------------------------------------
void lab_matrix(const char* id, const Mat& m, const std::vector<std::string>& row_labels, int max_rows, int max_cols,
                int highlight_row) {
  const int R = static_cast<int>(m.rows()), C = static_cast<int>(m.cols());
  const int rs = std::min(R, max_rows), cs = std::min(C, max_cols);
  if (rs == 0 || cs == 0) return;
  const Palette& pal = palette();
  float vmax = 0.0f;
  for (int r = 0; r < rs; ++r)
    for (int c = 0; c < cs; ++c)
      if (std::isfinite(m(r, c))) vmax = std::max(vmax, std::fabs(m(r, c)));
  if (!(vmax > 0)) vmax = 1.0f;
  ImGui::PushFont(fonts().mono);
  const ImGuiTableFlags flags = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_NoHostExtendX;
  if (ImGui::BeginTable(id, cs + 1, flags)) {
    for (int r = 0; r < rs; ++r) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(r == highlight_row ? pal.accent : pal.text_dim), "%s",
                         r < static_cast<int>(row_labels.size()) ? row_labels[r].c_str() : std::to_string(r).c_str());
      for (int c = 0; c < cs; ++c) {
        ImGui::TableSetColumnIndex(c + 1);
        const float v = m(r, c);
        if (std::isfinite(v)) {
          const ImU32 bg = lab_div_color(v / vmax);
          ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, (bg & 0x00ffffffu) | (0x50u << 24));
          ImGui::Text("%7.3f", static_cast<double>(v));
        } else {
          ImGui::TextUnformatted(v < 0 ? "   -inf" : "    nan");
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("[%d, %d] = %.7g", r, c, static_cast<double>(v));
      }
    }
    ImGui::EndTable();
  }
  ImGui::PopFont();
  if (rs < R || cs < C)
    ImGui::TextDisabled("showing %d x %d of %d x %d", rs, cs, R, C);
}

//-----------------------------------------------------------------------------
// [SECTION] Line plot
//-----------------------------------------------------------------------------
int lab_lines(const char* id, const std::vector<LabSeries>& series, float height, bool stems) {
  const Palette& pal = palette();
  ImGui::PushID(id);
  const float width = std::max(160.0f, ImGui::GetContentRegionAvail().x);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##plot", ImVec2(width, height));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float axis_w = 52.0f;
  const ImVec2 a(p0.x + axis_w, p0.y + 6.0f), b(p0.x + width - 6.0f, p0.y + height - 18.0f);
  dl->AddRectFilled(a, b, pal.plot_bg, 3.0f);
  int L = 0;
  float lo = 0.0f, hi = 0.0f;
  bool any = false;
  for (const auto& s : series) {
    L = std::max(L, static_cast<int>(s.y.size()));
    for (float v : s.y)
      if (std::isfinite(v)) {
        lo = any ? std::min(lo, v) : v;
        hi = any ? std::max(hi, v) : v;
        any = true;
      }
  }
  if (!any) lo = -1, hi = 1;
  if (hi - lo < 1e-6f) lo -= 0.5f, hi += 0.5f;
  const float pad = (hi - lo) * 0.06f;
  lo -= pad, hi += pad;
  auto X = [&](float t) { return a.x + (L > 1 ? t / (L - 1) : 0.5f) * (b.x - a.x); };
  auto Y = [&](float v) { return b.y - (std::clamp(v, lo, hi) - lo) / (hi - lo) * (b.y - a.y); };
  ImGui::PushFont(fonts().small);
  for (float v : {lo + pad, 0.5f * (lo + hi), hi - pad}) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", static_cast<double>(v));
    const ImVec2 ts = ImGui::CalcTextSize(buf);
    dl->AddLine(ImVec2(a.x, Y(v)), ImVec2(b.x, Y(v)), pal.grid);
    dl->AddText(ImVec2(a.x - ts.x - 4, Y(v) - ts.y * 0.5f), pal.text_dim, buf);
  }
  if (lo < 0 && hi > 0) dl->AddLine(ImVec2(a.x, Y(0)), ImVec2(b.x, Y(0)), pal.text_dim);
  char lbuf[32];
  std::snprintf(lbuf, sizeof lbuf, "t = %d", std::max(0, L - 1));
  dl->AddText(ImVec2(b.x - ImGui::CalcTextSize(lbuf).x, b.y + 2), pal.text_dim, lbuf);
  dl->AddText(ImVec2(a.x, b.y + 2), pal.text_dim, "t = 0");
  dl->PushClipRect(a, b, true);
  for (const auto& s : series) {
    const int n = static_cast<int>(s.y.size());
    // Long series: one vertex per pixel column is plenty.
    const int step = std::max(1, n / std::max(1, static_cast<int>(b.x - a.x)));
    std::vector<ImVec2> pts;
    pts.reserve(n / step + 1);
    for (int t = 0; t < n; t += step) {
      const float v = std::isfinite(s.y[t]) ? s.y[t] : 0.0f;
      pts.emplace_back(X(static_cast<float>(t)), Y(v));
      if (stems && n <= 96) dl->AddLine(ImVec2(X(static_cast<float>(t)), Y(0)), pts.back(), s.color);
    }
    if (pts.size() >= 2) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), s.color, 0, 1.8f);
  }
  dl->PopClipRect();
  int hover_t = -1;
  if (hovered && L > 0) {
    const float mx = ImGui::GetIO().MousePos.x;
    hover_t = std::clamp(static_cast<int>(std::lround((mx - a.x) / (b.x - a.x) * (L - 1))), 0, L - 1);
    dl->AddLine(ImVec2(X(static_cast<float>(hover_t)), a.y), ImVec2(X(static_cast<float>(hover_t)), b.y), pal.text_dim);
    ImGui::BeginTooltip();
    ImGui::Text("t = %d", hover_t);
    for (const auto& s : series)
      if (hover_t < static_cast<int>(s.y.size()))
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(s.color), "%s = %.6g", s.name.c_str(), static_cast<double>(s.y[hover_t]));
    ImGui::EndTooltip();
  }
  // Legend along the top.
  float lx = a.x + 6;
  for (const auto& s : series) {
    if (series.size() > 8) break;
    dl->AddRectFilled(ImVec2(lx, a.y + 5), ImVec2(lx + 10, a.y + 13), s.color);
    dl->AddText(ImVec2(lx + 13, a.y + 1), pal.text, s.name.c_str());
    lx += 24 + ImGui::CalcTextSize(s.name.c_str()).x;
  }
  ImGui::PopFont();
  ImGui::PopID();
  return hover_t;
}

}  // namespace tmx::ui
