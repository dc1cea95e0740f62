#include "ui/matrix_view.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "ui/a11y.h"
#include "ui/colormap.h"
#include "ui/export.h"
#include "ui/fonts.h"
#include "ui/theme.h"

namespace tmx::ui {

int auto_decimals(const float* data, int n) {
  float mx = 0;
  bool ints = true;
  for (int i = 0; i < n; ++i) {
    if (!std::isfinite(data[i])) continue;
    mx = std::max(mx, std::fabs(data[i]));
    if (data[i] != std::round(data[i])) ints = false;
  }
  if (ints) return 0;
  return mx >= 100 ? 1 : mx >= 10 ? 2 : 3;
}

namespace {
struct CsvCtx {
  const float* data;
  int rows, cols;
  const MatrixStyle* st;
  std::string out;
};
const std::string& matrix_view_csv(void* u) {
  auto* c = static_cast<CsvCtx*>(u);
  c->out = matrix_csv(c->data, c->rows, c->cols, c->st->row_labels, c->st->col_labels);
  return c->out;
}
// Indices shown along one axis: all, or the first and last few around an ellipsis (-1).
std::vector<int> shown(int n, int max) {
  std::vector<int> v;
  if (n <= max) {
    for (int i = 0; i < n; ++i) v.push_back(i);
    return v;
  }
  const int head = max - max / 3 - 1, tail = max / 3;
  for (int i = 0; i < head; ++i) v.push_back(i);
  v.push_back(-1);
  for (int i = n - tail; i < n; ++i) v.push_back(i);
  return v;
}
}  // namespace

MatrixHover matrix_view(const char* id, const float* data, int rows, int cols, const MatrixStyle& st) {
  MatrixHover hover;
  if (!data || rows <= 0 || cols <= 0) return hover;
  const Palette& pal = palette();
  ImGui::PushID(id);
  ImFont* mono = fonts().mono ? fonts().mono : ImGui::GetFont();
  ImFont* small = fonts().small ? fonts().small : ImGui::GetFont();
  const float ms = mono->FontSize * ImGui::GetIO().FontGlobalScale;
  const float ss = small->FontSize * ImGui::GetIO().FontGlobalScale;
  const int dec = st.decimals >= 0 ? std::min(st.decimals, 6) : auto_decimals(data, rows * cols);

  // Title: name and shape.
  char shape[64];
  std::snprintf(shape, sizeof shape, "%d \xC3\x97 %d", rows, cols);
  if (st.name) {
    ImGui::PushFont(fonts().bold ? fonts().bold : ImGui::GetFont());
    ImGui::TextUnformatted(st.name);
    ImGui::PopFont();
    ImGui::SameLine();
  }
  ImGui::TextDisabled("%s", shape);
  {
    const std::string caption = st.caption ? st.caption : st.name ? st.name : tr(S::A11yMatrix);
    const ImVec2 p = ImGui::GetItemRectMin();
    a11y::figure(ImGui::GetID("##matrix") /* the grid below: its item is this figure */, p.x, p.y, ImGui::GetItemRectMax().x, ImGui::GetItemRectMax().y, caption,
                 a11y::grid_summary(caption, data, rows, cols, st.row_labels, st.col_labels),
                 [&] { return a11y::grid_table(data, rows, cols, st.row_labels, st.col_labels); });
  }

  const std::vector<int> rs = shown(rows, st.max_rows), cs = shown(cols, st.max_cols);
  float vmax = 0;
  bool any_negative = false;
  for (int i = 0; i < rows * cols; ++i)
    if (std::isfinite(data[i])) {
      vmax = std::max(vmax, std::fabs(data[i]));
      any_negative |= data[i] < 0;
    }
  // Column width from the widest formatted number.
  float cw = 0;
  char buf[48];
  for (int r : rs)
    for (int c : cs) {
      if (r < 0 || c < 0) continue;
      std::snprintf(buf, sizeof buf, "%.*f", dec, static_cast<double>(data[static_cast<size_t>(r) * cols + c]));
      cw = std::max(cw, mono->CalcTextSizeA(ms, FLT_MAX, 0, buf).x);
    }
  cw += 16.0f;
  const float rh = ms + 10.0f;
  float lw = 0;
  if (st.row_labels)
    for (int r : rs)
      if (r >= 0 && r < static_cast<int>(st.row_labels->size()))
        lw = std::max(lw, small->CalcTextSizeA(ss, FLT_MAX, 0, (*st.row_labels)[r].c_str()).x + 10.0f);
  const float lh = st.col_labels ? ss + 6.0f : 0.0f;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 g0(p0.x + lw, p0.y + lh);
  const ImVec2 size(lw + cw * cs.size(), lh + rh * rs.size());
  ImGui::InvisibleButton("##matrix", size);
  if (!ImGui::IsItemVisible()) {  // scrolled out of view: no text to lay out
    ImGui::PopID();
    return hover;
  }
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 m = ImGui::GetIO().MousePos;
  int hr = -1, hc = -1;
  if (hovered && m.x >= g0.x && m.y >= g0.y) {
    const int i = static_cast<int>((m.y - g0.y) / rh), j = static_cast<int>((m.x - g0.x) / cw);
    if (i >= 0 && i < static_cast<int>(rs.size()) && j >= 0 && j < static_cast<int>(cs.size())) {
      hr = rs[i];
      hc = cs[j];
    }
  }
  hover.row = hr;
  hover.col = hc;

  // Bracket-like frame, highlight bands, cells.
  dl->AddRectFilled(g0, ImVec2(g0.x + cw * cs.size(), g0.y + rh * rs.size()), (pal.text & 0x00ffffff) | 0x08000000, 4.0f);
  for (size_t i = 0; i < rs.size(); ++i) {
    const int r = rs[i];
    const float y = g0.y + rh * i;
    if (r >= 0 && (r == st.highlight_row || r == hr))
      dl->AddRectFilled(ImVec2(g0.x, y), ImVec2(g0.x + cw * cs.size(), y + rh), pal.accent_soft, 3.0f);
    if (st.row_labels && r >= 0 && r < static_cast<int>(st.row_labels->size()))
      dl->AddText(small, ss, ImVec2(p0.x, y + (rh - ss) * 0.5f), r == hr ? pal.text : pal.text_dim, (*st.row_labels)[r].c_str());
    for (size_t j = 0; j < cs.size(); ++j) {
      const int c = cs[j];
      const float x = g0.x + cw * j;
      if (i == 0 && c >= 0 && (c == st.highlight_col || c == hc))
        dl->AddRectFilled(ImVec2(x, g0.y), ImVec2(x + cw, g0.y + rh * rs.size()), pal.accent_soft, 3.0f);
      if (i == 0 && st.col_labels && c >= 0 && c < static_cast<int>(st.col_labels->size())) {
        const char* s = (*st.col_labels)[c].c_str();
        dl->AddText(small, ss, ImVec2(x + cw - 8.0f - small->CalcTextSizeA(ss, FLT_MAX, 0, s).x, p0.y), pal.text_dim, s);
      }
      const char* text = "\xE2\x80\xA6";  // …
      float v = 0;
      if (r >= 0 && c >= 0) {
        v = data[static_cast<size_t>(r) * cols + c];
        std::snprintf(buf, sizeof buf, "%.*f", dec, static_cast<double>(v));
        if (std::string(buf).find_first_not_of("-0.") == std::string::npos && buf[0] == '-') std::memmove(buf, buf + 1, sizeof buf - 1);
        text = buf;
        if (st.tint && vmax > 0 && std::isfinite(v)) {
          // Signed data: blue-red around zero. Non-negative data: the accent, stronger for larger values.
          const ImU32 tint = any_negative ? (colormap(Colormap::Diverging, 0.5f + 0.5f * v / vmax) & 0x00ffffff) | 0x40000000
                                          : (pal.accent & 0x00ffffff) | (static_cast<ImU32>(8 + 90 * v / vmax) << 24);
          dl->AddRectFilled(ImVec2(x + 2, g0.y + rh * i + 2), ImVec2(x + cw - 2, g0.y + rh * (i + 1) - 2), tint, 3.0f);
        }
      }
      const float tw = mono->CalcTextSizeA(ms, FLT_MAX, 0, text).x;
      dl->AddText(mono, ms, ImVec2(x + cw - 8.0f - tw, g0.y + rh * i + 5.0f), pal.text, text);
    }
  }
  if (hr >= 0 && hc >= 0) {
    ImGui::BeginTooltip();
    const auto label = [](const std::vector<std::string>* ls, int i) {
      return ls && i < static_cast<int>(ls->size()) ? (*ls)[i] : std::to_string(i);
    };
    ImGui::Text("%s = %.6g", trf(st.cell_text, {label(st.row_labels, hr), label(st.col_labels, hc)}).c_str(),
                static_cast<double>(data[static_cast<size_t>(hr) * cols + hc]));
    ImGui::EndTooltip();
  }
  if (st.export_name) {
    CsvCtx ctx{data, rows, cols, &st, {}};
    export_button("export", p0, ImVec2(p0.x + size.x, p0.y + size.y), st.export_name, matrix_view_csv, &ctx);
  }
  ImGui::PopID();
  return hover;
}

}  // namespace tmx::ui
