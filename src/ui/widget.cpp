#include "ui/widget.h"

#include <imgui.h>
#include <imgui_internal.h>  // SetLastItemData

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/tokenizer/utf8.h"
#include "ui/a11y.h"
#include "ui/cjk_wrap.h"
#include "ui/fit.h"
#include "ui/i18n.h"
#include "ui/theme.h"
#include "ui/touch.h"
#include "ui/fonts.h"

namespace tmx::ui {

namespace {
// A step of 1, 2 or 5 x 10^k near a hundredth of the range: what an arrow key moves a slider by in
// the page's DOM mirror (ui/a11y.h).
double arrow_step(double lo, double hi) {
  const double raw = (hi - lo) / 100.0;
  if (!(raw > 0)) return 1.0;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  return raw / p < 1.5 ? p : raw / p < 3.5 ? 2 * p : raw / p < 7.5 ? 5 * p : 10 * p;
}
std::string shown(const char* fmt, double v) {
  char b[48];
  std::snprintf(b, sizeof b, fmt, v);
  return b;
}
}  // namespace

bool ParamSpecs::control(const std::string& key, float width) const {
  const ParamSpec* s = find(key);
  if (!s) return false;
  ImGui::PushID(s->key.c_str());
  const char* label = tr(s->label);
  bool changed = false;
  if (s->kind != ParamKind::Reals) {
    // After SameLine(): on the next line when the control, its label and its (?) do not fit; in a
    // narrow column the control gives up width so that its label fits beside it (ui/fit.h).
    const ImGuiStyle& st = ImGui::GetStyle();
    const float label_w = ImGui::CalcTextSize(label, nullptr, true).x;
    const float extra = (label_w > 0 ? st.ItemInnerSpacing.x + label_w : 0.0f) +
                        (s->help ? st.ItemSpacing.x + ImGui::CalcTextSize("(?)").x : 0.0f);
    const bool box = s->kind == ParamKind::Bool;
    // A typed integer's - and + buttons are finger-sized on touch screens: keep room for its digits.
    if (s->kind == ParamKind::Int && s->hi - s->lo > 1000 && finger_min_height() > 0)
      width = std::max(width, 64.0f + 2.0f * (ImGui::GetFrameHeight() + st.ItemInnerSpacing.x));
    new_line_unless_fits((box ? ImGui::GetFrameHeight() : width) + extra);
    const float room = ImGui::GetContentRegionAvail().x - extra;
    if (!box && narrow_screen() && room < width) width = std::max(room, 80.0f);
  }
  ImGui::SetNextItemWidth(width);
  // A value the page's DOM mirror of this control set (ui/a11y.h) is an edit like a drag.
  double from_page = 0;
  const bool paged = a11y::take_value(ImGui::GetID(label), from_page);
  switch (s->kind) {
    case ParamKind::Real: {
      const char* fmt = s->hi - s->lo < 5 ? "%.3f" : "%.2f";
      if (paged) *s->real = static_cast<float>(from_page), changed = true;
      changed |= ImGui::SliderFloat(label, s->real, s->lo, s->hi, fmt,
                                    (s->log_scale ? ImGuiSliderFlags_Logarithmic : 0) | ImGuiSliderFlags_AlwaysClamp);
      if (!std::isfinite(*s->real)) *s->real = std::strtof(s->def.c_str(), nullptr);
      *s->real = std::clamp(*s->real, s->lo, s->hi);  // Ctrl+click typing can be anything
      a11y::slider(label, *s->real, s->lo, s->hi, arrow_step(s->lo, s->hi), shown(fmt, *s->real));
      break;
    }
    case ParamKind::Int:
      if (paged) *s->integer = static_cast<int>(std::lround(std::clamp(from_page, -2e9, 2e9))), changed = true;
      if (s->hi - s->lo <= 1000) {
        changed |= ImGui::SliderInt(label, s->integer, static_cast<int>(s->lo), static_cast<int>(s->hi), "%d",
                                    ImGuiSliderFlags_AlwaysClamp);
      } else {
        // InputInt's field is an item inside it (id of "" under the label): the page's record and
        // value go to that field.
        ImGui::PushID(label);
        const ImGuiID field = ImGui::GetID("");
        ImGui::PopID();
        if (a11y::take_value(field, from_page)) {
          *s->integer = static_cast<int>(std::lround(std::clamp(from_page, -2e9, 2e9)));
          changed = true;
        }
        changed |= ImGui::InputInt(label, s->integer);
        ImGuiContext& g = *GImGui;
        ImGui::SetLastItemData(field, g.LastItemData.InFlags, g.LastItemData.StatusFlags, g.LastItemData.Rect);
      }
      *s->integer = std::clamp(*s->integer, static_cast<int>(s->lo), static_cast<int>(s->hi));
      a11y::slider(label, *s->integer, s->lo, s->hi, std::max(1.0, std::round(arrow_step(s->lo, s->hi))),
                   std::to_string(*s->integer));
      break;
    case ParamKind::Bool:
      changed = ImGui::Checkbox(label, s->flag);
      a11y::checkbox(label, *s->flag);
      break;
    case ParamKind::Choice: {
      if (paged && from_page >= 0 && from_page < static_cast<double>(s->choices.size())) {
        s->choice_set(static_cast<int>(from_page));
        changed = true;
      }
      const int cur = s->choice_get();
      const char* preview = cur >= 0 && cur < static_cast<int>(s->choices.size()) ? tr(s->choices[cur].label) : "?";
      if (ImGui::BeginCombo(label, preview)) {
        for (size_t i = 0; i < s->choices.size(); ++i)
          if (ImGui::Selectable(tr(s->choices[i].label), static_cast<int>(i) == cur, 0, ui::selectable_size())) {
            s->choice_set(static_cast<int>(i));
            changed = true;
          }
        ImGui::EndCombo();
      } else {  // (while ImGui's own list is open, its popup is the last item)
        std::vector<std::string> names;
        for (const ParamChoice& c : s->choices) names.push_back(tr(c.label));
        a11y::choice(label, names, cur);
      }
      break;
    }
    case ParamKind::Reals: {
      ImGui::TextUnformatted(label);
      for (size_t i = 0; i < s->reals->size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::SetNextItemWidth(width);
        float& v = (*s->reals)[i];
        double set = 0;
        if (a11y::take_value(ImGui::GetID("##v"), set)) v = static_cast<float>(set), changed = true;
        changed |= ImGui::DragFloat("##v", &v, 0.02f, s->lo, s->hi, "%.2f", ImGuiSliderFlags_AlwaysClamp);
        if (!std::isfinite(v)) v = 0.0f;
        v = std::clamp(v, s->lo, s->hi);
        a11y::slider(std::string(label) + " " + std::to_string(i + 1), v, s->lo, s->hi, 0.05, shown("%.2f", v));
        ImGui::PopID();
      }
      break;
    }
    case ParamKind::Text: {
      fonts_want_text(*s->text);
      std::vector<char> buf(s->max_count + 1, 0);
      std::snprintf(buf.data(), buf.size(), "%s", s->text->c_str());
      if (ImGui::InputText(label, buf.data(), buf.size())) {
        *s->text = buf.data();
        changed = true;
      }
      a11y::text_field(label, *s->text);
      break;
    }
  }
  if (s->help) {
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(*s->help));
  }
  ImGui::PopID();
  return changed;
}

void Widget::set_params(const Params& p) {
  warnings_.clear();
  params_.apply(p, warnings_);
  after_params();
}

Params Widget::params() const { return params_.values(); }

void Widget::draw_warnings() const {
  if (warnings_.empty()) return;
  const auto& pal = palette();
  ImGui::PushStyleColor(ImGuiCol_Text, pal.warning);
  for (const auto& w : warnings_) {
    ui::text_wrapped(std::string(tr(S::Warning)) + ": " + w);
  }
  ImGui::PopStyleColor();
}

}  // namespace tmx::ui
