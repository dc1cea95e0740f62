#include "ui/widget.h"

#include <imgui.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/tokenizer/utf8.h"
#include "ui/i18n.h"
#include "ui/theme.h"
#include "ui/touch.h"
#include "ui/fonts.h"

namespace tmx::ui {

bool ParamSpecs::control(const std::string& key, float width) const {
  const ParamSpec* s = find(key);
  if (!s) return false;
  ImGui::PushID(s->key.c_str());
  const char* label = tr(s->label);
  bool changed = false;
  ImGui::SetNextItemWidth(width);
  switch (s->kind) {
    case ParamKind::Real:
      changed = ImGui::SliderFloat(label, s->real, s->lo, s->hi, s->hi - s->lo < 5 ? "%.3f" : "%.2f",
                                   (s->log_scale ? ImGuiSliderFlags_Logarithmic : 0) | ImGuiSliderFlags_AlwaysClamp);
      if (!std::isfinite(*s->real)) *s->real = std::strtof(s->def.c_str(), nullptr);
      *s->real = std::clamp(*s->real, s->lo, s->hi);  // Ctrl+click typing can be anything
      break;
    case ParamKind::Int:
      if (s->hi - s->lo <= 1000) {
        changed = ImGui::SliderInt(label, s->integer, static_cast<int>(s->lo), static_cast<int>(s->hi), "%d",
                                   ImGuiSliderFlags_AlwaysClamp);
      } else {
        changed = ImGui::InputInt(label, s->integer);
      }
      *s->integer = std::clamp(*s->integer, static_cast<int>(s->lo), static_cast<int>(s->hi));
      break;
    case ParamKind::Bool:
      changed = ImGui::Checkbox(label, s->flag);
      break;
    case ParamKind::Choice: {
      const int cur = s->choice_get();
      const char* preview = cur >= 0 && cur < static_cast<int>(s->choices.size()) ? tr(s->choices[cur].label) : "?";
      if (ImGui::BeginCombo(label, preview)) {
        for (size_t i = 0; i < s->choices.size(); ++i)
          if (ImGui::Selectable(tr(s->choices[i].label), static_cast<int>(i) == cur, 0, ui::selectable_size())) {
            s->choice_set(static_cast<int>(i));
            changed = true;
          }
        ImGui::EndCombo();
      }
      break;
    }
    case ParamKind::Reals: {
      ImGui::TextUnformatted(label);
      for (size_t i = 0; i < s->reals->size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::SetNextItemWidth(width);
        float& v = (*s->reals)[i];
        changed |= ImGui::DragFloat("##v", &v, 0.02f, s->lo, s->hi, "%.2f", ImGuiSliderFlags_AlwaysClamp);
        if (!std::isfinite(v)) v = 0.0f;
        v = std::clamp(v, s->lo, s->hi);
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
    ImGui::TextWrapped("%s: %s", tr(S::Warning), w.c_str());
  }
  ImGui::PopStyleColor();
}

}  // namespace tmx::ui
