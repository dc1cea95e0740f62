#include "ui/controls.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/a11y.h"
#include "ui/i18n.h"

namespace tmx::ui {

namespace {
std::string shown(const char* label) {
  const std::string s = label ? label : "";
  const size_t hide = s.find("##");
  return hide == std::string::npos ? s : s.substr(0, hide);
}
std::string name_or_label(const std::string& name, const char* label) { return name.empty() ? shown(label) : name; }
std::string format(const char* fmt, double v, bool integer) {
  char b[64];
  if (integer) std::snprintf(b, sizeof b, fmt && *fmt ? fmt : "%d", static_cast<int>(v));
  else std::snprintf(b, sizeof b, fmt && *fmt ? fmt : "%.3f", v);
  return b;
}
}  // namespace

bool slider_int(const char* label, int* v, int lo, int hi, const char* fmt, ImGuiSliderFlags flags) {
  double from_page = 0;
  bool changed = false;
  if (a11y::take_value(ImGui::GetID(label), from_page)) {
    *v = static_cast<int>(std::lround(std::clamp(from_page, static_cast<double>(lo), static_cast<double>(hi))));
    changed = true;
  }
  changed |= ImGui::SliderInt(label, v, lo, hi, fmt, flags);
  a11y::slider(shown(label), *v, lo, hi, 1.0, format(fmt, *v, true));
  return changed;
}

bool drag_float(const char* label, float* v, float speed, float lo, float hi, const char* fmt, ImGuiSliderFlags flags,
                const std::string& name) {
  double from_page = 0;
  bool changed = false;
  if (a11y::take_value(ImGui::GetID(label), from_page) && std::isfinite(from_page)) {
    *v = static_cast<float>(lo < hi ? std::clamp(from_page, static_cast<double>(lo), static_cast<double>(hi)) : from_page);
    changed = true;
  }
  changed |= ImGui::DragFloat(label, v, speed, lo, hi, fmt, flags);
  // The arrow keys move it by ten drag steps (a drag's speed is per pixel).
  a11y::slider(name_or_label(name, label), *v, lo, hi, std::max(1e-6, 10.0 * speed), format(fmt, *v, false));
  return changed;
}

bool arrow_button(const char* id, ImGuiDir dir, const std::string& name) {
  const bool pressed = ImGui::ArrowButton(id, dir);
  a11y::button(!name.empty() ? name : tr(dir == ImGuiDir_Left || dir == ImGuiDir_Up ? S::A11yPrevious : S::A11yNext));
  return pressed;
}

bool radio_button(const char* label, bool active) {
  const bool pressed = ImGui::RadioButton(label, active);
  a11y::button(label, active ? 1 : 0);
  return pressed;
}

bool radio_button(const char* label, int* v, int value) {
  const bool pressed = radio_button(label, *v == value);
  if (pressed) *v = value;
  return pressed;
}

bool input_text(const char* label, char* buf, size_t size, ImGuiInputTextFlags flags, const std::string& name) {
  const bool changed = ImGui::InputText(label, buf, size, flags);
  a11y::text_field(!name.empty() ? name : shown(label).empty() ? std::string(tr(S::A11yTextBox)) : shown(label), buf);
  return changed;
}

bool begin_combo(const char* label, const char* preview, ImGuiComboFlags flags) {
  const ImGuiID id = ImGui::GetID(label);
  const bool open = ImGui::BeginCombo(label, preview, flags);
  // ImGui's last item is the list's window while it is open: the record names the combo's id.
  const std::string l = shown(label);
  a11y::button_for(id, l.empty() ? std::string(preview) : l + ": " + preview);
  return open;
}

}  // namespace tmx::ui
