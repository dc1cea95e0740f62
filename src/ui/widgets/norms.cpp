// "Residual & normalization" — LayerNorm and RMSNorm of one editable vector step by step (every
// intermediate value), and the gradient norm per layer of a random deep residual stack at
// initialization in Post-LN and Pre-LN placement. Every number comes from core/residual_norm.h
// (the norms through layernorm_forward / rmsnorm_forward, the gradients through the core's backward).
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "core/residual_norm.h"
#include "ui/fit.h"
#include "ui/line_plot.h"
#include "ui/theme.h"
#include "ui/widget.h"

namespace tmx::ui {

namespace {

const std::vector<float> kDefaultX = {2.0f, -1.0f, 0.5f, 4.0f, -3.0f, 1.5f};

std::string fmt(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3f", v);
  return b;
}

class Norms final : public Widget {
 public:
  Norms() {
    params_.reals("x", &x_, kDefaultX, 2, 12, -100.0f, 100.0f, S::WNormsX).describe(S::WNormsXHelp);
    params_.real("gamma", &gamma_, 1.0f, -3.0f, 3.0f, S::WNormsGamma).describe(S::WNormsGammaHelp);
    params_.real("beta", &beta_, 0.0f, -3.0f, 3.0f, S::WNormsBeta).describe(S::WNormsBetaHelp);
    params_.integer("depth", &depth_, 12, 2, 48, S::WNormsDepth).describe(S::WNormsDepthHelp);
    params_.integer("seed", &seed_, 1, 1, 9999, S::WNormsSeed);
  }

  void draw() override {
    draw_warnings();
    ImGui::TextUnformatted(tr(S::WNormsStepsHeading));
    if (ImGui::TreeNode(tr(S::WNormsX))) {  // the list of drags is tall: folded by default
      params_.control("x", 60.0f);
      ImGui::TreePop();
    }
    params_.control("gamma", 220.0f);
    ImGui::SameLine();
    params_.control("beta", 220.0f);
    std::vector<double> x(x_.begin(), x_.end());
    const NormSteps ln = layernorm_steps(x, gamma_, beta_);
    const NormSteps rms = rmsnorm_steps(x, gamma_);
    steps_table("layernorm", tr(S::WNormsLayerNorm), ln, true);
    ImGui::TextUnformatted(trf(S::WNormsLnStats, {fmt(ln.mean), fmt(ln.var), fmt(ln.rstd)}).c_str());
    steps_table("rmsnorm", tr(S::WNormsRmsNorm), rms, false);
    ImGui::TextUnformatted(trf(S::WNormsRmsStats, {fmt(rms.var), fmt(rms.rstd)}).c_str());

    ImGui::Separator();
    ImGui::TextUnformatted(tr(S::WNormsStackHeading));
    params_.control("depth", 220.0f);
    ImGui::SameLine();
    params_.control("seed", 120.0f);
    if (depth_ != cached_depth_ || seed_ != cached_seed_) recompute();
    std::vector<Series> series(2);
    series[0].name = tr(S::WNormsPost);
    series[1].name = tr(S::WNormsPre);
    for (int i = 0; i < 2; ++i)
      for (size_t l = 0; l < grads_[i].size(); ++l) {
        series[i].x.push_back(static_cast<float>(l + 1));
        series[i].y.push_back(static_cast<float>(grads_[i][l]));
      }
    LinePlotStyle st;
    st.height = 240.0f;
    st.x_label = tr(S::WNormsLayer);
    st.y_label = tr(S::WNormsGradNorm);
    st.export_name = "grad_norm_per_layer";
    st.stems = false;
    line_plot("gradnorms", series, view_, st);
    ImGui::TextUnformatted(trf(S::WNormsSummary, {fmt(grads_[0].front()), fmt(grads_[0].back()), fmt(grads_[1].front()),
                                                  fmt(grads_[1].back())})
                               .c_str());
    ImGui::TextDisabled("%s", tr(S::WNormsStackNote));
  }

 private:
  void recompute() {
    ResidualStackConfig cfg;
    cfg.depth = depth_;
    cfg.seed = static_cast<uint32_t>(seed_);
    cfg.placement = NormPlacement::PostLN;
    grads_[0] = residual_stack_grad_norms(cfg).weight_grad_norm;
    cfg.placement = NormPlacement::PreLN;
    grads_[1] = residual_stack_grad_norms(cfg).weight_grad_norm;
    cached_depth_ = depth_;
    cached_seed_ = seed_;
    view_.fit = true;
  }

  static void steps_table(const char* id, const char* title, const NormSteps& s, bool layer_norm) {
    const int n = static_cast<int>(s.x.size());
    ImGui::TextUnformatted(title);
    if (!begin_table(id, n + 1, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg,
                     layer_norm ? 4 : 3))
      return;
    auto row = [&](const char* label, const std::vector<double>& v) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(label);
      for (double e : v) {
        ImGui::TableNextColumn();
        ImGui::Text("%.3f", e);
      }
    };
    row(tr(S::WNormsRowX), s.x);
    if (layer_norm) row(tr(S::WNormsRowCentered), s.centered);
    row(tr(layer_norm ? S::WNormsRowNormalized : S::WNormsRowRmsNormalized), s.normalized);
    row(tr(layer_norm ? S::WNormsRowOut : S::WNormsRowRmsOut), s.out);
    end_table();
  }

  std::vector<float> x_;
  float gamma_ = 1, beta_ = 0;
  int depth_ = 12, seed_ = 1;
  int cached_depth_ = -1, cached_seed_ = -1;
  std::vector<double> grads_[2];
  LinePlotView view_;
};

}  // namespace

TMX_REGISTER_WIDGET(Norms, "norms", "Residuals & normalization",
                    "LayerNorm and RMSNorm step by step; gradient norm per layer in Post-LN vs Pre-LN stacks.");

}  // namespace tmx::ui
