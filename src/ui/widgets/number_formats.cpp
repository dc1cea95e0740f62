// "Number formats" — a typed number in FP32, FP16 and BF16: the bits of each (click a bit to flip
// it), the decoded value, the rounding error, the neighbours and the ulp, the class (subnormal,
// inf, NaN); a range / precision chart of the three formats on a log scale; and the loss-scaling
// mini-simulation: a seeded histogram of gradient magnitudes, which ones underflow or overflow in
// FP16 (and BF16) at a chosen loss scale, and whether GradScaler's rule skips the step. Every bit
// and count comes from core/float_format.h and core/mixed_precision.h.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/float_format.h"
#include "anim/scene_data.h"
#include "core/json.h"
#include "core/mixed_precision.h"
#include "ui/fonts.h"
#include "ui/theme.h"
#include "ui/widget.h"
#include "ui/touch.h"

namespace tmx::ui {

namespace {

using anim::num;  // printf-style number (anim/scene_data.h)

// A value as text: shortest round-trip for finite floats, inf / -inf / nan otherwise.
std::string value_text(float v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return format_float(v);
}

std::string hex_bits(FloatFormat f, uint32_t b) {
  char s[16];
  std::snprintf(s, sizeof s, float_format_spec(f).bits == 32 ? "0x%08X" : "0x%04X", static_cast<unsigned>(b));
  return s;
}

constexpr int kGradients = 4000;
constexpr float kHistLo = -14.0f, kHistHi = 4.0f;  // log10 |g| range of the histogram
constexpr int kHistBins = 72;

ImU32 with_alpha(ImU32 c, float a) {
  ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
  v.w = a;
  return ImGui::ColorConvertFloat4ToU32(v);
}

class NumberFormatsWidget final : public Widget {
 public:
  NumberFormatsWidget() {
    params_.text("v", &text_, "0.1", 64, S::WNumValue).describe(S::WNumValueHelp);
    params_.integer("scale", &scale_exp_, 10, 0, 40, S::WNumScale).describe(S::WNumScaleHelp);
    params_.real("gc", &grad_center_, -6.0f, -12.0f, 0.0f, S::WNumGradCenter).describe(S::WNumGradCenterHelp);
    params_.real("gs", &grad_spread_, 1.5f, 0.1f, 3.0f, S::WNumGradSpread);
    params_.integer("seed", &seed_, 1, 0, 1000000, S::WNumSeed).optional();
  }

  std::string probe_json() const override {
    std::string j = "{\"text\":" + json::quote(text_) + ",\"error\":" + json::quote(error_) + ",\"formats\":[";
    for (int k = 0; k < kFloatFormatCount; ++k) {
      const FloatFields& x = fields_[k];
      if (k) j += ",";
      j += "{\"name\":" + json::quote(float_format_spec(static_cast<FloatFormat>(k)).name) +
           ",\"bits\":" + std::to_string(x.bits) + ",\"value\":" + json::quote(value_text(x.value)) +
           ",\"class\":" + json::quote(float_class_name(x.cls)) + "}";
    }
    j += "],\"sim\":[";
    for (int k = 0; k < 2; ++k) {
      const LossScaleSim& s = sim_[k];
      if (k) j += ",";
      j += "{\"underflow\":" + std::to_string(s.underflow) + ",\"subnormal\":" + std::to_string(s.subnormal) +
           ",\"overflow\":" + std::to_string(s.overflow) + ",\"skipped\":" + (s.skipped ? "true" : "false") +
           ",\"scale_after\":" + num("%.17g", scale_after_[k]) + "}";
    }
    return j + "]}";
  }

  void draw() override {
    draw_warnings();
    ImGui::PushFont(fonts().small);
    dim_wrapped(tr(S::WNumIntro));
    ImGui::PopFont();
    params_.control("v", std::clamp(ImGui::GetContentRegionAvail().x - 140.0f, 140.0f, 320.0f));
    draw_specials();
    compute_if_changed();
    if (!error_.empty()) {
      warning_wrapped(error_);
    }
    for (int k = 0; k < kFloatFormatCount; ++k) draw_format(static_cast<FloatFormat>(k));
    ImGui::Separator();
    draw_range_chart();
    ImGui::Separator();
    draw_loss_scaling();
  }

 private:
  void compute_if_changed() {
    const Params now = params_.values();
    if (now == computed_for_) return;
    computed_for_ = now;
    error_.clear();
    double d = 0;
    std::string why;
    if (parse_number(text_, d, why)) {
      typed_ = d;
      valid_ = true;
      const float f = double_to_float(d);
      for (int k = 0; k < kFloatFormatCount; ++k) fields_[k] = float_fields_of(static_cast<FloatFormat>(k), f);
    } else {
      valid_ = false;
      // parse_number's reasons (core/float_format.cpp), in the reader's language.
      const S reason = why == "empty" ? S::WNumWhyEmpty : why == "not a number" ? S::WNumWhyNotNumber : S::WNumWhyTooLong;
      error_ = trf(S::WNumBadNumber, {json::quote(text_.substr(0, 64)), tr(reason)});
    }
    grads_ = seeded_gradients(kGradients, static_cast<uint32_t>(seed_), grad_center_, grad_spread_);
    for (int k = 0; k < 2; ++k) {
      LossScaler sc;
      sc.scale = std::ldexp(1.0f, scale_exp_);
      sim_[k] = simulate_loss_scaling(grads_, sc, k == 0 ? HalfFormat::FP16 : HalfFormat::BF16);
      scale_after_[k] = sc.scale;
    }
  }

  void set_value(const std::string& t) {
    text_ = t;
    compute_if_changed();
  }

  void draw_specials() {
    ImGui::PushFont(fonts().small);
    ImGui::TextUnformatted(tr(S::WNumSpecials));
    struct Sp {
      S label;
      float v;
    };
    const Sp sp[] = {{S::WNumSpOne, 1.0f},
                     {S::WNumSpFp16Max, format_max(FloatFormat::FP16)},
                     {S::WNumSpFp16MinNormal, format_min_normal(FloatFormat::FP16)},
                     {S::WNumSpFp16MinSub, format_min_subnormal(FloatFormat::FP16)},
                     {S::WNumSpBf16Max, format_max(FloatFormat::BF16)},
                     {S::WNumSpInf, INFINITY},
                     {S::WNumSpNan, NAN},
                     {S::WNumSpZero, -0.0f}};
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    for (size_t i = 0; i < sizeof sp / sizeof sp[0]; ++i) {
      const char* l = tr(sp[i].label);
      const float w = ImGui::CalcTextSize(l).x + 2 * ImGui::GetStyle().FramePadding.x;
      if (i > 0) {
        ImGui::SameLine();
        if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
      }
      ImGui::PushID(static_cast<int>(i));
      if (ui::small_button(l)) set_value(value_text(sp[i].v));
      ImGui::PopID();
    }
    ImGui::PopFont();
  }

  void draw_format(FloatFormat f) {
    const FloatFormatSpec& s = float_format_spec(f);
    const FloatFields& x = fields_[static_cast<int>(f)];
    ImGui::PushFont(fonts().h3);
    ImGui::TextUnformatted(trf(S::WNumFormatHeading, {s.name, std::to_string(s.exp_bits), std::to_string(s.man_bits)}).c_str());
    ImGui::PopFont();
    if (!valid_) return;
    // the bits, sign | exponent | mantissa, each a clickable cell
    const float avail = ImGui::GetContentRegionAvail().x;
    const float gap = 6.0f;
    const float cell = std::clamp((avail - 2 * gap) / s.bits - 2.0f, 12.0f, 22.0f);
    ImGui::PushFont(fonts().mono);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(2.0f, 2.0f));
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(0, 2.0f));
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const Palette& pal = palette();
    for (int i = s.bits - 1; i >= 0; --i) {
      const bool sign = i == s.bits - 1, expo = !sign && i >= s.man_bits;
      const ImU32 base = sign ? pal.series[3] : expo ? pal.series[1] : pal.series[0];
      const bool one = (x.bits >> i) & 1u;
      if (i != s.bits - 1) {
        ImGui::SameLine(0, i == s.man_bits - 1 || i == s.bits - 2 ? gap : 2.0f);
        if (ImGui::GetCursorScreenPos().x + cell > right) ImGui::NewLine();
      }
      ImGui::PushID(static_cast<int>(f) * 64 + i);
      ImGui::PushStyleColor(ImGuiCol_Button, with_alpha(base, one ? 0.85f : 0.18f));
      ImGui::PushStyleColor(ImGuiCol_ButtonHovered, with_alpha(base, one ? 1.0f : 0.4f));
      ImGui::PushStyleColor(ImGuiCol_Text, one ? IM_COL32(255, 255, 255, 255) : pal.text);
      if (ImGui::Button(one ? "1" : "0", ImVec2(cell, 0))) set_value(value_text(decode_float_bits(f, flip_bit(f, x.bits, i))));
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", trf(sign ? S::WNumBitSign : expo ? S::WNumBitExp : S::WNumBitMan, {std::to_string(i)}).c_str());
      ImGui::PopStyleColor(3);
      ImGui::PopID();
    }
    ImGui::PopStyleVar(2);
    // decoded value and what rounding did
    const double v = x.value;
    ImGui::TextUnformatted(trf(S::WNumFieldsLine, {hex_bits(f, x.bits), std::to_string(x.sign), std::to_string(x.exponent),
                                                   std::to_string(x.exp_unbiased), std::to_string(x.mantissa),
                                                   tr(class_label(x.cls))})
                               .c_str());
    ImGui::TextUnformatted(trf(S::WNumValueLine, {num("%.9g", v)}).c_str());
    if (std::isfinite(v) && std::isfinite(typed_)) {
      const double err = v - typed_;
      const double rel = typed_ != 0 ? err / std::fabs(typed_) : 0.0;
      ImGui::SameLine(0, 24.0f);
      ImGui::TextUnformatted(trf(S::WNumErrorLine, {num("%.3g", err), num("%.3g", rel)}).c_str());
    } else if (std::isinf(v) && std::isfinite(typed_)) {
      ImGui::PushStyleColor(ImGuiCol_Text, pal.warning);
      ImGui::TextUnformatted(trf(S::WNumOverflowLine, {s.name, num("%.6g", format_max(f))}).c_str());
      ImGui::PopStyleColor();
    }
    if (std::isfinite(v))
      ImGui::TextUnformatted(trf(S::WNumNeighbours, {num("%.9g", x.next_down), num("%.9g", x.next_up), num("%.3g", x.ulp)}).c_str());
    if (x.cls == FloatClass::Zero && typed_ != 0 && std::isfinite(typed_)) {
      ImGui::PushStyleColor(ImGuiCol_Text, pal.warning);
      ImGui::TextUnformatted(trf(S::WNumUnderflowLine, {s.name, num("%.3g", format_min_subnormal(f))}).c_str());
      ImGui::PopStyleColor();
    }
    ImGui::PopFont();
    ImGui::Spacing();
  }

  static S class_label(FloatClass c) {
    static const S kLabels[] = {S::WNumClassZero, S::WNumClassSubnormal, S::WNumClassNormal, S::WNumClassInf,
                                S::WNumClassNan};
    return kLabels[static_cast<int>(c)];
  }

  // Each format's range on a log10 axis: subnormals (light), normals (solid), the typed value.
  void draw_range_chart() {
    ImGui::PushFont(fonts().h3);
    ImGui::TextUnformatted(tr(S::WNumRangeHeading));
    ImGui::PopFont();
    const float w = ImGui::GetContentRegionAvail().x;
    const float label_w = 56.0f, row_h = 26.0f, axis_h = 22.0f;
    const float lo = -46.0f, hi = 40.0f;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float plot_w = std::max(120.0f, w - label_w - 8.0f);
    ImGui::Dummy(ImVec2(w, kFloatFormatCount * row_h + axis_h + 4));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Palette& pal = palette();
    auto X = [&](double l10) { return p0.x + label_w + static_cast<float>((l10 - lo) / (hi - lo)) * plot_w; };
    for (int e = -40; e <= 40; e += 10) {
      const float x = X(e);
      dl->AddLine(ImVec2(x, p0.y), ImVec2(x, p0.y + kFloatFormatCount * row_h), pal.grid);
      const std::string t = "1e" + std::to_string(e);
      ImGui::PushFont(fonts().small);
      const float tw = ImGui::CalcTextSize(t.c_str()).x;
      dl->AddText(ImVec2(x - tw / 2, p0.y + kFloatFormatCount * row_h + 3), pal.text_dim, t.c_str());
      ImGui::PopFont();
    }
    for (int k = 0; k < kFloatFormatCount; ++k) {
      const FloatFormat f = static_cast<FloatFormat>(k);
      const float y = p0.y + k * row_h;
      dl->AddText(ImVec2(p0.x, y + 5), pal.text, float_format_spec(f).name);
      const float a = X(std::log10(format_min_subnormal(f))), b = X(std::log10(format_min_normal(f))),
                  c = X(std::log10(format_max(f)));
      dl->AddRectFilled(ImVec2(a, y + 6), ImVec2(b, y + row_h - 6), with_alpha(pal.series[k], 0.35f), 2.0f);
      dl->AddRectFilled(ImVec2(b, y + 4), ImVec2(c, y + row_h - 4), with_alpha(pal.series[k], 0.9f), 2.0f);
    }
    if (valid_ && std::isfinite(typed_) && typed_ != 0) {
      const float x = X(std::clamp(std::log10(std::fabs(typed_)), static_cast<double>(lo), static_cast<double>(hi)));
      dl->AddLine(ImVec2(x, p0.y - 2), ImVec2(x, p0.y + kFloatFormatCount * row_h + 2), pal.accent, 2.0f);
    }
    ImGui::PushFont(fonts().small);
    for (int k = 0; k < kFloatFormatCount; ++k) {
      const FloatFormat f = static_cast<FloatFormat>(k);
      const FloatFormatSpec& s = float_format_spec(f);
      ImGui::TextUnformatted(trf(S::WNumRangeLine, {s.name, num("%.3g", format_min_subnormal(f)), num("%.3g", format_min_normal(f)),
                                                    num("%.5g", format_max(f)), num("%.3g", format_epsilon(f)),
                                                    num("%.1f", (s.man_bits + 1) * std::log10(2.0))})
                                 .c_str());
    }
    ImGui::TextDisabled("%s", tr(S::WNumRangeNote));
    ImGui::PopFont();
  }

  void draw_loss_scaling() {
    ImGui::PushFont(fonts().h3);
    ImGui::TextUnformatted(tr(S::WNumScalingHeading));
    ImGui::PopFont();
    const float cw = std::clamp(ImGui::GetContentRegionAvail().x - 200.0f, 120.0f, 220.0f);
    params_.control("scale", cw);
    ImGui::SameLine();
    ImGui::TextUnformatted(trf(S::WNumScaleIs, {num("%.0f", std::ldexp(1.0, scale_exp_))}).c_str());
    params_.control("gc", cw);
    if (ImGui::GetContentRegionAvail().x > 600) ImGui::SameLine(0, 18);
    params_.control("gs", cw);
    compute_if_changed();

    // histogram of log10 |g| for the seeded gradients, with fp16's regions at this scale
    std::vector<int> bins(kHistBins, 0);
    for (float g : grads_) {
      if (g == 0) continue;
      const float l = std::log10(std::fabs(g));
      const int b = static_cast<int>((l - kHistLo) / (kHistHi - kHistLo) * kHistBins);
      if (b >= 0 && b < kHistBins) ++bins[b];
    }
    const int top = std::max(1, *std::max_element(bins.begin(), bins.end()));
    const float w = ImGui::GetContentRegionAvail().x, h = 150.0f, axis_h = 20.0f;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(w, h + axis_h + 4));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Palette& pal = palette();
    auto X = [&](double l10) {
      return p0.x + static_cast<float>(std::clamp((l10 - kHistLo) / (kHistHi - kHistLo), 0.0, 1.0)) * w;
    };
    dl->AddRectFilled(p0, ImVec2(p0.x + w, p0.y + h), pal.plot_bg);
    const double scale = std::ldexp(1.0, scale_exp_);
    // |g| * scale below half the smallest subnormal rounds to 0; below the smallest normal is subnormal;
    // above the largest finite (plus half an ulp: 65520) is inf.
    const double under = std::log10(format_min_subnormal(FloatFormat::FP16) / 2.0 / scale);
    const double sub = std::log10(format_min_normal(FloatFormat::FP16) / scale);
    const double over = std::log10(65520.0 / scale);
    dl->AddRectFilled(ImVec2(p0.x, p0.y), ImVec2(X(under), p0.y + h), with_alpha(pal.error, 0.25f));
    dl->AddRectFilled(ImVec2(X(under), p0.y), ImVec2(X(sub), p0.y + h), with_alpha(pal.warning, 0.2f));
    dl->AddRectFilled(ImVec2(X(over), p0.y), ImVec2(p0.x + w, p0.y + h), with_alpha(pal.error, 0.25f));
    const float bw = w / kHistBins;
    for (int b = 0; b < kHistBins; ++b) {
      const float bh = (h - 18.0f) * bins[b] / top;
      dl->AddRectFilled(ImVec2(p0.x + b * bw + 1, p0.y + h - bh), ImVec2(p0.x + (b + 1) * bw - 1, p0.y + h), pal.series[0]);
    }
    ImGui::PushFont(fonts().small);
    for (int e = static_cast<int>(kHistLo); e <= static_cast<int>(kHistHi); e += 2) {
      const std::string t = "1e" + std::to_string(e);
      const float x = X(e), tw = ImGui::CalcTextSize(t.c_str()).x;
      dl->AddLine(ImVec2(x, p0.y + h), ImVec2(x, p0.y + h + 4), pal.text_dim);
      dl->AddText(ImVec2(std::clamp(x - tw / 2, p0.x, p0.x + w - tw), p0.y + h + 4), pal.text_dim, t.c_str());
    }
    const char* un = tr(S::WNumHistUnder);
    dl->AddText(ImVec2(p0.x + 6, p0.y + 4), pal.text, un);
    // the overflow label at the right edge (over the overflow region's start when it is narrower than
    // the label), below the underflow label when both do not fit side by side
    const char* ov = tr(S::WNumHistOver);
    const float ow = ImGui::CalcTextSize(ov).x, ox = p0.x + w - ow - 6;
    const float oy = ox < p0.x + 6 + ImGui::CalcTextSize(un).x + 12 ? p0.y + 4 + ImGui::GetTextLineHeight() : p0.y + 4;
    if (X(over) < p0.x + w - 10) dl->AddText(ImVec2(ox, oy), pal.text, ov);
    ImGui::TextUnformatted(tr(S::WNumHistAxis));
    ImGui::PopFont();

    // the counts and GradScaler's verdict, for FP16 and BF16
    for (int k = 0; k < 2; ++k) {
      const LossScaleSim& s = sim_[k];
      ImGui::TextUnformatted(trf(S::WNumSimLine, {k == 0 ? "FP16" : "BF16", std::to_string(s.underflow),
                                                  std::to_string(s.subnormal), std::to_string(s.normal),
                                                  std::to_string(s.overflow), std::to_string(kGradients)})
                                 .c_str());
      ImGui::PushStyleColor(ImGuiCol_Text, s.skipped ? pal.error : pal.success);
      ImGui::TextUnformatted(s.skipped ? trf(S::WNumSimSkipped, {num("%.0f", scale_after_[k])}).c_str()
                                       : tr(S::WNumSimApplied));
      ImGui::PopStyleColor();
    }
    ImGui::PushFont(fonts().small);
    ImGui::TextDisabled("%s", tr(S::WNumSimNote));
    ImGui::PopFont();
  }

  std::string text_ = "0.1";
  int scale_exp_ = 10, seed_ = 1;
  float grad_center_ = -6.0f, grad_spread_ = 1.5f;
  Params computed_for_;
  std::string error_;
  bool valid_ = false;
  double typed_ = 0;
  FloatFields fields_[kFloatFormatCount];
  std::vector<float> grads_;
  LossScaleSim sim_[2];
  float scale_after_[2] = {0, 0};
};

}  // namespace

TMX_REGISTER_WIDGET(NumberFormatsWidget, "number-formats", "Number formats",
                    "A number's bits in FP32, FP16 and BF16 (click to flip), range and precision, and loss scaling on a gradient histogram.");

}  // namespace tmx::ui
