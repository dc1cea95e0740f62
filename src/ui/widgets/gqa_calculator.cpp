// "GQA calculator" — parameters, KV-cache bytes (per token and at a chosen context and batch) and
// forward FLOPs per token of a decoder-only Transformer as multi-head (MHA), grouped-query (GQA)
// or multi-query (MQA) attention, for published configurations or edited ones, with a chart of
// KV memory against context length for the three variants. Every number comes from
// core/model_size.h.
#include "ui/widgets/gqa_calculator.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/ffn.h"
#include "ui/cjk_wrap.h"
#include "ui/controls.h"
#include "ui/fit.h"
#include "ui/line_plot.h"
#include "ui/theme.h"

namespace tmx::ui {

namespace {

std::string fmt(const char* f, double v) {
  char b[48];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

// 1.23 G / 456 M / 78.9 k: FLOPs and parameters at a glance (the exact count is printed too).
std::string short_count(double v) {
  const char* unit = "";
  if (v >= 1e12) v /= 1e12, unit = " T";
  else if (v >= 1e9) v /= 1e9, unit = " G";
  else if (v >= 1e6) v /= 1e6, unit = " M";
  else if (v >= 1e3) v /= 1e3, unit = " k";
  return fmt(v < 9.995 ? "%.2f" : v < 99.95 ? "%.1f" : "%.0f", v) + unit;
}

const S kVariantNames[3] = {S::WGqaMha, S::WGqaGqa, S::WGqaMqa};

// The presets offered, in menu order: core/model_size.h's published configurations by slug.
struct PresetEntry {
  const char* slug;
  S label;
};
const PresetEntry kPresets[] = {
    {"gpt2", S::WGqaPresetGpt2},          {"gpt2-medium", S::WGqaPresetGpt2Medium},
    {"gpt2-large", S::WGqaPresetGpt2Large}, {"gpt2-xl", S::WGqaPresetGpt2Xl},
    {"llama-2-7b", S::WGqaPresetLlama2_7b}, {"llama-2-70b", S::WGqaPresetLlama2_70b},
    {"llama-3-8b", S::WGqaPresetLlama3_8b}, {"mistral-7b", S::WGqaPresetMistral7b},
    {"gqa-1b", S::WGqaPresetRef1b},
};
constexpr int kPresetCount = static_cast<int>(sizeof kPresets / sizeof kPresets[0]);

}  // namespace

GqaCalculator::GqaCalculator() {
  std::vector<ParamChoice> presets;
  for (const PresetEntry& e : kPresets) presets.push_back({e.slug, e.label});
  presets.push_back({"custom", S::WGqaCustom});
  params_.choice_index(
             "preset", [this] { return preset_; }, [this](int i) { preset_ = i; }, kPresetCount - 1, presets,
             S::WGqaPreset)
      .describe(S::WGqaPresetHelp);
  params_.choice("arch", &family_, DecoderFamily::Llama, {{"gpt2", S::WGqaArchGpt2}, {"llama", S::WGqaArchLlama}},
                 S::WGqaArch)
      .describe(S::WGqaArchHelp)
      .optional();
  params_.integer("vocab", &vocab_, 128256, 1, 1000000, S::WGqaVocab).optional();
  params_.integer("d", &d_model_, 1536, 1, 65536, S::WGqaD).optional();
  params_.integer("layers", &layers_, 24, 1, 1000, S::WGqaLayers).optional();
  params_.integer("heads", &heads_, 24, 1, 1024, S::WGqaHeads).describe(S::WGqaHeadsHelp).optional();
  params_.integer("ff", &d_ff_, 4608, 1, 1000000, S::WGqaFf).describe(S::WGqaFfHelp).optional();
  params_.integer("maxlen", &max_len_, 2048, 1, 10000000, S::WGqaMaxLen).describe(S::WGqaMaxLenHelp).optional();
  params_.flag("tied", &tied_, false, S::WGqaTied).optional();
  params_.choice("attn", &variant_, AttnVariant::GQA, {{"mha", S::WGqaMha}, {"gqa", S::WGqaGqa}, {"mqa", S::WGqaMqa}},
                 S::WGqaVariant)
      .describe(S::WGqaVariantHelp);
  params_.integer("kv", &kv_heads_, 4, 1, 1024, S::WGqaKv).describe(S::WGqaKvHelp);
  params_.choice("dtype", &dtype_, KvDtype::BF16,
                 {{"fp32", S::WGqaFp32}, {"fp16", S::WGqaFp16}, {"bf16", S::WGqaBf16}, {"int8", S::WGqaInt8}},
                 S::WGqaDtype)
      .describe(S::WGqaDtypeHelp);
  params_.integer("ctx", &context_, 2048, 1, 10000000, S::WGqaCtx).describe(S::WGqaCtxHelp);
  params_.integer("batch", &batch_, 1, 1, 4096, S::WGqaBatch);
}

bool GqaCalculator::is_custom() const { return preset_ < 0 || preset_ >= kPresetCount; }

const DecoderPreset* GqaCalculator::preset() const { return is_custom() ? nullptr : &decoder_preset(kPresets[preset_].slug); }

void GqaCalculator::load_preset() {
  if (is_custom()) return;
  const DecoderShape& s = preset()->shape;
  family_ = s.family;
  vocab_ = static_cast<int>(s.vocab), d_model_ = static_cast<int>(s.d_model), layers_ = static_cast<int>(s.n_layer);
  heads_ = static_cast<int>(s.n_head), d_ff_ = static_cast<int>(s.d_ff), max_len_ = static_cast<int>(s.n_ctx);
  tied_ = s.tied;
  variant_ = attn_variant(s);
  kv_heads_ = static_cast<int>(variant_ == AttnVariant::GQA ? s.n_kv_head : default_gqa_kv_heads(s.n_head));
  context_ = static_cast<int>(s.n_ctx);
}

// A preset fixes the model; fields given next to it in the address edit it (and make it custom).
void GqaCalculator::set_params(const Params& p) {
  Widget::set_params(p);
  if (is_custom()) return;
  const Params given = params_.values();  // everything after parsing and clamping
  load_preset();
  const Params from_preset = params_.values();
  static const char* const kModelKeys[] = {"arch", "vocab", "d", "layers", "heads", "ff", "maxlen", "tied"};
  static const char* const kSettingKeys[] = {"attn", "kv", "ctx"};  // settings, not the model: keep the preset
  auto present = [&](const char* key) {
    return std::any_of(p.begin(), p.end(), [&](const auto& kv) { return kv.first == key; });
  };
  auto value_of = [](const Params& ps, const std::string& key) {
    for (const auto& kv : ps)
      if (kv.first == key) return kv.second;
    return std::string();
  };
  Params edits;
  bool edited = false;
  for (const char* key : kModelKeys)
    if (present(key)) {
      edits.push_back({key, value_of(given, key)});
      edited |= value_of(given, key) != value_of(from_preset, key);
    }
  for (const char* key : kSettingKeys)
    if (present(key)) edits.push_back({key, value_of(given, key)});
  for (const auto& [k, v] : edits) params_.find(k)->set(v);
  if (edited) preset_ = kPresetCount;  // custom, starting from that preset
}

// The model's fields are optional parameters: left out while at their defaults (the reference
// model's), and always left out for a preset, which stands for its fields.
Params GqaCalculator::params() const {
  Params all = Widget::params();
  if (is_custom()) return all;
  Params out;
  for (const auto& kv : all)
    if (kv.first == "preset" || kv.first == "attn" || kv.first == "kv" || kv.first == "dtype" || kv.first == "ctx" ||
        kv.first == "batch")
      out.push_back(kv);
  return out;
}

DecoderShape GqaCalculator::base_shape() const {
  DecoderShape s;
  s.family = family_;
  s.vocab = vocab_, s.d_model = d_model_, s.n_layer = layers_, s.n_head = heads_, s.n_kv_head = heads_;
  s.d_ff = d_ff_, s.n_ctx = max_len_, s.tied = family_ == DecoderFamily::GPT2 ? true : tied_;
  return s;
}

std::string GqaCalculator::problem() const {
  const DecoderShape s = base_shape();
  if (s.d_model % s.n_head != 0) return trf(S::WGqaNotMultiple, {std::to_string(d_model_), std::to_string(heads_)});
  if (variant_ == AttnVariant::GQA && (heads_ % kv_heads_ != 0 || kv_heads_ >= heads_))
    return trf(S::WGqaBadKv, {std::to_string(kv_heads_), std::to_string(heads_)});
  return "";
}

DecoderShape GqaCalculator::shape() const { return with_variant(base_shape(), variant_, kv_heads_); }

void GqaCalculator::draw() {
  draw_warnings();
  const float w = ImGui::GetContentRegionAvail().x;
  const bool narrow = w < 640.0f;
  const float field = narrow ? std::max(120.0f, w - 170.0f) : 150.0f;
  auto same_line = [&] {
    if (!narrow) ImGui::SameLine();
  };

  // The model: a preset, or every field by hand.
  if (params_.control("preset", narrow ? field : 260.0f)) load_preset();
  ImGui::SameLine();
  ImGui::TextDisabled("(%s)", tr(is_custom() ? S::WGqaEditedNote : S::WGqaPublishedNote));
  // A phone (narrow, or landscape with little height) opens with the fields folded, so the
  // numbers are on the first screen; the preset, the variant and the settings stay visible.
  const bool small_screen = narrow || ImGui::GetIO().DisplaySize.y < 560.0f;
  if (ImGui::TreeNodeEx(tr(S::WGqaFields), small_screen ? 0 : ImGuiTreeNodeFlags_DefaultOpen)) {
    bool edited = false;
    edited |= params_.control("arch", field);
    same_line();
    edited |= params_.control("vocab", field);
    edited |= params_.control("d", field);
    same_line();
    edited |= params_.control("layers", field);
    edited |= params_.control("heads", field);
    same_line();
    edited |= params_.control("ff", field);
    edited |= params_.control("maxlen", field);
    if (family_ == DecoderFamily::Llama) {
      same_line();
      edited |= params_.control("tied");
    }
    if (edited) preset_ = kPresetCount;
    ImGui::TreePop();
  }

  // The attention variant and the cache settings.
  ImGui::TextUnformatted(tr(S::WGqaVariant));
  for (int v = 0; v < 3; ++v) {
    ImGui::SameLine();
    new_line_unless_fits(labelled_width(ImGui::GetFrameHeight(), tr(kVariantNames[v])));
    if (ui::radio_button(tr(kVariantNames[v]), static_cast<int>(variant_) == v)) {
      variant_ = static_cast<AttnVariant>(v);
      if (variant_ == AttnVariant::GQA && (kv_heads_ >= heads_ || kv_heads_ < 2 || heads_ % kv_heads_ != 0))
        kv_heads_ = static_cast<int>(default_gqa_kv_heads(heads_));
    }
  }
  if (variant_ == AttnVariant::GQA) {
    ImGui::SameLine();
    params_.control("kv", narrow ? 110.0f : 130.0f);
  }
  params_.control("dtype", field);
  same_line();
  params_.control("ctx", field);
  same_line();
  params_.control("batch", field);

  const std::string bad = problem();
  if (!bad.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
    ui::text_wrapped(bad);
    ImGui::PopStyleColor();
    return;
  }
  const DecoderShape s = shape();
  ImGui::Separator();
  const DecoderParams p = decoder_params(s);
  ImGui::TextUnformatted(trf(S::WGqaShapeLine, {std::to_string(s.n_head), std::to_string(s.n_kv_head),
                                                 std::to_string(s.head_dim()), std::to_string(s.n_head / s.n_kv_head)})
                             .c_str());
  ImGui::TextUnformatted(trf(S::WGqaParamsLine, {format_count(p.total()), short_count(double(p.total()))}).c_str());
  ImGui::TextDisabled("%s", trf(S::WGqaParamsSplit, {format_count(p.embedding + p.positions), format_count(p.attention),
                                                      format_count(p.ffn), format_count(p.norms), format_count(p.lm_head)})
                                .c_str());
  if (context_ > max_len_)
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().warning), "%s",
                       trf(S::WGqaBeyondMax, {format_count(context_), format_count(max_len_)}).c_str());
  if (preset() && preset()->sliding_window > 0)
    ImGui::TextDisabled("%s", trf(S::WGqaSlidingNote, {format_count(preset()->sliding_window)}).c_str());
  draw_table(s);
  draw_chart(s);
}

void GqaCalculator::draw_table(const DecoderShape& model) {
  const int bytes = kv_dtype_bytes(dtype_);
  const DecoderShape vs[3] = {with_variant(model, AttnVariant::MHA, 0),
                              with_variant(model, AttnVariant::GQA,
                                           model.n_kv_head > 1 && model.n_kv_head < model.n_head
                                               ? model.n_kv_head
                                               : default_gqa_kv_heads(model.n_head)),
                              with_variant(model, AttnVariant::MQA, 0)};
  const bool gqa_possible = vs[1].n_kv_head > 1 && vs[1].n_kv_head < vs[1].n_head;
  const int64_t mha_kv = kv_cache_bytes(vs[0], context_, batch_, bytes);
  // Scrolls sideways on a narrow screen; as tall as its rows (a scrolling table would otherwise
  // take all the height left).
  const int rows = gqa_possible ? 4 : 3;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float height = rows * (ImGui::GetTextLineHeight() + 2 * style.CellPadding.y) + 4 +
                       (ImGui::GetContentRegionAvail().x < 620.0f ? style.ScrollbarSize : 0.0f);
  if (!begin_table("gqa_table", 6, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Borders |
                                            ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollX,
                         rows, ImVec2(0, height)))
    return;
  const S heads[6] = {S::WGqaColVariant, S::WGqaColKvHeads, S::WGqaColParams, S::WGqaColKvToken, S::WGqaColKvTotal,
                      S::WGqaColFlops};
  for (S h : heads) ImGui::TableSetupColumn(tr(h));
  ImGui::TableHeadersRow();
  const ImVec4 acc = ImGui::ColorConvertU32ToFloat4(palette().accent);
  for (int v = 0; v < 3; ++v) {
    if (v == 1 && !gqa_possible) continue;  // e.g. 1 or a prime number of heads
    const DecoderShape& s = vs[v];
    const bool chosen = s.n_kv_head == model.n_kv_head;
    const int64_t kv_total = kv_cache_bytes(s, context_, batch_, bytes);
    const std::string cells[6] = {
        std::string(tr(kVariantNames[v])) + (chosen ? " \xE2\x97\x80" : ""),
        std::to_string(s.n_kv_head) + " (" + std::to_string(s.n_head / s.n_kv_head) + ":1)",
        short_count(double(decoder_params(s).total())),
        format_bytes(kv_cache_bytes(s, 1, 1, bytes)),
        format_bytes(kv_total) + (v > 0 ? fmt("  (%.1f%%)", 100.0 * double(kv_total) / double(mha_kv)) : ""),
        short_count(double(decoder_flops_per_token(s, context_).total()))};
    ImGui::TableNextRow();
    for (int c = 0; c < 6; ++c) {
      ImGui::TableSetColumnIndex(c);
      if (chosen) ImGui::TextColored(acc, "%s", cells[c].c_str());
      else ImGui::TextUnformatted(cells[c].c_str());
    }
  }
  end_table();
  const DecoderFlops f = decoder_flops_per_token(model, context_);
  ImGui::TextDisabled("%s", trf(S::WGqaFlopsSplit, {short_count(double(f.projections)), short_count(double(f.attention)),
                                                     short_count(double(f.ffn)), short_count(double(f.lm_head)),
                                                     format_count(context_)})
                                .c_str());
}

void GqaCalculator::draw_chart(const DecoderShape& model) {
  const int bytes = kv_dtype_bytes(dtype_);
  // Contexts from 0 to twice the larger of the chosen context and the model's length (the cache
  // grows linearly, so each variant is a straight line; its slope is the KV bytes per token).
  const double top = 2.0 * std::max(context_, max_len_);
  std::vector<float> xs;
  for (int i = 0; i <= 64; ++i) xs.push_back(static_cast<float>(top * i / 64.0));
  std::vector<Series> series;
  const int64_t kvs[3] = {model.n_head,
                          model.n_kv_head > 1 && model.n_kv_head < model.n_head ? model.n_kv_head
                                                                                 : default_gqa_kv_heads(model.n_head),
                          1};
  for (int v = 0; v < 3; ++v) {
    if (v == 1 && (kvs[1] <= 1 || kvs[1] >= model.n_head)) continue;
    DecoderShape s = model;
    s.n_kv_head = kvs[v];
    std::vector<float> ys;
    for (float c : xs) ys.push_back(static_cast<float>(double(kv_cache_bytes(s, int64_t(c), batch_, bytes)) / 1073741824.0));
    series.push_back({trf(S::WGqaSeries, {tr(kVariantNames[v]), std::to_string(kvs[v])}), xs, ys, v});
  }
  ImGui::TextUnformatted(trf(S::WGqaChartTitle, {std::to_string(batch_), tr(dtype_name())}).c_str());
  LinePlotStyle st;
  st.height = 250.0f;
  st.x_label = tr(S::WGqaChartX);
  st.y_label = tr(S::WGqaChartY);
  st.export_name = "kv_cache_vs_context";
  line_plot("gqa_chart", series, view_, st);
}

S GqaCalculator::dtype_name() const {
  switch (dtype_) {
    case KvDtype::F32: return S::WGqaFp32;
    case KvDtype::F16: return S::WGqaFp16;
    case KvDtype::BF16: return S::WGqaBf16;
    case KvDtype::Int8: return S::WGqaInt8;
  }
  return S::WGqaBf16;
}

TMX_REGISTER_WIDGET(GqaCalculator, "gqa-calculator", "GQA calculator",
                    "Parameters, KV-cache memory and FLOPs per token of MHA, GQA and MQA for published models.");

}  // namespace tmx::ui
