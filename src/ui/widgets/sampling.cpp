// "Sampling" (slug `sampling`): how the next token is chosen. A prompt on a shipped model (kjv-gpt
// by default, tang-gpt for Chinese, or random weights when no model can be had); the next-token
// distribution as the 20 most likely bars, with what temperature, top-k and top-p do to it: the
// softmax at T = 1 as an outline, the softmax at T solid, the tokens cut greyed, the kept ones
// renormalised (the light part on top) and top-p's cumulative sum as a line against its threshold;
// entropy and the probability mass kept; a seeded draw and a continuation of N tokens, each
// token's step clickable. Every number is core::sampling_breakdown's (the same function
// sampling_probs and sample_token use) and the tokens are core::Generation's, as `tmx generate`
// draws them for the same seed.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include "core/tokenizer/tokenizer.h"
#include "core/error.h"
#include "core/json.h"
#include "core/language_model.h"
#include "core/models/gpt.h"
#include "core/sampling.h"
#include "core/tokenizer/bpe_tokenizer.h"
#include "core/tokenizer/utf8.h"
#include "ui/controls.h"
#include "ui/bar_chart.h"
#include "ui/error_text.h"
#include "ui/fonts.h"
#include "ui/language_model_slot.h"
#include "ui/model_store.h"
#include "ui/scene_player.h"  // same_line_if_fits
#include "ui/sliced_job.h"
#include "ui/theme.h"
#include "ui/token_chips.h"
#include "ui/widget.h"
#include "ui/touch.h"

namespace tmx::ui {

namespace {

constexpr int kBars = 20;
constexpr size_t kMaxPrompt = 1000;
constexpr int kMaxN = 200;
const char* const kRandom = "random";
const char* const kEnglishPrompt = "And God said unto";
const char* const kChinesePrompt = kTangPrompt;  // 床前明月

// One step of the continuation: the distribution the token was drawn from (its most likely rows,
// and the drawn one when it ranks lower) and the summary numbers.
struct StepView {
  int chosen = -1, chosen_rank = -1;
  std::vector<SamplingRow> top;
  int vocab = 0, kept = 0, kept_top_k = 0;
  double mass_kept = 0, entropy_raw = 0, entropy_temp = 0, entropy_final = 0;
};

StepView view_of(const SamplingBreakdown& b, int chosen) {
  StepView v;
  v.chosen = chosen;
  v.vocab = static_cast<int>(b.rows.size());
  v.kept = b.kept, v.kept_top_k = b.kept_top_k, v.mass_kept = b.mass_kept;
  v.entropy_raw = b.entropy_raw, v.entropy_temp = b.entropy_temp, v.entropy_final = b.entropy_final;
  for (int i = 0; i < v.vocab; ++i) {
    if (b.rows[i].id == chosen) v.chosen_rank = i;
    if (i < kBars) v.top.push_back(b.rows[i]);
  }
  if (v.chosen_rank >= kBars) v.top.push_back(b.rows[v.chosen_rank]);
  return v;
}

bool has_cjk(const std::string& s) {
  for (size_t i = 0; i + 2 < s.size(); ++i)  // U+4E00..U+9FFF: lead byte E4..E9
    if (static_cast<unsigned char>(s[i]) >= 0xE4 && static_cast<unsigned char>(s[i]) <= 0xE9) return true;
  return false;
}

std::string fmt(const char* f, double v) {
  char b[32];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

class SamplingWidget final : public Widget {
 public:
  SamplingWidget() {
    // Chinese edition: tang-gpt on a Chinese prompt (defaults are set when the widget is made).
    const bool zh = language() == Lang::Zh;
    params_.text("prompt", &prompt_, zh ? kChinesePrompt : kEnglishPrompt, kMaxPrompt, S::WSampPrompt);
    params_.text("model", &model_, default_language_model(), 80, S::WSampModel);
    params_.real("temperature", &temperature_, 0.8f, 0.0f, 5.0f, S::WSampTemperature).describe(S::WSampTemperatureHelp);
    params_.integer("top_k", &top_k_, 15, 0, 1000, S::WSampTopK).describe(S::WSampTopKHelp);
    params_.real("top_p", &top_p_, 0.9f, 0.01f, 1.0f, S::WSampTopP).describe(S::WSampTopPHelp);
    params_.integer("seed", &seed_, 7, 0, 1000000, S::WSampSeed);
    params_.integer("n", &n_, 20, 1, kMaxN, S::WSampN);
    job_.add_stage("prefill", [this] { return gen_->prefill_step(); });
    job_.add_stage("generate", [this] {
      if (static_cast<int>(steps_.size()) >= n_ || gen_->full()) return false;
      const RowVec& lg = gen_->logits();
      const SamplingBreakdown b = sampling_breakdown(lg.data(), static_cast<int>(lg.size()), gen_->config());
      const int id = gen_->next();
      if (id < 0) return false;
      steps_.push_back(view_of(b, id));
      return static_cast<int>(steps_.size()) < n_ && !gen_->full();
    });
  }

  void after_params() override {
    if (model_ != kRandom) {
      const auto lms = model_store().language_models();
      if (std::find(lms.begin(), lms.end(), model_) == lms.end()) {
        warnings_.push_back(trf(S::WGenNoSuchModel, {tok::utf8_printable(model_, 40)}));
        model_ = "kjv-gpt";
      }
    }
    selected_ = -1;
  }

  std::string probe_json() const override {
    std::string j = "{\"model\":" + json::quote(model_) + ",\"loaded\":" + json::quote(slot_.name) +
                    ",\"busy\":" + (job_.running() ? "true" : "false") + ",\"error\":" + json::quote(error_) +
                    ",\"seed\":" + std::to_string(seed_) + ",\"selected\":" + std::to_string(selected_) + ",\"tokens\":[";
    for (size_t i = 0; i < steps_.size(); ++i) j += (i ? "," : "") + std::to_string(steps_[i].chosen);
    j += "],\"text\":" + json::quote(slot_.tokenizer && gen_ ? tok::utf8_sanitize(slot_.tokenizer->decode(gen_->tokens())) : std::string());
    // Every step: the drawn token, its rank, the support size, and whether the draw was in it.
    j += ",\"steps\":[";
    for (size_t i = 0; i < steps_.size(); ++i) {
      const StepView& s = steps_[i];
      j += (i ? "," : "") + std::string("{\"chosen\":") + std::to_string(s.chosen) + ",\"rank\":" +
           std::to_string(s.chosen_rank) + ",\"kept\":" + std::to_string(s.kept) + "}";
    }
    j += "]";
    if (const StepView* v = shown()) {
      j += ",\"kept\":" + std::to_string(v->kept) + ",\"kept_top_k\":" + std::to_string(v->kept_top_k) +
           ",\"mass_kept\":" + fmt("%.9g", v->mass_kept) + ",\"entropy_temp\":" + fmt("%.9g", v->entropy_temp) +
           ",\"entropy_final\":" + fmt("%.9g", v->entropy_final) + ",\"bars\":[";
      for (size_t i = 0; i < v->top.size(); ++i) {
        const SamplingRow& r = v->top[i];
        char b[200];
        std::snprintf(b, sizeof b, "{\"id\":%d,\"logit\":%.9g,\"raw\":%.9g,\"temp\":%.9g,\"cum\":%.9g,\"top_k\":%s,\"top_p\":%s,\"p\":%.9g}",
                      r.id, static_cast<double>(r.logit), r.p_raw, r.p_temp, r.cum, r.in_top_k ? "true" : "false",
                      r.in_top_p ? "true" : "false", static_cast<double>(r.p_final));
        j += (i ? "," : "") + std::string(b);
      }
      j += "]";
    }
    return j + "}";
  }

  void draw() override {
    draw_warnings();
    ImGui::PushFont(fonts().small);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text_dim), "%s", tr(S::WSampIntro));
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    draw_model_row();
    if (model_ != kRandom) {
      const ModelState st = model_store().want(model_);
      if (st.phase == ModelPhase::Failed) {  // offline file, missing or damaged download: random weights
        warnings_.push_back(st.message);
        model_ = kRandom;
      } else if (st.phase != ModelPhase::Ready) {
        draw_model_progress(model_, st);
        return;
      }
    }
    if (!load()) return;
    draw_controls();
    restart_if_changed();
    if (job_.running()) {
      try {
        job_.run(frame_slice_ms());
      } catch (const std::exception& e) {  // a model step failed: say so, keep what was drawn
        job_.cancel();
        error_ = ui::error_text(e);
      }
    }
    // Problems with the prompt or a step, and the label of the random model, in the warning colour.
    std::string notes = error_;
    if (slot_.name == kRandom) notes += (notes.empty() ? "" : "\n") + std::string(tr(S::WSampRandomNote));
    if (!notes.empty()) {
      warning_wrapped(notes);
    }
    if (const StepView* v = shown()) draw_distribution(*v);
    draw_continuation();
  }

 private:
  // The step whose distribution is shown: the clicked token's, else the first draw's.
  const StepView* shown() const {
    if (steps_.empty()) return nullptr;
    return &steps_[static_cast<size_t>(std::clamp(selected_, 0, static_cast<int>(steps_.size()) - 1))];
  }

  void draw_model_row() {
    ImGui::SetNextItemWidth(190.0f);
    const std::string shown_name = model_ == kRandom ? tr(S::WSampRandom) : model_;
    if (ui::begin_combo(tr(S::WSampModel), shown_name.c_str())) {
      for (const auto& m : model_store().language_models())
        if (ImGui::Selectable(m.c_str(), m == model_, 0, ui::selectable_size())) model_ = m;
      if (ImGui::Selectable(tr(S::WSampRandom), model_ == kRandom, 0, ui::selectable_size())) model_ = kRandom;
      ImGui::EndCombo();
    }
    same_line_if_fits(ImGui::CalcTextSize(tr(S::WSampSampleEnglish)).x + 24.0f);
    if (ImGui::Button(tr(S::WSampSampleEnglish))) prompt_ = kEnglishPrompt, model_ = "kjv-gpt";
    same_line_if_fits(ImGui::CalcTextSize(tr(S::WSampSampleChinese)).x + 24.0f);
    if (ImGui::Button(tr(S::WSampSampleChinese))) prompt_ = kChinesePrompt, model_ = "tang-gpt";
  }

  // Loads the chosen model and its tokenizer over a few frames (ui/language_model_slot.h), or builds the random one:
  // a small GPT with fixed random weights over bytes (a BPE with no merges).
  bool load() {
    if (slot_.has(model_)) return true;
    if (model_ == kRandom) {
      GPTConfig c;
      c.vocab_size = 256, c.n_positions = 128, c.n_embd = 64, c.n_head = 4, c.n_layer = 2;
      slot_.model = std::make_unique<GPT>(c, /*random_init=*/true, /*grads=*/false);
      slot_.tokenizer = std::make_unique<tok::BpeTokenizer>(std::vector<std::pair<int, int>>{}, tok::Pretokenizer::Gpt2);
      slot_.name = kRandom;
    } else if (!slot_.load(model_)) {
      slot_.draw_status();
      return false;
    }
    key_.clear();
    error_.clear();
    gen_.reset();
    steps_.clear();
    return true;
  }

  std::string settings_key() const {
    char b[160];
    std::snprintf(b, sizeof b, "|%d|%.9g|%d|%.9g|%d|", seed_, static_cast<double>(temperature_), top_k_,
                  static_cast<double>(top_p_), n_);
    return slot_.name + b + prompt_;
  }

  // Any input changed: tokenize, and generate the continuation again from the prompt.
  void restart_if_changed() {
    const std::string key = settings_key();
    if (key == key_) return;
    key_ = key;
    error_.clear();
    gen_.reset();
    steps_.clear();
    job_.cancel();
    const std::vector<int> ids = prompt_ids(*slot_.tokenizer, slot_.model->max_positions(), prompt_, error_);
    if (ids.empty()) return;
    gen_ = std::make_unique<Generation>(*slot_.model, ids, SamplerConfig{temperature_, top_k_, top_p_},
                                        static_cast<uint32_t>(seed_));
    job_.start(0, static_cast<int>(ids.size()) + n_);
  }

  void draw_controls() {
    ImGui::TextUnformatted(tr(S::WSampPrompt));
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 640.0f));
    char buf[kMaxPrompt + 1];
    std::snprintf(buf, sizeof buf, "%s", prompt_.c_str());
    fonts_want_text(prompt_);
    if (ui::input_text("##prompt", buf, sizeof buf, 0, tr(S::WSampPrompt))) prompt_ = buf;
    if (model_ == "kjv-gpt" && has_cjk(prompt_)) {
      ImGui::PushFont(fonts().small);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().warning), "%s", tr(S::WSampChineseHint));
      ImGui::PopFont();
    }
    const float w = 140.0f, slot = w + 130.0f;  // a slider and its label
    params_.control("temperature", w);
    same_line_if_fits(slot);
    params_.control("top_k", w);
    same_line_if_fits(slot);
    params_.control("top_p", w);
    params_.control("seed", w);
    same_line_if_fits(ImGui::CalcTextSize(tr(S::WSampNewSeed)).x + 24.0f);
    if (ImGui::Button(tr(S::WSampNewSeed))) seed_ = (seed_ + 1) % 1000001, selected_ = -1;
    same_line_if_fits(slot);
    params_.control("n", w);
  }

  void draw_distribution(const StepView& v) {
    const Palette& pal = palette();
    ImGui::Separator();
    const int step = std::clamp(selected_, 0, static_cast<int>(steps_.size()) - 1);
    ImGui::TextUnformatted(trf(S::WSampChartHeading, {std::to_string(step + 1), std::to_string(kBars)}).c_str());
    ImGui::PushFont(fonts().small);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(trf(S::WSampSummary, {std::to_string(v.vocab), std::to_string(v.kept_top_k),
                                                 std::to_string(v.kept), fmt("%.3f", v.mass_kept)})
                               .c_str());
    ImGui::TextUnformatted(trf(S::WSampEntropy, {fmt("%.3f", v.entropy_raw), fmt("%.3f", v.entropy_temp),
                                                 fmt("%.2f", SamplingBreakdown::bits(v.entropy_temp)),
                                                 fmt("%.3f", v.entropy_final),
                                                 fmt("%.2f", SamplingBreakdown::bits(v.entropy_final))})
                               .c_str());
    if (!(temperature_ > 0)) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.accent), "%s", tr(S::WSampGreedy));
    // Legend: one coloured word per layer of the chart.
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.text), "%s", tr(S::WSampLegendOutline));
    same_line_if_fits(ImGui::CalcTextSize(tr(S::WSampLegendSolid)).x + 12.0f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.series[0]), "%s", tr(S::WSampLegendSolid));
    same_line_if_fits(ImGui::CalcTextSize(tr(S::WSampLegendRenorm)).x + 12.0f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4((pal.series[0] & 0x00ffffffu) | (0x90u << 24)), "%s",
                       tr(S::WSampLegendRenorm));
    same_line_if_fits(ImGui::CalcTextSize(tr(S::WSampLegendCut)).x + 12.0f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.text_dim), "%s", tr(S::WSampLegendCut));
    same_line_if_fits(ImGui::CalcTextSize(tr(S::WSampLegendLine)).x + 12.0f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.series[1]), "%s", tr(S::WSampLegendLine));
    ImGui::PopTextWrapPos();
    ImGui::PopFont();

    // Bars: kept tokens at their renormalised probability (solid up to softmax at T), cut ones grey
    // at softmax at T; the outline is the softmax at T = 1; the line is top-p's cumulative sum.
    std::vector<float> value, base, outline, cum;
    std::vector<char> cut;
    std::vector<std::string> labels;
    int highlight = -1;
    // The text before this step: a candidate may complete a character split over tokens ("‹AD›…中").
    std::string before = prompt_;
    for (size_t i = 0; i < steps_.size() && &steps_[i] != &v; ++i) before += slot_.tokenizer->token_bytes(steps_[i].chosen);
    for (size_t i = 0; i < v.top.size(); ++i) {
      const SamplingRow& r = v.top[i];
      value.push_back(r.in_top_p ? r.p_final : static_cast<float>(r.p_temp));
      base.push_back(static_cast<float>(r.p_temp));
      outline.push_back(static_cast<float>(r.p_raw));
      cum.push_back(r.in_top_k && i < static_cast<size_t>(kBars) ? static_cast<float>(r.cum) : NAN);  // not the drawn extra
      cut.push_back(r.in_top_p ? 0 : 1);
      std::string lab = tok::token_label(slot_.tokenizer->token_bytes(r.id), before);
      if (i == static_cast<size_t>(kBars)) lab = "#" + std::to_string(v.chosen_rank + 1) + " " + lab;
      labels.push_back(lab);
      if (r.id == v.chosen) highlight = static_cast<int>(i);
    }
    BarChartStyle st;
    st.height = ImGui::GetContentRegionAvail().x < 560.0f ? 200.0f : 250.0f;
    st.highlight = highlight;
    st.base = &base;
    st.outline = &outline;
    st.dimmed = &cut;
    st.line = temperature_ > 0 ? &cum : nullptr;
    st.line_mark = top_p_ < 1.0f && temperature_ > 0 ? top_p_ : -1.0f;
    st.tooltip = false;
    st.value_format = "%.2f";
    const int hov = bar_chart("sampling-bars", value, labels, st);
    if (hov >= 0) {
      const SamplingRow& r = v.top[static_cast<size_t>(hov)];
      ImGui::BeginTooltip();
      ImGui::TextUnformatted(labels[static_cast<size_t>(hov)].c_str());
      int rank = hov;
      if (hov == kBars) rank = v.chosen_rank;
      ImGui::TextUnformatted(trf(S::WSampTipLogit, {fmt("%.3f", r.logit), std::to_string(r.id), std::to_string(rank + 1)}).c_str());
      ImGui::TextUnformatted(trf(S::WSampTipRaw, {fmt("%.4f", r.p_raw)}).c_str());
      ImGui::TextUnformatted(trf(S::WSampTipTemp, {fmt("%.4f", r.p_temp)}).c_str());
      if (r.in_top_k && temperature_ > 0) ImGui::TextUnformatted(trf(S::WSampTipCum, {fmt("%.4f", r.cum)}).c_str());
      if (!r.in_top_k) ImGui::TextUnformatted(tr(S::WSampTipCutK));
      else if (!r.in_top_p) ImGui::TextUnformatted(tr(S::WSampTipCutP));
      else ImGui::TextUnformatted(trf(S::WSampTipFinal, {fmt("%.4f", r.p_final)}).c_str());
      ImGui::EndTooltip();
    }
    if (v.chosen_rank >= 0) {
      const SamplingRow& c = v.top[static_cast<size_t>(highlight >= 0 ? highlight : 0)];
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.accent), "%s",
                         trf(S::WSampDrew, {tok::token_label(slot_.tokenizer->token_bytes(v.chosen), before),
                                            std::to_string(v.chosen_rank + 1), fmt(c.p_final < 0.01f ? "%.2g" : "%.3f", c.p_final),
                                            std::to_string(seed_)})
                             .c_str());
    }
  }

  void draw_continuation() {
    if (!gen_) return;
    ImGui::Separator();
    ImGui::PushFont(fonts().small);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text_dim), "%s", tr(S::WSampContinuation));
    ImGui::PopFont();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text_dim), "%s", tok::utf8_sanitize(prompt_).c_str());
    ImGui::PopTextWrapPos();
    std::vector<std::string> chips{prompt_};  // context for the first token, dropped below
    for (const StepView& s : steps_) chips.push_back(slot_.tokenizer->token_bytes(s.chosen));
    chips = tok::token_labels(chips);
    chips.erase(chips.begin());
    int sel = selected_;
    token_chips("sampling-steps", chips, &sel);
    if (sel != selected_) selected_ = sel;
    if (job_.running()) {
      ImGui::PushStyleColor(ImGuiCol_PlotHistogram, palette().accent);
      ImGui::ProgressBar(job_.progress(), ImVec2(120.0f, ImGui::GetTextLineHeight()), "");
      ImGui::PopStyleColor();
    }
    if (gen_->full())
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().warning), "%s",
                         trf(S::WSampFull, {std::to_string(slot_.model->max_positions())}).c_str());
  }

  std::string prompt_, model_;
  float temperature_ = 0.8f, top_p_ = 0.9f;
  int top_k_ = 15, seed_ = 7, n_ = 20, selected_ = -1;
  std::string key_, error_;
  LanguageModelSlot slot_;
  std::unique_ptr<Generation> gen_;
  std::vector<StepView> steps_;
  SlicedJob job_;
};

}  // namespace

TMX_REGISTER_WIDGET(SamplingWidget, "sampling", "Sampling",
                    "Temperature, top-k and top-p on a trained model's next-token distribution: what is cut, what is "
                    "renormalised, entropy, a seeded draw and a continuation you can step through.");

}  // namespace tmx::ui
