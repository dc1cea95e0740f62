// Widget parameters without any drawing: parsing, clamping and warnings for one value
// (param_float, param_int, param_floats), formatting for links, and ParamSpecs' declaration,
// apply() and values(). Kept free of ImGui so the fuzz target (tests/fuzz/fuzz_widget_params.cpp)
// builds it on its own; ParamSpecs::control(), the default controls, is in widget.cpp.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/tokenizer/utf8.h"
#include "ui/i18n.h"
#include "ui/widget.h"

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
    warnings.push_back(trf(S::ParamNotNumber, {key, format_float(def)}));
    return def;
  }
  if (v < lo || v > hi) {
    const float c = std::clamp(v, lo, hi);
    warnings.push_back(trf(S::ParamOutside, {key, tok::utf8_printable(s, 24), format_float(lo), format_float(hi), format_float(c)}));
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
    warnings.push_back(trf(S::ParamTooMany, {key, std::to_string(max_count)}));
  }
  if (bad) warnings.push_back(trf(S::ParamNotNumbers, {key}));
  if (clamped) warnings.push_back(trf(S::ParamListClamped, {key, format_float(lo), format_float(hi)}));
  if (out.empty()) {
    warnings.push_back(trf(S::ParamNoValues, {key}));
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

//-----------------------------------------------------------------------------
// Declared parameters
//-----------------------------------------------------------------------------
ParamSpec& ParamSpecs::add(ParamSpec s) {
  specs_.push_back(std::move(s));
  return specs_.back();
}

const ParamSpec* ParamSpecs::find(const std::string& key) const {
  for (const auto& s : specs_)
    if (s.key == key) return &s;
  return nullptr;
}

ParamSpec& ParamSpecs::real(const char* key, float* m, float def, float lo, float hi, S label) {
  *m = def;
  ParamSpec s;
  s.key = key, s.kind = ParamKind::Real, s.label = label, s.lo = lo, s.hi = hi, s.def = format_float(def);
  s.real = m;
  s.get = [m] { return format_float(*m); };
  s.set = [m](const std::string& v) { *m = std::strtof(v.c_str(), nullptr); };
  return add(std::move(s));
}

ParamSpec& ParamSpecs::integer(const char* key, int* m, int def, int lo, int hi, S label) {
  *m = def;
  ParamSpec s;
  s.key = key, s.kind = ParamKind::Int, s.label = label, s.lo = static_cast<float>(lo), s.hi = static_cast<float>(hi);
  s.def = std::to_string(def);
  s.integer = m;
  s.get = [m] { return std::to_string(*m); };
  s.set = [m](const std::string& v) { *m = std::atoi(v.c_str()); };
  return add(std::move(s));
}

ParamSpec& ParamSpecs::flag(const char* key, bool* m, bool def, S label) {
  *m = def;
  ParamSpec s;
  s.key = key, s.kind = ParamKind::Bool, s.label = label, s.lo = 0, s.hi = 1, s.def = def ? "1" : "0";
  s.flag = m;
  s.get = [m] { return std::string(*m ? "1" : "0"); };
  s.set = [m](const std::string& v) { *m = v == "1"; };
  return add(std::move(s));
}

ParamSpec& ParamSpecs::reals(const char* key, std::vector<float>* m, std::vector<float> def, size_t min_count,
                             size_t max_count, float lo, float hi, S label) {
  *m = def;
  ParamSpec s;
  s.key = key, s.kind = ParamKind::Reals, s.label = label, s.lo = lo, s.hi = hi;
  s.min_count = min_count, s.max_count = max_count, s.def = format_floats(def);
  s.reals = m;
  s.get = [m] { return format_floats(*m); };
  s.set = [m](const std::string& v) {
    std::vector<std::string> ignored;
    *m = param_floats({{"v", v}}, "v", {}, 1u << 20, -1e30f, 1e30f, ignored);
  };
  return add(std::move(s));
}

ParamSpec& ParamSpecs::text(const char* key, std::string* m, std::string def, size_t max_bytes, S label) {
  *m = def;
  ParamSpec s;
  s.key = key, s.kind = ParamKind::Text, s.label = label, s.max_count = max_bytes, s.def = def;
  s.text = m;
  s.get = [m] { return *m; };
  s.set = [m](const std::string& v) { *m = v; };
  return add(std::move(s));
}

ParamSpec& ParamSpecs::choice_index(const char* key, std::function<int()> get, std::function<void(int)> set, int def,
                                    std::vector<ParamChoice> choices, S label) {
  set(def);
  ParamSpec s;
  s.key = key, s.kind = ParamKind::Choice, s.label = label, s.choices = std::move(choices);
  s.lo = 0, s.hi = static_cast<float>(s.choices.size()) - 1;
  s.def = s.choices.at(static_cast<size_t>(def)).value;
  s.choice_get = get;
  s.choice_set = set;
  const auto ch = s.choices;
  s.get = [get, ch] {
    const int i = get();
    return std::string(i >= 0 && i < static_cast<int>(ch.size()) ? ch[static_cast<size_t>(i)].value : ch[0].value);
  };
  s.set = [set, ch](const std::string& v) {
    for (size_t i = 0; i < ch.size(); ++i)
      if (v == ch[i].value) set(static_cast<int>(i));
  };
  return add(std::move(s));
}

namespace {
std::string choice_values(const ParamSpec& s) {
  std::string out;
  for (const auto& c : s.choices) out += (out.empty() ? "" : ", ") + std::string(c.value);
  return out;
}
}  // namespace

void ParamSpecs::apply(const Params& p, std::vector<std::string>& w) const {
  for (const auto& kv : p)
    if (!find(kv.first)) {
      std::string keys;
      for (const auto& s : specs_) keys += (keys.empty() ? "" : ", ") + s.key;
      w.push_back(trf(S::ParamUnknown, {tok::utf8_printable(kv.first, 24), keys}));
    }
  for (const auto& s : specs_) {
    const std::string raw = param_get(p, s.key);
    switch (s.kind) {
      case ParamKind::Real: {
        const float d = std::strtof(s.def.c_str(), nullptr);
        *s.real = param_float(p, s.key, d, s.lo, s.hi, w);
        break;
      }
      case ParamKind::Int:
        *s.integer = param_int(p, s.key, std::atoi(s.def.c_str()), static_cast<int>(s.lo), static_cast<int>(s.hi), w);
        break;
      case ParamKind::Bool:
        if (raw.empty()) *s.flag = s.def == "1";
        else if (raw == "1" || raw == "true") *s.flag = true;
        else if (raw == "0" || raw == "false") *s.flag = false;
        else {
          *s.flag = s.def == "1";
          w.push_back(trf(S::ParamNotOption, {s.key, tok::utf8_printable(raw, 20), "0, 1", s.def}));
        }
        break;
      case ParamKind::Reals: {
        std::vector<float> d;
        s.set(s.def);
        d = *s.reals;
        std::vector<float> v = param_floats(p, s.key, d, s.max_count, s.lo, s.hi, w);
        if (v.size() < s.min_count) {
          w.push_back(trf(S::ParamTooFew, {s.key, std::to_string(s.min_count)}));
          v = d;
        }
        *s.reals = v;
        break;
      }
      case ParamKind::Text: {
        std::string v = raw.empty() && !std::any_of(p.begin(), p.end(), [&](const auto& kv) { return kv.first == s.key; })
                            ? s.def
                            : raw;
        if (!tok::utf8_valid(v)) {  // shown and re-linked as text: never keep bytes that are not UTF-8
          v = tok::utf8_sanitize(v);
          w.push_back(trf(S::ParamNotUtf8, {s.key}));
        }
        if (v.size() > s.max_count) {
          size_t n = s.max_count;
          while (n > 0 && (static_cast<unsigned char>(v[n]) & 0xC0) == 0x80) --n;  // keep whole UTF-8 characters
          v.resize(n);
          w.push_back(trf(S::ParamTooLong, {s.key, std::to_string(s.max_count)}));
        }
        *s.text = v;
        break;
      }
      case ParamKind::Choice: {
        s.set(s.def);
        if (raw.empty()) break;
        bool ok = false;
        for (const auto& c : s.choices) ok |= raw == c.value;
        if (ok) s.set(raw);
        else w.push_back(trf(S::ParamNotOption, {s.key, tok::utf8_printable(raw, 20), choice_values(s), s.def}));
        break;
      }
    }
  }
}

Params ParamSpecs::values() const {
  Params out;
  for (const auto& s : specs_) {
    std::string v = s.get();
    if (s.omit_default && v == s.def) continue;
    out.emplace_back(s.key, std::move(v));
  }
  return out;
}

}  // namespace tmx::ui
