#include "ui/line_plot.h"

#include <imgui.h>
#include <imgui_internal.h>  // GetItemID: the figure's id for the page (ui/a11y.h)

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/a11y.h"
#include "ui/cjk_wrap.h"
#include "ui/i18n.h"
#include "ui/export.h"
#include "ui/fonts.h"
#include "ui/theme.h"

namespace tmx::ui {

std::vector<double> nice_ticks(double lo, double hi, int target) {
  std::vector<double> t;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return t;
  const double raw = (hi - lo) / std::max(1, target);
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  double step = 10 * p;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= raw) {
      step = m * p;
      break;
    }
  for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9 && t.size() < 64; v += step)
    t.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
  return t;
}

namespace {

struct CsvCtx {
  const std::vector<Series>* s;
  std::string out;
};

const std::string& series_csv(void* u) {
  auto* c = static_cast<CsvCtx*>(u);
  c->out = "series,x,y\n";
  char buf[64];
  for (const Series& s : *c->s)
    for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      std::snprintf(buf, sizeof buf, ",%.9g,%.9g\n", static_cast<double>(s.x[i]), static_cast<double>(s.y[i]));
      c->out += csv_escape(s.name) + buf;
    }
  return c->out;
}

void fit(const std::vector<Series>& series, LinePlotView& v) {
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (const Series& s : series)
    for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      x0 = std::min(x0, static_cast<double>(s.x[i]));
      x1 = std::max(x1, static_cast<double>(s.x[i]));
      y0 = std::min(y0, static_cast<double>(s.y[i]));
      y1 = std::max(y1, static_cast<double>(s.y[i]));
    }
  if (!std::isfinite(x0)) x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  if (x1 <= x0) x1 = x0 + 1;
  if (y1 <= y0) y0 -= 0.5, y1 += 0.5;
  const double pad = (y1 - y0) * 0.06;
  v.x0 = x0;
  v.x1 = x1;
  v.y0 = y0 - pad;
  v.y1 = y1 + pad;
}

}  // namespace

void line_plot(const char* id, const std::vector<Series>& series, LinePlotView& view, const LinePlotStyle& st) {
  const Palette& pal = palette();
  ImGui::PushID(id);
  ImFont* small = fonts().small ? fonts().small : ImGui::GetFont();
  const float fs = small->FontSize * ImGui::GetIO().FontGlobalScale;
  const float width = std::max(160.0f, ImGui::GetContentRegionAvail().x);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##plot", ImVec2(width, st.height));
  {
    std::vector<a11y::Curve> curves;
    for (const Series& s : series) curves.push_back({&s.name, &s.x, &s.y});
    const std::string caption = st.caption ? st.caption : st.y_label ? st.y_label : tr(S::A11yLinePlot);
    a11y::figure(ImGui::GetItemID(), p0.x, p0.y, p0.x + width, p0.y + st.height, caption,
                 a11y::curves_summary(caption, curves), [&] { return a11y::curves_table(curves); });
  }
  if (!ImGui::IsItemVisible()) {  // scrolled out of view
    ImGui::PopID();
    return;
  }
  if (view.fit) fit(series, view);
  const bool hovered = ImGui::IsItemHovered();
  const bool active = ImGui::IsItemActive();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // The x axis's label, in lines as wide as the plot (one on a desktop; the plot's area gives up its
  // height to the others).
  const std::string x_label = st.x_label ? cjk_wrap(st.x_label, small, fs, width) : std::string();
  const ImVec2 x_label_size = st.x_label ? small->CalcTextSizeA(fs, FLT_MAX, width, x_label.c_str()) : ImVec2(0, 0);
  const float left = 52.0f, bottom = fs + 10.0f + (st.x_label ? x_label_size.y + 4.0f : 0.0f);
  const ImVec2 a(p0.x + left, p0.y + 6.0f), b(p0.x + width - 8.0f, p0.y + st.height - bottom);
  const double sx = (b.x - a.x) / (view.x1 - view.x0), sy = (b.y - a.y) / (view.y1 - view.y0);
  auto to_px = [&](double x, double y) { return ImVec2(a.x + static_cast<float>((x - view.x0) * sx), b.y - static_cast<float>((y - view.y0) * sy)); };

  // Interaction: drag pans, Ctrl+wheel zooms around the mouse, double-click fits.
  ImGuiIO& io = ImGui::GetIO();
  if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 1.0f)) {
    view.fit = false;
    view.x0 -= io.MouseDelta.x / sx;
    view.x1 -= io.MouseDelta.x / sx;
    view.y0 += io.MouseDelta.y / sy;
    view.y1 += io.MouseDelta.y / sy;
  }
  if (hovered && io.KeyCtrl && io.MouseWheel != 0) {
    view.fit = false;
    const double f = std::pow(0.85, io.MouseWheel);
    const double mx = view.x0 + (io.MousePos.x - a.x) / sx, my = view.y0 + (b.y - io.MousePos.y) / sy;
    view.x0 = mx + (view.x0 - mx) * f;
    view.x1 = mx + (view.x1 - mx) * f;
    view.y0 = my + (view.y0 - my) * f;
    view.y1 = my + (view.y1 - my) * f;
    io.MouseWheel = 0;  // consumed: do not scroll the page as well
  }
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) view.fit = true;

  // Frame, grid and ticks.
  dl->AddRectFilled(a, b, pal.plot_bg, 4.0f);
  char buf[32];
  for (double t : nice_ticks(view.y0, view.y1, 5)) {
    const float y = to_px(view.x0, t).y;
    dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), pal.grid);
    std::snprintf(buf, sizeof buf, "%g", t);
    const float w = small->CalcTextSizeA(fs, FLT_MAX, 0, buf).x;
    dl->AddText(small, fs, ImVec2(a.x - 6.0f - w, y - fs * 0.5f), pal.text_dim, buf);
  }
  for (double t : nice_ticks(view.x0, view.x1, std::max(2, static_cast<int>((b.x - a.x) / 90.0f)))) {
    const float x = to_px(t, view.y0).x;
    dl->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), pal.grid);
    std::snprintf(buf, sizeof buf, "%g", t);
    const float w = small->CalcTextSizeA(fs, FLT_MAX, 0, buf).x;
    // centred on its tick, but inside the plot's rectangle (the last tick is at the frame's right edge)
    dl->AddText(small, fs, ImVec2(std::min(x - w * 0.5f, p0.x + width - w), b.y + 4.0f), pal.text_dim, buf);
  }
  if (st.x_label) {  // centred under the frame, but inside the plot's rectangle
    const float x = std::max(p0.x, std::min((a.x + b.x - x_label_size.x) * 0.5f, p0.x + width - x_label_size.x));
    dl->AddText(small, fs, ImVec2(x, b.y + fs + 8.0f), pal.text_dim, x_label.c_str(), nullptr, width);
  }
  if (st.y_label) dl->AddText(small, fs, ImVec2(p0.x, p0.y - 2.0f), pal.text_dim, st.y_label);

  // Series.
  dl->PushClipRect(a, b, true);
  std::vector<ImVec2> pts;
  for (size_t k = 0; k < series.size(); ++k) {
    const Series& s = series[k];
    const ImU32 col = pal.series[(s.color >= 0 ? s.color : static_cast<int>(k)) % 6];
    pts.clear();
    const size_t n = std::min(s.x.size(), s.y.size());
    const bool envelope = n > static_cast<size_t>(2.0f * (b.x - a.x));
    for (size_t i = 0; i < n; ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      const ImVec2 q = to_px(s.x[i], s.y[i]);
      if (envelope && pts.size() >= 2 && std::floor(pts[pts.size() - 2].x) == std::floor(q.x)) {
        // Same pixel column: keep its lowest and highest point (screen y grows downwards).
        ImVec2& hi = pts[pts.size() - 2];
        ImVec2& lo = pts.back();
        if (q.y < hi.y) hi.y = q.y;
        if (q.y > lo.y) lo.y = q.y;
        continue;
      }
      pts.push_back(q);
      if (envelope) pts.push_back(q);
    }
    if (st.stems && n <= 128)
      for (size_t i = 0; i < n; ++i)
        if (std::isfinite(s.x[i]) && std::isfinite(s.y[i]))
          dl->AddLine(to_px(s.x[i], 0.0), to_px(s.x[i], s.y[i]), col, 1.5f);
    if (pts.size() >= 2) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col, 0, 2.0f);
    else if (pts.size() == 1) dl->AddCircleFilled(pts[0], 3.0f, col);
  }
  // Hover readout: vertical guide and the nearest sample of every series.
  if (hovered && io.MousePos.x >= a.x && io.MousePos.x <= b.x) {
    const double mx = view.x0 + (io.MousePos.x - a.x) / sx;
    dl->AddLine(ImVec2(io.MousePos.x, a.y), ImVec2(io.MousePos.x, b.y), (pal.text & 0x00ffffff) | 0x50000000);
    ImGui::BeginTooltip();
    ImGui::TextDisabled("x = %.4g", mx);
    for (size_t k = 0; k < series.size(); ++k) {
      const Series& s = series[k];
      const size_t n = std::min(s.x.size(), s.y.size());
      if (n == 0) continue;
      size_t best = 0;
      for (size_t i = 1; i < n; ++i)
        if (std::fabs(s.x[i] - mx) < std::fabs(s.x[best] - mx)) best = i;
      const ImU32 col = pal.series[(s.color >= 0 ? s.color : static_cast<int>(k)) % 6];
      dl->AddCircleFilled(to_px(s.x[best], s.y[best]), 4.0f, col);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(col), "%s: %.5g", s.name.c_str(), static_cast<double>(s.y[best]));
    }
    ImGui::EndTooltip();
  }
  dl->PopClipRect();

  // Legend (top right, inside the plot).
  if (st.legend && !series.empty()) {
    float lw = 0;
    for (const Series& s : series) lw = std::max(lw, small->CalcTextSizeA(fs, FLT_MAX, 0, s.name.c_str()).x);
    const ImVec2 l0(b.x - lw - 34.0f, a.y + 6.0f);
    dl->AddRectFilled(l0, ImVec2(b.x - 6.0f, l0.y + series.size() * (fs + 4.0f) + 8.0f), (pal.plot_bg & 0x00ffffff) | 0xd0000000, 4.0f);
    for (size_t k = 0; k < series.size(); ++k) {
      const float y = l0.y + 4.0f + k * (fs + 4.0f);
      const ImU32 col = pal.series[(series[k].color >= 0 ? series[k].color : static_cast<int>(k)) % 6];
      dl->AddLine(ImVec2(l0.x + 6.0f, y + fs * 0.5f), ImVec2(l0.x + 20.0f, y + fs * 0.5f), col, 2.5f);
      dl->AddText(small, fs, ImVec2(l0.x + 26.0f, y), pal.text, series[k].name.c_str());
    }
  }
  if (st.export_name) {
    CsvCtx ctx{&series, {}};
    export_button("export", p0, ImVec2(p0.x + width, p0.y + st.height), st.export_name, series_csv, &ctx);
  }
  ImGui::PopID();
}

}  // namespace tmx::ui
