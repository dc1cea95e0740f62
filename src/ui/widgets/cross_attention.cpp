// "Cross-attention" (slug `cross-attention`): the shipped encoder-decoder `dates-encdec` turns a
// date written in words into ISO 8601. Type a date; the output is decoded greedily, and the
// widget shows, for the symbols decoded so far (step through them), either the cross-attention
// (rows: output symbols, columns: source words) or the decoder's masked self-attention (masked
// cells grey), for one decoder layer and one head or their mean. Every number is the core's:
// greedy_decode, then one traced EncoderDecoder::forward (core/seq2seq.h).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "core/error.h"
#include "core/json.h"
#include "core/seq2seq.h"
#include "core/tasks/dates.h"
#include "core/trace.h"
#include "ui/error_text.h"
#include "ui/controls.h"
#include "ui/fit.h"
#include "ui/fonts.h"
#include "ui/heatmap.h"
#include "ui/model_store.h"
#include "ui/theme.h"
#include "ui/token_chips.h"
#include "ui/widget.h"
#include "ui/touch.h"

namespace tmx::ui {

namespace {

constexpr const char* kModel = "dates-encdec";
constexpr int kMaxLayers = 8, kMaxHeads = 16;
enum class View { Cross, Self };

class CrossAttentionWidget final : public Widget {
 public:
  CrossAttentionWidget() {
    params_.text("text", &text_, "the fourteenth of march nineteen eighty seven", 200, S::WXText).describe(S::WXTextHelp);
    params_.integer("layer", &layer_, 0, 0, kMaxLayers - 1, S::WXLayer);
    params_.integer("head", &head_, -1, -1, kMaxHeads - 1, S::WXHead).describe(S::WXHeadHelp);
    params_.integer("step", &step_, 0, 0, tasks::dates::kMaxTgt, S::WXStep).describe(S::WXStepHelp);
    params_.choice("view", &view_, View::Cross, {{"cross", S::WXViewCross}, {"self", S::WXViewSelf}}, S::WXView);
  }

  std::string probe_json() const override {
    std::string j = "{\"loaded\":" + std::string(model_ ? "true" : "false") + ",\"error\":" + json::quote(error_) +
                    ",\"output\":" + json::quote(output_) + ",\"rows\":" + std::to_string(map_rows_) +
                    ",\"cols\":" + std::to_string(map_cols_) + ",\"map\":[";
    for (size_t i = 0; i < map_.size(); ++i) {
      char b[32];
      std::snprintf(b, sizeof b, "%.7g", std::isfinite(map_[i]) ? double(map_[i]) : -1.0);
      j += (i ? "," : "") + std::string(b);
    }
    return j + "]}";
  }

  void draw() override {
    draw_warnings();
    ImGui::PushFont(fonts().small);
    dim_wrapped(tr(S::WXIntro));
    ImGui::PopFont();
    const ModelState st = model_store().want(kModel);
    if (st.phase != ModelPhase::Ready) {
      draw_model_progress(kModel, st);
      return;
    }
    if (!load()) return;
    params_.control("text", std::max(160.0f, std::min(520.0f, ImGui::GetContentRegionAvail().x - 150.0f)));  // room for the label
    compute_if_changed();
    if (!error_.empty()) {
      warning_wrapped(error_);
      return;
    }
    draw_controls();
    draw_output();
    draw_map();
  }

 private:
  bool load() {
    if (model_) return true;
    if (!load_error_.empty()) {
      warning_wrapped(load_error_);
      return false;
    }
    try {
      model_ = load_encdec(model_store().dir(kModel));
      key_.clear();
      after_params();  // clamp the URL's layer/head to the model now, even if the text does not decode
      return true;
    } catch (const std::exception& e) {
      load_error_ = trf(S::WXLoadFailed, {kModel, ui::error_text(e)});
      return false;
    }
  }

  // Decodes and traces once per text; the per-layer, per-head maps are then cheap to show.
  void compute_if_changed() {
    if (key_ == text_) return;
    key_ = text_;
    error_.clear();
    output_.clear();
    src_words_.clear(), out_labels_.clear(), in_labels_.clear();
    std::vector<int> src;
    std::string err;
    if (!tasks::dates::encode_src(text_, src, err)) {
      error_ = trf(S::WXBadInput, {err});
      return;
    }
    try {
      out_ = greedy_decode(*model_, src, tasks::dates::kBos, tasks::dates::kEos, tasks::dates::kMaxTgt);
      trace_ = std::make_unique<Trace>();
      model_->forward(src, std::vector<int>(out_.begin(), out_.end() - 1), nullptr, trace_.get());
    } catch (const std::exception& e) {
      error_ = ui::error_text(e);
      return;
    }
    const auto& sv = tasks::dates::src_vocab();
    const auto& tv = tasks::dates::tgt_vocab();
    for (int id : src) src_words_.push_back(sv[static_cast<size_t>(id)]);
    for (size_t t = 0; t + 1 < out_.size(); ++t) {
      in_labels_.push_back(tv[static_cast<size_t>(out_[t])]);
      out_labels_.push_back(tv[static_cast<size_t>(out_[t + 1])]);
    }
    output_ = tasks::dates::decode_tgt(out_);
    after_params();
  }

  // Clamp the view to the loaded model and the decoded length (warnings for the URL's values).
  void after_params() override {
    if (!model_) return;
    if (layer_ >= model_->cfg.n_decoder_layers) {
      warnings_.push_back(trf(S::WXClamped, {"layer", std::to_string(model_->cfg.n_decoder_layers - 1)}));
      layer_ = model_->cfg.n_decoder_layers - 1;
    }
    if (head_ >= model_->cfg.n_head) {
      warnings_.push_back(trf(S::WXClamped, {"head", std::to_string(model_->cfg.n_head - 1)}));
      head_ = model_->cfg.n_head - 1;
    }
  }

  int shown_rows() const {
    const int n = static_cast<int>(out_labels_.size());
    return step_ <= 0 ? n : std::min(step_, n);
  }

  void draw_controls() {
    const float w = 150.0f;
    int layer1 = layer_ + 1;
    ImGui::SetNextItemWidth(w);
    if (ui::slider_int(tr(S::WXLayer), &layer1, 1, model_->cfg.n_decoder_layers, "%d", ImGuiSliderFlags_AlwaysClamp))
      layer_ = layer1 - 1;
    ImGui::SameLine();
    new_line_unless_fits(labelled_width(w, tr(S::WXHead)));
    ImGui::SetNextItemWidth(w);
    const std::string head_name = head_ < 0 ? std::string(tr(S::WXHeadMean)) : trf(S::WXHeadN, {std::to_string(head_ + 1)});
    if (ui::begin_combo(tr(S::WXHead), head_name.c_str())) {
      if (ImGui::Selectable(tr(S::WXHeadMean), head_ < 0, 0, ui::selectable_size())) head_ = -1;
      for (int h = 0; h < model_->cfg.n_head; ++h)
        if (ImGui::Selectable(trf(S::WXHeadN, {std::to_string(h + 1)}).c_str(), h == head_, 0, ui::selectable_size())) head_ = h;
      ImGui::EndCombo();
    }
    if (ImGui::GetContentRegionAvail().x > 720.0f) ImGui::SameLine();  // narrow: the map choice wraps
    params_.control("view", w);
    // Step through the decoded symbols: 0 in the URL means all of them.
    const int n = static_cast<int>(out_labels_.size());
    int shown = shown_rows();
    if (ui::arrow_button("##prev", ImGuiDir_Left)) shown = std::max(1, shown - 1);
    ImGui::SameLine();
    if (ui::arrow_button("##next", ImGuiDir_Right)) shown = std::min(n, shown + 1);
    ImGui::SameLine();
    ImGui::TextUnformatted(trf(S::WXStepOf, {std::to_string(shown), std::to_string(n)}).c_str());
    step_ = shown >= n ? 0 : shown;
  }

  void draw_output() {
    ImGui::TextUnformatted(tr(S::WXInput));
    ImGui::SameLine();
    token_chips("##src", src_words_);
    ImGui::TextUnformatted(tr(S::WXOutput));
    ImGui::SameLine();
    std::vector<std::string> shown(out_labels_.begin(), out_labels_.begin() + shown_rows());
    token_chips("##out", shown);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text_dim), "%s  %s", tr(S::WXResult), output_.c_str());
  }

  // One head's (T_out, T_k) weights, or the mean over heads; rows past the step are cut off.
  void build_map() {
    const bool cross = view_ == View::Cross;
    const std::string base =
        "dec." + std::to_string(layer_) + (cross ? ".cross_attn.head." : ".self_attn.head.");
    const Mat m = head_ < 0 ? mean_head_weights(*trace_, base, 0, model_->cfg.n_head - 1)
                            : mean_head_weights(*trace_, base, head_, head_);
    map_rows_ = shown_rows();
    map_cols_ = cross ? static_cast<int>(m.cols()) : map_rows_;
    map_.assign(static_cast<size_t>(map_rows_) * static_cast<size_t>(map_cols_), 0.0f);
    for (int i = 0; i < map_rows_; ++i)
      for (int j = 0; j < map_cols_; ++j)  // the causal mask: grey (non-finite), not a weight of 0
        map_[static_cast<size_t>(i * map_cols_ + j)] =
            !cross && j > i ? std::numeric_limits<float>::quiet_NaN() : m(i, j);
  }

  void draw_map() {
    try {
      build_map();
    } catch (const std::exception& e) {
      error_ = ui::error_text(e);
      return;
    }
    const bool cross = view_ == View::Cross;
    ImGui::PushFont(fonts().small);
    dim_wrapped(tr(cross ? S::WXCrossCaption : S::WXSelfCaption));
    ImGui::PopFont();
    row_labels_.clear();
    for (int i = 0; i < map_rows_; ++i)
      row_labels_.push_back(in_labels_[static_cast<size_t>(i)] + " \xE2\x86\x92 " +
                            out_labels_[static_cast<size_t>(i)]);
    col_labels_ = cross ? src_words_ : std::vector<std::string>(in_labels_.begin(), in_labels_.begin() + map_rows_);
    HeatmapStyle hs;
    hs.vmin = 0.0f;
    hs.vmax = 1.0f;
    hs.show_values = true;
    hs.max_cell = 68.0f;  // room for a word above each column
    hs.row_labels = &row_labels_;
    hs.col_labels = &col_labels_;
    hs.export_name = cross ? "cross-attention" : "decoder-self-attention";
    heatmap("##xattn", map_.data(), map_rows_, map_cols_, hs);
  }

  // Parameters.
  std::string text_;
  int layer_ = 0, head_ = -1, step_ = 0;
  View view_ = View::Cross;
  // Model and the computed example.
  std::unique_ptr<EncoderDecoder> model_;
  std::string load_error_, key_, error_, output_;
  std::vector<int> out_;
  std::unique_ptr<Trace> trace_;
  std::vector<std::string> src_words_, in_labels_, out_labels_, row_labels_, col_labels_;
  std::vector<float> map_;
  int map_rows_ = 0, map_cols_ = 0;
};

}  // namespace

TMX_REGISTER_WIDGET(CrossAttentionWidget, "cross-attention", "Cross-attention",
                    "A trained encoder-decoder turns dates in words into ISO dates: which source word each output symbol reads.");

}  // namespace tmx::ui
