// "Attention, step by step" — the hand-sized worked example of the attention chapter as a live
// widget: Q, K, V, the scaled scores, the softmax weights and the output, computed by
// core::attention_example. Click a query row to see where it looks; toggle the causal mask.
#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/attention_example.h"
#include "ui/fonts.h"
#include "ui/heatmap.h"
#include "ui/matrix_view.h"
#include "ui/theme.h"
#include "ui/token_chips.h"
#include "ui/widget.h"

namespace tmx::ui {

namespace {

std::vector<float> flat(const Mat& m) {
  std::vector<float> v(static_cast<size_t>(m.size()));
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) v[static_cast<size_t>(i * m.cols() + j)] = m(i, j);
  return v;
}

class AttentionExampleWidget final : public Widget {
 public:
  void set_params(const Params& p) override {
    warnings_.clear();
    causal_ = param_int(p, "causal", 0, 0, 1, warnings_) != 0;
    query_ = param_int(p, "query", 1, 0, 2, warnings_);
  }
  Params params() const override { return {{"causal", causal_ ? "1" : "0"}, {"query", std::to_string(query_)}}; }

  void draw() override {
    draw_warnings();
    Mat q, k, v;
    attention_example_inputs(q, k, v);
    const AttentionExample e = attention_example(q, k, v, causal_);
    const std::vector<std::string> tokens = {"the", "cat", "sat"};

    ImGui::Checkbox("Causal mask", &causal_);
    ImGui::SameLine();
    ImGui::TextDisabled("  click a row of the weights to pick the query");

    // The three inputs side by side when there is room.
    const float w = ImGui::GetContentRegionAvail().x;
    const std::vector<float> qf = flat(q), kf = flat(k), vf = flat(v);
    MatrixStyle ms;
    ms.row_labels = &tokens;
    ms.highlight_row = query_;
    const bool row = w > 560.0f;
    ImGui::BeginGroup();
    ms.name = "Q";
    matrix_view("q", qf.data(), 3, 4, ms);
    ImGui::EndGroup();
    if (row) ImGui::SameLine(0, 24);
    ImGui::BeginGroup();
    ms.name = "K";
    ms.highlight_row = -1;
    matrix_view("k", kf.data(), 3, 4, ms);
    ImGui::EndGroup();
    if (row) ImGui::SameLine(0, 24);
    ImGui::BeginGroup();
    ms.name = "V";
    matrix_view("v", vf.data(), 3, 2, ms);
    ImGui::EndGroup();

    ImGui::Dummy(ImVec2(0, 4));
    ImGui::TextUnformatted("Weights = softmax(Q K^T / 2), one row per query");
    const std::vector<float> wf = flat(e.weights);
    HeatmapStyle hs;
    hs.show_values = true;
    hs.value_format = "%.3f";
    hs.vmin = 0;
    hs.vmax = 1;
    hs.row_labels = &tokens;
    hs.col_labels = &tokens;
    hs.max_cell = 64.0f;
    hs.export_name = "attention-weights";
    HeatmapSelection sel{query_, -1};
    heatmap("weights", wf.data(), 3, 3, hs, &sel);
    if (sel.row >= 0) query_ = sel.row;

    ImGui::Dummy(ImVec2(0, 4));
    ImGui::Text("Where \"%s\" looks:", tokens[query_].c_str());
    std::vector<float> row_w(3);
    for (int j = 0; j < 3; ++j) row_w[j] = e.weights(query_, j);
    TokenChipsStyle ts;
    ts.weights = &row_w;
    int selected = query_;
    token_chips("chips", tokens, &selected, ts);
    if (selected >= 0) query_ = selected;
    const std::vector<float> of = flat(e.out);
    MatrixStyle os;
    os.name = "output = weights \xC2\xB7 V";
    os.row_labels = &tokens;
    os.highlight_row = query_;
    matrix_view("out", of.data(), 3, 2, os);
  }

 private:
  bool causal_ = false;
  int query_ = 1;
};

}  // namespace

TMX_REGISTER_WIDGET(AttentionExampleWidget, "attention-example", "Attention, step by step",
                    "The 3-token worked example: Q, K, V, weights and output, live.");

}  // namespace tmx::ui
