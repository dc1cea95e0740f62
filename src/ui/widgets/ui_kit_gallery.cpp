// "UI kit gallery" — every plot of the UI kit on live data from the core: token chips, a
// heatmap (n x n, up to 256 x 256 for the frame-time bench), a matrix view, a line plot with
// several series and a bar chart. Doubles as the visual check for the kit.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/softmax.h"
#include "ui/bar_chart.h"
#include "ui/heatmap.h"
#include "ui/line_plot.h"
#include "ui/matrix_view.h"
#include "ui/token_chips.h"
#include "ui/widget.h"

namespace tmx::ui {

namespace {

class UiKitGallery final : public Widget {
 public:
  UiKitGallery() { params_.integer("n", &n_, 24, 2, 256, S::WKitHeatmapSize).describe(S::WKitHeatmapSizeHelp); }

  void draw() override {
    draw_warnings();
    const std::vector<std::string> tokens = {"The", " cat", " sat", " on", " the", " mat", "."};
    token_chips("tokens", tokens, &token_sel_);
    ImGui::Dummy(ImVec2(0, 6));
    // Rebuild now: heat_ must match n_ below.
    if (params_.control("n", std::min(360.0f, ImGui::GetContentRegionAvail().x * 0.6f)) || built_n_ != n_) rebuild();
    HeatmapStyle hs;
    hs.export_name = "heatmap";
    hs.max_height = 360.0f;
    hs.show_values = n_ <= 8;
    hs.row_labels = &row_labels_;  // queries down, keys across (the CSV export's header and first column)
    hs.col_labels = &col_labels_;
    heatmap("heat", heat_.data(), n_, n_, hs, &heat_sel_);
    ImGui::Dummy(ImVec2(0, 6));
    MatrixStyle ms;
    ms.name = tr(S::WKitSoftmaxRows);
    ms.export_name = "matrix";
    matrix_view("matrix", heat_.data(), n_, n_, ms);
    ImGui::Dummy(ImVec2(0, 6));
    LinePlotStyle ls;
    ls.x_label = tr(S::WKitTemperature);
    ls.export_name = "temperature";
    line_plot("lines", series_, view_, ls);
    ImGui::Dummy(ImVec2(0, 6));
    BarChartStyle bs;
    bs.y_max = 1.0f;
    bar_chart("bars", bars_, {"a", "b", "c", "d", "e"}, bs);
  }

 private:
  // Softmax of a smooth logit field: rows are distributions, like attention weights.
  void rebuild() {
    built_n_ = n_;
    Mat logits(n_, n_), probs;
    for (int i = 0; i < n_; ++i)
      for (int j = 0; j < n_; ++j)
        logits(i, j) = 3.0f * std::cos(0.35f * (i - j)) + 0.5f * std::sin(0.11f * (i + 2 * j));
    softmax_forward(probs, logits, 1.0f);
    row_labels_.clear();
    col_labels_.clear();
    for (int i = 0; i < n_; ++i) {
      row_labels_.push_back("q" + std::to_string(i));
      col_labels_.push_back("k" + std::to_string(i));
    }
    heat_.assign(static_cast<size_t>(n_) * n_, 0.0f);
    for (int i = 0; i < n_; ++i)
      for (int j = 0; j < n_; ++j) heat_[static_cast<size_t>(i) * n_ + j] = probs(i, j);
    // Probability of each of five tokens as the temperature changes.
    const float z[5] = {2.0f, 1.0f, 0.5f, 0.0f, -1.0f};
    series_.assign(5, Series());
    const char* names[5] = {"a", "b", "c", "d", "e"};
    for (int k = 0; k < 5; ++k) series_[k].name = names[k];
    for (int s = 0; s <= 60; ++s) {
      const float t = 0.1f + s * 0.05f;
      Mat l(1, 5), p;
      for (int k = 0; k < 5; ++k) l(0, k) = z[k];
      softmax_forward(p, l, t);
      for (int k = 0; k < 5; ++k) {
        series_[k].x.push_back(t);
        series_[k].y.push_back(p(0, k));
      }
    }
    Mat l(1, 5), p;
    for (int k = 0; k < 5; ++k) l(0, k) = z[k];
    softmax_forward(p, l, 1.0f);
    bars_.assign(p.data(), p.data() + 5);
  }

  int n_;
  int built_n_ = -1;
  int token_sel_ = -1;
  HeatmapSelection heat_sel_;
  std::vector<float> heat_, bars_;
  std::vector<std::string> row_labels_, col_labels_;
  std::vector<Series> series_;
  LinePlotView view_;
};

}  // namespace

TMX_REGISTER_INTERNAL_WIDGET(UiKitGallery, "ui-kit", "UI kit gallery",
                    "Heatmap, matrix view, line plot, bar chart and token chips on live data.");

}  // namespace tmx::ui
