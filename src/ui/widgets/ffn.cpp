// "Feed-forward block" — the activations of Transformer FFNs and their derivatives, the SwiGLU
// gate surface, the block's parameter count and FLOPs for a chosen width, ratio and activation,
// and a tiny seeded FFN applied to one token. Every number comes from core/ffn.h and the
// activation ops of core/nn/ops.h.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "core/ffn.h"
#include "core/nn/ops.h"
#include "core/rng.h"
#include "ui/fit.h"
#include "ui/bar_chart.h"
#include "ui/heatmap.h"
#include "ui/line_plot.h"
#include "ui/widget.h"

namespace tmx::ui {

namespace {

enum class FfnAct { ReLU, GELU, GELUTanh, SiLU, SwiGLU };

Act core_act(FfnAct a) {
  switch (a) {
    case FfnAct::ReLU: return Act::ReLU;
    case FfnAct::GELU: return Act::GELU_erf;
    case FfnAct::GELUTanh: return Act::GELU_tanh;
    default: return Act::SiLU;  // SiLU, and SwiGLU's gate
  }
}

std::string fmt(const char* f, double v) {
  char b[48];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

std::vector<float> row_values(const Mat& m) { return std::vector<float>(m.data(), m.data() + m.size()); }

std::vector<std::string> index_labels(const char* prefix, Eigen::Index n) {
  std::vector<std::string> l;
  for (Eigen::Index i = 0; i < n; ++i) l.push_back(prefix + std::to_string(i + 1));
  return l;
}

constexpr int kCurvePoints = 161;  // x in [-xmax, xmax]
constexpr int kSurface = 25;       // SwiGLU gate surface, kSurface x kSurface cells

class FfnWidget final : public Widget {
 public:
  FfnWidget() {
    params_.choice("act", &act_, FfnAct::GELU,
                   {{"relu", S::WFfnActRelu}, {"gelu", S::WFfnActGelu}, {"gelu_tanh", S::WFfnActGeluTanh},
                    {"silu", S::WFfnActSilu}, {"swiglu", S::WFfnActSwiglu}},
                   S::WFfnAct)
        .describe(S::WFfnActHelp);
    params_.integer("d", &d_model_, 768, 2, 65536, S::WFfnD).describe(S::WFfnDHelp);
    params_.integer("ratio", &ratio_, 4, 1, 16, S::WFfnRatio).describe(S::WFfnRatioHelp);
    params_.integer("multiple", &multiple_, 256, 1, 4096, S::WFfnMultiple).describe(S::WFfnMultipleHelp);
    params_.real("xmax", &xmax_, 4.0f, 0.5f, 20.0f, S::WFfnXmax);
    params_.flag("deriv", &deriv_, true, S::WFfnDeriv);
    params_.integer("tiny", &tiny_d_, 4, 2, 12, S::WFfnTiny).describe(S::WFfnTinyHelp);
    params_.integer("seed", &seed_, 1, 0, 1000000, S::WFfnSeed);
  }

  void draw() override {
    draw_warnings();
    const bool gated = act_ == FfnAct::SwiGLU;
    params_.control("act", 200.0f);
    ImGui::SameLine();
    params_.control("xmax", 160.0f);
    ImGui::SameLine();
    params_.control("deriv");

    // 1. Curves of every activation (and derivatives), computed by act_forward / act_backward.
    draw_curves();
    if (gated) draw_gate_surface();

    // 2. Parameter count and FLOPs of one block.
    ImGui::Separator();
    ImGui::TextUnformatted(tr(S::WFfnCostHeading));
    params_.control("d", 160.0f);
    ImGui::SameLine();
    params_.control("ratio", 120.0f);
    if (gated) {
      ImGui::SameLine();
      params_.control("multiple", 120.0f);
    }
    draw_cost(gated);

    // 3. A tiny FFN applied to one token.
    ImGui::Separator();
    ImGui::TextUnformatted(tr(S::WFfnTinyHeading));
    params_.control("tiny", 120.0f);
    ImGui::SameLine();
    params_.control("seed", 120.0f);
    draw_tiny(gated);
  }

 private:
  void draw_curves() {
    static const Act kActs[] = {Act::ReLU, Act::GELU_erf, Act::GELU_tanh, Act::SiLU};
    static const S kNames[] = {S::WFfnActRelu, S::WFfnActGelu, S::WFfnActGeluTanh, S::WFfnActSilu};
    Mat xs(1, kCurvePoints);
    for (int i = 0; i < kCurvePoints; ++i) xs(0, i) = -xmax_ + 2.0f * xmax_ * i / (kCurvePoints - 1);
    const std::vector<float> xv = row_values(xs);
    std::vector<Series> vals, grads;
    const Act chosen = core_act(act_);
    for (int k = 0; k < 4; ++k) {
      Mat y, dx;
      act_forward(y, xs, kActs[k]);
      act_backward(dx, Mat(Mat::Ones(1, kCurvePoints)), xs, kActs[k]);
      std::string name = tr(kNames[k]);
      if (kActs[k] == chosen) name += " \xE2\x97\x80";  // ◀ the chosen one
      vals.push_back({name, xv, row_values(y), k});
      grads.push_back({name, xv, row_values(dx), k});
    }
    const float w = ImGui::GetContentRegionAvail().x;
    const bool side = deriv_ && w > 700.0f;
    LinePlotStyle st;
    st.height = 240.0f;
    st.x_label = "x";
    st.y_label = tr(S::WFfnValue);
    st.export_name = "ffn_activations";
    // A narrow screen's heading may take two lines: the panels grow by one.
    const float panel_h = st.height + 90.0f + (narrow_screen() ? ImGui::GetTextLineHeightWithSpacing() : 0.0f);
    if (side) ImGui::BeginChild("ffn_curves_l", ImVec2(w * 0.5f - 4.0f, panel_h));
    ImGui::TextWrapped("%s", tr(S::WFfnCurves));  // a narrow panel: the heading wraps
    line_plot("ffn_act", vals, view_act_, st);
    if (side) ImGui::EndChild();
    if (!deriv_) return;
    if (side) {
      ImGui::SameLine();
      ImGui::BeginChild("ffn_curves_r", ImVec2(0, panel_h));
    }
    ImGui::TextWrapped("%s", tr(S::WFfnDerivs));  // a narrow panel: the heading wraps
    st.y_label = tr(S::WFfnSlope);
    st.export_name = "ffn_derivatives";
    line_plot("ffn_grad", grads, view_grad_, st);
    if (side) ImGui::EndChild();
  }

  void draw_gate_surface() {
    // h = silu(g) * u on a grid of (u down, g across), by swiglu_forward.
    Mat g(kSurface, kSurface), u(kSurface, kSurface), h;
    for (int i = 0; i < kSurface; ++i)
      for (int j = 0; j < kSurface; ++j) {
        g(i, j) = -3.0f + 6.0f * j / (kSurface - 1);
        u(i, j) = 3.0f - 6.0f * i / (kSurface - 1);
      }
    swiglu_forward(h, g, u);
    std::vector<std::string> rows, cols;
    for (int i = 0; i < kSurface; ++i) {
      rows.push_back(i % 6 == 0 ? fmt("u=%.1f", u(i, 0)) : "");
      cols.push_back(i % 6 == 0 ? fmt("g=%.1f", g(0, i)) : "");
    }
    ImGui::TextUnformatted(tr(S::WFfnSurface));
    HeatmapStyle hs;
    hs.cmap = Colormap::Diverging;
    const float m = std::max(-h.minCoeff(), h.maxCoeff());
    hs.vmin = -m;
    hs.vmax = m;
    hs.max_cell = 14.0f;
    hs.row_labels = &rows;
    hs.col_labels = &cols;
    heatmap("ffn_gate", h.data(), kSurface, kSurface, hs);
  }

  void draw_cost(bool gated) {
    const int64_t C = d_model_;
    const int64_t F_plain = static_cast<int64_t>(ratio_) * C;
    const int64_t p_plain = ffn_params(C, F_plain, false, true);
    const int64_t fl_plain = ffn_flops_per_token(C, F_plain, false);
    if (!gated) {
      ImGui::TextUnformatted(trf(S::WFfnPlainLine, {format_count(C), format_count(F_plain)}).c_str());
      ImGui::TextUnformatted(trf(S::WFfnParamsLine, {format_count(p_plain), fmt("%.2f", p_plain / 1e6),
                                                      format_count(2 * C * F_plain)})
                                 .c_str());
      ImGui::TextUnformatted(trf(S::WFfnFlopsLine, {format_count(fl_plain), fmt("%.2f", fl_plain / 1e6)}).c_str());
      return;
    }
    const int64_t F = swiglu_hidden(C, multiple_, ratio_);
    const int64_t p = ffn_params(C, F, true, false);
    const int64_t fl = ffn_flops_per_token(C, F, true);
    const int64_t p_ref = ffn_params(C, F_plain, false, false);
    ImGui::TextUnformatted(trf(S::WFfnGatedLine, {format_count(C), format_count(F), std::to_string(ratio_),
                                                   std::to_string(multiple_)})
                               .c_str());
    ImGui::TextUnformatted(trf(S::WFfnParamsGated, {format_count(p), fmt("%.2f", p / 1e6)}).c_str());
    ImGui::TextUnformatted(trf(S::WFfnFlopsLine, {format_count(fl), fmt("%.2f", fl / 1e6)}).c_str());
    ImGui::TextUnformatted(trf(S::WFfnVsPlain, {format_count(p_ref), format_count(F_plain),
                                                 fmt("%+.2f", 100.0 * (static_cast<double>(p) / p_ref - 1.0))})
                               .c_str());
  }

  void draw_tiny(bool gated) {
    const int C = tiny_d_;
    const int F = gated ? static_cast<int>(swiglu_hidden(C, 1, ratio_)) : ratio_ * C;
    if (F > 64) {
      ImGui::TextUnformatted(trf(S::WFfnTinyTooWide, {std::to_string(F)}).c_str());
      return;
    }
    const auto w = ffn_random_weights(C, F, gated, static_cast<uint32_t>(seed_));
    Rng rng(static_cast<uint32_t>(seed_) + 7919u);
    Mat x(1, C);
    for (int i = 0; i < C; ++i) x(0, i) = rng.normal();
    const FfnTrace t = ffn_forward_token(x, w, core_act(act_), gated);
    ImGui::TextUnformatted(trf(S::WFfnTinyLine, {std::to_string(C), std::to_string(F)}).c_str());
    BarChartStyle bs;
    bs.height = 150.0f;
    bs.value_format = "%.2f";
    bs.show_values = F <= 16;
    ImGui::TextUnformatted(tr(S::WFfnTokenX));
    bar_chart("ffn_x", row_values(t.x), index_labels("x", C), bs);
    ImGui::TextUnformatted(tr(gated ? S::WFfnGatePre : S::WFfnPre));
    bar_chart("ffn_pre", row_values(t.pre), index_labels("h", F), bs);
    if (gated) {
      ImGui::TextUnformatted(tr(S::WFfnUp));
      bar_chart("ffn_up", row_values(t.up), index_labels("h", F), bs);
    }
    int active = 0;
    for (Eigen::Index i = 0; i < t.hidden.size(); ++i) active += std::abs(t.hidden(0, i)) > 1e-3f;
    ImGui::TextUnformatted(trf(gated ? S::WFfnHiddenGated : S::WFfnHidden, {std::to_string(active), std::to_string(F)}).c_str());
    bar_chart("ffn_hidden", row_values(t.hidden), index_labels("h", F), bs);
    ImGui::TextUnformatted(tr(S::WFfnOut));
    bar_chart("ffn_out", row_values(t.out), index_labels("y", C), bs);
  }

  FfnAct act_ = FfnAct::GELU;
  int d_model_ = 768, ratio_ = 4, multiple_ = 256, tiny_d_ = 4, seed_ = 1;
  float xmax_ = 4.0f;
  bool deriv_ = true;
  LinePlotView view_act_, view_grad_;
};

}  // namespace

TMX_REGISTER_WIDGET(FfnWidget, "ffn", "Feed-forward block",
                    "Activations and their slopes, the SwiGLU gate, parameter and FLOP counts, one token through a tiny FFN.");

}  // namespace tmx::ui
