// "Attention, step by step" (slug `attention-example`): the worked example of the attention
// chapter, live. The component (AttentionWorkedExample) is also the attention lab's
// "Worked example" tab. Click a row of the weights (or a token) to pick the query; edit any
// input number; toggle the causal mask.
#include "ui/widgets/attention_example.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "ui/a11y.h"
#include "ui/controls.h"
#include "ui/fit.h"
#include "ui/fonts.h"
#include "ui/heatmap.h"
#include "ui/matrix_view.h"
#include "ui/theme.h"
#include "ui/token_chips.h"
#include "ui/touch.h"

namespace tmx::ui {

namespace {

std::vector<float> flat(const Mat& m) { return std::vector<float>(m.data(), m.data() + m.size()); }
Mat mat_of(const std::vector<float>& v, int r, int c) {
  Mat m = Mat::Zero(r, c);
  for (int i = 0; i < r * c && i < static_cast<int>(v.size()); ++i) m.data()[i] = v[static_cast<size_t>(i)];
  return m;
}

}  // namespace

void AttentionWorkedExample::declare(ParamSpecs& ps, bool optional) {
  Mat q, k, v;
  attention_example_inputs(q, k, v);
  q0_ = flat(q), k0_ = flat(k), v0_ = flat(v);
  const size_t n = kMaxTokens * kMaxDim;
  auto opt = [&](ParamSpec& s) -> ParamSpec& { return optional ? s.optional() : s; };
  opt(ps.text("tokens", &tokens_text_, "the,cat,sat", 120, S::WExTokens).describe(S::WExTokensHelp));
  opt(ps.integer("d", &d_, static_cast<int>(q.cols()), 1, kMaxDim, S::WExD));
  opt(ps.integer("dv", &dv_, static_cast<int>(v.cols()), 1, kMaxDim, S::WExDv));
  opt(ps.reals("x", &x_, {}, 0, n, -100, 100, S::WExX).describe(S::WExXHelp));
  opt(ps.reals("q", &q_, q0_, 1, n, -100, 100, S::WExQ));
  opt(ps.reals("k", &k_, k0_, 1, n, -100, 100, S::WExK));
  opt(ps.reals("v", &v_, v0_, 1, n, -100, 100, S::WExV));
  split_tokens();
}

void AttentionWorkedExample::split_tokens() {
  tokens_.clear();
  size_t start = 0;
  while (start <= tokens_text_.size()) {
    const size_t comma = tokens_text_.find(',', start);
    tokens_.push_back(tokens_text_.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
}

void AttentionWorkedExample::fit(std::vector<float>& v, size_t n, const char* key, std::vector<std::string>& w) {
  if (v.size() == n) return;
  w.push_back(trf(S::WExWrongCount, {key, std::to_string(n), std::to_string(v.size())}));
  v.resize(n, 0.0f);
}

void AttentionWorkedExample::check(std::vector<std::string>& w) {
  split_tokens();
  if (tokens_.size() < 2 || tokens_.size() > static_cast<size_t>(kMaxTokens)) {
    w.push_back(trf(S::WExTokenCount, {std::to_string(tokens_.size()), std::to_string(kMaxTokens)}));
    tokens_text_ = "the,cat,sat";
    split_tokens();
  }
  const size_t T = tokens_.size();
  if (!x_.empty()) fit(x_, T * d_, "x", w);
  fit(q_, T * d_, "q", w);
  fit(k_, T * d_, "k", w);
  fit(v_, T * dv_, "v", w);
}

AttentionExample AttentionWorkedExample::compute(bool causal) const {
  const int T = static_cast<int>(tokens_.size());
  return attention_example(mat_of(q_, T, d_), mat_of(k_, T, d_), mat_of(v_, T, dv_), causal);
}

void AttentionWorkedExample::draw(bool& causal, int& query) {
  const int T = static_cast<int>(tokens_.size());
  if (query >= T) query = -1;
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text_dim), "%s",
                     trf(S::WExIntro, {std::to_string(T), std::to_string(d_)}).c_str());
  // Inputs: X (when given) read-only, Q, K, V editable.
  if (!x_.empty()) {
    MatrixStyle ms;
    ms.name = "X";
    ms.row_labels = &tokens_;
    ms.highlight_row = query;
    matrix_view("ex-x", x_.data(), T, d_, ms);
  }
  const struct {
    const char* name;
    std::vector<float>* m;
    int cols;
  } inputs[3] = {{"Q", &q_, d_}, {"K", &k_, d_}, {"V", &v_, dv_}};
  const bool side_by_side = ImGui::GetContentRegionAvail().x > 3 * (60.0f + 66.0f * d_);
  for (int i = 0; i < 3; ++i) {
    const auto& in = inputs[i];
    if (i > 0 && side_by_side) ImGui::SameLine(0, 24);
    ImGui::BeginGroup();
    ImGui::PushID(in.name);
    ImGui::TextUnformatted(in.name);
    for (int r = 0; r < T; ++r) {
      ImGui::PushID(r);
      ImGui::PushFont(fonts().mono);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(r == query ? palette().accent : palette().text), "%-4s",
                         tokens_[static_cast<size_t>(r)].c_str());
      ImGui::PopFont();
      for (int c = 0; c < in.cols; ++c) {
        ImGui::SameLine();
        ImGui::PushID(c);
        ImGui::SetNextItemWidth(58.0f);
        float& v = (*in.m)[static_cast<size_t>(r * in.cols + c)];
        ui::drag_float("##v", &v, 0.05f, -100.0f, 100.0f, "%.2f", ImGuiSliderFlags_AlwaysClamp,
                        trf(S::A11yMatrixCell, {in.name, tokens_[static_cast<size_t>(r)], std::to_string(c + 1)}));
        if (!std::isfinite(v)) v = 0.0f;
        v = std::clamp(v, -100.0f, 100.0f);
        ImGui::PopID();
      }
      ImGui::PopID();
    }
    ImGui::PopID();
    ImGui::EndGroup();
  }
  const bool chapter_shape = T == 3 && d_ == static_cast<int>(q0_.size() / 3) && dv_ == static_cast<int>(v0_.size() / 3);
  if (chapter_shape && ui::small_button(tr(S::WExReset))) q_ = q0_, k_ = k0_, v_ = v0_;
  if (chapter_shape) {
    ImGui::SameLine();
    new_line_unless_fits(labelled_width(ImGui::GetFrameHeight(), tr(S::WExCausal)));
  }
  ImGui::Checkbox(tr(S::WExCausal), &causal);
  a11y::checkbox(tr(S::WExCausal), causal);  // a DOM checkbox for screen readers (ui/a11y.h)

  const AttentionExample e = compute(causal);
  auto show = [&](const char* id, const std::string& f, const Mat& m) {
    text_formula(f.c_str());
    MatrixStyle ms;
    ms.row_labels = &tokens_;
    ms.col_labels = m.cols() == T ? &tokens_ : nullptr;
    ms.highlight_row = query;
    ms.decimals = 3;
    ms.export_name = id;
    matrix_view(id, m.data(), static_cast<int>(m.rows()), static_cast<int>(m.cols()), ms);
  };
  char sq[64];
  std::snprintf(sq, sizeof sq, "S / \xE2\x88\x9A%d = S \xC3\x97 %.4g", d_, 1.0 / std::sqrt(static_cast<double>(d_)));
  show("example-scores", "S = Q K^T", e.raw);
  if (causal) {
    show("example-masked", std::string(sq) + "   " + tr(S::WExMasked), e.scores);
  } else {
    show("example-scaled", sq, e.scores);
  }
  text_formula(tr(S::WExWeights));
  HeatmapStyle hs;
  hs.show_values = true;
  hs.value_format = "%.3f";
  hs.vmin = 0;
  hs.vmax = 1;
  hs.row_labels = &tokens_;
  hs.col_labels = &tokens_;
  hs.max_cell = 64.0f;
  hs.export_name = "example-weights";
  HeatmapSelection sel{query, -1};
  heatmap("example-weights", e.weights.data(), T, T, hs, &sel);
  if (sel.row >= 0) query = sel.row;
  if (query >= 0) {
    ImGui::TextUnformatted(trf(S::WExWhereLooks, {tokens_[static_cast<size_t>(query)]}).c_str());
    std::vector<float> row_w(static_cast<size_t>(T));
    for (int j = 0; j < T; ++j) row_w[static_cast<size_t>(j)] = e.weights(query, j);
    TokenChipsStyle ts;
    ts.weights = &row_w;
    int selected = query;
    token_chips("example-chips", tokens_, &selected, ts);
    if (selected >= 0) query = selected;
  } else {
    ImGui::TextDisabled("%s", tr(S::WExPickQuery));
  }
  show("example-out", tr(S::WExOut), e.out);
}

namespace {

class AttentionExampleWidget final : public Widget {
 public:
  AttentionExampleWidget() {
    ex_.declare(params_, /*optional=*/true);
    params_.flag("causal", &causal_, false, S::WExCausal);
    params_.integer("query", &query_, 1, -1, AttentionWorkedExample::kMaxTokens - 1, S::WExQuery);
  }
  void draw() override {
    draw_warnings();
    ex_.draw(causal_, query_);
  }

 private:
  void after_params() override { ex_.check(warnings_); }
  AttentionWorkedExample ex_;
  bool causal_;
  int query_;
};

}  // namespace

TMX_REGISTER_WIDGET(AttentionExampleWidget, "attention-example", "Attention, step by step",
                    "The chapter's worked example: Q, K, V, scores, weights and output, live and editable.");

}  // namespace tmx::ui
