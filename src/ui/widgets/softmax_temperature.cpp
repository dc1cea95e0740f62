// "Softmax & temperature" — drag the temperature and watch a next-token distribution
// sharpen (T < 1) or flatten (T > 1). Numbers come from core::softmax_forward.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/softmax.h"
#include "ui/controls.h"
#include "ui/fit.h"
#include "ui/bar_chart.h"
#include "ui/fonts.h"
#include "ui/theme.h"
#include "ui/widget.h"
#include "ui/touch.h"

namespace tmx::ui {

namespace {

const char* const kTokens[] = {"cat", "dog", "mat", "sat", "the", "on", "a", "ran", "hat", "sun", "car", "tree"};
constexpr int kMaxLogits = 12;
constexpr float kLogitLimit = 50.0f;

const std::vector<float> kDefaultLogits = {3.2f, 2.5f, 1.9f, 1.0f, 0.4f, -0.3f, -1.0f, -1.6f};

class SoftmaxTemperature final : public Widget {
 public:
  SoftmaxTemperature() {
    params_.real("T", &temperature_, 1.0f, 0.05f, 10.0f, S::WSoftmaxT).log().describe(S::WSoftmaxTHelp);
    params_.reals("logits", &logits_, kDefaultLogits, 2, kMaxLogits, -kLogitLimit, kLogitLimit, S::WSoftmaxLogits);
  }

  void draw() override {
    draw_warnings();
    const Palette& pal = palette();

    // Compute with the core (the same function the models use).
    Mat logits(1, static_cast<Eigen::Index>(logits_.size()));
    for (size_t i = 0; i < logits_.size(); ++i) logits(0, static_cast<Eigen::Index>(i)) = logits_[i];
    Mat probs;
    softmax_forward(probs, logits, temperature_);
    const float h = entropy(probs)[0];
    const float h_max = std::log(static_cast<float>(logits_.size()));

    ImGui::PushFont(fonts().mono);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.text_dim), "p_i = exp(z_i / T) / \xCE\xA3_j exp(z_j / T)");
    ImGui::PopFont();

    params_.control("T", std::clamp(ImGui::GetContentRegionAvail().x - 240.0f, 120.0f, 420.0f));
    ImGui::SameLine();
    new_line_unless_fits(button_width(tr(S::WSoftmaxReset)));
    if (ui::small_button(tr(S::WSoftmaxReset))) temperature_ = 1.0f;

    std::vector<float> values(logits_.size());
    std::vector<std::string> labels(logits_.size());
    int argmax = 0;
    for (size_t i = 0; i < logits_.size(); ++i) {
      values[i] = probs(0, static_cast<Eigen::Index>(i));
      labels[i] = kTokens[i % kMaxLogits];
      if (values[i] > values[argmax]) argmax = static_cast<int>(i);
    }
    BarChartStyle st;
    st.y_max = 1.0f;
    st.highlight = argmax;
    bar_chart("probs", values, labels, st);

    char p[32], e[32], u[32];
    std::snprintf(p, sizeof p, "%.3f", static_cast<double>(values[argmax]));
    std::snprintf(e, sizeof e, "%.3f", static_cast<double>(h));
    std::snprintf(u, sizeof u, "%.3f", static_cast<double>(h_max));
    ImGui::TextUnformatted(trf(S::WSoftmaxTop, {labels[argmax], p, e, u}).c_str());

    if (ImGui::TreeNode(tr(S::WSoftmaxEdit))) {
      for (size_t i = 0; i < logits_.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::SetNextItemWidth(160.0f);
        ui::drag_float(labels[i].c_str(), &logits_[i], 0.02f, -kLogitLimit, kLogitLimit, "%.2f",
                         ImGuiSliderFlags_AlwaysClamp);
        if (!std::isfinite(logits_[i])) logits_[i] = 0.0f;
        ImGui::PopID();
      }
      ImGui::TreePop();
    }
  }

 private:
  float temperature_;
  std::vector<float> logits_;
};

}  // namespace

TMX_REGISTER_WIDGET(SoftmaxTemperature, "softmax", "Softmax & temperature",
                    "How temperature reshapes a next-token distribution.");

}  // namespace tmx::ui
