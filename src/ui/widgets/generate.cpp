// "Generate text" (slug `generate`): a trained model continues a prompt, token by token. It shows
// the distribution the next token is drawn from (top 10, after temperature / top-k / top-p) and
// steps one token or continues N, seeded: core::Generation, the same code as `tmx generate`, so
// the same seed gives the same tokens as the CLI. The work runs as a SlicedJob (one model step per
// slice, a few ms), so no frame blocks; Stop ends a run at the next slice.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <numeric>

#include "core/error.h"
#include "core/json.h"
#include "core/language_model.h"
#include "core/sampling.h"
#include "core/tokenizer/utf8.h"
#include "core/tokenizer/tokenizer.h"
#include "ui/controls.h"
#include "ui/fit.h"
#include "ui/bar_chart.h"
#include "ui/error_text.h"
#include "ui/fonts.h"
#include "ui/language_model_slot.h"
#include "ui/model_store.h"
#include "ui/sliced_job.h"
#include "ui/theme.h"
#include "ui/token_chips.h"
#include "ui/widget.h"
#include "ui/touch.h"

namespace tmx::ui {

namespace {

constexpr int kTopShown = 10;
constexpr size_t kMaxPrompt = 2000;
constexpr int kMaxGenerated = 2000;

class GenerateWidget final : public Widget {
 public:
  GenerateWidget() {
    // Chinese edition: tang-gpt on a Chinese prompt (defaults are set when the widget is made).
    params_.text("model", &model_, default_language_model(), 80, S::WGenModel);
    params_.text("prompt", &prompt_, language() == Lang::Zh ? kTangPrompt : "In the beginning", kMaxPrompt, S::WGenPrompt);
    params_.integer("seed", &seed_, 1337, 0, 1000000, S::WGenSeed);
    params_.real("T", &temperature_, 1.0f, 0.0f, 5.0f, S::WGenTemperature).describe(S::WGenTemperatureHelp);
    params_.integer("topk", &top_k_, 0, 0, 1000, S::WGenTopK).describe(S::WGenTopKHelp);
    params_.real("topp", &top_p_, 1.0f, 0.01f, 1.0f, S::WGenTopP).describe(S::WGenTopPHelp);
    params_.integer("n", &n_, 40, 1, 500, S::WGenN);
    // How many tokens have been generated: in the address, so a link shows the same continuation
    // (the same seed draws the same tokens).
    params_.integer("gen", &gen_n_, 0, 0, kMaxGenerated, S::WGenGenerated).get = [this] {
      return std::to_string(generated());
    };
    job_.add_stage("prefill", [this] { return gen_->prefill_step(); });
    job_.add_stage("generate", [this] {
      if (static_cast<int>(gen_->tokens().size()) >= target_ || gen_->full()) return false;
      gen_->next();
      return static_cast<int>(gen_->tokens().size()) < target_ && !gen_->full();
    });
  }

  void after_params() override {
    const auto lms = model_store().language_models();
    if (std::find(lms.begin(), lms.end(), model_) == lms.end()) {
      warnings_.push_back(trf(S::WGenNoSuchModel, {model_.substr(0, 40)}));
      model_ = default_language_model();
    }
  }

  std::string probe_json() const override {
    std::string j = "{\"model\":" + json::quote(model_) + ",\"loaded\":" + json::quote(slot_.name) +
                    ",\"busy\":" + (job_.running() ? "true" : "false") + ",\"error\":" + json::quote(error_) +
                    ",\"prompt_ids\":[";
    if (gen_)
      for (size_t i = 0; i < gen_->prompt().size(); ++i) j += (i ? "," : "") + std::to_string(gen_->prompt()[i]);
    j += "],\"tokens\":[";
    if (gen_)
      for (size_t i = 0; i < gen_->tokens().size(); ++i) j += (i ? "," : "") + std::to_string(gen_->tokens()[i]);
    j += "],\"text\":" + json::quote(gen_ && slot_.tokenizer ? slot_.tokenizer->decode(gen_->tokens()) : std::string()) + ",\"top\":[";
    for (size_t i = 0; i < top_ids_.size(); ++i) {
      char b[48];
      std::snprintf(b, sizeof b, "[%d,%.7g]", top_ids_[i], static_cast<double>(top_p_values_[i]));
      j += (i ? "," : "") + std::string(b);
    }
    return j + "]}";
  }

  void draw() override {
    draw_warnings();
    ImGui::PushFont(fonts().small);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text_dim), "%s", tr(S::WGenIntro));
    ImGui::PopFont();
    draw_model_picker();
    const ModelState st = model_store().want(model_);
    if (st.phase != ModelPhase::Ready) {
      draw_model_progress(model_, st);
      return;
    }
    if (!load()) return;
    draw_controls();
    restart_if_changed();
    try {
      if (job_.running()) job_.run(frame_slice_ms());
    } catch (const std::exception& e) {
      job_.cancel();
      error_ = ui::error_text(e);
    }
    if (!error_.empty()) {
      warning_wrapped(error_);
    }
    if (gen_ && !job_.running()) gen_n_ = static_cast<int>(gen_->tokens().size());
    if (!gen_) return;
    draw_text();
    if (gen_->prefilled()) draw_distribution();
  }

 private:
  void draw_model_picker() {
    ImGui::SetNextItemWidth(200.0f);
    if (ui::begin_combo(tr(S::WGenModel), model_.c_str())) {
      for (const auto& m : model_store().language_models())
        if (ImGui::Selectable(m.c_str(), m == model_, 0, ui::selectable_size())) model_ = m;
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    draw_drop_in();
  }

  // Loads the chosen model and its tokenizer once it is in the store, over a few frames (ui/language_model_slot.h).
  bool load() {
    if (slot_.has(model_)) return true;
    if (!slot_.load(model_)) {
      slot_.draw_status();
      return false;
    }
    key_.clear();
    error_.clear();
    gen_.reset();
    return true;
  }

  std::string settings_key() const {
    char b[160];
    std::snprintf(b, sizeof b, "|%d|%.9g|%d|%.9g|", seed_, static_cast<double>(temperature_), top_k_,
                  static_cast<double>(top_p_));
    return slot_.name + b + prompt_;
  }

  // Prompt, seed or sampling changed: start again from the prompt (generated tokens are dropped).
  void restart_if_changed() {
    const std::string key = settings_key();
    if (key == key_) return;
    key_ = key;
    error_.clear();
    gen_.reset();
    top_ids_.clear();
    top_p_values_.clear();
    const std::vector<int> ids = prompt_ids(*slot_.tokenizer, slot_.model->max_positions(), prompt_, error_);
    if (ids.empty()) return;
    SamplerConfig c;
    c.temperature = temperature_;
    c.top_k = top_k_;
    c.top_p = top_p_;
    gen_ = std::make_unique<Generation>(*slot_.model, ids, c, static_cast<uint32_t>(seed_));
    target_ = gen_n_;  // the address's count: the same continuation again
    job_.start(0, static_cast<int>(ids.size()) + target_);
  }

  void go(int more) {
    if (!gen_ || gen_->full()) return;
    target_ = static_cast<int>(gen_->tokens().size()) + more;
    const int prompt_left = gen_->prefilled() ? 0 : static_cast<int>(gen_->prompt().size());
    job_.start(gen_->prefilled() ? 1 : 0, more + prompt_left);
  }

  void draw_controls() {
    const float w = 150.0f;
    ImGui::TextUnformatted(tr(S::WGenPrompt));
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 700.0f));
    char buf[kMaxPrompt + 1];
    std::snprintf(buf, sizeof buf, "%s", prompt_.c_str());
    fonts_want_text(prompt_);
    if (ui::input_text("##prompt", buf, sizeof buf, 0, tr(S::WGenPrompt))) prompt_ = buf;
    params_.control("T", w);
    ImGui::SameLine();
    params_.control("topk", w);
    ImGui::SameLine();
    params_.control("topp", w);
    params_.control("seed", w);
    ImGui::SameLine();
    params_.control("n", w);
    const bool busy = job_.running() && gen_ && gen_->prefilled();
    ImGui::BeginDisabled(busy || !gen_ || gen_->full());
    if (ImGui::Button(tr(S::WGenStep))) go(1);
    ImGui::SameLine();
    new_line_unless_fits(button_width(trf(S::WGenContinue, {std::to_string(n_)}).c_str()));
    if (ImGui::Button(trf(S::WGenContinue, {std::to_string(n_)}).c_str())) go(n_);
    ImGui::EndDisabled();
    ImGui::SameLine();
    new_line_unless_fits(button_width(tr(S::WGenStop)));
    ImGui::BeginDisabled(!busy);
    if (ImGui::Button(tr(S::WGenStop))) {
      target_ = gen_ ? static_cast<int>(gen_->tokens().size()) : 0;
      job_.cancel();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    new_line_unless_fits(button_width(tr(S::WGenReset)));
    if (ImGui::Button(tr(S::WGenReset))) key_.clear(), gen_n_ = 0;
    if (busy) {
      ImGui::SameLine();
      new_line_unless_fits(120.0f);
      ImGui::PushStyleColor(ImGuiCol_PlotHistogram, palette().accent);
      ImGui::ProgressBar(job_.progress(), ImVec2(120.0f, ImGui::GetTextLineHeight()), "");
      ImGui::PopStyleColor();
    }
  }

  void draw_text() {
    const std::string cont = slot_.tokenizer->decode(gen_->tokens());
    ImGui::Separator();
    ImGui::PushFont(fonts().small);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text_dim), "%s",
                       trf(S::WGenCounts, {std::to_string(gen_->prompt().size()), std::to_string(gen_->tokens().size()),
                                           // a recurrent model (Mamba) has no context limit: infinity
                                           slot_.model->max_positions() > 0 ? std::to_string(slot_.model->max_positions())
                                                                           : std::string("\xE2\x88\x9E")})
                           .c_str());
    ImGui::PopFont();
    ImGui::PushTextWrapPos(std::min(ImGui::GetContentRegionAvail().x, 760.0f) + ImGui::GetCursorPosX());
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text_dim), "%s", tok::utf8_sanitize(prompt_).c_str());
    if (!cont.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, palette().accent);
      ImGui::TextUnformatted(tok::utf8_sanitize(cont).c_str());
      ImGui::PopStyleColor();
    }
    ImGui::PopTextWrapPos();
    if (gen_->full()) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().warning), "%s",
                                         trf(S::WGenFull, {std::to_string(slot_.model->max_positions())}).c_str());
  }

  void draw_distribution() {
    const RowVec& lg = gen_->logits();
    const std::vector<float> p = sampling_probs(lg.data(), static_cast<int>(lg.size()), gen_->config());
    std::vector<int> order(p.size());
    std::iota(order.begin(), order.end(), 0);
    const int k = std::min<int>(kTopShown, static_cast<int>(order.size()));
    std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](int a, int b) { return p[a] > p[b] || (p[a] == p[b] && a < b); });
    top_ids_.assign(order.begin(), order.begin() + k);
    top_p_values_.clear();
    std::vector<std::string> labels;
    const std::string before = prompt_ + slot_.tokenizer->decode(gen_->tokens());  // only its last bytes matter
    for (int id : top_ids_) {
      top_p_values_.push_back(p[id]);
      labels.push_back(tok::token_label(slot_.tokenizer->token_bytes(id), before));
    }
    ImGui::Separator();
    ImGui::TextUnformatted(tr(S::WGenNextHeading));
    BarChartStyle st;
    st.height = 200.0f;
    st.y_max = 1.0f;
    st.highlight = 0;
    bar_chart("next", top_p_values_, labels, st);
  }

  int generated() const { return gen_ ? static_cast<int>(gen_->tokens().size()) : gen_n_; }

  std::string model_, prompt_;
  int seed_ = 1337, top_k_ = 0, n_ = 40, gen_n_ = 0;
  float temperature_ = 1.0f, top_p_ = 1.0f;
  std::string key_, error_;
  LanguageModelSlot slot_;
  std::unique_ptr<Generation> gen_;
  int target_ = 0;
  SlicedJob job_;
  std::vector<int> top_ids_;
  std::vector<float> top_p_values_;
};

}  // namespace

TMX_REGISTER_WIDGET(GenerateWidget, "generate", "Generate text",
                    "A trained model continues your prompt token by token: the next-token distribution, seeded sampling.");

}  // namespace tmx::ui
