#include "ui/widget.h"

#include <imgui.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "ui/i18n.h"
#include "ui/theme.h"

namespace tmx::ui {

std::string param_get(const Params& p, const std::string& key, const std::string& def) {
  for (const auto& kv : p)
    if (kv.first == key) return kv.second;
  return def;
}

static bool parse_float(const std::string& s, float& out) {
  if (s.empty() || s.size() > 64) return false;
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != 0) return false;
  out = static_cast<float>(v);  // may be inf/nan: callers check
  return true;
}

bool parse_finite_float(const std::string& s, float& out) {
  float v = 0;
  if (s.size() > 40 || !parse_float(s, v) || !std::isfinite(v)) return false;
  out = std::max(-1e30f, std::min(1e30f, v));
  return true;
}

float param_float(const Params& p, const std::string& key, float def, float lo, float hi,
                  std::vector<std::string>& warnings) {
  const std::string s = param_get(p, key);
  if (s.empty()) return def;
  float v;
  if (!parse_float(s, v) || std::isnan(v)) {
    warnings.push_back("'" + key + "' is not a number; using " + format_float(def) + ".");
    return def;
  }
  if (v < lo || v > hi) {
    const float c = std::clamp(v, lo, hi);
    warnings.push_back("'" + key + "' = " + s.substr(0, 24) + " is outside [" + format_float(lo) + ", " +
                       format_float(hi) + "]; clamped to " + format_float(c) + ".");
    return c;
  }
  return v;
}

int param_int(const Params& p, const std::string& key, int def, int lo, int hi, std::vector<std::string>& warnings) {
  const float v = param_float(p, key, static_cast<float>(def), static_cast<float>(lo), static_cast<float>(hi), warnings);
  return static_cast<int>(std::lround(v));
}

std::vector<float> param_floats(const Params& p, const std::string& key, const std::vector<float>& def,
                                size_t max_count, float lo, float hi, std::vector<std::string>& warnings) {
  const std::string s = param_get(p, key);
  if (s.empty()) return def;
  std::vector<float> out;
  size_t start = 0;
  bool bad = false, clamped = false;
  while (start <= s.size()) {
    const size_t comma = s.find(',', start);
    const std::string item = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    float v;
    if (!parse_float(item, v) || std::isnan(v)) {
      bad = true;
    } else {
      if (v < lo || v > hi) clamped = true;
      out.push_back(std::clamp(v, lo, hi));
    }
    if (out.size() > max_count) break;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (out.size() > max_count) {
    out.resize(max_count);
    warnings.push_back("'" + key + "' has more than " + std::to_string(max_count) + " values; extra ones dropped.");
  }
  if (bad) warnings.push_back("'" + key + "' contains entries that are not numbers; they were skipped.");
  if (clamped)
    warnings.push_back("'" + key + "' has values outside [" + format_float(lo) + ", " + format_float(hi) +
                       "]; they were clamped.");
  if (out.empty()) {
    warnings.push_back("'" + key + "' has no usable values; using the defaults.");
    return def;
  }
  return out;
}

std::string format_float(float v) {
  char buf[64];
  const float a = std::fabs(v);
  if (a == 0.0f || (a >= 1e-4f && a < 1e7f)) {  // plain decimals read better in URLs and warnings
    for (int decimals = 0; decimals <= 9; ++decimals) {
      std::snprintf(buf, sizeof buf, "%.*f", decimals, static_cast<double>(v));
      if (std::strtof(buf, nullptr) == v) return buf;
    }
  }
  for (int prec = 1; prec <= 9; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, static_cast<double>(v));
    if (std::strtof(buf, nullptr) == v) break;
  }
  return buf;
}

std::string format_floats(const std::vector<float>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + format_float(v[i]);
  return s;
}

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
