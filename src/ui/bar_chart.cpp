#include "ui/bar_chart.h"

#include <imgui.h>
#include <imgui_internal.h>  // GetItemID: the figure's id for the page (ui/a11y.h)

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/a11y.h"
#include "ui/i18n.h"
#include "ui/fit.h"
#include "ui/fonts.h"
#include "ui/theme.h"

namespace tmx::ui {

// Rounds v up to 1, 2 or 5 times a power of ten (axis maxima that read well).
static float nice_ceil(float v) {
  if (!(v > 0) || !std::isfinite(v)) return 1.0f;
  const float p = std::pow(10.0f, std::floor(std::log10(v)));
  for (float m : {1.0f, 2.0f, 2.5f, 5.0f, 10.0f})
    if (m * p >= v * 0.999f) return m * p;
  return 10.0f * p;
}

int bar_chart(const char* id, const std::vector<float>& values, const std::vector<std::string>& labels,
              const BarChartStyle& style) {
  const Palette& pal = palette();
  ImGui::PushID(id);
  const float width = std::max(120.0f, ImGui::GetContentRegionAvail().x);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##bars", ImVec2(width, style.height));
  {
    const std::string caption = style.caption ? style.caption : tr(S::A11yBarChart);
    a11y::figure(ImGui::GetItemID(), p0.x, p0.y, p0.x + width, p0.y + style.height, caption,
                 a11y::bars_summary(caption, values, labels), [&] {
                   a11y::Table t{{"", caption}, {}};
                   for (size_t i = 0; i < values.size(); ++i)
                     t.rows.push_back({i < labels.size() ? labels[i] : std::to_string(i), std::to_string(values[i])});
                   return t;
                 });
  }
  const bool hovered_area = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();

  const float label_h = ImGui::GetTextLineHeight() + 6.0f;
  const float axis_w = 44.0f;
  const ImVec2 plot_min(p0.x + axis_w, p0.y + 8.0f);
  const float right_w = style.line ? 34.0f : 4.0f;  // the line's own axis
  const ImVec2 plot_max(p0.x + width - right_w, p0.y + style.height - label_h);
  dl->AddRectFilled(plot_min, plot_max, pal.plot_bg, 4.0f);

  float vmax = style.y_max;
  if (vmax <= 0) {
    vmax = 0;
    for (float v : values)
      if (std::isfinite(v)) vmax = std::max(vmax, v);
    if (style.outline)
      for (float v : *style.outline)
        if (std::isfinite(v)) vmax = std::max(vmax, v);
    vmax = nice_ceil(vmax);
  }
  // Gridlines at quarters of the axis.
  ImGui::PushFont(fonts().small);
  for (int i = 0; i <= 4; ++i) {
    const float y = plot_max.y - (plot_max.y - plot_min.y) * i / 4.0f;
    dl->AddLine(ImVec2(plot_min.x, y), ImVec2(plot_max.x, y), pal.grid);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2g", vmax * i / 4.0f);
    const ImVec2 ts = ImGui::CalcTextSize(buf);
    dl->AddText(ImVec2(plot_min.x - ts.x - 6.0f, y - ts.y * 0.5f), pal.text_dim, buf);
    if (style.line && i % 2 == 0) {  // the line's axis: 0, 0.5, 1
      std::snprintf(buf, sizeof buf, "%.2g", i / 4.0);
      dl->AddText(ImVec2(plot_max.x + 5.0f, y - ts.y * 0.5f), pal.series[1], buf);
    }
  }

  const int n = static_cast<int>(values.size());
  int hovered = -1;
  if (n > 0) {
    const float slot = (plot_max.x - plot_min.x) / n;
    const float bar_w = std::max(2.0f, slot * 0.7f);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    for (int i = 0; i < n; ++i) {
      const float v = std::isfinite(values[i]) ? std::clamp(values[i], 0.0f, vmax) : 0.0f;
      const float cx = plot_min.x + slot * (i + 0.5f);
      const float top = plot_max.y - (plot_max.y - plot_min.y) * (v / vmax);
      const bool hov = hovered_area && mouse.x >= cx - slot / 2 && mouse.x < cx + slot / 2;
      if (hov) hovered = i;
      auto at = [&](const std::vector<float>* layer) {
        if (!layer || i >= static_cast<int>(layer->size()) || !std::isfinite((*layer)[i])) return -1.0f;
        return plot_max.y - (plot_max.y - plot_min.y) * (std::clamp((*layer)[i], 0.0f, vmax) / vmax);
      };
      const bool dim = style.dimmed && i < static_cast<int>(style.dimmed->size()) && (*style.dimmed)[i];
      const ImU32 full = dim ? pal.text_dim
                             : (i == style.highlight || hov) ? pal.accent : ((pal.series[0] & 0x00ffffffu) | (0xB0u << 24));
      const ImU32 light = (full & 0x00ffffffu) | ((dim ? 0x50u : 0x60u) << 24);
      const float base_top = at(style.base);
      const ImU32 col = base_top >= 0 ? light : (dim ? ((full & 0x00ffffffu) | (0x70u << 24)) : full);
      dl->AddRectFilled(ImVec2(cx - bar_w / 2, top), ImVec2(cx + bar_w / 2, plot_max.y), col, 3.0f,
                        ImDrawFlags_RoundCornersTop);
      if (base_top >= 0)
        dl->AddRectFilled(ImVec2(cx - bar_w / 2, std::max(base_top, top)), ImVec2(cx + bar_w / 2, plot_max.y),
                          dim ? ((full & 0x00ffffffu) | (0x70u << 24)) : full, base_top <= top + 0.5f ? 3.0f : 0.0f,
                          ImDrawFlags_RoundCornersTop);
      const float out_top = at(style.outline);
      if (out_top >= 0)
        dl->AddRect(ImVec2(cx - bar_w / 2 - 2.0f, out_top), ImVec2(cx + bar_w / 2 + 2.0f, plot_max.y), pal.text, 3.0f,
                    ImDrawFlags_RoundCornersTop, 1.5f);
      if (style.show_values && slot > 34.0f) {
        char buf[32];
        std::snprintf(buf, sizeof buf, style.value_format, values[i]);
        const ImVec2 ts = ImGui::CalcTextSize(buf);
        dl->AddText(ImVec2(cx - ts.x / 2, std::max(plot_min.y, top - ts.y - 2.0f)), pal.text, buf);
      }
      if (i < static_cast<int>(labels.size()) && slot > 18.0f) {
        const std::string& lab = labels[i];
        ImVec2 ts = ImGui::CalcTextSize(lab.c_str());
        // A narrow screen leaves out a label wider than its bar rather than cut it (hover or a long
        // press shows it, as does the chart's text for screen readers).
        if (narrow_screen() && ts.x > slot - 2.0f) continue;
        const float x = cx - std::min(ts.x, slot - 4.0f) / 2;
        dl->PushClipRect(ImVec2(cx - slot / 2 + 1, plot_max.y), ImVec2(cx + slot / 2 - 1, p0.y + style.height), true);
        dl->AddText(ImVec2(x, plot_max.y + 4.0f), pal.text_dim, lab.c_str());
        dl->PopClipRect();
      }
    }
  }
  if (style.line && n > 0) {
    const float slot = (plot_max.x - plot_min.x) / n;
    auto ly = [&](float v) { return plot_max.y - (plot_max.y - plot_min.y) * std::clamp(v, 0.0f, 1.0f); };
    if (style.line_mark >= 0) {  // dashed level
      const float y = ly(style.line_mark);
      for (float x = plot_min.x; x < plot_max.x; x += 10.0f)
        dl->AddLine(ImVec2(x, y), ImVec2(std::min(x + 5.0f, plot_max.x), y), pal.series[1], 1.5f);
    }
    ImVec2 prev;
    bool have = false;
    for (int i = 0; i < n && i < static_cast<int>(style.line->size()); ++i) {
      const float v = (*style.line)[i];
      if (!std::isfinite(v)) {
        have = false;
        continue;
      }
      const ImVec2 pt(plot_min.x + slot * (i + 0.5f), ly(v));
      if (have) dl->AddLine(prev, pt, pal.series[1], 2.0f);
      dl->AddCircleFilled(pt, 3.0f, pal.series[1]);
      prev = pt;
      have = true;
    }
  }
  ImGui::PopFont();
  if (hovered >= 0 && style.tooltip) {
    ImGui::BeginTooltip();
    if (hovered < static_cast<int>(labels.size())) ImGui::TextUnformatted(labels[hovered].c_str());
    ImGui::Text("%.6g", static_cast<double>(values[hovered]));
    ImGui::EndTooltip();
  }
  ImGui::PopID();
  return hovered;
}

}  // namespace tmx::ui
